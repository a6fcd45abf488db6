"""The catalogue record: DCAT-AP 3 conformance, VoID statistics, schema.org, the CLI."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDFS, SKOS

from mosgraph.catalog import (
    DEFAULT_PUBLISHER,
    Catalog,
    Publisher,
    companion_paths,
    describe,
    write_catalog,
)
from mosgraph.cli import main
from mosgraph.errors import InputError, UsageError
from mosgraph.rdfio import write_graph
from mosgraph.vocab import DCAT, DCATAP, SCHEMA, SPDX, VCARD
from mosgraph.void import VOID, statistics

BASE = "https://data.example.org/mosgraph/"
ENDPOINT = "https://data.example.org/sparql"

# shapes_recommended.ttl warnings left on the record of the bundled graph (with an endpoint):
# the source report has no distribution and no contact point of its own (we know neither),
# and the data service has no dcat:endpointDescription. Lower it, never raise it.
MAX_RECOMMENDED_WARNINGS = 3


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, built_graph: Graph) -> list[Path]:
    """The bundled graph written as Turtle and N-Triples, plus a GraphML file."""
    folder = tmp_path_factory.mktemp("published")
    files = [folder / "mosgraph.ttl", folder / "mosgraph.nt", folder / "mosgraph.graphml"]
    write_graph(built_graph, files[0])
    write_graph(built_graph, files[1])
    files[2].write_text('<?xml version="1.0"?>\n<graphml/>\n', encoding="utf-8")
    return files


@pytest.fixture(scope="module")
def record(built_graph: Graph, published: list[Path]) -> Catalog:
    return describe(built_graph, base_url=BASE, distributions=published, endpoint=ENDPOINT,
                    publisher=Publisher(DEFAULT_PUBLISHER.name, DEFAULT_PUBLISHER.kind,
                                        "mosgraph@example.org"))


def _shacl(data: Graph, shapes_files: list[Path], **options: Any) -> list[tuple[str, str, str]]:
    """(severity, focus node, path) of every SHACL result, sorted."""
    from pyshacl import validate

    shapes = Graph()
    for path in shapes_files:
        shapes.parse(path)
    _, results, _ = validate(data, shacl_graph=shapes, **options)
    rows = results.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?severity ?focus ?path WHERE {
            ?result a sh:ValidationResult ; sh:resultSeverity ?severity ; sh:focusNode ?focus .
            OPTIONAL { ?result sh:resultPath ?path }
        }""")
    return sorted((str(r.severity).rsplit("#", 1)[-1], str(r.focus), str(r.path))  # type: ignore[union-attr]
                  for r in rows)


# --- DCAT-AP 3 conformance -------------------------------------------------------------------


def test_conforms_to_dcat_ap_3_0_1(shared_vocab: Path, record: Catalog) -> None:
    folder = shared_vocab / "dcat-ap" / "3.0.1" / "html-shacl"
    assert _shacl(record.dcat, [folder / "shapes.ttl", folder / "range.ttl"]) == []


def test_conforms_to_dcat_ap_3_0_0_but_for_its_byte_size_erratum(
        shared_vocab: Path, record: Catalog, published: list[Path]) -> None:
    # 3.0.0 html-shacl/shapes.ttl wants dcat:byteSize as xsd:decimal; its own single-file
    # shapes, 3.0.1 and DCAT 3 say xsd:nonNegativeInteger, which is what we write
    folder = shared_vocab / "dcat-ap" / "3.0.0"
    results = _shacl(record.dcat, [folder / "html-shacl" / "shapes.ttl",
                                   folder / "html-shacl" / "range.ttl"])
    assert results == sorted(
        ("Violation", str(d), str(DCAT.byteSize))
        for d in record.dcat.subjects(RDF.type, DCAT.Distribution))
    assert len(results) == len(published)
    assert _shacl(record.dcat, [folder / "dcat-ap-SHACL.ttl"], inference="rdfs") == []


def test_few_recommended_warnings(shared_vocab: Path, record: Catalog,
                                  built_graph: Graph) -> None:
    folder = shared_vocab / "dcat-ap" / "3.0.1" / "html-shacl"
    warnings = _shacl(record.dcat, [folder / "shapes_recommended.ttl"])
    assert all(severity == "Warning" for severity, _, _ in warnings)
    assert len(warnings) <= MAX_RECOMMENDED_WARNINGS, warnings
    reports = {str(r) for r in built_graph.subjects(RDF.type, SCHEMA.Report)}
    # nothing about the catalogue, the graph's dataset or its distributions is missing
    assert {focus for _, focus, _ in warnings} <= reports | {BASE + "service"}
    deprecated = _shacl(record.dcat, [folder / "deprecateduris.ttl"])
    assert deprecated == []


# --- every term exists in its vocabulary -----------------------------------------------------

_VOCABULARIES = {
    "http://www.w3.org/ns/dcat#": "dcat3.ttl",
    str(DCTERMS): "dublin_core_terms.ttl",
    str(FOAF): "foaf.ttl",
    str(PROV): "prov-o.ttl",
    str(VOID): "void.ttl",
    str(SKOS): "skos.ttl",
    str(SCHEMA): "schemaorg-current-https.ttl",
}
# no reference copy in ../shared/vocab: checked by hand against their specifications
_UNCHECKED = {str(VCARD), str(SPDX), str(DCATAP)}


def _namespace(iri: str) -> str:
    return iri[: max(iri.rfind("#"), iri.rfind("/")) + 1]


def _schema_terms(data: Any) -> set[str]:
    """schema.org terms (keys and @type values) used in a JSON-LD tree."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if not key.startswith("@"):
                found.add(str(SCHEMA) + key)
            if key == "@type":
                found.add(str(SCHEMA) + value)
            found |= _schema_terms(value)
    elif isinstance(data, list):
        for item in data:
            found |= _schema_terms(item)
    return found


def test_every_term_exists_in_its_vocabulary(shared_vocab: Path, record: Catalog) -> None:
    used: set[str] = set()
    for graph in (record.dcat, record.void):
        used |= {str(p) for p in graph.predicates()}
        used |= {str(c) for c in graph.objects(None, RDF.type)}
    used |= _schema_terms(record.schema_org)
    by_namespace: dict[str, set[str]] = {}
    for term in used:
        by_namespace.setdefault(_namespace(term), set()).add(term)
    assert set(by_namespace) - set(_VOCABULARIES) - {str(RDF), str(RDFS)} == _UNCHECKED
    for namespace, file in _VOCABULARIES.items():
        if namespace not in by_namespace:
            continue
        vocabulary = Graph().parse(shared_vocab / file)
        missing = {t for t in by_namespace[namespace]
                   if (URIRef(t), None, None) not in vocabulary}
        assert not missing, f"not in {file}: {sorted(missing)}"


# --- what the record says ----------------------------------------------------------------------


def test_distributions_have_true_sizes_and_checksums(record: Catalog,
                                                      published: list[Path]) -> None:
    g = record.dcat
    distributions = set(g.objects(record.dataset, DCAT.distribution))
    assert len(distributions) == len(published)
    for path in published:
        (d,) = [d for d in distributions if g.value(d, DCTERMS.title) == Literal(path.name,
                                                                                  lang="en")]
        assert str(d).startswith(BASE)
        size = g.value(d, DCAT.byteSize)
        assert size.datatype == XSD.nonNegativeInteger
        assert int(size) == path.stat().st_size
        checksum = g.value(d, SPDX.checksum)
        assert isinstance(checksum, URIRef) and str(checksum).startswith(BASE)
        assert g.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        value = g.value(checksum, SPDX.checksumValue)
        assert value.datatype == XSD.hexBinary
        assert str(value).lower() == hashlib.sha256(path.read_bytes()).hexdigest()
        assert g.value(d, DCAT.downloadURL) == URIRef(BASE + path.name)
        assert g.value(d, DCAT.accessURL) == URIRef(BASE + path.name)
    media = {str(g.value(d, DCAT.mediaType)).rsplit("media-types/", 1)[-1]
             for d in distributions}
    assert media == {"text/turtle", "application/n-triples", "application/xml"}
    formats = {str(g.value(d, DCTERMS.format)).rsplit("/", 1)[-1] for d in distributions}
    assert formats == {"RDF_TURTLE", "RDF_N_TRIPLES", "XML"}
    # VoID lists the RDF files as dumps, not the GraphML
    assert set(record.void.objects(record.dataset, VOID.dataDump)) == {
        URIRef(BASE + "mosgraph.ttl"), URIRef(BASE + "mosgraph.nt")}


def test_dates_and_period_come_from_the_meetings(record: Catalog, built_graph: Graph) -> None:
    dates = sorted(row.d.toPython() for row in built_graph.query(  # type: ignore[union-attr]
        "PREFIX schema: <https://schema.org/> "
        "SELECT ?d WHERE { ?m a schema:Event ; schema:startDate ?d }"))
    g = record.dcat
    period = g.value(record.dataset, DCTERMS.temporal)
    assert g.value(period, DCAT.startDate) == Literal(dates[0].isoformat(), datatype=XSD.date)
    assert g.value(period, DCAT.endDate) == Literal(dates[-1].isoformat(), datatype=XSD.date)
    assert g.value(record.dataset, DCTERMS.issued).toPython() == dates[0]
    assert g.value(record.dataset, DCTERMS.modified).toPython() == dates[-1]
    assert record.schema_org["temporalCoverage"] == f"{dates[0]}/{dates[-1]}"


def test_given_dates_win(built_graph: Graph) -> None:
    later = describe(built_graph, base_url=BASE, issued="2024-05-01")
    modified = later.dcat.value(later.dataset, DCTERMS.modified)
    assert modified == Literal("2024-05-01", datatype=XSD.date)
    both = describe(built_graph, base_url=BASE, issued=dt.date(2022, 1, 2),
                    modified="2023-03-04")
    assert both.dcat.value(both.dataset, DCTERMS.issued).toPython() == dt.date(2022, 1, 2)
    assert both.schema_org["dateModified"] == "2023-03-04"


def test_sources_are_the_reports_of_the_graph(record: Catalog, built_graph: Graph) -> None:
    reports = {row.r for row in built_graph.query(  # type: ignore[union-attr]
        "PREFIX schema: <https://schema.org/> SELECT ?r WHERE { ?r a schema:Report }")}
    assert reports
    g = record.dcat
    assert set(g.objects(record.dataset, DCTERMS.source)) == reports
    assert set(g.objects(record.dataset, PROV.wasDerivedFrom)) == reports
    assert {r["@id"] for r in record.schema_org["isBasedOn"]} == {str(r) for r in reports}
    for report in reports:
        assert (report, RDF.type, DCAT.Dataset) in g
        assert g.value(report, DCTERMS.title) is not None


def test_record_iris_are_minted_under_the_base_url(record: Catalog) -> None:
    g = record.dcat
    minted = {record.dataset, *g.subjects(RDF.type, DCAT.Catalog),
              *g.subjects(RDF.type, DCAT.Distribution), *g.subjects(RDF.type, DCAT.DataService),
              *g.subjects(RDF.type, SPDX.Checksum), *g.subjects(RDF.type, DCTERMS.PeriodOfTime),
              *g.subjects(RDF.type, VCARD.Kind), *g.objects(None, DCTERMS.publisher)}
    minted -= set(g.objects(None, DCTERMS.source))  # the reports keep the graph's IRIs
    minted -= {g.value(r, DCTERMS.publisher) for r in g.objects(None, DCTERMS.source)}
    assert all(str(iri).startswith(BASE) for iri in minted), sorted(minted)
    assert all(isinstance(node, URIRef) for t in g for node in (t[0], t[2])
               if not isinstance(node, Literal)), "no blank nodes"
    service = URIRef(BASE + "service")
    assert g.value(service, DCAT.endpointURL) == URIRef(ENDPOINT)
    assert g.value(service, DCAT.servesDataset) == record.dataset
    assert g.value(URIRef(BASE + "contact"), VCARD.hasEmail) == URIRef(
        "mailto:mosgraph@example.org")


def test_describe_does_not_change_the_graph(graph: Graph) -> None:
    before = set(graph)
    describe(graph, base_url=BASE)
    assert set(graph) == before


# --- VoID ------------------------------------------------------------------------------------


def _count(graph: Graph, query: str) -> int:
    (row,) = graph.query(query)
    return int(row[0])  # type: ignore[index]


def test_void_statistics_equal_sparql_counts(record: Catalog, built_graph: Graph) -> None:
    void, d = record.void, record.dataset
    uri_space = str(void.value(d, VOID.uriSpace))
    expected = {
        VOID.triples: len(built_graph),
        VOID.distinctSubjects: "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
        VOID.distinctObjects: "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }",
        VOID.properties: "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
        VOID.classes: "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }",
        VOID.entities: "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o "
                       f"FILTER(isIRI(?s) && STRSTARTS(STR(?s), '{uri_space}')) }}",
    }
    for prop, query in expected.items():
        want = query if isinstance(query, int) else _count(built_graph, query)
        assert int(void.value(d, prop)) == want, prop
    assert uri_space == "https://w3id.org/mosgraph/id/"
    assert all(str(s).startswith(uri_space) for s in built_graph.subjects())

    classes = {row.c: int(row.n) for row in built_graph.query(  # type: ignore[union-attr]
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}
    partitions = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities))
                  for p in void.objects(d, VOID.classPartition)}
    assert partitions == classes
    properties = {row.p: int(row.n) for row in built_graph.query(  # type: ignore[union-attr]
        "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p")}
    partitions = {void.value(p, VOID.property): int(void.value(p, VOID.triples))
                  for p in void.objects(d, VOID.propertyPartition)}
    assert partitions == properties


def test_void_vocabularies_examples_and_endpoint(record: Catalog, built_graph: Graph) -> None:
    void, d = record.void, record.dataset
    vocabularies = {str(v) for v in void.objects(d, VOID.vocabulary)}
    used = {_namespace(str(p)) for p in built_graph.predicates()} | {
        _namespace(str(c)) for c in built_graph.objects(None, RDF.type)}
    assert vocabularies == used
    examples = set(void.objects(d, VOID.exampleResource))
    assert 1 <= len(examples) <= 5
    assert all((e, None, None) in built_graph for e in examples)
    assert void.value(d, VOID.sparqlEndpoint) == URIRef(ENDPOINT)
    partitions = [*void.objects(d, VOID.classPartition), *void.objects(d, VOID.propertyPartition)]
    assert len(set(partitions)) == len(partitions)
    assert all(str(p).startswith(f"{d}/") for p in partitions)


def test_void_statistics_of_a_small_graph() -> None:
    g = Graph().parse(format="turtle", data="""
        @prefix ex: <https://example.org/id/> .
        ex:a a ex:T ; ex:p ex:b , "x" .
        ex:b a ex:T , ex:U .
        [] ex:p ex:a .
    """)
    stats = statistics(g)
    assert (stats.triples, stats.distinct_subjects, stats.entities) == (6, 3, 2)
    assert stats.classes == {"https://example.org/id/T": 2, "https://example.org/id/U": 1}
    assert stats.properties == {str(RDF.type): 3, "https://example.org/id/p": 3}
    assert statistics(Graph()).uri_space is None


# --- schema.org ---------------------------------------------------------------------------------


def test_schema_org_agrees_with_the_dcat_record(record: Catalog, published: list[Path]) -> None:
    data = record.schema_org
    assert data["@context"] == "https://schema.org/" and data["@type"] == "Dataset"
    assert data["name"] == str(record.dcat.value(record.dataset, DCTERMS.title))
    assert data["license"] == str(record.dcat.value(record.dataset, DCTERMS.license))
    downloads = {d["contentUrl"]: d for d in data["distribution"]}
    assert set(downloads) == {BASE + p.name for p in published}
    for path in published:
        assert downloads[BASE + path.name]["sha256"] == hashlib.sha256(
            path.read_bytes()).hexdigest()
    # as RDF (context given locally: no network), it is a schema:Dataset with those downloads
    local = dict(data, **{"@context": {"@vocab": str(SCHEMA)}})
    g = Graph().parse(data=json.dumps(local), format="json-ld")
    assert (URIRef(data["@id"]), RDF.type, SCHEMA.Dataset) in g
    assert len(set(g.objects(URIRef(data["@id"]), SCHEMA.distribution))) == len(published)


def test_html_block_is_the_json_ld(record: Catalog) -> None:
    html = record.html()
    assert html.startswith('<script type="application/ld+json">\n')
    assert html.endswith("</script>\n") and html.count("</") == 1
    assert json.loads(html.split("\n", 1)[1].rsplit("</script>", 1)[0]) == record.schema_org


# --- writing and the command line ----------------------------------------------------------------


def test_write_catalog_writes_three_parseable_files(tmp_path: Path, record: Catalog) -> None:
    paths = write_catalog(record, tmp_path / "out" / "catalog.ttl")
    assert paths == companion_paths(tmp_path / "out" / "catalog.ttl")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "catalog.schema.jsonld", "catalog.ttl", "catalog.void.ttl"]
    assert set(Graph().parse(paths[0])) == set(record.dcat)
    assert set(Graph().parse(paths[1])) == set(record.void)
    assert json.loads(paths[2].read_text(encoding="utf-8")) == record.schema_org


def test_output_is_byte_identical_across_runs(tmp_path: Path, published: list[Path]) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed / "catalog.ttl"
        subprocess.run(
            [sys.executable, "-m", "mosgraph", "catalog", str(published[0]), "-o", str(out),
             "--base-url", BASE, "--endpoint", ENDPOINT,
             *[arg for p in published for arg in ("--distribution", str(p))]],
            check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append([p.read_bytes() for p in companion_paths(out)])
    assert outputs[0] == outputs[1]


def test_cli_writes_the_record_and_prints_html(tmp_path: Path, published: list[Path]) -> None:
    out = tmp_path / "catalog.ttl"
    result = CliRunner().invoke(main, [
        "catalog", str(published[0]), "-o", str(out), "--base-url", BASE,
        "--distribution", str(published[0]), "--html", "--contact", "team@example.org"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('<script type="application/ld+json">')
    assert "wrote" in result.stderr
    schema = json.loads(out.with_name("catalog.schema.jsonld").read_text(encoding="utf-8"))
    assert schema["creator"]["email"] == "team@example.org"
    help_text = CliRunner().invoke(main, ["catalog", "--help"]).output
    assert "Example:" in help_text and "mosgraph catalog" in help_text


@pytest.mark.parametrize(("args", "message"), [
    (["missing.ttl", "--base-url", BASE], "missing.ttl: file not found"),
    (["{graph}", "--base-url", "data.example.org"], "is not an absolute http(s) URL"),
    (["{graph}", "--base-url", "ftp://example.org/"], "is not an absolute http(s) URL"),
    (["{graph}", "--base-url", BASE, "--distribution", "nope.ttl"],
     "nope.ttl: distribution file not found"),
    (["{graph}", "--base-url", BASE, "--distribution", "{graph}.bin"], "unknown format"),
    (["{graph}", "--base-url", BASE, "--issued", "2021-02-30"], "is not a date like"),
    (["{graph}", "--base-url", BASE, "--modified", "yesterday"], "is not a date like"),
    (["{graph}", "--base-url", BASE, "--issued", "2021-02-01", "--modified", "2021-01-01"],
     "before the issue date"),
    (["{graph}", "--base-url", BASE, "--endpoint", "sparql"], "endpoint URL"),
    (["{graph}", "--base-url", BASE, "--contact", "nobody"], "e-mail"),
    (["{graph}", "--base-url", BASE, "--publisher-type", "Pirate"], "publisher type"),
    (["{graph}", "--base-url", BASE, "-o", "{graph}"], "is an input"),
])
def test_cli_bad_input_one_line_exit_2_nothing_written(
        tmp_path: Path, published: list[Path], args: list[str], message: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    graph = str(published[0])
    argv = ["catalog", *[a.format(graph=graph) for a in args]]
    if "-o" not in argv:
        argv += ["-o", str(out / "catalog.ttl")]
    before = sorted(published[0].parent.iterdir())
    result = CliRunner().invoke(main, argv)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mosgraph: error: "), result.stderr
    assert message in lines[0]
    assert list(out.iterdir()) == []
    assert sorted(published[0].parent.iterdir()) == before


def test_library_errors(built_graph: Graph, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="distribution file not found"):
        describe(built_graph, base_url=BASE, distributions=[tmp_path / "none.ttl"])
    with pytest.raises(UsageError, match="no meeting dates"):
        describe(Graph(), base_url=BASE)
    twice = tmp_path / "a" / "g.ttl", tmp_path / "b" / "g.ttl"
    for path in twice:
        path.parent.mkdir()
        path.write_text("", encoding="utf-8")
    with pytest.raises(UsageError, match=r"two distributions are named 'g\.ttl'"):
        describe(built_graph, base_url=BASE, distributions=twice)
    alike = tmp_path / "a" / "g .ttl"  # the same slug as g.ttl
    alike.write_text("", encoding="utf-8")
    with pytest.raises(UsageError, match="their IRIs would be the same"):
        describe(built_graph, base_url=BASE, distributions=[twice[0], alike])
    with pytest.raises(UsageError, match="base URL"):
        describe(built_graph, base_url=BASE + "?page=1")


def test_the_ontology_is_named_as_in_its_file(record: Catalog) -> None:
    from mosgraph.resources import ontology_path
    from mosgraph.vocab import ONTOLOGY_IRI

    ontology = Graph().parse(ontology_path())
    assert record.dcat.value(ONTOLOGY_IRI, DCTERMS.title) == ontology.value(
        ONTOLOGY_IRI, DCTERMS.title)
    assert (record.dataset, DCTERMS.conformsTo, ONTOLOGY_IRI) in record.dcat
