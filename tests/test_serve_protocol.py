"""The SPARQL endpoint of ``mosgraph serve``: a real server process, real clients.

The W3C SPARQL 1.1 Protocol tests (read from ../shared, skipped where it is absent), the
clients people use (SPARQLWrapper, rdflib's SPARQLStore, httpx with every ``Accept``), the
read-only refusal, limits that really stop a query, SERVICE off, CORS, and the command's
errors.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import httpx
import psutil
import pyoxigraph
import pytest
from conftest import SHARED
from rdflib import Graph, Literal, URIRef
from servers import MosgraphServer, start_oxigraph, stop

from mosgraph.resources import named_queries

PROTOCOL = SHARED / "conformance" / "w3c-rdf-tests" / "sparql" / "sparql11" / "protocol"
NAMES = "SELECT ?name WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> ; " \
    "<http://xmlns.com/foaf/0.1/name> ?name } ORDER BY ?name"


@pytest.fixture(scope="session")
def server(report_server: MosgraphServer) -> MosgraphServer:
    return report_server


@pytest.fixture(scope="session")
def names(built_graph: Graph) -> list[str]:
    return [str(row[0]) for row in built_graph.query(NAMES)]  # type: ignore[index]


# --- the W3C protocol tests --------------------------------------------------------------------

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
HT = "http://www.w3.org/2011/http#"
CNT = "http://www.w3.org/2011/content#"
UT = "http://www.w3.org/2009/sparql/tests/test-update#"
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


def _manifest() -> tuple[Graph, list[URIRef]]:
    if not PROTOCOL.is_dir():
        pytest.skip("../shared/conformance (the W3C SPARQL protocol tests) is not beside "
                    "this checkout")
    graph = Graph().parse(PROTOCOL / "manifest.ttl", format="turtle",
                          publicID="http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"
                          "protocol/manifest.ttl")
    from rdflib.collection import Collection

    manifest = next(graph.subjects(URIRef(MF + "entries"), None))
    entries = Collection(graph, graph.value(manifest, URIRef(MF + "entries")))
    return graph, [URIRef(e) for e in entries]


def _requests(graph: Graph, test: URIRef) -> list[dict[str, Any]]:
    from rdflib.collection import Collection

    action = graph.value(test, URIRef(MF + "action"))
    found = []
    for request in Collection(graph, graph.value(action, URIRef(HT + "requests"))):
        headers = {}
        header_list = graph.value(request, URIRef(HT + "headers"))
        if header_list is not None:
            for header in Collection(graph, header_list):
                headers[str(graph.value(header, URIRef(HT + "fieldName")))] = \
                    str(graph.value(header, URIRef(HT + "fieldValue")))
        body = graph.value(request, URIRef(HT + "body"))
        data = None
        if body is not None:
            encoding = str(graph.value(body, URIRef(CNT + "characterEncoding")) or "UTF-8")
            data = str(graph.value(body, URIRef(CNT + "chars"))).encode(encoding.lower())
        response = graph.value(request, URIRef(HT + "resp"))
        found.append({
            "method": str(graph.value(request, URIRef(HT + "methodName"))),
            "path": str(graph.value(request, URIRef(HT + "absolutePath"))),
            "headers": headers, "body": data,
            "status": {str(s).rsplit("#", 1)[-1] for s in
                       graph.objects(response, URIRef(MF + "expectedStatus"))},
            "format": graph.value(response, URIRef(MF + "expectedFormat")),
            "boolean": graph.value(response, URIRef(MF + "expectedBoolean")),
        })
    return found


@pytest.fixture(scope="session")
def protocol_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MosgraphServer]:
    """A server on a store holding the suite's data, each file in the graph it names."""
    graph, tests = _manifest()
    folder = tmp_path_factory.mktemp("protocol-store")
    store = pyoxigraph.Store(str(folder))
    for test in tests:
        for data in graph.objects(test, URIRef(UT + "graphData")):
            name = str(graph.value(data, RDFS_LABEL))
            path = PROTOCOL / str(graph.value(data, URIRef(UT + "graph"))).rsplit("/", 1)[-1]
            store.load(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES,
                       to_graph=pyoxigraph.NamedNode(name))
    store.flush()
    del store
    running = MosgraphServer("--store", f"oxigraph:{folder}", "--workers", "1")
    yield running
    running.stop()


def _status_class(status: int) -> str:
    return f"StatusCode{status // 100}xx"


def test_the_w3c_protocol_tests(protocol_server: MosgraphServer) -> None:
    graph, tests = _manifest()
    checked = {"query": 0, "update": 0, "bad": 0}
    with httpx.Client(base_url=protocol_server.url.rstrip("/"), timeout=30) as client:
        for test in tests:
            name = str(test).rsplit("#", 1)[-1]
            requests = _requests(graph, test)
            for request in requests:
                response = client.request(request["method"], request["path"],
                                          headers=request["headers"], content=request["body"])
                if name.startswith("update_") or ("update" in name and name.startswith("bad_")):
                    # read-only: every update gets the refusal, whatever its form
                    assert 400 <= response.status_code < 500, (name, response.text)
                    if name.startswith("update_"):
                        assert response.status_code == 403, name
                        assert "read-only" in response.text, name
                        checked["update"] += 1
                    else:
                        checked["bad"] += 1
                    break  # the requests after an update check its effect
                assert _status_class(response.status_code) in request["status"], \
                    (name, response.status_code, response.text)
                if name.startswith("bad_"):
                    assert response.text.strip() and "\n" not in response.text.strip(), name
                    checked["bad"] += 1
                    continue
                media_type = response.headers["content-type"].split(";")[0]
                kind = str(request["format"]) if request["format"] is not None else None
                if kind in ("boolean", "tabular"):
                    assert media_type in ("application/sparql-results+json",
                                          "application/sparql-results+xml", "text/csv",
                                          "text/tab-separated-values"), (name, media_type)
                elif kind == "RDF":
                    assert media_type in ("text/turtle", "application/rdf+xml",
                                          "application/n-triples"), (name, media_type)
                    Graph().parse(data=response.text, format=media_type)
                if request["boolean"] is not None:
                    assert json.loads(response.text)["boolean"] == \
                        request["boolean"].toPython(), name
                checked["query"] += 1
    assert checked == {"query": 13, "update": 7, "bad": 14}


# --- real clients ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "xml", "csv"])
def test_sparqlwrapper(server: MosgraphServer, names: list[str], fmt: str) -> None:
    from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper

    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(NAMES)
    client.setReturnFormat({"json": JSON, "xml": XML, "csv": CSV}[fmt])
    answer = client.query().convert()
    if fmt == "json":
        found = [b["name"]["value"] for b in answer["results"]["bindings"]]  # type: ignore[index]
    elif fmt == "xml":
        found = [e.firstChild.data  # type: ignore[union-attr]
                 for e in answer.getElementsByTagName("literal")]  # type: ignore[union-attr]
    else:
        found = answer.decode("utf-8").splitlines()[1:]  # type: ignore[union-attr]
    assert found == names and len(names) == 31


def test_rdflib_sparql_store(server: MosgraphServer, names: list[str]) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(server.url + "sparql")
    graph = Graph(store=store)
    assert [str(row[0]) for row in graph.query(NAMES)] == names  # type: ignore[index]
    constructed = graph.query("CONSTRUCT { ?p ?q ?o } WHERE { ?p ?q ?o . "
                              "FILTER(?p = <https://w3id.org/mosgraph/id/person/anil-arora>) }")
    assert (URIRef("https://w3id.org/mosgraph/id/person/anil-arora"),
            URIRef("http://xmlns.com/foaf/0.1/name"), Literal("Anil Arora")) in constructed.graph  # type: ignore[union-attr, operator]


@pytest.mark.parametrize("accept", ["application/sparql-results+json",
                                    "application/sparql-results+xml", "text/csv",
                                    "text/tab-separated-values", "application/json",
                                    "*/*", None])
def test_every_results_format(server: MosgraphServer, names: list[str],
                              accept: str | None) -> None:
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(server.url + "sparql", params={"query": NAMES}, headers=headers)
    assert response.status_code == 200
    media_type = response.headers["content-type"].split(";")[0]
    expected = {"application/json": "application/sparql-results+json", "*/*":
                "application/sparql-results+json", None: "application/sparql-results+json"}
    assert media_type == expected.get(accept, accept)
    if media_type == "text/csv":  # lossy: plain values
        assert response.text.split("\r\n")[1:-1] == names
        return
    fmt = pyoxigraph.QueryResultsFormat.from_media_type(media_type)
    rows = pyoxigraph.parse_query_results(response.content, format=fmt)
    assert [r["name"].value for r in rows] == names  # type: ignore[index]


@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples",
                                    "application/ld+json", "application/rdf+xml"])
def test_every_graph_format(server: MosgraphServer, built_graph: Graph, accept: str) -> None:
    query = "CONSTRUCT WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> ; " \
        "<http://xmlns.com/foaf/0.1/name> ?n }"
    response = httpx.post(server.url + "sparql", data={"query": query},
                          headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == accept
    answer = Graph().parse(data=response.content, format=accept)
    assert len(answer) == 62
    assert set(answer) <= set(built_graph)


def test_direct_post_and_dataset_parameters(server: MosgraphServer) -> None:
    response = httpx.post(server.url + "sparql", content="ASK { ?s ?p ?o }",
                          headers={"Content-Type": "application/sparql-query"})
    assert response.json()["boolean"] is True
    # a default graph named by the request: the report's triples are not in it
    response = httpx.get(server.url + "sparql", params={
        "query": "ASK { ?s ?p ?o }", "default-graph-uri": "http://example.org/none"})
    assert response.json()["boolean"] is False


def test_service_description(server: MosgraphServer) -> None:
    response = httpx.get(server.url + "sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    sd = Graph().parse(data=response.text, format="turtle")
    endpoint = URIRef(server.url + "sparql")
    SD = "http://www.w3.org/ns/sparql-service-description#"
    assert (endpoint, URIRef(SD + "endpoint"), endpoint) in sd
    assert (endpoint, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")) in sd
    browser = httpx.get(server.url + "sparql", headers={"Accept": "text/html"})
    assert browser.status_code == 303 and browser.headers["location"] == server.url + "query/"


def test_updates_are_refused_in_every_form(server: MosgraphServer) -> None:
    update = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    answers = [
        httpx.post(server.url + "sparql", data={"update": update}),
        httpx.post(server.url + "sparql", content=update,
                   headers={"Content-Type": "application/sparql-update"}),
        httpx.get(server.url + "sparql", params={"update": update}),
        httpx.get(server.url + "sparql", params={"query": update}),
    ]
    for answer in answers:
        assert answer.status_code == 403
        assert answer.text.startswith("this SPARQL endpoint is read-only")
    count = httpx.get(server.url + "sparql", params={"query": "ASK { <http://x/a> ?p ?o }"})
    assert count.json()["boolean"] is False


def test_bad_requests_get_one_plain_line(server: MosgraphServer) -> None:
    cases = [
        (httpx.get(server.url + "sparql", params={"query": "SELECT ?x WHERE { ?x ?y"}), 400,
         "line 1"),
        (httpx.get(server.url + "sparql", params={"query": NAMES},
                   headers={"Accept": "image/png"}), 406, "ask for one of"),
        (httpx.put(server.url + "sparql", content=b"ASK {}"), 405, "GET and POST"),
        (httpx.post(server.url + "sparql", content=b"ASK {}",
                    headers={"Content-Type": "text/plain"}), 415, "application/sparql-query"),
        (httpx.post(server.url + "sparql", content=b"query=" + b"x" * 1_100_000,
                    headers={"Content-Type": "application/x-www-form-urlencoded"}), 413,
         "larger"),
    ]
    for response, status, words in cases:
        assert response.status_code == status, response.text
        assert words in response.text
        assert len(response.text.strip().splitlines()) == 1


def test_service_is_off_unless_allowed(server: MosgraphServer, tmp_path: Path) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = httpx.get(server.url + "sparql", params={"query": query})
    assert response.status_code == 403 and "--allow-service" in response.text
    hidden = "PREFIX x: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE SILENT x:q { ?s ?p ?o } }"
    assert httpx.get(server.url + "sparql", params={"query": hidden}).status_code == 403
    variable = "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:9/> } SERVICE ?e { ?s ?p ?o } }"
    assert httpx.get(server.url + "sparql", params={"query": variable}).status_code == 403
    # "service" inside a string or an IRI is no SERVICE call
    harmless = 'SELECT * WHERE { ?s ?p "SERVICE <http://x/>" } LIMIT 1'
    assert httpx.get(server.url + "sparql", params={"query": harmless}).status_code == 200


def test_federation_with_an_allowed_host(report_ttl: Path, tmp_path: Path) -> None:
    """SERVICE to an allowed host runs: here a real oxigraph server on loopback."""
    store = pyoxigraph.Store(str(tmp_path / "remote"))
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://example.org/anil"),
                              pyoxigraph.NamedNode("http://example.org/nickname"),
                              pyoxigraph.Literal("the chair"), pyoxigraph.DefaultGraph()))
    store.flush()
    del store
    remote, url = start_oxigraph(tmp_path / "remote")
    local = MosgraphServer(str(report_ttl), "--workers", "1", "--allow-service", "127.0.0.1")
    try:
        query = (f"SELECT ?n WHERE {{ SERVICE <{url}/query> "
                 "{ ?x <http://example.org/nickname> ?n } }")
        response = httpx.get(local.url + "sparql", params={"query": query}, timeout=30)
        assert response.status_code == 200, response.text
        assert [b["n"]["value"] for b in response.json()["results"]["bindings"]] == ["the chair"]
    finally:
        local.stop()
        stop(remote)


def test_cors(server: MosgraphServer) -> None:
    simple = httpx.get(server.url + "sparql", params={"query": "ASK {}"},
                       headers={"Origin": "https://elsewhere.example"})
    assert simple.headers["access-control-allow-origin"] == "*"
    preflight = httpx.options(server.url + "sparql", headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.status_code == 204
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert preflight.headers["access-control-allow-origin"] == "*"


# --- limits ------------------------------------------------------------------------------------


def _cpu_seconds(process: psutil.Process) -> float:
    total = 0.0
    for member in [process, *process.children(recursive=True)]:
        try:
            times = member.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


@pytest.fixture(scope="module")
def limited(report_ttl: Path) -> Iterator[MosgraphServer]:
    """A server with tight limits, one worker, under a path prefix."""
    running = MosgraphServer(str(report_ttl), "--workers", "1", "--timeout", "1",
                             "--max-result-mb", "0.05",
                             "--base-url", "http://127.0.0.1:{port}/mosgraph/")
    yield running
    running.stop()


def test_a_query_past_its_time_limit_really_stops(limited: MosgraphServer) -> None:
    endpoint = limited.url + "mosgraph/sparql"
    server = psutil.Process(limited.process.pid)

    def workers() -> set[int]:
        """The live worker processes (one killed a moment ago may be a zombie: it is gone)."""
        found = set()
        for child in server.children(recursive=True):
            try:
                if child.status() != psutil.STATUS_ZOMBIE and \
                        "resource_tracker" not in " ".join(child.cmdline()):
                    found.add(child.pid)
            except psutil.Error:  # ended, or a zombie, between the listing and the look
                continue
        return found

    before = workers()
    assert len(before) == 1
    # 3,000 triples to the third power: a count no machine finishes
    endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    response = httpx.get(endpoint, params={"query": endless}, timeout=30)
    assert response.status_code == 503
    assert "did not finish within 1 s" in response.text
    assert time.monotonic() - started < 10  # the limit, not the count; loose under load
    # the worker that ran it is gone, and the processes are idle again
    deadline = time.monotonic() + 10
    while workers() & before:
        assert time.monotonic() < deadline, "the worker was not stopped"
        time.sleep(0.1)
    # a new worker takes its place (it loads the data), then all is quiet
    deadline = time.monotonic() + 60
    while httpx.get(endpoint, params={"query": "ASK {}"}, timeout=30).status_code != 200:
        assert time.monotonic() < deadline
    first = _cpu_seconds(server)
    time.sleep(2)
    assert _cpu_seconds(server) - first < 0.3  # idle: not one core busy (2 s)
    assert httpx.get(endpoint, params={"query": NAMES}).status_code == 200


def test_result_size_cap(limited: MosgraphServer) -> None:
    endpoint = limited.url + "mosgraph/sparql"
    big = httpx.get(endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert big.status_code == 422
    assert "0.05 MB" in big.text and "LIMIT" in big.text
    assert httpx.get(endpoint, params={"query": NAMES}).status_code == 200


def test_pages_work_under_a_path_prefix(limited: MosgraphServer) -> None:
    root = limited.url + "mosgraph/"
    moved = httpx.get(root + "id/person/anil-arora")
    assert moved.headers["location"] == root + "doc/id/person/anil-arora/"
    page = httpx.get(moved.headers["location"]).text
    assert 'href="/mosgraph/doc/id/org/statistics-canada/"' in page
    assert 'href="/mosgraph/query/"' in page
    assert httpx.get(limited.url + "doc/id/person/anil-arora/").status_code == 404


# --- the command -------------------------------------------------------------------------------


def _serve(*args: str, prelude: str = "") -> subprocess.CompletedProcess[str]:
    code = (f"import sys\n{prelude}\nfrom mosgraph.cli import main\n"
            f"main({['serve', *args]!r})")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)


def test_serve_without_the_extra_says_which_extra(tmp_path: Path) -> None:
    result = _serve("x.ttl", prelude="sys.modules['uvicorn'] = None")
    assert result.returncode == 2
    assert result.stderr.strip() == ("mosgraph: error: mosgraph serve needs the serve "
                                     "extra: pip install 'mosgraph[serve]' (uvicorn is "
                                     "missing)")


def test_serve_input_errors(tmp_path: Path, report_ttl: Path, closed_port: int) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    result = _serve(str(bad), "--port", str(closed_port))
    assert result.returncode == 2
    assert result.stderr.startswith(f"mosgraph: error: {bad}:2")
    assert len(result.stderr.strip().splitlines()) == 1
    missing = _serve("--store", f"oxigraph:{tmp_path / 'none'}", "--port", str(closed_port))
    assert missing.returncode == 2 and "no Oxigraph store" in missing.stderr
    both = _serve(str(report_ttl), "--endpoint", "http://127.0.0.1:9/q")
    assert both.returncode == 2 and "not more than one" in both.stderr


def test_named_queries_answer_the_same_through_the_endpoint(server: MosgraphServer,
                                                            built_graph: Graph) -> None:
    from mosgraph.store import OxigraphStore

    local = OxigraphStore()
    local.load(built_graph)
    for query in named_queries().values():
        response = httpx.post(server.url + "sparql", data={"query": query.text},
                              headers={"Accept": "application/sparql-results+xml"})
        assert response.status_code == 200, (query.name, response.text)
        root = ElementTree.fromstring(response.content)
        ns = "{http://www.w3.org/2005/sparql-results#}"
        remote_rows = len(root.findall(f"{ns}results/{ns}result"))
        assert remote_rows == len(local.query(query.text)), query.name  # type: ignore[arg-type]
