"""The site's own documents, made once: home, query page, ontology, shapes, catalogue, VoID,
JSON-LD context, 404 page, script. ``mosgraph serve`` holds them in memory and ``mosgraph
publish`` writes them: both from :func:`site_documents`, so both give the same bytes.

Each is keyed by its path under the site (``ontology/index.html``, ``context.jsonld``); a
folder's ``index.EXT`` files are the formats of one document (content negotiation picks one
for ``ontology/``).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pyoxigraph
from rdflib import Graph

from ..export import jsonld_context
from ..rdfio import serialize
from ..resources import ontology_path, shapes_path
from ..vocab import PREFIXES
from .html import escape, json_script
from .html import page as page_of
from .pages import render_document
from .site import DOCUMENT_FORMATS, Site
from .site_pages import home, not_found, query_page
from .source import LocalSource, Source
from .vocabulary import ontology_graph, ontology_html, shapes_graph, shapes_html, term_uses

__all__ = ["Documents", "catalog_record", "site_documents"]

Documents = dict[str, tuple[str, bytes]]
"""Path under the site -> (Content-Type, body)."""

_SCHEMA = PREFIXES["schema"]
_LABELS = (PREFIXES["skos"] + "prefLabel", PREFIXES["rdfs"] + "label",
           PREFIXES["dcterms"] + "title", _SCHEMA + "name", PREFIXES["skos"] + "altLabel")


def _content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type.startswith("text/") else media_type


def _formats(folder: str, graph: Graph, docs: Documents, *, turtle: bytes | None = None) -> None:
    """``graph`` in each RDF format of a document folder (Turtle as given, if given)."""
    for fmt in DOCUMENT_FORMATS[1:]:
        body = turtle if fmt.name == "turtle" and turtle is not None else \
            serialize(graph, fmt.name)
        docs[folder + fmt.file] = (_content_type(fmt.media_type), body)


def catalog_record(source: Source, site: Site, endpoint: str | None) -> Any:
    """The DCAT-AP record of the data, made with queries (the whole graph is never loaded)."""
    from ..catalog import describe
    from ..store import from_oxigraph
    from ..void import query_statistics

    graph = Graph()
    labels = " ".join(f"<{p}>" for p in _LABELS)
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    for query in (
            f"CONSTRUCT {{ ?m a <{_SCHEMA}Event> ; <{_SCHEMA}startDate> ?d }} WHERE {{ "
            f"?m a <{_SCHEMA}Event> ; <{_SCHEMA}startDate> ?d }}",
            f"CONSTRUCT {{ ?m <{_SCHEMA}organizer> ?o . ?o ?p ?v }} WHERE {{ "
            f"?m a <{_SCHEMA}Event> ; <{_SCHEMA}organizer> ?o . ?o ?p ?v "
            f"VALUES ?p {{ {rdf_type} {labels} }} }}",
            f"CONSTRUCT {{ ?r ?p ?v }} WHERE {{ ?r a <{_SCHEMA}Report> ; ?p ?v VALUES ?p {{ "
            f"{rdf_type} {labels} <http://purl.org/dc/terms/identifier> <{_SCHEMA}about> }} }}"):
        for triple in source.query(query):
            graph.add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate),  # type: ignore[arg-type]
                       from_oxigraph(triple.object)))

    def select(query: str) -> list[list[str | None]]:
        return [[None if v is None else v.value for v in row] for row in source.query(query)]

    return describe(graph, base_url=site.base_url, endpoint=endpoint,
                    statistics=query_statistics(select))


def site_documents(source: Source, site: Site, *, endpoint: str | None) -> Documents:
    """Every document of the site that is not about one resource of the data."""
    docs: Documents = {}
    html = "text/html; charset=utf-8"
    uses = term_uses(source)
    examples = sorted({u.subject for u in uses.values()} |
                      {u.value.value for u in uses.values()
                       if isinstance(u.value, pyoxigraph.NamedNode)})
    labels: dict[str, str] = {}
    for start in range(0, len(examples), 300):
        values = " ".join(f"<{e}>" for e in examples[start:start + 300])
        for row in source.query(f"SELECT ?x (MIN(?l) AS ?label) WHERE {{ VALUES ?x {{ {values} "
                                "} ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
                                "GROUP BY ?x"):
            labels[row[0].value] = row[1].value

    from ..errors import UsageError

    try:
        record = catalog_record(source, site, endpoint)
    except UsageError as exc:  # e.g. a graph without meetings: no dates to issue it with
        record = None
        reason = str(exc)
    docs["index.html"] = (html, home(source, site, record.html() if record else ""))
    docs["query/index.html"] = (html, query_page(site, endpoint))
    docs["ontology/index.html"] = (html, ontology_html(site, uses, labels))
    _formats("ontology/", ontology_graph(), docs, turtle=ontology_path().read_bytes())
    docs["shapes/index.html"] = (html, shapes_html(site))
    _formats("shapes/", shapes_graph(), docs, turtle=shapes_path().read_bytes())
    if record is None:
        docs["catalog/index.html"] = (html, page_of(
            "Catalogue", f"<h1>Catalogue</h1>\n<p>No catalogue record: {escape(reason)}.</p>",
            root=site.path).encode("utf-8"))
    else:
        _catalog(source, site, record, docs)
    docs["context.jsonld"] = ("application/ld+json", (json.dumps(
        jsonld_context(), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    docs["static/query.js"] = ("text/javascript; charset=utf-8",
                               (resources.files("mosgraph.serve") / "static" / "query.js")
                               .read_bytes())
    docs["404.html"] = (html, not_found(None, site, None))
    return docs


def _catalog(source: Source, site: Site, record: Any, docs: Documents) -> None:
    """The catalogue record: its Turtle and other formats, a page per node it mints."""
    html = "text/html; charset=utf-8"
    store = pyoxigraph.Store()
    for part in (record.dcat, record.void):
        store.load(serialize(part, "ntriples"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    catalog = LocalSource(store, "catalogue")
    _formats("catalog/", record.dcat + record.void, docs)
    page = render_document(catalog, site, site.base_url + "catalog", "text/html")
    assert page is not None
    docs["catalog/index.html"] = (html, page.replace(
        b"</head>", json_script(record.schema_org).encode("utf-8") + b"\n</head>", 1))
    docs[".well-known/void"] = ("text/turtle; charset=utf-8",
                                serialize(record.void, "turtle"))
    subjects = sorted({row[0].value for row in catalog.query(
        "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }")})
    for iri in subjects:  # the nodes the record mints (not those of the data it describes)
        if not iri.startswith(site.base_url) or site.relative(iri) is None or \
                bool(source.query(f"ASK {{ <{iri}> ?p ?o }}")):
            continue
        path = "doc/" + site.relative(iri) + "/"  # type: ignore[operator]
        for fmt in DOCUMENT_FORMATS:
            body = render_document(catalog, site, iri, fmt.media_type)
            if body is not None:
                docs[path + fmt.file] = (_content_type(fmt.media_type), body)
