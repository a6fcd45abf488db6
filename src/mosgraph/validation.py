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
import logging
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import PROV, SH, NamespaceManager
from rdflib.term import Identifier, Node, Variable

from .errors import InputError, MosgraphError
from .rdfio import load_graph
from .vocab import OA, PREFIXES

if TYPE_CHECKING:
    from rdflib.query import Result as QueryResult
    from rdflib.term import IdentifiedNode

__all__ = ["Result", "ValidationReport", "check_shapes_services", "load_shapes", "validate"]

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
    _graph: Graph | None = field(default=None, repr=False, compare=False)

    @property
    def violations(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    @property
    def warnings(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.severity == "Warning")

    def text(self) -> str:
        """One line per result, then a summary line."""
        lines = [result.text() for result in self.results]
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


def validate(data: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``data`` against ``shapes`` (the shipped shapes when not given).

    The data graph is checked as it is: no inference, no ontology mixed in (the triples of
    a Dataset are checked together). SPARQL-based constraints are answered by Oxigraph; the
    rest by pyshacl. A graph that does not conform is a result; a shapes graph pyshacl
    cannot use raises :class:`~mosgraph.errors.InputError`.
    """
    import pyshacl

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
    view = _OxigraphSparql(data)
    # pyshacl logs what it raises to stderr; the exception, translated, says it all
    log = logging.getLogger("pyshacl-validate")
    was_disabled, log.disabled = log.disabled, True
    try:
        _, report_graph, _ = pyshacl.validate(
            view,
            shacl_graph=shapes,
            inference="none",
            allow_warnings=True,
            allow_infos=True,
            advanced=False,
        )
    except Exception as exc:
        raise _translate(exc, shapes) from exc
    finally:
        log.disabled = was_disabled
    if not isinstance(report_graph, Graph):  # pyshacl's ValidationFailure: a query failed
        raise InputError(f"the shapes cannot be used for validation: {report_graph}")
    results = tuple(sorted(set(_results(report_graph, data, shapes)), key=_sort_key))
    for prefix, namespace in data.namespaces():
        report_graph.bind(prefix, namespace, override=False)
    return ValidationReport(
        conforms=not any(r.severity == "Violation" for r in results),
        results=results,
        _graph=report_graph,
    )


def _translate(exc: Exception, shapes: Graph) -> MosgraphError:
    """The mosgraph error for an exception raised while validating (the one place)."""
    if isinstance(exc, MosgraphError):
        return exc
    if isinstance(exc, SyntaxError):  # Oxigraph: a sh:select that is not valid SPARQL
        found = _invalid_select(shapes)
        if found is not None:
            return found
    detail = " ".join(str(exc).split())
    return InputError(f"the shapes cannot be used for validation: {detail}")


def _invalid_select(shapes: Graph) -> InputError | None:
    """Which SPARQL constraint of ``shapes`` does not parse, where, and what was expected."""
    import pyoxigraph as ox

    checker = ox.Store()
    for constraint, text in sorted(shapes.subject_objects(SH.select)):
        prefixes = {p: PREFIXES[p] for p in ("rdf", "rdfs", "sh", "xsd", "owl")}
        for holder in shapes.objects(constraint, SH.prefixes):
            for declaration in shapes.objects(holder, SH.declare):
                prefix = shapes.value(declaration, SH.prefix)
                namespace = shapes.value(declaration, SH.namespace)
                if prefix is not None and namespace is not None:
                    prefixes[str(prefix)] = str(namespace)
        try:
            checker.query(str(text), prefixes=prefixes)
        except SyntaxError as exc:
            owner = next(iter(shapes.subjects(SH.sparql, constraint)), constraint)
            name = shapes.namespace_manager.normalizeUri(owner) \
                if isinstance(owner, URIRef) else "a shape"
            match = re.match(r"error at (\d+):(\d+): (.*)", str(exc), re.S)
            if match is None:
                return InputError(f"the SPARQL query of {name} is not valid: {exc}")
            tokens = re.findall(r'"([^"]+)"', match.group(3))
            expected = f": expected one of {', '.join(repr(t) for t in tokens)}" if tokens else \
                f": {' '.join(match.group(3).split())}"
            return InputError(
                f"the SPARQL query (sh:select) of {name} is not valid at its line "
                f"{match.group(1)}, column {match.group(2)}{expected}"
            )
    return None


# --- reading pyshacl's report ------------------------------------------------------------------


def _results(report: Graph, data: Graph, shapes: Graph) -> Iterator[Result]:
    names = data.namespace_manager
    for node in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(node, SH.focusNode)
        if focus is None:
            continue
        severity = report.value(node, SH.resultSeverity)
        value = report.value(node, SH.value)
        path = report.value(node, SH.resultPath)
        messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
        label = data.value(focus, RDFS.label)
        line = _line(data, focus)
        if line is None and isinstance(value, URIRef | BNode):
            line = _line(data, value)
        yield Result(
            severity=_SEVERITIES.get(severity, str(severity)) if isinstance(severity, URIRef)
            else str(severity),
            focus=str(focus),
            label=str(label) if label is not None else str(focus),
            path=_render_path(report, path, names) if path is not None else None,
            message=messages[0] if messages else "",
            value=str(value) if value is not None else None,
            line=line,
            shape=_shape_name(shapes, report.value(node, SH.sourceShape)),
        )


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
