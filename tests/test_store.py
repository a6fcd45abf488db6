"""Stores: the embedded one, Oxigraph on disk, rdflib, a remote endpoint; ``mosgraph load``."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs

import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, Namespace, URIRef

from mosgraph.cli import main
from mosgraph.errors import (
    QueryError,
    QueryTimeout,
    RDFSyntaxError,
    StoreError,
    UnknownFormatError,
    UsageError,
)
from mosgraph.query import AskResult, GraphResult, SelectResult
from mosgraph.rdfio import write_graph
from mosgraph.store import (
    OxigraphStore,
    RdflibStore,
    RemoteStore,
    Store,
    from_oxigraph,
    open_store,
    to_oxigraph,
)

EX = Namespace("http://example.org/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture()
def small() -> Graph:
    graph = Graph()
    graph.add((EX.ann, EX.name, Literal("Ann", lang="en")))
    graph.add((EX.ann, EX.age, Literal(42)))
    graph.add((EX.ann, EX.knows, BNode("someone")))
    return graph


def in_process_stores(tmp_path: Path) -> list[Store]:
    return [OxigraphStore(), OxigraphStore(tmp_path / "db"), RdflibStore()]


@pytest.mark.parametrize("kind", ["memory", "disk", "rdflib"])
def test_every_query_form_has_its_result_type(kind: str, small: Graph, tmp_path: Path) -> None:
    store = {"memory": OxigraphStore, "rdflib": RdflibStore,
             "disk": lambda: OxigraphStore(tmp_path / "db")}[kind]()
    store.load(small)
    assert len(store) == 3
    select = store.query(f"SELECT ?age WHERE {{ <{EX.ann}> <{EX.age}> ?age }}")
    assert select == SelectResult(("age",), ((Literal(42),),))
    assert store.query(f"ASK {{ <{EX.ann}> ?p 'Ann'@en }}") == AskResult(True)
    graph = store.query(f"CONSTRUCT WHERE {{ ?s <{EX.name}> ?o }}")
    assert isinstance(graph, GraphResult)
    assert set(graph.graph) == {(EX.ann, EX.name, Literal("Ann", lang="en"))}
    described = store.query(f"DESCRIBE <{EX.ann}>")
    assert isinstance(described, GraphResult) and len(described) == 3
    store.update(f"INSERT DATA {{ <{EX.bob}> <{EX.age}> 7 }}")
    assert len(store) == 4
    store.close()


def test_an_unbound_cell_is_none() -> None:
    store = OxigraphStore()
    store.update(f"INSERT DATA {{ <{EX.a}> <{EX.p}> 1 }}")
    result = store.query(f"SELECT ?s ?missing WHERE {{ ?s <{EX.p}> 1 OPTIONAL {{ ?s <{EX.q}> "
                         "?missing } }")
    assert result == SelectResult(("s", "missing"), ((EX.a, None),))


def test_update_syntax_error_names_line_and_column() -> None:
    for store in (OxigraphStore(), RdflibStore()):
        with pytest.raises(QueryError) as caught:
            store.update("INSERT DATA {\n  <http://a> <http://b> }")
        assert caught.value.line == 2


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own quads plugins
@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld", ".rdf", ".trig", ".nq"])
def test_load_reads_every_rdf_format_into_the_default_graph(small: Graph, tmp_path: Path,
                                                            suffix: str) -> None:
    path = tmp_path / f"graph{suffix}"
    write_graph(small, path)
    for store in in_process_stores(tmp_path / suffix[1:]):
        store.load(path)
        assert len(store) == 3, type(store)
        result = store.query(f"SELECT ?age WHERE {{ ?s <{EX.age}> ?age }}")
        assert result == SelectResult(("age",), ((Literal(42),),))
        store.close()


def test_load_a_broken_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://b> <http://c> .\n<http://a> <http://b> \"x ;\n",
                   encoding="utf-8")
    store = OxigraphStore()
    with pytest.raises(RDFSyntaxError) as caught:
        store.load(bad)
    assert caught.value.file == str(bad) and caught.value.line == 2
    assert str(caught.value).startswith(f"{bad}:2:")
    assert len(store) == 0  # nothing half-loaded


def test_load_unknown_format_or_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnknownFormatError):
        OxigraphStore().load(tmp_path / "graph.docx")
    with pytest.raises(RDFSyntaxError, match="file not found"):
        OxigraphStore().load(tmp_path / "graph.ttl")


def test_an_on_disk_store_keeps_its_graph_between_runs(small: Graph, tmp_path: Path) -> None:
    folder = tmp_path / "db"
    with OxigraphStore(folder) as store:
        store.load(small)
    with OxigraphStore(folder, read_only=True) as again:
        assert len(again) == 3
        assert again.query(f"ASK {{ <{EX.ann}> <{EX.age}> 42 }}") == AskResult(True)
    with pytest.raises(StoreError, match=r"no Oxigraph store at .*: load a graph into it"):
        OxigraphStore(tmp_path / "nowhere", read_only=True)


def test_open_store_by_name(tmp_path: Path) -> None:
    assert isinstance(open_store(), OxigraphStore) and open_store().name == "memory"
    assert isinstance(open_store("memory"), OxigraphStore)
    assert isinstance(open_store("rdflib"), RdflibStore)
    disk = open_store(f"oxigraph:{tmp_path / 'db'}")
    assert isinstance(disk, OxigraphStore) and disk.path == tmp_path / "db"
    remote = open_store(endpoint="http://localhost:7878/query")
    assert isinstance(remote, RemoteStore) and remote.update_endpoint == remote.endpoint
    for spec, kwargs, message in [
        ("sqlite:x", {}, "unknown store 'sqlite:x'"),
        ("oxigraph:", {}, "unknown store"),
        ("memory", {"endpoint": "http://x/"}, "not both"),
        (None, {"update_endpoint": "http://x/"}, "needs a query endpoint"),
        (None, {"endpoint": "ftp://x/"}, "expected an http:// or https:// URL"),
    ]:
        with pytest.raises(UsageError, match=message):
            open_store(spec, **kwargs)


def chain(size: int) -> Graph:
    """``size`` unrelated triples: a three-way join of them has ``size``³ rows."""
    graph = Graph()
    for i in range(size):
        graph.add((EX[f"s{i}"], EX.p, EX[f"o{i}"]))
    return graph


@pytest.mark.parametrize("kind", ["memory", "rdflib"])
def test_a_runaway_query_times_out_and_is_stopped(kind: str) -> None:
    store: Store = OxigraphStore() if kind == "memory" else RdflibStore()
    store.load(chain(250))
    before = set(threading.enumerate())
    start = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"did not finish within 0\.3 s"):
        store.query(RUNAWAY, timeout=0.3)  # 15 million rows: seconds for Oxigraph
    assert time.monotonic() - start < 5  # not the 15 million rows; loose for a loaded machine
    rows = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with pytest.raises(QueryTimeout):
        store.query(rows, timeout=0.3)
    # the workers were stopped, not left running: rdflib's at once, and Oxigraph's at its
    # next row (a count yields no row: it runs on until it is done). Poll, as a loaded
    # machine may take a moment to schedule the stopped threads.
    allowed = 1 if kind == "memory" else 0
    deadline = time.monotonic() + 10
    while True:
        left = [t for t in set(threading.enumerate()) - before if t.name == "mosgraph-query"]
        if len(left) <= allowed or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert len(left) <= allowed
    assert store.query("ASK { ?s ?p ?o }", timeout=5) == AskResult(True)
    with pytest.raises(UsageError, match="more than 0 seconds"):
        store.query("ASK {}", timeout=-1)


def test_labels_come_from_the_store_then_the_ontology() -> None:
    store = OxigraphStore()
    store.update(f'INSERT DATA {{ <{EX.a}> <http://www.w3.org/2000/01/rdf-schema#label> "A", '
                 '"Aardvark" }')
    present = URIRef("https://w3id.org/mosgraph/ontology#Present")
    labels = store.labels([EX.a, present, EX.nothing, URIRef("not an iri")])
    assert labels == {EX.a: "A", present: "present"}
    assert store.labels(EX[f"n{i}"] for i in range(450)) == {}  # batched, not one huge query


@pytest.mark.parametrize("term", [
    EX.a, BNode("b0"), Literal("plain"), Literal("Ann", lang="en-GB"), Literal(42),
    Literal("2021-01-29", datatype=XSD.date), Literal("x", datatype=EX.type),
])
def test_terms_convert_both_ways(term: Any) -> None:
    assert from_oxigraph(to_oxigraph(term)) == term
    assert from_oxigraph(None) is None


def test_an_explicit_xsd_string_becomes_a_plain_literal() -> None:
    typed = pyoxigraph.Literal("x", datatype=pyoxigraph.NamedNode(str(XSD.string)))
    assert from_oxigraph(typed) == Literal("x")


# --- a remote endpoint, played by a small local HTTP server ---------------------------------------


class _Endpoint(BaseHTTPRequestHandler):
    """Records each request and answers what the test asked for."""

    requests: ClassVar[list[dict[str, Any]]] = []
    answer: ClassVar[tuple[int, str, bytes]] = (200, "application/sparql-results+json", b"")
    delay: ClassVar[float] = 0.0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.requests.append({"path": self.path, "accept": self.headers["Accept"],
                              "type": self.headers["Content-Type"], "body": body})
        time.sleep(self.delay)
        status, media_type, data = self.answer
        try:
            self.send_response(status)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def endpoint() -> Iterator[tuple[str, type[_Endpoint]]]:
    handler = type("Handler", (_Endpoint,), {"requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


SELECT_JSON = json.dumps({"head": {"vars": ["s", "n"]}, "results": {"bindings": [
    {"s": {"type": "uri", "value": str(EX.a)},
     "n": {"type": "literal", "value": "2", "datatype": str(XSD.integer)}}]}}).encode()


def test_remote_select_sends_the_protocol_request(endpoint: tuple[str, Any]) -> None:
    url, handler = endpoint
    handler.answer = (200, "application/sparql-results+json; charset=utf-8", SELECT_JSON)
    store = RemoteStore(f"{url}/query")
    result = store.query("SELECT ?s ?n WHERE { ?s ?p ?n }", {"n": Literal(2)})
    assert result == SelectResult(("s", "n"), ((EX.a, Literal(2)),))
    (request,) = handler.requests
    assert request["path"] == "/query"
    assert request["accept"].startswith("application/sparql-results+json")
    assert request["type"] == "application/x-www-form-urlencoded"
    (sent,) = parse_qs(request["body"].decode())["query"]
    assert "VALUES (?n)" in sent


def test_remote_construct_asks_for_ntriples(endpoint: tuple[str, Any]) -> None:
    url, handler = endpoint
    handler.answer = (200, "application/n-triples", f"<{EX.a}> <{EX.p}> \"x\"@en .\n".encode())
    result = RemoteStore(url).query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert isinstance(result, GraphResult)
    assert set(result.graph) == {(EX.a, EX.p, Literal("x", lang="en"))}
    assert handler.requests[0]["accept"].startswith("application/n-triples")


def test_remote_ask_and_len(endpoint: tuple[str, Any]) -> None:
    url, handler = endpoint
    handler.answer = (200, "application/sparql-results+xml",
                      b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/'
                      b'sparql-results#"><head/><boolean>true</boolean></sparql>')
    assert RemoteStore(url).query("ASK {}") == AskResult(True)
    handler.answer = (200, "application/sparql-results+json", json.dumps(
        {"head": {"vars": ["n"]}, "results": {"bindings": [
            {"n": {"type": "literal", "value": "12", "datatype": str(XSD.integer)}}]}}).encode())
    assert len(RemoteStore(url)) == 12


def test_remote_load_and_update_go_to_the_update_endpoint(endpoint: tuple[str, Any],
                                                          small: Graph) -> None:
    url, handler = endpoint
    handler.answer = (204, "text/plain", b"")
    store = RemoteStore(f"{url}/query", f"{url}/update")
    store.load(small)
    store.update("CLEAR DEFAULT")
    load, clear = handler.requests
    assert load["path"] == "/update" and load["type"] == "application/sparql-update"
    assert load["body"].startswith(b"INSERT DATA {\n")
    assert f'<{EX.ann}> <{EX.name}> "Ann"@en .'.encode() in load["body"]
    assert clear["body"] == b"CLEAR DEFAULT"


def test_remote_errors_are_translated(endpoint: tuple[str, Any], closed_port: int) -> None:
    url, handler = endpoint
    handler.answer = (400, "text/plain", b"Parser error: nope\nmore")
    with pytest.raises(QueryError, match="rejected the query: Parser error: nope more"):
        RemoteStore(url).query("ASK {}")
    handler.answer = (500, "text/html", b"<html><body>Boom</body></html>")
    with pytest.raises(StoreError, match="answered 500 Internal Server Error: Boom"):
        RemoteStore(url).query("ASK {}")
    handler.answer = (200, "text/html", b"<html/>")
    with pytest.raises(StoreError, match="answered text/html, not SPARQL results"):
        RemoteStore(url).query("ASK {}")
    with pytest.raises(StoreError, match=f"cannot reach the SPARQL endpoint "
                                         f"http://127.0.0.1:{closed_port}/query: "):
        RemoteStore(f"http://127.0.0.1:{closed_port}/query").query("ASK {}")
    with pytest.raises(QueryError, match="line 1, column 4"):  # checked before it is sent
        RemoteStore(url).query("ASKK {}")


def test_remote_timeout(endpoint: tuple[str, Any]) -> None:
    url, handler = endpoint
    handler.delay = 6.0
    start = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"did not finish within 0\.3 s"):
        RemoteStore(url).query("ASK {}", timeout=0.3)
    assert time.monotonic() - start < 3  # before the answer: the limit cut it


# --- mosgraph load ------------------------------------------------------------------------------


def test_load_command_fills_an_on_disk_store(small: Graph, tmp_path: Path) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.nt"
    write_graph(small, first)
    other = Graph()
    other.add((EX.bob, EX.age, Literal(7)))
    write_graph(other, second)
    spec = f"oxigraph:{tmp_path / 'db'}"
    result = CliRunner().invoke(main, ["load", str(first), str(second), "--store", spec])
    assert result.exit_code == 0, result.output
    assert result.output == f"loaded 2 files into {spec}: it holds 4 triples\n"
    queried = CliRunner().invoke(main, ["query", "--store", spec, "-e",
                                        "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "--format", "csv"])
    assert queried.stdout_bytes == b"n\r\n4\r\n"


@pytest.mark.parametrize(("args", "message"), [
    (["{dir}/a.ttl"], "give the store to load into"),
    (["{dir}/a.ttl", "--store", "memory"], "give the store to load into"),
    (["{dir}/a.ttl", "{dir}/missing.ttl", "--store", "oxigraph:{dir}/db"],
     "missing.ttl: file not found"),
    (["{dir}/a.docx", "--store", "oxigraph:{dir}/db"], "unknown format for"),
    (["{dir}/a.ttl", "--endpoint", "http://127.0.0.1:{port}/query"], "cannot reach"),
])
def test_load_command_bad_input(small: Graph, tmp_path: Path, closed_port: int,
                                args: list[str], message: str) -> None:
    write_graph(small, tmp_path / "a.ttl")
    filled = [a.replace("{dir}", str(tmp_path)).replace("{port}", str(closed_port))
              for a in args]
    result = CliRunner().invoke(main, ["load", *filled])
    assert result.exit_code == 2
    assert result.stderr.startswith("mosgraph: error: ") and message in result.stderr
    assert not (tmp_path / "db").exists()  # nothing loaded when one file is bad


# --- large files: N-Triples and Turtle parsed by Oxigraph itself ----------------------------------


def test_a_triples_file_loads_the_same_through_oxigraph_s_own_parser(
        built_graph: Graph, tmp_path: Path) -> None:
    from mosgraph.rdfio import read

    expected = None
    for name in ("g.trig", "g.nt", "g.ttl"):  # TriG: read by the I/O layer
        path = tmp_path / name
        write_graph(built_graph, path)
        for spec in (None, f"oxigraph:{tmp_path / name}-db"):
            with open_store(spec) as store:
                store.load(path)
                result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
                assert isinstance(result, GraphResult)
                loaded = {str(pyoxigraph.Triple(*map(to_oxigraph, t))) for t in result.graph}
            expected = expected or {str(q.triple) for q in read(path).quads}
            assert loaded == expected, (name, spec)


def test_a_syntax_error_in_a_large_load_names_the_line_and_what_was_loaded(
        tmp_path: Path) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://x/a> <http://x/p> <http://x/b> .\n<http://x/a> <http://x/p> .\n")
    with open_store(None) as memory:
        with pytest.raises(RDFSyntaxError) as caught:
            memory.load(bad)
        assert (caught.value.file, caught.value.line) == (str(bad), 2)
        assert len(memory) == 0  # all or nothing in memory
    with open_store(f"oxigraph:{tmp_path / 'db'}") as disk, \
            pytest.raises(RDFSyntaxError, match="the triples before it may be in oxigraph:"):
        disk.load(bad)
