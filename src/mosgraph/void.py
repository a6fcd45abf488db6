"""A VoID description of a graph: how big it is, which classes and properties it uses.

:func:`describe_void` counts what is in a graph and writes the counts with the
`VoID vocabulary <http://rdfs.org/ns/void#>`_: triples, entities, distinct subjects and
objects, one class partition per class (with its number of instances) and one property
partition per property (with its number of triples), the vocabularies used, a few example
resources, and where the data can be had (dumps, SPARQL endpoint). Every node has an IRI
minted from the dataset's IRI, so the same graph always gives the same triples.

>>> from rdflib import Graph, URIRef
>>> data = Graph().parse(format="turtle", data='''
...     @prefix foaf: <http://xmlns.com/foaf/0.1/> .
...     @prefix id: <https://example.org/id/> .
...     id:ada a foaf:Person ; foaf:name "Ada" ; foaf:knows id:bob .
...     id:bob a foaf:Person ; foaf:name "Bob" .
... ''')
>>> stats = statistics(data)
>>> stats.triples, stats.entities, stats.distinct_subjects, stats.distinct_objects
(5, 2, 2, 4)
>>> stats.uri_space, stats.classes
('https://example.org/id/', {'http://xmlns.com/foaf/0.1/Person': 2})
>>> void = describe_void(data, URIRef("https://example.org/dataset"))
>>> print(void.value(URIRef("https://example.org/dataset"), VOID.properties))
3
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG
from rdflib.term import Node

from . import vocab
from .vocab import VOID

__all__ = ["PREFIXES", "VOID", "Statistics", "describe_void", "query_statistics", "statistics"]

# prefixes used to name partitions (``.../class/foaf-Person``); independent of the prefixes
# a file happens to declare, so that the same triples always give the same IRIs
PREFIXES: dict[str, str] = {
    **{namespace: prefix for prefix, namespace in vocab.PREFIXES.items()
       if prefix in (*vocab.WELL_KNOWN, "dcat", "void")},
    "http://schema.org/": "schema-http",
}

_EXAMPLE_CLASSES = (
    "https://schema.org/Event",
    str(FOAF.Person),
    str(ORG.FormalOrganization),
    "https://w3id.org/mosgraph/ontology#Decision",
)


@dataclass(frozen=True)
class Statistics:
    """What :func:`statistics` counts in a graph (IRIs as strings, counts as ints)."""

    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    uri_space: str | None
    classes: dict[str, int] = field(default_factory=dict)  # class -> instances
    properties: dict[str, int] = field(default_factory=dict)  # property -> triples
    vocabularies: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


def statistics(graph: Graph) -> Statistics:
    """Count the triples, entities, classes and properties of ``graph``.

    *Entities* are the subjects that are IRIs inside the graph's URI space, the longest
    common ``/``-ended prefix of its IRI subjects. *Vocabularies* are the namespaces of
    its properties and classes. *Examples* are, for a few kinds of thing the graph is about
    (meetings, people, organisations, decisions), the instance with the smallest IRI; if
    none is there, the subject with the smallest IRI.
    """
    subjects: set[Node] = set()
    objects: set[Node] = set()
    property_triples: Counter[str] = Counter()
    instances: dict[str, set[Node]] = {}
    for s, p, o in graph:
        subjects.add(s)
        objects.add(o)
        property_triples[str(p)] += 1
        if p == RDF.type and isinstance(o, URIRef):
            instances.setdefault(str(o), set()).add(s)
    iri_subjects = sorted(str(s) for s in subjects if isinstance(s, URIRef))
    uri_space = _uri_space(iri_subjects)
    entities = sum(1 for s in iri_subjects if uri_space and s.startswith(uri_space))
    classes = {c: len(members) for c, members in sorted(instances.items())}
    properties = dict(sorted(property_triples.items()))
    vocabularies = tuple(sorted({_namespace(t) for t in (*classes, *properties)}))
    examples = [
        min(str(m) for m in instances[c] if isinstance(m, URIRef))
        for c in _EXAMPLE_CLASSES
        if any(isinstance(m, URIRef) for m in instances.get(c, ()))
    ]
    if not examples and iri_subjects:
        examples = [iri_subjects[0]]
    return Statistics(
        triples=len(graph),
        entities=entities,
        distinct_subjects=len(subjects),
        distinct_objects=len(objects),
        uri_space=uri_space,
        classes=classes,
        properties=properties,
        vocabularies=vocabularies,
        examples=tuple(dict.fromkeys(examples)),
    )


Rows = Sequence[Sequence[str | None]]


def query_statistics(select: Callable[[str], Rows]) -> Statistics:
    """What :func:`statistics` counts, asked of a store with SPARQL (``select`` runs a
    ``SELECT`` and gives each row's values as strings), so that a graph too large to hold in
    memory is counted where it is. The counts are those of :func:`statistics`, as far as
    the store keeps terms apart (Oxigraph stores ``"5"^^xsd:nonNegativeInteger`` as
    ``"5"^^xsd:integer``, so both count as one distinct object there).

    >>> graph = Graph().parse(format="turtle", data="<http://x/a> a <http://x/C> .")
    >>> stats = query_statistics(lambda q: [[None if v is None else str(v) for v in row]
    ...                                     for row in graph.query(q)])
    >>> stats == statistics(graph)
    True
    """

    def number(query: str) -> int:
        rows = select(query)
        return int(rows[0][0] or 0) if rows else 0

    triples = number("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    subjects = number("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }")
    objects = number("SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }")
    ends = select("SELECT (MIN(STR(?s)) AS ?first) (MAX(STR(?s)) AS ?last) WHERE { "
                  "?s ?p ?o FILTER(isIRI(?s)) }")
    first, last = (ends[0][0], ends[0][1]) if ends else (None, None)
    uri_space = _uri_space([first, last]) if first and last else None
    entities = number("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
                      f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), {_string(uri_space)})) }}") \
        if uri_space else 0
    classes = {c: int(n or 0) for c, n in select(
        f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <{RDF.type}> ?c FILTER(isIRI(?c)) }} "
        "GROUP BY ?c") if c is not None}
    examples_by_class = {c: e for c, e in select(
        f"SELECT ?c (MIN(STR(?s)) AS ?e) WHERE {{ ?s <{RDF.type}> ?c "
        "FILTER(isIRI(?c) && isIRI(?s)) } GROUP BY ?c") if c is not None and e is not None}
    properties = {p: int(n or 0) for p, n in select(
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p") if p is not None}
    classes, properties = dict(sorted(classes.items())), dict(sorted(properties.items()))
    examples = [examples_by_class[c] for c in _EXAMPLE_CLASSES if c in examples_by_class]
    if not examples and first:
        examples = [first]
    return Statistics(
        triples=triples, entities=entities, distinct_subjects=subjects,
        distinct_objects=objects, uri_space=uri_space, classes=classes, properties=properties,
        vocabularies=tuple(sorted({_namespace(t) for t in (*classes, *properties)})),
        examples=tuple(dict.fromkeys(examples)))


def _string(text: str | None) -> str:
    return '"' + (text or "").replace("\\", "\\\\").replace('"', '\\"') + '"'


def describe_void(
    graph: Graph,
    dataset: URIRef,
    *,
    title: str | None = None,
    dumps: Iterable[str] = (),
    sparql_endpoint: str | None = None,
    stats: Statistics | None = None,
) -> Graph:
    """A VoID description of ``graph`` as the ``void:Dataset`` ``dataset``.

    Class partitions are ``<dataset>/class/PREFIX-Local``, property partitions
    ``<dataset>/property/PREFIX-Local`` (prefixes from :data:`PREFIXES`). ``dumps`` are the
    download URLs of RDF files of the graph (``void:dataDump``). ``stats`` are the counts,
    if they were made already (:func:`query_statistics`); else they are counted in ``graph``.
    """
    stats = stats if stats is not None else statistics(graph)
    void = Graph()
    for prefix, namespace in (("void", VOID), ("dcterms", DCTERMS), ("xsd", XSD)):
        void.bind(prefix, namespace)
    void.add((dataset, RDF.type, VOID.Dataset))
    if title:
        void.add((dataset, DCTERMS.title, Literal(title, lang="en")))

    def count(value: int) -> Literal:
        return Literal(value, datatype=XSD.integer)

    void.add((dataset, VOID.triples, count(stats.triples)))
    void.add((dataset, VOID.entities, count(stats.entities)))
    void.add((dataset, VOID.distinctSubjects, count(stats.distinct_subjects)))
    void.add((dataset, VOID.distinctObjects, count(stats.distinct_objects)))
    void.add((dataset, VOID.properties, count(len(stats.properties))))
    void.add((dataset, VOID.classes, count(len(stats.classes))))
    if stats.uri_space:
        void.add((dataset, VOID.uriSpace, Literal(stats.uri_space)))
    for vocabulary in stats.vocabularies:
        void.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    for example in stats.examples:
        void.add((dataset, VOID.exampleResource, URIRef(example)))
    for dump in dumps:
        void.add((dataset, VOID.dataDump, URIRef(dump)))
    if sparql_endpoint:
        void.add((dataset, VOID.sparqlEndpoint, URIRef(sparql_endpoint)))
    for rdf_class, instances in stats.classes.items():
        partition = URIRef(f"{dataset}/class/{_local_name(rdf_class)}")
        void.add((dataset, VOID.classPartition, partition))
        void.add((partition, RDF.type, VOID.Dataset))
        void.add((partition, VOID["class"], URIRef(rdf_class)))
        void.add((partition, VOID.entities, count(instances)))
    for rdf_property, triples in stats.properties.items():
        partition = URIRef(f"{dataset}/property/{_local_name(rdf_property)}")
        void.add((dataset, VOID.propertyPartition, partition))
        void.add((partition, RDF.type, VOID.Dataset))
        void.add((partition, VOID.property, URIRef(rdf_property)))
        void.add((partition, VOID.triples, count(triples)))
    return void


def _uri_space(sorted_iris: list[str]) -> str | None:
    """The longest prefix ending in ``/`` or ``#`` shared by all of ``sorted_iris``."""
    if not sorted_iris:
        return None
    first, last = sorted_iris[0], sorted_iris[-1]  # sorted: they differ most
    length = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b),
                  min(len(first), len(last)))
    prefix = first[:length]
    cut = max(prefix.rfind("/"), prefix.rfind("#"))
    # a bare scheme ("https://") is no URI space
    return prefix[: cut + 1] if cut >= 0 and not prefix[: cut + 1].endswith("://") else None


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _local_name(iri: str) -> str:
    """``foaf-Person`` for foaf:Person: readable, case kept, one per IRI."""
    namespace = _namespace(iri)
    prefix = PREFIXES.get(namespace) or "ns-" + hashlib.sha256(
        namespace.encode("utf-8")).hexdigest()[:8]
    local = iri[len(namespace):]
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", local)
    if safe != local or not safe:  # keep names unique when characters had to be replaced
        safe += "-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:8]
    return f"{prefix}-{safe}"
