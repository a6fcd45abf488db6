"""``mosgraph publish``: the graph as a static site that any web host or CDN can serve.

The site is what ``mosgraph serve`` answers, as files (the same functions make both, so each
file is byte for byte what the server gives for the same IRI and media type):

* ``doc/PATH/index.html`` (and ``index.ttl``, ``index.jsonld``, ``index.nt``, ``index.rdf``)
  for every resource of the graph whose IRI is under its base;
* ``index.html``, ``query/``, ``ontology/``, ``shapes/``, ``catalog/`` (and a page per node
  of the catalogue record), ``.well-known/void``, ``context.jsonld``, ``404.html``;
* ``sitemap.xml`` (an index of ``sitemap-N.xml`` files past 50,000 pages);
* ``.htaccess``: the redirect rules of a w3id.org registration (copy it to the
  ``mosgraph/`` folder of the w3id.org repository) that send each IRI, by its ``Accept``
  header, to its document on the site; on Apache it also serves the files with their types.

The site is written into a new folder beside the target and renamed into place at the end,
so a failure leaves nothing half-written, and an existing folder is only replaced if it is a
site mosgraph published (it holds ``.mosgraph-site``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

from .errors import UsageError
from .serve.documents import site_documents
from .serve.pages import Reports, render_all
from .serve.site import DOCUMENT_FORMATS, Site
from .serve.source import DataSpec, Source

__all__ = ["MARKER", "PublishedSite", "htaccess", "publish", "resource_iris"]

MARKER = ".mosgraph-site"
"""The file that marks a folder as a site mosgraph published (and may replace)."""

_SITEMAP_LIMIT = 50_000


@dataclass(frozen=True)
class PublishedSite:
    """What :func:`publish` wrote: the folder, how many resources and files."""

    folder: Path
    resources: int
    files: int


def resource_iris(source: Source, site: Site) -> list[str]:
    """Every IRI of the graph the site answers for (subjects and objects), sorted."""
    found: set[str] = set()
    for base in sorted({site.iri_base, site.base_url}):
        literal = '"' + base.replace("\\", "\\\\").replace('"', '\\"') + '"'
        for position in ("?x ?p ?o", "?s ?p ?x"):
            for row in source.query(f"SELECT DISTINCT ?x WHERE {{ {position} "
                                    f"FILTER(isIRI(?x) && STRSTARTS(STR(?x), {literal})) }}"):
                iri = row[0].value
                if site.relative(iri) is not None and site.own_document(iri) is None:
                    found.add(iri)
    return sorted(found)


def htaccess(site: Site) -> str:
    """Apache rules: send each IRI to its document by ``Accept`` (303), the rest as is."""
    base = site.base_url
    lines = [
        "# Redirect rules for a w3id.org registration of this graph, written by mosgraph.",
        "# Copy this file into the mosgraph/ folder of the w3id.org repository: a request",
        "# for an IRI under https://w3id.org/mosgraph/ is sent (303 See Other) to its",
        f"# document on {base}, in the format its Accept header asks for.",
        "# The same file at the root of an Apache host of the site works the same way.",
        "Options +FollowSymLinks",
        "RewriteEngine on",
        "",
        "<IfModule mod_mime.c>",
        "  AddType text/turtle .ttl",
        "  AddType application/ld+json .jsonld",
        "  AddType application/n-triples .nt",
        "  AddType application/rdf+xml .rdf",
        "</IfModule>",
        "<Files \"void\">",
        "  ForceType text/turtle",
        "</Files>",
        "DirectoryIndex index.html",
        "ErrorDocument 404 /404.html" if site.path == "/" else
        f"ErrorDocument 404 {site.path}404.html",
        "",
    ]
    rdf = [f for f in DOCUMENT_FORMATS if f.name != "html"]
    for pattern, target, what in (
            ("^(ontology|shapes|catalog)$", base + "$1/", "the vocabulary, shapes, catalogue"),
            ("^(id/.+)$", base + "doc/$1/", "resources")):
        lines.append(f"# {what}")
        for fmt in rdf:
            media = fmt.media_type.replace("+", "\\+").replace(".", "\\.")
            lines += [f"RewriteCond %{{HTTP_ACCEPT}} {media}",
                      f"RewriteRule {pattern} {target}{fmt.file} [R=303,NE,L]"]
        lines += [f"RewriteRule {pattern} {target} [R=303,NE,L]", ""]
    if not base.startswith("https://w3id.org/"):
        lines += ["# anything else (the documents, the context, the catalogue's nodes)",
                  f"RewriteRule ^(.*)$ {base}$1 [R=302,NE,L]", ""]
    return "\n".join(lines)


def _sitemaps(site: Site, pages: list[str]) -> dict[str, bytes]:
    def urlset(urls: list[str]) -> bytes:
        body = "".join(f"  <url><loc>{escape(u)}</loc></url>\n" for u in urls)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns='
                f'"http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</urlset>\n'
                ).encode()

    if len(pages) <= _SITEMAP_LIMIT:
        return {"sitemap.xml": urlset(pages)}
    files: dict[str, bytes] = {}
    for number, start in enumerate(range(0, len(pages), _SITEMAP_LIMIT), 1):
        files[f"sitemap-{number}.xml"] = urlset(pages[start:start + _SITEMAP_LIMIT])
    body = "".join(f"  <sitemap><loc>{escape(site.base_url + name)}</loc></sitemap>\n"
                   for name in files)
    files["sitemap.xml"] = ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns='
                            f'"http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}'
                            "</sitemapindex>\n").encode()
    return files


def _check_target(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file: give a folder for the site")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).exists():
        raise UsageError(f"{folder} is not empty and is not a site mosgraph published: "
                         "give an empty or new folder")


_WORKER: tuple[Source, Site, Reports] | None = None


def _open_worker(spec: DataSpec, site: Site, report_folders: list[str]) -> None:
    global _WORKER
    _WORKER = (spec.open(), site, Reports(report_folders))


def _render_chunk(iris: list[str]) -> list[tuple[str, dict[str, bytes]]]:
    assert _WORKER is not None
    source, site, reports = _WORKER
    return [(iri, render_all(source, site, iri, reports)) for iri in iris]


def _rendered(source: Source, site: Site, iris: list[str], reports: Reports,
              spec: DataSpec | None, jobs: int) -> Iterator[tuple[str, dict[str, bytes]]]:
    """Every resource's documents, made here or (``jobs`` > 1) by that many processes, each
    opening the data from ``spec``; in the order of ``iris`` either way."""
    if jobs <= 1 or spec is None or len(iris) < 200:
        for iri in iris:
            yield iri, render_all(source, site, iri, reports)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [iris[start:start + 100] for start in range(0, len(iris), 100)]
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_open_worker,
                             initargs=(spec, site, [str(f) for f in reports.folders])) as pool:
        for chunk in pool.map(_render_chunk, chunks):
            yield from chunk


def publish(source: Source, folder: str | os.PathLike[str], site: Site, *,
            endpoint: str | None = None, report_folders: tuple[str, ...] = (),
            progress: Callable[[int, int], None] | None = None,
            spec: DataSpec | None = None, jobs: int = 1) -> PublishedSite:
    """Write the site of the graph in ``source`` to ``folder`` (see the module docstring).

    ``endpoint`` is a live SPARQL endpoint serving the same graph, for the catalogue's data
    service and the query page; without one the site has neither. ``progress`` is told
    (done, total) as resources are written. With ``jobs`` > 1 and the ``spec`` that
    ``source`` was opened from, that many processes make the resources' documents (the bytes
    are the same).
    """
    target = Path(folder)
    _check_target(target)
    from .resources import reports_dir

    reports = Reports([*report_folders, str(reports_dir())])
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    staging.chmod(0o755)
    files = 0
    try:
        def write(relative: str, body: bytes) -> None:
            nonlocal files
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)
            files += 1

        documents = site_documents(source, site, endpoint=endpoint)
        for relative, (_, body) in sorted(documents.items()):
            write(relative, body)
        iris = resource_iris(source, site)
        pages = [site.base_url + p for p in sorted(
            key[:-len("index.html")] for key in documents if key.endswith("index.html"))]
        for done, (iri, formats) in enumerate(
                _rendered(source, site, iris, reports, spec, jobs), 1):
            relative = "doc/" + site.relative(iri) + "/"  # type: ignore[operator]
            for fmt in DOCUMENT_FORMATS:
                if fmt.media_type in formats:
                    write(relative + fmt.file, formats[fmt.media_type])
            if formats:
                pages.append(site.base_url + quote(relative))
            if progress is not None and (done % 500 == 0 or done == len(iris)):
                progress(done, len(iris))
        for name, body in _sitemaps(site, pages).items():
            write(name, body)
        write(".htaccess", htaccess(site).encode("utf-8"))
        write(MARKER, b"A site written by mosgraph publish; it may replace this folder.\n")
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return PublishedSite(target, len(iris), files)
