"""Fuzzing: the report reader, the curation loader, every RDF input format and the query
command, fed random and mutated input by hypothesis. Whatever comes in, what comes out is a
result or one of mosgraph's errors: never another exception, never a hang.

The budget is small by default (seconds, in every test run). A longer run:

    MOSGRAPH_FUZZ=long pytest tests/test_fuzz.py     # 2,000 examples a target, no deadline

or any number with ``MOSGRAPH_FUZZ_EXAMPLES=20000``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mosgraph.cli import main
from mosgraph.errors import MosgraphError

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "data" / "reports" / "hlg-mos-2021-01-29.txt"
CURATION = ROOT / "data" / "curation" / "hlg-mos-2021-01-29.yaml"

_LONG = os.environ.get("MOSGRAPH_FUZZ") == "long"
settings.register_profile(
    "mosgraph-fuzz",
    max_examples=int(os.environ.get("MOSGRAPH_FUZZ_EXAMPLES", 2000 if _LONG else 40)),
    deadline=None if _LONG else timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
    derandomize=not _LONG,  # the short run is the same in every test run
    database=None,
)
fuzz = settings.get_profile("mosgraph-fuzz")


def mutations(seed: bytes, alphabet: bytes = b"") -> st.SearchStrategy[bytes]:
    """``seed`` with a few slices deleted, duplicated or replaced by random bytes (or bytes
    from ``alphabet``, the characters that matter to the syntax)."""
    fragment = st.binary(max_size=40) | (st.lists(st.sampled_from(list(alphabet or b"x")),
                                                   max_size=20).map(bytes))

    @st.composite
    def mutated(draw: st.DrawFn) -> bytes:
        data = bytearray(seed)
        for _ in range(draw(st.integers(1, 6))):
            if not data:
                break
            start = draw(st.integers(0, len(data) - 1))
            end = min(len(data), start + draw(st.integers(0, 200)))
            kind = draw(st.sampled_from(["delete", "insert", "replace", "repeat"]))
            if kind == "delete":
                del data[start:end]
            elif kind == "insert":
                data[start:start] = draw(fragment)
            elif kind == "replace":
                data[start:end] = draw(fragment)
            else:
                data[start:start] = data[start:end] * draw(st.integers(1, 5))
        return bytes(data)

    return mutated()


# --- the report reader ---------------------------------------------------------------------


@fuzz
@given(st.one_of(mutations(REPORT.read_bytes(), b"()-,:;\n \t.Report of the meeting 2021"),
                 st.binary(max_size=2000)))
def test_the_reader_reads_or_says_why(data: bytes) -> None:
    from mosgraph.reader import parse_report

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return  # read_report refuses it (tested in test_errors); parse_report takes text
    try:
        report = parse_report(text, "fuzzed.txt")
    except MosgraphError as error:
        assert str(error).startswith("fuzzed.txt")
        return
    for attendee in report.attendees:
        assert attendee.name.strip() == attendee.name and attendee.name


# --- the curation loader -------------------------------------------------------------------


@cache
def _report():  # type: ignore[no-untyped-def]
    from mosgraph.reader import read_report

    return read_report(REPORT)


@fuzz
@given(st.one_of(mutations(CURATION.read_bytes(), b"-:'\"[]{}&*!|>#\n "),
                 st.text(max_size=500).map(str.encode)))
def test_the_curation_loader_loads_or_says_why(data: bytes) -> None:
    from mosgraph.curation import parse_curation

    text = data.decode("utf-8", "replace")
    try:
        parse_curation(text, _report(), file="fuzzed.yaml")
    except MosgraphError as error:
        assert str(error).startswith("fuzzed.yaml")


# --- every RDF input format ----------------------------------------------------------------


@cache
def _samples() -> dict[str, bytes]:
    """A small graph with named graphs, blank nodes, literals of every kind, in each format."""
    from mosgraph.rdfio import read, serialize

    trig = b"""@prefix ex: <http://x.test/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:name "Ann"@en, "Anna"@de ; ex:age "42"^^xsd:integer ; ex:when "2021-01-29"^^xsd:date ;
  ex:knows [ ex:name "Bo" ; ex:list ( 1 2.5 "three" ) ] ; ex:note \"\"\"two
lines\"\"\" .
ex:g { ex:a ex:in ex:g ; ex:size 1.0e3 . }
"""
    data = read(trig, "trig")
    samples = {name: serialize(data, name) for name in ("nquads", "trig", "jsonld")}
    for name in ("turtle", "ntriples", "rdfxml"):
        samples[name] = serialize(data, name, union=True)
    return samples


SYNTAX = b"<>\"'@^_:.;,[](){}#\\\n &%;=/?"


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"])
def test_every_rdf_format_reads_or_says_why(fmt: str) -> None:
    from mosgraph.rdfio import read
    from mosgraph.terms import to_dataset

    @fuzz
    @given(st.one_of(mutations(_samples()[fmt], SYNTAX), st.binary(max_size=300)))
    def check(data: bytes) -> None:
        try:
            parsed = read(data, fmt)
        except MosgraphError:
            return
        to_dataset(parsed.quads, parsed.prefixes)  # what every command then converts

    check()


# --- the query command ---------------------------------------------------------------------

QUERY_WORDS = [b"SELECT", b"ASK", b"CONSTRUCT", b"DESCRIBE", b"WHERE", b"{", b"}", b"?s", b"?p",
               b"?o", b"FILTER", b"(", b")", b"OPTIONAL", b"UNION", b"GRAPH", b"SERVICE",
               b"<http://127.0.0.1:9/q>", b"VALUES", b"BIND", b"AS", b"COUNT", b"*", b".",
               b"PREFIX", b"x:", b"x:y", b"\"text\"", b"42", b"LIMIT", b"ORDER BY", b"GROUP BY",
               b"REGEX", b"STR", b"<", b">", b"&&", b"|", b"^", b"/", b"a", b";", b",", b"#"]


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "g.nt"
    path.write_bytes(_samples()["nquads"].replace(b" <http://x.test/g> .", b" ."))
    return path


def test_the_query_command_answers_or_says_why(graph_file: Path) -> None:
    named = sorted((ROOT / "queries").glob("*.rq"))
    seeds = [p.read_bytes() for p in named[:6]]

    @fuzz
    @given(st.one_of(st.sampled_from(seeds).flatmap(lambda s: mutations(s, b"{}()?.;<>\"")),
                     st.lists(st.sampled_from(QUERY_WORDS), max_size=30).map(b" ".join),
                     st.text(max_size=200).map(str.encode)))
    def check(data: bytes) -> None:
        text = data.decode("utf-8", "replace").replace("\x00", "")
        if text.startswith("-"):
            text = " " + text  # a query, not an option
        result = CliRunner().invoke(main, ["query", str(graph_file), "-e", text, "--timeout",
                                           "5"])
        assert result.exit_code in (0, 2), (text, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), \
            (text, result.exception)
        if result.exit_code == 2:
            lines = result.stderr.splitlines()
            assert len(lines) == 1 and lines[0].startswith("mosgraph: error: "), (text, lines)
            assert "internal error" not in lines[0], (text, lines)

    check()
