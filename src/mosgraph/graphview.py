"""An rdflib graph that reads an Oxigraph store: the store's triples, not a copy of them.

The code whose API promises an :class:`rdflib.Graph` (the network projections, for one)
reads a graph with a few triple patterns at a time. :func:`graph_view` gives it the graph
of a ``pyoxigraph.Store`` (in memory or on disk) through rdflib's store interface, so that
a corpus too large to copy into rdflib, or already in an Oxigraph folder, is read where it
is: each pattern becomes one lookup in Oxigraph's indexes, terms converted by
:mod:`mosgraph.terms`. The view is read-only and sees the default graph.

>>> import pyoxigraph
>>> from rdflib import RDFS, URIRef
>>> ox = pyoxigraph.Store()
>>> ox.update('INSERT DATA { <http://x/ann> <http://www.w3.org/2000/01/rdf-schema#label> "Ann" }')
>>> graph = graph_view(ox)
>>> len(graph), str(graph.value(URIRef("http://x/ann"), RDFS.label))
(1, 'Ann')
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from typing import Any

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.store import Store as RdflibStore
from rdflib.term import Node

from .errors import UsageError
from .terms import from_oxigraph, to_oxigraph

__all__ = ["Description", "graph_view"]

_DEFAULT = pyoxigraph.DefaultGraph()
_NAMED = pyoxigraph.NamedNode


class Description:
    """What a store says of one node: its objects by predicate IRI, each turned into an
    rdflib term when first asked for (a reader asks a node for a few of its properties:
    the others are never converted).

    >>> import pyoxigraph
    >>> said = Description({"http://x/p": [pyoxigraph.NamedNode("http://x/o")]}, from_oxigraph)
    >>> said.get("http://x/p"), said.get("http://x/q")
    ([rdflib.term.URIRef('http://x/o')], [])
    """

    __slots__ = ("_convert", "_done", "_raw")

    def __init__(self, raw: dict[str, list[Any]], convert: Callable[[Any], Node | None]) -> None:
        self._raw = raw
        self._done: dict[str, list[Node]] = {}
        self._convert = convert

    def get(self, predicate: str) -> list[Node]:
        """The objects of ``predicate`` (an IRI, as a string), as rdflib terms."""
        found = self._done.get(predicate)
        if found is None:
            convert = self._convert
            found = self._done[predicate] = [
                term for term in map(convert, self._raw.get(predicate, ())) if term is not None]
        return found

    def iris(self, predicate: str) -> list[str]:
        """The IRIs among the objects of ``predicate``, as strings (no terms made).

        >>> import pyoxigraph
        >>> Description({"http://x/p": [pyoxigraph.NamedNode("http://x/o"),
        ...     pyoxigraph.Literal("http://x/o")]}, from_oxigraph).iris("http://x/p")
        ['http://x/o']
        """
        return [o.value for o in self._raw.get(predicate, ()) if type(o) is _NAMED]

    def text(self, predicate: str) -> str | None:
        """The first object of ``predicate`` as a string (an IRI, a literal's lexical form),
        as ``str`` of the first of :meth:`get` gives, without making the term."""
        found = self._raw.get(predicate)
        return found[0].value if found else None

    def predicates(self) -> list[str]:
        return list(self._raw)


def graph_view(store: Any) -> Graph:
    """A read-only :class:`rdflib.Graph` over the default graph of the pyoxigraph ``store``."""
    return Graph(store=_OxigraphTriples(store))


class _OxigraphTriples(RdflibStore):
    """rdflib's store interface, answered from a pyoxigraph store."""

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, store: Any) -> None:
        super().__init__()
        self._store = store
        self._prefixes: dict[str, URIRef] = {}
        self._to: dict[Node, Any] = {}  # rdflib IRI -> pyoxigraph term, made once
        self._from: dict[str, URIRef] = {}  # IRI -> rdflib term, made once
        self._subjects: dict[Node, Description] = {}  # node -> its triples

    def _ox(self, term: Node) -> Any:
        found = self._to.get(term)
        if found is None:
            if not isinstance(term, URIRef | Literal | BNode):
                raise TypeError(term)  # a path or a variable
            found = to_oxigraph(term)
            if len(self._to) < 100_000 and isinstance(term, URIRef):
                self._to[term] = found
        return found

    def _rdflib(self, term: Any) -> Node:
        if type(term) is pyoxigraph.NamedNode:
            value = term.value
            found = self._from.get(value)
            if found is None:
                found = URIRef(value)
                if len(self._from) < 200_000:
                    self._from[value] = found
            return found
        converted = from_oxigraph(term)
        assert converted is not None
        return converted

    def triples(self, triple_pattern: Any, context: Any = None
                ) -> Iterator[tuple[tuple[Node, Node, Node], Iterator[Any]]]:
        subject, predicate, value = triple_pattern
        try:
            pattern = [None if t is None else self._ox(t) for t in (subject, predicate, value)]
        except TypeError:
            return  # rdflib evaluates paths itself, with plain patterns
        if isinstance(subject, Literal) or (predicate is not None
                                            and not isinstance(predicate, URIRef)):
            return  # no triple has a literal subject or a predicate that is not an IRI
        nothing: Iterator[Any] = iter(())
        if subject is not None and value is None:  # what a node says: read once, kept
            described = self._described(subject, pattern[0])
            if predicate is not None:
                for obj in described.get(str(predicate)):
                    yield (subject, predicate, obj), nothing
            else:
                for name in described.predicates():
                    named = self._named(name)
                    for obj in described.get(name):
                        yield (subject, named, obj), nothing
            return
        convert = self._rdflib
        for quad in self._store.quads_for_pattern(*pattern, _DEFAULT):
            yield (subject if subject is not None else convert(quad.subject),
                   predicate if predicate is not None else convert(quad.predicate),
                   value if value is not None else convert(quad.object)), nothing

    def describe(self, subject: Node) -> Description:
        """Every triple of ``subject``, by predicate (what ``Graph.predicate_objects`` gives,
        without rdflib's generators between: for code that reads many nodes of a large
        store, such as the network projections)."""
        if isinstance(subject, Literal):
            return Description({}, self._rdflib)
        return self._described(subject, self._ox(subject))

    def lookup(self, subject: str, predicate: str) -> list[str]:
        """The IRIs the node ``subject`` has as values of ``predicate`` (all three IRIs as
        strings), in one lookup, not kept: for a node asked for that property only, such as
        the source of a text span."""
        return [quad.object.value for quad in self._store.quads_for_pattern(
            _NAMED(subject), _NAMED(predicate), None, _DEFAULT) if type(quad.object) is _NAMED]

    def _described(self, subject: Node, ox_subject: Any) -> Description:
        """Every triple of ``subject``, by predicate: code that reads a graph asks a node
        for one property after another, and Oxigraph answers all of them in one lookup."""
        found = self._subjects.get(subject)
        if found is None:
            if len(self._subjects) >= 50_000:
                self._subjects.clear()
            raw: dict[str, list[Any]] = {}
            for quad in self._store.quads_for_pattern(ox_subject, None, None, _DEFAULT):
                raw.setdefault(quad.predicate.value, []).append(quad.object)
            found = self._subjects[subject] = Description(raw, self._rdflib)
        return found

    def _named(self, iri: str) -> URIRef:
        found = self._from.get(iri)
        return found if found is not None else URIRef(iri)

    def __len__(self, context: Any = None) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, _DEFAULT))

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        yield from ()

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        raise UsageError("this graph reads an Oxigraph store and cannot be changed")

    def remove(self, triple: Any, context: Any = None) -> None:
        raise UsageError("this graph reads an Oxigraph store and cannot be changed")

    # prefixes live with the view (the store keeps none)
    def bind(self, prefix: str, namespace: Any, override: bool = True) -> None:
        if override or prefix not in self._prefixes:
            self._prefixes[prefix] = URIRef(namespace)

    def namespace(self, prefix: str) -> URIRef | None:
        return self._prefixes.get(prefix)

    def prefix(self, namespace: Any) -> str | None:
        for prefix, known in self._prefixes.items():
            if known == namespace:
                return prefix
        return None

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from self._prefixes.items()

