"""``mosgraph serve`` and ``mosgraph publish``: the graph on the web, live or as static files."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import click

from ._app import echo, fail, handle_errors

__all__ = ["publish", "serve"]


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
              help="Worker processes answering queries and pages (default: one per core "
                   "this process may use).")
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
@click.option("--cache-mb", default=100.0, show_default=True, type=click.FloatRange(min=0),
              help="Memory for pages and documents once made (0: make each every time).")
@handle_errors
def serve(files: tuple[Path, ...], store: str | None, endpoint: str | None, host: str,
          port: int, base_url: str | None, iri_base: str | None, workers: int | None,
          timeout: float, max_result_mb: float, allow_service: tuple[str, ...],
          report_folders: tuple[Path, ...], cache_mb: float) -> None:
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
    try:
        import uvicorn  # noqa: F401 - only whether it is there
    except ImportError:
        fail("mosgraph serve needs the serve extra: pip install 'mosgraph[serve]' "
             "(uvicorn is missing)")
    from ..serve import ServeOptions, prepare_data, run

    options = ServeOptions(host=host, port=port, base_url=base_url, iri_base=iri_base,
                           workers=workers, timeout=timeout, max_result_mb=max_result_mb,
                           allow_service=allow_service,
                           report_folders=tuple(str(f) for f in report_folders),
                           cache_mb=cache_mb)
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


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path),
              help="Folder to write the site to (new, empty, or a site published before).")
@click.option("--base-url", required=True, metavar="URL",
              help="Where the site will be served from; the graph's IRIs answer under it.")
@click.option("--store", metavar="oxigraph:PATH", help="Publish an Oxigraph store folder.")
@click.option("--endpoint", metavar="URL", help="Publish the graph of this SPARQL endpoint.")
@click.option("--base", "iri_base", metavar="IRI", envvar="MOSGRAPH_BASE",
              help="The base the graph's IRIs were minted under (default "
              "https://w3id.org/mosgraph/).")
@click.option("--sparql", metavar="URL",
              help="A live SPARQL endpoint serving the same graph (mosgraph serve): the "
              "catalogue lists it as a data service and the query page sends queries to it.")
@click.option("--reports", "report_folders", multiple=True, metavar="DIR",
              type=click.Path(path_type=Path, file_okay=False),
              help="Folder of report texts, to show each fact's sentence in its paragraph.")
@click.option("--jobs", type=click.IntRange(1, 256), metavar="N",
              help="Processes making the pages (default: one per core this process may use).")
@handle_errors
def publish(files: tuple[Path, ...], output: Path, base_url: str, store: str | None,
            endpoint: str | None, iri_base: str | None, sparql: str | None,
            report_folders: tuple[Path, ...], jobs: int | None) -> None:
    """Write the graph as a static site: a folder per resource, ontology, catalogue.

    Every file is what `mosgraph serve` answers for the same URL: each resource's page
    (doc/.../index.html) and data (index.ttl, index.jsonld, index.nt, index.rdf), the
    ontology and shapes documentation, the catalogue, the JSON-LD context, a sitemap, and
    the .htaccess redirect rules of a w3id.org registration. Any static host or CDN can
    serve it.

    \b
    Example:
        mosgraph build -o mosgraph.ttl
        mosgraph publish mosgraph.ttl -o site --base-url https://example.org/mosgraph/
    """
    from ..cores import usable_cores
    from ..iris import base_from_env
    from ..publish import publish as write_site
    from ..serve import prepare_data
    from ..serve.site import Site, check_base_url

    site = Site(check_base_url(base_url), iri_base or base_from_env())
    if sparql is not None:
        from ..store import RemoteStore

        RemoteStore(sparql)  # checks the URL
    with tempfile.TemporaryDirectory(prefix="mosgraph-publish-") as folder:
        spec = prepare_data(files, store, endpoint, Path(folder))
        source = spec.open()

        def progress(done: int, total: int) -> None:
            echo(f"  {done:,}/{total:,} resources", err=True)

        written = write_site(source, output, site, endpoint=sparql,
                             report_folders=tuple(str(f) for f in report_folders),
                             progress=progress, spec=spec, jobs=jobs or usable_cores())
    echo(f"wrote {written.folder}: {written.resources:,} resources, {written.files:,} files")
