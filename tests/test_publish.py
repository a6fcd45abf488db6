"""``mosgraph publish``: the static site is what ``mosgraph serve`` answers, file for file."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import httpx
import pytest
from click.testing import CliRunner
from rdflib import Graph
from servers import MosgraphServer

from mosgraph.cli import main
from mosgraph.publish import MARKER

TYPES = {".html": "text/html", ".ttl": "text/turtle", ".jsonld": "application/ld+json",
         ".nt": "application/n-triples", ".rdf": "application/rdf+xml"}


@pytest.fixture(scope="session")
def server(report_server: MosgraphServer) -> MosgraphServer:
    return report_server


@pytest.fixture(scope="module")
def site(server: MosgraphServer, report_ttl: Path,
         tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(main, ["publish", str(report_ttl), "-o", str(folder),
                                       "--base-url", server.url,
                                       "--sparql", server.url + "sparql", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert re.search(r"wrote .*: [\d,]+ resources, [\d,]+ files", result.output)
    return folder


def test_every_file_is_what_the_server_answers(site: Path, server: MosgraphServer) -> None:
    files = sorted(p for p in site.rglob("*") if p.is_file())
    compared = 0
    with httpx.Client(timeout=30) as client:
        for path in files:
            relative = path.relative_to(site).as_posix()
            if relative in (".htaccess", MARKER) or relative.startswith("sitemap"):
                continue  # for the static host only
            if relative.startswith("doc/") and compared % 7 and relative.count("/") > 3:
                compared += 1  # every resource's files would take long: a seventh of them
                continue
            answer = client.get(server.url + relative)
            assert answer.status_code == 200, relative
            assert answer.content == path.read_bytes(), relative
            # the same document asked for by content negotiation at its folder
            if path.suffix in TYPES and path.stem == "index":
                folder = server.url + (relative.rsplit("/", 1)[0] + "/" if "/" in relative
                                       else "")
                negotiated = client.get(folder, headers={"Accept": TYPES[path.suffix]})
                assert negotiated.content == path.read_bytes(), relative
            compared += 1
    assert compared > 1000


def test_every_resource_has_its_folder(site: Path, built_graph: Graph) -> None:
    minted = {str(s) for s in built_graph.subjects()
              if str(s).startswith("https://w3id.org/mosgraph/id/")}
    for iri in minted:
        folder = site / "doc" / iri.removeprefix("https://w3id.org/mosgraph/")
        assert {p.name for p in folder.iterdir() if p.is_file()} == {
            "index.html", "index.ttl", "index.jsonld", "index.nt", "index.rdf"}, iri


def test_sitemap_and_redirect_rules(site: Path, server: MosgraphServer) -> None:
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    locations = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert server.url + "doc/id/person/anil-arora/" in locations
    assert server.url + "ontology/" in locations
    assert len(locations) == len(set(locations))
    rules = (site / ".htaccess").read_text(encoding="utf-8")
    assert "RewriteEngine on" in rules
    assert f"RewriteRule ^(id/.+)$ {server.url}doc/$1/index.ttl [R=303,NE,L]" in rules
    assert f"RewriteRule ^(id/.+)$ {server.url}doc/$1/ [R=303,NE,L]" in rules
    # each Accept condition comes right before its rule, and HTML is the fallback
    lines = rules.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("RewriteCond %{HTTP_ACCEPT}"):
            assert lines[number + 1].startswith("RewriteRule")


def test_publish_is_deterministic(site: Path, report_ttl: Path, server: MosgraphServer,
                                  tmp_path: Path) -> None:
    """Another process, another hash seed, two processes making pages, into the same folder:
    the same bytes."""
    again = tmp_path / "again"
    shutil.copytree(site, again)
    (again / "doc" / "stale.txt").write_text("left by an older publish", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mosgraph", "publish", str(report_ttl), "-o",
                    str(again), "--base-url", server.url, "--sparql", server.url + "sparql",
                    "--jobs", "2"],
                   check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "7"})
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second  # and the stale file of the site it replaced is gone


def test_publish_replaces_only_its_own_site(tiny: Path, tmp_path: Path) -> None:
    args = ["publish", str(tiny), "--base-url", "https://data.example.org/"]
    # a folder that is not a mosgraph site is left alone
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, [*args, "-o", str(other)])
    assert result.exit_code == 2
    assert "is not a site mosgraph published" in result.output
    assert [p.name for p in other.iterdir()] == ["notes.txt"]
    bad = CliRunner().invoke(main, ["publish", str(tiny), "-o", str(tmp_path / "x"),
                                    "--base-url", "example.org"])
    assert bad.exit_code == 2 and "not an absolute http(s) URL" in bad.output
    assert not (tmp_path / "x").exists()
    # a site published before is replaced, and nothing is left beside it
    for _ in range(2):
        assert CliRunner().invoke(main, [*args, "-o", str(tmp_path / "ok")]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "ok", "tiny.ttl"]


@pytest.fixture()
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.ttl"
    path.write_text("""@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/mosgraph/id/person/anil-arora> a foaf:Person ; rdfs:label "Anil Arora" ;
    org:memberOf <https://w3id.org/mosgraph/id/org/statistics-canada> .
<https://w3id.org/mosgraph/id/org/statistics-canada> a org:FormalOrganization ;
    rdfs:label "Statistics Canada" .
<https://w3id.org/mosgraph/id/meeting/m-2021-01-29> a <https://schema.org/Event> ;
    <https://schema.org/startDate> "2021-01-29"^^<http://www.w3.org/2001/XMLSchema#date> .
""", encoding="utf-8")
    return path


def test_without_an_endpoint_the_static_site_says_so(tiny: Path, tmp_path: Path) -> None:
    folder = tmp_path / "static"
    result = CliRunner().invoke(main, ["publish", str(tiny), "-o", str(folder),
                                       "--base-url", "https://data.example.org/mosgraph/"])
    assert result.exit_code == 0, result.output
    query = (folder / "query" / "index.html").read_text(encoding="utf-8")
    assert "no SPARQL endpoint" in query
    assert "dcat:Catalog" in (folder / "catalog" / "index.ttl").read_text(encoding="utf-8")
    assert "DataService" not in (folder / "catalog" / "index.ttl").read_text(encoding="utf-8")
    page = (folder / "doc" / "id" / "person" / "anil-arora" / "index.html").read_text(
        encoding="utf-8")
    assert 'href="/mosgraph/doc/id/org/statistics-canada/"' in page
    # a graph with no meeting has no dates to issue a catalogue record with: it says so
    undated = tmp_path / "undated.ttl"
    undated.write_text(tiny.read_text(encoding="utf-8").split("<https://w3id.org/mosgraph/id/"
                                                             "meeting")[0], encoding="utf-8")
    result = CliRunner().invoke(main, ["publish", str(undated), "-o", str(tmp_path / "u"),
                                       "--base-url", "https://data.example.org/"])
    assert result.exit_code == 0, result.output
    assert "No catalogue record: the graph has no meeting dates" in (
        tmp_path / "u" / "catalog" / "index.html").read_text(encoding="utf-8")
