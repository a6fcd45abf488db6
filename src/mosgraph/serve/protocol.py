"""The SPARQL 1.1 Protocol, read-only: what a request asks, and how the answer is written.

:func:`parse_request` reads a query operation from a request, as the protocol allows it
(``GET`` with ``?query=``, ``POST`` of an HTML form, ``POST`` of the query itself) and raises
:class:`ProtocolError` with the status the protocol gives for anything else: ``405`` for
another method, ``415`` for another media type or character set, ``400`` for a request that
is not well formed (two queries, no query, a graph name that is not an IRI), and ``403`` for
an update, which this endpoint never runs. ``SERVICE`` is refused (``403``) unless its IRI
is on the allow-list the server was started with.

>>> parse_request("GET", "query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fx%2Fg", "", b"")
Operation(query='ASK {}', default_graphs=('http://x/g',), named_graphs=())
>>> parse_request("POST", "", "application/sparql-update", b"CLEAR ALL")
... # doctest: +ELLIPSIS
Traceback (most recent call last):
mosgraph.serve.protocol.ProtocolError: 403: this SPARQL endpoint is read-only: ...
>>> check_services("SELECT * WHERE { SERVICE <http://elsewhere/q> { ?s ?p ?o } }", ())
... # doctest: +ELLIPSIS
Traceback (most recent call last):
mosgraph.serve.protocol.ProtocolError: 403: SERVICE <http://elsewhere/q> is not allowed here: ...
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qsl

import pyoxigraph

from ..query import service_allowed, service_calls, tokens
from .negotiate import choose

__all__ = [
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "Operation",
    "ProtocolError",
    "check_services",
    "parse_request",
    "rdf_format",
    "results_format",
    "service_description",
]

READ_ONLY = ("this SPARQL endpoint is read-only: it answers queries (SELECT, ASK, CONSTRUCT, "
             "DESCRIBE), not updates")
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                 "WITH"}


class ProtocolError(Exception):
    """A request the endpoint answers with an error ``status`` and a one-line ``message``."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True)
class Operation:
    """A query operation: the query and the dataset the request names (if any)."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def _media_type(content_type: str) -> tuple[str, str | None]:
    """The media type of a ``Content-Type`` header and its ``charset``, if given."""
    media, *parameters = content_type.split(";")
    charset = None
    for parameter in parameters:
        name, _, value = parameter.strip().partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"the {what} is not UTF-8 text") from None


def _form(text: str, what: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, strict_parsing=False,
                         encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, f"the {what} is not UTF-8 text") from None


def parse_request(method: str, query_string: str, content_type: str,
                  body: bytes) -> Operation | None:
    """The query operation of a request to the endpoint; ``None`` for a ``GET`` without one
    (which asks for the service description)."""
    method = method.upper()
    if method not in ("GET", "HEAD", "POST"):
        raise ProtocolError(405, f"the SPARQL endpoint answers GET and POST, not {method}",
                            {"Allow": "GET, HEAD, POST, OPTIONS"})
    fields = _form(query_string, "query string")
    query: str | None = None
    if method == "POST":
        media, charset = _media_type(content_type)
        if charset not in (None, "utf-8", "utf8"):
            raise ProtocolError(415, f"a request must be UTF-8, not {charset}")
        if media == "application/x-www-form-urlencoded":
            fields += _form(_decode(body, "form"), "form")
        elif media == "application/sparql-query":
            query = _decode(body, "query")
        elif media == "application/sparql-update":
            raise ProtocolError(403, READ_ONLY)
        else:
            what = f"a body of type {media}" if media else "a body without a Content-Type"
            raise ProtocolError(
                415, f"the SPARQL endpoint cannot read {what}: send the query as "
                "application/x-www-form-urlencoded (query=...) or application/sparql-query")
    names = [name for name, _ in fields]
    if "update" in names or "using-graph-uri" in names or "using-named-graph-uri" in names:
        raise ProtocolError(403, READ_ONLY)
    queries = [value for name, value in fields if name == "query"]
    if len(queries) + (query is not None) > 1:
        raise ProtocolError(400, "the request holds more than one query")
    if queries:
        query = queries[0]
    if query is None:
        if method == "POST":
            raise ProtocolError(400, "the request holds no query (send query=...)")
        return None
    if not query.strip():
        raise ProtocolError(400, "the query is empty")
    if _first_keyword(query) in _UPDATE_WORDS:
        raise ProtocolError(403, READ_ONLY)
    graphs = {}
    for name in ("default-graph-uri", "named-graph-uri"):
        values = tuple(value for key, value in fields if key == name)
        for value in values:
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]*", value):
                raise ProtocolError(400, f"{name} {value!r} is not an absolute IRI")
        graphs[name] = values
    return Operation(query, graphs["default-graph-uri"], graphs["named-graph-uri"])


def _first_keyword(sparql: str) -> str | None:
    """The first keyword after the prologue (``PREFIX``/``BASE``): the operation's kind.

    >>> _first_keyword("PREFIX ex: <http://x/> # a note\\ninsert data { ex:a ex:b ex:c }")
    'INSERT'
    """
    for token in tokens(sparql):
        kind = token.lastgroup
        if kind in ("comment", "iri", "prefixed") or token.group().isspace():
            continue
        if kind != "word":
            return None
        word = token.group().upper()
        if word not in ("PREFIX", "BASE"):
            return word
    return None


def check_services(sparql: str, allowed: Sequence[str]) -> None:
    """Refuse (``403``) a query whose ``SERVICE`` calls go anywhere ``allowed`` does not
    name: a host name (``query.wikidata.org``) or the start of a URL
    (``https://example.org/sparql``), read as :func:`mosgraph.query.check_services` reads
    them. ``SERVICE ?variable`` is always refused: where it goes cannot be known before it
    runs.
    """
    for call in service_calls(sparql):
        if call.iri is None or not service_allowed(call.iri, allowed):
            shown = f"<{call.iri}>" if call.iri else call.written
            raise ProtocolError(
                403, f"SERVICE {shown} is not allowed here: this endpoint queries its own "
                "data only (its operator can allow hosts with --allow-service)")


# --- answers -----------------------------------------------------------------------------------

_RESULTS = pyoxigraph.QueryResultsFormat
_RDF = pyoxigraph.RdfFormat

# media type offered -> (format, the Content-Type answered); the first is the default
RESULT_TYPES: dict[str, tuple[pyoxigraph.QueryResultsFormat, str]] = {
    "application/sparql-results+json": (_RESULTS.JSON, "application/sparql-results+json"),
    "application/sparql-results+xml": (_RESULTS.XML, "application/sparql-results+xml"),
    "text/csv": (_RESULTS.CSV, "text/csv; charset=utf-8"),
    "text/tab-separated-values": (_RESULTS.TSV, "text/tab-separated-values; charset=utf-8"),
    "application/json": (_RESULTS.JSON, "application/sparql-results+json"),
    "application/xml": (_RESULTS.XML, "application/sparql-results+xml"),
    "text/xml": (_RESULTS.XML, "application/sparql-results+xml"),
}
GRAPH_TYPES: dict[str, tuple[pyoxigraph.RdfFormat, str]] = {
    "text/turtle": (_RDF.TURTLE, "text/turtle; charset=utf-8"),
    "application/n-triples": (_RDF.N_TRIPLES, "application/n-triples"),
    "application/ld+json": (_RDF.JSON_LD, "application/ld+json"),
    "application/rdf+xml": (_RDF.RDF_XML, "application/rdf+xml"),
    "application/n-quads": (_RDF.N_QUADS, "application/n-quads"),
    "application/trig": (_RDF.TRIG, "application/trig"),
    "application/x-turtle": (_RDF.TURTLE, "text/turtle; charset=utf-8"),
    "text/plain": (_RDF.N_TRIPLES, "application/n-triples"),
    "application/json": (_RDF.JSON_LD, "application/ld+json"),
    "application/xml": (_RDF.RDF_XML, "application/rdf+xml"),
}


F = TypeVar("F")


def _pick(accept: str | None, offers: dict[str, tuple[F, str]], what: str) -> tuple[F, str]:
    chosen = choose(accept, list(offers))
    if chosen is None:
        listed = ", ".join(dict.fromkeys(t for _, t in offers.values()))
        raise ProtocolError(406, f"cannot answer {what} as {accept}: ask for one of {listed}")
    return offers[chosen]


def results_format(accept: str | None) -> tuple[pyoxigraph.QueryResultsFormat, str]:
    """The results format (and Content-Type) for a SELECT or ASK answer."""
    return _pick(accept, RESULT_TYPES, "query results")


def rdf_format(accept: str | None) -> tuple[pyoxigraph.RdfFormat, str]:
    """The RDF format (and Content-Type) for a CONSTRUCT or DESCRIBE answer."""
    return _pick(accept, GRAPH_TYPES, "a graph")


_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS = "http://www.w3.org/ns/formats/"


def service_description(endpoint: str, *, federated: bool, title: str) -> list[pyoxigraph.Triple]:
    """The service description (``sd:Service``) of the endpoint at ``endpoint``."""
    node = pyoxigraph.NamedNode(endpoint)

    def iri(value: str) -> pyoxigraph.NamedNode:
        return pyoxigraph.NamedNode(value)

    rdf_type = iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    dataset, graph = pyoxigraph.BlankNode("dataset"), pyoxigraph.BlankNode("default")
    triples: list[tuple[Any, Any, Any]] = [
        (node, rdf_type, iri(_SD + "Service")),
        (node, iri(_SD + "endpoint"), node),
        (node, iri(_SD + "supportedLanguage"), iri(_SD + "SPARQL11Query")),
        (node, iri("http://purl.org/dc/terms/title"), pyoxigraph.Literal(title, language="en")),
        (node, iri(_SD + "defaultEntailmentRegime"),
         iri("http://www.w3.org/ns/entailment/Simple")),
        (node, iri(_SD + "defaultDataset"), dataset),
        (dataset, rdf_type, iri(_SD + "Dataset")),
        (dataset, iri(_SD + "defaultGraph"), graph),
        (graph, rdf_type, iri(_SD + "Graph")),
    ]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                 "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        triples.append((node, iri(_SD + "resultFormat"), iri(_FORMATS + name)))
    if federated:
        triples.append((node, iri(_SD + "feature"), iri(_SD + "BasicFederatedQuery")))
    return [pyoxigraph.Triple(*t) for t in triples]
