"""The web application: routes, content negotiation, headers. Work goes to the worker pool.

A plain ASGI application (:class:`App`), run by uvicorn (see :func:`mosgraph.serve.run`):
four kinds of path need no framework, and every microsecond a request costs here is one the
server cannot spend answering another.

Paths (under the site's root):

* ``sparql`` the SPARQL endpoint;
* ``doc/PATH/`` the document about the resource ``PATH`` (content negotiation) and
  ``doc/PATH/index.EXT`` each format of it (made by a worker, or made at start for the
  catalogue's own nodes);
* the site's own documents (:mod:`mosgraph.serve.documents`): a folder such as
  ``ontology/`` negotiates between its ``index.EXT`` files, a file such as
  ``context.jsonld`` is served as it is;
* ``ontology``, ``shapes``, ``catalog`` (IRIs of things) and any other path (a resource IRI
  such as ``id/person/anil-arora``): ``303 See Other`` to the document, in the format asked.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from .negotiate import choose
from .pool import Pool
from .protocol import (
    GRAPH_TYPES,
    ProtocolError,
    check_services,
    parse_request,
    service_description,
)
from .site import DOCUMENT_FORMATS, Site
from .site_pages import not_found
from .worker import Reply

__all__ = ["App", "AppConfig", "create_app"]

MAX_QUERY_BYTES = 1_000_000
"""The largest request body the endpoint reads (a query, or a form holding one)."""

_HTML = "text/html; charset=utf-8"
_DOCUMENT_TYPES = [f.media_type for f in DOCUMENT_FORMATS]
_ALIASES = {"application/json": "application/ld+json", "application/xhtml+xml": "text/html",
            "application/x-turtle": "text/turtle", "text/plain": "application/n-triples"}
_OFFERS = _DOCUMENT_TYPES + list(_ALIASES)
_THINGS = ("ontology", "shapes", "catalog")  # IRIs of things whose document is a folder


@dataclass
class AppConfig:
    """What the application serves and how.

    ``cache_bytes`` bounds the documents kept once made (least recently used dropped first);
    ``cache_seconds`` is how long one is kept (``None``: as long as the server runs, for data
    that cannot change under it).
    """

    site: Site
    pool: Pool
    allow_service: tuple[str, ...] = ()
    title: str = "mosgraph SPARQL endpoint"
    documents: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (type, body)
    cache_bytes: int = 100_000_000
    cache_seconds: float | None = None


class _Cache:
    """Answers about resources, made by the workers, ready to send (headers and ETag
    included), by (path, media type, negotiated): the least recently used go first."""

    def __init__(self, limit: int, seconds: float | None) -> None:
        self.limit, self.seconds = limit, seconds
        self.entries: OrderedDict[tuple[str, str, bool], tuple[float, _Answer]] = OrderedDict()
        self.size = 0

    def get(self, key: tuple[str, str, bool]) -> _Answer | None:
        found = self.entries.get(key)
        if found is None:
            return None
        made, answer = found
        if self.seconds is not None and time.monotonic() - made > self.seconds:
            self.drop(key)
            return None
        self.entries.move_to_end(key)
        return answer

    def put(self, key: tuple[str, str, bool], answer: _Answer) -> None:
        if answer.status != 200 or len(answer.body) > self.limit // 4:
            return
        self.drop(key)
        self.entries[key] = (time.monotonic(), answer)
        self.size += len(answer.body)
        while self.size > self.limit:
            self.drop(next(iter(self.entries)))

    def drop(self, key: tuple[str, str, bool]) -> None:
        found = self.entries.pop(key, None)
        if found is not None:
            self.size -= len(found[1].body)


@lru_cache(maxsize=2048)
def _negotiate(accept: str | None, available: tuple[str, ...]) -> str | None:
    offers = [*available, *(a for a, t in _ALIASES.items() if t in available)]
    chosen = choose(accept, offers)
    return None if chosen is None else _ALIASES.get(chosen, chosen)


def _document_type(accept: str | None, available: list[str] = _DOCUMENT_TYPES) -> str | None:
    return _negotiate(accept, tuple(available))


def _etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


_CORS = [(b"access-control-allow-origin", b"*"),
         (b"access-control-expose-headers", b"Content-Location, ETag, Link, Location, Vary")]
_PREFLIGHT = [(b"access-control-allow-methods", b"GET, HEAD, POST, OPTIONS"),
              (b"access-control-allow-headers", b"Accept, Content-Type, If-None-Match"),
              (b"access-control-max-age", b"86400")]


@dataclass
class _Request:
    method: str
    path: str  # under the site's root, decoded, without the leading "/"
    query_string: str
    headers: dict[str, str]
    receive: Any


@dataclass
class _Answer:
    status: int
    headers: dict[str, str]
    body: bytes = b""


def _ready(reply: Reply, headers: dict[str, str] | None = None) -> _Answer:
    """The answer for ``reply``, with its ETag if it succeeded (made once, sent many times)."""
    all_headers = {"content-type": reply.content_type, **dict(reply.headers), **(headers or {})}
    if reply.status == 200:
        all_headers["etag"] = _etag(reply.body)
    return _Answer(reply.status, all_headers, reply.body)


def _conditional(request: _Request, answer: _Answer) -> _Answer:
    """``304 Not Modified`` if the client holds this answer already (``If-None-Match``)."""
    tag = answer.headers.get("etag")
    if tag and request.method in ("GET", "HEAD") and \
            tag in request.headers.get("if-none-match", ""):
        return _Answer(304, {k: v for k, v in answer.headers.items() if k != "content-type"})
    return answer


def _answer(request: _Request, reply: Reply, headers: dict[str, str] | None = None) -> _Answer:
    if request.method not in ("GET", "HEAD"):
        return _Answer(reply.status, {"content-type": reply.content_type, **dict(reply.headers),
                                      **(headers or {})}, reply.body)
    return _conditional(request, _ready(reply, headers))


def _redirect(location: str, status: int = 303) -> _Answer:
    return _Answer(status, {"content-type": "text/plain; charset=utf-8", "location": location,
                            "vary": "Accept"}, f"See {location}\n".encode())


class App:
    """The ASGI application for one :class:`AppConfig`."""

    def __init__(self, config: AppConfig) -> None:
        self.config = config
        self.site, self.pool, self.documents = config.site, config.pool, config.documents
        self.cache = _Cache(config.cache_bytes, config.cache_seconds)
        self.endpoint = self.site.base_url + "sparql"
        self.root = self.site.path  # "/" or "/prefix/"
        self.folders: dict[str, list[str]] = {}  # folder -> media types of its index files
        for key in self.documents:
            folder, _, name = key.rpartition("/")
            fmt = self.site.document_format(name)
            if fmt is not None:
                self.folders.setdefault(folder + "/" if folder else "", []).append(
                    fmt.media_type)
        for media_types in self.folders.values():
            media_types.sort(key=_DOCUMENT_TYPES.index)
        self.ready = {key: _ready(Reply(200, content_type, body))
                      for key, (content_type, body) in self.documents.items()}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":  # lifespan and websockets: nothing to do here
            if scope["type"] == "lifespan":
                while (await receive())["type"] != "lifespan.shutdown":
                    await send({"type": "lifespan.startup.complete"})
                await send({"type": "lifespan.shutdown.complete"})
            return
        path: str = scope["path"]
        method = scope["method"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope["headers"]}
        extra = list(_CORS)
        if not path.startswith(self.root) and path + "/" != self.root:
            answer = _Answer(404, {"content-type": _HTML},
                             not_found(None, self.site, path))
        else:
            request = _Request(method, path[len(self.root):],
                               scope["query_string"].decode("latin-1"), headers, receive)
            if method == "OPTIONS":
                answer = _Answer(204, {"allow": "GET, HEAD, POST, OPTIONS"})
                extra += _PREFLIGHT
            else:
                answer = await self.route(request)
        out = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers.items()]
        out += extra
        body = b"" if method == "HEAD" or answer.status == 304 else answer.body
        if answer.status != 304:
            out.append((b"content-length", str(len(answer.body)).encode("ascii")))
        await send({"type": "http.response.start", "status": answer.status, "headers": out})
        await send({"type": "http.response.body", "body": body})

    async def route(self, request: _Request) -> _Answer:
        path = request.path
        if path in ("sparql", "sparql/"):
            return await self.sparql(request)
        if request.method not in ("GET", "HEAD"):
            return _Answer(405, {"content-type": "text/plain; charset=utf-8",
                                 "allow": "GET, HEAD, OPTIONS"},
                           b"this page answers GET, not " + request.method.encode() + b"\n")
        if path.startswith("doc/"):
            return await self.document(request, path[len("doc/"):])
        return self.other(request, path)

    async def sparql(self, request: _Request) -> _Answer:
        body = b""
        if request.method == "POST":
            chunks: list[bytes] = []
            size = 0
            more = True
            while more:
                message = await request.receive()
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > MAX_QUERY_BYTES:
                    return _answer(request, Reply.text(
                        413, f"the request is larger than {MAX_QUERY_BYTES:,} bytes"))
                chunks.append(chunk)
                more = message.get("more_body", False)
            body = b"".join(chunks)
        accept = request.headers.get("accept")
        try:
            operation = parse_request(request.method, request.query_string,
                                      request.headers.get("content-type", ""), body)
            if operation is not None:
                check_services(operation.query, self.config.allow_service)
        except ProtocolError as exc:
            return _answer(request, Reply.text(exc.status, exc.message, exc.headers))
        if operation is None:  # the service description (or, for a browser, the query page)
            wanted = choose(accept, ["text/turtle", "text/html", "application/ld+json",
                                     "application/n-triples", "application/rdf+xml"])
            if wanted == "text/html":
                return _redirect(self.site.base_url + "query/")
            import pyoxigraph

            fmt, content_type = GRAPH_TYPES[wanted or "text/turtle"]
            triples = service_description(self.endpoint,
                                          federated=bool(self.config.allow_service),
                                          title=self.config.title)
            data = pyoxigraph.serialize(triples, format=fmt, prefixes={
                "sd": "http://www.w3.org/ns/sparql-service-description#",
                "formats": "http://www.w3.org/ns/formats/"})
            return _answer(request, Reply(200, content_type, data or b""), {"vary": "Accept"})
        reply = await self.pool.run(("query", operation, accept))
        return _answer(request, reply, {"vary": "Accept"})

    def from_folder(self, request: _Request, folder: str, media_type: str | None,
                    negotiated: bool, iri: str | None) -> _Answer | None:
        """The ``index`` file of a folder of documents made at start, if there is one."""
        if media_type is None:
            return None
        key = folder + self.site.format_for(media_type).file
        ready = self.ready.get(key)
        if ready is None:
            return None
        headers = {"link": _links(self.site, iri)} if iri else {}
        if negotiated:
            headers["vary"] = "Accept"
            headers["content-location"] = self.site.base_url + _quote(key)
        if headers:
            ready = _Answer(ready.status, {**ready.headers, **headers}, ready.body)
        return _conditional(request, ready)

    async def document(self, request: _Request, rest: str) -> _Answer:
        site = self.site
        head, _, last = rest.rpartition("/")
        fixed = site.document_format(last)
        if fixed is not None:
            path, media_type, negotiated = head, fixed.media_type, False
        elif rest.endswith("/"):
            path, negotiated = rest[:-1], True
            media_type = _document_type(request.headers.get("accept")) or ""
            if not media_type:
                return _answer(request, Reply.text(
                    406, "this document is available as " + ", ".join(_DOCUMENT_TYPES)))
        else:
            return _redirect(site.base_url + "doc/" + _quote(rest) + "/", 301)
        key = (path, media_type, negotiated)
        kept = self.cache.get(key)
        if kept is not None:
            return _conditional(request, kept)
        made = self.from_folder(request, "doc/" + path + "/", media_type, negotiated,
                                site.base_url + path)
        if made is not None:
            return made
        iri = site.iri_of(path)
        if site.relative(iri) is None:
            return _answer(request, Reply(404, _HTML, not_found(None, site, iri)))
        reply = await self.pool.run(("document", iri, media_type))
        headers = {"link": _links(site, iri)}
        if negotiated:
            headers["vary"] = "Accept"
            headers["content-location"] = site.base_url + "doc/" + _quote(path) + "/" + \
                site.format_for(media_type).file
        answer = _ready(reply, headers)
        self.cache.put(key, answer)
        return _conditional(request, answer)

    def other(self, request: _Request, path: str) -> _Answer:
        site, documents, folders = self.site, self.documents, self.folders
        accept = request.headers.get("accept")
        if path in documents:  # a file: the context, the VoID description, the script
            return _conditional(request, self.ready[path])
        if path in folders or (path.endswith("/") and path[:-1] in folders):
            folder = path if path in folders else path[:-1]
            available = folders[folder]
            made = self.from_folder(request, folder, _document_type(accept, available), True,
                                    None)
            if made is not None:
                return made
            return _answer(request, Reply.text(
                406, "this document is available as " + ", ".join(available)))
        if path + "/" in folders:
            if path not in _THINGS:  # a folder asked for without its final slash
                return _redirect(site.base_url + path + "/", 301)
            available = folders[path + "/"]
            media_type = _document_type(accept, available) or available[0]
            file = site.format_for(media_type).file
            return _redirect(site.base_url + path + "/" + ("" if file == "index.html" else file))
        iri = site.iri_of(path)
        if site.relative(iri) is None:
            return _answer(request, Reply(404, _HTML, not_found(None, site, iri)))
        media_type = _document_type(accept) or "text/html"
        location = site.document_url(iri, media_type)
        assert location is not None
        return _redirect(location)


def create_app(config: AppConfig) -> App:
    """The ASGI application for ``config``."""
    return App(config)


def _quote(path: str) -> str:
    return quote(path, safe="/-._~!$&'()*+,;=:@")


def _links(site: Site, iri: str) -> str:
    links = [f'<{iri}>; rel="http://xmlns.com/foaf/0.1/primaryTopic"']
    for fmt in DOCUMENT_FORMATS:
        url = site.document_url(iri, fmt.media_type)
        if url is not None:
            links.append(f'<{url}>; rel="alternate"; type="{fmt.media_type}"')
    return ", ".join(links)
