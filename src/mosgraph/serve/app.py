"""The web application: routes, content negotiation, headers. Work goes to the worker pool.

Built on Starlette (an ASGI toolkit) and run by uvicorn; see :func:`mosgraph.serve.run`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route

from .negotiate import choose
from .pool import Pool
from .protocol import ProtocolError, check_services, parse_request, service_description
from .site import DOCUMENT_FORMATS, Site
from .site_pages import not_found, query_page
from .worker import Reply

__all__ = ["AppConfig", "create_app"]

MAX_QUERY_BYTES = 1_000_000
"""The largest request body the endpoint reads (a query, or a form holding one)."""

_HTML = "text/html; charset=utf-8"
_DOCUMENT_TYPES = [f.media_type for f in DOCUMENT_FORMATS]
_ALIASES = {"application/json": "application/ld+json", "application/xhtml+xml": "text/html",
            "application/x-turtle": "text/turtle", "text/plain": "application/n-triples"}
_OFFERS = _DOCUMENT_TYPES + list(_ALIASES)


@dataclass
class AppConfig:
    """What the application serves and how."""

    site: Site
    pool: Pool
    allow_service: tuple[str, ...] = ()
    title: str = "mosgraph SPARQL endpoint"
    documents: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (type, body)


def _document_type(accept: str | None) -> str | None:
    chosen = choose(accept, _OFFERS)
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


def _see_other(location: str) -> Response:
    return Response(f"See {location}\n", status_code=303, media_type="text/plain",
                    headers={"location": location, "vary": "Accept"})


def create_app(config: AppConfig) -> Starlette:
    """The Starlette application for ``config``."""
    site, pool = config.site, config.pool
    endpoint = site.base_url + "sparql"
    static = resources.files("mosgraph.serve") / "static"
    query_html = query_page(site, endpoint)

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
                return _see_other(site.href(site.base_url + "query"))
            import pyoxigraph

            from .protocol import GRAPH_TYPES
            fmt, content_type = GRAPH_TYPES.get(wanted or "text/turtle", GRAPH_TYPES[
                "text/turtle"])
            triples = service_description(endpoint, federated=bool(config.allow_service),
                                          title=config.title)
            data = pyoxigraph.serialize(triples, format=fmt, prefixes={
                "sd": "http://www.w3.org/ns/sparql-service-description#",
                "formats": "http://www.w3.org/ns/formats/"})
            return _response(request, Reply(200, content_type, data or b""), {"vary": "Accept"})
        reply = await pool.run(("query", operation, accept))
        return _response(request, reply, {"vary": "Accept"})

    async def document(request: Request) -> Response:
        rest: str = request.path_params["rest"]
        head, _, last = rest.rpartition("/")
        fixed = site.document_format(last)
        if fixed is not None:
            path, media_type, negotiated = head, fixed.media_type, False
        elif rest.endswith("/") or not rest:
            path, negotiated = rest[:-1], True
            media_type = _document_type(request.headers.get("accept")) or ""
            if not media_type:
                return _response(request, Reply.text(
                    406, "this document is available as " + ", ".join(_DOCUMENT_TYPES)))
        else:
            return Response(status_code=301, headers={
                "location": site.href(site.base_url + "doc/" + quote(rest) + "/")})
        iri = site.iri_of(path)
        if site.relative(iri) is None:
            return _response(request, Reply(404, _HTML, not_found(None, site, iri)))
        key = "doc/" + path + "/"
        if key in config.documents:
            content_type, body = config.documents[key]
            reply = Reply(200, content_type, body)
        else:
            reply = await pool.run(("document", iri, media_type))
        headers = {"link": _links(site, iri)}
        if negotiated:
            chosen = site.format_for(media_type)
            headers["vary"] = "Accept"
            headers["content-location"] = site.href(site.base_url + "doc/" + quote(path) + "/"
                                                    + chosen.file)
        return _response(request, reply, headers)

    async def resource(request: Request) -> Response:
        path: str = request.path_params["path"]
        iri = site.iri_of(path)
        if site.relative(iri) is None:
            return _response(request, Reply(404, _HTML, not_found(None, site, iri)))
        media_type = _document_type(request.headers.get("accept")) or "text/html"
        location = site.document_url(iri, media_type)
        assert location is not None
        return _see_other(site.href(location))

    async def query(request: Request) -> Response:
        return _response(request, Reply(200, _HTML, query_html))

    async def static_file(request: Request) -> Response:
        name: str = request.path_params["name"]
        types = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
        suffix = name[name.rfind("."):] if "." in name else ""
        entry = static / name
        if "/" in name or suffix not in types or not entry.is_file():
            return _response(request, Reply.text(404, f"no such file: static/{name}"))
        return _response(request, Reply(200, types[suffix], entry.read_bytes()),
                         {"cache-control": "public, max-age=3600"})

    async def fixed_document(request: Request) -> Response:
        key = request.url.path[len(site.path):]
        content_type, body = config.documents[key]
        return _response(request, Reply(200, content_type, body))

    handlers: list[tuple[str, Callable[[Request], Awaitable[Response]], list[str]]] = [
        ("/sparql", sparql, ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]),
        ("/sparql/", sparql, ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]),
        ("/query", query, ["GET", "HEAD"]),
        ("/static/{name:path}", static_file, ["GET", "HEAD"]),
        ("/doc/{rest:path}", document, ["GET", "HEAD"]),
    ]
    routes: list[BaseRoute] = [Route(path, endpoint=handler, methods=methods)
                               for path, handler, methods in handlers]
    routes += [Route("/" + key, endpoint=fixed_document, methods=["GET", "HEAD"])
               for key in config.documents if not key.startswith("doc/")]
    routes.append(Route("/{path:path}", endpoint=resource, methods=["GET", "HEAD"]))
    if site.path != "/":
        routes = [Mount(site.path.rstrip("/"), routes=routes)]
    middleware = [Middleware(
        CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
        allow_headers=["Accept", "Content-Type", "If-None-Match"],
        expose_headers=["Content-Location", "ETag", "Link", "Location", "Vary"],
        max_age=86400)]
    return Starlette(routes=routes, middleware=middleware)


def _links(site: Site, iri: str) -> str:
    links = [f'<{iri}>; rel="http://xmlns.com/foaf/0.1/primaryTopic"']
    for fmt in DOCUMENT_FORMATS:
        url = site.document_url(iri, fmt.media_type)
        if url is not None:
            links.append(f'<{site.href(url)}>; rel="alternate"; type="{fmt.media_type}"')
    return ", ".join(links)

