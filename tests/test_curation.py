"""Curation: every fact rests on a quote found in the report; mistakes name file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mosgraph.cli import main
from mosgraph.curation import load_curation
from mosgraph.errors import CurationError
from mosgraph.reader import read_report

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "data" / "reports" / "hlg-mos-2021-01-29.txt"
CURATION = ROOT / "data" / "curation" / "hlg-mos-2021-01-29.yaml"


def broken_copy(tmp_path: Path, *, report: tuple[str, str] | None = None,
                curation: tuple[str, str] | None = None) -> tuple[Path, Path]:
    """A copy of the real report and curation, laid out as in data/, with one edit."""
    (tmp_path / "reports").mkdir()
    (tmp_path / "curation").mkdir()
    report_copy = tmp_path / "reports" / REPORT.name
    curation_copy = tmp_path / "curation" / CURATION.name
    shutil.copy(REPORT, report_copy)
    shutil.copy(CURATION, curation_copy)
    for path, edit in ((report_copy, report), (curation_copy, curation)):
        if edit:
            text = path.read_text(encoding="utf-8")
            assert text.count(edit[0]) >= 1, edit
            path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    return report_copy, curation_copy


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_the_real_curation_loads_and_every_quote_is_in_the_text() -> None:
    report = read_report(REPORT)
    curation = load_curation(CURATION, report)
    quotes = [e.quote for e in curation.entities] + [d.quote for d in curation.decisions] + \
        [s.quote for s in curation.statuses] + [f.quote for f in curation.figures]
    assert len(quotes) > 15
    for quote in quotes:
        assert " ".join(quote.span.exact.split()) == " ".join(quote.text.split())
        assert report.text[quote.span.start:quote.span.end] == quote.span.exact


def test_a_quote_not_in_the_text_fails_with_file_and_line(tmp_path: Path) -> None:
    report, curation = broken_copy(
        tmp_path, curation=("were selected for 2021.\"", "were chosen for 2021.\""))
    result = CliRunner().invoke(main, ["build", str(report), "-o", str(tmp_path / "out.ttl")])
    line = line_of(curation, "were chosen for 2021.")
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        f"mosgraph: error: {curation}:{line}: quote not found in the report text: "
        "\"The Synthetic Data Guide and the Input Privacy-Preservation projects were chosen "
        "for 2021.\""
    )
    assert not (tmp_path / "out.ttl").exists()


def test_an_organisation_not_in_the_register_is_a_warning_naming_the_line(
    tmp_path: Path,
) -> None:
    report, _ = broken_copy(
        tmp_path, report=("- Tiina Luige (UNECE)",
                          "- Tiina Luige (UNECE)\n- Paul Roe (Statistics Atlantis)"))
    out = tmp_path / "out.ttl"
    result = CliRunner().invoke(main, ["build", str(report), "-o", str(out)])
    assert result.exit_code == 0, result.output
    line = line_of(report, "Paul Roe (Statistics Atlantis)")
    assert (f"  Warning: Statistics Atlantis (line {line}): Statistics Atlantis (report line "
            f"{line}) is not in the register of organisations: it is named as written.") \
        in result.output
    assert out.exists()


def test_curation_may_name_register_keys_but_not_rename_them(tmp_path: Path) -> None:
    from mosgraph.curation import parse_curation

    report = read_report(REPORT)
    curation = parse_curation(
        "decisions:\n  - {key: d, kind: support, about: [statsbot-x], led-by: oecd,\n"
        "     quote: \"keeping the StatsBot activity going\"}\n"
        "works:\n  - {key: statsbot-x, name: S, kind: activity, quote: \"StatsBot\"}\n",
        report, file="c.yaml")
    assert curation.decisions[0].led_by == ("oecd",)
    with pytest.raises(CurationError) as caught:
        parse_curation("organisations:\n  - {key: ons, name: ONS UK, "
                       "kind: national-statistical-office, quote: ONS}\n",
                       report, file="c.yaml")
    assert str(caught.value) == ("c.yaml:2: key 'ons' is the register's Office for National "
                                 "Statistics (United Kingdom): use the register's name or "
                                 "another key")


def test_a_quote_may_cross_a_wrapped_line() -> None:
    report = read_report(REPORT)
    # "an opportunity to share" is split by a line break and an indent in the report
    from mosgraph.curation import parse_curation

    curation = parse_curation(
        'works: [{key: w, name: W, kind: project, quote: "again an opportunity to share"}]',
        report, file="c.yaml")
    assert "\n" in curation.works[0].quote.span.exact


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("decisions:\n  - key: d\n    kind: vote\n    about: [x]\n    quote: \"HLG-MOS\"\n",
     "c.yaml:3: unknown kind 'vote'; expected one of: selection, merge, continuation, "
     "discontinuation, leadership, work-programme-approval, support"),
    ("bodies:\n  - key: b\n    name: B\n    kind: group\n    part-of: nowhere\n"
     "    quote: \"HLG-MOS\"\n",
     "c.yaml:5: 'part-of: nowhere' names no organisation, body or work of this file or of "
     "the register"),
    ("figures:\n  - key: f\n    population: group-members\n    year: 2020\n"
     "    quote: \"members in groups\"\n",
     "c.yaml:5: no number in the quote of figure \"members in groups\""),
    ("organisations: [\n", "c.yaml:2:1: not valid YAML: expected the node content, but found "
     "'<stream end>'"),
    ("extra: 1\n", "c.yaml:1: unknown section 'extra:'; expected one of: organisations, bodies, "
     "works, roles, headings, meeting, decisions, statuses, figures, quotations"),
    ("decisions:\n  - key: m\n    kind: merge\n    about: [sharing-tools-group]\n"
     "    into: nowhere\n    quote: \"HLG-MOS\"\n",
     "c.yaml:5: 'into: nowhere' names no organisation, body or work of this file or of the "
     "register"),
    ("figures:\n  - key: f\n    population: delegates\n    year: 2020\n"
     "    quote: \"over 300 members in groups\"\n",
     "c.yaml:3: 'population: delegates' is neither one of group-members, "
     "expert-meeting-attendees nor words of the quote (or of the quote of another figure)"),
    ("statuses:\n  - about: [bstn]\n    status: completed\n    confirmed: maybe\n"
     "    quote: \"BSTN\"\n", "c.yaml:4: expected 'confirmed:' to be true or false"),
])
def test_malformed_curation_is_reported_with_its_line(yaml_text: str, message: str) -> None:
    from mosgraph.curation import parse_curation

    with pytest.raises(CurationError) as caught:
        parse_curation(yaml_text, read_report(REPORT), file="c.yaml")
    assert str(caught.value) == message


def test_a_report_without_curation_is_built_from_its_text(tmp_path: Path) -> None:
    report = tmp_path / "meeting.txt"
    shutil.copy(REPORT, report)
    out = tmp_path / "o.ttl"
    result = CliRunner().invoke(main, ["build", str(report), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "attendance: 23 present, 7 apologies" in result.output
    assert "decisions: 0" in result.output
    assert out.exists()


def test_a_curation_file_named_but_missing_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(REPORT), "--curation",
                                       str(tmp_path / "none.yaml"), "-o",
                                       str(tmp_path / "o.ttl")])
    assert result.exit_code == 2
    assert result.output == f"mosgraph: error: {tmp_path / 'none.yaml'}: curation file not found\n"
    assert not (tmp_path / "o.ttl").exists()


def test_proposed_entries_are_not_used_until_confirmed(tmp_path: Path) -> None:
    from mosgraph.curation import parse_curation

    text = CURATION.read_text(encoding="utf-8").replace(
        "  - key: sharing-tools-merge\n", "  - key: sharing-tools-merge\n    confirmed: false\n")
    proposed = parse_curation(text, read_report(REPORT), file="c.yaml")
    assert [d.key for d in proposed.decisions] == [
        "projects-selected-2021", "machine-learning-continuation", "work-programme-2021",
        "statsbot-support"]
    (proposal,) = proposed.proposed
    assert (proposal.section, proposal.quote) == (
        "decisions", "The Sharing Tools group will be merged with the Supporting Standards group.")
