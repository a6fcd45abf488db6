"""The shapes of a SHACL shapes graph, read the way the reference engine (pyshacl) reads them.

:func:`read_shapes` finds every shape (declared ``sh:NodeShape``/``sh:PropertyShape``, the
subjects of targets, ``sh:property`` and ``sh:node``, and the values of shape-expecting
parameters), and gives each a :class:`Shape`: its path, severity, messages, targets and the
parameters of its constraint components, grouped by component as pyshacl evaluates them
(one component per shape however many of its parameters are given).

>>> from rdflib import Graph
>>> shapes = read_shapes(Graph().parse(format="turtle", data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> .
...     @prefix ex: <https://example.org/> .
...     ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
...         sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ] .
... '''))
>>> root = shapes[URIRef("https://example.org/S")]
>>> root.targets.classes, root.is_property
((rdflib.term.URIRef('https://example.org/Thing'),), False)
>>> (child,) = root.properties
>>> sorted(name(c) for c in shapes[child].components)
['MaxCountConstraintComponent', 'MinCountConstraintComponent']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

__all__ = ["COMPONENTS", "Shape", "Targets", "name", "read_shapes"]

# parameter -> the constraint component it belongs to (SHACL Core and SHACL-SPARQL)
COMPONENTS: dict[URIRef, URIRef] = {
    SH["class"]: SH.ClassConstraintComponent,
    SH.datatype: SH.DatatypeConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent,
    SH.minCount: SH.MinCountConstraintComponent,
    SH.maxCount: SH.MaxCountConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent,
    SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH["not"]: SH.NotConstraintComponent,
    SH["and"]: SH.AndConstraintComponent,
    SH["or"]: SH.OrConstraintComponent,
    SH.xone: SH.XoneConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent,
    SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.pattern: SH.PatternConstraintComponent,
    SH.languageIn: SH.LanguageInConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.disjoint: SH.DisjointConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH.node: SH.NodeConstraintComponent,
    SH.property: SH.PropertyConstraintComponent,
    SH.qualifiedValueShape: SH.QualifiedMinCountConstraintComponent,
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
    SH.qualifiedMaxCount: SH.QualifiedMinCountConstraintComponent,
    SH.qualifiedValueShapesDisjoint: SH.QualifiedMinCountConstraintComponent,
    SH.closed: SH.ClosedConstraintComponent,
    SH.ignoredProperties: SH.ClosedConstraintComponent,
    SH.hasValue: SH.HasValueConstraintComponent,
    SH["in"]: SH.InConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
}
_SHAPE_VALUED = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)


def name(iri: URIRef) -> str:
    """The local name of a SHACL IRI (``sh:MinCountConstraintComponent`` → its name)."""
    return str(iri).rsplit("#", 1)[-1]


@dataclass(frozen=True)
class Targets:
    """What a shape targets: classes (with their subclasses), nodes, subjects/objects of."""

    classes: tuple[URIRef, ...] = ()
    nodes: tuple[Node, ...] = ()
    subjects_of: tuple[URIRef, ...] = ()
    objects_of: tuple[URIRef, ...] = ()
    advanced: bool = False  # sh:target (SHACL-AF): not understood here

    def __bool__(self) -> bool:
        return bool(self.classes or self.nodes or self.subjects_of or self.objects_of
                    or self.advanced)


@dataclass
class Shape:
    """One shape of the shapes graph, as pyshacl sees it."""

    node: URIRef | BNode
    path: Node | None  # a property shape's sh:path (a node of the shapes graph)
    severity: URIRef
    messages: tuple[Literal, ...]
    deactivated: bool
    targets: Targets
    # component IRI -> {parameter: its values}, in the order the shapes graph lists them
    components: dict[URIRef, dict[URIRef, tuple[Node, ...]]] = field(default_factory=dict)
    problem: str | None = None  # why this shape cannot be read as pyshacl reads it

    @property
    def is_property(self) -> bool:
        return self.path is not None

    @property
    def properties(self) -> tuple[Node, ...]:
        """The property shapes of ``sh:property``."""
        return self.components.get(SH.PropertyConstraintComponent, {}).get(SH.property, ())

    def parameter(self, parameter: URIRef) -> tuple[Node, ...]:
        return self.components.get(COMPONENTS[parameter], {}).get(parameter, ())


def read_shapes(graph: Graph) -> dict[Node, Shape]:
    """Every shape of ``graph`` by its node (see the module docs)."""
    declared_node = set(graph.subjects(RDF.type, SH.NodeShape))
    declared_property = set(graph.subjects(RDF.type, SH.PropertyShape))
    candidates: set[Node] = set()
    for predicate in (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf,
                      SH.property, SH.node):
        candidates.update(graph.subjects(predicate, None))
    for predicate in _SHAPE_VALUED:
        candidates.update(graph.objects(None, predicate))
    for predicate in _SHAPE_LISTS:
        for head in graph.objects(None, predicate):
            candidates.update(graph.items(head))
    candidates |= declared_node | declared_property
    class_like = {RDFS.Class, *graph.subjects(RDFS.subClassOf, RDFS.Class)}
    shapes: dict[Node, Shape] = {}
    for node in candidates:
        if not isinstance(node, URIRef | BNode):
            continue
        paths = list(graph.objects(node, SH.path))
        problem = None
        if node in declared_node and paths:
            problem = "a sh:NodeShape has a sh:path"
        elif len(paths) > 1:
            problem = "a property shape has more than one sh:path"
        elif node in declared_property and not paths:
            problem = "a sh:PropertyShape has no sh:path"
        path = paths[0] if paths and node not in declared_node else None
        shapes[node] = _shape(graph, node, path, class_like, problem)
    return shapes


def _shape(graph: Graph, node: URIRef | BNode, path: Node | None, class_like: set[Node],
           problem: str | None) -> Shape:
    severities = list(graph.objects(node, SH.severity))
    severity = severities[0] if severities else SH.Violation
    deactivated = list(graph.objects(node, SH.deactivated))
    if len(deactivated) > 1 or (deactivated and not isinstance(deactivated[0], Literal)):
        problem = problem or "sh:deactivated must be one literal"
    classes = list(graph.objects(node, SH.targetClass))
    if set(graph.objects(node, RDF.type)) & class_like:
        classes.append(node)  # an implicit class target
    targets = Targets(
        classes=_iris(classes),
        nodes=_unique(graph.objects(node, SH.targetNode)),
        subjects_of=_iris(graph.objects(node, SH.targetSubjectsOf)),
        objects_of=_iris(graph.objects(node, SH.targetObjectsOf)),
        advanced=(node, SH.target, None) in graph,
    )
    if any(not isinstance(c, URIRef) for c in graph.objects(node, SH.targetClass)):
        problem = problem or "a sh:targetClass that is not an IRI"
    components: dict[URIRef, dict[URIRef, tuple[Node, ...]]] = {}
    for predicate, _ in graph.predicate_objects(node):
        component = COMPONENTS.get(predicate)  # type: ignore[call-overload]
        if component is None or predicate in components.get(component, {}):
            continue
        values = _unique(graph.objects(node, predicate))
        components.setdefault(component, {})[predicate] = values  # type: ignore[index]
    return Shape(
        node=node,
        path=path,
        severity=severity if isinstance(severity, URIRef) else SH.Violation,
        messages=tuple(m for m in _unique(graph.objects(node, SH.message))
                       if isinstance(m, Literal)),
        deactivated=bool(deactivated and isinstance(deactivated[0], Literal)
                         and deactivated[0].value),
        targets=targets,
        components=components,
        problem=problem,
    )


def _iris(values: Iterable[Node]) -> tuple[URIRef, ...]:
    return tuple(dict.fromkeys(v for v in values if isinstance(v, URIRef)))


def _unique(values: Iterable[Node]) -> tuple[Node, ...]:
    """The values without repeats, in the order the shapes graph gives them (as pyshacl)."""
    return tuple(dict.fromkeys(values))


def sparql_prefixes(graph: Graph, holders: Iterable[Node]) -> Mapping[str, str]:
    """The prefixes a SPARQL-based constraint may use, as pyshacl collects them.

    ``rdf``, ``rdfs`` and ``owl`` always; then the ``sh:declare`` of each ``sh:prefixes``
    value, and (unless that value is itself an ontology with declarations of its own) those
    of every ``owl:Ontology`` of the shapes graph.
    """
    from rdflib.namespace import OWL

    prefixes = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    named = set(graph.objects(graph.identifier, SH.declare))
    shared = named.union(*(set(graph.objects(o, SH.declare)) for o in ontologies))
    for holder in holders:
        own = set(graph.objects(holder, SH.declare))
        declarations = own | named if own and holder in ontologies else shared | own
        for declaration in declarations:
            prefix = graph.value(declaration, SH.prefix)
            namespace = graph.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                prefixes[str(prefix)] = str(namespace)
    return prefixes
