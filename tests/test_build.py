"""The graph built from the bundled report: facts, provenance spans, determinism."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, PROV

from mosgraph.build import build_graph
from mosgraph.reader import read_report
from mosgraph.sources import load_sources
from mosgraph.vocab import MOS, OA

ROOT = Path(__file__).resolve().parent.parent
SECOND = ROOT / "tests" / "fixtures" / "reports" / "hlg-mos-2022-02-11.txt"


def label(graph: Graph, node: object) -> str:
    return str(graph.value(node, RDFS.label))  # type: ignore[arg-type]


def test_attendance_counts_come_from_the_annex(built_graph: Graph, report_path: Path) -> None:
    report = read_report(report_path)
    present = set(built_graph.subjects(MOS.attendanceStatus, MOS.Present))
    apologies = set(built_graph.subjects(MOS.attendanceStatus, MOS.Apologies))
    assert len(present) == len(report.attendees) == 23
    assert len(apologies) == len(report.apologies) == 7


def test_representation_is_stated_per_meeting_and_between_people(built_graph: Graph) -> None:
    pairs = {
        (label(built_graph, s), label(built_graph, o))
        for s, o in built_graph.subject_objects(PROV.actedOnBehalfOf)
    }
    assert ("Eric Deeben", "Ian Diamond") in pairs
    assert ("Nicola Shearman", "Ian Diamond") in pairs
    assert len(pairs) == 7
    on_behalf = list(built_graph.subject_objects(MOS.onBehalfOf))
    assert len(on_behalf) == 7


def test_roles_become_memberships_and_posts(built_graph: Graph) -> None:
    co_chairs = sorted(
        label(built_graph, built_graph.value(m, ORG.member))
        for m in built_graph.subjects(ORG.role, MOS.CoChair)
        if (m, RDF.type, ORG.Membership) in built_graph
    )
    assert co_chairs == ["Jennifer Banim", "Stéphane Dufour"]
    chair = list(built_graph.objects(None, MOS.chairedBy))
    assert [label(built_graph, c) for c in chair] == ["Anil Arora"]
    heads = {label(built_graph, o) for o in built_graph.objects(None, ORG.headOf)}
    assert "Blue-Skies Thinking Network" in heads


def test_every_span_matches_the_report_text(built_graph: Graph, report_path: Path) -> None:
    text = report_path.read_text(encoding="utf-8")
    spans = list(built_graph.subjects(RDF.type, OA.SpecificResource))
    assert len(spans) > 60
    for span in spans:
        selectors = list(built_graph.objects(span, OA.hasSelector))
        position = next(s for s in selectors if (s, RDF.type, OA.TextPositionSelector)
                        in built_graph)
        quote = next(s for s in selectors if (s, RDF.type, OA.TextQuoteSelector) in built_graph)
        lines = next(s for s in selectors if (s, RDF.type, OA.FragmentSelector) in built_graph)
        start = int(built_graph.value(position, OA.start))  # type: ignore[arg-type]
        end = int(built_graph.value(position, OA.end))  # type: ignore[arg-type]
        assert text[start:end] == str(built_graph.value(quote, OA.exact))
        first, last = str(built_graph.value(lines, RDF.value)).removeprefix("line=").split(",")
        assert int(first) == text.count("\n", 0, start)  # RFC 5147 counts line breaks
        assert int(last) == text.count("\n", 0, end) + 1


def test_every_nary_node_has_provenance(built_graph: Graph) -> None:
    nary = [MOS.Attendance, ORG.Membership, MOS.Statement, MOS.StatusAssessment,
            URIRef("http://purl.org/linked-data/cube#Observation"), RDF.Statement]
    activities = [MOS.Decision, ORG.ChangeEvent, PROV.Activity]
    for classes, predicate in ((nary, PROV.wasDerivedFrom), (activities, PROV.wasInfluencedBy)):
        for cls in classes:
            nodes = set(built_graph.subjects(RDF.type, cls))
            assert nodes, cls
            for node in nodes:
                assert (node, predicate, None) in built_graph, node
                assert (node, PROV.wasDerivedFrom if predicate == PROV.wasInfluencedBy
                        else PROV.wasInfluencedBy, None) not in built_graph, node


def test_figures_are_read_from_the_quotes(built_graph: Graph) -> None:
    counts = sorted(int(o) for o in built_graph.objects(None, MOS.headcount))  # type: ignore[arg-type]
    assert counts == [300, 1200]
    assert set(built_graph.objects(None, MOS.bound)) == {MOS.MoreThan}


def test_quotations_are_attributed_to_the_chair(built_graph: Graph) -> None:
    speakers = {label(built_graph, o) for o in built_graph.objects(
        None, URIRef("https://schema.org/spokenByCharacter"))}
    assert speakers == {"Anil Arora"}


def test_base_iri_is_configurable(sources) -> None:  # type: ignore[no-untyped-def]
    graph = build_graph(sources, base="https://stats.example.org/kg")
    people = set(graph.subjects(RDF.type, FOAF.Person))
    assert people and all(str(p).startswith("https://stats.example.org/kg/id/person/")
                          for p in people)


def test_two_reports_share_people_and_organisations() -> None:
    graph = build_graph(load_sources([ROOT / "data/reports/hlg-mos-2021-01-29.txt", SECOND]))
    meetings = {label(graph, m) for m in graph.objects(None, MOS.atMeeting)}
    assert len(meetings) == 2
    canada = URIRef("https://w3id.org/mosgraph/id/org/statistics-canada")
    listed = {label(graph, graph.value(a, MOS.attendee))
              for a in graph.subjects(MOS.listedWith, canada)}
    assert {"Anil Arora", "Isabel Moreau"} <= listed
    assert (None, RDFS.label, Literal("김정희")) in graph


def test_build_output_is_byte_identical_across_processes(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        for ext in ("ttl", "nt", "jsonld", "trig"):
            subprocess.run([sys.executable, "-m", "mosgraph", "build", "-o",
                            str(out / f"g.{ext}")], check=True, env=env, capture_output=True)
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    assert set(outputs[0]) == {"g.ttl", "g.nt", "g.jsonld", "g.trig"}  # JSON-LD: self-contained


# --- the triples before the graph -------------------------------------------------------------


def test_a_node_relabelled_keeps_its_last_label_only() -> None:
    from mosgraph.build import Triples
    from mosgraph.ntriples import Lexical

    node, org = URIRef("http://example.org/n"), URIRef("http://example.org/o")
    triples = Triples()
    triples.label(node, "first")
    triples.add(node, ORG.memberOf, org)
    triples.add(node, ORG.memberOf, URIRef("http://example.org/other"))
    triples.label(node, "second")
    triples.label(node, "second")
    assert triples.labels == {node: "second"}
    assert (node, RDFS.label, Lexical("first")) not in triples
    graph = triples.graph()
    assert list(graph.objects(node, RDFS.label)) == [Literal("second")]
    assert len(graph) == len(triples) == 3


def test_the_triples_of_real_reports_are_written_as_serialize_writes_their_graph(
        report_path: Path) -> None:
    from mosgraph.build import build_triples
    from mosgraph.ntriples import Writer
    from mosgraph.rdfio import serialize

    sources = [(read_report(report_path), None), (read_report(SECOND), None),
               *load_sources()]
    graph = build_graph(sources)
    assert b"".join(Writer().lines(build_triples(sources))) == serialize(graph, "nt")
    assert {str(o) for o in graph.objects(None, FOAF.name)} >= {"Ian Diamond", "Eric Deeben"}
