"""Reports of every kind, read and built from their text alone (no curation file).

The reports in ``tests/fixtures/events/`` are invented, in the layout of the real one: a
workshop held in a city with participants joining online, a virtual seminar that replaced
one planned elsewhere, an in-person Executive Board meeting, and a hybrid plenary; with
names in other scripts, wrapped lines, organisations the register does not know,
representation and apologies.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import ORG

from mosgraph.build import build_graph
from mosgraph.cli import main
from mosgraph.reader import parse_report, read_report
from mosgraph.sources import load_sources
from mosgraph.validation import validate
from mosgraph.vocab import MOS, SCHEMA

EVENTS = Path(__file__).resolve().parent / "fixtures" / "events"
WORKSHOP = EVENTS / "hlg-mos-workshop-2024-10-15.txt"
SEMINAR = EVENTS / "hlg-mos-seminar-2022-11-30.txt"
BOARD = EVENTS / "hlg-mos-executive-board-2023-04-03.txt"
HYBRID = EVENTS / "hlg-mos-2023-11-20.txt"
CONFERENCE = EVENTS / "hlg-mos-conference-2025-06-03.txt"
ID = "https://w3id.org/mosgraph/id/"


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.mark.parametrize(("path", "event", "dates"), [
    (WORKSHOP, ("HLG-MOS", "workshop", "Data Stewardship", "Tallinn, Estonia", "mixed", None),
     ((2024, 10, 15), (2024, 10, 17))),
    (SEMINAR, ("HLG-MOS", "seminar", "Trusted Smart Statistics", None, "online",
               "Seminar planned in Luxembourg"), ((2022, 11, 30), (2022, 12, 1))),
    (BOARD, ("HLG-MOS Executive Board", "meeting", None, "Geneva", "offline", None),
     ((2023, 4, 3), None)),
    (HYBRID, ("HLG-MOS", "meeting", None, "Lisbon", "mixed", None), ((2023, 11, 20), None)),
    (CONFERENCE, ("HLG-MOS", "conference", "trusted smart statistics", None, "online", None),
     ((2025, 6, 3), (2025, 6, 4))),
], ids=lambda v: v.name if isinstance(v, Path) else "")
def test_the_event_is_read_with_the_words_that_state_it(
    path: Path, event: tuple[str | None, ...], dates: tuple[tuple[int, int, int], ...]
) -> None:
    report = read_report(path)
    assert (report.body, report.event_kind, report.theme and report.theme.value,
            report.place and report.place.value, report.mode and report.mode.value,
            report.replaced and report.replaced.name) == event
    assert (report.date, report.end_date) == tuple(dt.date(*d) if d else None for d in dates)
    for mention in (report.kind, report.theme, report.place, report.mode):
        if mention is not None:  # each fact keeps the exact words it was read from
            assert report.text[mention.span.start:mention.span.end] == mention.span.exact


def test_mode_words_come_from_where_they_are_said() -> None:
    workshop, seminar = read_report(WORKSHOP), read_report(SEMINAR)
    assert workshop.mode is not None and workshop.mode.span.exact == \
        "some participants joining online"
    assert seminar.mode is not None and seminar.mode.span.exact == "virtual"  # the title
    assert seminar.replaced is not None and seminar.replaced.place is not None
    assert seminar.replaced.place.value == "Luxembourg"
    # "the previous workshop, which was held in Lisbon" and "the next workshop will be held in
    # Ottawa" are about other events
    assert workshop.place is not None and workshop.place.span.line == 3


@pytest.mark.parametrize(("text", "mode", "place"), [
    ("The meeting was held online.", "online", None),
    ("The meeting was held in Paris and online.", "mixed", "Paris"),
    ("It took place in The Hague; all participants joined remotely.", "online", "The Hague"),
    ("The session was held in person in Rome.", "offline", "Rome"),
    ("The next meeting will be held in Oslo.", None, None),
    ("The meeting discussed whether future meetings should be hybrid.", None, None),
])
def test_mode_and_place_from_the_preamble(text: str, mode: str | None, place: str | None) -> None:
    report = parse_report(f"Report of the HLG-MOS meeting (1 March 2024)\n\n{text}\n")
    assert (report.mode and report.mode.value, report.place and report.place.value) == \
        (mode, place)


@pytest.mark.parametrize("path", [WORKSHOP, SEMINAR, BOARD, HYBRID, CONFERENCE],
                         ids=lambda p: p.name)
def test_built_from_the_text_alone_it_conforms(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "0 violations" in result.output
    assert out.exists()


def test_unknown_organisations_are_warnings_naming_them_and_their_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(WORKSHOP), "-o", str(tmp_path / "g.ttl")])
    warnings = [line for line in result.output.splitlines() if "not in the register" in line]
    assert [w.split(": ", 2)[1] for w in warnings] == [
        f"Haut-Commissariat au Plan (line {line_of(WORKSHOP, 'Fatima Benali')})",
        f"National Bureau of Statistics of Nigeria (line {line_of(WORKSHOP, 'Ruth Okonkwo')})",
    ]


def test_short_names_of_offices_are_in_the_register(tmp_path: Path) -> None:
    """"Statistics Croatia" and "Statistics Luxembourg", as reports write them, are the
    Croatian Bureau of Statistics and STATEC, not organisations of their own."""
    report = WORKSHOP.parent / "hlg-mos-conference-2025-06-03.txt"
    result = CliRunner().invoke(main, ["build", str(report), "-o", str(tmp_path / "g.ttl")])
    assert result.exit_code == 0, result.output
    assert "not in the register" not in result.output
    graph = Graph().parse(tmp_path / "g.ttl")
    names = {str(o) for o in graph.objects(None, RDFS.label)}
    assert {"Croatian Bureau of Statistics",
            "National Institute of Statistics and Economic Studies of Luxembourg (STATEC)"} <= names
    assert not names & {"Statistics Croatia", "Statistics Luxembourg"}


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    return {path.name: build_graph(load_sources([path])) for path in
            (WORKSHOP, SEMINAR, BOARD, HYBRID)}


def label(graph: Graph, node: object) -> str:
    return str(graph.value(node, RDFS.label))  # type: ignore[arg-type]


def memberships(graph: Graph) -> set[tuple[str, str, str]]:
    return {(label(graph, graph.value(m, ORG.member)),
             str(graph.value(m, ORG.role)).removeprefix(str(MOS)),
             label(graph, graph.value(m, ORG.organization)))
            for m in graph.subjects(RDF.type, ORG.Membership)
            if graph.value(m, ORG.role) != MOS.Staff}


def test_workshop_chair_chairs_the_workshop_not_the_body(graphs: dict[str, Graph]) -> None:
    graph = graphs[WORKSHOP.name]
    meeting = URIRef(ID + "meeting/hlg-mos-workshop-2024-10-15")
    assert [label(graph, c) for c in graph.objects(meeting, MOS.chairedBy)] == ["Kristiina Tamm"]
    assert graph.value(meeting, MOS.eventKind) == MOS.Workshop
    assert graph.value(meeting, SCHEMA.eventAttendanceMode) == SCHEMA.MixedEventAttendanceMode
    assert memberships(graph) == {("이민준", "Member", "HLG-MOS Executive Board"),
                                  ("Tomasz Nowak", "Member", "HLG-MOS secretariat")}
    assert label(graph, graph.value(meeting, SCHEMA.location)) == "Tallinn, Estonia"


def test_board_meeting_roles(graphs: dict[str, Graph]) -> None:
    graph = graphs[BOARD.name]
    board = "HLG-MOS Executive Board"
    assert memberships(graph) == {
        ("Maeve Doyle", "CoChair", board), ("Maeve Doyle", "Chair", board),
        ("Olivier Tremblay", "CoChair", board), ("Giulia Ferri", "Member", board),
        ("Olena Kovalenko", "Member", board),
        ("Pieter de Vries", "Member", "HLG-MOS secretariat")}
    meeting = URIRef(ID + "meeting/hlg-mos-executive-board-2023-04-03")
    assert [label(graph, c) for c in graph.objects(meeting, MOS.chairedBy)] == ["Maeve Doyle"]
    assert label(graph, graph.value(meeting, SCHEMA.organizer)) == board


def test_hybrid_meeting_seats_and_derived_organisation(graphs: dict[str, Graph]) -> None:
    graph = graphs[HYBRID.name]
    hlg = "High-Level Group for the Modernisation of Official Statistics (HLG-MOS)"
    rows = memberships(graph)
    assert {("Karin Lund", "Member", hlg), ("Ruth Brand", "Member", hlg),
            ("Eva Holm", "Member", hlg), ("Ana Duarte", "Chair", hlg)} <= rows
    assert ("Jonas Berg", "Member", hlg) not in rows  # he attends on her behalf
    assert ("Ana Duarte", "Member", hlg) not in rows  # her seat is the chair's
    assert ("Nguyễn Văn An", "Observer", hlg) in rows
    assert ("Nguyễn Văn An", "Member", hlg) not in rows
    derived = list(graph.subjects(RDF.type, MOS.DerivedMembership))
    assert [label(graph, d) for d in derived] == [
        "Karin Lund, staff of Statistics Sweden (derived)"]
    assert validate(graph).conforms


@pytest.mark.parametrize(("title", "message"), [
    ("Report of the HLG-MOS (12 May 2024)", "1:15: expected the kind of event (meeting, "
     "workshop, seminar, session, conference, ...) after the body that met, found 'HLG-MOS'"),
    ("Report of the workshop on Data (12 May 2024)",
     "1:15: expected the name of the body that met before 'workshop'"),
    ("Report of the HLG-MOS workshop (May 2024)", "1:33: expected a date like '29 January "
     "2021', '2021-01-29' or '12-14 June 2023', found 'May 2024'"),
    ("Report of the HLG-MOS workshop (14-12 May 2024)", "1:33: expected a date like '29 "
     "January 2021', '2021-01-29' or '12-14 June 2023', found '14-12 May 2024'"),
])
def test_an_unusable_title_is_one_line_naming_file_and_line(
    tmp_path: Path, title: str, message: str
) -> None:
    report = tmp_path / "report.txt"
    report.write_text(f"{title}\n\nSummary\n\nNothing.\n", encoding="utf-8")
    for command in ("read", "build"):
        result = CliRunner().invoke(main, [command, str(report), "-o", str(tmp_path / "g.ttl")]
                                    if command == "build" else [command, str(report)])
        assert result.exit_code == 2
        assert result.output == f"mosgraph: error: report.txt:{message}\n"
    assert not (tmp_path / "g.ttl").exists()


@pytest.mark.parametrize(("title", "expected"), [
    ("Report of the 2023 HLG-MOS Workshop on Modernisation (12\u201314 June 2023, Geneva)",
     ("HLG-MOS", "workshop", "Modernisation", "Geneva", "offline", (2023, 6, 12),
      (2023, 6, 14))),
    ("Report of the Joint UNECE/Eurostat/OECD Meeting on the Management of Statistical "
     "Information Systems (MSIS) (Geneva, 3 May 2022)",
     ("UNECE/Eurostat/OECD", "meeting", "Management of Statistical Information Systems (MSIS)",
      "Geneva", "offline", (2022, 5, 3), None)),  # held in a place, nothing said online
    ("Report of the online CES Bureau session (February 1-2, 2024)",
     ("CES Bureau", "session", None, None, "online", (2024, 2, 1), (2024, 2, 2))),
    ("Report of the face-to-face HLG-MOS Blue-Skies Thinking Network sprint held in Ottawa "
     "(Tuesday, 5 March 2024)",
     ("HLG-MOS Blue-Skies Thinking Network", "sprint", None, "Ottawa", "offline",
      (2024, 3, 5), None)),
    ("Report of the hybrid HLG-MOS round table on AI (2024-06-03/2024-06-04)",
     ("HLG-MOS", "round-table", "AI", None, "mixed", (2024, 6, 3), (2024, 6, 4))),
])
def test_titles_of_every_kind(title: str, expected: tuple[object, ...]) -> None:
    report = parse_report(f"{title}\n")
    assert (report.body, report.event_kind, report.theme and report.theme.value,
            report.place and report.place.value, report.mode and report.mode.value,
            report.date, report.end_date) == (
        *expected[:5], dt.date(*expected[5]),  # type: ignore[misc]
        dt.date(*expected[6]) if expected[6] else None)  # type: ignore[misc]
    for mention in (report.kind, report.theme, report.place, report.mode):
        if mention is not None:
            assert mention.span.exact.casefold() == mention.value.casefold() or \
                mention.value in ("online", "offline", "mixed", "round-table")


@pytest.mark.parametrize(("annex", "present", "absent"), [
    ("List of participants\n\n- Ana Lima (IBGE, replacing Carlos Souza)\n- Bo Chen\n\n"
     "Apologies were received from Carlos Souza (IBGE) and Eva Holm.\n",
     [("Ana Lima", "IBGE", "Carlos Souza"), ("Bo Chen", None, None)],
     [("Carlos Souza", "IBGE"), ("Eva Holm", None)]),
    ("Participants\n\n- Ana Lima (IBGE, standing in for Carlos Souza)\n\nRegrets\n\n"
     "- Carlos Souza (IBGE)\n- Kari A.\n",
     [("Ana Lima", "IBGE", "Carlos Souza")], [("Carlos Souza", "IBGE"), ("Kari A.", None)]),
    ("Annex II: Attendance\n\n- Ana Lima (IBGE)\n\nExcused: Carlos Souza (IBGE)\n",
     [("Ana Lima", "IBGE", None)], [("Carlos Souza", "IBGE")]),
])
def test_annexes_in_other_words(annex: str, present: list[tuple[str, str | None, str | None]],
                                absent: list[tuple[str, str | None]]) -> None:
    report = parse_report(f"Report of the HLG-MOS meeting (1 May 2024)\n\nSummary\n\n"
                          f"Nothing to report.\n\n{annex}")
    assert [(a.name, a.organisation, a.representing) for a in report.attendees] == present
    assert [(a.name, a.organisation) for a in report.apologies] == absent
    assert [s.title for s in report.sections] == ["Summary"]


def test_a_confirmed_draft_answers_who_leads_and_how_many(tmp_path: Path) -> None:
    """An unseen report, drafted, every proposal confirmed as a person would, then built: the
    named queries give who leads the decided work and the figures, as the text says."""
    draft = tmp_path / "draft.yaml"
    assert CliRunner().invoke(main, ["curate", str(CONFERENCE), "-o", str(draft)]).exit_code == 0
    confirmed = tmp_path / "confirmed.yaml"
    confirmed.write_text(draft.read_text().replace("confirmed: false", "confirmed: true"))
    out = tmp_path / "g.ttl"
    built = CliRunner().invoke(main, ["build", str(CONFERENCE), "--curation", str(confirmed),
                                      "-o", str(out)])
    assert built.exit_code == 0 and "0 violations" in built.output, built.output

    def rows(name: str, *columns: str) -> set[tuple[str, ...]]:
        done = CliRunner().invoke(main, ["query", str(out), name, "--format", "csv"])
        assert done.exit_code == 0, done.output
        return {tuple(row[c] for c in columns)
                for row in csv.DictReader(io.StringIO(done.output))}

    assert rows("who-leads-what", "workName", "leaderName") >= {
        ("Privacy Enhancing Technologies project", "Statistics Canada"),
        ("Privacy Enhancing Technologies project", "Statistics Netherlands"),
        ("Data Science Network", "Office for National Statistics (United Kingdom)"),
        ("Data Science Network", "Italian National Institute of Statistics (Istat)"),
    }
    assert {(p.lower(), n) for p, n in rows("figures", "populationName", "headcount")} == {
        ("registrations", "1240"), ("people", "312")}
