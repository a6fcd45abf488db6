"""The web application: routes, content negotiation, headers. Work goes to the worker pool.

Built on Starlette (an ASGI toolkit) and run by uvicorn; see :func:`mosgraph.serve.run`.

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
from dataclasses import dataclass, field
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route

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

__all__ = ["AppConfig", "create_app"]

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
    """What the application serves and how."""

    site: Site
    pool: Pool
    allow_service: tuple[str, ...] = ()
    title: str = "mosgraph SPARQL endpoint"
    documents: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (type, body)


def _document_type(accept: str | None, available: list[str] = _DOCUMENT_TYPES) -> str | None:
    offers = available + [a for a, t in _ALIASES.items() if t in available]
    chosen = choose(accept, offers)
    return None if chosen is None else _ALIASES.get(chosen, chosen)


def _etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def _response(request: Request, reply: Reply, headers: dict[str, str] | None = None) -> Response:
    all_headers = {"content-type": reply.content_type, **dict(reply.headers), **(headers or {})}
    if reply.status == 200 and request.method in ("GET", "HEAD"):
        tag = _etag(reply.body)
        all_headers["etag"] = tag
        if tag in request.headers.get("if-none-match", ""):
            del all_headers["content-type"]
            return Response(status_code=304, headers=all_headers)
    return Response(reply.body, status_code=reply.status, headers=all_headers)


def _redirect(location: str, status: int = 303) -> Response:
    return Response(f"See {location}\n", status_code=status, media_type="text/plain",
                    headers={"location": location, "vary": "Accept"})


def create_app(config: AppConfig) -> Starlette:
    """The Starlette application for ``config``."""
    site, pool, documents = config.site, config.pool, config.documents
    endpoint = site.base_url + "sparql"
    folders: dict[str, list[str]] = {}  # folder -> media types of its index files
    for key in documents:
        folder, _, name = key.rpartition("/")
        fmt = site.document_format(name)
        if fmt is not None:
            folders.setdefault(folder + "/" if folder else "", []).append(fmt.media_type)
    for media_types in folders.values():
        media_types.sort(key=_DOCUMENT_TYPES.index)

    async def sparql(request: Request) -> Response:
        body = b""
        if request.method == "POST":
            chunks: list[bytes] = []
            size = 0
            async for chunk in request.stream():
                size += len(chunk)
                if size > MAX_QUERY_BYTES:
                    return _response(request, Reply.text(
                        413, f"the request is larger than {MAX_QUERY_BYTES:,} bytes"))
                chunks.append(chunk)
            body = b"".join(chunks)
        accept = request.headers.get("accept")
        try:
            operation = parse_request(request.method, request.scope["query_string"].decode(
                "latin-1"), request.headers.get("content-type", ""), body)
            if operation is not None:
                check_services(operation.query, config.allow_service)
        except ProtocolError as exc:
            return _response(request, Reply.text(exc.status, exc.message, exc.headers))
        if operation is None:  # the service description (or, for a browser, the query page)
            wanted = choose(accept, ["text/turtle", "text/html", "application/ld+json",
                                     "application/n-triples", "application/rdf+xml"])
            if wanted == "text/html":
                return _redirect(site.base_url + "query/")
            import pyoxigraph

            fmt, content_type = GRAPH_TYPES[wanted or "text/turtle"]
            triples = service_description(endpoint, federated=bool(config.allow_service),
                                          title=config.title)
            data = pyoxigraph.serialize(triples, format=fmt, prefixes={
                "sd": "http://www.w3.org/ns/sparql-service-description#",
                "formats": "http://www.w3.org/ns/formats/"})
            return _response(request, Reply(200, content_type, data or b""), {"vary": "Accept"})
        reply = await pool.run(("query", operation, accept))
        return _response(request, reply, {"vary": "Accept"})

    def from_folder(request: Request, folder: str, media_type: str | None,
                    negotiated: bool, iri: str | None) -> Response | None:
        """The ``index`` file of a folder of documents made at start, if there is one."""
        if media_type is None:
            return None
        key = folder + site.format_for(media_type).file
        if key not in documents:
            return None
        content_type, body = documents[key]
        headers = {"link": _links(site, iri)} if iri else {}
        if negotiated:
            headers["vary"] = "Accept"
            headers["content-location"] = site.base_url + _quote(key)
        return _response(request, Reply(200, content_type, body), headers)

    async def document(request: Request) -> Response:
        rest: str = request.path_params["rest"]
        head, _, last = rest.rpartition("/")
        fixed = site.document_format(last)
        if fixed is not None:
            path, media_type, negotiated = head, fixed.media_type, False
        elif rest.endswith("/"):
            path, negotiated = rest[:-1], True
            media_type = _document_type(request.headers.get("accept")) or ""
            if not media_type:
                return _response(request, Reply.text(
                    406, "this document is available as " + ", ".join(_DOCUMENT_TYPES)))
        else:
            return _redirect(site.base_url + "doc/" + _quote(rest) + "/", 301)
        made = from_folder(request, "doc/" + path + "/", media_type, negotiated,
                           site.base_url + path)
        if made is not None:
            return made
        iri = site.iri_of(path)
        if site.relative(iri) is None:
            return _response(request, Reply(404, _HTML, not_found(None, site, iri)))
        reply = await pool.run(("document", iri, media_type))
        headers = {"link": _links(site, iri)}
        if negotiated:
            headers["vary"] = "Accept"
            headers["content-location"] = site.base_url + "doc/" + _quote(path) + "/" + \
                site.format_for(media_type).file
        return _response(request, reply, headers)

    async def other(request: Request) -> Response:
        path: str = request.path_params["path"]
        accept = request.headers.get("accept")
        if path in documents:  # a file: the context, the VoID description, the script
            content_type, body = documents[path]
            return _response(request, Reply(200, content_type, body))
        if path in folders or (path.endswith("/") and path[:-1] in folders):
            folder = path if path in folders else path[:-1]
            available = folders[folder]
            made = from_folder(request, folder, _document_type(accept, available), True, None)
            if made is not None:
                return made
            return _response(request, Reply.text(
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
            return _response(request, Reply(404, _HTML, not_found(None, site, iri)))
        media_type = _document_type(accept) or "text/html"
        location = site.document_url(iri, media_type)
        assert location is not None
        return _redirect(location)

    methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]
    routes: list[BaseRoute] = [
        Route("/sparql", endpoint=sparql, methods=methods),
        Route("/sparql/", endpoint=sparql, methods=methods),
        Route("/doc/{rest:path}", endpoint=document, methods=["GET", "HEAD"]),
        Route("/{path:path}", endpoint=other, methods=["GET", "HEAD"]),
    ]
    if site.path != "/":
        routes = [Mount(site.path.rstrip("/"), routes=routes)]
    middleware = [Middleware(
        CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
        allow_headers=["Accept", "Content-Type", "If-None-Match"],
        expose_headers=["Content-Location", "ETag", "Link", "Location", "Vary"],
        max_age=86400)]
    return Starlette(routes=routes, middleware=middleware)


def _quote(path: str) -> str:
    return quote(path, safe="/-._~!$&'()*+,;=:@")


def _links(site: Site, iri: str) -> str:
    links = [f'<{iri}>; rel="http://xmlns.com/foaf/0.1/primaryTopic"']
    for fmt in DOCUMENT_FORMATS:
        url = site.document_url(iri, fmt.media_type)
        if url is not None:
            links.append(f'<{url}>; rel="alternate"; type="{fmt.media_type}"')
    return ", ".join(links)
