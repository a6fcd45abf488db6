"""``mosgraph export``: an RDF file as another RDF syntax, JSON-LD, or a property graph."""

from __future__ import annotations

import io
from pathlib import Path

import click

from ._app import context_option, echo, emit, fail, force_option, handle_errors

__all__ = ["export"]


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, metavar="OUT", help="Output file, or - for "
              "standard output (with --format). The format comes from its extension.")
@click.option("-f", "--format", "fmt", metavar="NAME",
              help="Output format, whatever OUT's extension: turtle, ntriples, nquads, trig, "
              "rdfxml, jsonld, graphml, gexf, cytoscape, csv.")
@click.option("--input-format", metavar="NAME",
              help="Format of FILE when its extension does not say (turtle, ntriples, ...).")
@click.option("--context-iri", metavar="IRI",
              help="JSON-LD: refer to mosgraph's context by this absolute IRI (for example "
              "https://w3id.org/mosgraph/context.jsonld) instead of embedding it.")
@click.option("--union", is_flag=True,
              help="Write the union of FILE's named graphs to a format that holds one graph "
              "(Turtle, N-Triples, RDF/XML); without it such a FILE is refused.")
@force_option
@context_option
@handle_errors
def export(file: Path, output: str, fmt: str | None, input_format: str | None,
           context_iri: str | None, union: bool, force: bool) -> None:
    """Export the RDF data in FILE as another RDF syntax, JSON-LD or a property graph.

    \b
    RDF:             .ttl .nt .nq .trig .rdf .jsonld  (byte-identical for the same triples;
                     named graphs kept in .nq .trig .jsonld)
    Property graphs: .graphml .gexf (Gephi, Cytoscape), .cyjs (Cytoscape.js JSON),
                     .csv (writes OUT-STEM.nodes.csv and OUT-STEM.edges.csv)

    JSON-LD is compacted with mosgraph's context, so keys read as plain words (name,
    memberOf, representing, meeting); the context is embedded, so the file is
    self-contained. Nothing is written when anything fails.

    \b
    Example:
        mosgraph build -o mosgraph.ttl
        mosgraph export mosgraph.ttl -o mosgraph.jsonld
        mosgraph export mosgraph.ttl -o gephi/mosgraph.gexf
        mosgraph export mosgraph.ttl -o tables.csv
        mosgraph export mosgraph.ttl -o - --format nt | sort | head
    """
    from ..export import export_graph
    from ..formats import by_name, for_path
    from ..jsonld import check_context_iri
    from ..output import check_target
    from ..rdfio import convert, read

    to_stdout = output == "-"
    if to_stdout and not fmt:
        fail("-o - needs --format (there is no file extension to go by)")
    chosen = by_name(fmt) if fmt else for_path(output)
    if to_stdout and not chosen.is_rdf:
        fail(f"{chosen.name} is written to files, not to standard output: give -o a file name")
    if context_iri is not None:
        check_context_iri(context_iri)
    if not to_stdout and chosen.name != "csv":  # CSV: the two tables are checked as written
        check_target(output)
    source_format = by_name(input_format, rdf_only=True) if input_format else None
    if chosen.is_rdf:
        if to_stdout:
            buffer = io.BytesIO()
            convert(file, buffer, chosen, source_format=source_format,
                    context_iri=context_iri, union=union)
            emit(buffer.getvalue())
            return
        count = convert(file, output, chosen, source_format=source_format,
                        context_iri=context_iri, union=union)
        written = [Path(output)]
    else:
        data = read(file, source_format)
        count = len(data.quads)
        written = export_graph(data, output, chosen, force=force)
    echo(f"mosgraph: wrote {count} statements as {chosen.name}: "
         f"{', '.join(str(p) for p in written)}", err=True)
