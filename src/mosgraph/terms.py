"""RDF terms between pyoxigraph and rdflib: the one place they are converted.

mosgraph reads and writes RDF with pyoxigraph (:mod:`mosgraph.rdfio`) and hands rdflib
objects to the code whose API promises a :class:`rdflib.Graph`. Terms cross here, exactly:
a literal keeps its lexical form (rdflib's default would rewrite ``"01"^^xsd:integer`` to
``"1"``, ``"NaN"^^xsd:double`` to ``"nan"`` and drop the time zone of ``"2021-01-29Z"``), and
an ill-typed literal (``"abc"^^xsd:integer``) is kept as it is, without rdflib's warning.

>>> import pyoxigraph
>>> one = pyoxigraph.Literal("01", datatype=pyoxigraph.NamedNode(str(XSD_INTEGER)))
>>> str(from_oxigraph(one))
'01'
>>> to_oxigraph(from_oxigraph(one)) == one
True

A graph name of ``None`` (or pyoxigraph's ``DefaultGraph``) is the default graph:

>>> dataset = to_dataset([pyoxigraph.Quad(pyoxigraph.NamedNode("http://x/a"),
...     pyoxigraph.NamedNode("http://x/p"), one, pyoxigraph.NamedNode("http://x/g"))])
>>> [str(g.identifier) for g in dataset.graphs() if len(g)]
['http://x/g']
>>> [str(q.graph_name) for q in quads_of(dataset)]
['<http://x/g>']
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .errors import UsageError

__all__ = [
    "Term",
    "from_oxigraph",
    "literal",
    "quads_of",
    "to_dataset",
    "to_graph",
    "to_oxigraph",
]

Term = URIRef | BNode | Literal
"""An RDF term as rdflib gives it."""

XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class _QuietIllTyped(logging.Filter):
    """Drops rdflib's traceback for a literal that is not valid for its datatype.

    Such a literal is legal RDF; mosgraph keeps it exactly and the shapes report it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to convert Literal lexical form")


logging.getLogger("rdflib.term").addFilter(_QuietIllTyped())

_LITERALS: dict[tuple[str, str, str], Literal] = {}
_DEFAULT = pyoxigraph.DefaultGraph()


def from_oxigraph(term: Any) -> Term | None:
    """The rdflib term for a pyoxigraph term, lexical form kept (``None`` stays ``None``).

    >>> from_oxigraph(pyoxigraph.Literal("7", datatype=pyoxigraph.NamedNode(
    ...     "http://www.w3.org/2001/XMLSchema#integer")))
    rdflib.term.Literal('7', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    """
    kind = type(term)
    if kind is pyoxigraph.NamedNode:
        return URIRef(term.value)
    if kind is pyoxigraph.Literal:
        language: str = term.language or ""
        return literal(term.value, "" if language else term.datatype.value, language)
    if term is None or kind is pyoxigraph.DefaultGraph:
        return None
    if kind is pyoxigraph.BlankNode:
        return BNode(term.value)
    raise UsageError(f"mosgraph cannot handle the RDF term {term!r} (RDF-star?)")


def literal(lexical: str, datatype: str = "", language: str = "") -> Literal:
    """The rdflib literal of ``lexical`` with its ``datatype`` IRI (``""``: xsd:string) or
    ``language`` tag, the lexical form kept as written.

    >>> literal("01", str(XSD_INTEGER)).n3()
    '"01"^^<http://www.w3.org/2001/XMLSchema#integer>'
    """
    key = (lexical, datatype, language)
    found = _LITERALS.get(key)
    if found is None:  # rdflib parses every typed literal into a value (~6 µs): reuse
        if len(_LITERALS) > 100_000:
            _LITERALS.clear()
        if language:
            found = Literal(lexical, lang=language)
        elif datatype in ("", _XSD_STRING, _LANG_STRING):
            found = Literal(lexical)
        else:
            found = Literal(lexical, datatype=URIRef(datatype), normalize=False)
        _LITERALS[key] = found
    return found


def to_oxigraph(term: Term) -> Any:
    """The pyoxigraph term for an rdflib term.

    Raises :class:`~mosgraph.errors.UsageError` for what RDF does not allow (an IRI with a
    space, a malformed language tag), naming the term.

    >>> to_oxigraph(Literal("Ann", lang="en"))
    <Literal value=Ann language=en>
    >>> to_oxigraph(URIRef("http://example.org/a b"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    mosgraph.errors.UsageError: not an IRI RDF allows: <http://example.org/a b> (Invalid IRI ...)
    """
    try:
        if isinstance(term, URIRef):
            return pyoxigraph.NamedNode(str(term))
        if isinstance(term, BNode):
            return pyoxigraph.BlankNode(_blank_id(str(term)))
        if isinstance(term, Literal):
            if term.language:
                return pyoxigraph.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return pyoxigraph.Literal(str(term),
                                          datatype=pyoxigraph.NamedNode(str(term.datatype)))
            return pyoxigraph.Literal(str(term))
    except ValueError as exc:
        what = "a language tag RDF allows" if isinstance(term, Literal) and term.language \
            else "an IRI RDF allows"
        shown = f"<{term}>" if isinstance(term, URIRef) else repr(term)
        shown = shown if len(shown) <= 200 else shown[:199] + "…"
        raise UsageError(f"not {what}: {shown} ({exc})") from None
    raise UsageError(f"mosgraph cannot store the RDF term {term!r}")


def _blank_id(identifier: str) -> str:
    if identifier.isascii() and identifier.replace("_", "").isalnum():
        return identifier
    return "b" + "".join(c if c.isascii() and (c.isalnum() or c == "_") else "_"
                         for c in identifier)


def quads_of(data: Graph | Iterable[Any]) -> list[Any]:
    """The pyoxigraph quads of an rdflib graph or dataset (named graphs kept), or of
    pyoxigraph triples or quads (returned as quads).

    A term seen twice is converted once.
    """
    if not isinstance(data, Graph):
        items: Iterable[Any] = data
        return [q if isinstance(q, pyoxigraph.Quad) else
                pyoxigraph.Quad(q.subject, q.predicate, q.object, _DEFAULT) for q in items]
    made: dict[Any, Any] = {}

    def convert(term: Any) -> Any:
        found = made.get(term)
        if found is None:
            found = made[term] = to_oxigraph(term)
        return found

    if isinstance(data, Dataset):
        quads = []
        for s, p, o, g in data.quads((None, None, None, None)):
            name = getattr(g, "identifier", g)
            graph = _DEFAULT if name is None or name == DATASET_DEFAULT_GRAPH_ID else \
                convert(name)
            quads.append(pyoxigraph.Quad(convert(s), convert(p), convert(o), graph))
        return quads
    return [pyoxigraph.Quad(convert(s), convert(p), convert(o), _DEFAULT) for s, p, o in data]


def _triples(quads: Iterable[Any]) -> Iterator[tuple[Any, Any, Any]]:
    made: dict[Any, Any] = {}
    for quad in quads:
        converted = []
        for term in (quad.subject, quad.predicate, quad.object):
            found = made.get(term)
            if found is None:
                found = made[term] = from_oxigraph(term)
            converted.append(found)
        yield converted[0], converted[1], converted[2]


def to_graph(quads: Iterable[Any], prefixes: dict[str, str] | None = None) -> Graph:
    """An rdflib graph of the triples of ``quads`` (of every graph: their union).

    ``prefixes`` are bound in the graph (and rdflib's usual ones).
    """
    graph = Graph()
    for prefix, namespace in sorted((prefixes or {}).items()):
        graph.bind(prefix, namespace, override=True, replace=True)
    add = graph.add
    for triple in _triples(quads):
        add(triple)
    return graph


def to_dataset(quads: Iterable[Any], prefixes: dict[str, str] | None = None) -> Dataset:
    """An rdflib dataset of ``quads``: each named graph kept, the rest in the default graph."""
    dataset = Dataset()
    for prefix, namespace in sorted((prefixes or {}).items()):
        dataset.bind(prefix, namespace, override=True, replace=True)
    quads = list(quads)
    names = {q.graph_name for q in quads}
    graphs = {name: dataset.graph(from_oxigraph(name)) if name != _DEFAULT else
              dataset.graph(DATASET_DEFAULT_GRAPH_ID) for name in names}
    for quad, triple in zip(quads, _triples(quads), strict=True):
        graphs[quad.graph_name].add(triple)
    return dataset
