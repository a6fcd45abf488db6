"""``mosgraph serve`` and ``mosgraph publish``: the graph on the web, live or as static files."""

from __future__ import annotations

import contextlib
import importlib.util
import tempfile
from pathlib import Path

import click

from ._app import echo, fail, handle_errors

__all__ = ["serve"]


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--store", metavar="oxigraph:PATH",
              help="Serve an Oxigraph store folder (opened read-only).")
@click.option("--endpoint", metavar="URL",
              help="Put the pages and the protocol in front of this SPARQL 1.1 endpoint.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--base-url", metavar="URL",
              help="Where the site is seen from outside (default: http://HOST:PORT/); the "
              "graph's IRIs answer under it.")
@click.option("--base", "iri_base", metavar="IRI", envvar="MOSGRAPH_BASE",
              help="The base the graph's IRIs were minted under (as for build; default "
              "https://w3id.org/mosgraph/).")
@click.option("--workers", type=click.IntRange(1, 256), metavar="N",
              help="Worker processes answering queries and pages (default: one per core).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.01),
              help="Seconds a query or page may take; past it, it is stopped.")
@click.option("--max-result-mb", default=50.0, show_default=True,
              type=click.FloatRange(min=0.001), help="Largest answer sent, in megabytes.")
@click.option("--allow-service", "allow_service", multiple=True, metavar="HOST",
              help="Let SERVICE call this host (or URL prefix); repeat for each. SERVICE is "
              "off otherwise.")
@click.option("--reports", "report_folders", multiple=True, metavar="DIR",
              type=click.Path(path_type=Path, file_okay=False),
              help="Folder of report texts, to show each fact's sentence in its paragraph "
              "(the bundled reports are always looked at).")
@handle_errors
def serve(files: tuple[Path, ...], store: str | None, endpoint: str | None, host: str,
          port: int, base_url: str | None, iri_base: str | None, workers: int | None,
          timeout: float, max_result_mb: float, allow_service: tuple[str, ...],
          report_folders: tuple[Path, ...]) -> None:
    """Serve a graph: a SPARQL endpoint, a page for every IRI, the ontology, the catalogue.

    FILES are RDF files (any format mosgraph reads); with none, --store or --endpoint, the
    graph of the bundled reports. The endpoint is read-only (SPARQL 1.1 Protocol at
    /sparql); every IRI of the graph answers under the base URL (303 to /doc/.../ in HTML,
    Turtle, JSON-LD, N-Triples or RDF/XML as asked).

    \b
    Example:
        mosgraph build -o mosgraph.ttl
        mosgraph serve mosgraph.ttl --port 8000
        curl -H 'Accept: text/turtle' -L http://127.0.0.1:8000/id/person/anil-arora
    """
    for module in ("starlette", "uvicorn"):
        if importlib.util.find_spec(module) is None:
            fail(f"mosgraph serve needs the serve extra: pip install 'mosgraph[serve]' "
                 f"({module} is missing)")
    from ..serve import ServeOptions, prepare_data, run

    options = ServeOptions(host=host, port=port, base_url=base_url, iri_base=iri_base,
                           workers=workers, timeout=timeout, max_result_mb=max_result_mb,
                           allow_service=allow_service,
                           report_folders=tuple(str(f) for f in report_folders))
    with tempfile.TemporaryDirectory(prefix="mosgraph-serve-") as folder:
        data = prepare_data(files, store, endpoint, Path(folder))
        if options.base_url is not None:
            from ..serve.site import check_base_url

            check_base_url(options.base_url)

        def announce(url: str) -> None:
            echo(f"mosgraph: serving {url} (SPARQL endpoint {url}sparql); Ctrl-C stops",
                 err=True)

        with contextlib.suppress(KeyboardInterrupt):
            run(data, options, announce)
