"""Every IRI dereferences: ``mosgraph serve`` pages and data, asked by real clients.

A real server process holds the report's graph; httpx asks with each ``Accept``; the RDF
answers are parsed by rdflib, pyoxigraph and PyLD; the catalogue is checked against the
official DCAT-AP 3 shapes; a real headless Chromium browses the pages and runs a named query
with no request leaving the server; ``--endpoint`` puts the same pages in front of a real
``oxigraph serve``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pyoxigraph
import pytest
from browser import DevTools, browser  # noqa: F401 - the fixture
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import FOAF
from servers import MosgraphServer, start_oxigraph, stop

from mosgraph.export import jsonld_context
from mosgraph.rdfio import serialize
from mosgraph.resources import named_queries, ontology_path, shapes_path

ANIL = "https://w3id.org/mosgraph/id/person/anil-arora"
DECISION = ("https://w3id.org/mosgraph/id/meeting/hlg-mos-2021-01-29/decision/"
            "machine-learning-continuation")
OA = "http://www.w3.org/ns/oa#"
RDF_TYPES = ["text/turtle", "application/ld+json", "application/n-triples",
             "application/rdf+xml"]
FILES = {"text/html": "index.html", "text/turtle": "index.ttl",
         "application/ld+json": "index.jsonld", "application/n-triples": "index.nt",
         "application/rdf+xml": "index.rdf"}


@pytest.fixture(scope="session")
def server(report_server: MosgraphServer) -> MosgraphServer:
    return report_server


def local(server: MosgraphServer, iri: str) -> str:
    return server.url + iri.removeprefix("https://w3id.org/mosgraph/")


def parse(response: httpx.Response) -> Graph:
    media_type = response.headers["content-type"].split(";")[0]
    return Graph().parse(data=response.content, format=media_type)


# --- dereferencing ------------------------------------------------------------------------------


@pytest.mark.parametrize("accept", ["text/html", *RDF_TYPES, None])
def test_an_iri_answers_303_to_its_document(server: MosgraphServer, accept: str | None,
                                            built_graph: Graph) -> None:
    headers = {"Accept": accept} if accept else {}
    first = httpx.get(local(server, ANIL), headers=headers)
    assert first.status_code == 303
    assert "Accept" in first.headers["vary"]
    expected = f"{server.url}doc/id/person/anil-arora/" + (
        "" if accept in ("text/html", None) else FILES[accept])
    assert first.headers["location"] == expected
    document = httpx.get(first.headers["location"], headers=headers)
    assert document.status_code == 200
    assert document.headers["content-type"].split(";")[0] == (accept or "text/html")
    assert f'<{ANIL}>; rel="http://xmlns.com/foaf/0.1/primaryTopic"' in document.headers["link"]
    if accept in RDF_TYPES:
        graph = parse(document)
        person = URIRef(ANIL)
        assert set(graph.triples((person, None, None))) == \
            set(built_graph.triples((person, None, None)))
        assert set(graph.triples((None, None, person))) == \
            set(built_graph.triples((None, None, person)))


def test_the_document_negotiates_and_says_where_each_format_is(server: MosgraphServer) -> None:
    folder = f"{server.url}doc/id/person/anil-arora/"
    for media_type, file in FILES.items():
        answer = httpx.get(folder, headers={"Accept": media_type})
        assert answer.status_code == 200
        assert answer.headers["vary"].startswith("Accept")
        assert answer.headers["content-location"] == folder + file
        direct = httpx.get(folder + file)
        assert direct.content == answer.content
        assert direct.headers["content-type"] == answer.headers["content-type"]
        target = folder if file == "index.html" else folder + file
        assert f'<{target}>; rel="alternate"; type="{media_type}"' in answer.headers["link"]
    # a browser's Accept header gets the page; one nobody can serve gets 406
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert httpx.get(folder, headers={"Accept": browser_accept}).headers[
        "content-type"].startswith("text/html")
    assert httpx.get(folder, headers={"Accept": "image/png"}).status_code == 406
    # without the final slash, the folder
    moved = httpx.get(folder.rstrip("/"))
    assert moved.status_code == 301 and moved.headers["location"] == folder


def test_json_ld_loads_without_fetching_anything(server: MosgraphServer) -> None:
    from pyld import jsonld

    body = httpx.get(f"{server.url}doc/id/person/anil-arora/index.jsonld").content

    def no_fetching(url: str, options: object = None) -> None:
        raise AssertionError(f"PyLD tried to fetch {url}")

    jsonld.set_document_loader(no_fetching)
    expanded = jsonld.expand(json.loads(body))
    names = [n for node in expanded if node.get("@id") == ANIL
             for n in node.get("http://xmlns.com/foaf/0.1/name", [])]
    assert names == [{"@value": "Anil Arora"}]
    quads = list(pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.JSON_LD))
    assert pyoxigraph.Triple(pyoxigraph.NamedNode(ANIL),
                             pyoxigraph.NamedNode(str(FOAF.name)),
                             pyoxigraph.Literal("Anil Arora")) in {q.triple for q in quads}


def test_the_context_is_served_and_an_export_that_refers_to_it_loads(
        server: MosgraphServer, built_graph: Graph) -> None:
    from pyld import jsonld

    answer = httpx.get(server.url + "context.jsonld")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/ld+json"
    assert answer.headers["access-control-allow-origin"] == "*"  # browsers may load it
    assert json.loads(answer.content) == jsonld_context()
    # an export that refers to the context by its published IRI: PyLD fetches it from here
    person = Graph()
    for triple in built_graph.triples((URIRef(ANIL), None, None)):
        person.add(triple)
    document = json.loads(serialize(person, "jsonld",
                                    context_iri=server.url + "context.jsonld"))
    fetched: list[str] = []

    def from_this_server(url: str, options: object = None) -> dict[str, object]:
        assert url.startswith(server.url), url
        fetched.append(url)
        body = httpx.get(url).json()
        return {"contextUrl": None, "documentUrl": url, "document": body}

    jsonld.set_document_loader(from_this_server)
    expanded = jsonld.expand(document)
    assert fetched == [server.url + "context.jsonld"]
    assert any(node.get("@id") == ANIL for node in expanded)


def test_an_unknown_iri_gets_a_helpful_404(server: MosgraphServer) -> None:
    answer = httpx.get(local(server, "https://w3id.org/mosgraph/id/person/anil-arrora"),
                       follow_redirects=True)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert "anil-arrora" in answer.text and "Near it" in answer.text
    assert "/doc/id/person/anil-arora/" in answer.text  # what is near it, linked
    hostile = httpx.get(server.url + "doc/id/%2e%2e/%2e%2e/etc/passwd/")
    assert hostile.status_code == 404


# --- the page -----------------------------------------------------------------------------------


def test_the_page_shows_label_types_properties_and_incoming_links(
        server: MosgraphServer, built_graph: Graph) -> None:
    page = httpx.get(f"{server.url}doc/id/person/anil-arora/").text
    assert "<h1>Anil Arora</h1>" in page
    assert "foaf:Person" in page
    for predicate, obj in built_graph.predicate_objects(URIRef(ANIL)):
        if predicate == RDF.type:
            continue
        if isinstance(obj, URIRef):  # linked to its page, with its label
            label = str(built_graph.value(obj, RDFS.label))
            path = urlsplit(local(server, str(obj))).path.replace("/id/", "/doc/id/", 1)
            assert f'<a href="{path}/">{label}</a>' in page.replace("&#x27;", "'"), obj
        else:
            assert str(obj) in page
    for subject in built_graph.subjects(None, URIRef(ANIL)):  # referred to by
        assert str(built_graph.value(subject, RDFS.label)) in page.replace("&#x27;", "'")
    # the embedded JSON-LD is the document's data
    block = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', page, re.S)
    assert block is not None
    embedded = Graph().parse(data=block.group(1).replace("<\\/", "</"), format="json-ld")
    data = parse(httpx.get(f"{server.url}doc/id/person/anil-arora/index.ttl"))
    assert set(embedded) == set(data)


def test_a_decision_shows_the_sentence_it_comes_from_in_its_paragraph(
        server: MosgraphServer, built_graph: Graph, report_path: Path) -> None:
    page = httpx.get(local(server, DECISION), follow_redirects=True).text
    quotes = [str(built_graph.value(selector, URIRef(OA + "exact")))
              for span in built_graph.objects(URIRef(DECISION), None)
              for selector in built_graph.objects(span, URIRef(OA + "hasSelector"))
              if built_graph.value(selector, URIRef(OA + "exact")) is not None]
    assert quotes
    for quote in quotes:
        assert f"<mark>{quote}</mark>" in page
    exact = max(quotes, key=len)  # the sentence of the decision
    assert exact.startswith("The Machine Learning project will continue")
    text = report_path.read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if exact in p)
    before = paragraph.split(exact)[0]
    assert f"{before}<mark>{exact}</mark>" in page  # in its paragraph, as the report has it
    assert "line 13" in page


def test_pages_and_data_of_every_kind_of_resource(server: MosgraphServer,
                                                  built_graph: Graph) -> None:
    """One resource of each kind the graph mints dereferences to a page and to its data."""
    kinds: dict[str, URIRef] = {}
    for subject in sorted(set(built_graph.subjects())):
        text = str(subject)
        if isinstance(subject, URIRef) and text.startswith("https://w3id.org/mosgraph/id/"):
            segments = text.removeprefix("https://w3id.org/mosgraph/id/").split("/")
            kind = "/".join(s if i % 2 == 0 else "*" for i, s in enumerate(segments))
            kinds.setdefault(kind, subject)
    assert len(kinds) >= 15
    for subject in kinds.values():
        page = httpx.get(local(server, str(subject)), follow_redirects=True)
        assert page.status_code == 200, subject
        label = built_graph.value(subject, RDFS.label)
        if label is not None:
            assert str(label).replace("&", "&amp;") in page.text, subject
        data = parse(httpx.get(local(server, str(subject)), follow_redirects=True,
                               headers={"Accept": "application/n-triples"}))
        assert set(data.triples((subject, None, None))) == \
            set(built_graph.triples((subject, None, None))), subject


# --- the site's own documents ----------------------------------------------------------------


def test_the_ontology_is_documented(server: MosgraphServer) -> None:
    ontology = Graph().parse(ontology_path())
    page = httpx.get(server.url + "ontology/").text
    mos = "https://w3id.org/mosgraph/ontology#"
    minted = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(mos)}
    for term in minted:
        local_name = str(term)[len(mos):]
        assert f'id="{local_name}"' in page, term
        label = ontology.value(term, RDFS.label)
        assert label is not None and str(label) in page, term
        for definition in ontology.objects(term, URIRef("http://www.w3.org/2004/02/skos/core#"
                                                        "definition")):
            assert str(definition).replace('"', "&quot;").replace("'", "&#x27;") in page
    assert "Reused terms" in page and "foaf:Person" in page
    assert "Used 31 times in this graph" in page  # foaf:Person: 31 people, with an example
    assert page.count("for example") >= len(minted) // 2
    # the term IRIs of the data link here, and the ontology itself answers by Accept
    turtle = httpx.get(server.url + "ontology", headers={"Accept": "text/turtle"},
                       follow_redirects=True)
    assert turtle.content == ontology_path().read_bytes()
    html = httpx.get(server.url + "ontology")
    assert html.status_code == 303 and html.headers["location"] == server.url + "ontology/"
    person_page = httpx.get(f"{server.url}doc/id/meeting/hlg-mos-2021-01-29/attendance/"
                            "anil-arora/").text
    assert 'href="/ontology/#Attendance"' in person_page


def test_the_shapes_are_readable(server: MosgraphServer) -> None:
    shapes = Graph().parse(shapes_path())
    page = httpx.get(server.url + "shapes/").text
    SH = "http://www.w3.org/ns/shacl#"
    for shape in shapes.subjects(RDF.type, URIRef(SH + "NodeShape")):
        if isinstance(shape, URIRef):
            assert f'id="{str(shape).rsplit("#", 1)[-1]}"' in page
    for message in list(shapes.objects(None, URIRef(SH + "message")))[:40]:
        assert str(message).replace('"', "&quot;").replace("'", "&#x27;") in page
    assert httpx.get(server.url + "shapes/index.ttl").content == shapes_path().read_bytes()


def test_the_catalogue_conforms_and_points_at_the_live_endpoint(
        server: MosgraphServer, shared_vocab: Path) -> None:
    from test_catalog import _shacl

    record = Graph().parse(data=httpx.get(server.url + "catalog/index.ttl").content,
                           format="turtle")
    folder = shared_vocab / "dcat-ap" / "3.0.1" / "html-shacl"
    assert _shacl(record, [folder / "shapes.ttl", folder / "range.ttl"]) == []
    DCAT = "http://www.w3.org/ns/dcat#"
    service = next(record.subjects(RDF.type, URIRef(DCAT + "DataService")))
    endpoint = record.value(service, URIRef(DCAT + "endpointURL"))
    assert str(endpoint) == server.url + "sparql"
    description = record.value(service, URIRef(DCAT + "endpointDescription"))
    sd = httpx.get(str(description), headers={"Accept": "text/turtle"})
    assert "sparql-service-description" in sd.text
    live = httpx.get(str(endpoint), params={"query": "ASK { ?s ?p ?o }"})
    assert live.json()["boolean"] is True
    # the catalogue's own nodes dereference too
    dataset = next(record.subjects(RDF.type, URIRef(DCAT + "Dataset")))
    page = httpx.get(str(dataset), follow_redirects=True)
    assert page.status_code == 200 and "<h1>" in page.text
    void = Graph().parse(data=httpx.get(server.url + ".well-known/void").content,
                         format="turtle")
    VOID = "http://rdfs.org/ns/void#"
    assert (None, URIRef(VOID + "sparqlEndpoint"), URIRef(server.url + "sparql")) in void
    triples = int(void.value(dataset, URIRef(VOID + "triples")))  # type: ignore[arg-type]
    count = httpx.get(server.url + "sparql", params={
        "query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}).json()
    assert triples == int(count["results"]["bindings"][0]["n"]["value"])


def test_the_query_page_needs_nothing_from_elsewhere(server: MosgraphServer) -> None:
    page = httpx.get(server.url + "query/").text
    for reference in re.findall(r'(?:src|href)="([^"]+)"', page):
        if not reference.startswith("/"):
            assert re.search(rf'href="{re.escape(reference)}" rel="nofollow"', page), reference
    for query in named_queries().values():
        assert f'<option value="{query.name}">' in page
    script = httpx.get(server.url + "static/query.js")
    assert script.status_code == 200 and "fetch(settings.endpoint" in script.text


# --- in front of another store ------------------------------------------------------------------


def test_in_front_of_a_real_oxigraph_server(report_ttl: Path, tmp_path: Path,
                                            server: MosgraphServer) -> None:
    store = pyoxigraph.Store(str(tmp_path / "store"))
    store.bulk_load(path=str(report_ttl), format=pyoxigraph.RdfFormat.TURTLE)
    store.flush()
    del store
    remote, url = start_oxigraph(tmp_path / "store")
    front = MosgraphServer("--endpoint", f"{url}/query", "--workers", "1",
                           "--base-url", server.url)
    try:
        base = front.url
        for path in ("doc/id/person/anil-arora/index.html", "doc/id/person/anil-arora/index.ttl",
                     "ontology/", "index.html".replace("index.html", "")):
            mine, theirs = httpx.get(base + path), httpx.get(server.url + path)
            assert mine.status_code == 200, path
            assert mine.content == theirs.content, path  # the same pages, from another store
        answer = httpx.get(base + "sparql", params={"query": "SELECT ?n WHERE { <" + ANIL +
                                                     "> <http://xmlns.com/foaf/0.1/name> ?n }"},
                           headers={"Accept": "text/csv"})
        assert answer.text.splitlines()[1] == "Anil Arora"
    finally:
        front.stop()
        stop(remote)


# --- a real browser -------------------------------------------------------------------------------


def test_browsing_with_headless_chromium(server: MosgraphServer, browser: DevTools) -> None:  # noqa: F811
    start = f"{server.url}doc/id/person/anil-arora/"
    browser.open(start)
    assert browser.evaluate("document.querySelector('h1').textContent") == "Anil Arora"

    def click(path: str) -> str:
        """Click the first link to ``path`` (as a real click), wait for its page: its title."""
        found = browser.evaluate(
            f"(() => {{ const a = [...document.querySelectorAll('a')]"
            f".find(a => new URL(a.href).pathname === {json.dumps(path)}); "
            "if (!a) return null; const href = a.href; a.click(); return href; })()")
        assert found, f"no link to {path}"
        browser.wait_for(f"location.href === {json.dumps(found)} && "
                         "document.readyState === 'complete'")
        return str(browser.evaluate("document.querySelector('h1').textContent"))

    # the person's organisation; back; the meeting; a decision taken there, with its sentence
    assert click("/doc/id/org/statistics-canada/") == "Statistics Canada"
    browser.evaluate("history.back()")
    browser.wait_for(f"location.href === {json.dumps(start)} && "
                     "document.readyState === 'complete'")
    assert "29 January 2021" in click("/doc/id/meeting/hlg-mos-2021-01-29/")
    assert click("/doc/id/meeting/hlg-mos-2021-01-29/decision/machine-learning-continuation/") \
        == "continuation: Machine Learning project"
    marked = browser.evaluate("[...document.querySelectorAll('blockquote mark')]"
                              ".map(m => m.textContent)")
    assert any(m.startswith("The Machine Learning project will continue") for m in marked)

    # the query page: pick a named query, run it, see the table with links to pages
    assert click("/query/") == "Query"
    browser.evaluate("(() => { const s = document.getElementById('named'); "
                     "s.value = 'chair'; s.dispatchEvent(new Event('change')); "
                     "document.getElementById('run').click(); })()")
    browser.wait_for("document.querySelectorAll('#result-table tbody tr').length > 0")
    cells = browser.evaluate("[...document.querySelectorAll('#result-table tbody td')]"
                             ".map(td => td.textContent)")
    assert "2021-01-29 xsd:date" in cells and ANIL in cells
    link = browser.evaluate("[...document.querySelectorAll('#result-table a')]"
                            f".find(a => a.textContent === {json.dumps(ANIL)}).href")
    assert link == start

    # nothing was asked of any other host
    asked = browser.requested()
    assert len(asked) >= 5
    outside = [u for u in asked if not u.startswith(server.url) and not u.startswith("data:")]
    assert outside == []


def test_the_page_data_literals_keep_their_language(server: MosgraphServer) -> None:
    data = parse(httpx.get(local(server, DECISION), follow_redirects=True,
                           headers={"Accept": "text/turtle"}))
    texts = list(data.objects(URIRef(DECISION), URIRef("https://schema.org/text")))
    assert texts and all(isinstance(t, Literal) and t.language == "en" for t in texts)
