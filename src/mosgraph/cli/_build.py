"""``mosgraph build``, ``validate`` and ``read``: report in, graph out, checked."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ._app import EXIT_INVALID, EXIT_OK, context_option, echo, emit, handle_errors

__all__ = ["build", "read", "validate"]


@click.command()
@click.argument("reports", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("mosgraph.ttl"),
              show_default=True, help="Graph file; format from the extension "
              "(.ttl, .nt, .nq, .trig, .rdf, .jsonld).")
@click.option("--curation", type=click.Path(path_type=Path),
              help="Curation file to use instead of the one found beside the report.")
@click.option("--base", help="Base IRI of the data (default: MOSGRAPH_BASE or "
              "https://w3id.org/mosgraph/).")
@click.option("--shapes", type=click.Path(path_type=Path),
              help="SHACL shapes to validate with (default: the shipped shapes).")
@handle_errors
def build(reports: tuple[Path, ...], output: Path, curation: Path | None, base: str | None,
          shapes: Path | None) -> None:
    """Read reports (with their curation, if any), build the graph, validate it and write it.

    A report needs no curation file: names are resolved with the register of organisations
    and the text. With no REPORTS, builds every report shipped under data/reports/. Exits 1
    when the graph does not conform to the shapes (the file is still written), 2 on bad
    input.

    \b
    Example:
        mosgraph build -o mosgraph.ttl
        mosgraph build data/reports/hlg-mos-2021-01-29.txt -o out.jsonld
    """
    from rdflib import RDF
    from rdflib.namespace import FOAF, ORG

    from ..build import build_graph
    from ..formats import for_path
    from ..meetings import meetings
    from ..output import check_target
    from ..rdfio import write_graph
    from ..sources import load_sources
    from ..validation import load_shapes
    from ..validation import validate as run_validation
    from ..vocab import MOS

    fmt = for_path(output, rdf_only=True)
    check_target(output)
    sources = load_sources(reports, curation=curation)
    graph = build_graph(sources, base=base)
    result = run_validation(graph, load_shapes(shapes))
    write_graph(graph, output, fmt)

    def count(rdf_type: object) -> int:
        return len(set(graph.subjects(RDF.type, rdf_type)))  # type: ignore[arg-type]

    organisations = {s for t in (ORG.FormalOrganization, ORG.OrganizationalUnit,
                                 ORG.OrganizationalCollaboration)
                     for s in graph.subjects(RDF.type, t)}
    present = set(graph.subjects(MOS.attendanceStatus, MOS.Present))
    apologies = set(graph.subjects(MOS.attendanceStatus, MOS.Apologies))
    echo(f"wrote {output} ({fmt.name})")
    echo(
        f"triples: {len(graph)}  people: {count(FOAF.Person)}  organisations: "
        f"{len(organisations)}  meetings: {len(meetings(graph))}  "
        f"decisions: {count(MOS.Decision)}"
    )
    echo(f"attendance: {len(present)} present, {len(apologies)} apologies")
    echo(f"validation: {len(result.violations)} violations, "
               f"{len(result.warnings)} warnings")
    for item in result.results:
        echo(f"  {item.severity}: {item.label}"
                   f"{f' (line {item.line})' if item.line else ''}: {item.message}")
    for report, cured in sources:
        if cured is None:
            echo(f"information: {report.source} has no curation file: built from its "
                 "text and the register alone")
        elif cured.proposed:
            lines = ", ".join(str(p.line) for p in cured.proposed)
            echo(f"information: {len(cured.proposed)} proposed entries of {cured.file} "
                 f"are not used until confirmed (confirmed: true): lines {lines}")
    sys.exit(EXIT_OK if result.conforms else EXIT_INVALID)


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--shapes", type=click.Path(path_type=Path),
              help="SHACL shapes (default: the shipped shapes/mosgraph.shacl.ttl).")
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text",
              show_default=True, help="How to print the validation report.")
@click.option("--engine", type=click.Choice(["sparql", "pyshacl"]), default="sparql",
              show_default=True, help="sparql: the shapes compiled to whole-graph queries, "
              "run where the data is; pyshacl: the reference engine (reads the graph into "
              "memory). Both give the same report.")
@click.option("--store", "spec", metavar="oxigraph:PATH",
              help="Validate the graph kept in this Oxigraph folder (see mosgraph load), "
                   "instead of a FILE.")
@click.option("--endpoint", metavar="URL",
              help="Validate the graph behind this SPARQL 1.1 endpoint, instead of a FILE.")
@context_option
@handle_errors
def validate(file: Path | None, shapes: Path | None, fmt: str, engine: str, spec: str | None,
             endpoint: str | None) -> None:
    """Validate a graph against the SHACL shapes: a FILE, a store or an endpoint.

    Exits 0 when it conforms (warnings may be printed), 1 on violations, 2 when the graph,
    the store or the shapes cannot be read. With --store or --endpoint the data stays where
    it is: only the queries of the shapes go there and only the results come back.

    \b
    Example:
        mosgraph validate mosgraph.ttl
        mosgraph validate mosgraph.ttl --format json
        mosgraph validate --store oxigraph:db
        mosgraph validate --endpoint http://localhost:7878/query
    """
    from ..errors import UsageError
    from ..formats import by_name
    from ..rdfio import serialize
    from ..validation import load_shapes, validate_file, validate_store

    if (file is None) == (spec is None and endpoint is None):
        raise UsageError("give the graph to validate: a FILE, or --store oxigraph:PATH or "
                         "--endpoint URL (one of them)")
    shapes_graph = load_shapes(shapes)
    if file is not None:
        result = validate_file(file, shapes_graph, engine=engine)
    else:
        from ..store import open_store

        if spec is not None and not spec.startswith("oxigraph:"):
            raise UsageError(f"--store {spec}: expected oxigraph:PATH (a FILE is validated "
                             "in memory)")
        with open_store(spec, endpoint=endpoint, read_only=True) as store:
            result = validate_store(store, shapes_graph, engine=engine)
    if fmt == "json":
        emit((json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n").encode())
    elif fmt == "turtle":
        emit(serialize(result.to_graph(), by_name("turtle")))
    else:
        echo(result.text())
    sys.exit(EXIT_OK if result.conforms else EXIT_INVALID)


@click.command()
@click.argument("report", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print what was read as JSON.")
@handle_errors
def read(report: Path, as_json: bool) -> None:
    """Read one report and print what was read (sections, attendees, apologies).

    \b
    Example:
        mosgraph read data/reports/hlg-mos-2021-01-29.txt --json
    """
    from ..reader import read_report

    parsed = read_report(report)
    if as_json:
        emit((json.dumps(parsed.as_json(), indent=2, ensure_ascii=False) + "\n").encode())
        return
    echo(f"{parsed.title}  [{parsed.date.isoformat()}]")
    event = parsed.as_json()["event"]
    assert isinstance(event, dict)
    echo("  event: " + ", ".join(f"{key.replace('_', ' ')} {value}"
                                 for key, value in event.items() if value))
    for section in parsed.sections:
        echo(f"  {section.title}: {len(section.points)} points")
    for attendee in parsed.attendees:
        extra = ", ".join(filter(None, [attendee.organisation, *attendee.roles]))
        behalf = f", representing {attendee.representing}" if attendee.representing else ""
        echo(f"  present: {attendee.name} ({extra}{behalf}) [{attendee.heading}]")
    for apology in parsed.apologies:
        echo(f"  apologies: {apology.name}"
                   f"{f' ({apology.organisation})' if apology.organisation else ''}")
