"""``mosgraph catalog``: a DCAT-AP 3 record, VoID statistics and schema.org for a graph."""

from __future__ import annotations

from pathlib import Path

import click

from ._app import context_option, echo, emit, force_option, handle_errors

__all__ = ["catalog"]


@click.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("catalog.ttl"),
              show_default=True, help="DCAT record; RDF format from the extension. The VoID "
              "description (STEM.void.EXT) and schema.org JSON-LD (STEM.schema.jsonld) are "
              "written beside it.")
@click.option("--base-url", required=True, metavar="URL",
              help="Where the files are published; every IRI of the record is minted under "
              "it, and each distribution is downloaded from URL/FILE-NAME.")
@click.option("--distribution", "distributions", multiple=True, metavar="FILE",
              type=click.Path(path_type=Path),
              help="A file of the graph that is published (repeat for each); its size and "
              "SHA-256 are read from the file.")
@click.option("--endpoint", metavar="URL", help="URL of a SPARQL endpoint serving the graph.")
@click.option("--issued", metavar="DATE",
              help="Issue date, YYYY-MM-DD (default: the first meeting in the graph).")
@click.option("--modified", metavar="DATE",
              help="Modification date, YYYY-MM-DD (default: the issue date or the last "
              "meeting, whichever is later).")
@click.option("--publisher", metavar="NAME",
              help="Publisher and contact name (default: The mosgraph team, a non-profit "
              "organisation).")
@click.option("--publisher-type", metavar="CODE",
              help="ADMS publisher type of --publisher, e.g. NationalAuthority.")
@click.option("--contact", metavar="EMAIL", help="E-mail address of the contact point.")
@click.option("--license", "license_url", metavar="URL",
              help="Licence of the data (default: CC BY 4.0).")
@click.option("--html", is_flag=True,
              help="Print the schema.org block as <script type=\"application/ld+json\"> on "
              "stdout, to paste into a web page (messages go to stderr).")
@force_option
@context_option
@handle_errors
def catalog(graph: Path, output: Path, base_url: str, distributions: tuple[Path, ...],
            endpoint: str | None, issued: str | None, modified: str | None,
            publisher: str | None, publisher_type: str | None, contact: str | None,
            license_url: str | None, html: bool, force: bool) -> None:
    """Describe a built graph for data catalogues: DCAT-AP 3, VoID and schema.org.

    Writes the DCAT-AP 3 record (catalogue, dataset, one distribution per --distribution
    file, a data service for --endpoint, the source reports), VoID statistics computed from
    GRAPH, and a schema.org Dataset. Same inputs, same bytes: dates come from the graph
    unless given. Exits 2 on bad input, and then writes nothing.

    \b
    Example:
        mosgraph build -o mosgraph.ttl
        mosgraph catalog mosgraph.ttl -o catalog.ttl \\
            --base-url https://data.example.org/mosgraph/ \\
            --distribution mosgraph.ttl --endpoint https://data.example.org/sparql
    """
    from rdflib.namespace import DCTERMS

    from ..catalog import (
        CC_BY_4,
        DEFAULT_PUBLISHER,
        Publisher,
        companion_paths,
        describe,
        write_catalog,
    )
    from ..errors import UsageError
    from ..formats import for_path
    from ..meetings import dated
    from ..output import check_target
    from ..rdfio import load_graph

    for_path(output, rdf_only=True)  # an unknown extension fails before any work
    inputs = {p.resolve() for p in (graph, *distributions)}
    for path in companion_paths(output):
        if path.resolve() in inputs:
            raise UsageError(f"{path} is an input: choose another --output")
        check_target(path)
    if publisher is None and publisher_type is None:
        who = Publisher(DEFAULT_PUBLISHER.name, DEFAULT_PUBLISHER.kind, contact)
    else:
        who = Publisher(publisher or DEFAULT_PUBLISHER.name, publisher_type, contact)
    data = load_graph(graph)
    dated(data, file=graph)  # an invalid meeting date: named with its file and line
    record = describe(
        data,
        base_url=base_url,
        distributions=distributions,
        endpoint=endpoint,
        issued=issued,
        modified=modified,
        publisher=who,
        license=license_url or CC_BY_4,
    )
    paths = write_catalog(record, output, force=force)
    say = (lambda text: echo(text, err=True)) if html else echo
    say(f"wrote {', '.join(str(p) for p in paths)}")
    issued_on = record.dcat.value(record.dataset, DCTERMS.issued)
    say(f"dataset {record.dataset} (issued {issued_on}): {len(distributions)} "
        f"distribution{'s' if len(distributions) != 1 else ''}"
        f"{', 1 SPARQL endpoint' if endpoint else ''}")
    if html:
        emit(record.html().encode("utf-8"))

