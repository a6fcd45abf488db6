"""Check a graph against the SHACL shapes; the outcome is data, never an exception.

:func:`validate` runs pyshacl over a graph with the shipped shapes (``shapes/``) or others
and returns a :class:`ValidationReport`: whether the graph conforms (no violations; warnings
are allowed) and one :class:`Result` per problem, each with the label of the node at fault,
the line of the report it came from, the property and a message in plain words.

>>> from mosgraph.sources import load_sources
>>> from mosgraph.build import build_graph
>>> report = validate(build_graph(load_sources()))
>>> report.conforms, len(report.violations), len(report.warnings)
(True, 0, 1)
>>> [(r.severity, r.label, r.line) for r in report.results]
[('Warning', 'Angelique Berg', 100)]
>>> print(report.results[0].message)  # doctest: +NORMALIZE_WHITESPACE
Angelique Berg is represented by Bert Kroese at the meeting (report line 100) but is not
listed among the apologies.
>>> print(report.text().splitlines()[-1])
conforms: 0 violations, 1 warning

A graph that breaks a rule gives violations, with the property concerned:

>>> from rdflib import Graph
>>> broken = Graph().parse(format="turtle", data='''
...     @prefix mos: <https://w3id.org/mosgraph/ontology#> .
...     @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...     <https://example.org/a> a mos:Attendance ; rdfs:label "Somebody at a meeting" .
... ''')
>>> outcome = validate(broken)
>>> outcome.conforms, [r.path for r in outcome.violations]
(False, ['mos:atMeeting', 'mos:attendanceStatus', 'mos:attendee', 'prov:wasDerivedFrom'])
>>> print(outcome.violations[2].text())  # doctest: +NORMALIZE_WHITESPACE
Violation: Somebody at a meeting [mos:attendee]: Each attendance record needs exactly one
person (mos:attendee).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import PROV, SH, NamespaceManager
from rdflib.term import Identifier, Node, Variable

from .errors import InputError, RDFSyntaxError, UsageError
from .query import SelectResult, Term
from .rdfio import load_graph
from .vocab import OA

if TYPE_CHECKING:
    from rdflib.query import Result as QueryResult
    from rdflib.term import IdentifiedNode

    from .shacl.engine import Finding
    from .store import Store

__all__ = ["ENGINES", "Result", "ValidationReport", "check_shapes_services", "load_shapes",
           "report_graph", "validate", "validate_file", "validate_store"]

_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
_LINES = re.compile(r"^line=(\d+),(\d+)$")


def load_shapes(path: str | os.PathLike[str] | None = None) -> Graph:
    """The shapes graph at ``path``, or the shapes shipped with mosgraph.

    Raises :class:`~mosgraph.errors.RDFSyntaxError` naming the file and line when the file
    is not valid RDF.

    >>> shapes = load_shapes()
    >>> from rdflib.namespace import SH
    >>> len(set(shapes.subjects(SH.targetClass, None))) > 20
    True
    """
    if path is None:
        from .resources import shapes_path

        path = shapes_path()
    shapes = load_graph(path)
    check_shapes_services(shapes, file=str(path))
    return shapes


def check_shapes_services(shapes: Graph, *, file: str | None = None) -> None:
    """Refuse shapes whose SPARQL (``sh:select``, ``sh:ask``, ``sh:construct``) calls a
    ``SERVICE``: validation sends nothing anywhere. Raises
    :class:`~mosgraph.errors.InputError` naming the shape (and ``file`` and its line).
    """
    from .query import service_calls

    for predicate in (SH.select, SH.ask, SH.construct, SH.update):
        for owner, text in sorted(shapes.subject_objects(predicate)):
            calls = service_calls(str(text))
            if not calls:
                continue
            shape = next(iter(shapes.subjects(SH.sparql, owner)), owner)
            name = shapes.namespace_manager.normalizeUri(shape) \
                if isinstance(shape, URIRef) else "a shape"
            line = None
            if file is not None:
                with contextlib.suppress(OSError, UnicodeDecodeError):
                    source = Path(file).read_text(encoding="utf-8")
                    found = re.search(r"SERVICE\s+(?:SILENT\s+)?" + re.escape(calls[0].written),
                                      source, re.I)
                    line = source.count("\n", 0, found.start()) + 1 if found else None
            target = f"<{calls[0].iri}>" if calls[0].iri else calls[0].written
            raise InputError(f"the SPARQL of {name} calls SERVICE {target}: shapes may not "
                             "call other hosts (validation sends nothing anywhere)",
                             file=file, line=line)


@dataclass(frozen=True)
class Result:
    """One problem found: a node that breaks a shape.

    ``label`` is the ``rdfs:label`` of the node at fault (its IRI if it has none), ``path``
    the property as a prefixed name (``mos:attendee``; a path such as ``^mos:hasStatus``
    when the shape follows one), and ``line`` the 1-based line of the report the node came
    from, read from its source span (for a node without a span of its own, such as a person,
    the span of the record the rule points to as the value).
    """

    severity: str
    focus: str
    label: str
    path: str | None
    message: str
    value: str | None
    line: int | None
    shape: str | None

    def text(self) -> str:
        """The result on one line, as :meth:`ValidationReport.text` prints it."""
        where = f" (line {self.line})" if self.line is not None else ""
        prop = f" [{self.path}]" if self.path else ""
        return f"{self.severity}: {self.label}{where}{prop}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "focus": self.focus,
            "label": self.label,
            "path": self.path,
            "message": self.message,
            "value": self.value,
            "line": self.line,
            "shape": self.shape,
        }


def _sort_key(result: Result) -> tuple[Any, ...]:
    return (
        _ORDER.get(result.severity, 3),
        result.line is None,
        result.line or 0,
        result.label,
        result.path or "",
        result.message,
        result.focus,
        result.value or "",
    )


@dataclass(frozen=True)
class ValidationReport:
    """What validation found: ``conforms`` is True when there is no violation."""

    conforms: bool
    results: tuple[Result, ...]
    #: what the reference engine validated instead of the compiled queries, and why
    notes: tuple[str, ...] = field(default=(), compare=False)
    _graph: Graph | None = field(default=None, repr=False, compare=False)

    @property
    def violations(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Warning")

    def text(self) -> str:
        """One line per result, a line per note, then a summary line."""
        lines = [result.text() for result in self.results]
        lines += [f"note: {note}" for note in self.notes]
        violations, warnings = len(self.violations), len(self.warnings)
        lines.append(
            f"{'conforms' if self.conforms else 'does not conform'}: "
            f"{violations} violation{'' if violations == 1 else 's'}, "
            f"{warnings} warning{'' if warnings == 1 else 's'}"
        )
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data, with stable keys."""
        return {
            "conforms": self.conforms,
            "violations": len(self.violations),
            "warnings": len(self.warnings),
            "results": [result.to_json() for result in self.results],
            "notes": list(self.notes),
        }

    def to_graph(self) -> Graph:
        """The SHACL validation report (``sh:ValidationReport``) as an RDF graph (a copy)."""
        graph = Graph()
        graph.bind("sh", SH)
        if self._graph is not None:
            for prefix, namespace in self._graph.namespaces():
                graph.bind(prefix, namespace, override=False)
            for triple in self._graph:
                graph.add(triple)
            return graph
        report = BNode()
        graph.add((report, RDF.type, SH.ValidationReport))
        graph.add((report, SH.conforms, Literal(self.conforms)))
        for result in self.results:
            node = BNode()
            graph.add((report, SH.result, node))
            graph.add((node, RDF.type, SH.ValidationResult))
            graph.add((node, SH.resultSeverity, SH[result.severity]))
            graph.add((node, SH.focusNode, URIRef(result.focus)))
            graph.add((node, SH.resultMessage, Literal(result.message)))
        return graph


ENGINES: tuple[str, ...] = ("sparql", "pyshacl")
"""The validation engines: the shapes compiled to SPARQL (the default) and pyshacl."""


def validate(data: Graph, shapes: Graph | None = None, *, engine: str = "sparql",
             ) -> ValidationReport:
    """Validate ``data`` against ``shapes`` (the shipped shapes when not given).

    The data graph is checked as it is: no inference, no ontology mixed in (the triples of
    a Dataset are checked together). ``engine`` is ``sparql`` (the shapes compiled to
    whole-graph queries that Oxigraph answers, :mod:`mosgraph.shacl`) or ``pyshacl`` (the
    reference engine); both give the same report. A graph that does not conform is a
    result; a shapes graph that cannot be used raises :class:`~mosgraph.errors.InputError`.
    """
    _check_engine(engine)
    if shapes is None:
        shapes = load_shapes()
    check_shapes_services(shapes)
    if data.context_aware:  # a Dataset: its triples are validated together, as one graph
        union = Graph()
        for prefix, namespace in data.namespaces():
            union.bind(prefix, namespace)
        for s, p, o, *_ in data.quads((None, None, None, None)):  # type: ignore[attr-defined]
            union.add((s, p, o))
        data = union
    if engine == "pyshacl":
        from .shacl.engine import findings_of_report, run_pyshacl

        report = run_pyshacl(_OxigraphSparql(data), shapes)
        for prefix, namespace in data.namespaces():
            report.bind(prefix, namespace, override=False)
        return _report(findings_of_report(report), (), _GraphFacts(data), shapes,
                       data.namespace_manager, report)
    from .shacl.engine import check
    from .store import OxigraphStore

    with OxigraphStore() as store:
        store.load(data)
        outcome = check(store, shapes, data=data, names=data.namespace_manager)
    return _report(outcome.findings, outcome.notes, _GraphFacts(data), shapes,
                   data.namespace_manager)


def validate_store(store: Store, shapes: Graph | None = None, *, engine: str = "sparql",
                   names: NamespaceManager | None = None) -> ValidationReport:
    """Validate the graph kept in ``store`` (in memory, on disk or behind an endpoint).

    With the ``sparql`` engine the data stays where it is: the queries go to the store and
    only the results come back. The ``pyshacl`` engine copies the whole graph into memory
    first. ``names`` holds the prefixes used to write paths and nodes in the report (when
    not given: rdflib's, then those of the shapes).
    """
    _check_engine(engine)
    if shapes is None:
        shapes = load_shapes()
    check_shapes_services(shapes)
    if names is None:  # a store keeps no prefixes: rdflib's, and those of the shapes
        names = Graph().namespace_manager
        for prefix, namespace in shapes.namespaces():
            names.bind(prefix, namespace, override=False)
    if engine == "pyshacl":
        from .shacl.engine import fetch

        data = fetch(store)
        for prefix, namespace in names.namespaces():
            data.bind(prefix, namespace, override=False)
        return validate(data, shapes, engine="pyshacl")
    from .shacl.engine import check

    outcome = check(store, shapes, names=names)
    return _report(outcome.findings, outcome.notes, _StoreFacts(store), shapes, names)


def validate_file(path: str | os.PathLike[str], shapes: Graph | None = None, *,
                  engine: str = "sparql") -> ValidationReport:
    """Validate the RDF file at ``path`` (any format of :mod:`mosgraph.formats`).

    The ``sparql`` engine loads the file straight into an in-process Oxigraph store, without
    making an rdflib graph of it (what makes a large file fast): its prefixes are read for
    the paths and messages of the report. A file with literals of subtypes of
    ``xsd:integer`` (which Oxigraph keeps as ``xsd:integer``) is read into memory as well,
    so that their datatypes are checked as written.
    """
    from .formats import for_path
    from .store import OxigraphStore

    _check_engine(engine)
    file = Path(path)
    fmt = for_path(file, rdf_only=True)
    if not file.is_file():
        raise RDFSyntaxError("file not found", file=str(file))
    if engine == "pyshacl" or fmt.name == "jsonld" or _mentions_integer_subtypes(file):
        return validate(load_graph(file, fmt), shapes, engine=engine)
    with OxigraphStore() as store:
        store.load(file)
        return validate_store(store, shapes, names=_names(file))


_SUBTYPE = rb"(?:(?:non(?:Negative|Positive)|negative|positive)Integer|" \
    rb"unsigned(?:Long|Int|Short|Byte)|(?:int|long|short|byte)(?![\w-]))"
# a full datatype IRI, or a prefixed name after ^^ (each starts with text, so it is fast)
_SUBTYPES = (re.compile(rb"XMLSchema#" + _SUBTYPE), re.compile(rb"\^\^[\w.-]*:" + _SUBTYPE))


def _mentions_integer_subtypes(path: Path) -> bool:
    """Whether the file may have literals of a subtype of ``xsd:integer`` (a quick scan of
    its bytes: a false alarm costs time only).

    >>> import tempfile
    >>> file = Path(tempfile.mkdtemp()) / "g.ttl"
    >>> _ = file.write_text('<x:a> <x:b> "5"^^xsd:integer, "7"^^xsd:int .')
    >>> _mentions_integer_subtypes(file)
    True
    """
    with path.open("rb") as file:
        tail = b""
        while chunk := file.read(1 << 24):
            text = tail + chunk
            if any(pattern.search(text) for pattern in _SUBTYPES):
                return True
            tail = chunk[-64:]
    return False


def _names(path: Path) -> NamespaceManager:
    """The prefixes an rdflib graph parsed from the file would have."""
    from .rdfio import prefixes

    names = Graph().namespace_manager
    for prefix, namespace in prefixes(path).items():
        names.bind(prefix, namespace)
    return names


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise UsageError(f"unknown validation engine '{engine}': expected one of "
                         f"{', '.join(ENGINES)}")


def _report(findings: Iterable[Finding], notes: Iterable[str], facts: _Facts, shapes: Graph,
            names: NamespaceManager, graph: Graph | None = None) -> ValidationReport:
    """The :class:`ValidationReport` of what an engine found."""
    findings = list(findings)
    nodes: set[Node] = {f.focus for f in findings}
    nodes |= {f.value for f in findings if isinstance(f.value, URIRef | BNode)}
    labels, lines = facts.labels(nodes), facts.lines(nodes)
    results = set()
    for finding in findings:
        line = lines.get(finding.focus)
        if line is None and isinstance(finding.value, URIRef | BNode):
            line = lines.get(finding.value)
        messages = sorted(str(m) for m in finding.messages)
        results.add(Result(
            severity=_SEVERITIES.get(finding.severity, str(finding.severity)),
            focus=str(finding.focus),
            label=labels.get(finding.focus, str(finding.focus)),
            path=_render_path(shapes, finding.path, names) if finding.path is not None
            else None,
            message=messages[0] if messages else "",
            value=str(finding.value) if finding.value is not None else None,
            line=line,
            shape=_shape_name(shapes, finding.shape),
        ))
    ordered = tuple(sorted(results, key=_sort_key))
    conforms = not any(r.severity == "Violation" for r in ordered)
    if graph is None:
        graph = report_graph(findings, shapes, conforms)
        for prefix, namespace in names.namespaces():
            graph.bind(prefix, namespace, override=False)
    return ValidationReport(conforms=conforms, results=ordered, notes=tuple(notes),
                            _graph=graph)


def report_graph(findings: Iterable[Finding], shapes: Graph, conforms: bool) -> Graph:
    """The SHACL validation report graph of ``findings``, as pyshacl writes one: blank
    shapes and paths described as in the shapes graph (with the same blank node ids)."""
    graph = Graph()
    for prefix, namespace in shapes.namespaces():
        graph.bind(prefix, namespace)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    copied: set[Node] = set()

    def copy(node: Node) -> Node:
        if isinstance(node, BNode) and node not in copied:
            copied.add(node)
            for p, o in shapes.predicate_objects(node):
                graph.add((node, p, copy(o)))
        return node

    for finding in sorted(set(findings), key=_finding_key):
        result = BNode()
        graph.add((report, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.focusNode, finding.focus))
        graph.add((result, SH.resultSeverity, finding.severity))
        graph.add((result, SH.sourceShape, copy(finding.shape)))
        graph.add((result, SH.sourceConstraintComponent, finding.component))
        if finding.path is not None:
            graph.add((result, SH.resultPath, copy(finding.path)))
        if finding.value is not None:
            graph.add((result, SH.value, finding.value))
        if finding.constraint is not None:
            graph.add((result, SH.sourceConstraint, copy(finding.constraint)))
        for message in finding.messages:
            graph.add((result, SH.resultMessage, message))
    return graph


def _finding_key(finding: Finding) -> tuple[str, ...]:
    return (finding.focus.n3(), str(finding.shape), str(finding.component),
            finding.value.n3() if finding.value is not None else "",
            str(finding.path), " ".join(sorted(str(m) for m in finding.messages)))


# --- what the results say about their nodes: label and report line ----------------------------


class _Facts:
    """The label and report line of nodes, read from wherever the data is."""

    def labels(self, nodes: set[Node]) -> dict[Node, str]:
        raise NotImplementedError

    def lines(self, nodes: set[Node]) -> dict[Node, int]:
        raise NotImplementedError


class _GraphFacts(_Facts):
    def __init__(self, data: Graph) -> None:
        self.data = data

    def labels(self, nodes: set[Node]) -> dict[Node, str]:
        found = {}
        for node in nodes:
            labels = [str(label) for label in self.data.objects(node, RDFS.label)]
            if labels:
                found[node] = min(labels)
        return found

    def lines(self, nodes: set[Node]) -> dict[Node, int]:
        found = {}
        for node in nodes:
            line = _line(self.data, node)
            if line is not None:
                found[node] = line
        return found


class _StoreFacts(_Facts):
    """Labels and lines by SPARQL (a blank node cannot be named in a query: none for it)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _rows(self, nodes: set[Node], pattern: str) -> Iterator[tuple[Term | None, ...]]:
        iris = sorted(str(n) for n in nodes if isinstance(n, URIRef))
        for start in range(0, len(iris), 500):
            values = " ".join(f"<{i}>" for i in iris[start:start + 500])
            result = self.store.query(f"SELECT * WHERE {{ VALUES ?node {{ {values} }} "
                                      f"{pattern} }}")
            assert isinstance(result, SelectResult)
            for row in result.rows:
                yield tuple(dict(zip(result.variables, row, strict=True)).get(v)
                            for v in ("node", "label", "kind", "lines"))

    def labels(self, nodes: set[Node]) -> dict[Node, str]:
        found: dict[Node, str] = {}
        for node, label, _, _ in self._rows(nodes, f"?node <{RDFS.label}> ?label"):
            if node is not None and label is not None:
                found[node] = min(found.get(node, str(label)), str(label))
        return found

    def lines(self, nodes: set[Node]) -> dict[Node, int]:
        derived = f"<{PROV.wasDerivedFrom}>|<{PROV.wasInfluencedBy}>"  # entities, activities
        value, selector = f"<{RDF.value}>", f"<{OA.hasSelector}>"
        pattern = (
            f"{{ ?node {derived} ?span BIND (0 AS ?kind) "
            f"OPTIONAL {{ ?span {selector}/{value} ?lines }} }} UNION "
            f"{{ ?node {selector} ?selector BIND (1 AS ?kind) "
            f"OPTIONAL {{ ?selector {value} ?lines }} }} UNION "
            f"{{ ?span {selector} ?node BIND (2 AS ?kind) "
            f"OPTIONAL {{ ?span {selector}/{value} ?lines }} }}")
        kinds: dict[Node, dict[int, list[int]]] = {}
        for node, _, order, text in self._rows(nodes, pattern):
            assert node is not None and isinstance(order, Literal)
            bucket = kinds.setdefault(node, {}).setdefault(int(order), [])
            match = _LINES.match(str(text)) if text is not None else None
            if match:
                bucket.append(int(match.group(1)) + 1)
        found: dict[Node, int] = {}
        for subject, by_kind in kinds.items():
            first = by_kind[min(by_kind)]  # its own spans, else itself as a span, else its span
            if first:
                found[subject] = min(first)
        return found


# --- helpers ---------------------------------------------------------------------------------


def _line(data: Graph, node: Node) -> int | None:
    """The 1-based report line ``node`` came from (its span's RFC 5147 line selector)."""
    spans: list[Node] = [*data.objects(node, PROV.wasDerivedFrom),
                         *data.objects(node, PROV.wasInfluencedBy)]  # entities, activities
    if not spans:
        if (node, OA.hasSelector, None) in data:
            spans = [node]  # a span itself
        else:
            spans = list(data.subjects(OA.hasSelector, node))  # a selector of a span
    lines = []
    for span in spans:
        for selector in data.objects(span, OA.hasSelector):
            for value in data.objects(selector, RDF.value):
                match = _LINES.match(str(value))
                if match:
                    lines.append(int(match.group(1)) + 1)
    return min(lines) if lines else None


def _render_path(graph: Graph, path: Node, names: NamespaceManager) -> str:
    """A SHACL property path as SPARQL-like text with prefixed names (``^org:member``)."""
    if isinstance(path, URIRef):
        try:
            return names.normalizeUri(path)
        except Exception:  # pragma: no cover - rdflib cannot make a name for some IRIs
            return f"<{path}>"
    if not isinstance(path, BNode):
        return str(path)
    if (path, RDF.first, None) in graph:
        return "/".join(_render_path(graph, step, names) for step in Collection(graph, path))
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"),
                              (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({_render_path(graph, inner, names)}){suffix}"
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{_render_path(graph, inverse, names)}"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(
            _render_path(graph, step, names) for step in Collection(graph, alternatives)
        ) + ")"
    return str(path)


def _shape_name(shapes: Graph, shape: Node | None) -> str | None:
    """The IRI of the shape that was broken (for a blank property shape, of its node shape)."""
    if isinstance(shape, URIRef):
        return str(shape)
    if isinstance(shape, BNode):
        for parent in shapes.subjects(SH.property, shape):
            if isinstance(parent, URIRef):
                return str(parent)
    return None


# --- SPARQL constraints, answered by Oxigraph -------------------------------------------------


class _OxigraphSparql(Graph):
    """The same triples as ``graph`` (it shares its store), with SPARQL run by Oxigraph.

    pyshacl runs each SPARQL constraint once per focus node, passing the query text each
    time; rdflib would parse it anew every time (tens of milliseconds each), which made
    validation several times slower. Oxigraph parses and answers in microseconds. Pre-bound
    variables (``$this``) are passed as Oxigraph substitutions, which is SHACL's pre-binding.
    The copy into Oxigraph is made at the first query and must not change during validation
    (pyshacl adds nothing to the data graph without rules or inference).
    """

    def __init__(self, graph: Graph) -> None:
        super().__init__(store=graph.store, identifier=graph.identifier,
                         namespace_manager=graph.namespace_manager)
        self._oxigraph: Any = None

    def query(
        self,
        query_object: Any,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Mapping[str, Any] | None = None,
        initBindings: Mapping[str, Identifier] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> QueryResult:
        if not isinstance(query_object, str) or initNs:
            return super().query(query_object, processor, result, initNs, initBindings,
                                 use_store_provided, **kwargs)
        import pyoxigraph as ox
        from rdflib.query import Result as QueryResult

        if self._oxigraph is None:
            # term by term, not through a file: a parser would rename the blank nodes
            terms: dict[Node, Any] = {}

            def term(node: Node) -> Any:
                found = terms.get(node)
                if found is None:
                    found = terms[node] = _to_oxigraph(node)  # type: ignore[arg-type]
                return found

            self._oxigraph = ox.Store()
            self._oxigraph.extend(ox.Quad(term(s), term(p), term(o)) for s, p, o in self)
        substitutions = {ox.Variable(str(name)): _to_oxigraph(term)
                         for name, term in (initBindings or {}).items()}
        answer = self._oxigraph.query(query_object, substitutions=substitutions)
        if isinstance(answer, ox.QueryBoolean):
            out = QueryResult("ASK")
            out.askAnswer = bool(answer)
            return out
        if isinstance(answer, ox.QuerySolutions):
            out = QueryResult("SELECT")
            variables = [Variable(v.value) for v in answer.variables]
            out.vars = variables
            out.bindings = [
                {var: _from_oxigraph(value) for var, value in zip(variables, solution, strict=True)
                 if value is not None}
                for solution in answer
            ]
            return out
        out = QueryResult("CONSTRUCT")
        out.graph = Graph()
        for triple in answer:
            out.graph.add((_from_oxigraph(triple.subject), _from_oxigraph(triple.predicate),
                           _from_oxigraph(triple.object)))
        return out


def _to_oxigraph(term: Identifier) -> Any:
    from .store import to_oxigraph  # the one place terms are converted

    return to_oxigraph(term)  # type: ignore[arg-type]


def _from_oxigraph(term: Any) -> IdentifiedNode | Literal:
    from .store import from_oxigraph

    converted = from_oxigraph(term)
    assert converted is not None
    return converted
