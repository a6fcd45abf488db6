"""Nothing leaves the machine unless a flag asks: every command, run on inputs that point at a
local server which logs every connection (remote JSON-LD contexts, external XML entities and
DTDs, xml:base, owl:imports, SERVICE in queries and in shapes, endpoints named as metadata),
makes no request; the flags that do ask (--allow-service, --endpoint) reach it, and within
their time limit when the server never answers."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mosgraph.cli import main

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "data" / "reports" / "hlg-mos-2021-01-29.txt"


class Logger:
    """A loopback TCP server that logs each connection and its first line. ``silent``: it
    accepts and never answers; otherwise it answers every request with an empty SPARQL
    result (or an empty JSON-LD context), as a real server would."""

    def __init__(self, *, silent: bool = False) -> None:
        self.hits: list[str] = []
        self.silent = silent
        self._stop = threading.Event()
        logger = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                logger.hits.append("connection")
                if logger.silent:
                    logger._stop.wait(60)
                    return
                line = self.rfile.readline(65536).decode("latin-1").strip()
                logger.hits[-1] = line or "connection"
                length = 0
                while True:
                    header = self.rfile.readline(65536)
                    if header in (b"\r\n", b"\n", b""):
                        break
                    if header.lower().startswith(b"content-length:"):
                        length = int(header.split(b":", 1)[1])
                self.rfile.read(length)
                body = (b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'
                        if "sparql" in line or "query" in line else b'{"@context": {}}')
                kind = (b"application/sparql-results+json" if b"head" in body
                        else b"application/ld+json")
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: " + kind +
                                 b"\r\nConnection: close\r\nContent-Length: " +
                                 str(len(body)).encode() + b"\r\n\r\n" + body)

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def logger() -> Iterator[Logger]:
    server = Logger()
    yield server
    server.close()


@pytest.fixture()
def silent() -> Iterator[Logger]:
    server = Logger(silent=True)
    yield server
    server.close()


@pytest.fixture()
def outbound(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every connection Python code of this process opens (in-process commands): a second
    net under the logging server, for hosts other than it."""
    opened: list[object] = []
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> None:
        opened.append(address)
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    return opened


def hostile_files(folder: Path, url: str) -> dict[str, Path]:
    """Inputs that name ``url`` every way a reader might be tempted to fetch it."""
    rdf = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://x.test/"'
    files = {
        "context.jsonld": f'{{"@context": "{url}/context.jsonld", "@id": "http://x.test/a", '
                          f'"name": "A"}}',
        "import.jsonld": f'{{"@context": {{"@import": "{url}/import.jsonld"}}, '
                         f'"@id": "http://x.test/a", "http://x.test/p": "v"}}',
        "nested.jsonld": f'{{"@id": "http://x.test/a", "http://x.test/p": {{"@context": '
                         f'"{url}/nested.jsonld", "@id": "http://x.test/b"}}}}',
        "entity.rdf": f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY e SYSTEM '
                      f'"{url}/entity">]>\n<rdf:RDF {rdf}><rdf:Description '
                      'rdf:about="http://x.test/a"><ex:p>&e;</ex:p></rdf:Description>'
                      '</rdf:RDF>\n',
        "dtd.rdf": f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "{url}/schema.dtd">\n'
                   f'<rdf:RDF {rdf}><rdf:Description rdf:about="http://x.test/a"><ex:p>v'
                   '</ex:p></rdf:Description></rdf:RDF>\n',
        "parameter.rdf": f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM '
                         f'"{url}/p.dtd"> %p;]>\n<rdf:RDF {rdf}/>\n',
        "base.rdf": f'<?xml version="1.0"?>\n<rdf:RDF {rdf} xml:base="{url}/"><rdf:Description '
                    'rdf:about="a"><ex:p rdf:resource="b"/><rdfs:seeAlso xmlns:rdfs='
                    '"http://www.w3.org/2000/01/rdf-schema#" rdf:resource="c"/>'
                    '</rdf:Description></rdf:RDF>\n',
        "imports.ttl": f"@base <{url}/> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                       "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                       "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
                       f"<onto> a owl:Ontology ; owl:imports <{url}/imported.ttl> ;\n"
                       f"  rdfs:seeAlso <see> .\n<ann> a foaf:Person ; foaf:name \"Ann\" ;\n"
                       f"  foaf:homepage <{url}/home> ; rdfs:label \"Ann\" .\n",
        "shapes.ttl": "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                      "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                      f"<{url}/shapes> owl:imports <{url}/more-shapes.ttl> .\n"
                      "<http://x.test/S> a sh:NodeShape ; sh:targetNode <http://x.test/a> ;\n"
                      "  sh:sparql [ a sh:SPARQLConstraint ; sh:message \"m\" ; sh:select\n"
                      f"  \"SELECT $this WHERE {{ SERVICE <{url}/sparql> "
                      "{ $this ?p ?o } }\" ] .\n",
        "import-shapes.ttl": "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                             "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
                             f"<{url}/shapes> a owl:Ontology ; owl:imports <{url}/more.ttl> .\n"
                             "<http://x.test/S> a sh:NodeShape ; sh:targetNode "
                             "<http://x.test/a> ; sh:property [ sh:path <http://x.test/p> ; "
                             "sh:minCount 1 ] .\n",
    }
    paths = {}
    for name, text in files.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


def service_query(url: str) -> str:
    return f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"


def commands(files: dict[str, Path], url: str, out: Path) -> list[list[str]]:
    """Every command, on every hostile input it reads, with no flag asking for the network."""
    runs: list[list[str]] = [["read", str(REPORT)],
                             ["build", str(REPORT), "-o", str(out / "b.ttl"), "--base",
                              f"{url}/"],
                             ["build", str(REPORT), "-o", str(out / "c.ttl"), "--shapes",
                              str(files["shapes.ttl"])],
                             ["synth", "--meetings", "2", "-o", str(out / "s.nt")],
                             ["curate", str(REPORT), "-o", str(out / "c.yaml"), "--force"]]
    for name, path in files.items():
        if name.endswith("shapes.ttl"):
            runs.append(["validate", str(files["imports.ttl"]), "--shapes", str(path)])
            continue
        runs += [
            ["validate", str(path)],
            ["query", str(path), "-e", "SELECT * WHERE { ?s ?p ?o }"],
            ["query", str(path), "chair"],
            ["export", str(path), "-o", str(out / "e.nt")],
            ["export", str(path), "-o", str(out / "e.jsonld")],
            ["load", str(path), "--store", f"oxigraph:{out / 'db'}"],
            ["network", str(path), "--top", "3"],
            ["plot", str(path), "-o", str(out / "p.html")],
            ["catalog", str(path), "-o", str(out / "cat.ttl"), "--base-url", f"{url}/data/",
             "--endpoint", f"{url}/sparql", "--force"],
            ["publish", str(path), "-o", str(out / "site"), "--base-url", f"{url}/site/",
             "--sparql", f"{url}/sparql"],
        ]
    good = str(files["imports.ttl"])
    for store in ([], ["--store", "rdflib"], ["--store", f"oxigraph:{out / 'db'}"]):
        graph = [good] if not store or store[1] == "rdflib" else []
        runs.append(["query", *graph, *store, "-e", service_query(url)])
    runs.append(["query", "--endpoint", f"{url}/sparql", "-e", service_query(url)])
    runs.append(["query", good, "-e", service_query(url), "--format", "nosuchformat"])
    runs.append(["query", good, "-e", service_query(url), "--bind", "x"])
    runs.append(["query", good, "-e", "SELECT * WHERE { SERVICE ?where { ?s ?p ?o } }"])
    return runs


def test_no_command_sends_anything_unless_asked(tmp_path: Path, logger: Logger,
                                                outbound: list[object]) -> None:
    files = hostile_files(tmp_path, logger.url)
    out = tmp_path / "out"
    out.mkdir()
    runner = CliRunner()
    seen: list[tuple[list[str], int, str]] = []
    for arguments in commands(files, logger.url, out):
        result = runner.invoke(main, arguments)
        seen.append((arguments, result.exit_code, result.output))
        assert "Traceback" not in result.output and "internal error" not in result.output, \
            (arguments, result.output)
        assert logger.hits == [], (arguments, logger.hits)
    time.sleep(0.2)  # a request sent in the background would have arrived by now
    assert logger.hits == []
    assert outbound == []
    # the hostile inputs were really read (not refused for a trivial reason) where valid
    by_command = {tuple(a[:2]): (code, text) for a, code, text in seen}
    assert by_command[("network", str(files["imports.ttl"]))][0] == 0
    assert "SERVICE" in by_command[("query", "--endpoint")][1]


def test_a_flag_that_asks_reaches_the_server(tmp_path: Path, logger: Logger) -> None:
    """The positive control: the same server, asked for, is reached."""
    files = hostile_files(tmp_path, logger.url)
    good = str(files["imports.ttl"])
    result = CliRunner().invoke(main, ["query", good, "-e", service_query(logger.url),
                                       "--allow-service", "127.0.0.1", "--timeout", "20"])
    assert result.exit_code == 0, result.output
    assert any("/sparql" in hit for hit in logger.hits), logger.hits
    logger.hits.clear()
    result = CliRunner().invoke(main, ["load", good, "--endpoint", f"{logger.url}/sparql"])
    assert any(hit.startswith("POST /sparql") for hit in logger.hits), (result.output,
                                                                       logger.hits)


def test_an_allow_list_names_hosts_exactly(tmp_path: Path, logger: Logger) -> None:
    files = hostile_files(tmp_path, logger.url)
    port = logger.url.rsplit(":", 1)[1]
    for allowed in ("127.0.0.2", "http://127.0.0", f"https://127.0.0.1:{port}/",
                    f"http://127.0.0.1:{port}/other"):
        result = CliRunner().invoke(main, ["query", str(files["imports.ttl"]), "-e",
                                           service_query(logger.url), "--allow-service",
                                           allowed])
        assert result.exit_code == 2 and "not allowed" in result.output, (allowed, result.output)
    assert logger.hits == []


def test_a_server_that_never_answers_costs_the_time_limit(tmp_path: Path, silent: Logger
                                                          ) -> None:
    good = hostile_files(tmp_path, silent.url)["imports.ttl"]
    cases = [
        (["query", str(good), "-e", service_query(silent.url), "--allow-service", "127.0.0.1",
          "--timeout", "2"], "2 s"),
        (["query", "--endpoint", f"{silent.url}/query", "chair", "--timeout", "2"], "2 s"),
        (["load", str(good), "--endpoint", f"{silent.url}/update", "--timeout", "2"], "2 s"),
    ]
    for arguments, said in cases:
        start = time.monotonic()
        result = CliRunner().invoke(main, arguments)
        took = time.monotonic() - start
        assert result.exit_code == 2, (arguments, result.output)
        assert said in result.output and len(result.output.strip().splitlines()) == 1, \
            result.output
        assert took < 10, (arguments, took)
    assert silent.hits  # they did try: that is what the flags asked for


def test_prepare_and_the_syntax_check_send_nothing(logger: Logger) -> None:
    from mosgraph.errors import QueryError
    from mosgraph.query import prepare

    prepare(service_query(logger.url))
    prepare("PREFIX s: <" + logger.url + "/> SELECT * { SERVICE SILENT s:sparql { ?a ?b ?c } }")
    with pytest.raises(QueryError) as error:
        prepare(service_query(logger.url).replace("?o }", "?o "))
    assert error.value.line == 1
    time.sleep(0.2)
    assert logger.hits == []


def test_serve_fetches_nothing_for_its_pages_or_a_refused_service(tmp_path: Path,
                                                                  logger: Logger) -> None:
    from servers import MosgraphServer

    good = hostile_files(tmp_path, logger.url)["imports.ttl"]
    server = MosgraphServer(str(good), "--workers", "1")
    try:
        for path in ("", "sparql?query=" + urllib.request.quote(service_query(logger.url))):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(server.url + path, timeout=30).read()
    finally:
        server.stop()
    assert logger.hits == []


@pytest.mark.parametrize("keyword", ["SERVICE", "service", "SeRvIcE", "sERVICe"])
def test_a_service_in_any_case_is_refused_before_anything_is_sent(logger: Logger,
                                                                   keyword: str) -> None:
    from mosgraph.errors import QueryError
    from mosgraph.query import service_calls
    from mosgraph.store import OxigraphStore

    query = service_query(logger.url).replace("SERVICE", keyword)
    assert [call.iri for call in service_calls(query)] == [f"{logger.url}/sparql"]
    with pytest.raises(QueryError, match="is not allowed"):
        OxigraphStore().query(query)
    # the same word in a comment, a string or an IRI is no call
    assert service_calls(f'SELECT * {{ ?s ?p "{keyword}" }} # {keyword} <x>') == []
    time.sleep(0.2)
    assert logger.hits == []
