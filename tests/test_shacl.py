"""The SHACL-to-SPARQL engine against the reference engine (pyshacl): the same report.

Every case validates one graph with both engines and compares what the user sees (the
results: severity, focus node, label, path, message, value, report line, shape) and what
the SHACL report graph says (focus, severity, source shape, constraint component, path,
value, messages). The cases: the bundled report, every broken graph of
``fixtures/broken``, a generated corpus, graphs with faults of every kind injected at
random (seeded), and the official DCAT-AP 3 shapes on ``mosgraph catalog`` output with
faults of their own. The 1,000-meeting corpus runs in ``bench/bench_validate.py`` (and
here with ``MOSGRAPH_SLOW_TESTS=1``).
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import copy_of
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SH, SKOS
from rdflib.term import Node

from mosgraph.shacl.engine import findings_of_report
from mosgraph.validation import ValidationReport, load_shapes, validate
from mosgraph.vocab import MOS, OA, QB, SCHEMA

BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken"
DCAT = Namespace("http://www.w3.org/ns/dcat#")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


def findings(report: ValidationReport, shapes: Graph) -> set[tuple[str, ...]]:
    """The results of the report graph, with the shape's blank nodes written out."""
    graph = report.to_graph()

    def shown(node: Node | None) -> str:
        if node is None:
            return ""
        if isinstance(node, BNode):  # a blank shape or path: its description
            described = sorted(f"{p} {shown(o)}" for p, o in shapes.predicate_objects(node)
                               if p not in (SH.property,))
            return "[" + "; ".join(described) + "]" if described else f"_:{node}"
        return node.n3()

    return {(f.focus.n3(), str(f.severity), shown(f.shape), str(f.component), shown(f.path),
             f.value.n3() if f.value is not None else "", " | ".join(sorted(map(str, f.messages))))
            for f in findings_of_report(graph)}


def same_report(data: Graph, shapes: Graph) -> ValidationReport:
    """Validate with both engines; they must agree. Returns the report."""
    reference = validate(data, shapes, engine="pyshacl")
    compiled = validate(data, shapes, engine="sparql")
    assert compiled.results == reference.results, _difference(reference, compiled)
    assert compiled.conforms == reference.conforms
    assert findings(compiled, shapes) == findings(reference, shapes)
    assert compiled.text().splitlines()[-1] == reference.text().splitlines()[-1]
    return compiled


def _difference(reference: ValidationReport, compiled: ValidationReport) -> str:
    only_reference = set(reference.results) - set(compiled.results)
    only_compiled = set(compiled.results) - set(reference.results)
    lines = [f"pyshacl only: {r}" for r in sorted(only_reference, key=str)[:8]]
    lines += [f"sparql only: {r}" for r in sorted(only_compiled, key=str)[:8]]
    return "\n".join(lines) or "same results, different order"


# --- the bundled report and its broken variants ----------------------------------------------


def test_the_bundled_report(built_graph: Graph, shapes: Graph) -> None:
    report = same_report(built_graph, shapes)
    assert report.conforms and len(report.warnings) == 1
    assert report.notes == ()  # every shipped shape is compiled: none left to pyshacl


@pytest.mark.parametrize("fixture", sorted(p.name for p in BROKEN.glob("*.ttl")
                                           if p.name != "malformed-shapes.ttl"))
def test_every_broken_fixture(graph: Graph, shapes: Graph, fixture: str) -> None:
    graph.parse(BROKEN / fixture, format="turtle")
    report = same_report(graph, shapes)
    assert not report.conforms


def test_a_generated_corpus(shapes: Graph) -> None:
    from mosgraph.synth import synthesize

    report = same_report(synthesize(30, seed=3), shapes)
    assert report.conforms


@pytest.mark.skipif(not os.environ.get("MOSGRAPH_SLOW_TESTS"),
                    reason="the 1,000-meeting corpus takes a minute: MOSGRAPH_SLOW_TESTS=1 "
                           "(bench/bench_validate.py compares it too)")
def test_the_1000_meeting_corpus(shapes: Graph) -> None:
    from mosgraph.synth import synthesize

    corpus = synthesize(1000, seed=0)
    same_report(corpus, shapes)
    faulty = copy_of(corpus)
    inject(faulty, random.Random(1000), list(FAULTS), 3)
    assert not same_report(faulty, shapes).conforms


# --- faults of every kind, injected at random -----------------------------------------------

Fault = Callable[[Graph, random.Random], None]
FAULTS: dict[str, Fault] = {}


def fault(function: Fault) -> Fault:
    FAULTS[function.__name__] = function
    return function


def pick(graph: Graph, rng: random.Random, predicate: URIRef | None = None,
         subject_type: URIRef | None = None) -> tuple[Node, Node, Node]:
    triples = sorted(graph.triples((None, predicate, None)), key=lambda t: tuple(map(str, t)))
    if subject_type is not None:
        triples = [t for t in triples if (t[0], RDF.type, subject_type) in graph]
    assert triples, (predicate, subject_type)
    return rng.choice(triples)


def instance(graph: Graph, rng: random.Random, cls: URIRef) -> Node:
    return rng.choice(sorted(graph.subjects(RDF.type, cls), key=str))


@fault
def drop_required(graph: Graph, rng: random.Random) -> None:
    predicate = rng.choice([RDFS.label, MOS.attendee, MOS.atMeeting, PROV.wasDerivedFrom,
                            OA.hasSource, DCTERMS.title, FOAF.name, ORG.role, OA.exact])
    subject = pick(graph, rng, predicate)[0]
    graph.remove((subject, predicate, None))


@fault
def second_value(graph: Graph, rng: random.Random) -> None:
    s, p, o = pick(graph, rng, rng.choice([RDFS.label, MOS.atMeeting, MOS.attendee, FOAF.name,
                                           MOS.chairedBy, OA.start, SCHEMA.startDate]))
    other = pick(graph, rng, p)[2]
    graph.add((s, p, other if other != o else Literal(f"{o} (again)")))


@fault
def wrong_class(graph: Graph, rng: random.Random) -> None:
    s, p, _ = pick(graph, rng, rng.choice([MOS.attendee, MOS.atMeeting, PROV.wasDerivedFrom,
                                           ORG.organization, SCHEMA.isPartOf]))
    graph.set((s, p, instance(graph, rng, rng.choice([SKOS.Concept, ORG.Membership]))))


@fault
def type_removed(graph: Graph, rng: random.Random) -> None:
    cls = rng.choice([OA.SpecificResource, FOAF.Person, SCHEMA.Event, MOS.Statement,
                      ORG.FormalOrganization, OA.TextQuoteSelector])
    graph.remove((instance(graph, rng, cls), RDF.type, cls))


@fault
def literal_for_iri(graph: Graph, rng: random.Random) -> None:
    s, p, o = pick(graph, rng, rng.choice([MOS.attendee, DCTERMS.subject, OA.hasSelector,
                                           ORG.role, MOS.attendanceStatus]))
    graph.remove((s, p, o))
    graph.add((s, p, Literal(str(o))))


@fault
def iri_for_literal(graph: Graph, rng: random.Random) -> None:
    s, p, o = pick(graph, rng, rng.choice([RDFS.label, FOAF.name, SCHEMA.text, OA.exact]))
    graph.remove((s, p, o))
    graph.add((s, p, URIRef(f"https://example.org/{rng.randrange(10**6)}")))


@fault
def blank_value(graph: Graph, rng: random.Random) -> None:
    s, p, o = pick(graph, rng, rng.choice([MOS.attendee, RDFS.label, DCTERMS.subject,
                                           OA.hasSource]))
    graph.remove((s, p, o))
    blank = BNode()
    graph.add((s, p, blank))
    graph.add((blank, RDFS.label, Literal("a blank node")))


@fault
def other_datatype(graph: Graph, rng: random.Random) -> None:
    s, p, o = pick(graph, rng, rng.choice([OA.start, OA.end, SCHEMA.position, SCHEMA.startDate,
                                           FOAF.name, SCHEMA.name, MOS.headcount]))
    graph.remove((s, p, o))
    graph.add((s, p, rng.choice([Literal(str(o)), Literal(str(o), lang="en"),
                                 Literal(str(o), datatype=XSD.token)])))


@fault
def ill_typed(graph: Graph, rng: random.Random) -> None:
    s, p, o = pick(graph, rng, rng.choice([OA.start, OA.end, SCHEMA.position, SCHEMA.startDate]))
    graph.remove((s, p, o))
    datatype = o.datatype if isinstance(o, Literal) else XSD.integer
    lexical = rng.choice(["abc", " 7", "1_000", "2021-02-30", "2024-02-29", "2021-1-5", "+3",
                          "1e3", "٣", ""])
    graph.add((s, p, Literal(lexical, datatype=datatype)))


@fault
def integer_subtype(graph: Graph, rng: random.Random) -> None:
    s, p, o = pick(graph, rng, rng.choice([OA.start, OA.end, SCHEMA.position]))
    graph.remove((s, p, o))
    graph.add((s, p, Literal(str(o), datatype=rng.choice(
        [XSD.nonNegativeInteger, XSD.int, XSD.long, XSD.positiveInteger]))))


@fault
def language_trouble(graph: Graph, rng: random.Random) -> None:
    s, p, o = pick(graph, rng, rng.choice([SCHEMA.name, SKOS.prefLabel, SCHEMA.text]))
    if rng.random() < 0.5:
        graph.remove((s, p, o))
        graph.add((s, p, Literal(str(o))))  # the language tag lost
    else:
        graph.add((s, p, Literal(f"{o} again", lang=rng.choice(["en", "EN", "en-GB", "fr"]))))


@fault
def not_in_list(graph: Graph, rng: random.Random) -> None:
    predicate = rng.choice([MOS.decisionKind, MOS.attendanceStatus, ORG.role, MOS.status,
                            SCHEMA.eventAttendanceMode])
    s, _, _ = pick(graph, rng, predicate)
    graph.set((s, predicate, rng.choice([MOS.Present, MOS.Chair, MOS.Completed,
                                         URIRef("https://example.org/other")])))


@fault
def pattern_broken(graph: Graph, rng: random.Random) -> None:
    predicate = rng.choice([SCHEMA.sha256, RDF.value])
    s, p, o = pick(graph, rng, predicate)
    graph.remove((s, p, o))
    text = str(o)
    arabic_one = "\u0661"  # Arabic-Indic digit one: a digit to Python's \\d, not to [0-9]
    graph.add((s, p, Literal(rng.choice([text.upper(), text + "\n", text + " ", "line=x,1",
                                         text.replace("1", arabic_one), text[:-1]]))))


@fault
def out_of_range(graph: Graph, rng: random.Random) -> None:
    s, p, o = pick(graph, rng, rng.choice([OA.start, SCHEMA.position, MOS.headcount]))
    graph.remove((s, p, o))
    graph.add((s, p, rng.choice([Literal(-1), Literal(0), Literal("0.5", datatype=XSD.decimal),
                                 Literal("-1e0", datatype=XSD.double), Literal("x")])))


@fault
def start_not_before_end(graph: Graph, rng: random.Random) -> None:
    selector = instance(graph, rng, OA.TextPositionSelector)
    start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
    graph.set((selector, OA.start, rng.choice([end, Literal(int(end) + 5), Literal(str(start))])))


@fault
def empty_quote(graph: Graph, rng: random.Random) -> None:
    graph.set((pick(graph, rng, OA.exact)[0], OA.exact, Literal("")))


@fault
def selector_missing(graph: Graph, rng: random.Random) -> None:
    span = instance(graph, rng, OA.SpecificResource)
    selector = rng.choice(sorted(graph.objects(span, OA.hasSelector), key=str))
    graph.remove((span, OA.hasSelector, selector))
    if rng.random() < 0.5:
        graph.add((span, OA.hasSelector, instance(graph, rng, OA.TextQuoteSelector)))


@fault
def chair_absent(graph: Graph, rng: random.Random) -> None:
    meeting = pick(graph, rng, MOS.chairedBy)[0]
    graph.set((meeting, MOS.chairedBy, instance(graph, rng, FOAF.Person)))


@fault
def present_and_absent(graph: Graph, rng: random.Random) -> None:
    record = pick(graph, rng, MOS.attendanceStatus)[0]
    status = graph.value(record, MOS.attendanceStatus)
    twin = URIRef(f"{record}-twin")
    for p, o in list(graph.predicate_objects(record)):
        graph.add((twin, p, o))
    graph.set((twin, MOS.attendanceStatus, MOS.Apologies if status == MOS.Present
               else MOS.Present))


@fault
def quotation_changed(graph: Graph, rng: random.Random) -> None:
    quotation = instance(graph, rng, SCHEMA.Quotation) if \
        list(graph.subjects(RDF.type, SCHEMA.Quotation)) else pick(graph, rng, SCHEMA.text)[0]
    graph.set((quotation, SCHEMA.text, Literal("words nobody said", lang="en")))


@fault
def organisation_is_a_person(graph: Graph, rng: random.Random) -> None:
    s, p, _ = pick(graph, rng, rng.choice([ORG.organization, MOS.listedWith, SCHEMA.organizer]))
    graph.set((s, p, instance(graph, rng, FOAF.Person)))


@fault
def on_behalf_of_while_absent(graph: Graph, rng: random.Random) -> None:
    record = pick(graph, rng, MOS.onBehalfOf)[0] if (None, MOS.onBehalfOf, None) in graph \
        else pick(graph, rng, MOS.attendanceStatus)[0]
    graph.set((record, MOS.attendanceStatus, MOS.Apologies))


@fault
def figure_broken(graph: Graph, rng: random.Random) -> None:
    figure = instance(graph, rng, QB.Observation) if (None, RDF.type, QB.Observation) in graph \
        else instance(graph, rng, MOS.Decision)
    graph.remove((figure, rng.choice([MOS.referenceYear, MOS.headcount, MOS.bound,
                                      MOS.forYear]), None))
    graph.add((figure, MOS.referenceYear, Literal("21", datatype=XSD.gYear)))


def inject(graph: Graph, rng: random.Random, kinds: list[str], count: int) -> list[str]:
    done = []
    for _ in range(count):
        kind = rng.choice(kinds)
        FAULTS[kind](graph, rng)
        done.append(kind)
    return done


@pytest.fixture(scope="module")
def small_corpus() -> Graph:
    from mosgraph.build import build_graph
    from mosgraph.sources import load_sources
    from mosgraph.synth import synthetic_sources

    return build_graph([*load_sources(), *synthetic_sources(6, seed=4)])


def test_every_kind_of_fault_at_once(small_corpus: Graph, shapes: Graph) -> None:
    graph = copy_of(small_corpus)
    rng = random.Random(7)
    for kind in sorted(FAULTS):
        FAULTS[kind](graph, rng)
    report = same_report(graph, shapes)
    assert len(report.violations) >= len(FAULTS) // 2


def test_checks_run_side_by_side_give_the_report_of_one_after_the_other(
        small_corpus: Graph, shapes: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from mosgraph.shacl import engine

    graph = copy_of(small_corpus)
    rng = random.Random(11)
    for kind in sorted(FAULTS):
        FAULTS[kind](graph, rng)
    threads: set[str] = set()
    select = engine._select

    def seen(*arguments: object) -> object:
        threads.add(threading.current_thread().name)
        return select(*arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_select", seen)
    reports = {}
    for cores in (1, 4):
        monkeypatch.setattr(engine, "usable_cores", lambda cores=cores: cores)
        threads.clear()
        reports[cores] = validate(graph, shapes)
        assert (len(threads) > 1) == (cores > 1), threads
    assert reports[4].results == reports[1].results  # the same findings, in the same order
    assert reports[4].text() == reports[1].text() and not reports[4].conforms


def test_of_checks_side_by_side_the_first_that_fails_in_order_says_why(
        shapes: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from mosgraph.errors import QueryError
    from mosgraph.shacl import engine

    calls: list[int] = []

    def failing(store: object, item: object, shapes_graph: Graph) -> object:
        calls.append(index := len(calls))
        if index == 1:  # fails late, but it comes first
            time.sleep(0.3)
            raise QueryError("check 1 failed")
        if index == 2:
            raise QueryError("check 2 failed")
        time.sleep(0.01)
        return engine.SelectResult(("this",), ())

    monkeypatch.setattr(engine, "_select", failing)
    monkeypatch.setattr(engine, "usable_cores", lambda: 4)
    with pytest.raises(QueryError, match="check 1 failed"):
        validate(Graph(), shapes)
    assert len(calls) < 40  # the checks not yet begun were dropped


@settings(max_examples=4, deadline=None, derandomize=True,
          phases=(Phase.explicit, Phase.generate),  # a failure is shown as found: no shrinking
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), kinds=st.lists(st.sampled_from(sorted(FAULTS)),
                                                       min_size=1, max_size=6))
def test_random_faults(small_corpus: Graph, shapes: Graph, seed: int, kinds: list[str]) -> None:
    graph = copy_of(small_corpus)
    rng = random.Random(seed)
    for kind in kinds:
        FAULTS[kind](graph, rng)
    same_report(graph, shapes)


# --- third-party shapes: DCAT-AP 3 on the catalogue record -----------------------------------

DCAT_AP = [
    ("3.0.1", ("html-shacl/shapes.ttl", "html-shacl/range.ttl")),
    ("3.0.1", ("html-shacl/mdr-vocabularies.shape.ttl",)),
    ("3.0.1", ("html-shacl/shapes_recommended.ttl",)),
    ("3.0.1", ("html-shacl/deprecateduris.ttl",)),
    ("3.0.0", ("html-shacl/shapes.ttl", "html-shacl/range.ttl")),
    ("3.0.0", ("dcat-ap-SHACL.ttl",)),
]


@pytest.fixture(scope="module")
def record(built_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    from mosgraph.catalog import DEFAULT_PUBLISHER, Publisher, describe
    from mosgraph.rdfio import write_graph

    published = tmp_path_factory.mktemp("published") / "mosgraph.ttl"
    write_graph(built_graph, published)
    catalog = describe(built_graph, base_url="https://data.example.org/mosgraph/",
                       distributions=[published], endpoint="https://data.example.org/sparql",
                       publisher=Publisher(DEFAULT_PUBLISHER.name, DEFAULT_PUBLISHER.kind,
                                           "mosgraph@example.org"))
    return catalog.dcat


def dcat_ap(shared_vocab: Path, version: str, files: tuple[str, ...]) -> Graph:
    shapes = Graph()
    for name in files:
        shapes.parse(shared_vocab / "dcat-ap" / version / name)
    return shapes


def catalogue_faults(graph: Graph, rng: random.Random) -> Iterator[str]:
    """Faults a catalogue record can have, one at random per call."""
    dataset = instance(graph, rng, DCAT.Dataset)
    distribution = instance(graph, rng, DCAT.Distribution)
    catalog = instance(graph, rng, DCAT.Catalog)
    kinds: dict[str, Callable[[], None]] = {
        "title lost": lambda: graph.remove((dataset, DCTERMS.title, None)),
        "title twice": lambda: graph.add((catalog, DCTERMS.title, Literal("Another", lang="en"))),
        "byte size as text": lambda: graph.set((distribution, DCAT.byteSize, Literal("12 kB"))),
        "byte size negative": lambda: graph.set((distribution, DCAT.byteSize, Literal(
            "-5", datatype=XSD.nonNegativeInteger))),
        "access URL a literal": lambda: graph.set((distribution, DCAT.accessURL,
                                                   Literal("https://x.org/"))),
        "distribution of a wrong class": lambda: graph.add((dataset, DCAT.distribution, catalog)),
        "publisher a blank node": lambda: graph.set((dataset, DCTERMS.publisher, BNode())),
        "unknown property": lambda: graph.add((distribution, URIRef("https://example.org/odd"),
                                               Literal(1))),
        "issued not a date": lambda: graph.set((dataset, DCTERMS.issued, Literal("yesterday"))),
        "licence an IRI of nothing": lambda: graph.set((distribution, DCTERMS.license,
                                                        URIRef("https://example.org/l"))),
        "format dropped": lambda: graph.remove((distribution, DCTERMS["format"], None)),
        "type removed": lambda: graph.remove((distribution, RDF.type, DCAT.Distribution)),
    }
    for name in sorted(kinds):
        if rng.random() < 0.3:
            kinds[name]()
            yield name


@pytest.mark.parametrize(("version", "files"), DCAT_AP, ids=lambda v: str(v))
def test_dcat_ap_shapes_on_the_catalogue(shared_vocab: Path, record: Graph, version: str,
                                         files: tuple[str, ...]) -> None:
    shapes = dcat_ap(shared_vocab, version, files)
    same_report(record, shapes)
    for seed in range(3):
        faulty = copy_of(record)
        list(catalogue_faults(faulty, random.Random(seed)))
        same_report(faulty, shapes)
