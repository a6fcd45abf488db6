"""The command line: read, build, validate; exit codes and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from mosgraph.cli import main

ROOT = Path(__file__).resolve().parent.parent
SECOND = ROOT / "tests" / "fixtures" / "reports" / "hlg-mos-2022-02-11.txt"


def test_read_json_has_the_documented_shape(report_path: Path) -> None:
    result = CliRunner().invoke(main, ["read", str(report_path), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == {"title", "date", "event", "sections", "attendees", "apologies"}
    assert data["date"] == "2021-01-29"
    assert data["event"] == {"body": "HLG-MOS", "kind": "meeting", "theme": None,
                             "end_date": None, "place": None, "mode": "online",
                             "replaced": "Usual full day meeting in New York ahead of the "
                                         "Statistical Commission"}
    sergio = next(a for a in data["attendees"] if a["name"] == "Sergio Carrera")
    assert sergio == {"name": "Sergio Carrera", "organisation": "INEGI",
                      "roles": ["Executive Board"], "representing": "Julio Santaella",
                      "heading": "HLG-MOS members"}
    assert {"name": "KeunKwan Ryu", "organisation": "Statistics South Korea"} in data["apologies"]
    assert [(s["title"], len(s["points"])) for s in data["sections"]][2:] == [
        ("Community", 5), ("Implementation", 2), ("Communication of ModernStats", 4),
        ("Pandemic legacy", 6), ("Focus 2021", 7), ("Reflecting", 7)]


def test_read_json_on_another_report_with_hard_cases() -> None:
    result = CliRunner().invoke(main, ["read", str(SECOND), "--json"])
    data = json.loads(result.output)
    finns = [a for a in data["attendees"] if a["organisation"] == "Statistics Finland"]
    assert [a["name"] for a in finns] == ["Helga Sørensen", "Jukka Mäkinen", "Aino Virtanen"]
    assert {a["representing"] for a in finns} == {"Pekka Laine"}
    assert data["apologies"][-1] == {"name": "Zanele Dlamini", "organisation": None}
    assert any(a["name"] == "Seán O'Neill" for a in data["attendees"])


def test_read_a_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["read", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.output.startswith("mosgraph: error: ")
    assert "nope.txt" in result.output and len(result.output.strip().splitlines()) == 1


def test_build_then_validate_prints_the_warning(tmp_path: Path) -> None:
    out = tmp_path / "out.ttl"
    built = subprocess.run([sys.executable, "-m", "mosgraph", "build", "-o", str(out)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert "attendance: 23 present, 7 apologies" in built.stdout
    assert "decisions: 5" in built.stdout
    checked = subprocess.run([sys.executable, "-m", "mosgraph", "validate", str(out)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Angelique Berg" in checked.stdout and "Warning" in checked.stdout


def test_validate_malformed_turtle_exits_2_naming_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n ex:d .\n")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    assert result.output == (f"mosgraph: error: {bad}:3:7: not valid Turtle: . is not a valid "
                             "RDF object\n")


def test_build_unknown_output_format_exits_2_without_writing(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "-o", str(tmp_path / "out.docx")])
    assert result.exit_code == 2
    assert "unknown format for" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_base_iri_rdf_does_not_allow_is_one_line_and_exit_2(tmp_path: Path,
                                                               report_path: Path) -> None:
    """Checked once, before anything is built: not a warning for every IRI minted under it,
    then an error, as before."""
    for base in ("http://exa mple.org/", "relative/path/", "http://example.org/<x>/"):
        for arguments in (["synth", "--meetings", "3", "-o", str(tmp_path / "c.nt")],
                          ["build", str(report_path), "-o", str(tmp_path / "g.ttl")]):
            result = subprocess.run([sys.executable, "-m", "mosgraph", *arguments],
                                    capture_output=True, text=True,
                                    env={**os.environ, "MOSGRAPH_BASE": base})
            assert result.returncode == 2, (base, arguments, result.stderr)
            lines = (result.stdout + result.stderr).strip().splitlines()
            assert len(lines) == 1 and "MOSGRAPH_BASE" in lines[0] and repr(base) in lines[0], \
                lines[:3]
            assert not list(tmp_path.iterdir())
