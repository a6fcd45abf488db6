"""Shapes compiled to whole-graph SPARQL: one query per constraint component per shape.

:func:`compile_shapes` turns every shape that has targets (a *root*) into :class:`Check`
queries. Each query finds, in one pass over the graph, every focus node of the shape that
breaks one constraint, with the value at fault; the focus nodes are the shape's targets
(``sh:targetClass`` with ``rdfs:subClassOf*``, ``sh:targetNode``, ``sh:targetSubjectsOf``,
``sh:targetObjectsOf``, implicit class targets), or, for the property shapes of a shape,
its value nodes. Constraints that take other shapes (``sh:node``, ``sh:not``, ``sh:and``,
``sh:or``, ``sh:xone``) become ``EXISTS`` filters that test conformance to those shapes
inside the same query.

The queries follow pyshacl, the reference engine, wherever SHACL leaves room (results of
``sh:minCount`` carry no value; ``sh:hasValue`` none either; one result per duplicated
language for ``sh:uniqueLang``; warnings do not make a node fail ``sh:or``). Where SPARQL
and Python disagree on the edge of a value space (is ``"2021-02-29"^^xsd:date`` a date?
how does ``"1e2"`` compare with ``"100"``? does ``$`` match before a final newline?), the
query marks the value as *in doubt* (``?doubt``) and :mod:`mosgraph.shacl.exact` decides
it in Python exactly as pyshacl does; values in the plain forms that stores write are
decided in the query. Inside ``sh:node``/``sh:or``/... conformance checks, doubtful values
follow SPARQL.

The tests of one shape that look at each value node (``sh:class``, ``sh:datatype``, ...) share
one query, with a flag per test, and so do its tests of focus nodes (``sh:hasValue``,
``sh:minCount 1``); ``sh:minCount`` and ``sh:maxCount`` count the values once.

A root whose shapes use something this compiler does not translate is returned in
:attr:`Plan.fallback` with the reason, for the reference engine to validate.

>>> from rdflib import Graph
>>> from mosgraph.shacl.shapes import read_shapes
>>> g = Graph().parse(format="turtle", data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
...     ex:S sh:targetClass ex:Thing ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
... ''')
>>> plan = compile_shapes(read_shapes(g), g, lambda c: (c,))
>>> [check.kind for check in plan.checks], plan.fallback
(['focuses'], [])
>>> print(plan.checks[0].query)  # doctest: +NORMALIZE_WHITESPACE
SELECT DISTINCT ?this ?bad0 WHERE { ?this <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>
<https://example.org/Thing> . BIND (COALESCE(!EXISTS { ?this <https://example.org/name> ?v1 },
true) AS ?bad0) FILTER (?bad0) }
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ..errors import InputError
from .paths import exists, iri, sparql_path
from .shapes import Shape, name, sparql_prefixes

__all__ = ["INTEGER_SUBTYPES", "Check", "Plan", "Unsupported", "compile_shapes"]

Subclasses = Callable[[URIRef], tuple[URIRef, ...]]
Scope = Callable[[str], str]  # variable -> a group pattern binding it to the focus nodes
Focus = Callable[[str], "Sequence[Node] | None"]  # a target pattern -> its focus nodes
Parameters = dict[URIRef, tuple[Node, ...]]  # a component's parameters and their values

_TYPE = iri(RDF.type)
_ALLOWED_SEVERITIES = (SH.Warning, SH.Info)  # pyshacl runs with allow_warnings/allow_infos
_PLAIN = '"^[ -~]*$"'  # printable ASCII: where SPARQL and Python regexes agree
_SIMPLE_PATTERN = re.compile(r"(?:[^\\(\[]|\\[dDwWsS.\\\-\[\](){}*+?|^$/]|\((?!\?)|\[(?![:=.]))*")
# literals in these forms are well-formed for rdflib and the XSD alike (others: in doubt)
_YEAR, _TIME = r"[1-9][0-9]{3}", r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
_DATE = (rf"{_YEAR}-(((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01]))|((0[469]|11)-"
         r"(0[1-9]|[12][0-9]|30))|(02-(0[1-9]|1[0-9]|2[0-8])))")
_SAFE: dict[URIRef, str] = {
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.nonNegativeInteger: r"^\+?[0-9]+$",
    XSD.positiveInteger: r"^\+?0*[1-9][0-9]*$",
    XSD.nonPositiveInteger: r"^(-[0-9]+|\+?0+)$",
    XSD.negativeInteger: r"^-0*[1-9][0-9]*$",
    XSD.long: r"^[+-]?[0-9]{1,18}$",
    XSD.int: r"^[+-]?[0-9]{1,9}$",
    XSD.short: r"^[+-]?[0-9]{1,4}$",
    XSD.byte: r"^[+-]?[0-9]{1,2}$",
    XSD.unsignedLong: r"^\+?[0-9]{1,19}$",
    XSD.unsignedInt: r"^\+?[0-9]{1,9}$",
    XSD.unsignedShort: r"^\+?[0-9]{1,4}$",
    XSD.unsignedByte: r"^\+?[0-9]{1,2}$",
    XSD.decimal: r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    XSD.double: r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$",
    XSD.float: r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$",
    XSD.boolean: r"^(true|false|1|0)$",
    XSD.date: rf"^{_DATE}$",
    XSD.dateTime: rf"^{_DATE}T{_TIME}$",
    XSD.time: rf"^{_TIME}$",
}
_ORDERED_NUMBERS = (XSD.integer, XSD.decimal)  # compared alike by SPARQL and Python
# numbers whose valid lexical forms SPARQL's isNumeric tells (rdflib reads every one of them)
_NUMBERS = frozenset({XSD.integer, XSD.decimal, XSD.double, XSD.float})
# Oxigraph stores literals of these datatypes as xsd:integer
INTEGER_SUBTYPES = frozenset({
    XSD.nonNegativeInteger, XSD.positiveInteger, XSD.nonPositiveInteger, XSD.negativeInteger,
    XSD.long, XSD.int, XSD.short, XSD.byte, XSD.unsignedLong, XSD.unsignedInt,
    XSD.unsignedShort, XSD.unsignedByte})


class Unsupported(Exception):
    """A shape feature the compiler does not translate (the reference engine takes it)."""


@dataclass(frozen=True)
class Check:
    """One query and how to read its rows.

    ``kind`` says what a row is: ``value`` (``?this ?value ?doubt``: a value node that
    breaks the constraint, or whose case :mod:`~mosgraph.shacl.exact` decides), ``focus``
    (``?this``: a focus node, no value), ``pair`` (``?this ?value ?other``: a value that
    is not less than another; ``?doubt`` as for ``value``), ``lang`` (``?this ?lang``),
    ``closed`` (``?this ?path ?value``), ``count`` (``?this ?count``: a focus node with
    fewer values than ``counts[0]`` or more than ``counts[1]``), ``values`` (``?this ?value``
    and, for each of ``parts``, ``?bad<i>`` and ``?doubt<i>``: every value test of a shape
    in one pass), ``focuses`` (``?this`` and ``?bad<i>``: the tests of focus nodes, such as
    ``sh:hasValue``) or ``sparql`` (the rows of a SPARQL-based constraint).
    """

    query: str
    kind: str
    shape: Shape
    component: URIRef
    rule: Node | None = None  # the parameter value checked (a class, a pattern, ...)
    constraint: Node | None = None  # sh:sparql node
    messages: tuple[Literal, ...] = ()  # the sh:message of a SPARQL-based constraint
    flags: str = ""  # sh:flags of a pattern
    counts: tuple[int, int | None] = (0, None)  # kind "count": sh:minCount, sh:maxCount
    parts: tuple[Part, ...] = ()  # kinds "values" and "focuses": the tests of one query


@dataclass(frozen=True)
class Part:
    """One test of a grouped check: its component and the parameter value it tests."""

    component: URIRef
    rule: Node | None = None
    flags: str = ""


@dataclass
class Plan:
    """The queries for the roots the compiler covers; the others, with the reason."""

    checks: list[Check] = field(default_factory=list)
    fallback: list[tuple[Node, str]] = field(default_factory=list)


def compile_shapes(shapes: dict[Node, Shape], graph: Graph, subclasses: Subclasses, *,
                   integer_subtypes: bool = False, focus: Focus | None = None) -> Plan:
    """The :class:`Plan` for every root shape of ``shapes`` (read from ``graph``).

    ``subclasses(c)`` gives the classes whose instances are instances of ``c`` in the data
    graph (``c`` and its ``rdfs:subClassOf*`` descendants). ``integer_subtypes`` says that
    the data has literals of subtypes of ``xsd:integer``, which the store keeps as
    ``xsd:integer``: the datatype of every integer is then decided in Python, from the data.
    ``focus(pattern)`` may answer the focus nodes a target pattern (over ``?this``) selects,
    for a root whose targets are more than one class: its queries then start from them
    (``VALUES``) instead of matching the targets again in each query.
    """
    plan = Plan()
    for node, shape in sorted(shapes.items(), key=lambda item: item[0].n3()):
        if not shape.targets or shape.deactivated:
            continue
        compiler = _Compiler(shapes, graph, subclasses, integer_subtypes, focus)
        try:
            compiler.root(shape)
        except Unsupported as reason:
            plan.fallback.append((node, str(reason)))
            continue
        plan.checks.extend(compiler.checks)
    return plan


def term(node: Node) -> str:
    """A constant of the shapes graph as SPARQL text (blank nodes cannot be one)."""
    if isinstance(node, URIRef):
        return iri(node)
    if isinstance(node, Literal):
        if node.datatype is not None:
            return f"{_string(str(node))}^^{iri(node.datatype)}"
        if node.language:
            return f"{_string(str(node))}@{node.language}"
        return _string(str(node))
    raise Unsupported("a blank node used as a value in the shapes")


def _string(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r"))
    return f'"{escaped}"'


class _Compiler:
    """Compiles one root shape and every shape it reaches."""

    def __init__(self, shapes: dict[Node, Shape], graph: Graph, subclasses: Subclasses,
                 integer_subtypes: bool = False, focus: Focus | None = None):
        self.integer_subtypes = integer_subtypes
        self.focus = focus
        self.shapes = shapes
        self.graph = graph
        self.subclasses = subclasses
        self.checks: list[Check] = []
        self.count = 0
        self.stack: list[Node] = []

    def fresh(self, stem: str = "v") -> str:
        self.count += 1
        return f"?{stem}{self.count}"

    def shape(self, node: Node) -> Shape:
        found = self.shapes.get(node)
        if found is None:
            raise Unsupported(f"{node.n3()} is used as a shape but is not one")
        if found.problem:
            raise Unsupported(found.problem)
        return found

    # --- report mode: queries whose rows are results ----------------------------------

    def root(self, shape: Shape) -> None:
        if shape.problem:
            raise Unsupported(shape.problem)
        if shape.targets.advanced:
            raise Unsupported("SHACL-AF targets (sh:target)")
        if (None, RDF.type, SH.ConstraintComponent) in self.graph:
            raise Unsupported("the shapes graph defines constraint components of its own")
        self.report(shape, self.targets(shape))

    def report(self, shape: Shape, scope: Scope) -> None:
        """The checks of ``shape`` for the focus nodes of ``scope``, and of its properties."""
        if shape.deactivated:
            return
        if shape.node in self.stack:
            raise Unsupported("shapes that refer to themselves (recursion)")
        self.stack.append(shape.node)
        counted = self.count_check(shape, scope)
        if counted is not None:
            self.checks.append(counted)
        values: list[tuple[URIRef, ValueTest]] = []
        focuses: list[tuple[Part, str]] = []
        for component, parameters in shape.components.items():
            if component == SH.PropertyConstraintComponent or (
                    counted is not None and component in _COUNTS):
                continue
            tests = self.value_tests(shape, component, parameters)
            if tests is not None:
                values.extend((component, test) for test in tests)
                continue
            conditions = self.focus_conditions(shape, component, parameters)
            if conditions is not None:
                focuses.extend(conditions)
                continue
            maker = getattr(self, f"_report_{name(component)}", None)
            if maker is None:
                raise Unsupported(f"sh:{_parameter(component)} ({name(component)})")
            self.checks.extend(maker(shape, parameters, scope))
        if values:
            self.checks.append(self.values_check(shape, scope, values))
        if focuses:
            self.checks.append(self.focuses_check(shape, scope, focuses))
        for child in shape.properties:
            prop = self.shape(child)
            if not prop.is_property:
                raise Unsupported("sh:property names a shape without a path")
            self.report(prop, self.values_scope(shape, scope) if shape.is_property else scope)
        self.stack.pop()

    def values_scope(self, shape: Shape, scope: Scope) -> Scope:
        """The value nodes of ``shape`` for the focus nodes of ``scope``, as a scope."""
        path = self.path(shape)

        def values(var: str) -> str:
            parent = self.fresh("f")
            return (f"{{ SELECT DISTINCT {var} WHERE {{ {scope(parent)} "
                    f"{parent} {path} {var} . }} }}")

        return values

    def walk(self, shape: Shape, start: str, body: Callable[[str], str] | None) -> str:
        """An expression: a value node of ``start`` passes ``body`` (see :func:`exists`)."""
        assert shape.path is not None
        try:
            return exists(self.graph, shape.path, start, body, self.fresh)
        except InputError as exc:
            raise Unsupported(str(exc)) from exc

    def path(self, shape: Shape) -> str:
        assert shape.path is not None
        try:
            return sparql_path(self.graph, shape.path)
        except InputError as exc:
            raise Unsupported(str(exc)) from exc

    def targets(self, shape: Shape) -> Scope:
        targets = shape.targets
        classes: list[URIRef] = []
        for cls in targets.classes:
            classes.extend(c for c in self.subclasses(cls) if c not in classes)
        constants = " ".join(term(n) for n in targets.nodes)

        def scope(var: str) -> str:
            parts = [f"{var} {_TYPE} {iri(c)} ." for c in classes]
            if targets.nodes:
                parts.append(f"VALUES {var} {{ {constants} }}")
            for predicate in targets.subjects_of:
                parts.append(f"{var} {iri(predicate)} {self.fresh('o')} .")
            for predicate in targets.objects_of:
                parts.append(f"{self.fresh('s')} {iri(predicate)} {var} .")
            if len(parts) == 1 and (len(classes) == 1 or targets.nodes):
                return parts[0]
            union = " UNION ".join(f"{{ {part} }}" for part in parts)
            return f"{{ SELECT DISTINCT {var} WHERE {{ {union} }} }}"

        one_class = len(classes) == 1 and not (targets.nodes or targets.subjects_of
                                                or targets.objects_of)
        if self.focus is not None and not one_class:
            found = self.focus(scope("?this"))
            if found is not None:  # the focus nodes, found once for every query of the root
                constants = " ".join(term(n) for n in found)
                return lambda var: f"VALUES {var} {{ {constants} }}"
        return scope

    def instance_of(self, var: str, classes: Sequence[URIRef]) -> str:
        """A pattern: ``var`` has one of ``classes`` as its ``rdf:type`` (one triple pattern,
        so that it is fast inside EXISTS)."""
        if len(classes) == 1:
            return f"{var} {_TYPE} {iri(classes[0])} ."
        kind = self.fresh("c")
        return f"{var} {_TYPE} {kind} . FILTER ({kind} IN ({', '.join(iri(c) for c in classes)}))"

    def values_check(self, shape: Shape, scope: Scope,
                     tests: list[tuple[URIRef, ValueTest]]) -> Check:
        """One query for every value test of ``shape``: a row per value node that fails one
        of them, or whose case is in doubt, with a flag per test."""
        head = f"{scope('?this')} "
        head += f"?this {self.path(shape)} ?value ." if shape.is_property \
            else "BIND (?this AS ?value)"
        binds, flags = [], []
        for i, (_, test) in enumerate(tests):
            binds.append(f"BIND (COALESCE({test.bad.replace('{v}', '?value')}, true) AS ?bad{i})")
            flags.append(f"?bad{i}")
            if test.doubt is not None:
                binds.append(f"BIND (COALESCE({test.doubt.replace('{v}', '?value')}, false) "
                             f"AS ?doubt{i})")
                flags.append(f"?doubt{i}")
        query = (f"SELECT DISTINCT ?this ?value {' '.join(flags)} WHERE {{ {head} "
                 f"{' '.join(binds)} FILTER ({' || '.join(flags)}) }}")
        parts = tuple(Part(component, test.rule, test.flags) for component, test in tests)
        return Check(query, "values", shape, tests[0][0], parts=parts)

    def focuses_check(self, shape: Shape, scope: Scope, tests: list[tuple[Part, str]]) -> Check:
        """One query for the tests of focus nodes of ``shape`` (each an expression over
        ``?this`` that is true when it fails): a row per focus node that fails one."""
        binds = " ".join(f"BIND (COALESCE({condition}, true) AS ?bad{i})"
                         for i, (_, condition) in enumerate(tests))
        flags = [f"?bad{i}" for i in range(len(tests))]
        query = (f"SELECT DISTINCT ?this {' '.join(flags)} WHERE {{ {scope('?this')} {binds} "
                 f"FILTER ({' || '.join(flags)}) }}")
        return Check(query, "focuses", shape, tests[0][0].component,
                     parts=tuple(part for part, _ in tests))

    def focus_conditions(self, shape: Shape, component: URIRef,
                         parameters: Parameters) -> list[tuple[Part, str]] | None:
        """The focus-node tests of ``sh:hasValue``, ``sh:minCount 1`` and ``sh:maxCount 0``
        (``None`` for another component, or another count)."""
        if component == SH.HasValueConstraintComponent:
            return [(Part(component, value), self.lacks(shape, "?this", value))
                    for value in parameters[SH.hasValue]]
        if component not in _COUNTS:
            return None
        parameter = SH.minCount if component == SH.MinCountConstraintComponent else SH.maxCount
        (rule,) = _exactly_one(parameters[parameter], f"sh:{_parameter(component)}")
        count = _whole_number(rule, f"sh:{_parameter(component)}")
        if not shape.is_property or (parameter == SH.minCount and count == 0):
            return []  # pyshacl ignores counts on node shapes
        if (parameter, count) == (SH.minCount, 1):
            return [(Part(component, rule), f"!{self.walk(shape, '?this', None)}")]
        if (parameter, count) == (SH.maxCount, 0):
            return [(Part(component, rule), self.walk(shape, "?this", None))]
        return None

    # value tests: an expression over one value node ``{v}`` ------------------------------

    def value_tests(self, shape: Shape, component: URIRef,
                    parameters: Parameters) -> list[ValueTest] | None:
        """The tests of a component that judges each value node alone (``None`` if it does
        not: counts, pairs, closed shapes, SPARQL)."""
        maker = getattr(self, f"_{name(component)}", None)
        if maker is None:
            return None
        tests: list[ValueTest] = maker(shape, parameters)
        return tests

    def _ClassConstraintComponent(self, shape: Shape, parameters: Parameters) -> list[ValueTest]:
        tests = []
        for cls in parameters[SH["class"]]:
            if not isinstance(cls, URIRef):
                raise Unsupported("sh:class with a value that is not an IRI")
            bad = f"NOT EXISTS {{ {self.instance_of('{v}', self.subclasses(cls))} }}"
            tests.append(ValueTest(bad, rule=cls))
        return tests

    def _DatatypeConstraintComponent(self, shape: Shape, parameters: Parameters) -> list[ValueTest]:
        (datatype,) = _exactly_one(parameters[SH.datatype], "sh:datatype")
        bad, doubt = _datatype_test(datatype)
        if self.integer_subtypes and (datatype in INTEGER_SUBTYPES or datatype == XSD.integer):
            stored = f"isLiteral({{v}}) && DATATYPE({{v}}) = {iri(XSD.integer)}"
            doubt = f"({doubt}) || ({stored})" if doubt else stored
        return [ValueTest(bad, doubt, bad if doubt is None else f"({bad}) && !({doubt})", datatype)]

    def _NodeKindConstraintComponent(self, shape: Shape, parameters: Parameters) -> list[ValueTest]:
        (kind,) = _exactly_one(parameters[SH.nodeKind], "sh:nodeKind")
        return [ValueTest(_node_kind_test(kind), rule=kind)]

    def _InConstraintComponent(self, shape: Shape, parameters: Parameters) -> list[ValueTest]:
        (head,) = _exactly_one(parameters[SH["in"]], "sh:in")
        members = list(self.graph.items(head))
        if not members:
            return [ValueTest("true", rule=head)]
        listed = " || ".join(f"sameTerm({{v}}, {term(m)})" for m in members)
        return [ValueTest(f"!({listed})", rule=head)]

    def _PatternConstraintComponent(self, shape: Shape, parameters: Parameters) -> list[ValueTest]:
        flag_values = list(self.graph.objects(shape.node, SH.flags))
        flags = "".join(sorted({f for f in str(flag_values[0]).lower() if f in "im"})) \
            if flag_values else ""
        tests = []
        for pattern in parameters[SH.pattern]:
            if not isinstance(pattern, Literal):
                raise Unsupported("a sh:pattern that is not a literal")
            _check_python_pattern(str(pattern), flags)
            regex = f"REGEX(STR({{v}}), {_string(str(pattern))}, {_string(flags)})"
            sparql = f"isBlank({{v}}) || !{regex}"
            if _SIMPLE_PATTERN.fullmatch(str(pattern)) is None:  # decided in Python
                tests.append(ValueTest("isBlank({v})", "!isBlank({v})", sparql, pattern, flags))
            else:
                doubt = f"!isBlank({{v}}) && !REGEX(STR({{v}}), {_PLAIN})"
                tests.append(ValueTest(sparql, doubt, sparql, pattern, flags))
        return tests

    def _MinLengthConstraintComponent(self, shape: Shape,
                                      parameters: Parameters) -> list[ValueTest]:
        tests = []
        for rule in parameters[SH.minLength]:
            length = _whole_number(rule, "sh:minLength")
            if length:
                bad = f"isBlank({{v}}) || STRLEN(STR({{v}})) < {length}"
                tests.append(ValueTest(bad, rule=rule))
        return tests

    def _MaxLengthConstraintComponent(self, shape: Shape,
                                      parameters: Parameters) -> list[ValueTest]:
        (rule,) = _exactly_one(parameters[SH.maxLength], "sh:maxLength")
        length = _whole_number(rule, "sh:maxLength")
        return [ValueTest(f"isBlank({{v}}) || STRLEN(STR({{v}})) > {length}", rule=rule)]

    def _LanguageInConstraintComponent(self, shape: Shape,
                                       parameters: Parameters) -> list[ValueTest]:
        (head,) = _exactly_one(parameters[SH.languageIn], "sh:languageIn")
        wanted = []
        for tag in self.graph.items(head):
            if not isinstance(tag, Literal) or not isinstance(tag.value, str):
                raise Unsupported("sh:languageIn with a value that is not a string")
            wanted.append(str(tag).lower())
        untagged = '!isLiteral({v}) || LANG({v}) = ""'
        if "*" in wanted:
            return [ValueTest(untagged, rule=head)]
        if not wanted:
            return [ValueTest("true", rule=head)]
        listed = ", ".join(_string(t) for t in sorted(set(wanted)))
        bad = (f"{untagged} || !(LCASE(LANG({{v}})) IN ({listed}) || "
               f'LCASE(STRBEFORE(CONCAT(LANG({{v}}), "-"), "-")) IN ({listed}))')
        return [ValueTest(bad, rule=head)]

    def _range(self, parameters: Parameters, parameter: URIRef,
               operator: str) -> list[ValueTest]:
        tests = []
        for bound in parameters[parameter]:
            if not isinstance(bound, Literal):
                raise Unsupported(f"{parameter.n3()} with a value that is not a literal")
            bad, doubt = _range_test(bound, operator)
            nested = f"!COALESCE({{v}} {operator} {term(bound)}, false)"
            tests.append(ValueTest(bad, doubt, nested, bound))
        return tests

    def _MinExclusiveConstraintComponent(self, shape: Shape,
                                         parameters: Parameters) -> list[ValueTest]:
        return self._range(parameters, SH.minExclusive, ">")

    def _MinInclusiveConstraintComponent(self, shape: Shape,
                                         parameters: Parameters) -> list[ValueTest]:
        return self._range(parameters, SH.minInclusive, ">=")

    def _MaxExclusiveConstraintComponent(self, shape: Shape,
                                         parameters: Parameters) -> list[ValueTest]:
        return self._range(parameters, SH.maxExclusive, "<")

    def _MaxInclusiveConstraintComponent(self, shape: Shape,
                                         parameters: Parameters) -> list[ValueTest]:
        return self._range(parameters, SH.maxInclusive, "<=")

    def _NodeConstraintComponent(self, shape: Shape, parameters: Parameters) -> list[ValueTest]:
        tests = []
        for node in parameters[SH.node]:
            other = self.shape(node)
            if other.is_property:
                raise Unsupported("sh:node names a property shape")
            tests.append(ValueTest(self.conformance(other, "{v}", hard=False), rule=node))
        return tests

    def _NotConstraintComponent(self, shape: Shape, parameters: Parameters) -> list[ValueTest]:
        return [ValueTest(f"!({self.conformance(self.shape(node), '{v}', hard=True)})", rule=node)
                for node in parameters[SH["not"]]]

    def _AndConstraintComponent(self, shape: Shape, parameters: Parameters) -> list[ValueTest]:
        return [ValueTest(" || ".join(f"({self.conformance(m, '{v}', hard=True)})"
                                 for m in self.members(head)) or "false", rule=head)
                for head in parameters[SH["and"]]]

    def _OrConstraintComponent(self, shape: Shape, parameters: Parameters) -> list[ValueTest]:
        return [ValueTest(" && ".join(f"({self.conformance(m, '{v}', hard=True)})"
                                 for m in self.members(head)) or "true", rule=head)
                for head in parameters[SH["or"]]]

    def _XoneConstraintComponent(self, shape: Shape, parameters: Parameters) -> list[ValueTest]:
        tests = []
        for head in parameters[SH.xone]:
            count = " + ".join(f"IF({self.conformance(m, '{v}', hard=True)}, 0, 1)"
                               for m in self.members(head)) or "0"
            tests.append(ValueTest(f"({count}) != 1", rule=head))
        return tests

    def members(self, head: Node) -> list[Shape]:
        return [self.shape(m) for m in self.graph.items(head)]

    # report mode for the other components: counts, pairs, closed shapes, SPARQL ----------

    def count_check(self, shape: Shape, scope: Scope) -> Check | None:
        """One query for both ``sh:minCount`` (above 1) and ``sh:maxCount`` of a property
        shape: the values are counted once (``None`` when the shape has not both)."""
        minimum, maximum = shape.parameter(SH.minCount), shape.parameter(SH.maxCount)
        if not shape.is_property or len(minimum) != 1 or len(maximum) != 1:
            return None
        low = _whole_number(minimum[0], "sh:minCount")
        high = _whole_number(maximum[0], "sh:maxCount")
        if low == 0:
            return None
        value = self.fresh()
        count = f"COUNT(DISTINCT {value})"
        query = (f"SELECT ?this ({count} AS ?count) WHERE {{ {scope('?this')} OPTIONAL {{ "
                 f"?this {self.path(shape)} {value} }} }} GROUP BY ?this "
                 f"HAVING ({count} < {low} || {count} > {high})")
        return Check(query, "count", shape, SH.MinCountConstraintComponent, counts=(low, high))

    def _report_MinCountConstraintComponent(self, shape: Shape,
                                            parameters: Parameters,
                                            scope: Scope) -> list[Check]:
        (rule,) = _exactly_one(parameters[SH.minCount], "sh:minCount")
        count = _whole_number(rule, "sh:minCount")
        if not shape.is_property or count == 0:
            return []  # pyshacl ignores counts on node shapes
        path, value = self.path(shape), self.fresh()
        query = (f"SELECT ?this WHERE {{ {scope('?this')} OPTIONAL {{ ?this {path} {value} }} }} "
                 f"GROUP BY ?this HAVING (COUNT(DISTINCT {value}) < {count})")
        return [Check(query, "focus", shape, SH.MinCountConstraintComponent, rule=rule)]

    def _report_MaxCountConstraintComponent(self, shape: Shape,
                                            parameters: Parameters,
                                            scope: Scope) -> list[Check]:
        (rule,) = _exactly_one(parameters[SH.maxCount], "sh:maxCount")
        count = _whole_number(rule, "sh:maxCount")
        if not shape.is_property:
            return []
        path, value = self.path(shape), self.fresh()
        query = (f"SELECT ?this WHERE {{ {scope('?this')} ?this {path} {value} . }} "
                 f"GROUP BY ?this HAVING (COUNT(DISTINCT {value}) > {count})")
        return [Check(query, "focus", shape, SH.MaxCountConstraintComponent, rule=rule)]

    def lacks(self, shape: Shape, var: str, value: Node) -> str:
        """``var`` does not have ``value`` among its value nodes."""
        if shape.is_property:
            constant = term(value)
            if isinstance(shape.path, URIRef):  # one step: the constant in the pattern
                return f"NOT EXISTS {{ {var} {iri(shape.path)} {constant} }}"
            if (shape.path, RDF.first, None) in self.graph:  # a sequence: so in its last step
                steps = list(self.graph.items(shape.path))  # type: ignore[arg-type]
                if len(steps) >= 2 and isinstance(steps[-1], URIRef):
                    last = iri(steps[-1])
                    return "!" + self.walk_steps(steps[:-1], var, lambda found: (
                        f"EXISTS {{ {found} {last} {constant} }}"))
            return "!" + self.walk(shape, var, lambda found: f"sameTerm({found}, {constant})")
        return f"!sameTerm({var}, {term(value)})"

    def walk_steps(self, steps: list[Node], start: str, body: Callable[[str], str]) -> str:
        """:meth:`walk` along the sequence of ``steps`` (paths of the shapes graph)."""
        head, *rest = steps
        try:
            if not rest:
                return exists(self.graph, head, start, body, self.fresh)
            return exists(self.graph, head, start,
                          lambda middle: self.walk_steps(rest, middle, body), self.fresh)
        except InputError as exc:
            raise Unsupported(str(exc)) from exc

    def _report_UniqueLangConstraintComponent(self, shape: Shape,
                                              parameters: Parameters,
                                              scope: Scope) -> list[Check]:
        if not self.unique_lang(shape, parameters):
            return []
        first, second = self.fresh(), self.fresh()
        query = (f"SELECT DISTINCT ?this ?lang WHERE {{ {scope('?this')} "
                 f"{self.same_language(shape, '?this', first, second)} "
                 f"BIND (LCASE(LANG({first})) AS ?lang) }}")
        return [Check(query, "lang", shape, SH.UniqueLangConstraintComponent)]

    def unique_lang(self, shape: Shape, parameters: Parameters) -> bool:
        (rule,) = _exactly_one(parameters[SH.uniqueLang], "sh:uniqueLang")
        if not shape.is_property or not isinstance(rule, Literal) or \
                not isinstance(rule.value, bool):
            raise Unsupported("a malformed sh:uniqueLang")
        return rule.value

    def same_language(self, shape: Shape, var: str, first: str, second: str) -> str:
        path = self.path(shape)
        return (f"{var} {path} {first} . {var} {path} {second} . FILTER (isLiteral({first}) "
                f"&& LANG({first}) != \"\" && !sameTerm({first}, {second}) && "
                f"LCASE(LANG({first})) = LCASE(LANG({second})))")

    def _pair(self, shape: Shape, parameters: Parameters, scope: Scope,
              parameter: URIRef, component: URIRef) -> list[Check]:
        if not shape.is_property:
            raise Unsupported(f"{parameter.n3()} on a node shape")
        operator = "<" if parameter == SH.lessThan else "<="
        bad, doubt = _pair_test(operator)
        checks = []
        for other in parameters[parameter]:
            if not isinstance(other, URIRef):
                raise Unsupported(f"{parameter.n3()} with a value that is not an IRI")
            query = (f"SELECT ?this ?value ?other ?doubt WHERE {{ {scope('?this')} "
                     f"?this {self.path(shape)} ?value . ?this {iri(other)} ?other . "
                     f"BIND (COALESCE({doubt}, false) AS ?doubt) "
                     f"FILTER (?doubt || COALESCE({bad}, true)) }}")
            checks.append(Check(query, "pair", shape, component, rule=other))
        return checks

    def _report_LessThanConstraintComponent(self, shape: Shape,
                                            parameters: Parameters,
                                            scope: Scope) -> list[Check]:
        return self._pair(shape, parameters, scope, SH.lessThan, SH.LessThanConstraintComponent)

    def _report_LessThanOrEqualsConstraintComponent(
            self, shape: Shape, parameters: Parameters,
            scope: Scope) -> list[Check]:
        return self._pair(shape, parameters, scope, SH.lessThanOrEquals,
                          SH.LessThanOrEqualsConstraintComponent)

    def _report_EqualsConstraintComponent(self, shape: Shape,
                                          parameters: Parameters,
                                          scope: Scope) -> list[Check]:
        checks = []
        for other in parameters[SH.equals]:
            if not isinstance(other, URIRef):
                raise Unsupported("sh:equals with a value that is not an IRI")
            theirs = f"?this {iri(other)} ?value ."
            if shape.is_property:
                mine = f"?this {self.path(shape)} ?value ."
                missing_mine = f"FILTER NOT EXISTS {{ {mine} }}"
            else:
                mine = "BIND (?this AS ?value)"
                missing_mine = "FILTER (!sameTerm(?this, ?value))"
            query = (f"SELECT DISTINCT ?this ?value WHERE {{ {scope('?this')} "
                     f"{{ {mine} FILTER NOT EXISTS {{ {theirs} }} }} UNION "
                     f"{{ {theirs} {missing_mine} }} }}")
            checks.append(Check(query, "value", shape, SH.EqualsConstraintComponent, rule=other))
        return checks

    def _report_DisjointConstraintComponent(self, shape: Shape,
                                            parameters: Parameters,
                                            scope: Scope) -> list[Check]:
        checks = []
        for other in parameters[SH.disjoint]:
            if not isinstance(other, URIRef):
                raise Unsupported("sh:disjoint with a value that is not an IRI")
            mine = f"?this {self.path(shape)} ?value ." if shape.is_property \
                else "BIND (?this AS ?value)"
            query = (f"SELECT DISTINCT ?this ?value WHERE {{ {scope('?this')} {mine} "
                     f"?this {iri(other)} ?value . }}")
            checks.append(Check(query, "value", shape, SH.DisjointConstraintComponent,
                                rule=other))
        return checks

    def _report_ClosedConstraintComponent(self, shape: Shape,
                                          parameters: Parameters,
                                          scope: Scope) -> list[Check]:
        if not self.is_closed(parameters):
            return []
        value_of = f"?this {self.path(shape)} ?node ." if shape.is_property \
            else "BIND (?this AS ?node)"
        query = (f"SELECT DISTINCT ?this ?path ?value WHERE {{ {scope('?this')} {value_of} "
                 f"{self.open_triple(shape, '?node', '?path', '?value')} }}")
        return [Check(query, "closed", shape, SH.ClosedConstraintComponent)]

    def is_closed(self, parameters: Parameters) -> bool:
        closed = parameters.get(SH.closed, ())
        if len(closed) != 1 or not isinstance(closed[0], Literal):
            raise Unsupported("a malformed sh:closed")
        return bool(closed[0].value)

    def open_triple(self, shape: Shape, var: str, predicate: str, value: str) -> str:
        """A triple of ``var`` whose predicate the closed ``shape`` does not allow."""
        allowed: list[Node] = []
        for child in shape.properties:
            prop = self.shape(child)
            if isinstance(prop.path, URIRef):
                allowed.append(prop.path)
        for head in shape.parameter(SH.ignoredProperties):
            allowed.extend(self.graph.items(head))
        listed = ", ".join(term(p) for p in dict.fromkeys(allowed))
        keep = f"FILTER ({predicate} NOT IN ({listed})) " if listed else ""
        return (f"{var} {predicate} {value} . {keep}FILTER (!(sameTerm({predicate}, {_TYPE}) "
                f"&& sameTerm({value}, {iri(RDFS.Resource)})))")

    def _report_SPARQLConstraintComponent(self, shape: Shape,
                                          parameters: Parameters,
                                          scope: Scope) -> list[Check]:
        checks = []
        for constraint in parameters[SH.sparql]:
            deactivated = self.graph.value(constraint, SH.deactivated)
            if isinstance(deactivated, Literal) and deactivated.value is True:
                continue
            selects = list(self.graph.objects(constraint, SH.select))
            if len(selects) != 1 or not isinstance(selects[0], Literal):
                raise Unsupported("a SPARQL-based constraint without one sh:select")
            prefixes = sparql_prefixes(self.graph, self.graph.objects(constraint, SH.prefixes))
            text = str(selects[0])
            if shape.is_property:
                path = self.path(shape)
                text = re.sub(r"([\s{}()])[$?]PATH\b", _after(path), text)
            messages = tuple(m for m in self.graph.objects(constraint, SH.message)
                             if isinstance(m, Literal))
            checks.append(Check(_inject(text, scope("?this"), prefixes), "sparql", shape,
                                SH.SPARQLConstraintComponent, constraint=constraint,
                                messages=messages))
        return checks

    # --- conformance mode: does a node pass a shape? (inside EXISTS filters) --------------

    def conformance(self, shape: Shape, var: str, *, hard: bool) -> str:
        """An expression, true when validating ``var`` against ``shape`` gives a result.

        With ``hard``, only a result that makes the node fail as pyshacl counts it: a shape
        of warning or info severity never fails (pyshacl runs with warnings allowed).
        """
        if shape.problem:
            raise Unsupported(shape.problem)
        if shape.deactivated or (hard and shape.severity in _ALLOWED_SEVERITIES):
            return "false"
        if shape.node in self.stack:
            raise Unsupported("shapes that refer to themselves (recursion)")
        self.stack.append(shape.node)
        tests = []
        for component, parameters in shape.components.items():
            if component == SH.PropertyConstraintComponent:
                continue
            tests.extend(self.component_tests(shape, component, parameters, var))
        for child in shape.properties:
            prop = self.shape(child)
            if not prop.is_property:
                raise Unsupported("sh:property names a shape without a path")
            if shape.is_property:
                tests.append(self.on_values(shape, var, self.conforms_test(prop, hard)))
            else:
                tests.append(self.conformance(prop, var, hard=hard))
        self.stack.pop()
        tests = [t for t in tests if t != "false"]
        return " || ".join(f"({t})" for t in tests) if tests else "false"

    def component_tests(self, shape: Shape, component: URIRef,
                        parameters: Parameters, var: str) -> list[str]:
        """Expressions, each true when the component gives ``var`` a result."""
        tests = self.value_tests(shape, component, parameters)
        if tests is not None:
            return [self.on_values(shape, var, _placed(t.nested)) for t in tests]
        if component == SH.MinCountConstraintComponent:
            count = _whole_number(_exactly_one(parameters[SH.minCount], "sh:minCount")[0],
                                  "sh:minCount")
            if not shape.is_property or count == 0:
                return []
            return [f"!({self.has_values(shape, var, count)})"]
        if component == SH.MaxCountConstraintComponent:
            count = _whole_number(_exactly_one(parameters[SH.maxCount], "sh:maxCount")[0],
                                  "sh:maxCount")
            return [self.has_values(shape, var, count + 1)] if shape.is_property else []
        if component == SH.HasValueConstraintComponent:
            return [self.lacks(shape, var, value) for value in parameters[SH.hasValue]]
        if component == SH.UniqueLangConstraintComponent:
            if not self.unique_lang(shape, parameters):
                return []
            return [self.walk(shape, var, lambda a: self.walk(shape, var, lambda b: (
                f"isLiteral({a}) && LANG({a}) != \"\" && !sameTerm({a}, {b}) && "
                f"LCASE(LANG({a})) = LCASE(LANG({b}))")))]
        if component == SH.ClosedConstraintComponent:
            if not self.is_closed(parameters):
                return []
            return [self.on_values(shape, var, lambda value: "EXISTS { " + self.open_triple(
                shape, value, self.fresh("p"), self.fresh()) + " }")]
        raise Unsupported(f"sh:{_parameter(component)} inside sh:node, sh:not, sh:and, sh:or "
                          "or sh:xone")

    def conforms_test(self, shape: Shape, hard: bool) -> Callable[[str], str]:
        def test(var: str) -> str:
            return self.conformance(shape, var, hard=hard)

        return test

    def on_values(self, shape: Shape, var: str, test: Callable[[str], str]) -> str:
        """``test`` holds for a value node of ``var`` (for a node shape: ``var`` itself)."""
        if not shape.is_property:
            return test(var)
        return self.walk(shape, var, test)

    def has_values(self, shape: Shape, var: str, count: int) -> str:
        """``var`` has at least ``count`` distinct values on the shape's path."""
        if count <= 0:
            return "true"
        if count > 4:
            raise Unsupported("sh:minCount or sh:maxCount above 4 inside sh:node, sh:or, ...")

        def more(found: list[str]) -> Callable[[str], str] | None:
            if len(found) == count:
                return None

            def body(value: str) -> str:
                distinct = " && ".join(f"!sameTerm({value}, {v})" for v in found) or "true"
                inner = more([*found, value])
                return distinct if inner is None else \
                    f"{distinct} && {self.walk(shape, var, inner)}"

            return body

        first = more([])
        return self.walk(shape, var, first)


@dataclass(frozen=True)
class ValueTest:
    """A test of one value node ``{v}``: ``bad`` says it fails; ``doubt`` that Python must
    decide (see :mod:`mosgraph.shacl.exact`); ``nested`` is the test inside conformance
    checks (default: ``bad``)."""

    bad: str
    doubt: str | None = None
    nested_test: str | None = None
    rule: Node | None = None
    flags: str = ""

    @property
    def nested(self) -> str:
        return self.nested_test if self.nested_test is not None else self.bad


def _placed(expression: str) -> Callable[[str], str]:
    """The test ``expression`` (over ``{v}``) for a given variable."""
    return lambda var: expression.replace("{v}", var)


def _after(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement that keeps the first group of the match and puts ``text`` after it."""
    return lambda match: match.group(1) + text


def _parameter(component: URIRef) -> str:
    local = name(component)[: -len("ConstraintComponent")]
    return local[0].lower() + local[1:]


_COUNTS = (SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent)


def _exactly_one(values: tuple[Node, ...], what: str) -> tuple[Node]:
    if len(values) != 1:
        raise Unsupported(f"{what} must have exactly one value")
    return (values[0],)


def _whole_number(value: Node, what: str) -> int:
    if not isinstance(value, Literal) or not isinstance(value.value, int) or \
            isinstance(value.value, bool) or value.value < 0:
        raise Unsupported(f"{what} must be a whole number")
    return int(value.value)


def _node_kind_test(kind: Node) -> str:
    allowed = {
        SH.IRI: "isIRI({v})",
        SH.BlankNode: "isBlank({v})",
        SH.Literal: "isLiteral({v})",
        SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
        SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
        SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
    }.get(kind)  # type: ignore[call-overload]
    if allowed is None:
        raise Unsupported("a sh:nodeKind that is not one of SHACL's six node kinds")
    return f"!{allowed}"


def _datatype_test(datatype: Node) -> tuple[str, str | None]:
    """(bad, doubt) for sh:datatype: not a literal of the type; of the type, but is it
    well-formed?"""
    if not isinstance(datatype, URIRef):
        raise Unsupported("sh:datatype with a value that is not an IRI")
    if datatype == RDFS.Literal:
        return "!isLiteral({v})", None
    if datatype == RDFS.Datatype:
        raise Unsupported("sh:datatype rdfs:Datatype")
    if datatype == RDF.langString:
        return "!isLiteral({v}) || LANG({v}) = \"\"", None
    typed = f"isLiteral({{v}}) && LANG({{v}}) = \"\" && DATATYPE({{v}}) = {iri(datatype)}"
    if not _checked(datatype):
        return f"!({typed})", None
    if datatype in _NUMBERS:  # a valid number of the type: SPARQL says which are
        return f"!({typed})", f"{typed} && !isNumeric({{v}})"
    safe = _SAFE.get(datatype)
    doubt = f"{typed} && !REGEX(STR({{v}}), {_string(safe)})" if safe else typed
    return f"!({typed})", doubt


def _checked(datatype: URIRef) -> bool:
    """Whether rdflib checks the lexical form of this datatype (pyshacl relies on it)."""
    import rdflib.term

    # the conversions rdflib applies now (owlrl, for one, swaps in its own for a while)
    converters = getattr(rdflib.term, "_toPythonMapping", rdflib.term.XSDToPython)
    checks = getattr(rdflib.term, "_check_well_formed_types", {})
    return converters.get(datatype) is not None or datatype in checks or \
        datatype in (XSD.integer, XSD.float, XSD.decimal, XSD.boolean, XSD.date, XSD.time,
                     XSD.dateTime)


def _numeric(var: str) -> str:
    """``var`` is a valid integer or decimal (compared alike by SPARQL and Python)."""
    listed = ", ".join(iri(t) for t in _ORDERED_NUMBERS)
    return f"(isNumeric({var}) && DATATYPE({var}) IN ({listed}))"


def _range_test(bound: Literal, operator: str) -> tuple[str, str]:
    """(bad, doubt) for sh:min/maxIn/Exclusive with ``bound``: ``value operator bound``."""
    if bound.datatype in _ORDERED_NUMBERS and \
            re.fullmatch(_SAFE[bound.datatype][1:-1], str(bound)):
        sure = f"isLiteral({{v}}) && ({_numeric('{v}')})"
        return f"!({{v}} {operator} {term(bound)})", f"!({sure})"
    return "true", "true"  # everything decided in Python


def _pair_test(operator: str) -> tuple[str, str]:
    sure = f"isLiteral(?value) && isLiteral(?other) && ({_numeric('?value')}) && " \
           f"({_numeric('?other')})"
    return f"!(?value {operator} ?other)", f"!({sure})"


def _check_python_pattern(pattern: str, flags: str) -> None:
    try:
        re.compile(pattern, (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0))
    except re.error as exc:
        raise Unsupported(f"a sh:pattern Python cannot read: {exc}") from exc


# --- SPARQL-based constraints: the focus nodes joined in at the top of the WHERE clause ------

_TOKEN = re.compile(r"""
    (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<comment>\#[^\n]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<var>[?$][A-Za-z0-9_]+)
  | (?P<other>.)
""", re.S | re.X)


def _inject(select: str, focus: str, prefixes: Mapping[str, str]) -> str:
    """``select`` with the focus pattern joined in first, so that ``$this`` is bound by it.

    The query must project ``$this`` (or not use it: then every focus node gets its rows),
    and must not use what SHACL forbids in it (``MINUS``, ``VALUES``, ``SERVICE``) nor nest a
    ``SELECT`` (whose ``$this`` would not be pre-bound).

    >>> print(_inject("SELECT $this WHERE { $this a ?t }", "?this ?p ?o .", {}))
    SELECT $this WHERE { ?this ?p ?o . $this a ?t }
    """
    tokens = list(_TOKEN.finditer(select))
    words = [t.group().upper() for t in tokens if t.lastgroup == "word"]
    if {"MINUS", "VALUES", "SERVICE"} & set(words):
        raise Unsupported("a SPARQL-based constraint with MINUS, VALUES or SERVICE")
    if words.count("SELECT") != 1:
        raise Unsupported("a SPARQL-based constraint that is not exactly one SELECT")
    variables = {t.group()[1:] for t in tokens if t.lastgroup == "var"}
    for variable in ("shapesGraph", "currentShape", "PATH"):
        if variable in variables:
            raise Unsupported(f"a SPARQL-based constraint that uses ${variable}")
    depth, select_at, where = 0, None, None
    for token in tokens:
        text = token.group()
        if token.lastgroup == "word" and text.upper() == "SELECT":
            select_at = token
        elif token.lastgroup == "other" and select_at is not None:
            depth += {"(": 1, ")": -1}.get(text, 0)
            if text == "{" and depth == 0:
                where = token.end()
                break
    if select_at is None or where is None:
        raise Unsupported("a SPARQL-based constraint whose WHERE clause cannot be found")
    projection = select[select_at.end():where]
    if "this" in variables and "*" not in projection and \
            re.search(r"[?$]this\b", projection) is None:
        raise Unsupported("a SPARQL-based constraint that does not select $this")
    head = "".join(f"PREFIX {p}: <{n}>\n" for p, n in prefixes.items())
    start = select[:select_at.end()]
    if "this" not in variables:
        modifier = re.match(r"\s+(DISTINCT|REDUCED)\b", projection, re.I)
        cut = select_at.end() + (modifier.end() if modifier else 0)
        start, projection = select[:cut] + " ?this", select[cut:where]
    return f"{head}{start}{projection} {focus}{select[where:]}"
