"""``mosgraph network`` and ``mosgraph plot``: the graph as networks, ranked and drawn."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ._app import context_option, echo, emit, force_option, handle_errors

__all__ = ["network", "plot"]

F = TypeVar("F", bound=Callable[..., Any])

_PROJECTION_NAMES = "affiliation, attendance, representation, organisation or governance"
_METRIC_NAMES = ("degree, weighted_degree, betweenness, closeness, eigenvector, pagerank, "
                 "component, community")


def _projection_options(function: F) -> F:
    """The options ``network`` and ``plot`` share: which projection, which meeting, how."""
    for option in reversed([
        click.option("-p", "--projection", default="affiliation", show_default=True,
                     metavar="NAME", help=f"Which network: {_PROJECTION_NAMES}."),
        click.option("--meeting", metavar="IRI|DATE",
                     help="Only what one meeting's report says (default: every meeting)."),
        click.option("--communities", type=click.Choice(["greedy", "louvain"]),
                     help="Community detection: greedy modularity (the same partition on "
                     "every networkx version) or Louvain (seeded; its partition changes "
                     "with the networkx version). Default: greedy, Louvain on networks where "
                     "nodes x edges is over 20 million (said in the output)."),
        click.option("--seed", type=int, default=0, show_default=True,
                     help="Seed of Louvain and of the layout."),
        click.option("--backend", metavar="NAME",
                     help="networkx backend to dispatch to where it implements an algorithm "
                          "(for example 'parallel', from nx-parallel)."),
    ]):
        function = option(function)
    return function


def _graph(file: Path | None, spec: str | None, *, copy: bool = False) -> Any:
    """The graph of FILE or of the Oxigraph folder ``--store oxigraph:PATH``.

    FILE is read into Oxigraph in this process and the projections read it there, through a
    read-only rdflib view (a large corpus is never copied into rdflib objects); ``copy``
    gives an rdflib copy instead (to write it back with its prefixes).
    """
    from ..errors import UsageError
    from ..store import OxigraphStore

    if (file is None) == (spec is None):
        raise UsageError("give the graph: a FILE, or --store oxigraph:PATH (one of them)")
    if spec is not None:
        if not spec.startswith("oxigraph:") or not spec.partition(":")[2]:
            raise UsageError(f"--store {spec}: expected oxigraph:PATH")
        if copy:
            raise UsageError("--write-back writes a file: give the graph as a FILE")
        return OxigraphStore(spec.partition(":")[2], read_only=True).as_graph()
    assert file is not None
    if copy:
        from ..rdfio import load_graph

        return load_graph(file)
    store = OxigraphStore()
    store.load(file)
    return store.as_graph()


def _load(graph: Any, projection: str, meeting: str | None, communities: str | None, seed: int,
          backend: str | None) -> tuple[Any, Any]:
    from ..network.metrics import compute_metrics
    from ..network.projections import project

    net = project(graph, projection, meeting)
    metrics = compute_metrics(net, communities=communities, seed=seed, backend=backend)
    return net, metrics


def _check_projection(projection: str) -> None:
    """Before a possibly large file is read."""
    from ..network.projections import PROJECTIONS

    if projection not in PROJECTIONS:
        from ..errors import UsageError

        raise UsageError(f"unknown projection '{projection}': expected one of "
                         f"{', '.join(PROJECTIONS)}")


_STORE = click.option("--store", "spec", metavar="oxigraph:PATH",
                      help="Read the graph from this Oxigraph folder (see mosgraph load) "
                           "instead of a FILE.")


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@_projection_options
@_STORE
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="How to print the ranking (or the --diff).")
@click.option("--top", type=click.IntRange(min=1), metavar="N", help="Print the first N rows.")
@click.option("--sort", default="pagerank", show_default=True, metavar="METRIC",
              help=f"Rank by this metric: {_METRIC_NAMES}.")
@click.option("--write-back", "write_back_to", is_flag=False, flag_value="", default=None,
              metavar="OUT", help="Add the metrics to the RDF as schema:Observation triples "
              "and write it to OUT (.ttl, .trig, ...; in TriG/N-Quads they get their own named "
              "graph); without OUT, FILE itself is rewritten.")
@click.option("--date", metavar="YYYY-MM-DD",
              help="Date of the written-back metrics (default: the latest meeting's date).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Also write the projection with its metrics: .graphml, .gexf, .cyjs or .csv.")
@click.option("--diff", nargs=2, metavar="A B",
              help="Instead: what changed from meeting A to the later meeting B (IRIs or "
                   "dates): who joined and left, which groups merged, what work started "
                   "and ended.")
@force_option
@context_option
@handle_errors
def network(file: Path | None, projection: str, meeting: str | None, communities: str | None,
            seed: int, backend: str | None, spec: str | None, fmt: str, top: int | None,
            sort: str, write_back_to: str | None, date: str | None, output: Path | None,
            diff: tuple[str, str] | None, force: bool) -> None:
    """Rank the nodes of a network projection of the graph in FILE by centrality.

    Prints label, type and the metrics (degree, weighted degree, betweenness, closeness,
    eigenvector, PageRank, component, community) of each node, highest --sort first. Files
    are written only when everything succeeded. On a large network betweenness is estimated
    from a seeded sample of sources, and the output says so.

    \b
    Example:
        mosgraph network mosgraph.ttl --projection organisation --top 5
        mosgraph network mosgraph.ttl -p affiliation --format csv --sort betweenness
        mosgraph network mosgraph.ttl -p organisation --write-back out.trig -o org.graphml
        mosgraph network mosgraph.ttl --diff 2024-03-12 2024-09-20
        mosgraph network --store oxigraph:db -p attendance --top 20
    """
    from ..errors import UsageError
    from ..formats import for_path
    from ..output import check_target

    if diff:
        _print_diff(_graph(file, spec), diff, fmt)
        return
    from ..network.metrics import METRICS

    if sort not in METRICS:
        raise UsageError(f"unknown metric '{sort}' for --sort: expected one of "
                         f"{', '.join(METRICS)}")
    target = None
    if write_back_to is not None:
        target = Path(write_back_to) if write_back_to else file
        if target is None:
            raise UsageError("--write-back without OUT rewrites FILE: give a FILE, or OUT")
        for_path(target, rdf_only=True)
        check_target(target)
    if output is not None and for_path(output).is_rdf:
        raise UsageError(f"--output {output}: expected .graphml, .gexf, .cyjs or .csv "
                         "(use --write-back for RDF)")
    if output is not None:
        check_target(output)
    _check_projection(projection)
    graph = _graph(file, spec, copy=target is not None)
    net, metrics = _load(graph, projection, meeting, communities, seed, backend)
    rows = metrics.ranked(sort, top=top)

    # everything is computed: now write the files, then print
    if target is not None:
        from ..network.writeback import analysis_date, metrics_graph, write_back

        when = analysis_date(graph, date)
        write_back(graph, metrics_graph(graph, net, metrics, date=when), target)
    if output is not None:
        from ..export import write_property_graph
        from ..network.metrics import add_metrics

        write_property_graph(add_metrics(net.copy(), metrics), output, force=force)
    text = _ranking(net, metrics, rows, fmt)
    if fmt == "table":
        echo(text, nl=False)
    else:
        emit(text.encode("utf-8"))


def _ranking(net: Any, metrics: Any, rows: list[tuple[Any, dict[str, float]]],
             fmt: str) -> str:
    from ..network.metrics import METRICS

    records = []
    for rank, (node, values) in enumerate(rows, start=1):
        data = net.nodes[node]
        records.append({"rank": rank, "label": str(data.get("label", node)),
                        "type": str(data.get("type", "")), **values, "iri": str(node)})
    if fmt == "json":
        document = {
            "projection": net.graph.get("projection"), "scope": net.graph.get("scope"),
            "meeting": net.graph.get("meeting") or None, "nodes": net.number_of_nodes(),
            "edges": net.number_of_edges(), "components": metrics.components,
            "communities": len(metrics.communities), "modularity": metrics.modularity,
            "methods": metrics.methods, "rows": records,
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    columns = ["rank", "label", "type", *METRICS, "iri"]
    if fmt == "csv":
        for note in _estimates(metrics):  # the CSV is data only: the note goes to stderr
            click.echo(f"mosgraph: note: {note}", err=True)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
        return buffer.getvalue()
    summary = (f"# {net.graph.get('projection')} projection, {net.graph.get('scope')}: "
               f"{net.number_of_nodes()} nodes, {net.number_of_edges()} edges, "
               f"{metrics.components} component(s), {len(metrics.communities)} communities "
               f"(modularity {metrics.modularity:.3f})\n")
    summary += "".join(f"# {note}\n" for note in _estimates(metrics))
    shown = [c for c in columns if c != "iri"]
    cells = [[_cell(record[c]) for c in shown] for record in records]
    widths = [max(len(h), *(len(row[i]) for row in cells)) if cells else len(h)
              for i, h in enumerate(shown)]
    numeric = {c for c in shown if c not in ("label", "type")}

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if c in numeric else v.ljust(w)
                         for v, w, c in zip(values, widths, shown, strict=True)).rstrip()

    return summary + "\n".join([line(shown), *(line(row) for row in cells)]) + "\n"


def _estimates(metrics: Any) -> list[str]:
    """What was estimated rather than computed exactly, in words."""
    return [f"{name}: {method}" for name, method in sorted(metrics.methods.items())
            if "not exact" in method]


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.4f}"
    text = str(value)
    return text if len(text) <= 48 else text[:47] + "…"


def _print_diff(graph: Any, diff: tuple[str, str], fmt: str) -> None:
    from ..network.diff import diff_meetings

    changes = diff_meetings(graph, *diff)
    if fmt == "json":
        emit((json.dumps(changes.as_dict(), indent=2, ensure_ascii=False) + "\n").encode())
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["change", "label", "detail", "meeting",
                                                    "iri"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(changes.rows())
        emit(buffer.getvalue().encode("utf-8"))
    else:
        echo(changes.text())


@click.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@_projection_options
@_STORE
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="The picture: .svg or .png (for a report), or .html (interactive, "
                   "self-contained, works offline).")
@click.option("--size-by", default="degree", show_default=True, metavar="METRIC",
              help=f"Size nodes by this metric: {_METRIC_NAMES}.")
@click.option("--title", help="Title of the picture (default: what is shown, and for which "
                              "meeting(s)).")
@context_option
@handle_errors
def plot(file: Path | None, projection: str, meeting: str | None, communities: str | None,
         seed: int, backend: str | None, spec: str | None, output: Path, size_by: str,
         title: str | None) -> None:
    """Draw a network projection of the graph in FILE.

    Colour and shape say each node's type (see the legend), size says --size-by, edges are
    coloured by what they say; the layout is seeded, so the same graph gives the same
    picture. An .html output can be zoomed and panned, shows metrics on hover and the
    report's sentences on click.

    \b
    Example:
        mosgraph plot mosgraph.ttl --projection affiliation -o affiliation.svg
        mosgraph plot mosgraph.ttl -p organisation --size-by betweenness -o org.png
        mosgraph plot mosgraph.ttl -p governance -o governance.html
    """
    from ..errors import UsageError
    from ..network.metrics import METRICS

    suffix = output.suffix.lower()
    if suffix not in (".svg", ".png", ".html", ".htm"):
        raise UsageError(f"cannot draw to '{output}': expected a file ending in .svg, .png "
                         "or .html")
    if size_by not in METRICS:
        raise UsageError(f"unknown metric '{size_by}' for --size-by: expected one of "
                         f"{', '.join(METRICS)}")
    if suffix in (".svg", ".png"):
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise UsageError("drawing SVG or PNG needs matplotlib: pip install "
                             "'mosgraph[plot]' (or write .html, which does not)") from None
    from ..output import check_target

    check_target(output)
    _check_projection(projection)
    graph = _graph(file, spec)
    net, metrics = _load(graph, projection, meeting, communities, seed, backend)
    if suffix in (".html", ".htm"):
        from ..network.html import write_html

        write_html(net, output, rdf=graph, metrics=metrics.nodes, size_by=size_by, seed=seed,
                   title=title)
    else:
        from ..network.draw import draw

        draw(net, output, size_by=size_by, metrics=metrics.nodes, seed=seed, title=title)
    echo(f"wrote {output} ({net.graph.get('projection')} projection, "
               f"{net.number_of_nodes()} nodes, {net.number_of_edges()} edges)")
