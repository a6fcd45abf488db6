"""The messages of results whose shape gives none: the words pyshacl uses.

A shape's ``sh:message`` is the message of each of its results; without one, each
constraint component says what went wrong in a sentence of its own (``Less than 1 values on
ex:a->ex:name``). Nodes are written as pyshacl writes them: IRIs as prefixed names where a
prefix is known, literals as ``Literal("true" = True, datatype=xsd:boolean)``, blank nodes as
their description (``[ ex:p ex:o ]``). Where pyshacl lists the members of a set in the
order of its Python ``set`` (``sh:in``, ``sh:hasValue``), which changes from run to run,
the list is in the order of the shapes graph.

>>> from rdflib import XSD, Graph, Literal
>>> names = Graph().namespace_manager
>>> text(Graph(), Literal("true", datatype=XSD.boolean), names)
'Literal("true" = True, datatype=xsd:boolean)'
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, NamespaceManager
from rdflib.term import Node

from .shapes import Shape

__all__ = ["generic_message", "text", "with_sh"]


def text(graph: Graph, node: Node, names: NamespaceManager, _depth: int = 0) -> str:
    """``node`` as pyshacl writes it in messages (blank nodes described from ``graph``)."""
    if isinstance(node, Literal):
        lexical = str(node)
        value = None if node.value is None else str(node.value)
        if value is not None and " object at 0x" in value:
            value = value[: value.find(" object at 0x")]
        shown = f'"{lexical}" = {value}' if value is not None and value != lexical \
            else f'"{lexical}"'
        lang = f", lang={node.language}" if node.language else ""
        datatype = f", datatype={text(graph, node.datatype, names)}" if node.datatype else ""
        return f"Literal({shown}{lang}{datatype})"
    if isinstance(node, BNode):
        return _blank(graph, node, names, _depth + 1)
    if isinstance(node, URIRef):
        try:
            return node.n3(namespace_manager=names)
        except Exception:  # rdflib cannot make a prefixed name of some IRIs
            return str(node)
    return str(node)


def _blank(graph: Graph, node: BNode, names: NamespaceManager, depth: int) -> str:
    if depth >= 12:
        return "<http://recursion.too.deep>"
    predicates = list(graph.predicates(node))
    if not predicates:
        return "[ ]"
    if RDF.first in predicates:
        return "( {} )".format(" ".join(text(graph, item, names, depth)
                                        for item in graph.items(node)))
    described: dict[str, str] = {}
    for predicate in predicates:
        shown = predicate.n3(namespace_manager=names)
        objects = sorted(text(graph, o, names, depth) for o in graph.objects(node, predicate))
        if objects:
            described[shown] = ", ".join(objects)
    parts = [f"{p} {o}" for p, o in sorted(described.items())]
    return "[ {} ]".format(" ; ".join(parts))


def with_sh(names: NamespaceManager) -> NamespaceManager:
    """A copy of ``names`` with the ``sh`` prefix added where free (as pyshacl does)."""
    copy = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, namespace in names.namespaces():
        copy.bind(prefix, namespace, override=False, replace=True)
    copy.bind("sh", SH, override=False, replace=False)
    return copy


def generic_message(shape: Shape, component: URIRef, focus: Node, value: Node | None,
                    shapes: Graph, data: Graph, names: NamespaceManager,
                    shape_names: NamespaceManager) -> str:
    """pyshacl's message for a result of ``component`` of ``shape`` (which has no message).

    ``data`` describes blank nodes of the data; ``names`` holds the prefixes used for data
    nodes and ``shape_names`` those for nodes of the shapes graph (see :func:`with_sh`).
    """

    def sg(node: Node) -> str:
        return text(shapes, node, shape_names)

    def dg(node: Node | None) -> str:
        return text(data, node, names) if node is not None else "None"

    def joined(parameter: URIRef, one: str, many: str, separator: str,
               show: Callable[[Node], str]) -> str:
        values = list(shapes.objects(shape.node, parameter))
        if len(values) < 2:
            return one.format(show(values[0]))
        return many.format(separator.join(show(v) for v in values))

    def several(parameter: URIRef, one: str, many: str) -> str:
        return joined(parameter, one, many, ", ", sg)

    def shape_lists(parameter: URIRef) -> str:
        heads = list(shapes.objects(shape.node, parameter))
        listed = [" , ".join(sg(m) for m in shapes.items(head)) for head in heads]
        return listed[0] if len(listed) < 2 else " and ".join(f"({m})" for m in listed)

    def first(parameter: URIRef) -> Node:
        return next(iter(shapes.objects(shape.node, parameter)))

    def number(parameter: URIRef) -> str:
        found = first(parameter)
        return str(found.value) if isinstance(found, Literal) else str(found)

    name = str(component).rsplit("#", 1)[-1]
    on_path = f"{dg(focus)}->{sg(shape.path)}" if shape.path is not None else dg(focus)
    messages: dict[str, Callable[[], str]] = {
        "ClassConstraintComponent": lambda: several(
            SH["class"], "Value does not have class {}", "Value class is not in classes ({})"),
        "DatatypeConstraintComponent": lambda: "Value is not Literal with datatype "
                                               f"{sg(first(SH.datatype))}",
        "NodeKindConstraintComponent": lambda: "Value is not of Node Kind "
                                               f"{sg(first(SH.nodeKind))}",
        "MinCountConstraintComponent": lambda: f"Less than {number(SH.minCount)} values on "
                                               f"{on_path}",
        "MaxCountConstraintComponent": lambda: f"More than {number(SH.maxCount)} values on "
                                               f"{on_path}",
        "MinExclusiveConstraintComponent": lambda: several(
            SH.minExclusive, "Value is not > {}", "Value is not > in ({})"),
        "MinInclusiveConstraintComponent": lambda: several(
            SH.minInclusive, "Value is not >= {}", "Value is not >= in ({})"),
        "MaxExclusiveConstraintComponent": lambda: several(
            SH.maxExclusive, "Value is not < {}", "Value is not < in ({})"),
        "MaxInclusiveConstraintComponent": lambda: several(
            SH.maxInclusive, "Value is not <= {}", "Value is not <= in ({})"),
        "MinLengthConstraintComponent": lambda: "String length not >= "
                                                f"{dg(first(SH.minLength))}",
        "MaxLengthConstraintComponent": lambda: "String length not <= "
                                                f"{dg(first(SH.maxLength))}",
        "PatternConstraintComponent": lambda: joined(
            SH.pattern, "Value does not match pattern '{}'",
            "Value does not match every pattern in ('{}')", "', '", str),
        "LanguageInConstraintComponent": lambda: "String language is not in "
                                                 f"{sg(first(SH.languageIn))}",
        "UniqueLangConstraintComponent": lambda: "More than one String shares the same Language",
        "EqualsConstraintComponent": lambda: "Value of {}->{} != {}".format(
            dg(focus), several(SH.equals, "{}", "{}"), dg(value)),
        "DisjointConstraintComponent": lambda: "Value of {}->{} == {}".format(
            dg(focus), several(SH.disjoint, "{}", "{}"), dg(value)),
        "LessThanConstraintComponent": lambda: "Value of {}->{} < {}".format(
            dg(focus), several(SH.lessThan, "{}", "{}"), dg(value)),
        "LessThanOrEqualsConstraintComponent": lambda: "Value of {}->{} <= {}".format(
            dg(focus), several(SH.lessThanOrEquals, "{}", "{}"), dg(value)),
        "NodeConstraintComponent": lambda: joined(
            SH.node, "Value does not conform to Shape {}.",
            "Value must conform to every Shape in ('{}').", "', '", sg) +
            " See details for more information.",
        "NotConstraintComponent": lambda: "Node {} must not conform to {}".format(
            dg(value), joined(SH["not"], "shape {}", "any shapes in {}", " , ", sg)),
        "AndConstraintComponent": lambda: f"Node {dg(value)} must conform to all shapes in "
                                          f"{shape_lists(SH['and'])}",
        "OrConstraintComponent": lambda: f"Node {dg(value)} must conform to one or more shapes "
                                         f"in {shape_lists(SH['or'])}",
        "XoneConstraintComponent": lambda: f"Node {dg(value)} must conform to exactly one shape "
                                           f"in {shape_lists(SH.xone)}",
        "InConstraintComponent": lambda: "Value {} not in list {}".format(
            dg(value), [sg(v) for v in shapes.items(first(SH["in"]))]),
        "ClosedConstraintComponent": lambda: f"Node {dg(focus)} is closed. It cannot have "
                                             f"value: {dg(value)}",
        "HasValueConstraintComponent": lambda: (
            f"Node {on_path} does not contain a value in the set: "
            if shape.path is not None else f"Node {dg(focus)} value is not a in the set of "
                                           "values: ") + str(
            [sg(v) for v in shapes.objects(shape.node, SH.hasValue)]),
    }
    maker = messages.get(name)
    return maker() if maker is not None else ""
