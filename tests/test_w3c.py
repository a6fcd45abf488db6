"""The W3C RDF 1.1 test suites (N-Triples, N-Quads, Turtle, TriG, RDF/XML), read from
``../shared/conformance/w3c-rdf-tests/rdf/rdf11/`` (each folder's ``manifest.ttl``).

* every positive test parses, and an evaluation test gives its expected N-Triples/N-Quads
  (compared as datasets: blank nodes labelled canonically with RDFC-1.0);
* every negative test is refused: by the library (:class:`~mosgraph.errors.RDFSyntaxError`),
  and by ``mosgraph export`` with one line and exit 2;
* every positive test's data round-trips through every export format: the same dataset back,
  or, where a format cannot hold it, a clear refusal (named graphs in a triples format; in
  RDF/XML, a predicate that does not end in an XML name or a character XML cannot hold).

The pass counts per suite are printed at the end of the test run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection

from mosgraph.cli import main
from mosgraph.errors import RDFSyntaxError, UsageError
from mosgraph.formats import RDF_FORMATS, for_path
from mosgraph.rdfio import Parsed, read, serialize
from mosgraph.rdfio import canonical as merged

SUITES = SHARED / "conformance" / "w3c-rdf-tests" / "rdf" / "rdf11"
NAMES = {"rdf-n-triples": "N-Triples", "rdf-n-quads": "N-Quads", "rdf-turtle": "Turtle",
         "rdf-trig": "TriG", "rdf-xml": "RDF/XML"}
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")

RESULTS: dict[str, Counter[str]] = {}
"""Pass counts per suite, printed by ``pytest_terminal_summary`` in conftest.py."""


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "positive", "eval" or "negative"
    action: Path
    base: str
    result: Path | None


@cache
def cases(suite: str) -> list[Case]:
    folder = SUITES / suite
    if not (folder / "manifest.ttl").is_file():
        pytest.skip(f"the W3C test suites are not in {SUITES} (../shared beside the checkout)")
    manifest = _manifest(folder)
    head = next(iter(manifest.subjects(RDF.type, MF.Manifest)))
    base = str(manifest.value(head, MF.assumedTestBase) or "")
    found = []
    for entry in Collection(manifest, manifest.value(head, MF.entries)):
        kind = str(manifest.value(entry, RDF.type)).rsplit("#", 1)[-1]
        action = str(manifest.value(entry, MF.action))
        result = manifest.value(entry, MF.result)
        local = action.rsplit("/", 1)[-1] if not action.startswith("file:") else \
            action.split(folder.name + "/", 1)[-1]
        found.append(Case(
            name=str(manifest.value(entry, MF.name) or entry),
            kind="negative" if "Negative" in kind else "eval" if kind.endswith("Eval") else
            "positive",
            action=folder / local,
            base=base + local,
            result=folder / str(result).rsplit(folder.name + "/", 1)[-1] if result else None))
    return found


def _manifest(folder: Path) -> Graph:
    from mosgraph.terms import to_graph

    parsed = read(folder / "manifest.ttl", base_iri=folder.resolve().as_uri() + "/")
    return to_graph(parsed.quads)


def count(suite: str, what: str, number: int = 1) -> None:
    RESULTS.setdefault(NAMES[suite], Counter())[what] += number


def canonical(data: Parsed) -> set[str]:
    return set(serialize(data, "nquads").decode().splitlines())


def parse(case: Case) -> Parsed:
    return read(case.action, for_path(case.action, rdf_only=True), base_iri=case.base)


@pytest.mark.parametrize("suite", sorted(NAMES))
def test_positive_tests_parse_to_the_expected_result(suite: str) -> None:
    failures = []
    for case in cases(suite):
        if case.kind == "negative":
            continue
        try:
            data = parse(case)
            if case.result is not None:
                expected = read(case.result, for_path(case.result, rdf_only=True))
                if canonical(data) != canonical(expected):
                    failures.append(f"{case.name}: not the expected result")
                    continue
        except RDFSyntaxError as exc:
            failures.append(f"{case.name}: {exc}")
            continue
        count(suite, "positive passed")
    assert failures == []


@pytest.mark.parametrize("suite", sorted(NAMES))
def test_negative_tests_are_refused_by_the_library_and_the_command(suite: str,
                                                                   tmp_path: Path) -> None:
    failures = []
    runner = CliRunner()
    for case in cases(suite):
        if case.kind != "negative":
            continue
        try:
            parse(case)
            failures.append(f"{case.name}: accepted")
            continue
        except RDFSyntaxError:
            pass
        out = tmp_path / "out.nq"
        result = runner.invoke(main, ["export", str(case.action), "-o", str(out)])
        lines = result.stderr.strip().splitlines()
        if result.exit_code != 2 or len(lines) != 1 or \
                not lines[0].startswith(f"mosgraph: error: {case.action}") or out.exists():
            failures.append(f"{case.name}: exit {result.exit_code}, {result.stderr!r}")
            continue
        count(suite, "negative refused")
    assert failures == []


@pytest.mark.parametrize("suite", sorted(NAMES))
def test_positive_data_round_trips_through_every_format(suite: str) -> None:
    failures = []
    for case in cases(suite):
        if case.kind == "negative":
            continue
        data = parse(case)
        expected = canonical(data)
        for fmt in RDF_FORMATS:
            try:
                written = serialize(data, fmt)
            except UsageError as exc:
                named = bool(data.graph_names) and not fmt.quads
                xml = fmt.name == "rdfxml" and ("XML name" in str(exc) or "XML cannot" in str(exc)
                                                or "not ASCII" in str(exc)
                                                or "cannot be a property" in str(exc))
                if named and not xml:  # the union of the graphs, on request
                    union = read(serialize(data, fmt, union=True), fmt)
                    if canonical(union) != canonical(Parsed(merged(data.quads, union=True))):
                        failures.append(f"{case.name} as {fmt.name}: not the union back")
                if named or xml:
                    count(suite, f"refused by {fmt.name} (cannot hold it)")
                    continue
                failures.append(f"{case.name} as {fmt.name}: {exc}")
                continue
            back = read(written, fmt)
            if canonical(back) != expected:
                failures.append(f"{case.name} as {fmt.name}: not the same data back")
                continue
            count(suite, "round trips")
    assert failures == []


def test_the_suites_are_all_there() -> None:
    totals = {suite: Counter(c.kind for c in cases(suite)) for suite in sorted(NAMES)}
    assert totals["rdf-turtle"]["negative"] > 50 and totals["rdf-turtle"]["eval"] > 100
    assert totals["rdf-xml"]["eval"] > 100 and totals["rdf-xml"]["negative"] > 30
    assert all(totals[s]["negative"] > 0 for s in totals)
    assert all(c.action.is_file() for s in totals for c in cases(s))
