"""The data a server process reads: an Oxigraph store in this process, or a SPARQL endpoint.

Both answer :meth:`Source.query` with pyoxigraph's own result objects (solutions, a boolean,
triples), so that the endpoint, the pages and the static site are made the same way whatever
holds the data. A :class:`DataSpec` says how to open one and can be sent to another process.

>>> spec = DataSpec("memory", "")
>>> source = spec.open()
>>> source.store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://x/a"),
...     pyoxigraph.NamedNode("http://x/p"), pyoxigraph.Literal("A"), pyoxigraph.DefaultGraph()))
>>> [s["o"].value for s in source.query("SELECT ?o WHERE { ?s ?p ?o }")]
['A']
>>> source.query("SELECT ?o WHERE { ?s ?p }")  # doctest: +ELLIPSIS
Traceback (most recent call last):
mosgraph.errors.QueryError: line 1, column 19: not valid SPARQL near '?s ?p }'
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pyoxigraph

from ..errors import QueryError, StoreError
from ..query import syntax_error

__all__ = ["DataSpec", "LocalSource", "RemoteSource", "Source"]


class Source:
    """Something that answers SPARQL queries with pyoxigraph results."""

    name = "source"

    def query(self, text: str, *, default_graph: Sequence[str] = (),
              named_graphs: Sequence[str] = (), base_iri: str | None = None) -> Any:
        """Solutions, a boolean or triples; :class:`QueryError` for a malformed query.

        ``base_iri`` resolves relative IRIs in the query (the endpoint's URL).
        """
        raise NotImplementedError


class LocalSource(Source):
    """A pyoxigraph store in this process (in memory, or a folder opened read-only)."""

    def __init__(self, store: Any, name: str = "memory") -> None:
        self.store = store
        self.name = name

    def query(self, text: str, *, default_graph: Sequence[str] = (),
              named_graphs: Sequence[str] = (), base_iri: str | None = None) -> Any:
        options: dict[str, Any] = {"base_iri": base_iri}
        if default_graph:
            options["default_graph"] = [pyoxigraph.NamedNode(g) for g in default_graph]
        if named_graphs:
            options["named_graphs"] = [pyoxigraph.NamedNode(g) for g in named_graphs]
        try:
            return self.store.query(text, **options)
        except SyntaxError as exc:
            raise syntax_error(text, str(exc)) from exc
        except ValueError as exc:  # e.g. a graph name that is not an IRI
            raise QueryError(str(exc)) from exc


_RESULTS = "application/sparql-results+json"
_TRIPLES = "application/n-triples"


class RemoteSource(Source):
    """A SPARQL 1.1 endpoint, asked with the protocol (standard library only)."""

    def __init__(self, endpoint: str, timeout: float) -> None:
        self.endpoint = endpoint
        self.name = endpoint
        self.timeout = timeout

    def query(self, text: str, *, default_graph: Sequence[str] = (),
              named_graphs: Sequence[str] = (), base_iri: str | None = None) -> Any:
        form = _form(text)
        fields = [("query", text), *(("default-graph-uri", g) for g in default_graph),
                  *(("named-graph-uri", g) for g in named_graphs)]
        request = urllib.request.Request(
            self.endpoint, data=urllib.parse.urlencode(fields).encode("ascii"), method="POST",
            headers={"Accept": _TRIPLES if form == "graph" else _RESULTS,
                     "Content-Type": "application/x-www-form-urlencoded",
                     "User-Agent": "mosgraph serve"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                media_type = response.headers.get_content_type()
                body = response.read()
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
            if exc.code == 400:
                raise QueryError(f"the endpoint rejected the query: {detail}") from exc
            raise StoreError(f"{self.endpoint} answered {exc.code}: {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {self.endpoint}: {exc}") from exc
        try:
            if form == "graph":
                rdf_format = pyoxigraph.RdfFormat.from_media_type(media_type)
                if rdf_format is None:
                    raise StoreError(f"{self.endpoint} answered a graph as {media_type}")
                return [q.triple for q in pyoxigraph.parse(body, format=rdf_format)]
            results_format = pyoxigraph.QueryResultsFormat.from_media_type(media_type)
            if results_format is None:
                raise StoreError(f"{self.endpoint} answered {media_type}, not SPARQL results")
            return pyoxigraph.parse_query_results(body, format=results_format)
        except SyntaxError as exc:
            raise StoreError(f"{self.endpoint} answered malformed {media_type}: {exc}") from exc


def _form(text: str) -> str:
    """``select``, ``ask`` or ``graph``; checks the syntax on the way (QueryError)."""
    from ..query import prepare

    return prepare(text).form


@dataclass(frozen=True)
class DataSpec:
    """How to open the data in a (worker) process.

    ``kind`` is ``memory`` (an empty in-memory store, filled by the caller), ``nquads`` (an
    N-Quads file loaded into memory), ``oxigraph`` (a store folder, opened read-only) or
    ``endpoint`` (a SPARQL endpoint URL); ``timeout`` bounds a remote request.
    """

    kind: Literal["memory", "nquads", "oxigraph", "endpoint"]
    location: str
    timeout: float = 60.0

    def open(self) -> Source:
        if self.kind == "endpoint":
            return RemoteSource(self.location, self.timeout)
        if self.kind == "oxigraph":
            try:
                return LocalSource(pyoxigraph.Store.read_only(self.location),
                                   f"oxigraph:{self.location}")
            except OSError as exc:
                raise StoreError(f"cannot open the Oxigraph store at {self.location}: "
                                 f"{exc}") from exc
        store = pyoxigraph.Store()
        if self.kind == "nquads":
            store.bulk_load(path=self.location, format=pyoxigraph.RdfFormat.N_QUADS)
        return LocalSource(store)
