"""Where things live on a published site: IRIs, the URLs that answer for them, document files.

The graph mints its IRIs under one base (``https://w3id.org/mosgraph/`` unless built with
``--base``); the site runs at another (``--base-url``). An IRI under the base, or under the
site's own URL (the catalogue mints there), answers at the same path under the site:

==============================  ===================================================
``id/person/anil-arora``        the person: ``303 See Other`` to a document about it
``doc/person/anil-arora/``      that document, in the format the client asks for
``doc/…/index.html``            the same document as HTML (and ``index.ttl``,
                                ``index.jsonld``, ``index.nt``, ``index.rdf``)
``ontology``, ``ontology#Term`` the vocabulary: ``303`` to ``ontology/`` (HTML or RDF)
==============================  ===================================================

The documents are files a static host can serve as they are (``mosgraph publish`` writes
them), and the resource IRIs never change: a linked-data client asks for the IRI and is sent
on (``303``) to the document in the format it asked for.

>>> site = Site("http://127.0.0.1:8000/")
>>> iri = "https://w3id.org/mosgraph/id/person/anil-arora"
>>> site.page_url(iri)
'http://127.0.0.1:8000/doc/id/person/anil-arora/'
>>> site.document_url(iri, "text/turtle")
'http://127.0.0.1:8000/doc/id/person/anil-arora/index.ttl'
>>> site.iri_of("id/person/anil-arora")
'https://w3id.org/mosgraph/id/person/anil-arora'
>>> site.page_url("https://w3id.org/mosgraph/ontology#Attendance")
'http://127.0.0.1:8000/ontology/#Attendance'
>>> site.page_url("http://xmlns.com/foaf/0.1/Person") is None
True
>>> site.relative("https://w3id.org/mosgraph/id/../../etc/passwd") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from ..errors import UsageError
from ..iris import DEFAULT_BASE

__all__ = ["DOCUMENT_FORMATS", "RESERVED", "DocumentFormat", "Site", "check_base_url"]


@dataclass(frozen=True)
class DocumentFormat:
    """A format a resource's document is given in: media type, file name, pyoxigraph name."""

    name: str
    media_type: str
    file: str
    title: str


DOCUMENT_FORMATS: tuple[DocumentFormat, ...] = (
    DocumentFormat("html", "text/html", "index.html", "HTML"),
    DocumentFormat("turtle", "text/turtle", "index.ttl", "Turtle"),
    DocumentFormat("jsonld", "application/ld+json", "index.jsonld", "JSON-LD"),
    DocumentFormat("ntriples", "application/n-triples", "index.nt", "N-Triples"),
    DocumentFormat("rdfxml", "application/rdf+xml", "index.rdf", "RDF/XML"),
)
_BY_MEDIA_TYPE = {f.media_type: f for f in DOCUMENT_FORMATS}
_BY_FILE = {f.file: f for f in DOCUMENT_FORMATS}

# first path segments that are the site's own pages, never a resource's path
RESERVED = frozenset({"", "doc", "sparql", "query", "ontology", "shapes", "catalog",
                      "context.jsonld", "static", ".well-known", "sitemap.xml", "robots.txt",
                      "favicon.ico", ".htaccess"})
# IRIs that stand for one of the site's own documents (the vocabulary, the shapes, the
# catalogue), and the folder that document is in
_OWN = {DEFAULT_BASE + "ontology": "ontology/", DEFAULT_BASE + "shapes": "shapes/"}
_SEGMENT = re.compile(r"[^/\\\x00-\x20#?<>\"{}|^`]+")


def check_base_url(url: str) -> str:
    """``url`` with a final ``/``; a :class:`~mosgraph.errors.UsageError` unless absolute http(s).

    >>> check_base_url("https://data.example.org/mosgraph")
    'https://data.example.org/mosgraph/'
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or \
            parts.fragment or re.search(r"\s", url):
        raise UsageError(f"base URL '{url}' is not an absolute http(s) URL "
                         "(like https://data.example.org/mosgraph/)")
    return url if url.endswith("/") else url + "/"


@dataclass(frozen=True)
class Site:
    """The URLs of a site at ``base_url`` for a graph minted under ``iri_base``."""

    base_url: str
    iri_base: str = DEFAULT_BASE
    _bases: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", check_base_url(self.base_url))
        iri_base = self.iri_base if self.iri_base.endswith(("/", "#")) else self.iri_base + "/"
        object.__setattr__(self, "iri_base", iri_base)
        bases = {iri_base, DEFAULT_BASE, self.base_url}
        object.__setattr__(self, "_bases", tuple(sorted(bases, key=len, reverse=True)))

    @property
    def path(self) -> str:
        """The path of the site's root (``/`` or ``/mosgraph/``)."""
        return urlsplit(self.base_url).path or "/"

    # --- IRIs and the paths they answer at ------------------------------------------------

    def relative(self, iri: str) -> str | None:
        """The path of ``iri`` under the site, if the site answers for it (else ``None``).

        Only safe paths count: no empty, ``.`` or ``..`` segment, no query or fragment, and
        not a path the site keeps for itself.
        """
        for base in self._bases:
            if iri.startswith(base):
                rest = iri[len(base):]
                break
        else:
            return None
        segments = rest.split("/")
        if segments[0] in RESERVED or any(
                s in (".", "..") or not _SEGMENT.fullmatch(s) or s in _BY_FILE
                for s in segments):
            return None
        return rest

    def iri_of(self, path: str) -> str:
        """The resource IRI that the site ``path`` (relative, decoded) stands for."""
        return self.iri_base + path

    def own_document(self, iri: str) -> str | None:
        """The folder of the site's own document that ``iri`` stands for (``ontology/``).

        >>> Site("http://h/").own_document("https://w3id.org/mosgraph/ontology#Decision")
        'ontology/'
        """
        before = iri.partition("#")[0]
        if before == self.base_url + "catalog":
            return "catalog/"
        for own, folder in _OWN.items():
            if before == own or before.startswith(own + "/"):
                return folder
        return None

    def page_url(self, iri: str) -> str | None:
        """Where a browser reads about ``iri`` on this site (``None`` if not here)."""
        folder = self.own_document(iri)
        if folder is not None:
            fragment = iri.partition("#")[2]
            return self.base_url + folder + (f"#{quote(fragment)}" if fragment else "")
        path = self.relative(iri)
        return None if path is None else self.base_url + "doc/" + _url_path(path) + "/"

    def document_url(self, iri: str, media_type: str) -> str | None:
        """The URL of the document about ``iri`` in ``media_type`` (one of DOCUMENT_FORMATS)."""
        path = self.relative(iri)
        if path is None:
            return None
        fmt = _BY_MEDIA_TYPE[media_type]
        folder = self.base_url + "doc/" + _url_path(path) + "/"
        return folder if fmt.name == "html" else folder + fmt.file

    def href(self, url: str) -> str:
        """One of this site's URLs as a link from its own pages (root-relative).

        >>> Site("https://example.org/m/").href("https://example.org/m/doc/x/#a")
        '/m/doc/x/#a'
        """
        parts = urlsplit(url)
        return parts.path + (f"#{parts.fragment}" if parts.fragment else "")

    @staticmethod
    def document_format(file: str) -> DocumentFormat | None:
        """The format of a document file name (``index.ttl`` → Turtle)."""
        return _BY_FILE.get(file)

    @staticmethod
    def format_for(media_type: str) -> DocumentFormat:
        return _BY_MEDIA_TYPE[media_type]


def _url_path(path: str) -> str:
    return quote(path, safe="/-._~!$&'()*+,;=:@%")
