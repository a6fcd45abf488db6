"""What changed between two meetings (:mod:`mosgraph.network.diff`), on the two invented
meetings of ``tests/fixtures/multi``; the expected changes are read off the graph's
attendance records, decisions and statuses, and checked against the reports' own words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from mosgraph.build import build_graph
from mosgraph.cli import main
from mosgraph.errors import UsageError
from mosgraph.network.diff import diff_meetings
from mosgraph.rdfio import write_graph
from mosgraph.sources import load_sources

MULTI = Path(__file__).resolve().parent / "fixtures" / "multi" / "reports"
PRESENT = """PREFIX mos: <https://w3id.org/mosgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name WHERE { ?a mos:atMeeting ?m ; mos:attendanceStatus mos:Present ;
                      mos:attendee/rdfs:label ?name }"""


@pytest.fixture(scope="module")
def multi() -> Graph:
    return build_graph(load_sources(sorted(MULTI.glob("*.txt"))))


def present(graph: Graph, date: str) -> set[str]:
    from mosgraph.network.projections import find_meeting

    meeting = find_meeting(graph, date).iri
    return {str(r[0]) for r in graph.query(PRESENT, initBindings={"m": meeting})}


def labels(changes: list[object]) -> list[str]:
    return [c.label for c in changes]  # type: ignore[attr-defined]


def test_who_joined_and_who_left(multi: Graph) -> None:
    result = diff_meetings(multi, "2024-03-12", "2024-09-20")
    before, after = present(multi, "2024-03-12"), present(multi, "2024-09-20")
    assert set(labels(result.joined)) == after - before
    assert set(labels(result.left)) == before - after
    assert labels(result.joined) == ["Dana Demo", "Hana Dummy", "Ivo Null"]
    assert labels(result.left) == ["Bruno Sample", "Eva Mock"]
    assert labels(result.organisations_joined) == ["Statistics Delta"]
    assert result.organisations_left == []


def test_merges_starts_and_ends(multi: Graph) -> None:
    result = diff_meetings(multi, "2024-03-12", "2024-09-20")
    text = (MULTI / "esf-2024-09-20.txt").read_text(encoding="utf-8")
    assert labels(result.merged) == ["Metadata Group + Registers Group"]
    assert "The Metadata Group will be merged with the Registers Group." in text
    assert labels(result.started) == ["Open Tools community", "Privacy Lab project"]
    assert "selected for 2025" in result.started[1].detail
    assert labels(result.ended) == ["Open Tools project"]
    assert "completed" in result.ended[0].detail
    assert "continued as Open Tools community" in result.ended[0].detail


def test_nothing_merged_before_the_first_meeting(multi: Graph, built_graph: Graph) -> None:
    with pytest.raises(UsageError, match="must be earlier"):
        diff_meetings(multi, "2024-09-20", "2024-03-12")
    with pytest.raises(UsageError, match="unknown meeting"):
        diff_meetings(multi, "2024-03-12", "2030-01-01")


def test_the_diff_command(multi: Graph, tmp_path: Path) -> None:
    graph_file = tmp_path / "multi.ttl"
    write_graph(multi, graph_file)
    runner = CliRunner()
    text = runner.invoke(main, ["network", str(graph_file), "--diff", "2024-03-12",
                                "2024-09-20"])
    assert text.exit_code == 0, text.output
    assert "people joined (3): Dana Demo; Hana Dummy; Ivo Null" in text.output
    assert "groups merged (1): Metadata Group + Registers Group" in text.output
    as_json = runner.invoke(main, ["network", str(graph_file), "--diff", "2024-03-12",
                                   "2024-09-20", "--format", "json"])
    document = json.loads(as_json.output)
    assert document["from"]["date"] == "2024-03-12"
    assert [c["label"] for c in document["left"]] == ["Bruno Sample", "Eva Mock"]
    as_csv = runner.invoke(main, ["network", str(graph_file), "--diff", "2024-03-12",
                                  "2024-09-20", "--format", "csv"])
    assert as_csv.output.splitlines()[0] == "change,label,detail,meeting,iri"
    assert sum(1 for line in as_csv.output.splitlines() if line.startswith("joined,")) == 3
    bad = runner.invoke(main, ["network", str(graph_file), "--diff", "2024-03-12", "2031-1-1"])
    assert bad.exit_code == 2 and len(bad.output.strip().splitlines()) == 1
