"""The synthetic corpus: deterministic, shaped like the real graph, alive over the years."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from mosgraph.cli import main
from mosgraph.rdfio import load_graph
from mosgraph.store import OxigraphStore
from mosgraph.synth import synthesize, synthetic_sources

MOS = Namespace("https://w3id.org/mosgraph/ontology#")
SCHEMA = Namespace("https://schema.org/")
PREFIXES = """PREFIX mos: <https://w3id.org/mosgraph/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@pytest.fixture(scope="module")
def corpus() -> Graph:
    return synthesize(120, seed=11)


@pytest.fixture(scope="module")
def store(corpus: Graph) -> OxigraphStore:
    loaded = OxigraphStore()
    loaded.load(corpus)
    return loaded


def rows(store: OxigraphStore, query: str) -> list[tuple[object, ...]]:
    result = store.query(PREFIXES + query)
    return list(result.rows)  # type: ignore[union-attr]


def test_the_same_seed_gives_the_same_graph_and_another_seed_another() -> None:
    assert set(synthesize(12, seed=5)) == set(synthesize(12, seed=5))
    assert set(synthesize(12, seed=5)) != set(synthesize(12, seed=6))


def test_size_grows_with_the_number_of_meetings(corpus: Graph) -> None:
    meetings = set(corpus.subjects(SCHEMA.organizer, None))
    assert len(meetings) == 120
    # ~185 triples a meeting at scale; the yearly plenaries weigh more in a small corpus
    assert 120 * 150 < len(corpus) < 120 * 350


def test_the_corpus_conforms_to_the_shapes(corpus: Graph) -> None:
    from mosgraph.validation import validate

    report = validate(corpus)
    assert report.conforms, report.text()
    assert not report.results


def test_iris_follow_the_minting_scheme() -> None:
    graph = synthesize(3, seed=1, base="https://example.org/data/")
    ours = {str(s) for s in graph.subjects() if isinstance(s, URIRef)}
    assert ours and all(s.startswith("https://example.org/data/id/") for s in ours)
    kinds = {s.split("/id/", 1)[1].split("/", 1)[0] for s in ours}
    assert {"person", "org", "meeting", "report", "membership", "work"} <= kinds


def test_meetings_are_spread_over_ten_years_with_a_plenary_each_year() -> None:
    sources = synthetic_sources(40, seed=2)
    dates = [report.date for report, _ in sources]
    assert dates == sorted(dates) and len(set(dates)) == 40
    assert dates[0].year == 2015 and dates[-1].year == 2024
    plenaries = [r for r, _ in sources if r.body == "HLG-SYN"]
    assert [r.date.year for r in plenaries] == list(range(2015, 2025))


def test_the_reports_are_read_back_by_the_real_reader() -> None:
    from mosgraph.reader import parse_report

    for report, _ in synthetic_sources(15, seed=4):
        again = parse_report(report.text, report.source)
        assert again == report
        assert report.attendees


def test_people_recur_and_come_and_go(store: OxigraphStore) -> None:
    found = rows(store, """SELECT ?person (COUNT(DISTINCT ?meeting) AS ?n)
        (MIN(?date) AS ?first) (MAX(?date) AS ?last) WHERE {
          ?a mos:attendee ?person ; mos:atMeeting ?meeting ; mos:attendanceStatus mos:Present .
          ?meeting schema:startDate ?date } GROUP BY ?person""")
    counts = Counter(int(str(n)) for _, n, _, _ in found)
    assert max(counts) >= 10  # some people are at many meetings
    assert counts[1] > 0  # and some at one only
    firsts = {str(first)[:4] for _, _, first, _ in found}
    assert len(firsts) >= 5  # people join over the years
    lasts = {str(last)[:4] for _, _, _, last in found}
    assert len(lasts) >= 5  # and leave


def test_heads_send_representatives_and_apologise(store: OxigraphStore) -> None:
    found = rows(store, """SELECT ?head ?meeting WHERE {
        ?r mos:onBehalfOf ?head ; mos:atMeeting ?meeting .
        ?apology mos:attendee ?head ; mos:atMeeting ?meeting ;
                 mos:attendanceStatus mos:Apologies }""")
    assert len(found) >= 5
    alone = rows(store, """SELECT ?r WHERE { ?r mos:onBehalfOf ?head ; mos:atMeeting ?m .
        FILTER NOT EXISTS { ?x mos:attendee ?head ; mos:atMeeting ?m ;
                                mos:attendanceStatus mos:Apologies } }""")
    assert alone == []


def test_projects_are_selected_then_completed_later(store: OxigraphStore) -> None:
    found = rows(store, """SELECT ?work ?selected ?done WHERE {
        ?work mos:hasStatus ?s1, ?s2 .
        ?s1 mos:status mos:Selected ; mos:atMeeting/schema:startDate ?selected .
        ?s2 mos:status mos:Completed ; mos:atMeeting/schema:startDate ?done }""")
    assert len(found) >= 5
    assert all(str(selected) < str(done) for _, selected, done in found)


def test_groups_merge_and_merged_groups_stop_meeting(store: OxigraphStore) -> None:
    merges = rows(store, """SELECT ?merged ?date WHERE {
        ?d mos:decisionKind mos:Merge ; mos:atMeeting/schema:startDate ?date ;
           <http://purl.org/dc/terms/subject> ?merged }""")
    assert merges
    later = rows(store, """SELECT ?group WHERE {
        ?d mos:decisionKind mos:Merge ; mos:atMeeting/schema:startDate ?when .
        ?change <http://www.w3.org/ns/prov#wasInformedBy> ?d .
        ?d <http://www.w3.org/2000/01/rdf-schema#label> ?label .
        ?m schema:organizer ?group ; schema:startDate ?date .
        FILTER (?date > ?when && STRSTARTS(?label, "merge: ")
                && STRSTARTS(SUBSTR(?label, 8), STR(?groupLabel)))
        ?group <http://www.w3.org/2000/01/rdf-schema#label> ?groupLabel }""")
    assert later == []  # the group named first is the one merged away


def test_pandemic_years_are_online_and_affect_work(store: OxigraphStore) -> None:
    modes = rows(store, """SELECT DISTINCT ?mode WHERE { ?m schema:startDate ?d ;
        schema:eventAttendanceMode ?mode . FILTER (YEAR(?d) IN (2020, 2021)) }""")
    assert modes == [(SCHEMA.OnlineEventAttendanceMode,)]
    affected = rows(store, """SELECT ?x WHERE { ?x mos:hasStatus/mos:status
        mos:PandemicAffected }""")
    assert len(affected) == 6


def test_every_meeting_has_one_chair_who_is_present(corpus: Graph) -> None:
    for meeting in corpus.subjects(SCHEMA.organizer, None):
        (chair,) = corpus.objects(meeting, MOS.chairedBy)
        assert (meeting, SCHEMA.attendee, chair) in corpus


def test_figures_are_counted_each_year(corpus: Graph) -> None:
    years = {int(str(y)) for y in corpus.objects(None, MOS.referenceYear)}
    assert years == set(range(2014, 2024))
    assert all(isinstance(n, Literal) and int(n) > 100
               for n in corpus.objects(None, MOS.headcount))
    assert len(set(corpus.subjects(RDF.type, URIRef("http://purl.org/linked-data/cube#"
                                                   "Observation")))) == 20


def test_synth_command_writes_the_corpus(tmp_path: Path) -> None:
    out = tmp_path / "corpus.nt"
    result = CliRunner().invoke(main, ["synth", "--meetings", "5", "--seed", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"wrote {out} (ntriples): 5 meetings, ")
    assert set(load_graph(out)) == set(synthesize(5, seed=2))


@pytest.mark.parametrize(("args", "message"), [
    (["--meetings", "5", "-o", "{dir}/corpus.docx"], "unknown format for"),
    (["--meetings", "0", "-o", "{dir}/corpus.ttl"], "0 is not in the range 1<=x<=10000"),
    (["-o", "{dir}/corpus.ttl"], "Missing option '--meetings'"),
])
def test_synth_command_bad_input(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["synth", *(a.replace("{dir}", str(tmp_path))
                                                  for a in args)])
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


# --- written as it is generated -----------------------------------------------------------------


@pytest.mark.parametrize(("name", "jobs"), [("corpus.nt", 1), ("corpus.nq", 1),
                                            ("corpus.nt", 2)])
def test_a_streamed_corpus_has_the_bytes_of_the_graph_written_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, jobs: int) -> None:
    from mosgraph import synth
    from mosgraph.rdfio import write_graph

    monkeypatch.setattr(synth, "_PART_BYTES", 300_000)  # several parts to merge
    monkeypatch.setattr(synth, "_TASK", 5)
    monkeypatch.setattr(synth, "_BATCH", 2)
    streamed, whole = tmp_path / "streamed" / name, tmp_path / "whole" / name
    streamed.parent.mkdir()
    whole.parent.mkdir()
    done: list[int] = []
    count = synth.write_synthetic(45, streamed, seed=6, jobs=jobs, progress=done.append)
    graph = synthesize(45, seed=6)
    write_graph(graph, whole)
    assert streamed.read_bytes() == whole.read_bytes()
    assert count == len(graph)
    assert done == list(range(5, 50, 5))
    assert sorted(p.name for p in streamed.parent.iterdir()) == [name]  # no run files left


def test_the_command_builds_on_every_usable_core_by_default_for_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mosgraph import synth
    from mosgraph.cores import usable_cores

    asked: list[int] = []
    write = synth.write_synthetic

    def spy(*args: object, jobs: int, **kwargs: object) -> int:
        asked.append(jobs)
        return write(*args, jobs=jobs, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(synth, "write_synthetic", spy)
    files: list[bytes] = []
    for extra in ([], ["--jobs", "1"]):
        out = tmp_path / f"corpus{len(files)}.nt"
        result = CliRunner().invoke(main, ["synth", "--meetings", "45", "-o", str(out), *extra])
        assert result.exit_code == 0, result.output
        files.append(out.read_bytes())
    assert asked == [usable_cores(), 1]
    assert files[0] == files[1]


def test_another_format_is_written_whole(tmp_path: Path) -> None:
    from mosgraph.synth import write_synthetic

    out = tmp_path / "corpus.ttl"
    assert write_synthetic(6, out, seed=2) == len(synthesize(6, seed=2))
    assert set(load_graph(out)) == set(synthesize(6, seed=2))


def test_a_failure_part_way_leaves_no_file(tmp_path: Path) -> None:
    from mosgraph.synth import write_synthetic

    def interrupted(done: int) -> None:
        if done > 20:
            raise KeyboardInterrupt

    out = tmp_path / "corpus.nt"
    with pytest.raises(KeyboardInterrupt):
        write_synthetic(60, out, progress=interrupted)
    assert list(tmp_path.iterdir()) == []


def test_the_progress_bar_shows_on_a_terminal_only(tmp_path: Path) -> None:
    import os
    import pty
    import subprocess
    import sys

    piped = subprocess.run([sys.executable, "-m", "mosgraph", "synth", "--meetings", "30",
                            "-o", str(tmp_path / "piped.nt")], capture_output=True, check=True)
    assert piped.stderr == b""
    assert piped.stdout.startswith(b"wrote ")
    leader, follower = pty.openpty()
    with subprocess.Popen([sys.executable, "-m", "mosgraph", "synth", "--meetings", "30", "-o",
                           str(tmp_path / "terminal.nt")], stdin=follower, stdout=follower,
                          stderr=follower) as process:
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            seen += chunk
        assert process.wait() == 0
    os.close(leader)
    assert b"meetings" in seen and b"30/30" in seen
    assert (tmp_path / "terminal.nt").read_bytes() == (tmp_path / "piped.nt").read_bytes()


def test_group_rosters_stay_people_apart_over_centuries() -> None:
    """A corpus of 100,000 meetings spans 270 years of turnover: a group's roster is refilled
    with different people, so that a group meeting always has others than its chair (the
    100,000-meeting corpus once failed on a roster holding its chair three times)."""
    import random

    from mosgraph.synth import _Meetings

    world = _Meetings(random.Random(0)).world
    for year in range(2000, 2400):
        world.new_year(year)
        for group in world.groups:
            roster = world.rosters[group.key]
            assert len({id(p) for p in roster}) == len(roster) >= 5, (year, group.key)
        assert len({id(p) for p in world.board_members}) == len(world.board_members) >= 3
