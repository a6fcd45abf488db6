"""``mosgraph export``: an RDF file as another RDF syntax, JSON-LD, or a property graph."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ._app import fail, handle_errors

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
              help="JSON-LD: the IRI the document gives as its @context. Default: "
              "context.jsonld, written next to OUT. An absolute IRI is referred to, not "
              "written.")
@click.option("--embed-context", is_flag=True,
              help="JSON-LD: put the context inside the document instead (the default "
              "with -o -).")
@handle_errors
def export(file: Path, output: str, fmt: str | None, input_format: str | None,
           context_iri: str | None, embed_context: bool) -> None:
    """Export the RDF graph in FILE as another RDF syntax, JSON-LD or a property graph.

    \b
    RDF:             .ttl .nt .nq .trig .rdf .jsonld  (byte-identical for the same triples)
    Property graphs: .graphml .gexf (Gephi, Cytoscape), .cyjs (Cytoscape.js JSON),
                     .csv (writes OUT-STEM.nodes.csv and OUT-STEM.edges.csv)

    JSON-LD is compacted with mosgraph's published context, so keys read as plain words
    (name, memberOf, representing, meeting). Nothing is written when anything fails.

    \b
    Example:
        mosgraph build -o mosgraph.ttl
        mosgraph export mosgraph.ttl -o mosgraph.jsonld
        mosgraph export mosgraph.ttl -o gephi/mosgraph.gexf
        mosgraph export mosgraph.ttl -o tables.csv
        mosgraph export mosgraph.ttl -o - --format nt | sort | head
    """
    from ..export import CONTEXT_FILE, export_graph, serialize_rdf
    from ..formats import by_name, for_path
    from ..rdfio import load_graph

    to_stdout = output == "-"
    if to_stdout and not fmt:
        fail("-o - needs --format (there is no file extension to go by)")
    chosen = by_name(fmt) if fmt else for_path(output)
    if to_stdout and not chosen.is_rdf:
        fail(f"{chosen.name} is written to files, not to standard output: give -o a file name")
    graph = load_graph(file, by_name(input_format, rdf_only=True) if input_format else None)
    context: str | None
    if embed_context or (to_stdout and context_iri is None):
        context = None
    else:
        context = context_iri or CONTEXT_FILE
    if to_stdout:
        sys.stdout.buffer.write(serialize_rdf(graph, chosen, context_iri=context))
        sys.stdout.flush()
        return
    try:
        written = export_graph(graph, output, chosen, context_iri=context)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
        return
    click.echo(f"mosgraph: wrote {len(graph)} triples as {chosen.name}: "
               f"{', '.join(str(p) for p in written)}", err=True)
