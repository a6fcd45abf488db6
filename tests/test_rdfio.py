"""mosgraph.rdfio: exact reading, named graphs kept, deterministic writing, and parsing with
limits (entity bombs, depth, size, JSON-LD contexts never fetched)."""

from __future__ import annotations

import hashlib
import http.server
import json
import logging
import os
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from mosgraph.cli import main
from mosgraph.errors import RDFSyntaxError, UsageError
from mosgraph.formats import RDF_FORMATS
from mosgraph.jsonld import CONTEXT_IRI, jsonld_context
from mosgraph.rdfio import Parsed, canonical, load_dataset, load_graph, read, serialize, write_graph

XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
EX = Namespace("http://example.org/")

EXACT = """@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
<http://example.org/s> <http://example.org/p>
    "NaN"^^xsd:double, "INF"^^xsd:double, "01"^^xsd:integer, "2021-01-29Z"^^xsd:date,
    "1"^^xsd:boolean, "1.50"^^xsd:decimal, "abc"^^xsd:integer, "2021-02-30"^^xsd:date,
    "<p>a</p><p>b</p>"^^rdf:HTML, "x\\u0001y\\u007Fz"@en-GB .
"""
LEXICAL = {"NaN", "INF", "01", "2021-01-29Z", "1", "1.50", "abc", "2021-02-30",
           "<p>a</p><p>b</p>", "x\x01y\x7fz"}

TRIG = """@prefix ex: <http://example.org/> .
ex:a ex:p "in the default graph" .
ex:g1 { ex:a ex:p "one" ; ex:q ex:b . }
ex:g2 { ex:b ex:p "two" . _:x ex:p "blank" . }
_:g3 { ex:c ex:p "three" . }
"""


def nquads(data: Any) -> set[str]:
    """The N-Quads lines of ``data``, blank nodes labelled canonically."""
    return {line for line in serialize(data, "nquads").decode().split("\n") if line}


# --- exact reading -------------------------------------------------------------------------------


def test_lexical_forms_are_kept_exactly(tmp_path: Path,
                                        caplog: pytest.LogCaptureFixture) -> None:
    source = tmp_path / "exact.ttl"
    source.write_text(EXACT, encoding="utf-8")
    with caplog.at_level(logging.DEBUG):
        graph = load_graph(source)
    assert {str(o) for o in graph.objects()} == LEXICAL
    assert not caplog.records  # no traceback for the ill-typed values
    for fmt in RDF_FORMATS:
        if fmt.name == "rdfxml":
            continue  # XML cannot hold U+0001
        out = tmp_path / f"out{fmt.extension}"
        write_graph(graph, out)
        assert {str(o) for o in load_graph(out).objects()} == LEXICAL, fmt.name
        assert nquads(read(out)) == nquads(read(source)), fmt.name
    html = next(o for o in graph.objects() if isinstance(o, Literal) and o.datatype == RDF.HTML)
    assert str(html) == "<p>a</p><p>b</p>"


def test_an_ill_typed_value_is_no_traceback_on_any_command(tmp_path: Path) -> None:
    source = tmp_path / "odd.ttl"
    source.write_text(EXACT, encoding="utf-8")
    for args in (["export", str(source), "-o", str(tmp_path / "o.nt")],
                 ["query", str(source), "-e", "SELECT * WHERE { ?s ?p ?o }"]):
        result = subprocess.run([sys.executable, "-m", "mosgraph", *args], capture_output=True,
                                text=True)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and "Failed to convert" not in result.stderr


def test_ntriples_escape_control_characters_canonically() -> None:
    graph = Graph()
    graph.add((EX.s, EX.p, Literal('a\x00\x01\x08\t\n\x0b\x0c\r"\\\x1f\x7f\u2028é')))
    line = serialize(graph, "nt").decode()
    assert line == ('<http://example.org/s> <http://example.org/p> '
                    '"a\\u0000\\u0001\\b\\t\\n\\u000B\\f\\r\\"\\\\\\u001F\\u007F\u2028é" .\n')


# --- named graphs --------------------------------------------------------------------------------


@pytest.fixture()
def trig_file(tmp_path: Path) -> Path:
    path = tmp_path / "data.trig"
    path.write_text(TRIG, encoding="utf-8")
    return path


@pytest.mark.parametrize("extension", [".nq", ".trig", ".jsonld"])
def test_named_graphs_are_kept_in_every_quads_format(trig_file: Path, tmp_path: Path,
                                                     extension: str) -> None:
    original = read(trig_file)
    assert len(original.graph_names) == 3
    out = tmp_path / f"copy{extension}"
    result = CliRunner().invoke(main, ["export", str(trig_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert nquads(read(out)) == nquads(original)
    dataset = load_dataset(out)
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {"http://example.org/g1", "http://example.org/g2"} <= names


@pytest.mark.parametrize("extension", [".ttl", ".nt", ".rdf"])
def test_a_triples_format_refuses_named_graphs_unless_union(trig_file: Path, tmp_path: Path,
                                                            extension: str) -> None:
    out = tmp_path / f"copy{extension}"
    result = CliRunner().invoke(main, ["export", str(trig_file), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "3 named graphs" in result.stderr
    assert not out.exists()
    result = CliRunner().invoke(main, ["export", str(trig_file), "-o", str(out), "--union"])
    assert result.exit_code == 0, result.output
    assert len(load_graph(out)) == 6


# --- writing -------------------------------------------------------------------------------------


def test_rdfxml_writes_names_xml_parsers_accept_and_refuses_the_rest(tmp_path: Path) -> None:
    graph = Graph()
    for predicate in ("http://example.org/p/1num", "http://example.org/p%20q",
                      "http://example.org/ns#a-b.c"):
        graph.add((EX.s, URIRef(predicate), Literal("v")))
    data = serialize(graph, "rdfxml")
    ET.fromstring(data)  # well-formed XML, with namespaces
    assert set(Graph().parse(data=data, format="xml")) == set(graph)
    for predicate, message in (("http://example.org/p/123", "does not end in an XML name"),
                               ("http://exämple.org/x/·b", "not ASCII"),
                               (str(RDF) + "li", "rdf:li cannot be a property")):
        bad = Graph()
        bad.add((EX.s, URIRef(predicate), Literal("v")))
        with pytest.raises(UsageError, match=message):
            serialize(bad, "rdfxml")
    control = Graph()
    control.add((EX.s, EX.p, Literal("bell \x07")))
    with pytest.raises(UsageError, match="U\\+0007"):
        serialize(control, "rdfxml")


def test_an_iri_rdf_does_not_allow_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    graph = Graph()
    graph.add((URIRef("http://example.org/a b"), EX.p, Literal("x")))
    with pytest.raises(UsageError, match=r"not an IRI RDF allows: <http://example\.org/a b>"):
        write_graph(graph, tmp_path / "g.ttl")
    assert list(tmp_path.iterdir()) == []
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://example.org/a b> <http://example.org/p> \"x\" .\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(bad), "-o", str(tmp_path / "o.ttl")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"mosgraph: error: {bad}:1:") and \
        result.stderr.count("\n") == 1


DIGESTS = """
import hashlib, sys
from pathlib import Path
from mosgraph.export import export_graph
from mosgraph.rdfio import read
data = read(Path(sys.argv[1]))
for name in sys.argv[3:]:
    for path in export_graph(data, Path(sys.argv[2]) / f"g.{name}", name, union=True):
        print(path.name, hashlib.sha256(path.read_bytes()).hexdigest())
"""


def test_every_format_and_the_write_back_are_byte_identical_across_hash_seeds(
        built_graph: Graph, trig_file: Path, tmp_path: Path) -> None:
    graph_file = tmp_path / "g.ttl"
    write_graph(built_graph, graph_file)
    runs = []
    for seed in ("0", "1", "777"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = tmp_path / f"seed{seed}"
        out.mkdir()
        digests = subprocess.run(
            [sys.executable, "-c", DIGESTS, str(trig_file), str(out),
             *[f.name for f in RDF_FORMATS]], capture_output=True, text=True, env=env)
        assert digests.returncode == 0, digests.stderr
        back = subprocess.run(
            [sys.executable, "-m", "mosgraph", "network", str(graph_file), "-p", "organisation",
             "--write-back", str(out / "metrics.trig")], capture_output=True, text=True, env=env)
        assert back.returncode == 0, back.stderr
        runs.append((digests.stdout,
                     hashlib.sha256((out / "metrics.trig").read_bytes()).hexdigest()))
    assert runs[0] == runs[1] == runs[2]
    assert len(runs[0][0].splitlines()) == len(RDF_FORMATS)
    written = read(tmp_path / "seed0" / "metrics.trig")
    assert len(written.graph_names) == 1
    assert '"0.0"^^xsd:double' in (tmp_path / "seed0" / "metrics.trig").read_text("utf-8")


# --- parsing with limits -------------------------------------------------------------------------


def laughs() -> bytes:
    entities = "".join(f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY lol0 "lol">\n{entities}]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
            "<ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>\n").encode()


def quadratic() -> bytes:
    return (b'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY a "' + b"A" * 50_000 +
            b'">]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            b'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
            b"<ex:p>" + b"&a;" * 20_000 + b"</ex:p></rdf:Description></rdf:RDF>\n")


def deep_xml(depth: int) -> bytes:
    return (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            b'xmlns:ex="http://example.org/"><rdf:Description>' +
            b"<ex:p><rdf:Description>" * depth + b"</rdf:Description></ex:p>" * depth +
            b"</rdf:Description></rdf:RDF>")


def deep_json(depth: int) -> bytes:
    return (b'{"@id": "http://example.org/a", "http://example.org/p": ' +
            b'{"http://example.org/p": ' * depth + b'"x"' + b"}" * depth + b"}")


HOSTILE = {
    "laughs.rdf": (laughs(), "refers to another entity"),
    "quadratic.rdf": (quadratic(), "expand it past 16 times its size"),
    "external.rdf": (b'<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r>&e;</r>',
                     "external entity"),
    "parameter.rdf": (b'<!DOCTYPE r [<!ENTITY % p "x">]><r/>', "parameter entity"),
    "deep.rdf": (deep_xml(5000), "nested more than 32 deep"),
    "deep.jsonld": (deep_json(5000), "nested more than 32 deep"),
}


def run_on(command: str, path: Path, tmp_path: Path) -> Any:
    """``mosgraph COMMAND`` reading ``path``, its outputs in ``tmp_path``."""
    args = {"export": [str(path), "-o", str(tmp_path / "out.nt")],
            "query": [str(path), "-e", "SELECT * WHERE { ?s ?p ?o }"],
            "validate": [str(path)], "network": [str(path), "-p", "organisation"],
            "load": [str(path), "--store", f"oxigraph:{tmp_path / 'db'}"],
            "catalog": [str(path), "-o", str(tmp_path / "out.ttl"), "--base-url",
                        "https://example.org/"]}[command]
    return CliRunner().invoke(main, [command, *args])


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("command", ["export", "query", "validate", "network", "load",
                                     "catalog"])
def test_hostile_files_are_refused_in_one_line_by_every_command(
        tmp_path: Path, name: str, command: str) -> None:
    data, message = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = run_on(command, path, tmp_path)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"mosgraph: error: {path}"), lines
    assert message in lines[0]
    assert not (tmp_path / "out.nt").exists() and not (tmp_path / "out.ttl").exists()


def test_plain_entities_are_expanded_as_ontology_editors_write_them(tmp_path: Path) -> None:
    path = tmp_path / "onto.rdf"
    path.write_bytes(b'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
                     b'  <!ENTITY owl "http://www.w3.org/2002/07/owl#" >\n'
                     b"  <!-- a comment -->\n  <!ENTITY ex 'http://example.org/'>\n]>\n"
                     b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                     b'<rdf:Description rdf:about="&ex;Thing"><rdf:type rdf:resource='
                     b'"&owl;Class"/></rdf:Description>\n<!-- &ex; in a comment -->'
                     b"<rdf:Description rdf:about=\"&ex;b\"><rdf:value><![CDATA[&ex;]]>"
                     b"</rdf:value></rdf:Description></rdf:RDF>\n")
    graph = load_graph(path)
    assert (EX.Thing, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in graph
    assert (EX.b, RDF.value, Literal("&ex;")) in graph  # CDATA is not expanded


def test_input_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.nt"
    path.write_bytes(b'<http://example.org/a> <http://example.org/p> "x" .\n' * 30_000)
    env = {**os.environ, "MOSGRAPH_MAX_INPUT_MB": "1"}
    result = subprocess.run([sys.executable, "-m", "mosgraph", "export", str(path), "-o",
                             str(tmp_path / "o.ttl")], capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"mosgraph: error: {path}: larger than mosgraph reads (1.5 MB > 1.0 MB; set "
        "MOSGRAPH_MAX_INPUT_MB to read more)"]


# --- JSON-LD contexts: never fetched -------------------------------------------------------------


class _Logged(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []  # noqa: RUF012 - shared by the handler instances of one test

    def do_GET(self) -> None:
        self.requests.append(self.path)
        body = json.dumps({"@context": {"name": "http://xmlns.com/foaf/0.1/name"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def logged_server() -> Iterator[tuple[str, list[str]]]:
    _Logged.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Logged)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Logged.requests
    server.shutdown()


def document(context: Any) -> str:
    return json.dumps({"@context": context, "@id": "http://example.org/ana", "name": "Ana"})


@pytest.mark.parametrize("reference", ["{url}/ctx.jsonld", "file:///etc/hostname",
                                       "../ctx.jsonld", "ctx.jsonld", "import"])
@pytest.mark.parametrize("command", ["export", "query", "validate", "network", "load",
                                     "catalog"])
def test_a_context_nobody_named_is_refused_and_not_fetched(
        tmp_path: Path, logged_server: tuple[str, list[str]], reference: str,
        command: str) -> None:
    url, requests = logged_server
    folder = tmp_path / "in"
    folder.mkdir()
    (tmp_path / "ctx.jsonld").write_text(json.dumps(jsonld_context()), encoding="utf-8")
    (folder / "ctx.jsonld").write_text(json.dumps(jsonld_context()), encoding="utf-8")
    context: Any = {"@version": 1.1, "@import": f"{url}/ctx.jsonld"} if reference == "import" \
        else reference.format(url=url)
    path = folder / "doc.jsonld"
    path.write_text(document(context), encoding="utf-8")
    result = run_on(command, path, tmp_path)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "is not read: mosgraph fetches nothing" in lines[0], lines
    assert requests == []


def test_contexts_the_user_names_are_used(tmp_path: Path,
                                          logged_server: tuple[str, list[str]]) -> None:
    url, requests = logged_server
    local = tmp_path / "ctx.jsonld"
    local.write_text(json.dumps({"@context": {"name": "http://xmlns.com/foaf/0.1/name"}}),
                     encoding="utf-8")
    expected = {(EX.ana, URIRef("http://xmlns.com/foaf/0.1/name"), Literal("Ana"))}
    for context, named in ((f"{url}/ctx.jsonld", [str(local)]),
                           ("https://example.org/c", [f"https://example.org/c={local}"]),
                           ("ctx.jsonld", [str(local)]),
                           ([CONTEXT_IRI, "ctx.jsonld"], [str(local)]),
                           (CONTEXT_IRI, [])):
        path = tmp_path / "doc.jsonld"
        path.write_text(document(context), encoding="utf-8")
        assert set(load_graph(path, contexts=named)) == expected, context
        out = tmp_path / "out.nt"
        result = CliRunner().invoke(main, ["export", str(path), "-o", str(out),
                                           *[a for n in named for a in ("--context", n)]])
        assert result.exit_code == 0, result.output
        assert set(load_graph(out)) == expected
    assert requests == []


def test_a_context_file_that_is_not_one_names_itself(tmp_path: Path) -> None:
    context = tmp_path / "ctx.jsonld"
    context.write_text("[1, 2", encoding="utf-8")
    path = tmp_path / "doc.jsonld"
    path.write_text(document("ctx.jsonld"), encoding="utf-8")
    with pytest.raises(RDFSyntaxError, match=f"{context}: not a JSON-LD context"):
        load_graph(path, contexts=[str(context)])


# --- the SPARQL Update check parses only ---------------------------------------------------------


def test_the_update_check_runs_nothing(logged_server: tuple[str, list[str]]) -> None:
    from mosgraph.errors import QueryError
    from mosgraph.store import RdflibStore

    url, requests = logged_server
    store = RdflibStore()
    with pytest.raises(QueryError, match="line 2"):
        store.update(f"LOAD <{url}/data.nt> ;\nINSERT DATA {{ <http://x/a> <http://x/b> }}")
    assert requests == []  # a check that ran the LOAD would have fetched it
    store.update("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
    assert len(store) == 1


def _shuffled(lines: list[str], seed: int) -> str:
    import random

    lines = list(lines)
    random.Random(seed).shuffle(lines)
    return "".join(lines)


@pytest.fixture()
def conversion_sources(built_graph: Graph, trig_file: Path, tmp_path: Path) -> dict[str, Path]:
    """RDF files for every path of the export: canonical order (streamed), another order
    (sorted first), blank nodes (in memory), and the cases that make a path start again."""
    folder = tmp_path / "sources"
    folder.mkdir()
    files = {}

    def add(name: str, text: str) -> None:
        files[name] = folder / name
        files[name].write_text(text, encoding="utf-8")

    graph_file = folder / "graph.nt"
    write_graph(built_graph, graph_file)  # what mosgraph writes: canonical order
    files["graph.nt"] = graph_file
    lines = graph_file.read_text("utf-8").splitlines(keepends=True)
    add("shuffled.nt", _shuffled(lines + lines[:50], 1))  # duplicates too
    named = [f"{line[:-3]} <http://example.org/g{i % 3}> .\n" for i, line in
             enumerate(lines[:400])] + lines[400:600]
    add("named.nq", _shuffled(named, 2))
    add("named-sorted.nq", serialize(read(files["named.nq"]), "nq").decode())
    add("exact.ttl", EXACT.replace("\\u0001", "").replace("\\u007F", ""))
    add("blank.ttl", "<http://example.org/a> <http://example.org/p> [ <http://example.org/q> "
        "( 1 2 ) ] .\n")
    add("late-prefix.ttl", "<http://example.org/a> <http://example.org/p> <http://example.org/b>"
        " .\n@prefix zz: <http://example.org/> .\nzz:c zz:p zz:d .\n")
    # a declared prefix named like one of mosgraph's, for a namespace the data does not use
    add("prefix-clash.ttl", "@prefix foaf: <http://example.org/unused/> .\n"
        "@prefix ex: <http://example.org/> .\n"
        "ex:a <http://xmlns.com/foaf/0.1/name> \"A\" ; ex:p <label:x> .\n")
    # the same, out of order: sorted, then written a second time (in JSON-LD too: a scheme
    # named like a term), the sorted lines gone through again
    add("prefix-clash-shuffled.ttl", "@prefix foaf: <http://example.org/unused/> .\n"
        "@prefix ex: <http://example.org/> .\n"
        "ex:b ex:p <label:y> .\nex:a <http://xmlns.com/foaf/0.1/name> \"A\" ; ex:p <label:x> .\n")
    # N-Triples (no prefixes: JSON-LD written straight to the file) whose IRI scheme is
    # named like a term of the context: only its end says so, and it is written again
    add("scheme-clash.nt", '<label:x> <http://example.org/p> "x" .\n'
        '<urn:a> <http://example.org/p> <label:y> .\n')
    add("blank-literal.nt", '<http://example.org/a> <http://example.org/p> "x> _:y" .\n')
    # line separators N-Triples leaves as they are; a backslash and b, which is no backspace
    add("separators.nt", '<http://example.org/a> <http://example.org/p> "a\u2028b\x85c" .\n'
        '<http://example.org/a> <http://example.org/p> "back\\\\b" .\n')
    add("data.trig", trig_file.read_text("utf-8"))
    files["graph.jsonld"] = folder / "graph.jsonld"
    files["graph.jsonld"].write_bytes(serialize(built_graph, "jsonld"))
    return files


@pytest.mark.parametrize("run_characters", [1 << 23, 5000])
def test_every_path_of_the_export_gives_the_bytes_of_serializing_what_it_holds(
        conversion_sources: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        run_characters: int) -> None:
    """Streamed (canonical order), sorted first (in runs merged, with small runs many levels
    of them) or held in memory (blank nodes): the export writes the bytes of
    ``serialize(read(file))``, and the same for the same statements in any order."""
    from mosgraph import extsort, rdfstream
    from mosgraph.rdfio import convert

    monkeypatch.setattr(extsort, "RUN_BYTES", run_characters)
    monkeypatch.setattr(extsort, "FAN_IN", 4)
    sorted_files: list[str] = []
    real_sort = rdfstream.sorted_statements

    def spy(quads: Any, layout: Any, **options: Any) -> Any:
        sorted_files.append(str(quads))
        return real_sort(quads, layout, **options)

    monkeypatch.setattr(rdfstream, "sorted_statements", spy)
    paths: dict[tuple[str, str], set[str]] = {}
    for name, source in conversion_sources.items():
        parsed = read(source)
        for fmt in RDF_FORMATS:
            expected = serialize(parsed, fmt, union=True)
            out = tmp_path / f"{name}.{fmt.name}"
            before = len(sorted_files)
            count = convert(source, out, fmt, union=True)
            assert out.read_bytes() == expected, (name, fmt.name)
            assert count == len(set(nquads(parsed) if fmt.quads else
                                    nquads(Parsed(canonical(parsed.quads, union=True))))), name
            paths.setdefault((name, fmt.name), set()).add(
                "sorted" if len(sorted_files) > before else "not sorted")
    for fmt in RDF_FORMATS:
        assert paths["graph.nt", fmt.name] == {"not sorted"}  # streamed as it came
        assert paths["shuffled.nt", fmt.name] == {"sorted"}
        assert paths["named.nq", fmt.name] == {"sorted"}
        assert paths["late-prefix.ttl", fmt.name] == {"sorted"}
        assert paths["prefix-clash-shuffled.ttl", fmt.name] == {"sorted"}
        assert paths["blank.ttl", fmt.name] == {"not sorted"}  # in memory
        # the same statements in another order give the same bytes
        assert (tmp_path / f"graph.nt.{fmt.name}").read_bytes() == \
            (tmp_path / f"shuffled.nt.{fmt.name}").read_bytes()
        assert (tmp_path / f"named.nq.{fmt.name}").read_bytes() == \
            (tmp_path / f"named-sorted.nq.{fmt.name}").read_bytes()
    turtle = (tmp_path / "graph.nt.turtle").read_text("utf-8")
    declared = re.findall(r"^@prefix (\w+):", turtle, re.M)
    assert declared and all(f"{prefix}:" in turtle.split("\n", len(declared))[-1]
                            or prefix == "xsd" for prefix in declared)  # only those used
    for name in ("prefix-clash.ttl", "prefix-clash-shuffled.ttl"):
        clash = (tmp_path / f"{name}.turtle").read_text("utf-8")
        assert "@prefix foaf: <http://xmlns.com/foaf/0.1/> ." in clash
        assert "foaf:name" in clash and "label-iri" in \
            (tmp_path / f"{name}.jsonld").read_text("utf-8")
    assert "label-iri" in (tmp_path / "prefix-clash.ttl.jsonld").read_text("utf-8")
    clash = json.loads((tmp_path / "scheme-clash.nt.jsonld").read_text("utf-8"))
    assert clash["@context"]["label-iri"] == "label:"
    assert clash["@graph"] == [{"id": "label-iri:x", "http://example.org/p": "x"},
                               {"id": "urn:a", "http://example.org/p": {"id": "label-iri:y"}}]
