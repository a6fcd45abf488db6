"""Check a graph for inconsistency under OWL 2 RL with the vocabularies it reuses.

:func:`inconsistencies` computes the OWL-RL closure (the ``owlrl`` package) of a built graph,
the mosgraph ontology and the reused vocabularies (ORG, FOAF, PROV-O, SKOS, DCTERMS, Web
Annotation, Data Cube, schema.org, OWL-Time, read from a folder of reference copies) and
returns the inconsistencies it finds: an individual in two disjoint classes (a
``prov:Activity`` that is also a ``prov:Entity``; a ``foaf:Person`` made a
``foaf:Organization`` by ORG's collaborations), a literal that is not of its datatype, ...

Only the axioms that can reach the graph are closed: starting from the terms the graph and
the ontology use, the axioms *about* those terms (their super-classes and super-properties,
domains and ranges, characteristics) and every axiom that *mentions* one of them in an
equivalence, inverse, disjointness or class expression are taken, and the terms these bring
in are followed in turn. An axiom about a term that no individual of the graph can be an
instance of (a sub-class of schema:Thing that the graph never uses, say) cannot make the
graph inconsistent, and leaving it out takes the closure from about a minute to seconds.
:func:`vocabulary_axioms` with ``module=False`` gives the whole of each vocabulary
instead (``bench/bench_consistency.py --full`` compares the two).

>>> from rdflib import Graph
>>> inconsistencies(Graph(), vocabularies=())
[]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import UsageError
from .rdfio import load_graph
from .resources import ontology_path

__all__ = ["VOCABULARIES", "inconsistencies", "vocabulary_axioms"]

# the reused vocabularies, by file name in the folder of reference copies
VOCABULARIES = ("org.ttl", "foaf.ttl", "prov-o.ttl", "skos.ttl", "dublin_core_terms.ttl",
                "oa.ttl", "cube.ttl", "schemaorg-current-https.ttl", "time.ttl")

_ABOUT = {RDF.type, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range}
_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy}
_Triple = tuple[Node, Node, Node]


def inconsistencies(graph: Graph, folder: str | os.PathLike[str] | None = None, *,
                    vocabularies: Iterable[str] = VOCABULARIES,
                    module: bool = True) -> list[str]:
    """The inconsistencies (owlrl's messages, sorted) of ``graph`` with the ontology and the
    ``vocabularies`` in ``folder``; an empty list when there are none."""
    try:
        import owlrl
    except ImportError as exc:  # pragma: no cover - owlrl comes with pyshacl
        raise UsageError("the OWL-RL check needs the owlrl package (pip install owlrl)") from exc
    closed = Graph(store="SimpleMemory")  # no context bookkeeping: several times faster
    for triple in graph:
        closed.add(triple)
    for triple in vocabulary_axioms(graph, folder, vocabularies=vocabularies, module=module):
        closed.add(triple)
    semantics = owlrl.OWLRL_Semantics(closed, False, False, False)
    semantics.closure()
    semantics.flush_stored_triples()
    return sorted(str(message) for message in semantics.error_messages)


def vocabulary_axioms(graph: Graph, folder: str | os.PathLike[str] | None = None, *,
                      vocabularies: Iterable[str] = VOCABULARIES,
                      module: bool = True) -> Iterator[_Triple]:
    """The axioms of the ontology and the vocabularies that bear on ``graph``.

    An axiom is a triple whose subject is an IRI and whose predicate is ``rdf:type``,
    ``rdfs:subClassOf``, ``rdfs:subPropertyOf``, ``rdfs:domain``, ``rdfs:range`` or an OWL
    term, with the blank nodes of its object (class expressions, lists). Annotations
    (labels, comments, definitions) play no part in OWL-RL consistency and are left out.
    """
    source = load_graph(ontology_path())
    for name in vocabularies:
        path = Path(folder or ".") / name
        if not path.is_file():
            raise UsageError(f"{path}: reference vocabulary not found")
        for triple in load_graph(path):
            source.add(triple)
    axioms = [(s, p, o, body) for s, p, o, body in _axioms(source)]
    if not module:
        for *_, body in axioms:
            yield from body
        return
    ontology = {s for s in load_graph(ontology_path()).subjects() if isinstance(s, URIRef)}
    signature = set(graph.predicates()) | ontology | {
        o for o in graph.objects() if isinstance(o, URIRef)}
    taken: set[int] = set()
    grown = True
    while grown:
        grown = False
        for index, (subject, predicate, _, body) in enumerate(axioms):
            if index in taken:
                continue
            mentioned = {term for triple in body for term in triple if isinstance(term, URIRef)}
            about = subject in signature
            linked = predicate not in _ABOUT and bool(mentioned & signature)
            if about or linked:
                taken.add(index)
                if mentioned - signature:
                    signature |= mentioned
                    grown = True
    for index in sorted(taken):
        yield from axioms[index][3]


def _axioms(source: Graph) -> Iterator[tuple[Node, Node, Node, list[_Triple]]]:
    objects = set(source.objects())
    for top in {s for s in source.subjects() if isinstance(s, BNode) and s not in objects}:
        body: list[_Triple] = []  # an axiom of its own, e.g. owl:AllDisjointClasses
        _expression(source, top, body, set())
        yield top, OWL.members, top, body
    for subject, predicate, obj in source:
        if not isinstance(subject, URIRef) or predicate in _ANNOTATIONS:
            continue
        if predicate not in _ABOUT and not str(predicate).startswith(str(OWL)):
            continue
        if isinstance(obj, Literal) and not str(predicate).startswith(str(OWL)):
            continue
        triples: list[_Triple] = [(subject, predicate, obj)]
        _expression(source, obj, triples, set())
        yield subject, predicate, obj, triples


def _expression(source: Graph, node: Node, body: list[_Triple], seen: set[Node]) -> None:
    """Add the triples of the blank-node structure under ``node`` (a class expression)."""
    if not isinstance(node, BNode) or node in seen:
        return
    seen.add(node)
    for predicate, obj in source.predicate_objects(node):
        body.append((node, predicate, obj))
        _expression(source, obj, body, seen)
