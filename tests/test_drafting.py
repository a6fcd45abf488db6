"""``mosgraph curate``: a draft from the sentences, every fact quoted, measured against hands."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from mosgraph.build import build_graph
from mosgraph.cli import main
from mosgraph.curation import load_curation, parse_curation
from mosgraph.drafting import draft_curation
from mosgraph.errors import ReportSyntaxError
from mosgraph.reader import parse_report, read_report
from mosgraph.scoring import compare, summed
from mosgraph.validation import validate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
REPORT = ROOT / "data" / "reports" / "hlg-mos-2021-01-29.txt"
FIRST = FIXTURES / "curation" / "hlg-mos-2021-01-29.first.yaml"
SHIPPED = ROOT / "data" / "curation" / "hlg-mos-2021-01-29.yaml"
REPORTS = sorted([REPORT, *FIXTURES.glob("reports/*.txt"), *FIXTURES.glob("events/*.txt"),
                  *FIXTURES.glob("*/reports/*.txt")])


def scores(report: Path, hand: Path) -> dict[str, tuple[int, int, int]]:
    parsed = read_report(report)
    return {s.kind: (s.drafted, s.curated, s.correct)
            for s in compare(draft_curation(parsed), load_curation(hand, parsed))}


def test_the_draft_of_the_shipped_report_against_its_hand_curation() -> None:
    assert scores(REPORT, FIRST) == {
        "organisations and bodies": (21, 21, 21), "works": (5, 5, 5), "decisions": (5, 5, 5),
        "leaders and supporters": (4, 4, 4), "statuses": (8, 8, 8), "figures": (2, 2, 2),
        "quotations": (1, 1, 1)}
    shipped = scores(REPORT, SHIPPED)  # what is left to curate once the register resolves names
    del shipped["organisations and bodies"]
    assert all(drafted == curated == correct for drafted, curated, correct in shipped.values())


@pytest.mark.parametrize(("report", "hand", "expected"), [
    # its hand curation knows only the two populations of the ontology: the three projects
    # that delivered and the two new ones to be proposed are figures it does not have
    ("reports/hlg-mos-2022-02-11.txt", "reports/hlg-mos-2022-02-11.yaml",
     {"organisations and bodies": (18, 18, 18), "works": (1, 1, 1), "decisions": (1, 1, 1),
      "leaders and supporters": (0, 0, 0), "statuses": (1, 1, 1), "figures": (2, 0, 0),
      "quotations": (2, 2, 2)}),
    ("multi/reports/esf-2024-03-12.txt", "multi/curation/esf-2024-03-12.yaml",
     {"organisations and bodies": (6, 9, 6), "works": (2, 2, 2), "decisions": (1, 1, 1),
      "leaders and supporters": (0, 0, 0), "statuses": (2, 2, 2), "figures": (0, 0, 0),
      "quotations": (0, 0, 0)}),
    ("multi/reports/esf-2024-09-20.txt", "multi/curation/esf-2024-09-20.yaml",
     {"organisations and bodies": (7, 10, 7), "works": (2, 2, 2), "decisions": (3, 3, 3),
      "leaders and supporters": (1, 1, 1), "statuses": (3, 3, 3), "figures": (0, 0, 0),
      "quotations": (0, 0, 0)}),
])
def test_drafts_of_invented_reports_against_their_hand_curations(
    report: str, hand: str, expected: dict[str, tuple[int, int, int]]
) -> None:
    """The hand curations of these fixtures were written before `curate` existed; their
    organisations are invented, so the register knows none of ESF's (the draft proposes the
    statistical offices of the annex it does not know, and names the bodies ESF has)."""
    assert scores(FIXTURES / report, FIXTURES / hand) == expected


# What the README reports on reports the rules were not written for: (drafted, curated,
# correct) by kind, summed over each folder of tests/fixtures/. "heldout": hand curations made
# before the rules were generalised, which the rules were then developed against; "blind" and
# "blind2": written after the rules were frozen (their figures at the freeze are in the README;
# these are today's, after the rules learnt from them).
MEASURED = {
    "heldout": {"organisations and bodies": (67, 66, 66), "works": (26, 26, 26),
                "decisions": (32, 32, 32), "leaders and supporters": (23, 23, 23),
                "statuses": (29, 29, 29), "figures": (20, 20, 19), "quotations": (4, 4, 4)},
    "blind": {"organisations and bodies": (51, 50, 49), "works": (15, 14, 14),
              "decisions": (22, 22, 22), "leaders and supporters": (17, 17, 17),
              "statuses": (22, 22, 22), "figures": (16, 16, 16), "quotations": (3, 3, 3)},
    "blind2": {"organisations and bodies": (32, 32, 32), "works": (7, 6, 6),
               "decisions": (12, 11, 10), "leaders and supporters": (7, 8, 6),
               "statuses": (11, 11, 10), "figures": (11, 12, 10), "quotations": (3, 3, 3)},
}


@pytest.mark.parametrize("folder", MEASURED)
def test_precision_and_recall_do_not_drop_below_what_the_readme_reports(folder: str) -> None:
    reports = sorted((FIXTURES / folder / "reports").glob("*.txt"))
    assert len(reports) >= 3
    scores = []
    for path in reports:
        report = read_report(path)
        hand = load_curation(FIXTURES / folder / "curation" / f"{path.stem}.yaml", report)
        scores.append(compare(draft_curation(report), hand))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for score in summed(scores):
        drafted, curated, correct = MEASURED[folder][score.kind]
        assert score.precision is not None and score.recall is not None
        assert score.precision >= correct / drafted, (folder, score)
        assert score.recall >= correct / curated, (folder, score)
        assert f"| {drafted} / {curated} / {correct} |" in readme  # the README says so


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_a_confirmed_draft_builds_and_conforms(path: Path) -> None:
    report = read_report(path)
    draft = draft_curation(report)
    text = draft.yaml()
    assert "    confirmed: true" not in text
    proposed = parse_curation(text, report, file="draft.yaml")
    assert proposed.decisions == () and proposed.works == ()  # nothing used unconfirmed
    confirmed = parse_curation(text.replace("confirmed: false", "confirmed: true"), report,
                               file="draft.yaml")
    assert len(confirmed.proposed) == 0
    graph = build_graph([(report, confirmed)])
    result = validate(graph)
    assert result.conforms, result.text()


def test_nothing_is_proposed_that_no_sentence_says() -> None:
    report = parse_report(
        "Report of the HLG-MOS meeting (3 May 2024)\n\nThe members discussed the future of "
        "official statistics. We will continue to meet. Projects were many.\n\nAnnex 1: "
        "Attendees\n\n- Ana Lima (IBGE)\n")
    draft = draft_curation(report)
    assert (draft.works, draft.decisions, draft.statuses, draft.figures, draft.quotations) == \
        ([], [], [], [], [])
    assert draft.matched == [("IBGE", "Brazilian Institute of Geography and Statistics (IBGE)",
                              7)]


def test_phrasings_of_unseen_reports() -> None:
    report = parse_report(
        "Report of the HLG-MOS meeting (3 May 2024)\n\n"
        "Summary\n\n"
        "The Cloud Native and the Data Mesh projects have been selected for 2025. The Data "
        "Ethics Group was merged into the Capability and Communication Group. The Cloud Tools "
        "activity was completed and will continue as a network led by Statistics Norway. "
        "There was support for continuing the Web Intelligence Hub under the leadership of "
        "Eurostat. In 2023 there were about 450 members in groups.\n\n"
        "The President, Kari Nordmann, said that **we have done well**.\n")
    draft = draft_curation(report)
    decided = {(d.kind, d.about, d.year, d.into, d.becomes, d.led_by) for d in draft.decisions}
    assert decided == {
        ("selection", ("cloud-native", "data-mesh"), 2025, None, None, ()),
        ("merge", ("data-ethics-group", "capability-and-communication-group"), None,
         "capability-and-communication-group", None, ()),
        ("continuation", ("cloud-tools",), None, None, "cloud-tools-network",
         ("statistics-norway",)),
        ("support", ("web-intelligence-hub",), None, None, None, ("eurostat",))}
    assert [(f.population, f.year, f.quote) for f in draft.figures] == [
        ("group-members", 2023, "about 450 members in groups")]
    assert draft.quotations == [("Kari Nordmann", "The President, Kari Nordmann, said that")]
    confirmed = draft.confirmed()
    assert [(f.number, f.bound) for f in confirmed.figures] == [(450, "approximately")]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**6),
                          st.sampled_from(["", ".", " and ", " was completed", "\n", " the "])),
                max_size=5))
def test_drafts_of_damaged_reports_still_load_confirmed(edits: list[tuple[int, str]]) -> None:
    text = REPORT.read_text(encoding="utf-8")
    for position, insert in edits:
        at = position % len(text)
        text = text[:at] + insert + text[at + (not insert):]
    try:
        report = parse_report(text)
    except ReportSyntaxError:
        return
    draft = draft_curation(report)
    confirmed = draft.confirmed()  # every quote is found, every key is known
    assert len(confirmed.decisions) == len(draft.decisions)


def test_curate_writes_a_draft_and_never_replaces_a_file(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    out.write_text("mine\n")
    result = CliRunner().invoke(main, ["curate", str(REPORT), "-o", str(out)])
    assert result.exit_code == 2
    assert "exists: the draft would replace it" in result.output
    assert out.read_text() == "mine\n"
    result = CliRunner().invoke(main, ["curate", str(REPORT), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert "5 decisions" in result.output
    assert out.read_text().count("    confirmed: false\n") == 19  # entries, each proposed
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left


def test_curate_compare_prints_precision_and_recall() -> None:
    result = CliRunner().invoke(main, ["curate", str(REPORT), "--compare", str(FIRST)])
    assert result.exit_code == 0, result.output
    assert "  decisions                        5       5       5      1.00    1.00" in \
        result.output.splitlines()


def test_build_reports_proposed_entries_as_information(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    assert CliRunner().invoke(main, ["curate", str(REPORT), "-o", str(draft)]).exit_code == 0
    result = CliRunner().invoke(main, ["build", str(REPORT), "--curation", str(draft), "-o",
                                       str(tmp_path / "g.ttl")])
    assert result.exit_code == 0, result.output
    assert "decisions: 0" in result.output
    assert f"information: 19 proposed entries of {draft} are not used until confirmed" in \
        result.output


def test_the_draft_is_the_same_across_processes(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    drafts = []
    for seed in ("1", "2"):
        out = tmp_path / f"draft-{seed}.yaml"
        subprocess.run([sys.executable, "-m", "mosgraph", "curate",
                        str(FIXTURES / "events" / "hlg-mos-workshop-2024-10-15.txt"),
                        "-o", str(out)], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        drafts.append(out.read_bytes())
    assert drafts[0] == drafts[1] and b"Haut-Commissariat au Plan (line 35)" in drafts[0]
