"""The site's own pages: the home page, the query page and the page for an unknown IRI."""

from __future__ import annotations

import json
from typing import Any

from ..resources import named_queries
from .html import escape, json_script, page
from .site import Site
from .source import Source

__all__ = ["home", "not_found", "query_page"]

_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def not_found(source: Source | None, site: Site, iri: str | None) -> bytes:
    """A helpful page for an IRI the graph does not have: what is there near it."""
    parent = (iri or "").rstrip("/").rsplit("/", 1)[0] + "/"
    near: list[tuple[str, str]] = []
    if source is not None and iri and site.relative(parent + "x") is not None:
        try:
            for row in source.query(
                    "SELECT ?s (SAMPLE(?l) AS ?label) WHERE { ?s ?p ?o "
                    f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), {json.dumps(parent)})) "
                    f"OPTIONAL {{ ?s <{_LABEL}> ?l }} }} GROUP BY ?s ORDER BY ?s LIMIT 30"):
                subject, label = row
                near.append((subject.value, label.value if label is not None else
                             subject.value[len(parent):]))
        except Exception:  # suggestions are a courtesy: never fail the 404 itself
            near = []
    items = "".join(
        f'<li><a href="{escape(site.href(url))}">{escape(label)}</a></li>'
        for subject, label in near if (url := site.page_url(subject)) is not None)
    what = f'<code class="iri">{escape(iri)}</code>' if iri else "the page asked for"
    body = [
        "<h1>Not found</h1>",
        f"<p>This graph says nothing about {what}.</p>",
        "<p>Its IRI may be misspelt, or the thing may not be in the reports this graph was "
        "built from. IRIs are lower case, with words joined by hyphens "
        "(<code>id/person/anil-arora</code>).</p>",
    ]
    if items:
        body.append(f"<h2>Near it</h2>\n<ul>{items}</ul>")
    body.append(f'<p>Look for it with a <a href="{escape(site.path)}query/">query</a>, or '
                f'start from the <a href="{escape(site.path)}">home page</a>.</p>')
    return page("Not found", "\n".join(body), root=site.path).encode("utf-8")


def home(source: Source, site: Site, head: str = "") -> bytes:
    """The home page: the meetings in the graph, and where to go from there."""
    meetings = []
    for row in source.query(
            "SELECT ?m (SAMPLE(?l) AS ?label) (SAMPLE(?d) AS ?date) WHERE { "
            "?m a <https://schema.org/Event> ; <https://schema.org/startDate> ?d "
            f"OPTIONAL {{ ?m <{_LABEL}> ?l }} }} "
            "GROUP BY ?m ORDER BY DESC(?date) ?m LIMIT 200"):
        meeting, label, date = row
        url = site.page_url(meeting.value)
        if url is not None:
            text = label.value if label is not None else meeting.value
            meetings.append(f'<li><a href="{escape(site.href(url))}">{escape(text)}</a>'
                            f' <span class="small">{escape(date.value)}</span></li>')
    count = next(iter(source.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0]
    body = [
        "<h1>mosgraph</h1>",
        "<p>Meeting reports of official-statistics bodies as a knowledge graph: who attended "
        "and on whose behalf, the bodies, groups and projects, the decisions taken, the points "
        "discussed and the figures reported, each traced to the sentence it comes from.</p>",
        f"<p>{int(count.value):,} triples. Ask questions on the "
        f'<a href="{escape(site.path)}query/">query page</a> or at the SPARQL endpoint '
        f'<code>{escape(site.base_url)}sparql</code>; read the '
        f'<a href="{escape(site.path)}ontology">vocabulary</a>, the '
        f'<a href="{escape(site.path)}shapes">shapes</a> it is checked with, and the '
        f'<a href="{escape(site.path)}catalog">catalogue record</a>.</p>',
    ]
    if meetings:
        body.append("<h2>Meetings</h2>\n<ul>" + "".join(meetings) + "</ul>")
    return page("Home", "\n".join(body), root=site.path, head=[head] if head else []
                ).encode("utf-8")


def query_page(site: Site, endpoint: str | None) -> bytes:
    """The query page: an editor, the named queries to pick from, results as a table.

    It runs in the browser against the site's own endpoint (``static/query.js``); the named
    queries come inside the page.
    """
    queries: list[dict[str, Any]] = [
        {"name": q.name, "description": q.description, "text": q.text}
        for q in named_queries().values()]
    options = "".join(f'<option value="{escape(q["name"])}">{escape(q["name"])}: '
                      f'{escape(q["description"])}</option>' for q in queries)
    if endpoint is None:
        return page("Query", "<h1>Query</h1>\n<p>This copy of the graph has no SPARQL endpoint "
                    "to send queries to: its files are the data (each page links to its Turtle "
                    "and JSON-LD).</p>", root=site.path).encode("utf-8")
    settings = {"endpoint": endpoint, "iriBases": sorted({site.iri_base, site.base_url}),
                "ontology": [["https://w3id.org/mosgraph/ontology", "ontology/"],
                             ["https://w3id.org/mosgraph/shapes", "shapes/"]],
                "root": site.path}
    policy = (f"default-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; "
              f"connect-src 'self' {endpoint}")
    start = "SELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n} LIMIT 20"
    body = f"""<h1>Query</h1>
<p>Ask the graph in <a href="https://www.w3.org/TR/sparql11-query/" rel="nofollow">SPARQL</a>.
Pick a named query or write your own; IRIs in the results link to their pages.</p>
<form id="query-form">
<p><label for="named">Named query</label>
<select id="named"><option value="">(write your own)</option>{options}</select></p>
<textarea id="query" name="query" spellcheck="false" aria-label="SPARQL query">{start}</textarea>
<p><button type="submit" id="run">Run</button>
<span id="status" class="small" role="status"></span></p>
</form>
<div id="results"></div>
{json_script(queries, kind="application/json", ident="named-queries")}
{json_script(settings, kind="application/json", ident="settings")}
<script src="{escape(site.path)}static/query.js"></script>"""
    head = [f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">']
    return page("Query", body, root=site.path, head=head).encode("utf-8")

