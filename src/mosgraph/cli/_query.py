"""``mosgraph query``, ``load`` and ``synth``: ask the graph, keep it in a store, make more."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ._app import context_option, echo, emit, handle_errors

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["load", "query"]


def _store_options(store_help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--store`` and ``--endpoint``, shared by the commands that use a store."""

    def add(function: Callable[..., Any]) -> Callable[..., Any]:
        function = click.option(
            "--endpoint", metavar="URL",
            help="A SPARQL 1.1 endpoint, to use instead of a store of mosgraph's.")(function)
        return click.option("--store", "spec", metavar="oxigraph:PATH",
                            help=store_help)(function)

    return add


@click.command()
@click.argument("args", nargs=-1, metavar="[FILE] [NAME | -]")
@click.option("-e", "--expression", metavar="SPARQL", help="The text of a query.")
@click.option("-f", "--file", "query_file", type=click.Path(path_type=Path),
              metavar="FILE.rq", help="Read the query from a file.")
@click.option("--bind", "binds", multiple=True, metavar="NAME=VALUE",
              help="Give the query variable ?NAME this value: <IRI>, prefix:name, a number, "
                   "true/false, a literal such as \"2021\"^^xsd:gYear, or text. Repeatable.")
@click.option("--format", "fmt", metavar="FORMAT",
              help="table, csv, tsv, json or xml for SELECT and ASK; table or an RDF format "
                   "(ttl, nt, jsonld, rdfxml, ...) for CONSTRUCT and DESCRIBE. Default: "
                   "from the extension of -o, else table (SELECT, ASK) or ttl.")
@click.option("--timeout", type=float, metavar="SECONDS",
              help="Give up on a query that runs longer than this (exit 2).")
@_store_options("An Oxigraph store kept in the folder PATH (see mosgraph load); also "
                "'memory' (the default) or 'rdflib' (rdflib's own engine, slow).")
@click.option("--iris", is_flag=True, help="Show IRIs in a table, not labels.")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write the results to this file (not stdout); nothing is written on error.")
@click.option("--list", "list_queries", is_flag=True,
              help="List the named queries and the question each one answers.")
@click.option("--allow-service", "allow_service", multiple=True, metavar="HOST",
              help="Let a SERVICE clause call this host (or URL prefix); repeat for each. "
                   "Without it a query with SERVICE is refused before anything is sent.")
@context_option
@handle_errors
def query(args: tuple[str, ...], expression: str | None, query_file: Path | None,
          binds: tuple[str, ...], fmt: str | None, timeout: float | None, spec: str | None,
          endpoint: str | None, iris: bool, output: Path | None, list_queries: bool,
          allow_service: tuple[str, ...]) -> None:
    """Ask the graph a SPARQL question: a named query, -e SPARQL, -f FILE.rq or - (stdin).

    FILE is the graph (any RDF format) for the in-process store; without it, the graph of
    the bundled reports is built on the fly. With --store oxigraph:PATH or --endpoint the
    graph is already in the store and FILE is not given. Exits 2 on a malformed query, an
    unknown format, a store that cannot be reached or a query that runs out of time.

    \b
    Example:
        mosgraph query --list
        mosgraph query mosgraph.ttl representation
        mosgraph query mosgraph.ttl projects-selected --bind year=2021 --format csv
        mosgraph query mosgraph.ttl -e 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
        mosgraph query --store oxigraph:db chair -o chairs.json
    """
    from ..output import check_target, write_files
    from ..query import check_services, parse_binding, prepare, result_format, serialize_result
    from ..resources import named_queries

    if list_queries:
        queries = named_queries()
        width = max(len(name) for name in queries)
        for name, named in queries.items():
            echo(f"{name.ljust(width)}  {named.description}")
        return
    graph_file, text = _query_text(args, expression, query_file)
    prepared = prepare(text)  # a malformed query fails before any data is read
    check_services(text, allow_service)  # and one that calls elsewhere before anything is sent
    out_format = result_format(fmt, prepared.form, path=str(output) if output else None)
    if output is not None:
        check_target(output)
    bindings = dict(parse_binding(item, query=text) for item in binds)
    with _open(graph_file, spec, endpoint, timeout) as store:
        result = store.query(text, bindings, timeout, allow_service=allow_service)
        labels = None
        if out_format.name == "table" and not iris:
            labels = store.labels(_iris_of(result))
    data = serialize_result(result, out_format, labels=labels)
    if output is not None:
        write_files({output: data})
    elif out_format.name == "table":
        echo(data.decode("utf-8"), nl=False)
    else:
        emit(data)


def _query_text(args: tuple[str, ...], expression: str | None,
                query_file: Path | None) -> tuple[str | None, str]:
    """The graph file (if any) and the query text the arguments name."""
    from ..errors import UsageError
    from ..resources import named_queries

    if expression is not None and query_file is not None:
        raise UsageError("give the query once: -e SPARQL or -f FILE.rq, not both")
    if expression is not None or query_file is not None:
        if len(args) > 1:
            raise UsageError(f"unexpected arguments {' '.join(args[1:])!r}: with -e or -f, "
                             "only the graph FILE may be given")
        graph_file = args[0] if args else None
        if query_file is None:
            return graph_file, str(expression)
        return graph_file, _text(query_file)
    if not args or len(args) > 2:
        raise UsageError("give a named query, -e SPARQL, -f FILE.rq or - to read the query "
                         "from stdin (mosgraph query --list shows the named queries)")
    graph_file, name = (None, args[0]) if len(args) == 1 else args
    if name == "-":
        return graph_file, _text(None)
    queries = named_queries()
    if name not in queries:
        hint = f" (to run the file {name}, use -f {name})" if name.endswith(".rq") else ""
        raise UsageError(f"unknown named query {name!r}{hint}: expected one of "
                         f"{', '.join(queries)}")
    return graph_file, queries[name].text


def _text(path: Path | None) -> str:
    """The text of a query file (standard input for ``None``), which must be UTF-8."""
    from ..errors import InputError

    name = "<stdin>" if path is None else str(path)
    try:
        data = sys.stdin.buffer.read() if path is None else path.read_bytes()
    except FileNotFoundError:
        raise InputError("query file not found", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot read the query: {exc.strerror or exc}", file=name) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"a query is UTF-8 text; byte {data[exc.start]:#04x} is not",
                         file=name, line=line) from None


def _open(graph_file: str | None, spec: str | None, endpoint: str | None,
          timeout: float | None = None) -> Store:
    """The store to query: the one named, or an in-process one holding ``graph_file``."""
    from ..errors import UsageError
    from ..store import open_store

    in_process = endpoint is None and spec in (None, "memory", "rdflib")
    if graph_file is not None and not in_process:
        raise UsageError("a graph FILE is for the in-process store: load it into "
                         f"{endpoint or spec} first (mosgraph load)")
    store = open_store(spec, endpoint=endpoint, read_only=True, timeout=timeout)
    if in_process:
        if graph_file is None:
            from ..build import build_graph
            from ..sources import load_sources

            store.load(build_graph(load_sources()))
        else:
            store.load(graph_file)
    return store


def _iris_of(result: object) -> list[Any]:
    from rdflib import URIRef

    from ..query import GraphResult, SelectResult

    if isinstance(result, SelectResult):
        rows: Any = result.rows
    elif isinstance(result, GraphResult):
        rows = result.graph
    else:
        return []
    return [term for row in rows for term in row if isinstance(term, URIRef)]


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_store_options("The folder of an Oxigraph store to load into (made if missing).")
@click.option("--update-endpoint", metavar="URL",
              help="Where to send the data with --endpoint, if not the endpoint itself "
                   "(Oxigraph: http://HOST:PORT/update).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="With --endpoint: give up on a request the server does not answer within "
                   "this time (exit 2; default 120).")
@context_option
@handle_errors
def load(files: tuple[Path, ...], spec: str | None, endpoint: str | None,
         update_endpoint: str | None, timeout: float | None) -> None:
    """Load RDF files into an Oxigraph store on disk or a SPARQL endpoint.

    The triples are added to the default graph (those of every graph of a quads file too);
    the store keeps them between runs, so that queries need not parse the files again.
    Every file is checked before anything is loaded.

    \b
    Example:
        mosgraph load mosgraph.ttl --store oxigraph:db
        mosgraph load mosgraph.ttl --endpoint http://localhost:7878/query \\
            --update-endpoint http://localhost:7878/update
    """
    from ..errors import RDFSyntaxError, UsageError
    from ..formats import for_path
    from ..store import open_store

    if endpoint is None and (spec is None or not spec.startswith("oxigraph:")):
        raise UsageError("give the store to load into: --store oxigraph:PATH or "
                         "--endpoint URL")
    for file in files:
        for_path(file, rdf_only=True)
        if not file.is_file():
            raise RDFSyntaxError("file not found", file=str(file))
    folder = Path(spec.partition(":")[2]) if endpoint is None and spec else None
    new = folder is not None and not folder.exists()
    try:
        with open_store(spec, endpoint=endpoint, update_endpoint=update_endpoint,
                        timeout=timeout) as store:
            for file in files:
                store.load(file)
            total = len(store)
            name = store.name
    except BaseException:
        if new and folder is not None:  # a store made for this load goes with it
            shutil.rmtree(folder, ignore_errors=True)
        raise
    echo(f"loaded {len(files)} file{'s' if len(files) != 1 else ''} into {name}: "
         f"it holds {total} triples")
