"""Run compiled shapes on a store and collect what they find, as SHACL results.

:func:`check` reads the shapes, compiles every root shape it can (:mod:`.compiler`), runs
the queries on the store (in process, on disk or behind an endpoint: anything with
:meth:`mosgraph.store.Store.query`), decides the values a query left in doubt
(:mod:`.exact`), writes the messages, and hands the roots it could not compile to pyshacl,
with a note saying which and why.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, NamespaceManager
from rdflib.term import Node

from ..cores import usable_cores
from ..errors import InputError, MosgraphError, QueryError
from ..query import SelectResult, Term
from ..vocab import PREFIXES
from .compiler import INTEGER_SUBTYPES, Check, Part, Plan, compile_shapes
from .exact import datatype_fails, pair_fails, pattern_fails, range_fails
from .messages import generic_message, with_sh
from .paths import rdflib_path
from .shapes import Shape, read_shapes

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["Finding", "Outcome", "check", "fetch", "findings_of_report", "run_pyshacl"]

_RANGES = {SH.MinExclusiveConstraintComponent: ">", SH.MinInclusiveConstraintComponent: ">=",
           SH.MaxExclusiveConstraintComponent: "<", SH.MaxInclusiveConstraintComponent: "<="}


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result: what the report graph says about it."""

    focus: Term
    severity: URIRef
    shape: Node
    component: URIRef
    path: Node | None  # a node of the shapes graph (the shape's path) or a predicate
    value: Term | None
    messages: tuple[Literal, ...]
    constraint: Node | None = None  # the sh:sparql node of a SPARQL-based constraint


@dataclass
class Outcome:
    """The findings of both engines, and notes on what the reference engine validated."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check(store: Store, shapes_graph: Graph, *, data: Graph | None = None,
          names: NamespaceManager | None = None) -> Outcome:
    """Validate the graph in ``store`` against ``shapes_graph``.

    ``data`` is the same graph as an rdflib graph, when there is one: pyshacl validates the
    shapes the compiler does not cover on it (without it, the store's triples are fetched
    for that), and the blank nodes of messages are described from it. ``names`` gives the
    prefixes of the data for messages.
    """
    shapes = read_shapes(shapes_graph)
    subtypes = data is not None and _has_integer_subtypes(data)
    plan = compile_shapes(shapes, shapes_graph, _subclasses(store), integer_subtypes=subtypes,
                          focus=_focus_nodes(store))
    outcome = Outcome()
    context = _Context(shapes, shapes_graph, data, with_sh(names or Graph().namespace_manager),
                       subtypes)
    answers = _answers(store, plan.checks, shapes_graph)
    for item, answer in zip(plan.checks, answers, strict=True):
        outcome.findings.extend(context.findings(item, answer))
    if plan.fallback:
        outcome.notes.extend(_notes(plan, shapes_graph))
        graph = data if data is not None else fetch(store)
        if data is None:
            outcome.notes.append(f"the reference engine read all {len(graph)} triples of "
                                 f"{store.name} into memory for that")
        try:
            report = run_pyshacl(graph, _only(shapes_graph, shapes, plan))
        except InputError:
            run_pyshacl(graph, shapes_graph)  # raises the error the whole shapes graph gives
            raise
        outcome.findings.extend(findings_of_report(report))
    return outcome


def _has_integer_subtypes(data: Graph) -> bool:
    """Whether ``data`` has literals of subtypes of ``xsd:integer`` (which Oxigraph turns
    into ``xsd:integer``)."""
    return any(isinstance(o, Literal) and o.datatype in INTEGER_SUBTYPES
               for o in data.objects(None, None, unique=False))


_MOST_THREADS = 4  # checks run side by side on a store that answers queries concurrently


def _answers(store: Store, checks: Sequence[Check], shapes_graph: Graph) -> list[SelectResult]:
    """The answers to ``checks``, in their order; run on as many threads as the process has
    cores (at most :data:`_MOST_THREADS`) where the store gains by it. The first check in
    order that fails raises its error, as it would one after the other."""
    threads = min(usable_cores(), _MOST_THREADS, len(checks)) if store.concurrent else 1
    if threads < 2:
        return [_select(store, item, shapes_graph) for item in checks]
    with ThreadPoolExecutor(threads, thread_name_prefix="mosgraph-shacl") as pool:
        futures = [pool.submit(_select, store, item, shapes_graph) for item in checks]
        try:
            wait(futures, return_when=FIRST_EXCEPTION)
        finally:  # after a failure (or ^C), the checks not yet begun are dropped; those
            for future in futures:  # begun are all before them, as the pool takes them in
                future.cancel()  # order: so the first failure in order is raised below
        return [future.result() for future in futures]


def _select(store: Store, item: Check, shapes_graph: Graph) -> SelectResult:
    try:
        result = store.query(item.query)
    except QueryError as exc:
        if item.kind == "sparql":  # the shapes' own query: say where it is wrong
            raise invalid_select(shapes_graph) or InputError(
                f"the SPARQL query of a shape failed: {exc}") from exc
        raise
    assert isinstance(result, SelectResult)
    return result


def _notes(plan: Plan, shapes_graph: Graph) -> Iterator[str]:
    names = shapes_graph.namespace_manager
    for node, reason in plan.fallback:
        shown = node.n3(namespace_manager=names) if isinstance(node, URIRef) else "a blank shape"
        yield f"{shown} was validated by the reference engine (pyshacl): it uses {reason}"


_MOST_FOCUS_NODES = 5000  # named in a query's VALUES; more are matched by their pattern


def _focus_nodes(store: Store) -> Callable[[str], list[Term] | None]:
    """The focus nodes a target pattern selects, if they are few enough to name and none is
    a blank node (which no query can name)."""

    def focus(pattern: str) -> list[Term] | None:
        answer = store.query(f"SELECT DISTINCT ?this WHERE {{ {pattern} }} "
                             f"LIMIT {_MOST_FOCUS_NODES + 1}")
        assert isinstance(answer, SelectResult)
        nodes = [row[0] for row in answer.rows if row[0] is not None]
        if len(nodes) > _MOST_FOCUS_NODES or any(isinstance(n, BNode) for n in nodes):
            return None
        return sorted(nodes, key=lambda n: n.n3())

    return focus


def _subclasses(store: Store) -> Callable[[URIRef], tuple[URIRef, ...]]:
    """For a class, the classes whose instances are its SHACL instances in the data."""
    answer = store.query(f"SELECT ?sub ?super WHERE {{ ?sub <{RDFS.subClassOf}> ?super }}")
    assert isinstance(answer, SelectResult)
    below: dict[URIRef, set[URIRef]] = {}
    for sub, sup in answer.rows:
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            below.setdefault(sup, set()).add(sub)
    found: dict[URIRef, tuple[URIRef, ...]] = {}

    def subclasses(cls: URIRef) -> tuple[URIRef, ...]:
        if cls not in found:
            seen, todo = {cls}, [cls]
            while todo:
                for sub in below.get(todo.pop(), ()):
                    if sub not in seen:
                        seen.add(sub)
                        todo.append(sub)
            found[cls] = (cls, *sorted(seen - {cls}))
        return found[cls]

    return subclasses


class _Context:
    """Turns the rows of checks into findings."""

    def __init__(self, shapes: dict[Node, Shape], graph: Graph, data: Graph | None,
                 names: NamespaceManager, subtypes: bool) -> None:
        self.subtypes = subtypes
        self.shapes = shapes
        self.graph = graph
        self.data = data if data is not None else Graph()
        self.names = names
        self.shape_names = with_sh(graph.namespace_manager)

    def findings(self, item: Check, answer: SelectResult) -> Iterator[Finding]:
        rows = [dict(zip(answer.variables, row, strict=True)) for row in answer.rows]
        if item.kind == "sparql":
            yield from self.sparql(item, rows)
            return
        if item.kind == "count":
            for row in rows:
                focus, counted = row["this"], row["count"]
                assert focus is not None and isinstance(counted, Literal)
                low, _ = item.counts
                component = SH.MinCountConstraintComponent if int(counted) < low else \
                    SH.MaxCountConstraintComponent
                yield self.finding(item, focus, None, item.shape.path, component)
            return
        if item.kind in ("values", "focuses"):
            for row in rows:
                yield from self.grouped(item, row)
            return
        for row in rows:
            focus = row["this"]
            assert focus is not None
            value, path = row.get("value"), item.shape.path
            if item.kind == "closed":
                path = row["path"]
            elif item.kind in ("focus", "lang"):
                value = None
            doubt = _true(row.get("doubt"))
            part = Part(item.component, item.rule, item.flags)
            for original in self.originals(item, focus, value):
                if not doubt or self.fails(part, original, row.get("other")):
                    yield self.finding(item, focus, original, path)

    def grouped(self, item: Check, row: dict[str, Term | None]) -> Iterator[Finding]:
        """The findings of one row of a grouped check: a test per part."""
        focus, value = row["this"], row.get("value")
        assert focus is not None
        for i, part in enumerate(item.parts):
            doubt = _true(row.get(f"doubt{i}"))
            if not doubt and not _true(row.get(f"bad{i}")):
                continue
            if item.kind == "focuses":
                yield self.finding(item, focus, None, item.shape.path, part.component)
                continue
            for original in self.originals(item, focus, value):
                if not doubt or self.fails(part, original, None):
                    yield self.finding(item, focus, original, item.shape.path, part.component)

    def originals(self, item: Check, focus: Term, value: Term | None) -> list[Term | None]:
        """The value as the data graph has it, where the store changed it: Oxigraph keeps
        integers of every subtype of ``xsd:integer`` as ``xsd:integer``."""
        if self.subtypes and isinstance(value, Literal) and value.datatype == XSD.integer \
                and item.kind in ("value", "values", "pair"):
            same: list[Term | None] = [
                v for v in self.values(item.shape, focus) if isinstance(v, Literal)
                and (v.datatype in INTEGER_SUBTYPES or v.datatype == XSD.integer)
                and _same_number(v, value)]
            if same:
                return sorted(same, key=str)
        return [value]

    def values(self, shape: Shape, focus: Term) -> list[Node]:
        if shape.path is None:
            return [focus]
        return list(self.data.objects(focus, rdflib_path(self.graph, shape.path)))

    def fails(self, part: Part, value: Term | None, other: Term | None) -> bool:
        """Decide a value the query left in doubt."""
        assert value is not None
        if part.component == SH.DatatypeConstraintComponent:
            assert isinstance(part.rule, URIRef)
            return datatype_fails(value, part.rule)
        if part.component == SH.PatternConstraintComponent:
            return pattern_fails(value, str(part.rule), part.flags)
        if part.component in _RANGES:
            assert isinstance(part.rule, Literal)
            return range_fails(value, part.rule, _RANGES[part.component])
        assert other is not None
        operator = "<" if part.component == SH.LessThanConstraintComponent else "<="
        what = "sh:lessThan" if operator == "<" else "sh:lessThanOrEquals"
        return pair_fails(value, other, operator, what)

    def finding(self, item: Check, focus: Term, value: Term | None, path: Node | None,
                component: URIRef | None = None) -> Finding:
        shape, component = item.shape, component or item.component
        messages = shape.messages or (Literal(generic_message(
            shape, component, focus, value, self.graph, self.data, self.names,
            self.shape_names)),)
        return Finding(focus, shape.severity, shape.node, component, path, value,
                       tuple(messages))

    def sparql(self, item: Check, rows: list[dict[str, Term | None]]) -> Iterator[Finding]:
        shape = item.shape
        seen = set()
        for row in rows:
            bound = {k: v for k, v in row.items() if v is not None}
            if "failure" in bound:
                raise InputError(f"a SPARQL-based constraint of {shape.node.n3()} reported "
                                 "a failure")
            this, path, value = bound.pop("this", None), bound.pop("path", None), \
                bound.pop("value", None)
            key = (this, path, value, tuple(sorted(bound.items())))
            if this is None or key in seen:
                continue
            seen.add(key)
            if value is None and not shape.is_property:
                value = this
            variables: dict[str, Any] = dict(bound)
            variables.update({k: v for k, v in (("this", this), ("path", path),
                                                ("value", value)) if v is not None})
            messages = [Literal(_fill(str(m), variables)) for m in item.messages
                        if m not in shape.messages]
            messages += [Literal(_fill(str(m), variables)) for m in shape.messages]
            yield Finding(this, shape.severity, shape.node, item.component,
                          path if path is not None else shape.path, value, tuple(messages),
                          item.constraint)


def _same_number(original: Literal, stored: Literal) -> bool:
    try:
        return int(str(original).strip()) == int(str(stored))
    except ValueError:
        return str(original) == str(stored)


def _true(term: Term | None) -> bool:
    """Whether a cell of a result is the boolean true (an unbound cell is not)."""
    return isinstance(term, Literal) and term.value is True


def _fill(message: str, variables: dict[str, Any]) -> str:
    """``{?name}`` and ``{$name}`` replaced by the values (as pyshacl replaces them)."""
    for variable, value in variables.items():
        message = re.sub(f"{{[?$]{variable}}}", str(value), message)
    return message


# --- the reference engine, for what the compiler does not cover --------------------------------


def _only(shapes_graph: Graph, shapes: dict[Node, Shape], plan: Plan) -> Graph:
    """A copy of the shapes graph in which only the fallback roots have targets."""
    keep = {node for node, _ in plan.fallback}
    copy = Graph()
    for prefix, namespace in shapes_graph.namespaces():
        copy.bind(prefix, namespace)
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
               SH.target)
    for s, p, o in shapes_graph:
        if p in targets and s not in keep:
            continue
        if p == RDF.type and s in shapes and s not in keep and shapes[s].targets.classes \
                and s in shapes[s].targets.classes:
            continue  # an implicit class target of a compiled root
        copy.add((s, p, o))
    return copy


def fetch(store: Store) -> Graph:
    from ..query import GraphResult

    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(result, GraphResult)
    return result.graph


def run_pyshacl(data: Graph, shapes_graph: Graph) -> Graph:
    """pyshacl's report graph for ``data`` (as is: no inference, warnings allowed)."""
    import pyshacl

    log = logging.getLogger("pyshacl-validate")  # it logs what it raises; we translate it
    was_disabled, log.disabled = log.disabled, True
    try:
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, inference="none",
                                        allow_warnings=True, allow_infos=True, advanced=False)
    except MosgraphError:
        raise
    except Exception as exc:
        raise _translate(exc, shapes_graph) from exc
    finally:
        log.disabled = was_disabled
    if not isinstance(report, Graph):  # pyshacl's ValidationFailure: a query of it failed
        raise InputError(f"the shapes cannot be used for validation: {report}")
    return report


def _translate(exc: Exception, shapes: Graph) -> MosgraphError:
    """The mosgraph error for an exception pyshacl raised (the one place)."""
    if isinstance(exc, SyntaxError):  # Oxigraph: a sh:select that is not valid SPARQL
        found = invalid_select(shapes)
        if found is not None:
            return found
    detail = " ".join(str(exc).split())
    return InputError(f"the shapes cannot be used for validation: {detail}")


def invalid_select(shapes: Graph) -> InputError | None:
    """Which SPARQL constraint of ``shapes`` does not parse, where, and what was expected."""
    import pyoxigraph as ox

    from .shapes import sparql_prefixes

    checker = ox.Store()
    for constraint, text in sorted(shapes.subject_objects(SH.select)):
        prefixes = dict(sparql_prefixes(shapes, shapes.objects(constraint, SH.prefixes)))
        prefixes.setdefault("sh", str(SH))
        prefixes.setdefault("xsd", PREFIXES["xsd"])
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
            expected = f": expected one of {', '.join(repr(t) for t in tokens)}" if tokens \
                else f": {' '.join(match.group(3).split())}"
            return InputError(
                f"the SPARQL query (sh:select) of {name} is not valid at its line "
                f"{match.group(1)}, column {match.group(2)}{expected}"
            )
    return None


def findings_of_report(report: Graph) -> list[Finding]:
    """The results of a SHACL validation report graph (not those nested in sh:detail)."""
    found = []
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        severity = report.value(node, SH.resultSeverity)
        if focus is None or not isinstance(severity, URIRef):
            continue
        value = report.value(node, SH.value)
        found.append(Finding(
            focus=focus,  # type: ignore[arg-type]
            severity=severity,
            shape=report.value(node, SH.sourceShape),  # type: ignore[arg-type]
            component=report.value(node, SH.sourceConstraintComponent),  # type: ignore[arg-type]
            path=report.value(node, SH.resultPath),
            value=value,  # type: ignore[arg-type]
            messages=tuple(sorted((m for m in report.objects(node, SH.resultMessage)
                                   if isinstance(m, Literal)), key=str)),
            constraint=report.value(node, SH.sourceConstraint),
        ))
    return found

