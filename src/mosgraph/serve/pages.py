"""The document about one resource: an HTML page, or its triples in an RDF format.

:func:`render_document` gives the bytes that both ``mosgraph serve`` (at
``doc/…/index.EXT``) and ``mosgraph publish`` (in ``SITE/doc/…/index.EXT``) give, so the two
are the same byte for byte. The page shows the resource's label and types, every property
with labels and links, the resources that point to it, and the sentence of the report it
comes from in its paragraph (the provenance in the graph: ``prov:wasDerivedFrom``, or
``prov:wasInfluencedBy`` for an activity, an ``oa:SpecificResource`` with a
``oa:TextPositionSelector``, a ``oa:TextQuoteSelector`` and an RFC 5147
``oa:FragmentSelector``; the text itself from the report file, checked against its
SHA-256). Its data is embedded as JSON-LD for search engines.

The RDF documents hold the resource's own triples (blank nodes they lead to included) and the
triples that point to it (the first :data:`INCOMING_LIMIT`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph

from ..query import WELL_KNOWN, prefixed
from ..vocab import PREFIXES
from .html import escape, json_script, page
from .site import DOCUMENT_FORMATS, Site
from .source import Source

__all__ = ["INCOMING_LIMIT", "Reports", "describe", "rdf_bytes", "render_document"]

INCOMING_LIMIT = 1000
"""How many triples pointing to a resource its documents list at most."""

_RDF, _RDFS, _OA, _PROV, _DCT, _SCHEMA = (PREFIXES[p] for p in (
    "rdf", "rdfs", "oa", "prov", "dcterms", "schema"))
_TYPE = _RDF + "type"
_LABELS = (PREFIXES["skos"] + "prefLabel", _RDFS + "label", PREFIXES["foaf"] + "name",
           _SCHEMA + "name", _DCT + "title")
_IRI = re.compile(r"[^<>\"{}|^`\\\x00-\x20]+")


# --- the report texts the provenance points into ----------------------------------------------


class Reports:
    """Report texts by file name, from folders (checked against the graph's SHA-256)."""

    def __init__(self, folders: Iterable[str | Path] = ()) -> None:
        self.folders = [Path(f) for f in folders]
        self._texts: dict[tuple[str, str | None], str | None] = {}

    def text(self, identifier: str, sha256: str | None) -> str | None:
        key = (identifier, sha256)
        if key not in self._texts:
            self._texts[key] = self._find(identifier, sha256)
        return self._texts[key]

    def _find(self, identifier: str, sha256: str | None) -> str | None:
        if not re.fullmatch(r"[\w.\- ]+", identifier) or identifier.startswith("."):
            return None
        for folder in self.folders:
            path = folder / identifier
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if sha256 and hashlib.sha256(data).hexdigest() != sha256.lower():
                continue
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                continue
        return None


# --- what the store says about one resource ------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """A span of a report that a fact about the resource was derived from."""

    of: str  # the resource the fact is about (this one, or one pointing to it)
    span: str
    source: str
    start: int | None
    end: int | None
    exact: str | None
    lines: str | None


@dataclass
class Description:
    """Everything a page about ``iri`` shows."""

    iri: str
    outgoing: list[tuple[Any, Any]] = field(default_factory=list)  # (predicate, object)
    closure: list[Any] = field(default_factory=list)  # triples of blank-node objects
    incoming: list[tuple[Any, Any]] = field(default_factory=list)  # (subject, predicate)
    incoming_more: bool = False
    labels: dict[str, str] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)
    report_texts: dict[str, str] = field(default_factory=dict)  # report IRI -> text
    _documents: dict[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def exists(self) -> bool:
        return bool(self.outgoing or self.incoming)

    def triples(self) -> list[Any]:
        node = pyoxigraph.NamedNode(self.iri)
        found = [pyoxigraph.Triple(node, p, o) for p, o in self.outgoing]
        found += self.closure
        found += [pyoxigraph.Triple(s, p, node) for s, p in self.incoming]
        return found

    def rdf(self, fmt: str) -> bytes:
        """The triples of the document in an RDF format (made once per format)."""
        if fmt not in self._documents:
            self._documents[fmt] = rdf_bytes(self.triples(), fmt)
        return self._documents[fmt]


def _values(iris: Iterable[str]) -> str:
    return " ".join(f"<{i}>" for i in sorted(set(iris)) if _IRI.fullmatch(i))


def describe(source: Source, iri: str, reports: Reports | None = None) -> Description:
    """Ask ``source`` what the page about ``iri`` shows (a few small queries)."""
    found = Description(iri)
    if not _IRI.fullmatch(iri):
        return found
    seen_closure: set[tuple[str, str, str]] = set()
    seen: set[tuple[str, str]] = set()
    for row in source.query(
            f"SELECT ?p ?o ?p2 ?o2 WHERE {{ <{iri}> ?p ?o "
            "OPTIONAL { FILTER(isBlank(?o)) ?o ?p2 ?o2 } }"):
        p, o, p2, o2 = row
        if (str(p), str(o)) not in seen:
            seen.add((str(p), str(o)))
            found.outgoing.append((p, o))
        if p2 is not None and o2 is not None:
            key = (str(o), str(p2), str(o2))
            if key not in seen_closure:
                seen_closure.add(key)
                found.closure.append(pyoxigraph.Triple(o, p2, o2))
    incoming = f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }}"
    for row in source.query(f"{incoming} LIMIT {INCOMING_LIMIT + 1}"):
        found.incoming.append((row[0], row[1]))
    if len(found.incoming) > INCOMING_LIMIT:  # which ones are shown must not vary
        found.incoming = [(row[0], row[1]) for row in source.query(
            f"{incoming} ORDER BY STR(?s) STR(?p) LIMIT {INCOMING_LIMIT}")]
        found.incoming_more = True
    if not found.exists:
        return found

    # provenance: of this resource, and of what points to it (attendance of a person, ...)
    candidates = [iri, *sorted({str(s.value) for s, _ in found.incoming
                                 if isinstance(s, pyoxigraph.NamedNode)})][:60]
    for row in source.query(
            "SELECT ?of ?span ?source ?start ?end ?exact ?lines WHERE { "
            f"VALUES ?of {{ {_values(candidates)} }} "
            f"{{ ?of ?cites ?span FILTER(?cites != <{_OA}hasSelector>) }} UNION "
            f"{{ ?of <{_OA}hasSource> ?any BIND(?of AS ?span) }} "
            f"?span <{_OA}hasSource> ?source . "
            f"OPTIONAL {{ ?span <{_OA}hasSelector> ?a . ?a <{_OA}start> ?start ; "
            f"<{_OA}end> ?end }} "
            f"OPTIONAL {{ ?span <{_OA}hasSelector> ?b . ?b <{_OA}exact> ?exact }} "
            f"OPTIONAL {{ ?span <{_OA}hasSelector> ?c . ?c a <{_OA}FragmentSelector> ; "
            f"<{_RDF}value> ?lines }} }}"):
        of, span, src, start, end, exact, lines = row
        if not isinstance(span, pyoxigraph.NamedNode) or \
                not isinstance(src, pyoxigraph.NamedNode):
            continue
        citation = Citation(of.value, span.value, src.value, _int(start), _int(end),
                            None if exact is None else exact.value,
                            None if lines is None else lines.value)
        if citation not in found.citations:
            found.citations.append(citation)
    found.citations.sort(key=lambda c: (c.of != iri, c.source, c.start or 0, c.span, c.of))

    # the report texts (the resource itself may be a report)
    report_iris = {c.source for c in found.citations}
    if any(p.value == _DCT + "identifier" for p, _ in found.outgoing):
        report_iris.add(iri)
    if reports is not None and report_iris:
        for row in source.query(
                f"SELECT ?r ?id ?sha WHERE {{ VALUES ?r {{ {_values(report_iris)} }} "
                f"?r <{_DCT}identifier> ?id OPTIONAL {{ ?r <{_SCHEMA}sha256> ?sha }} }}"):
            text = reports.text(row[1].value, None if row[2] is None else row[2].value)
            if text is not None:
                found.report_texts[row[0].value] = text

    # labels of everything shown
    named = {iri}
    for p, o in found.outgoing:
        named.add(p.value)
        if isinstance(o, pyoxigraph.NamedNode):
            named.add(o.value)
    for s, p in found.incoming:
        named.add(p.value)
        if isinstance(s, pyoxigraph.NamedNode):
            named.add(s.value)
    named |= {c.of for c in found.citations} | {c.source for c in found.citations}
    ranked: dict[str, tuple[int, int, str]] = {}
    for start in range(0, len(named), 400):
        chunk = sorted(named)[start:start + 400]
        # one pattern per label property: Oxigraph then looks each subject up (with the
        # properties in a VALUES block it may scan every label of the graph instead)
        alternatives = " UNION ".join(f"{{ ?x <{p}> ?l BIND(<{p}> AS ?p) }}" for p in _LABELS)
        for row in source.query(
                f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {_values(chunk)} }} {alternatives} "
                "FILTER(isLiteral(?l)) }"):
            x, p, label = row
            language = label.language or ""
            rank = (_LABELS.index(p.value), 0 if language in ("", "en") or
                    language.startswith("en-") else 1, label.value)
            if x.value not in ranked or rank < ranked[x.value]:
                ranked[x.value] = rank
    found.labels = {x: rank[2] for x, rank in ranked.items()}
    return found


def _int(term: Any) -> int | None:
    try:
        return None if term is None else int(term.value)
    except ValueError:
        return None


# --- RDF documents ---------------------------------------------------------------------------


def rdf_bytes(triples: Sequence[Any], fmt: str) -> bytes:
    """``triples`` (pyoxigraph) in an RDF format of mosgraph's writers (sorted, prefixed).

    JSON-LD is compacted with mosgraph's context, embedded, so any processor reads it alone.
    """
    from ..rdfio import serialize

    return serialize(triples, fmt, prefixes=WELL_KNOWN)


def render_document(source: Source, site: Site, iri: str, media_type: str,
                    reports: Reports | None = None) -> bytes | None:
    """The document about ``iri`` in ``media_type`` (a DOCUMENT_FORMATS type); ``None`` if
    the source knows nothing about ``iri``."""
    found = describe(source, iri, reports if media_type == "text/html" else None)
    return _render(found, site, media_type) if found.exists else None


def render_all(source: Source, site: Site, iri: str,
               reports: Reports | None = None) -> dict[str, bytes]:
    """The document about ``iri`` in every format (media type → bytes); empty if unknown.

    The same bytes as :func:`render_document` gives for each format, asked once.
    """
    found = describe(source, iri, reports)
    if not found.exists:
        return {}
    return {f.media_type: _render(found, site, f.media_type) for f in DOCUMENT_FORMATS}


def _render(found: Description, site: Site, media_type: str) -> bytes:
    fmt = site.format_for(media_type)
    if fmt.name != "html":
        return found.rdf(fmt.name)
    return _html(found, site).encode("utf-8")


# --- the HTML page ------------------------------------------------------------------------------


@cache
def _ontology_labels() -> dict[str, str]:
    from ..store import ontology_labels as labels

    return {str(k): v for k, v in labels().items()}


def term_label(iri: str) -> str:
    """A readable name for a vocabulary term: its label in our ontology, else its local
    name in words (``memberOf`` → ``member of``).

    >>> term_label("http://www.w3.org/ns/org#memberOf"), term_label(_RDF + "type")
    ('member of', 'type')
    """
    known = _ontology_labels().get(iri)
    if known:
        return known
    local = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z][a-z])", " ", local).replace("_", " ").split(" ")
    return " ".join(w.lower() if w[1:].islower() else w for w in words if w)


class _Writer:
    def __init__(self, found: Description, site: Site) -> None:
        self.found, self.site = found, site

    def label(self, iri: str) -> str:
        return self.found.labels.get(iri) or _ontology_labels().get(iri) or prefixed(iri) \
            or iri.rstrip("/").rsplit("/", 1)[-1] or iri

    def link(self, term: Any) -> str:
        if isinstance(term, pyoxigraph.NamedNode):
            iri = term.value
            url = self.site.page_url(iri)
            text = escape(self.label(iri))
            if url is not None:
                return f'<a href="{escape(self.site.href(url))}">{text}</a>'
            return f'<a href="{escape(iri)}" rel="nofollow">{text}</a>'
        if isinstance(term, pyoxigraph.BlankNode):
            return f"<code>_:{escape(term.value)}</code>"
        return self.literal(term)

    def literal(self, term: Any) -> str:
        text = escape(term.value)
        if term.language:
            return f'{text} <span class="lang">@{escape(term.language)}</span>'
        datatype = term.datatype.value
        if datatype in ("http://www.w3.org/2001/XMLSchema#string", _RDF + "langString"):
            return text
        return f'{text} <span class="datatype">{escape(prefixed(datatype) or datatype)}</span>'

    def term(self, iri: str) -> str:
        """A vocabulary term (a property or class): its label, linked, with its short name."""
        url = self.site.page_url(iri)
        href = self.site.href(url) if url is not None else iri
        short = prefixed(iri) or iri
        return (f'<a href="{escape(href)}" title="{escape(iri)}">{escape(term_label(iri))}</a>'
                f' <span class="small">{escape(short)}</span>')


def _group(pairs: Iterable[tuple[Any, Any]], key: int) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for pair in pairs:
        grouped.setdefault(pair[key].value, []).append(pair[1 - key])
    return grouped


def _cell(writer: _Writer, values: list[Any]) -> str:
    items = sorted((writer.link(v) for v in values), key=lambda h: (re.sub("<[^>]+>", "", h), h))
    if len(items) == 1:
        return items[0]
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _html(found: Description, site: Site) -> str:
    writer = _Writer(found, site)
    iri = found.iri
    title = writer.label(iri)
    types = sorted(o.value for p, o in found.outgoing
                   if p.value == _TYPE and isinstance(o, pyoxigraph.NamedNode))
    parts = [f"<h1>{escape(title)}</h1>", f'<p class="iri">{escape(iri)}</p>']
    if types:
        parts.append('<div class="types">' + "".join(
            f'<span class="type">{writer.term(t)}</span>' for t in types) + "</div>")

    own = [c for c in found.citations if c.of == iri]
    if own:
        parts.append("<h2>From the report</h2>")
        parts += [_citation(writer, c, found) for c in own]

    properties = _group(((p, o) for p, o in found.outgoing if p.value != _TYPE), 0)
    if properties:
        rows = [f"<tr><th>{writer.term(p)}</th><td>{_cell(writer, properties[p])}</td></tr>"
                for p in sorted(properties, key=lambda p: (term_label(p), p))]
        parts.append('<h2>Properties</h2>\n<table class="properties">\n' + "\n".join(rows)
                     + "\n</table>")

    if found.incoming:
        grouped = _group(((p, s) for s, p in found.incoming), 0)
        rows = [f"<tr><th>is {writer.term(p)} of</th><td>{_cell(writer, grouped[p])}</td></tr>"
                for p in sorted(grouped, key=lambda p: (term_label(p), p))]
        more = (f'<p class="small">Only the first {INCOMING_LIMIT} are listed: '
                f'<a href="{escape(site.path)}query/?query='
                f'{escape(_quote(f"SELECT ?s ?p WHERE {{ ?s ?p <{iri}> }}"))}">query for all'
                "</a>.</p>") if found.incoming_more else ""
        parts.append('<h2>Referred to by</h2>\n<table class="properties">\n' + "\n".join(rows)
                     + "\n</table>" + more)

    others = [c for c in found.citations if c.of != iri]
    if others:
        parts.append("<h2>Mentioned in the report</h2>")
        parts += [_citation(writer, c, found) for c in others[:30]]

    text = found.report_texts.get(iri)
    if text is not None:
        lines = "".join(f'<span class="line" id="line-{n}">{escape(line) or " "}</span>'
                        for n, line in enumerate(text.split("\n"), 1))
        parts.append(f'<h2>Text</h2>\n<pre class="report">{lines}</pre>')

    links = [f'<a href="{escape(site.href(url))}" type="{f.media_type}">{f.title}</a>'
             for f in DOCUMENT_FORMATS[1:]
             if (url := site.document_url(iri, f.media_type)) is not None]
    parts.append('<h2>Data</h2>\n<p class="formats">' + " ".join(links) + " · "
                 f'<a href="{escape(site.path)}query/?query='
                 f'{escape(_quote(f"DESCRIBE <{iri}>"))}">query</a></p>')
    document = found.rdf("jsonld").decode("utf-8")
    head = [f'<link rel="alternate" type="{f.media_type}" href="{escape(site.href(url))}">'
            for f in DOCUMENT_FORMATS[1:]
            if (url := site.document_url(iri, f.media_type)) is not None]
    head.append(json_script(document))
    description = next((c.exact for c in own if c.exact), None)
    return page(title, "\n".join(parts), root=site.path, head=head, description=description)


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _citation(writer: _Writer, citation: Citation, found: Description) -> str:
    source_label = writer.label(citation.source)
    first_line = _first_line(citation.lines)
    report_url = writer.site.page_url(citation.source)
    where = escape(source_label)
    if report_url is not None:
        anchor = f"#line-{first_line}" if first_line else ""
        where = f'<a href="{escape(writer.site.href(report_url) + anchor)}">{where}</a>'
    if first_line:
        where += f", line {first_line}"
    about = "" if citation.of == found.iri else \
        f"{writer.link(pyoxigraph.NamedNode(citation.of))}: "
    text = found.report_texts.get(citation.source)
    paragraph = _paragraph(text, citation) if text is not None else None
    if paragraph is None:
        body = escape(citation.exact or "")
    else:
        before, quoted, after = paragraph
        body = f"{escape(before)}<mark>{escape(quoted)}</mark>{escape(after)}"
    return (f'<div class="source"><p class="small">{about}{where}</p>'
            f"<blockquote>{body}</blockquote></div>")


def _first_line(lines: str | None) -> int | None:
    """The first line named by an RFC 5147 ``line=a,b`` selector (``a`` counts from 0)."""
    match = re.fullmatch(r"line=(\d+)(?:,\d+)?", lines or "")
    return int(match[1]) + 1 if match else None


def _paragraph(text: str, citation: Citation) -> tuple[str, str, str] | None:
    """The paragraph of ``text`` around the cited span: (before, span, after).

    ``None`` unless the position selector and the quote agree with the text.

    >>> text = "Title\\n\\nFirst point. The one cited here. Last.\\n\\nNext"
    >>> _paragraph(text, Citation("x", "s", "r", 20, 39, "The one cited here.", None))
    ('First point. ', 'The one cited here.', ' Last.')
    """
    start, end = citation.start, citation.end
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return None
    quoted = text[start:end]
    if citation.exact is not None and " ".join(quoted.split()) != \
            " ".join(citation.exact.split()):
        return None
    begin = text.rfind("\n\n", 0, start)
    begin = 0 if begin < 0 else begin + 2
    finish = text.find("\n\n", end)
    finish = len(text) if finish < 0 else finish
    if finish - begin > 1200:  # a long block (a list): the lines of the span, and one around
        begin = max(begin, text.rfind("\n", 0, max(text.rfind("\n", 0, start), 0)) + 1)
        after = text.find("\n", end)
        after = text.find("\n", after + 1) if after >= 0 else -1
        finish = min(finish, len(text) if after < 0 else after)
    return text[begin:start], quoted, text[end:finish]
