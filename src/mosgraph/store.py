"""Where a graph is kept and queried: in this process, in an Oxigraph folder, or remotely.

Every store answers :meth:`Store.query` with the same result types (:mod:`mosgraph.query`),
so a named query gives the same rows on each of them:

* :class:`OxigraphStore` without a path is the embedded default: an in-memory
  `Oxigraph <https://github.com/oxigraph/oxigraph>`_ store in this process;
* :class:`OxigraphStore` with a path (``--store oxigraph:PATH``) keeps the graph in a folder
  on disk between runs: load once, query many times;
* :class:`RemoteStore` (``--endpoint URL``) speaks the SPARQL 1.1 Protocol to a server, and
  writes with SPARQL 1.1 Update (``INSERT DATA``) to its update endpoint;
* :class:`RdflibStore` runs rdflib's own SPARQL engine: the reference we check the named
  queries against, not a default.

Why the embedded default is Oxigraph and not rdflib's memory store, by measurement
(``python bench/bench_query.py``, 2 cores; figures in ``bench/README.md``): rdflib evaluates
SPARQL in pure Python and orders triple patterns by a greedy guess, so a three-way join over
the 186,000 triples of 1,000 synthetic meetings, written with its type patterns first, took
it 37.6 s against 14 ms for Oxigraph. Even the named queries, written so that rdflib's guess
comes out right, take it 9-600 ms on that corpus (Oxigraph: 0.3-16 ms) and 7-32 ms on the
single report (Oxigraph: 0.1-1 ms, against a 20 ms target). Loading costs a copy of the graph
into Oxigraph (0.4 s for the corpus from N-Triples), paid once.

A query given a timeout runs in a worker thread; at the deadline the caller gets
:class:`~mosgraph.errors.QueryTimeout` and the worker is stopped when it next runs Python
code: at once under rdflib, at Oxigraph's next row. An Oxigraph evaluation that yields no
row for long (a count over a huge join) cannot be interrupted and finishes in the
background; a remote endpoint goes on with the query unless the server has a limit of its
own (``oxigraph serve --timeout-s``).

>>> store = OxigraphStore()
>>> store.update('PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> '
...              'INSERT DATA { <http://x/ann> rdfs:label "Ann" }')
>>> len(store)
1
>>> store.query("SELECT ?who WHERE { ?who ?p 'Ann' }").rows
((rdflib.term.URIRef('http://x/ann'),),)
>>> store.labels([URIRef("http://x/ann")])
{rdflib.term.URIRef('http://x/ann'): 'Ann'}
>>> open_store("redis:localhost")  # doctest: +ELLIPSIS
Traceback (most recent call last):
mosgraph.errors.UsageError: unknown store 'redis:localhost': expected memory, rdflib or ...
"""

from __future__ import annotations

import abc
import ctypes
import os
import re
import threading
import traceback
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import ResultRow

from .errors import QueryError, QueryTimeout, RDFSyntaxError, StoreError, UsageError
from .query import (
    AskResult,
    GraphResult,
    Prepared,
    Result,
    SelectResult,
    Term,
    check_services,
    prepare,
    service_calls,
    syntax_error,
)
from .rdfio import load_graph, load_into, read
from .terms import from_oxigraph, quads_of, to_oxigraph

__all__ = [
    "DEFAULT_HTTP_TIMEOUT",
    "OxigraphStore",
    "RdflibStore",
    "RemoteStore",
    "Store",
    "from_oxigraph",
    "ontology_labels",
    "open_store",
    "to_oxigraph",
]

DEFAULT_HTTP_TIMEOUT = 120.0
"""Seconds a remote endpoint may stay silent when no timeout is given."""

_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_DEFAULT = pyoxigraph.DefaultGraph()
T = TypeVar("T")


class Store(abc.ABC):
    """A place that holds one RDF graph (its default graph) and answers SPARQL about it."""

    #: how the store is named in messages (``memory``, ``oxigraph:PATH``, an endpoint URL)
    name: str = "store"
    #: whether queries run side by side from several threads go faster (the engine works
    #: outside Python's lock, or elsewhere): SHACL checks are then run that way
    concurrent: bool = True

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = None,
        *,
        allow_service: Iterable[str] = (),
    ) -> Result:
        """Run ``sparql`` with ``bindings`` joined in (see :func:`mosgraph.query.prepare`).

        A ``SERVICE`` call is refused unless ``allow_service`` names its host (see
        :func:`mosgraph.query.check_services`), before anything is sent; a query that calls
        a service is given :data:`DEFAULT_HTTP_TIMEOUT` seconds unless ``timeout`` says.
        Raises :class:`~mosgraph.errors.QueryError` for a malformed or refused query and
        :class:`~mosgraph.errors.QueryTimeout` when ``timeout`` seconds pass first.
        """
        if timeout is not None and timeout <= 0:
            raise UsageError(f"a timeout must be more than 0 seconds, not {timeout:g}")
        prepared = prepare(sparql, bindings)
        check_services(prepared.text, allow_service)
        if timeout is None and service_calls(prepared.text):
            timeout = DEFAULT_HTTP_TIMEOUT
        return self._evaluate(prepared, timeout)

    @abc.abstractmethod
    def _evaluate(self, prepared: Prepared, timeout: float | None) -> Result: ...

    @abc.abstractmethod
    def load(self, source: Graph | str | os.PathLike[str]) -> None:
        """Add the triples of a graph or an RDF file (any format of :mod:`mosgraph.formats`).

        The triples of every graph of a quads file go to the default graph.
        """

    @abc.abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update."""

    @abc.abstractmethod
    def __len__(self) -> int:
        """The number of triples in the store."""

    def close(self) -> None:  # noqa: B027 - most stores hold nothing to release
        """Release what the store holds open."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    def labels(self, iris: Iterable[URIRef]) -> dict[URIRef, str]:
        """The ``rdfs:label`` of each IRI that has one (the store first, then our ontology)."""
        wanted = sorted({iri for iri in iris if _valid_iri(str(iri))})
        found: dict[URIRef, str] = {}
        for start in range(0, len(wanted), 200):
            values = " ".join(f"<{iri}>" for iri in wanted[start : start + 200])
            result = self.query(
                f"SELECT ?s ?label WHERE {{ VALUES ?s {{ {values} }} ?s <{_RDFS_LABEL}> ?label }}"
            )
            assert isinstance(result, SelectResult)
            for subject, label in result.rows:
                if isinstance(subject, URIRef) and label is not None:
                    text = str(label)
                    found[subject] = min(found.get(subject, text), text)
        ontology = ontology_labels()
        for iri in wanted:
            if iri not in found and iri in ontology:
                found[iri] = ontology[iri]
        return found


# --- Oxigraph, in memory or on disk -----------------------------------------------------------


class OxigraphStore(Store):
    """An Oxigraph store: in memory when ``path`` is ``None``, else kept in that folder.

    ``read_only`` opens an existing folder for reading only, so that several processes can
    query it at once.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False):
        self.path = None if path is None else Path(path)
        self.read_only = read_only
        self.name = "memory" if path is None else f"oxigraph:{path}"
        self._store: Any = None  # a pyoxigraph.Store until closed
        try:
            if self.path is None:
                self._store = pyoxigraph.Store()
            elif read_only:
                if not self.path.is_dir():
                    raise StoreError(
                        f"no Oxigraph store at {self.path}: load a graph into it first "
                        f"(mosgraph load FILE --store oxigraph:{self.path})"
                    )
                self._store = pyoxigraph.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = pyoxigraph.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"cannot open the Oxigraph store at {self.path}: {exc}") from exc

    def _evaluate(self, prepared: Prepared, timeout: float | None) -> Result:
        def run() -> Result:
            try:
                return _answer(self._store.query(prepared.text))
            except SyntaxError as exc:  # prepare() checked it: not expected
                raise syntax_error(prepared.text, str(exc)) from exc
            except (OSError, RuntimeError, ValueError) as exc:
                raise QueryError(f"the query failed: {exc}") from exc

        return _within(timeout, run)

    def load(self, source: Graph | str | os.PathLike[str]) -> None:
        try:
            if isinstance(source, Graph):
                self._store.extend(_default_graph_quads(source))
            else:  # on disk, Oxigraph's bulk loader: a large file in bounded memory
                load_into(self._store, source, bulk=self.path is not None)
        except RDFSyntaxError as error:
            if self.path is None:
                raise
            raise RDFSyntaxError(
                f"{error.message} (the triples before it may be in {self.name}: load the "
                "file again into a new folder once it is fixed)",
                file=error.file, line=error.line, column=error.column) from error
        except OSError as exc:
            raise StoreError(f"cannot load {source} into {self.name}: {exc}") from exc

    def as_graph(self) -> Graph:
        """The store's graph as a read-only rdflib graph that reads the store (no copy)."""
        from .graphview import graph_view

        return graph_view(self._store)

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise syntax_error(sparql, str(exc), update=True) from exc
        except OSError as exc:
            raise StoreError(f"cannot update {self.name}: {exc}") from exc

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        if self.path is not None and not self.read_only and self._store is not None:
            self._store.flush()
        self._store = None


# --- rdflib, the reference engine -------------------------------------------------------------


class RdflibStore(Store):
    """rdflib's graph and SPARQL engine: slow, but the reference for portable queries."""

    name = "rdflib"
    concurrent = False  # its engine runs in Python: threads would only take turns

    def __init__(self, graph: Graph | None = None) -> None:
        self.graph = graph if graph is not None else Graph()

    def _evaluate(self, prepared: Prepared, timeout: float | None) -> Result:
        def run() -> Result:
            try:
                answer = self.graph.query(prepared.text)
            except Exception as exc:  # rdflib raises many types during evaluation
                raise QueryError(f"the query failed: {exc}") from exc
            if answer.type == "ASK":
                return AskResult(bool(answer.askAnswer))
            if answer.type == "SELECT":
                variables = tuple(str(v) for v in answer.vars or ())
                rows: list[tuple[Term | None, ...]] = []
                for row in answer:
                    assert isinstance(row, ResultRow)
                    values = row.asdict()
                    rows.append(tuple(_term(values.get(v)) for v in variables))
                return SelectResult(variables, tuple(rows))
            graph = Graph()
            for triple in answer:
                graph.add(triple)  # type: ignore[arg-type]
            return GraphResult(graph)

        return _within(timeout, run)

    def load(self, source: Graph | str | os.PathLike[str]) -> None:
        if not isinstance(source, Graph):
            source = load_graph(source)
        for prefix, namespace in source.namespaces():
            self.graph.bind(prefix, namespace, override=False)
        self.graph += source

    def update(self, sparql: str) -> None:
        _check_update(sparql)
        try:
            self.graph.update(sparql)
        except Exception as exc:  # rdflib raises many types during evaluation
            raise QueryError(f"the update failed: {exc}") from exc

    def __len__(self) -> int:
        return len(self.graph)


# --- a remote SPARQL endpoint -------------------------------------------------------------------

_ACCEPT = {
    "select": "application/sparql-results+json, application/sparql-results+xml;q=0.8",
    "ask": "application/sparql-results+json, application/sparql-results+xml;q=0.8",
    "graph": "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5",
}


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint over HTTP (standard library only).

    Queries go to ``endpoint``; updates and loads go to ``update_endpoint``, which is the
    query endpoint unless given (Oxigraph, Fuseki and others have a separate one).
    ``timeout`` bounds each request whose query gives none (default
    :data:`DEFAULT_HTTP_TIMEOUT` seconds), loads and updates included.
    """

    def __init__(self, endpoint: str, update_endpoint: str | None = None, *,
                 timeout: float | None = None) -> None:
        for url in (endpoint, update_endpoint):
            if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise UsageError(f"expected an http:// or https:// URL, found {url!r}")
        if timeout is not None and timeout <= 0:
            raise UsageError(f"a timeout must be more than 0 seconds, not {timeout:g}")
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint or endpoint
        self.name = endpoint
        self.timeout = timeout or DEFAULT_HTTP_TIMEOUT

    def _evaluate(self, prepared: Prepared, timeout: float | None) -> Result:
        def run() -> Result:
            body, media_type = self._post(
                self.endpoint, {"query": prepared.text}, _ACCEPT[prepared.form], timeout
            )
            return _parse_answer(body, media_type, prepared.form, self.endpoint)

        return _within(timeout, run)

    def load(self, source: Graph | str | os.PathLike[str]) -> None:
        """Send the triples with ``INSERT DATA``, 20,000 to a request (one if blank nodes)."""
        triples = [q.triple for q in _default_graph_quads(source)]
        has_blank = any(isinstance(t, pyoxigraph.BlankNode) for triple in triples
                        for t in (triple.subject, triple.object))
        size = len(triples) if has_blank else 20_000
        for start in range(0, len(triples), max(size, 1)):
            data = pyoxigraph.serialize(triples[start : start + size],
                                        format=pyoxigraph.RdfFormat.N_TRIPLES)
            assert data is not None
            self._update(b"INSERT DATA {\n" + data + b"}\n")

    def update(self, sparql: str) -> None:
        self._update(sparql.encode("utf-8"))

    def _update(self, body: bytes) -> None:
        try:  # the whole request within the time limit, not only each read of the socket
            _within(self.timeout, lambda: self._post(self.update_endpoint, body, "*/*",
                                                     self.timeout, update=True))
        except QueryTimeout as exc:
            raise _timed_out(self.update_endpoint, None, self.timeout) from exc

    def __len__(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert isinstance(result, SelectResult)
        return int(result.rows[0][0] or 0) if result.rows else 0

    def _post(
        self,
        url: str,
        data: dict[str, str] | bytes,
        accept: str,
        timeout: float | None,
        *,
        update: bool = False,
    ) -> tuple[bytes, str]:
        if isinstance(data, dict):
            body = urllib.parse.urlencode(data).encode("ascii")
            content_type = "application/x-www-form-urlencoded"
        else:
            body, content_type = data, "application/sparql-update"
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Accept": accept, "Content-Type": content_type,
                     "User-Agent": "mosgraph (SPARQL 1.1 Protocol client)"},
        )
        wait = timeout or self.timeout
        try:
            with urllib.request.urlopen(request, timeout=wait) as response:
                media_type = response.headers.get_content_type()
                return response.read(), media_type
        except urllib.error.HTTPError as exc:
            detail = _first_line(exc.read())
            what = "update" if update else "query"
            if exc.code == 400:
                raise QueryError(f"{url} rejected the {what}: {detail}") from exc
            raise StoreError(f"{url} answered {exc.code} {exc.reason}: {detail}") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise _timed_out(url, timeout, wait) from exc
            reason = getattr(exc.reason, "strerror", None) or str(exc.reason)
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from exc
        except TimeoutError as exc:
            raise _timed_out(url, timeout, wait) from exc
        except (OSError, ValueError) as exc:  # connection reset, malformed URL, ...
            raise StoreError(f"cannot talk to the SPARQL endpoint {url}: {exc}") from exc


def _timed_out(url: str, timeout: float | None, wait: float) -> StoreError | QueryTimeout:
    if timeout is not None:
        return QueryTimeout(f"the query did not finish within {timeout:g} s")
    return StoreError(f"no answer from the SPARQL endpoint {url} within {wait:g} s")


def _first_line(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    text = re.sub(r"<[^>]+>", " ", text) if text.startswith("<") else text
    return " ".join(text.split())[:300] or "(no details)"


def _parse_answer(body: bytes, media_type: str, form: str, url: str) -> Result:
    try:
        if form == "graph":
            rdf_format = pyoxigraph.RdfFormat.from_media_type(media_type)
            if rdf_format is None:
                raise StoreError(f"{url} answered a graph as {media_type}, which mosgraph "
                                 "cannot read")
            return _answer(q.triple for q in pyoxigraph.parse(body, format=rdf_format))
        results_format = pyoxigraph.QueryResultsFormat.from_media_type(media_type)
        if results_format is None:
            raise StoreError(f"{url} answered {media_type}, not SPARQL results")
        return _answer(pyoxigraph.parse_query_results(body, format=results_format))
    except SyntaxError as exc:
        raise StoreError(f"{url} answered something that is not valid {media_type}: "
                         f"{exc}") from exc


# --- opening a store by name ---------------------------------------------------------------------


def open_store(
    spec: str | None = None,
    *,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    read_only: bool = False,
    timeout: float | None = None,
) -> Store:
    """The store named by ``spec`` (``memory``, ``rdflib``, ``oxigraph:PATH``) or ``endpoint``.

    With neither, the embedded in-memory Oxigraph store. ``read_only`` opens an on-disk
    store for queries only (and fails if there is none yet). ``timeout`` bounds every
    request to an endpoint (see :class:`RemoteStore`).
    """
    if endpoint is not None and spec is not None:
        raise UsageError("give a store or an endpoint, not both")
    if endpoint is not None:
        return RemoteStore(endpoint, update_endpoint, timeout=timeout)
    if update_endpoint is not None:
        raise UsageError("an update endpoint needs a query endpoint as well")
    if spec is None or spec == "memory":
        return OxigraphStore()
    if spec == "rdflib":
        return RdflibStore()
    kind, _, path = spec.partition(":")
    if kind == "oxigraph" and path:
        return OxigraphStore(path, read_only=read_only)
    raise UsageError(f"unknown store {spec!r}: expected memory, rdflib or oxigraph:PATH")


# --- helpers: timeouts, files, terms ------------------------------------------------------------


class _Abandoned(BaseException):
    """Raised inside a worker thread whose query ran out of time, to stop it."""


def _within(timeout: float | None, function: Callable[[], T]) -> T:
    """Call ``function``; with a timeout, in a worker thread that is stopped at the deadline.

    The worker is stopped by raising :class:`_Abandoned` in it (see :func:`_stop`), which
    takes effect when it next runs Python code: at once for rdflib, at the next row for
    Oxigraph. An Oxigraph evaluation that yields no row (a count over a huge join) runs on
    in its daemon thread until it ends or the process exits; its result is dropped.
    """
    if timeout is None:
        return function()
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = function()
        except BaseException as exc:  # handed to the caller below (or dropped if abandoned)
            # pyoxigraph's result iterators must be dropped by the thread that made them:
            # free the frames that hold them here, keeping the traceback's lines
            error: BaseException | None = exc
            while error is not None:
                traceback.clear_frames(error.__traceback__)
                error = error.__cause__ or error.__context__
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="mosgraph-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        threading.Thread(target=_stop, args=(worker,), name="mosgraph-stop",
                         daemon=True).start()
        raise QueryTimeout(f"the query did not finish within {timeout:g} s")
    if "error" in outcome:
        raise outcome["error"]
    value: T = outcome["value"]
    return value


def _stop(worker: threading.Thread) -> None:
    """Raise :class:`_Abandoned` in ``worker`` until it ends.

    Sent again every 0.1 s: an exception that arrives while the worker runs a garbage
    collector callback or a finaliser is swallowed there.
    """
    assert worker.ident is not None
    while worker.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident),
                                                   ctypes.py_object(_Abandoned))
        worker.join(0.1)


def _default_graph_quads(source: Graph | str | os.PathLike[str]) -> list[Any]:
    """The quads of a graph or an RDF file, every one in the default graph."""
    quads = quads_of(source) if isinstance(source, Graph) else read(source).quads
    return [q if q.graph_name == _DEFAULT else
            pyoxigraph.Quad(q.subject, q.predicate, q.object, _DEFAULT) for q in quads]


def _check_update(sparql: str) -> None:
    """Raise :class:`QueryError` unless ``sparql`` parses as a SPARQL 1.1 Update.

    Parsing only: nothing is run (a ``LOAD <url>`` is not fetched here). rdflib's parser
    decides (it is rdflib that runs the update next); for the place of a mistake, Oxigraph's
    parser is asked about the update followed by a character that no update may contain, so
    that it fails before running anything, at the mistake or at that character.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translateUpdate
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        translateUpdate(parseUpdate(sparql))
        return
    except ParseException as exc:
        fallback = QueryError(f"not valid SPARQL Update: {exc.msg}", line=exc.lineno,
                              column=exc.col)
    except Exception as exc:  # rdflib's translation raises plain exceptions (unknown prefix)
        fallback = QueryError(f"not valid SPARQL Update: {exc}")
    lines = sparql.count("\n") + 2
    try:
        pyoxigraph.Store().update(sparql + "\n\x00")
    except SyntaxError as exc:
        error = syntax_error(sparql, str(exc), update=True)
        if error.line is not None and error.line < lines:
            raise error from None
    raise fallback


def _term(node: object) -> Term | None:
    """An rdflib node that may stand in a result row (``None`` for anything else)."""
    return node if isinstance(node, URIRef | BNode | Literal) else None


def _valid_iri(iri: str) -> bool:
    return re.fullmatch(r"[^<>\"{}|^`\\\x00-\x20]+", iri) is not None


@cache
def ontology_labels() -> dict[URIRef, str]:
    """Labels of our ontology's terms (``mos:Present`` → ``present``)."""
    from .resources import ontology_path

    graph = load_graph(ontology_path())
    return {
        s: str(o) for s, o in graph.subject_objects(URIRef(_RDFS_LABEL))
        if isinstance(s, URIRef)
    }


def _answer(answer: Any) -> Result:
    """A pyoxigraph answer (solutions, boolean or triples) as a :mod:`mosgraph.query` result."""
    if isinstance(answer, pyoxigraph.QueryBoolean):
        return AskResult(bool(answer))
    if isinstance(answer, pyoxigraph.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(from_oxigraph(value) for value in solution) for solution in answer)
        return SelectResult(variables, rows)
    graph = Graph()
    for triple in answer:
        graph.add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate),  # type: ignore[arg-type]
                   from_oxigraph(triple.object)))
    return GraphResult(graph)
