"""Documentation of the vocabulary (``ontology/``) and of the shapes (``shapes/``), as HTML.

The ontology page is generated from ``ontology/mosgraph.ttl`` and the data: the ontology's
metadata, then every term it mints (classes, properties, concept schemes and concepts, the
data-cube structure), each with its label, definition and comment, super- and sub-classes,
domain and range, and an example from the data (a resource that uses it, linked to its
page); then the standard terms it reuses (those it refers to, and those the data uses), with
how often the data uses each; then the namespaces. The shapes page lists each node shape with
its target and each of its constraints in words, with the message a violation gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pyoxigraph
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, SKOS

from ..query import WELL_KNOWN, prefixed
from ..rdfio import load_graph
from ..resources import ontology_path, shapes_path
from ..vocab import PREFIXES
from .html import escape, page
from .pages import term_label
from .site import Site
from .source import Source

__all__ = ["TermUse", "ontology_graph", "ontology_html", "shapes_graph", "shapes_html",
           "term_uses"]

MOS, SH, QB = PREFIXES["mos"], PREFIXES["sh"], PREFIXES["qb"]
VANN = "http://purl.org/vocab/vann/"


@cache
def ontology_graph() -> Graph:
    """The ontology shipped with mosgraph (read once)."""
    return load_graph(ontology_path())


@cache
def shapes_graph() -> Graph:
    """The shapes shipped with mosgraph (read once)."""
    return load_graph(shapes_path())


@dataclass(frozen=True)
class TermUse:
    """How the data uses a term: how often, and one example (subject, value)."""

    count: int
    subject: str
    value: Any = None


def term_uses(source: Source) -> dict[str, TermUse]:
    """For every class, property and concept the data uses: count and smallest example."""
    uses: dict[str, TermUse] = {}
    for c, n, example in source.query(
            "SELECT ?c (COUNT(?s) AS ?n) (MIN(STR(?s)) AS ?e) WHERE { ?s a ?c "
            "FILTER(isIRI(?s) && isIRI(?c)) } GROUP BY ?c"):
        uses[c.value] = TermUse(int(n.value), example.value)
    properties = [(p.value, int(n.value), e.value) for p, n, e in source.query(
        "SELECT ?p (COUNT(*) AS ?n) (MIN(STR(?s)) AS ?e) WHERE { ?s ?p ?o FILTER(isIRI(?s)) } "
        "GROUP BY ?p")]
    for p, n, example in properties:
        value = next(iter(source.query(
            f"SELECT ?o WHERE {{ <{example}> <{p}> ?o }} ORDER BY STR(?o) LIMIT 1")), None)
        uses.setdefault(p, TermUse(n, example, None if value is None else value[0]))
    for o, n, example in source.query(
            "SELECT ?o (COUNT(*) AS ?n) (MIN(STR(?s)) AS ?e) WHERE { ?s ?p ?o "
            f"FILTER(isIRI(?s) && isIRI(?o) && STRSTARTS(STR(?o), \"{MOS}\") "
            f"&& ?p != <{RDF.type}>) }} GROUP BY ?o"):
        uses.setdefault(o.value, TermUse(int(n.value), example.value))
    return uses


class _Doc:
    def __init__(self, site: Site, uses: dict[str, TermUse], labels: dict[str, str]) -> None:
        self.site, self.uses, self.labels = site, uses, labels
        self.graph = ontology_graph()

    def link(self, node: Any) -> str:
        if isinstance(node, Literal):
            return escape(str(node))
        if isinstance(node, BNode):
            return self.expression(node)
        iri = str(node)
        if iri.startswith(MOS):
            local = iri[len(MOS):]
            return f'<a href="#{escape(local)}"><code>mos:{escape(local)}</code></a>'
        url = self.site.page_url(iri)
        href = self.site.href(url) if url else iri
        return f'<a href="{escape(href)}"><code>{escape(prefixed(iri) or iri)}</code></a>'

    def expression(self, node: BNode) -> str:
        """An OWL class expression (a union of classes) in words."""
        members = self.graph.value(node, OWL.unionOf)
        if members is not None:
            return " or ".join(self.link(m) for m in Collection(self.graph, members))
        return "(an anonymous class)"

    def resource(self, iri: str) -> str:
        url = self.site.page_url(iri)
        text = escape(self.labels.get(iri) or iri)
        return f'<a href="{escape(self.site.href(url))}">{text}</a>' if url else text

    def example(self, iri: str) -> str:
        use = self.uses.get(iri)
        if use is None:
            return '<p class="small">Not used in this graph.</p>'
        times = f"{use.count:,} time{'s' if use.count != 1 else ''}"
        text = f"Used {times} in this graph; for example {self.resource(use.subject)}"
        if use.value is not None:
            value = use.value
            shown = self.resource(value.value) if isinstance(value, pyoxigraph.NamedNode) \
                else escape(value.value)
            text += f" → {shown}"
        return f'<p class="small">{text}.</p>'

    def values(self, subject: URIRef, predicate: URIRef) -> list[str]:
        return sorted(self.link(o) for o in self.graph.objects(subject, predicate))

    def rows(self, term: URIRef, fields: Iterable[tuple[str, URIRef, bool]]) -> str:
        out = []
        for name, predicate, inverse in fields:
            found = sorted(self.link(s) for s in self.graph.subjects(predicate, term)
                           if isinstance(s, URIRef)) if inverse else \
                self.values(term, predicate)
            if found:
                out.append(f"<tr><th>{escape(name)}</th><td>{', '.join(found)}</td></tr>")
        return "<table>" + "".join(out) + "</table>" if out else ""

    def card(self, term: URIRef, kind: str, fields: Iterable[tuple[str, URIRef, bool]]) -> str:
        local = str(term)[len(MOS):]
        label = self.graph.value(term, RDFS.label) or local
        parts = [f'<section class="term" id="{escape(local)}">',
                 f"<h3>{escape(str(label))} <span class=\"small\">{escape(kind)}</span></h3>",
                 f'<p class="iri">{escape(str(term))}</p>']
        for predicate in (SKOS.definition, RDFS.comment):
            for text in sorted(str(t) for t in self.graph.objects(term, predicate)):
                parts.append(f"<p>{escape(text)}</p>")
        parts.append(self.rows(term, fields))
        parts.append(self.example(str(term)))
        parts.append("</section>")
        return "\n".join(p for p in parts if p)


_CLASS_FIELDS = (("subclass of", RDFS.subClassOf, False), ("superclass of", RDFS.subClassOf,
                                                             True),
                 ("domain of", RDFS.domain, True), ("range of", RDFS.range, True),
                 ("equivalent to", OWL.equivalentClass, False))
_PROPERTY_FIELDS = (("domain", RDFS.domain, False), ("range", RDFS.range, False),
                    ("subproperty of", RDFS.subPropertyOf, False),
                    ("inverse of", OWL.inverseOf, False))
_CONCEPT_FIELDS = (("in scheme", SKOS.inScheme, False), ("broader", SKOS.broader, False),
                   ("also known as", SKOS.altLabel, False))
_SCHEME_FIELDS = (("concepts", SKOS.inScheme, True),)


def ontology_html(site: Site, uses: dict[str, TermUse], labels: dict[str, str]) -> bytes:
    """The documentation page of the ontology (``ontology/index.html``)."""
    doc = _Doc(site, uses, labels)
    g = doc.graph
    ontology = next(g.subjects(RDF.type, OWL.Ontology))
    title = str(g.value(ontology, DCTERMS.title) or "mosgraph ontology")
    minted = {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(MOS)}

    def of_type(*types: URIRef) -> list[URIRef]:
        return sorted((t for t in minted if any((t, RDF.type, k) in g for k in types)),
                      key=lambda t: (str(t).lower(), str(t)))

    classes = of_type(OWL.Class)
    objects = of_type(OWL.ObjectProperty)
    datatypes = of_type(OWL.DatatypeProperty)
    schemes = of_type(SKOS.ConceptScheme)
    concepts = [c for c in of_type(SKOS.Concept) if c not in schemes]
    roles = [c for c in of_type(URIRef("http://www.w3.org/ns/org#Role")) if c not in concepts]
    cube = [t for t in of_type(URIRef(QB + "DataStructureDefinition"),
                               URIRef(QB + "ComponentSpecification"),
                               URIRef(QB + "DimensionProperty"), URIRef(QB + "MeasureProperty"),
                               URIRef(QB + "AttributeProperty"))
            if t not in objects and t not in datatypes]
    sections = [("classes", "Classes", classes, "class", _CLASS_FIELDS),
                ("object-properties", "Object properties", objects, "object property",
                 _PROPERTY_FIELDS),
                ("datatype-properties", "Datatype properties", datatypes, "datatype property",
                 _PROPERTY_FIELDS),
                ("schemes", "Concept schemes", schemes, "concept scheme", _SCHEME_FIELDS),
                ("concepts", "Concepts", concepts, "concept", _CONCEPT_FIELDS),
                ("roles", "Roles", roles, "role", _CONCEPT_FIELDS),
                ("cube", "Data cube structure", cube, "structure",
                 (("component", URIRef(QB + "component"), False),))]

    meta_rows = []
    for name, predicate in (("IRI", None), ("version", OWL.versionInfo),
                            ("version IRI", OWL.versionIRI), ("licence", DCTERMS.license),
                            ("creator", DCTERMS.creator), ("created", DCTERMS.created),
                            ("modified", DCTERMS.modified),
                            ("prefix", URIRef(VANN + "preferredNamespacePrefix")),
                            ("namespace", URIRef(VANN + "preferredNamespaceUri")),
                            ("see also", RDFS.seeAlso)):
        values = [f"<code>{escape(str(ontology))}</code>"] if predicate is None else \
            sorted(escape(str(v)) if isinstance(v, Literal) else
                   f'<a href="{escape(str(v))}">{escape(str(v))}</a>'
                   for v in g.objects(ontology, predicate))
        if values:
            meta_rows.append(f"<tr><th>{name}</th><td>{', '.join(values)}</td></tr>")
    description = str(g.value(ontology, DCTERMS.description) or "")
    downloads = " ".join(
        f'<a href="{escape(site.path)}ontology/index.{ext}">{name}</a>'
        for ext, name in (("ttl", "Turtle"), ("jsonld", "JSON-LD"), ("nt", "N-Triples"),
                          ("rdf", "RDF/XML")))
    toc = "".join(f'<li><a href="#{anchor}">{heading}</a> ({len(terms)})</li>'
                  for anchor, heading, terms, _, _ in sections if terms)
    body = [f"<h1>{escape(title)}</h1>",
            "".join(f"<p>{escape(p)}</p>" for p in description.split("\n\n") if p.strip()),
            f'<table class="properties">{"".join(meta_rows)}</table>',
            f'<p class="formats">The ontology as {downloads}</p>',
            "<h2>Contents</h2>",
            f'<ul>{toc}<li><a href="#reused">Reused terms</a></li>'
            '<li><a href="#namespaces">Namespaces</a></li></ul>']
    for anchor, heading, terms, kind, fields in sections:
        if terms:
            body.append(f'<h2 id="{anchor}">{heading}</h2>')
            body += [doc.card(t, kind, fields) for t in terms]

    # standard terms: those the ontology refers to, and those the data uses
    referred = {str(o) for s in minted for o in g.objects(s, None)
                if isinstance(o, URIRef) and not str(o).startswith(MOS)
                and not str(o).startswith(("https://w3id.org/mosgraph/", str(OWL), str(RDFS)))}
    used = {t for t in uses if not t.startswith(MOS) and not t.startswith("https://w3id.org/")}
    reused = sorted(referred | used, key=lambda t: ((prefixed(t) or t).lower(), t))
    rows = []
    for term in reused:
        use = uses.get(term)
        shown = f"{use.count:,}" if use else "0"
        example = doc.resource(use.subject) if use else ""
        rows.append(f'<tr><td><a href="{escape(term)}"><code>{escape(prefixed(term) or term)}'
                    f"</code></a></td><td>{escape(term_label(term))}</td>"
                    f'<td style="text-align:right">{shown}</td><td>{example}</td></tr>')
    body.append('<h2 id="reused">Reused terms</h2>\n<p>Standard terms this vocabulary builds '
                "on (as superclasses, domains and ranges) and that the data uses, with how "
                "often it uses each and an example.</p>\n<table><tr><th>term</th><th>label</th>"
                "<th>uses</th><th>example</th></tr>" + "".join(rows) + "</table>")
    namespaces = sorted({(p, n) for p, n in WELL_KNOWN.items()
                         if any(t.startswith(n) for t in (*reused, *map(str, minted)))})
    body.append('<h2 id="namespaces">Namespaces</h2>\n<table>' + "".join(
        f"<tr><th>{escape(p)}</th><td><code>{escape(n)}</code></td></tr>"
        for p, n in namespaces) + "</table>")
    return page(title, "\n".join(body), root=site.path, description=description[:300]
                ).encode("utf-8")


# --- the shapes ---------------------------------------------------------------------------------


def _path(g: Graph, node: Any, doc: _Doc) -> str:
    if isinstance(node, URIRef):
        return doc.link(node)
    inverse = g.value(node, URIRef(SH + "inversePath"))
    if inverse is not None:
        return "^" + _path(g, inverse, doc)
    if (node, RDF.first, None) in g:
        return " / ".join(_path(g, n, doc) for n in Collection(g, node))
    for kind in ("zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath"):
        inner = g.value(node, URIRef(SH + kind))
        if inner is not None:
            return _path(g, inner, doc) + {"zeroOrMorePath": "*", "oneOrMorePath": "+",
                                           "zeroOrOnePath": "?"}[kind]
    alternatives = g.value(node, URIRef(SH + "alternativePath"))
    if alternatives is not None:
        return " | ".join(_path(g, n, doc) for n in Collection(g, alternatives))
    return "(a path)"


_SKIP = {RDF.type, URIRef(SH + "path"), URIRef(SH + "name"), URIRef(SH + "message"),
         URIRef(SH + "property"), URIRef(SH + "sparql"), URIRef(SH + "description"),
         RDFS.label, RDFS.comment, URIRef(SH + "order"), URIRef(SH + "group")}


def _constraints(g: Graph, node: Any, doc: _Doc) -> str:
    items = []
    for predicate, value in sorted(g.predicate_objects(node), key=lambda pv: str(pv[0])):
        if predicate in _SKIP or not str(predicate).startswith(SH):
            continue
        name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(predicate)[len(SH):]).lower()
        if (value, RDF.first, None) in g:
            shown = ", ".join(doc.link(v) for v in Collection(g, value))
        elif isinstance(value, BNode):
            shown = "(a nested shape)"
        else:
            shown = doc.link(value)
        items.append(f"{escape(name)}: {shown}")
    return "; ".join(items)


def shapes_html(site: Site) -> bytes:
    """The shapes, readable (``shapes/index.html``)."""
    g = shapes_graph()
    doc = _Doc(site, {}, {})
    doc.graph = g
    shapes = sorted((s for s in g.subjects(RDF.type, URIRef(SH + "NodeShape"))
                     if isinstance(s, URIRef)), key=str)
    body = ["<h1>Shapes</h1>",
            "<p>The SHACL shapes a mosgraph graph is checked with (<code>mosgraph "
            "validate</code>): what each kind of node must have, and the message a violation "
            'gives. As <a href="' + escape(site.path) + 'shapes/index.ttl">Turtle</a>.</p>',
            "<ul>" + "".join(f'<li><a href="#{escape(str(s).rsplit("#", 1)[-1])}">'
                             f'{escape(str(s).rsplit("#", 1)[-1])}</a></li>' for s in shapes)
            + "</ul>"]
    for shape in shapes:
        local = str(shape).rsplit("#", 1)[-1]
        targets = [f"{re.sub('(?<=[a-z])(?=[A-Z])', ' ', str(p)[len(SH):]).lower()} "
                   f"{doc.link(o)}" for p, o in sorted(g.predicate_objects(shape))
                   if str(p).startswith(SH + "target")]
        parts = [f'<section class="term" id="{escape(local)}"><h3>{escape(local)}</h3>']
        for predicate in (RDFS.comment, URIRef(SH + "description")):
            for text in sorted(str(t) for t in g.objects(shape, predicate)):
                parts.append(f"<p>{escape(text)}</p>")
        messages = sorted(str(m) for m in g.objects(shape, URIRef(SH + "message")))
        if messages:
            parts.append(f"<p>Message: {escape(' '.join(messages))}</p>")
        if targets:
            parts.append(f"<p>Applies to: {'; '.join(targets)}.</p>")
        own = _constraints(g, shape, doc)
        if own:
            parts.append(f"<p>{own}</p>")
        rows = []
        for prop in sorted(g.objects(shape, URIRef(SH + "property")),
                           key=lambda p: str(g.value(p, URIRef(SH + "name")) or "")):
            name = g.value(prop, URIRef(SH + "name"))
            path = g.value(prop, URIRef(SH + "path"))
            message = " ".join(str(m) for m in g.objects(prop, URIRef(SH + "message")))
            rows.append(f"<tr><th>{escape(str(name or ''))}</th>"
                        f"<td>{_path(g, path, doc) if path is not None else ''}</td>"
                        f"<td>{_constraints(g, prop, doc)}</td><td>{escape(message)}</td></tr>")
        if rows:
            parts.append("<table><tr><th>property</th><th>path</th><th>constraints</th>"
                         "<th>message</th></tr>" + "".join(rows) + "</table>")
        for constraint in g.objects(shape, URIRef(SH + "sparql")):
            message = " ".join(str(m) for m in g.objects(constraint, URIRef(SH + "message")))
            select = str(g.value(constraint, URIRef(SH + "select")) or "")
            parts.append(f"<p>Rule: {escape(message)}</p><pre class=\"report\">"
                         f"{escape(select.strip())}</pre>")
        parts.append("</section>")
        body.append("\n".join(parts))
    return page("Shapes", "\n".join(body), root=site.path).encode("utf-8")
