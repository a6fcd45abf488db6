"""Tests of :mod:`mosgraph.reader` on the real report, two invented ones and broken texts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mosgraph.errors import ReportSyntaxError
from mosgraph.reader import parse_report, read_report
from mosgraph.report import Report, Span

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "data" / "reports" / "hlg-mos-2021-01-29.txt"
REPORTS = Path(__file__).resolve().parent / "fixtures" / "reports"
BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken"
INVENTED = REPORTS / "hlg-mos-2022-02-11.txt"
SMALL = REPORTS / "hlg-mos-2023-06-05.txt"
ALL = [REAL, INVENTED, SMALL]


@pytest.fixture(scope="module")
def real() -> Report:
    return read_report(REAL)


@pytest.fixture(scope="module")
def invented() -> Report:
    return read_report(INVENTED)


@pytest.fixture(scope="module")
def small() -> Report:
    return read_report(SMALL)


def sections(report: Report) -> list[tuple[str, int]]:
    return [(s.title, len(s.points)) for s in report.sections]


def people(report: Report) -> list[tuple[str, str | None, tuple[str, ...], str | None, str]]:
    return [(a.name, a.organisation, a.roles, a.representing, a.heading) for a in report.attendees]


def spans(report: Report) -> Iterator[Span]:
    yield report.title_span
    paragraphs = list(report.preamble)
    for section in report.sections:
        yield section.span
        paragraphs += section.paragraphs
    for paragraph in paragraphs:
        yield paragraph.span
        yield from paragraph.quotes
    for attendee in report.attendees:
        yield attendee.span
        yield attendee.name_span
    for apology in report.apologies:
        yield apology.span
        yield apology.name_span


# --- the real report -------------------------------------------------------------------------


def test_real_title(real: Report) -> None:
    assert real.source == "hlg-mos-2021-01-29.txt"
    assert real.title == "Report of the online HLG-MOS meeting (29 January 2021)"
    assert real.title_span.line == 5
    assert (real.date, real.body, real.online) == (dt.date(2021, 1, 29), "HLG-MOS", True)
    assert real.annex_title == "Annex 1: Attendees"
    assert [p.text[:21] for p in real.preamble] == ["The main goal of the "]


def test_real_sections(real: Report) -> None:
    assert sections(real) == [
        ("Summary", 0),
        ("Discussion", 0),
        ("Community", 5),
        ("Implementation", 2),
        ("Communication of ModernStats", 4),
        ("Pandemic legacy", 6),
        ("Focus 2021", 7),
        ("Reflecting", 7),
    ]
    summary = real.sections[0]
    assert [p.is_point for p in summary.paragraphs] == [False, False, False]


def test_real_stray_indentation_is_a_paragraph(real: Report) -> None:
    implementation = real.sections[3]
    last = implementation.paragraphs[-1]
    assert not last.is_point
    assert last.text.startswith("Focus is on continuing innovation, bringing greater value")
    assert last.span.line == 39


def test_real_wrapped_points(real: Report) -> None:
    community = real.sections[2]
    assert community.points[2].text == (
        "The support we have been able to give each other as colleagues has been again an "
        "opportunity to share experiences and our challenges."
    )
    assert community.points[2].span.exact.endswith(
        "an\n opportunity to share experiences and our challenges."
    )
    reflecting = real.sections[7]
    assert reflecting.points[1].text == (
        "We have to consider the sustainability of activities without blocking new areas of "
        "work; sustainability should be part of the conceptualisation phase."
    )
    last = reflecting.points[-1]
    assert last.text.endswith(
        "map them to our existing work programmes, or how that might influence our future "
        "work programmes as we continue to be community-driven"
    )
    assert (last.span.line, last.span.end_line) == (81, 83)


def test_real_concluding_paragraph_and_quotes(real: Report) -> None:
    reflecting = real.sections[7]
    concluding = reflecting.paragraphs[-1]
    assert not concluding.is_point
    assert concluding.text.startswith(
        "The Chair, Anil Arora, concluded that the system we put in place really does work. "
    )
    assert "**" not in concluding.text
    assert concluding.span.exact.startswith("The Chair, Anil Arora, concluded that **the system")
    assert [q.exact for q in concluding.quotes] == [
        "the system we put in place really does work",
        "it is a continued commitment, it is not just words, it is very real, and it is felt",
    ]


def test_real_attendees(real: Report) -> None:
    members = "HLG-MOS members"
    assert people(real) == [
        ("Anil Arora", "Statistics Canada", ("Chair",), None, members),
        ("Stéphane Dufour", "Statistics Canada", ("co-Chair Executive Board",), None, members),
        ("Teresa Dickinson", "ABS", (), "David Gruen", members),
        ("Pádraig Dalton", "CSO Ireland", (), None, members),
        ("Jennifer Banim", "CSO Ireland", ("co-Chair Executive Board",), None, members),
        ("Patrick Kelleher", "CSO Ireland", (), None, members),
        ("Marina Gandolfo", "Istat", (), "Gian Carlo Blangiardo", members),
        ("Monica Scannapieco", "Istat", ("Executive Board",), None, members),
        ("Sergio Carrera", "INEGI", ("Executive Board",), "Julio Santaella", members),
        ("Bert Kroese", "Statistics Netherlands", (), "Angelique Berg", members),
        ("Barteld Braaksma", "Statistics Netherlands", ("chair BSTN",), None, members),
        ("Dominik Rozkrut", "Statistics Poland", (), None, members),
        ("Eric Deeben", "ONS", (), "Ian Diamond", members),
        ("Nicola Shearman", "ONS", (), "Ian Diamond", members),
        ("Emanuele Baldacci", "Eurostat", (), "Mariana Kotzeva", members),
        ("Lidia Bratanova", "UNECE", (), None, members),
        ("Paul Schreyer", "OECD", (), None, members),
        ("Taeke Gjaltema", None, ("HLG-MOS secretariat",), None, "UNECE Secretariat"),
        ("Tetyana Kolomiyets", None, ("HLG-MOS secretariat",), None, "UNECE Secretariat"),
        ("InKyung Choi", None, ("HLG-MOS secretariat",), None, "UNECE Secretariat"),
        ("Tihormira Dimova", "UNECE", (), None, "UNECE"),
        ("Steven Vale", "UNECE", (), None, "UNECE"),
        ("Tiina Luige", "UNECE", (), None, "UNECE"),
    ]


def test_real_representation(real: Report) -> None:
    assert [(a.name, a.representing) for a in real.attendees if a.representing] == [
        ("Teresa Dickinson", "David Gruen"),
        ("Marina Gandolfo", "Gian Carlo Blangiardo"),
        ("Sergio Carrera", "Julio Santaella"),
        ("Bert Kroese", "Angelique Berg"),
        ("Eric Deeben", "Ian Diamond"),
        ("Nicola Shearman", "Ian Diamond"),
        ("Emanuele Baldacci", "Mariana Kotzeva"),
    ]


def test_real_group_spans(real: Report) -> None:
    eric, nicola = real.attendees[12:14]
    assert eric.span == nicola.span
    assert eric.span.exact == "Eric Deeben and Nicola Shearman (ONS, representing Ian Diamond)"
    assert (eric.name_span.exact, nicola.name_span.exact) == ("Eric Deeben", "Nicola Shearman")
    assert eric.span.line == 102


def test_real_apologies(real: Report) -> None:
    assert [(a.name, a.organisation) for a in real.apologies] == [
        ("David Gruen", "ABS"),
        ("Gian Carlo Blangiardo", "Istat"),
        ("Julio Santaella", "INEGI"),
        ("Mark Sowden", "StatsNZ"),
        ("Ian Diamond", "ONS"),
        ("KeunKwan Ryu", "Statistics South Korea"),
        ("Mariana Kotzeva", "Eurostat"),
    ]
    assert real.apologies[-1].span.exact == "Mariana Kotzeva (Eurostat)"
    assert {a.span.line for a in real.apologies} == {119}


# --- the invented report ---------------------------------------------------------------------


def test_invented_title(invented: Report) -> None:
    assert (invented.date, invented.body, invented.online) == (
        dt.date(2022, 2, 11),
        "HLG-MOS",
        True,
    )
    assert invented.annex_title == "Annex: List of participants"
    assert len(invented.preamble) == 1


def test_invented_sections(invented: Report) -> None:
    assert sections(invented) == [
        ("Summary of 2021", 0),
        ("Data ethics", 3),
        ("Cloud and infrastructure", 2),
        ("Workforce", 3),
        ("Priorities for 2022", 3),
        ("Closing remarks", 0),
    ]


def test_invented_page_break_continuation(invented: Report) -> None:
    cloud = invented.sections[2]
    point = cloud.points[0]
    assert point.text == (
        "Several offices reported that moving to shared cloud platforms reduced the time "
        "needed to set up new processing environments from months to weeks, although the "
        "costs of storage and egress were higher than expected."
    )
    assert (point.span.line, point.span.end_line) == (20, 26)
    assert point.span.exact.endswith(
        "costs of\n\n\n\n\n storage and egress were higher than expected."
    )
    assert [(p.is_point, p.text) for p in cloud.paragraphs[2:]] == [
        (False, "Offices are encouraged to share their procurement experience."),
        (False, "A survey of members will be launched in March."),
    ]


def test_invented_wrap_and_page_break_after_terminal_punctuation(invented: Report) -> None:
    priorities = invented.sections[4]
    assert [p.text for p in priorities.points[1:]] == [
        "Work on the common production architecture will continue in a lighter form; "
        "a review is planned for the autumn.",
        "Members welcomed the offer of Statistics Korea to host the next workshop.",
    ]
    assert [q.exact for q in priorities.points[1].quotes] == ["common production architecture"]


def test_invented_quotes(invented: Report) -> None:
    workforce, _, closing = invented.sections[3:]
    assert [q.exact for q in workforce.points[2].quotes] == [
        "people, not tools, are our most valuable asset"
    ]
    assert [q.exact for q in closing.paragraphs[0].quotes] == [
        "the community is what makes this work possible"
    ]
    assert closing.paragraphs[0].text.endswith(
        "saying that the community is what makes this work possible."
    )


def test_invented_attendees(invented: Report) -> None:
    members = "HLG-MOS members"
    finland = ("Statistics Finland", (), "Pekka Laine", members)
    assert people(invented) == [
        ("Maria Oliveira", "Statistics Portugal", ("Chair",), None, members),
        ("Helga Sørensen", *finland),
        ("Jukka Mäkinen", *finland),
        ("Aino Virtanen", *finland),
        ("김정희", "Statistics Korea", ("Executive Board",), None, members),
        ("Νίκος Παπαδόπουλος", "ELSTAT", (), "Αθηνά Γεωργίου", members),
        ("Дмитрий Соколов", "Rosstat", (), None, members),
        ("Seán O'Neill", "CSO Ireland", ("vice-chair Executive Board",), None, members),
        ("Jean-Luc Picard-Dupont", "INSEE", ("Head of Methodology",), None, members),
        (
            "Ólafur Ragnarsson",
            "Statistics Iceland (Hagstofa, Reykjavík)",
            (),
            "Guðrún Jónsdóttir",
            members,
        ),
        ("Amara Okafor", "Australian Bureau of Statistics", (), None, members),
        ("Lena Fischer", "UNECE", ("HLG-MOS secretariat",), None, "Secretariat"),
        ("Tomás Ruiz", None, ("HLG-MOS secretariat",), None, "Secretariat"),
        ("Priya Natarajan", "World Bank", ("observer",), None, "Observers"),
    ]
    helga, jukka, aino = invented.attendees[1:4]
    assert helga.span == jukka.span == aino.span
    assert helga.span.exact == (
        "Helga Sørensen, Jukka Mäkinen and Aino Virtanen "
        "(Statistics Finland, representing Pekka Laine)"
    )
    assert aino.name_span.exact == "Aino Virtanen"


def test_invented_wrapped_apologies(invented: Report) -> None:
    assert [(a.name, a.organisation) for a in invented.apologies] == [
        ("Kenji Watanabe", "Statistics Japan"),
        ("Isabel Moreau", "Statistics Canada"),
        ("Rafael Gómez", "INE Spain"),
        ("Zanele Dlamini", None),
    ]
    isabel, zanele = invented.apologies[1], invented.apologies[3]
    assert isabel.span.exact == "Isabel Moreau (Statistics\n Canada)"
    assert (isabel.span.line, isabel.span.end_line) == (75, 76)
    assert (zanele.span.exact, zanele.span.line) == ("Zanele Dlamini", 77)


# --- the small report ------------------------------------------------------------------------


def test_small_report(small: Report) -> None:
    assert (small.date, small.body, small.online) == (dt.date(2023, 6, 5), "HLG-MOS", False)
    assert small.preamble == ()
    assert sections(small) == [("Opening", 3), ("Any other business", 0)]
    opening = small.sections[0]
    assert [p.text for p in opening.points] == [
        "The Chair opened the meeting at 14:00.",
        "Members adopted the agenda.",
        "Members noted the revised terms of reference and the new membership rules.",
    ]
    assert [q.exact for q in opening.points[2].quotes] == [
        "revised terms of reference",
        "new membership rules",
    ]
    annex = "Annex 2: Attendees"
    assert people(small) == [
        ("Olga Ivanova", None, (), None, annex),
        ("Ana Lima", "IBGE", (), "Carlos Ferreira", annex),
        ("Ruth Cohen", "Statistics Bureau of Japan", ("Executive Board",), None, annex),
        ("Mei Lin", "Statistics Bureau of Japan", ("Executive Board",), None, annex),
        ("Bo Chen", None, (), None, annex),
    ]
    assert small.attendees[0].span.exact == "Olga Ivanova"
    assert [(a.name, a.organisation) for a in small.apologies] == [
        ("Carlos Ferreira", "IBGE"),
        ("Samir Haddad", None),
    ]


# --- every report ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_spans_are_exact(path: Path) -> None:
    report = read_report(path)
    text = path.read_text(encoding="utf-8")
    assert report.text == text
    for span in spans(report):
        assert span.exact == text[span.start : span.end]
        assert span.exact and span.exact == span.exact.strip()
        assert span.line == text.count("\n", 0, span.start) + 1
        assert span.end_line == span.line + span.exact.count("\n")


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_point_spans_begin_with_the_points_words(path: Path) -> None:
    report = read_report(path)
    for section in report.sections:
        for paragraph in section.paragraphs:
            words = paragraph.span.exact.replace("**", "").split()
            assert words[:4] == paragraph.text.split()[:4]
            assert words == paragraph.text.split()


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_windows_line_ends(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    unix, windows = parse_report(text), parse_report(text.replace("\n", "\r\n"))
    assert windows.as_json() == unix.as_json()
    for span in spans(windows):
        assert span.exact == windows.text[span.start : span.end]
        assert span.exact == span.exact.strip()
        assert span.line == windows.text.count("\n", 0, span.start) + 1


# --- titles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "date", "body", "online"),
    [
        ("Report of the online HLG-MOS meeting (29 January 2021)", (2021, 1, 29), "HLG-MOS", True),
        ("Report of the virtual HLG-MOS meeting (29 Jan 2021)", (2021, 1, 29), "HLG-MOS", True),
        ("Report of the HLG-MOS meeting (2021-01-29)", (2021, 1, 29), "HLG-MOS", False),
        (
            "Report of the HLG-MOS Executive Board meeting (5 Sept 2023)",
            (2023, 9, 5),
            "HLG-MOS Executive Board",
            False,
        ),
    ],
)
def test_titles(title: str, date: tuple[int, int, int], body: str, online: bool) -> None:
    report = parse_report(f"\n\n{title}\n")
    assert (report.title, report.date, report.body, report.online) == (
        title,
        dt.date(*date),
        body,
        online,
    )
    assert report.title_span.line == 3
    assert report.sections == ()
    assert report.attendees == ()


# --- parentheticals --------------------------------------------------------------------------

HEAD = "Report of the HLG-MOS meeting (1 March 2022)\n\nAnnex 1: Attendees\n\n"  # annex at line 5


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- A (Chair, ONS)", ("ONS", ("Chair",), None)),
        ("- A (ONS, Executive Board, representing B)", ("ONS", ("Executive Board",), "B")),
        ("- A (representing B, ONS)", ("ONS", (), "B")),
        ("- A (ONS, on behalf of B C)", ("ONS", (), "B C")),
        ("- A (HLG-MOS Bureau)", (None, ("HLG-MOS Bureau",), None)),
        ("- A (Central Bureau of Statistics)", ("Central Bureau of Statistics", (), None)),
        ("- A (US Census Bureau, expert)", ("US Census Bureau", ("expert",), None)),
        ("- A (ONS, Geneva office)", ("ONS", ("Geneva office",), None)),
        (
            "- A (Statistics Korea (KOSTAT), board members)",
            ("Statistics Korea (KOSTAT)", ("board members",), None),
        ),
    ],
)
def test_parentheticals(
    line: str, expected: tuple[str | None, tuple[str, ...], str | None]
) -> None:
    (person,) = parse_report(HEAD + line).attendees
    assert (person.name, person.organisation, person.roles, person.representing) == ("A", *expected)
    assert person.heading == "Annex 1: Attendees"


def test_groups() -> None:
    report = parse_report(HEAD + "- A, B and C (ONS); D; E and F (X), G (Y) and H (Z).")
    assert [(a.name, a.organisation, a.span.exact) for a in report.attendees] == [
        ("A", "ONS", "A, B and C (ONS)"),
        ("B", "ONS", "A, B and C (ONS)"),
        ("C", "ONS", "A, B and C (ONS)"),
        ("D", None, "D"),
        ("E", "X", "E and F (X)"),
        ("F", "X", "E and F (X)"),
        ("G", "Y", "G (Y)"),
        ("H", "Z", "H (Z)"),
    ]


def test_wrapped_attendee_bullet() -> None:
    report = parse_report(HEAD + "- Anna Berg and Carl\n  Dahl (Statistics\n  Sweden, Chair)\n")
    assert [(a.name, a.organisation, a.roles) for a in report.attendees] == [
        ("Anna Berg", "Statistics Sweden", ("Chair",)),
        ("Carl Dahl", "Statistics Sweden", ("Chair",)),
    ]
    assert report.attendees[1].name_span.exact == "Carl\n  Dahl"


def test_apologies_heading_without_colon() -> None:
    report = parse_report(HEAD + "- A (X)\n\nApologies\n\n- B (Y)\n- C\n")
    assert [a.name for a in report.attendees] == ["A"]
    assert [(a.name, a.organisation) for a in report.apologies] == [("B", "Y"), ("C", None)]


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        (
            "- Anil Arora (Statistics Canada",
            32,
            "expected ')' to close the parenthetical opened at column 14",
        ),
        ("- (ONS)", 3, "expected a name, found '('"),
        ("- Bob (ONS), , Ann (X)", 14, "expected a name, found ','"),
        ("- Bob and Ann,", 15, "expected a name, found the end of the list"),
        ("- Bob (ONS, representing)", 25, "expected a name after 'representing'"),
        ("- Bob (ONS, on behalf of )", 25, "expected a name after 'on behalf of'"),
        ("- Bob (ONS, )", 12, "expected an organisation, a role or 'representing NAME'"),
        (
            "- Bob (ONS, representing A, representing B)",
            29,
            "expected one person represented, found two",
        ),
        ("- Bob (ONS) Ann (X)", 13, "expected ',' or 'and' after ')'"),
        ("- Bob ONS)", 10, "found ')' without a '(' before it"),
        ("Apologies: Bob (ONS", 20, "expected ')' to close the parenthetical opened at column 16"),
        (
            "The following people attended the meeting in person, as listed below.",
            1,
            "expected a sub-heading, a '- ' bullet listing attendees or an 'Apologies:' line",
        ),
    ],
)
def test_annex_errors(line: str, column: int, message: str) -> None:
    with pytest.raises(ReportSyntaxError) as caught:
        parse_report(HEAD + line + "\n", "report.txt")
    assert (caught.value.message, caught.value.line, caught.value.column) == (message, 5, column)
    assert str(caught.value) == f"report.txt:5:{column}: {message}"


def test_unclosed_parenthesis_over_lines() -> None:
    with pytest.raises(ReportSyntaxError) as caught:
        parse_report(HEAD + "- Anna Berg (Statistics\n  Sweden, Chair\n", "report.txt")
    assert str(caught.value) == (
        "report.txt:6:16: expected ')' to close the parenthetical opened at line 5, column 13"
    )


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            "",
            1,
            1,
            "expected a title like 'Report of the online HLG-MOS meeting "
            "(29 January 2021)', found no text",
        ),
        (
            "\n \n",
            3,
            1,
            "expected a title like 'Report of the online HLG-MOS meeting "
            "(29 January 2021)', found no text",
        ),
        (
            "\n\nReport of the HLG-MOS meeting\n\nSummary\n",
            3,
            30,
            "expected the meeting date in parentheses at the end of the title",
        ),
        (
            "Report of the HLG-MOS meeting (29 Janvier 2021)\n",
            1,
            32,
            "expected a date like '29 January 2021', '2021-01-29' or '12-14 June 2023', "
            "found '29 Janvier 2021'",
        ),
        (
            "Minutes of the HLG-MOS meeting (2021-01-29)\n",
            1,
            1,
            "expected a title like 'Report of the online HLG-MOS meeting (29 January 2021)'",
        ),
    ],
)
def test_title_errors(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(ReportSyntaxError) as caught:
        parse_report(text)
    assert (caught.value.message, caught.value.line, caught.value.column) == (message, line, column)
    assert caught.value.file == "<text>"


def test_broken_fixtures() -> None:
    with pytest.raises(ReportSyntaxError) as caught:
        read_report(BROKEN / "unclosed-parenthesis.txt")
    assert str(caught.value) == (
        "unclosed-parenthesis.txt:12:53: "
        "expected ')' to close the parenthetical opened at column 18"
    )
    with pytest.raises(ReportSyntaxError) as caught:
        read_report(BROKEN / "impossible-date.txt")
    assert str(caught.value) == (
        "impossible-date.txt:1:32: expected a date like '29 January 2021', '2021-01-29' or "
        "'12-14 June 2023', found '31 February 2022'"
    )


def test_unreadable_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    with pytest.raises(ReportSyntaxError) as caught:
        read_report(missing)
    assert caught.value.file == str(missing)
    assert "cannot read the report" in caught.value.message
    with pytest.raises(ReportSyntaxError) as caught:
        read_report(tmp_path)
    assert caught.value.file == str(tmp_path)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes(
        "Report of the HLG-MOS meeting (1 May 2022)\n\n- Pádraig\n".encode("latin-1")
    )
    with pytest.raises(ReportSyntaxError) as caught:
        read_report(latin1)
    assert str(caught.value) == "latin1.txt:3:4: expected UTF-8 text, found the byte 0xe1"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10**6), st.sampled_from(["", "(", ")", ",", " and ", "\n", "- "])),
        max_size=6,
    )
)
def test_damaged_reports_raise_only_report_syntax_errors(edits: list[tuple[int, str]]) -> None:
    text = REAL.read_text(encoding="utf-8")
    for position, insert in edits:  # "" deletes a character
        at = position % len(text)
        text = text[:at] + insert + text[at + (not insert) :]
    try:
        report = parse_report(text)
    except ReportSyntaxError as err:
        assert err.line is not None and 1 <= err.line <= text.count("\n") + 1
        return
    for span in spans(report):
        assert span.exact == text[span.start : span.end]
