"""``mosgraph serve``: a read-only SPARQL endpoint and linked-data pages for a graph.

One server process answers HTTP (a plain ASGI application on uvicorn); the work (queries,
pages) is done by a pool of worker processes, each holding the data, so that a query past its
time limit is stopped by killing its process (:mod:`mosgraph.serve.pool`). The data is the
graph of some RDF files (loaded once into memory in each worker), an Oxigraph store folder
(opened read-only by each worker) or any SPARQL 1.1 endpoint (the pages and the protocol then
sit in front of it).

Modules: :mod:`~mosgraph.serve.site` (IRIs and URLs), :mod:`~mosgraph.serve.negotiate`
(``Accept``), :mod:`~mosgraph.serve.protocol` (the SPARQL protocol),
:mod:`~mosgraph.serve.source` (where the data is), :mod:`~mosgraph.serve.pages` (the
document about a resource), :mod:`~mosgraph.serve.site_pages` (home, query, 404),
:mod:`~mosgraph.serve.worker` and :mod:`~mosgraph.serve.pool` (the processes),
:mod:`~mosgraph.serve.app` (routes) and :func:`run` (uvicorn: the ``serve`` extra).
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..cores import usable_cores
from ..errors import StoreError, UsageError
from .site import Site
from .source import DataSpec
from .worker import Settings

__all__ = ["ServeOptions", "prepare_data", "run"]


@dataclass(frozen=True)
class ServeOptions:
    """How ``mosgraph serve`` runs (the command's options)."""

    host: str = "127.0.0.1"
    port: int = 8000
    base_url: str | None = None  # default: http://HOST:PORT/
    iri_base: str | None = None  # default: MOSGRAPH_BASE or https://w3id.org/mosgraph/
    workers: int | None = None  # default: the number of cores
    timeout: float = 10.0
    max_result_mb: float = 50.0
    allow_service: tuple[str, ...] = ()
    report_folders: tuple[str, ...] = field(default_factory=tuple)
    cache_mb: float = 100.0


def prepare_data(files: Sequence[str | os.PathLike[str]], store: str | None,
                 endpoint: str | None, folder: Path) -> DataSpec:
    """Where the workers find the data: RDF files are read once here (a bad file fails now,
    with its line) and written to ``folder`` as N-Quads for the workers to load."""
    given = sum(bool(x) for x in (files, store, endpoint))
    if given > 1:
        raise UsageError("give RDF files, --store or --endpoint, not more than one")
    if endpoint:
        from ..store import RemoteStore

        RemoteStore(endpoint)  # checks the URL
        return DataSpec("endpoint", endpoint)
    if store:
        kind, _, location = store.partition(":")
        if kind != "oxigraph" or not location:
            raise UsageError(f"unknown store {store!r}: expected oxigraph:PATH")
        from ..store import OxigraphStore

        OxigraphStore(location, read_only=True).close()  # fails now if there is no store there
        return DataSpec("oxigraph", str(Path(location).resolve()))
    import pyoxigraph

    from .. import rdfio

    default = pyoxigraph.DefaultGraph()
    dump = folder / "data.nq"
    if files:  # every graph of every file into the default graph
        quads = [pyoxigraph.Quad(q.subject, q.predicate, q.object, default)
                 for path in files for q in rdfio.read(path).quads]
        dump.write_bytes(rdfio.serialize(quads, "nquads"))
    else:  # the bundled reports
        from ..build import build_graph
        from ..sources import load_sources

        dump.write_bytes(rdfio.serialize(build_graph(load_sources()), "nquads"))
    return DataSpec("nquads", str(dump))


def _listen(host: str, port: int) -> socket.socket:
    try:
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(info[0], socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(info[4])
        sock.listen(1024)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    sock.setblocking(False)
    return sock


def run(data: DataSpec, options: ServeOptions,
        announce: Callable[[str], None] = print) -> None:
    """Serve ``data`` until interrupted; ``announce`` is told the URL once it answers."""
    try:
        import uvicorn

        from .app import AppConfig, create_app
        from .pool import Pool
    except ModuleNotFoundError as exc:  # pragma: no cover - depends on the installation
        raise UsageError("mosgraph serve needs the serve extra: pip install "
                         f"'mosgraph[serve]' ({exc.name} is missing)") from exc
    from ..iris import base_from_env

    sock = _listen(options.host, options.port)
    port = sock.getsockname()[1]
    host = f"[{options.host}]" if ":" in options.host else options.host
    site = Site(options.base_url or f"http://{host}:{port}/",
                options.iri_base or base_from_env())
    settings = Settings(data, site, int(options.max_result_mb * 1_000_000),
                        options.report_folders)
    try:
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ModuleNotFoundError:  # pragma: no cover - uvloop is optional (Windows)
        pass

    async def main() -> None:
        pool = Pool(settings, size=options.workers or usable_cores(),
                    timeout=options.timeout)
        try:
            await pool.start()
            documents = await pool.run(("site", site.base_url + "sparql"), timeout=None)
            if not isinstance(documents, dict):  # an error reply
                raise StoreError("cannot make the site's pages: "
                                 + documents.body.decode("utf-8", "replace").strip())
            # data of a remote endpoint can change under the server: its pages are kept a
            # minute; files and stores opened here cannot
            app = create_app(AppConfig(
                site, pool, options.allow_service, documents=documents,
                cache_bytes=int(options.cache_mb * 1_000_000),
                cache_seconds=60.0 if data.kind == "endpoint" else None))
            config = uvicorn.Config(app, log_level="warning", access_log=False,
                                    lifespan="off", server_header=False)
            server = uvicorn.Server(config)
            announce(site.base_url)
            await server.serve(sockets=[sock])
        finally:
            await pool.close()

    asyncio.run(main())
