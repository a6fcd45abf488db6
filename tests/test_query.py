"""Queries: checking, parameters, result formats, and the ``mosgraph query`` command."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.query import Result as RdflibResult

from mosgraph.cli import main
from mosgraph.errors import QueryError, UnknownFormatError, UsageError
from mosgraph.query import (
    AskResult,
    GraphResult,
    SelectResult,
    parse_binding,
    prepare,
    result_format,
    serialize_result,
)
from mosgraph.rdfio import write_graph
from mosgraph.store import OxigraphStore

EX = "http://example.org/"
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # not rdflib's DefinedNamespace: see query.py
MOS = "https://w3id.org/mosgraph/ontology#"


# --- preparing: form, parameters, syntax errors ------------------------------------------------


@pytest.mark.parametrize(("text", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "select"),
    ("PREFIX ex: <http://example.org/>\nask { ex:a ?p ?o }", "ask"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "graph"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "graph"),
    ("DESCRIBE <http://example.org/a>", "graph"),
])
def test_prepare_knows_the_query_form(text: str, form: str) -> None:
    assert prepare(text).form == form
    assert prepare(text).text == text


def test_a_binding_joins_the_outermost_where_group_only() -> None:
    text = ('# a comment with a { brace\nPREFIX ex: <http://example.org/ns#>\n'
            'CONSTRUCT { ?s ex:p "}" } WHERE { ?s ex:q ?o . { SELECT ?s WHERE { ?s ?p ?o } } }'
            ' LIMIT 3')
    prepared = prepare(text, {"o": Literal(1)})
    before, after = prepared.text.split("VALUES", 1)
    assert before.endswith("WHERE { ")
    assert '(?o) { ("1"^^<http://www.w3.org/2001/XMLSchema#integer>) } { ?s ex:q ?o .' in after
    assert prepared.text.endswith("} } } LIMIT 3")


def test_a_binding_cannot_break_out_of_its_value() -> None:
    store = OxigraphStore()
    store.update(f'INSERT DATA {{ <{EX}a> <{EX}name> "Ann" }}')
    hostile = 'x" } UNION { ?s ?p ?o } #'
    result = store.query(f"SELECT ?s WHERE {{ ?s <{EX}name> ?name }}",
                         {"name": Literal(hostile)})
    assert result == SelectResult(("s",), ())
    found = store.query(f"SELECT ?s WHERE {{ ?s <{EX}name> ?name }}", {"name": Literal("Ann")})
    assert found == SelectResult(("s",), ((URIRef(f"{EX}a"),),))


def test_binding_a_variable_the_query_does_not_have_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"no variable \?yeer to bind \(its variables: \?s\)"):
        prepare("SELECT ?s WHERE { ?s ?p ?s }".replace("?p", "<http://x/p>"),
                {"yeer": Literal(1)})


def test_binding_needs_a_where_clause() -> None:
    with pytest.raises(UsageError, match="WHERE"):
        prepare("DESCRIBE ?x", {"x": URIRef(EX)})


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    ("SELECT * WHERE { ?s ?p }", 1, 18, "not valid SPARQL near '?s ?p }'"),
    ("SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}", 4, 3,
     "not valid SPARQL near 'FILTER(?o = )'"),
    ("SELEC * {}", 1, 1, "not valid SPARQL near 'SELEC * {}'"),
    ("SELECT * WHERE { ?s ?p ?o ", 1, 27, "not valid SPARQL: it ends too soon"),
    ("PREFIX a: <http://a/>\nSELECT * {\n  ?s b:x ?o }", 3, 6,
     "undeclared prefix 'b:' (add PREFIX b: <...>)"),
])
def test_a_syntax_error_names_line_and_column(text: str, line: int, column: int,
                                              message: str) -> None:
    with pytest.raises(QueryError) as caught:
        prepare(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert caught.value.message == message
    assert str(caught.value) == f"line {line}, column {column}: {message}"


def test_oxigraph_alone_rejects_it_and_its_place_is_used() -> None:
    # rdflib's parser accepts a variable bound twice in one group; Oxigraph does not
    text = "SELECT * WHERE {\n  ?s ?p ?o .\n  BIND (1 AS ?o)\n}"
    with pytest.raises(QueryError) as caught:
        prepare(text)
    assert caught.value.line is not None and caught.value.line >= 3


# --- parameters from the command line -----------------------------------------------------------


@pytest.mark.parametrize(("text", "term"), [
    ("year=2021", Literal("2021", datatype=XSD.integer)),
    ("x=-1.5", Literal("-1.5", datatype=XSD.decimal)),
    ("x=1e3", Literal("1e3", datatype=XSD.double)),
    ("flag=true", Literal("true", datatype=XSD.boolean)),
    ("who=<http://example.org/ann>", URIRef("http://example.org/ann")),
    ("?status=mos:Present", URIRef(MOS + "Present")),
    ("$t=xsd:date", URIRef(str(XSD.date))),
    ('y="2021"^^xsd:gYear', Literal("2021", datatype=XSD.gYear)),
    ('n="Anil"@en', Literal("Anil", lang="en")),
    ('n="say \\"hi\\""', Literal('say "hi"')),
    ("name=Anil Arora", Literal("Anil Arora")),
    ("name=", Literal("")),
    ("time=10:30", Literal("10:30")),
])
def test_parse_binding(text: str, term: object) -> None:
    name, value = parse_binding(text)
    assert name == text.split("=")[0].lstrip("?$")
    assert value == term and type(value) is type(term)


def test_parse_binding_uses_the_query_prefixes() -> None:
    query = "PREFIX ex: <http://example.org/ns#>\nSELECT ?x WHERE { ?x ?p ?o }"
    assert parse_binding("x=ex:thing", query=query)[1] == URIRef("http://example.org/ns#thing")


@pytest.mark.parametrize(("text", "message"), [
    ("2021", "expected a parameter as NAME=VALUE"),
    ("1x=2", "expected a parameter as NAME=VALUE"),
    ("x=nope:thing", "unknown prefix 'nope:'"),
    ("x=<http://a b>", "not a valid IRI"),
])
def test_parse_binding_rejects(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_binding(text)


# --- results and their formats -------------------------------------------------------------------

TRICKY = SelectResult(
    ("thing", "name", "count", "note"),
    (
        (URIRef(f"{EX}a"), Literal("Ann, \"the\" first", lang="en"), Literal(3), None),
        (BNode("b1"), Literal("tab\there\nnew line"), Literal("2.5", datatype=XSD.decimal),
         Literal("2021-01-29", datatype=XSD.date)),
        (None, Literal(""), Literal("x", datatype=URIRef(f"{EX}type")), URIRef(f"{EX}c")),
    ),
)


def _parsed(data: bytes, fmt: str) -> list[tuple[object, ...]]:
    parsed = RdflibResult.parse(io.BytesIO(data), format=fmt)
    assert [str(v) for v in parsed.vars or ()] == list(TRICKY.variables)
    return [tuple(row) for row in parsed]  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_standard_formats_parse_back_to_the_same_rows(fmt: str) -> None:
    data = serialize_result(TRICKY, result_format(fmt, TRICKY))
    rows = _parsed(data, fmt)
    assert rows[0][0] == TRICKY.rows[0][0]
    assert isinstance(rows[1][0], BNode)
    for got, want in zip(rows, TRICKY.rows, strict=True):
        assert got[1:] == want[1:]


def test_csv_parses_back_to_the_same_plain_values() -> None:
    data = serialize_result(TRICKY, result_format("csv", TRICKY))
    assert data.startswith(b"thing,name,count,note\r\n")
    rows = _parsed(data, "csv")
    plain = [tuple("" if t is None else str(t) for t in row) for row in TRICKY.rows]
    assert [tuple("" if t is None else str(t) for t in row[1:]) for row in rows] == \
        [row[1:] for row in plain]
    assert str(rows[0][0]) == f"{EX}a" and str(rows[1][0]).endswith("b1")


def test_json_follows_the_w3c_shape() -> None:
    document = json.loads(serialize_result(TRICKY, result_format("json", TRICKY)))
    assert document["head"] == {"vars": ["thing", "name", "count", "note"]}
    first = document["results"]["bindings"][0]
    assert first["name"] == {"type": "literal", "value": 'Ann, "the" first', "xml:lang": "en"}
    assert first["count"]["datatype"] == str(XSD.integer)
    assert "note" not in first
    assert document["results"]["bindings"][2]["name"] == {"type": "literal", "value": ""}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_ask_results_parse_back(fmt: str) -> None:
    for value in (True, False):
        data = serialize_result(AskResult(value), result_format(fmt, "ask"))
        assert RdflibResult.parse(io.BytesIO(data), format=fmt).askAnswer is value


def test_table_shows_labels_and_aligns_numbers() -> None:
    labels = {URIRef(f"{EX}a"): "Ann", URIRef(f"{EX}c"): "Cee"}
    table = serialize_result(TRICKY, result_format("table", TRICKY), labels=labels).decode()
    lines = table.splitlines()
    assert lines[0].split() == ["thing", "name", "count", "note"]
    assert lines[2].startswith("Ann    Ann, \"the\" first")
    assert lines[3].startswith("_:b1   tab here new line")  # whitespace folded
    assert lines[4].rstrip().endswith("Cee")
    assert lines[-1] == "3 rows"


def test_table_aligns_a_column_of_numbers_to_the_right() -> None:
    result = SelectResult(("name", "count"), (
        (Literal("a"), Literal(3)), (Literal("b"), Literal(1234)), (Literal("c"), None)))
    lines = serialize_result(result, result_format("table", result)).decode().splitlines()
    assert lines[:4] == ["name  count", "----  -----", "a         3", "b      1234"]


def test_table_without_labels_uses_prefixed_names() -> None:
    result = SelectResult(("s",), ((URIRef(MOS + "Present"),), (URIRef(f"{EX}x"),)))
    lines = serialize_result(result, result_format(None, result)).decode().splitlines()
    assert lines[2:4] == ["mos:Present", f"<{EX}x>"]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser
def test_graph_results_in_rdf_formats_and_as_a_table() -> None:
    graph = Graph()
    graph.add((URIRef(f"{EX}a"), URIRef(f"{EX}p"), Literal("x")))
    result = GraphResult(graph)
    turtle = serialize_result(result, result_format(None, result))
    assert set(Graph().parse(data=turtle, format="turtle")) == set(graph)
    jsonld = serialize_result(result, result_format("json", result))
    assert isinstance(json.loads(jsonld)["@context"], dict)  # embedded: stands on its own
    assert set(Graph().parse(data=jsonld, format="json-ld")) == set(graph)
    table = serialize_result(result, result_format("table", result),
                             labels={URIRef(f"{EX}a"): "Ann"}).decode()
    assert table.splitlines()[2].split() == ["Ann", f"<{EX}p>", "x"]


@pytest.mark.parametrize(("name", "path", "form", "expected"), [
    (None, "out.csv", "select", "csv"),
    (None, "out.srj", "select", "json"),
    (None, "out.xml", "ask", "xml"),
    (None, "out.tsv", "select", "tsv"),
    (None, "out.nt", "graph", "ntriples"),
    ("TSV", None, "select", "tsv"),
    ("xml", None, "graph", "rdfxml"),
    (None, None, "graph", "turtle"),
])
def test_result_format_lookup(name: str | None, path: str | None, form: str,
                              expected: str) -> None:
    assert result_format(name, form, path=path).name == expected


@pytest.mark.parametrize(("name", "path", "form"), [
    ("ttl", None, "select"), ("docx", None, "graph"), (None, "out.docx", "select"),
])
def test_unknown_result_format(name: str | None, path: str | None, form: str) -> None:
    with pytest.raises(UnknownFormatError):
        result_format(name, form, path=path)


# --- the command ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph_file(built_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("query-cli") / "graph.ttl"
    write_graph(built_graph, path)
    return path


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """Exit code, stdout (line ends kept as written) and stderr of ``mosgraph query``."""
    result = CliRunner().invoke(main, ["query", *args], input=stdin)
    return result.exit_code, result.stdout_bytes.decode("utf-8"), result.stderr


def test_list_shows_every_named_query_with_its_question() -> None:
    code, out, _ = run("--list")
    assert code == 0
    lines = dict(line.split(None, 1) for line in out.splitlines())
    assert lines["chair"] == "Who chaired each meeting?"
    assert lines["representation"].startswith("Who attended on behalf of whom")
    assert len(lines) >= 15


def test_named_query_table_shows_labels(graph_file: Path) -> None:
    code, out, _ = run(str(graph_file), "chair")
    assert code == 0
    assert out.splitlines()[2].split("  ")[-1] == "Anil Arora"
    assert out.endswith("\n1 row\n")
    code, out, _ = run(str(graph_file), "chair", "--iris")
    assert "https://w3id.org/mosgraph/id/person/anil-arora" in out


def test_without_a_file_the_bundled_report_is_queried() -> None:
    code, out, _ = run("attendance-counts", "--format", "csv")
    assert code == 0
    assert out.splitlines()[1].endswith(",2021-01-29,23,7")


def test_bind_restricts_the_named_query(graph_file: Path) -> None:
    code, out, _ = run(str(graph_file), "projects-selected", "--bind", "year=2021",
                       "--format", "tsv")
    assert code == 0
    assert len(out.splitlines()) == 3
    code, out, _ = run(str(graph_file), "projects-selected", "--bind", "year=2019")
    assert code == 0 and out.endswith("\n0 rows\n")
    code, _, err = run(str(graph_file), "projects-selected", "--bind", "yaer=2019")
    assert code == 2 and "no variable ?yaer" in err


def test_query_from_stdin_and_from_a_file(graph_file: Path, tmp_path: Path) -> None:
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://xmlns.com/foaf/0.1/Person> }"
    code, out, _ = run(str(graph_file), "-", "--format", "csv", stdin=text)
    assert (code, out) == (0, "n\r\n31\r\n")
    rq = tmp_path / "people.rq"
    rq.write_text(text, encoding="utf-8")
    code, out, _ = run(str(graph_file), "-f", str(rq), "--format", "csv")
    assert (code, out) == (0, "n\r\n31\r\n")
    code, out, _ = run(str(graph_file), "-e", text, "--format", "json")
    assert json.loads(out)["results"]["bindings"][0]["n"]["value"] == "31"


def test_output_file_takes_its_format_from_the_extension(graph_file: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "topics.json"
    code, stdout, _ = run(str(graph_file), "discussion-topics", "-o", str(out))
    assert (code, stdout) == (0, "")
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [b["points"]["value"] for b in document["results"]["bindings"]] == \
        ["5", "2", "4", "6", "7", "7"]


def test_construct_writes_rdf(graph_file: Path) -> None:
    code, out, _ = run(str(graph_file), "-e",
                       f"CONSTRUCT WHERE {{ ?m <{MOS}chairedBy> ?c }}", "--format", "nt")
    assert code == 0
    assert out.strip().endswith(f"<{MOS}chairedBy> "
                                "<https://w3id.org/mosgraph/id/person/anil-arora> .")


@pytest.mark.parametrize(("args", "message"), [
    (["-e", "SELECT * WHERE {\n ?s ?p }"], "mosgraph: error: line 2, column 2: not valid SPARQL"),
    (["chair", "--format", "ttl"], "mosgraph: error: unknown format 'ttl' for SELECT"),
    (["chair", "-o", "{out}/chairs.docx"], "mosgraph: error: unknown format for"),
    (["no-such-query"], "mosgraph: error: unknown named query 'no-such-query'"),
    (["q.rq"], "use -f q.rq"),
    ([], "give a named query, -e SPARQL, -f FILE.rq or -"),
    (["{out}/missing.ttl", "chair"], "missing.ttl: file not found"),
    (["{out}/graph.docx", "chair"], "unknown format for"),
    (["chair", "--endpoint", "http://127.0.0.1:{port}/query"],
     "mosgraph: error: cannot reach the SPARQL endpoint http://127.0.0.1:{port}/query"),
    (["chair", "--store", "oxigraph:{out}/nothing-here"], "no Oxigraph store at"),
    (["{out}/g.ttl", "chair", "--store", "oxigraph:{out}/db"], "a graph FILE is for the"),
    (["chair", "--timeout", "0"], "a timeout must be more than 0 seconds"),
])
def test_bad_input_is_one_line_exit_2_and_no_output_file(tmp_path: Path, closed_port: int,
                                                         args: list[str], message: str) -> None:
    def fill(text: str) -> str:
        return text.replace("{out}", str(tmp_path)).replace("{port}", str(closed_port))

    filled = [fill(a) for a in args]
    out = Path(filled[filled.index("-o") + 1]) if "-o" in filled else tmp_path / "result.csv"
    code, stdout, err = run(*filled, *([] if "-o" in filled else ["-o", str(out)]))
    assert code == 2
    assert err.startswith("mosgraph: error: ") and len(err.strip().splitlines()) == 1
    assert fill(message) in err
    assert stdout == ""
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_runaway_query_stops_at_the_timeout(tmp_path: Path) -> None:
    graph = Graph()
    for i in range(250):
        graph.add((URIRef(f"{EX}s{i}"), URIRef(f"{EX}p"), URIRef(f"{EX}o{i}")))
    write_graph(graph, tmp_path / "chain.nt")
    out = tmp_path / "never.csv"
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 15 million
    code, _, err = run(str(tmp_path / "chain.nt"), "-e", text, "--timeout", "0.2",
                       "-o", str(out))
    assert code == 2
    assert err == "mosgraph: error: the query did not finish within 0.2 s\n"
    assert not out.exists()


def test_query_rejects_an_update() -> None:
    with pytest.raises(QueryError):
        prepare(f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> }}")
