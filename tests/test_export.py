"""mosgraph.export and mosgraph.propertygraph: JSON-LD with the published context, property
graphs that keep every triple, deterministic bytes, and the ``export`` command."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import read_gexf
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from mosgraph.cli import main
from mosgraph.errors import UsageError
from mosgraph.export import (
    CONTEXT_FILE,
    CONTEXT_IRI,
    export_graph,
    jsonld_context,
)
from mosgraph.formats import FORMATS, by_name
from mosgraph.propertygraph import JOIN, rdf_to_networkx, write_property_graph
from mosgraph.rdfio import load_graph, serialize

MOS = Namespace("https://w3id.org/mosgraph/ontology#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SCHEMA = Namespace("https://schema.org/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
EX = Namespace("http://example.org/")
PROPERTY_FORMATS = ("graphml", "gexf", "cytoscape", "csv")


def node_objects(document: dict[str, Any]) -> list[dict[str, Any]]:
    graph: list[dict[str, Any]] = document["@graph"]
    return graph


# --- the published context -----------------------------------------------------------------------


def test_context_names_the_plain_words() -> None:
    context = jsonld_context()["@context"]

    def iri(term: str) -> str:
        definition = context[term]
        return definition if isinstance(definition, str) else definition["@id"]

    assert context["id"] == "@id" and context["type"] == "@type"
    assert {word: iri(word) for word in (
        "name", "label", "memberOf", "representing", "attendee", "meeting", "status",
        "derivedFrom")} == {
        "name": "foaf:name", "label": "rdfs:label", "memberOf": "org:memberOf",
        "representing": "mos:onBehalfOf", "attendee": "mos:attendee",
        "meeting": "mos:atMeeting", "status": "mos:status", "derivedFrom": "prov:wasDerivedFrom"}
    assert context["startDate"]["@type"] == "xsd:date"
    assert context["forYear"]["@type"] == "xsd:gYear"
    assert context["headcount"]["@type"] == "xsd:integer"
    assert context["prefLabel"]["@language"] == "en"


def test_context_is_shipped_inside_the_package() -> None:
    from importlib import resources

    shipped = json.loads((resources.files("mosgraph") / CONTEXT_FILE).read_text("utf-8"))
    assert shipped == jsonld_context()


def test_real_graph_reads_as_plain_words(built_graph: Graph) -> None:
    document = json.loads(serialize(built_graph, "jsonld"))
    assert document["@context"] == jsonld_context()["@context"]  # embedded: self-contained
    terms = set(jsonld_context()["@context"])
    keys: Counter[str] = Counter()
    for node in node_objects(document):
        keys.update(list(node))
        for value in node.values():
            for item in value if isinstance(value, list) else [value]:
                # every value is a plain string: the context declares its type or language
                assert isinstance(item, str), (node["id"], item)
    assert set(keys) <= terms, set(keys) - terms  # no full or prefixed IRIs as keys
    for word in ("id", "type", "label", "name", "memberOf", "representing", "attendee",
                 "meeting", "status", "derivedFrom", "startDate", "prefLabel"):
        assert keys[word] > 0, word
    meeting = next(n for n in node_objects(document) if n.get("startDate"))
    assert meeting["startDate"] == "2021-01-29"
    assert "schema:Event" in meeting["type"]


def test_values_that_fit_no_term_keep_their_language_and_datatype() -> None:
    graph = Graph()
    ana = EX.ana
    graph.add((ana, SCHEMA.name, Literal("Ana", lang="en")))
    graph.add((ana, SCHEMA.name, Literal("Anne", lang="fr")))
    graph.add((ana, MOS.headcount, Literal("12", datatype=XSD.integer)))
    graph.add((ana, MOS.headcount, Literal("about 12")))
    graph.add((ana, FOAF.name, Literal("Ana", lang="pt")))
    graph.add((ana, MOS.attendee, Literal("not an IRI")))
    node = node_objects(json.loads(serialize(graph, "jsonld")))[0]
    assert node["displayName"] == ["Ana", {"@language": "fr", "@value": "Anne"}]
    assert node["headcount"] == ["12", {"@value": "about 12"}]
    assert node["name"] == {"@language": "pt", "@value": "Ana"}
    assert node["attendee"] == {"@value": "not an IRI"}


def test_foreign_prefixes_extend_the_context() -> None:
    graph = Graph()
    graph.bind("ex", str(EX))
    graph.add((EX.ana, EX.knows, EX.bo))
    graph.add((EX.ana, RDF.type, FOAF.Person))
    document = json.loads(serialize(graph, "jsonld", context_iri=CONTEXT_IRI))
    assert document["@context"] == [CONTEXT_IRI, {"ex": str(EX)}]
    embedded = json.loads(serialize(graph, "jsonld"))["@context"]
    assert embedded == {**jsonld_context()["@context"], "ex": str(EX)}
    assert node_objects(document)[0] == {"id": "ex:ana", "type": "foaf:Person",
                                         "ex:knows": {"id": "ex:bo"}}


def test_iris_compacted_from_their_first_bytes_as_from_the_whole_iri() -> None:
    """The writer compacts an IRI from the namespace its first bytes say (made once for
    each such start): the same as the whole IRI matched against every namespace, whatever
    IRIs came before: longer namespaces inside shorter ones, an IRI that is a namespace,
    one whose rest starts with //, schemes named like terms, IRIs shorter and longer than
    the longest namespace, non-ASCII characters."""
    from mosgraph.jsonld import Compactor

    deep = "http://example.org/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/"  # the longest namespace
    extra = {"ex": "http://example.org/", "deep": deep, "é": "http://example.org/é/",
             "label-iri": "label:", "x": "urn:x:"}
    iris = [deep, deep + "i", deep + "//x", deep + "/x", deep + "/", deep[:-1],
            "http://example.org/", "http://example.org//x", "http://example.org/é/ü",
            "http://example.org/é/", "http://example.org/ex", "label:x", "label:",
            "urn:x:1", "urn:x:", "urn:y:1", "https://schema.org/name", "https://schema.org/",
            "http://xmlns.com/foaf/0.1/name", "http://www.w3.org/2001/XMLSchema#date",
            "verylongschemethatgoesonandonpastthelongestnamespace:x/y",
            "verylongschemethatgoesonandonpastthelongestnamespacetoo:x/y",
            "tag:a", "t:", "https://w3id.org/mosgraph/ontology#atMeeting"]
    expected = Compactor(jsonld_context()["@context"], extra)
    for order in (iris, iris[::-1], iris + iris):
        compactor = Compactor(jsonld_context()["@context"], extra)
        assert [compactor.compact(iri.encode("utf-8")).decode("utf-8") for iri in order] == \
            [expected.iri(iri, keep=False) for iri in order]
        assert compactor.schemes == {iri.partition(":")[0] for iri in order}


@pytest.mark.parametrize("suffix", ["nt", "nq"])
def test_a_triple_term_is_refused_by_json_ld_in_one_line(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / f"star.{suffix}"
    graph = " <http://example.org/g>" if suffix == "nq" else ""
    source.write_text('<http://example.org/a> <http://example.org/p> "<<( x )>>" .\n'
                      "<http://example.org/s> <http://example.org/p> <<( <http://example.org/x>"
                      f" <http://example.org/y> <http://example.org/z> )>>{graph} .\n",
                      encoding="utf-8")
    out = tmp_path / "out.jsonld"
    result = CliRunner().invoke(main, ["export", str(source), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "mosgraph: error: cannot write JSON-LD: <<( <http://example.org/x> "
        f"<http://example.org/y> <http://example.org/z> )>>{graph}: JSON-LD holds no triple "
        "terms"]
    assert not out.exists()


def test_a_prefix_named_like_a_scheme_is_left_out(tmp_path: Path) -> None:
    graph = Graph()
    graph.bind("mailto", "http://example.org/m/")
    graph.add((EX.ana, EX.email, URIRef("mailto:ana@example.org")))
    graph.add((URIRef("http://example.org/m/x"), EX.email, URIRef("mailto:x@example.org")))
    document = json.loads(serialize(graph, "jsonld", context_iri=CONTEXT_IRI))
    assert document["@context"] == CONTEXT_IRI
    export_graph(graph, tmp_path / "g.jsonld")
    assert isomorphic(load_graph(tmp_path / "g.jsonld"), graph)


def test_no_context_file_is_written_and_none_is_overwritten(built_graph: Graph,
                                                           tmp_path: Path) -> None:
    unrelated = tmp_path / CONTEXT_FILE
    unrelated.write_text('{"@context": {"x": "http://example.org/x"}}', encoding="utf-8")
    written = export_graph(built_graph, tmp_path / "graph.jsonld")
    assert written == [tmp_path / "graph.jsonld"]
    assert unrelated.read_text("utf-8") == '{"@context": {"x": "http://example.org/x"}}'
    assert isomorphic(load_graph(written[0]), built_graph)


def test_the_export_loads_in_pyoxigraph_and_pyld_with_no_loader(built_graph: Graph,
                                                                tmp_path: Path) -> None:
    """Self-contained: no document loader, no network (pyoxigraph has no loader at all)."""
    import pyoxigraph
    pyld = pytest.importorskip("pyld")

    [path] = export_graph(built_graph, tmp_path / "graph.jsonld")
    quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.JSON_LD))
    assert len(quads) == len(built_graph)

    def no_loader(url: str, options: Any = None) -> Any:
        raise AssertionError(f"PyLD asked for {url}")

    document = json.loads(path.read_text("utf-8"))
    nquads = pyld.jsonld.to_rdf(document, {"format": "application/n-quads",
                                           "documentLoader": no_loader})
    back = Graph().parse(data=nquads, format="nquads")
    assert isomorphic(back, built_graph)


def test_context_iri_refers_to_the_published_context(built_graph: Graph,
                                                     tmp_path: Path) -> None:
    written = export_graph(built_graph, tmp_path / "a.jsonld", context_iri=CONTEXT_IRI)
    assert written == [tmp_path / "a.jsonld"]
    assert json.loads(written[0].read_text("utf-8"))["@context"] == CONTEXT_IRI
    # mosgraph reads its own context by its IRI, without fetching it
    assert isomorphic(load_graph(written[0]), built_graph)
    with pytest.raises(UsageError, match="must be absolute"):
        export_graph(built_graph, tmp_path / "b.jsonld", context_iri="context.jsonld")


# --- determinism ---------------------------------------------------------------------------------

BNODE_TURTLE = """@prefix ex: <http://example.org/> .
ex:a ex:p [ ex:q "1" ; ex:r [ ex:s "x\\ny" ] ] , [ ex:q "2" ] ; ex:l ( 1 2 [ ex:z 3.0 ] ) .
_:x ex:knows _:y . _:y ex:knows _:x . _:y a ex:C ; ex:size 1e3 .
"""

DIGESTS = """
import hashlib, sys
from pathlib import Path
from mosgraph.export import export_graph
from mosgraph.rdfio import load_graph
source, out = Path(sys.argv[1]), Path(sys.argv[2])
graph = load_graph(source)
for name in sys.argv[3:]:
    for path in export_graph(graph, out / f"g.{name}", name):
        print(path.name, hashlib.sha256(path.read_bytes()).hexdigest())
"""


@pytest.mark.parametrize("source", ["real", "blank-nodes"])
def test_outputs_are_byte_identical_across_processes(built_graph: Graph, tmp_path: Path,
                                                     source: str) -> None:
    path = tmp_path / "input.ttl"
    if source == "real":
        export_graph(built_graph, path)
    else:
        path.write_text(BNODE_TURTLE, encoding="utf-8")
    names = [fmt.name for fmt in FORMATS]
    runs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"seed{seed}"
        result = subprocess.run(
            [sys.executable, "-c", DIGESTS, str(path), str(out), *names],
            capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr
        runs.append(result.stdout)
    assert runs[0] == runs[1]
    assert len(runs[0].splitlines()) == len(names) + 1  # + the 2nd CSV table


# --- property graphs -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def property_graph(built_graph: Graph) -> Any:
    return rdf_to_networkx(built_graph)


def test_every_node_has_iri_label_and_type(property_graph: Any, built_graph: Graph) -> None:
    subjects = {str(s) for s in built_graph.subjects()}
    assert subjects <= set(property_graph.nodes)
    for node, data in property_graph.nodes(data=True):
        assert data["iri"] == node
        assert isinstance(data["label"], str) and data["label"]
        assert isinstance(data["type"], str)
        assert all(isinstance(v, str | int | float) for v in data.values())
    for _, _, key, data in property_graph.edges(keys=True, data=True):
        assert data == {"predicate": key, "label": key}
        assert ":" in key and not key.startswith("http")


def test_types_labels_and_attributes_read_as_in_the_graph(property_graph: Any) -> None:
    person = property_graph.nodes["https://w3id.org/mosgraph/id/person/anil-arora"]
    assert person["type"] == "foaf:Person"
    assert person["label"] == person["foaf:name"] == "Anil Arora"
    meeting = property_graph.nodes["https://w3id.org/mosgraph/id/meeting/hlg-mos-2021-01-29"]
    assert meeting["type"] == "prov:Activity | schema:Event"
    assert meeting["schema:startDate"] == "2021-01-29"
    predicates = Counter(key for _, _, key in property_graph.edges(keys=True))
    assert predicates["mos:onBehalfOf"] == 7 and "rdf:type" not in predicates


def test_every_triple_is_an_edge_a_type_or_an_attribute(property_graph: Any,
                                                        built_graph: Graph) -> None:
    assert not any(JOIN in str(o) for o in built_graph.objects())
    kinds: Counter[str] = Counter()
    kinds["edge"] = property_graph.number_of_edges()
    for _, data in property_graph.nodes(data=True):
        kinds["type"] += len(data["type"].split(JOIN)) if data["type"] else 0
        kinds["attribute"] += sum(len(str(v).split(JOIN)) for k, v in data.items()
                                  if k not in ("iri", "label", "type"))
    assert sum(kinds.values()) == len(built_graph)
    assert kinds["type"] == len(set(built_graph.triples((None, RDF.type, None))))
    assert kinds["attribute"] == sum(1 for o in built_graph.objects() if isinstance(o, Literal))


def edge_list(graph: Any) -> Counter[tuple[str, str, str]]:
    return Counter((u, v, d["predicate"]) for u, v, d in graph.edges(data=True))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_read_back_with_everything(property_graph: Any, tmp_path: Path,
                                                    fmt: str) -> None:
    [path] = write_property_graph(property_graph, tmp_path / f"g.{fmt}")
    back = nx.read_graphml(path) if fmt == "graphml" else read_gexf(path)
    assert back.is_directed()
    assert set(back.nodes) == set(property_graph.nodes)
    for node, data in property_graph.nodes(data=True):
        assert back.nodes[node]["label"] == data["label"]
        assert back.nodes[node]["type"] == data["type"]
        assert {k: v for k, v in back.nodes[node].items() if k in data} == data
    assert edge_list(back) == edge_list(property_graph)
    assert all(d["label"] == d["predicate"] for _, _, d in back.edges(data=True))


def test_gexf_is_1_3_with_typed_numeric_columns(property_graph: Any, tmp_path: Path) -> None:
    [path] = write_property_graph(property_graph, tmp_path / "g.gexf")
    root = ET.parse(path).getroot()
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    ns = {"g": "http://gexf.net/1.3"}
    columns = root.findall(".//g:attributes/g:attribute", ns)
    titles = {c.get("title"): c.get("type") for c in columns}
    assert {"type", "iri", "predicate", "schema:startDate"} <= set(titles)
    assert titles["type"] == titles["schema:startDate"] == "string"
    # offsets and headcounts are numbers Gephi can size by
    assert titles["oa:start"] == titles["oa:end"] == titles["mos:headcount"] == "long"
    selector = next(n for n, d in read_gexf(path).nodes(data=True) if "oa:start" in d)
    assert isinstance(read_gexf(path).nodes[selector]["oa:start"], int)


def test_cytoscape_json_has_elements_with_data(property_graph: Any, tmp_path: Path) -> None:
    [path] = write_property_graph(property_graph, tmp_path / "g.cyjs")
    elements = json.loads(path.read_text("utf-8"))["elements"]
    nodes = {n["data"]["id"]: n["data"] for n in elements["nodes"]}
    assert set(nodes) == set(property_graph.nodes)
    for data in nodes.values():
        assert {"label", "type", "iri", "name"} <= set(data)
    edges = [e["data"] for e in elements["edges"]]
    assert len({e["id"] for e in edges}) == len(edges) == property_graph.number_of_edges()
    assert all(e["source"] in nodes and e["target"] in nodes for e in edges)
    assert Counter((e["source"], e["target"], e["predicate"]) for e in edges) == \
        edge_list(property_graph)


def test_csv_writes_a_node_table_and_an_edge_table(property_graph: Any,
                                                   tmp_path: Path) -> None:
    written = write_property_graph(property_graph, tmp_path / "g.csv")
    assert written == [tmp_path / "g.nodes.csv", tmp_path / "g.edges.csv"]
    with written[0].open(encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    with written[1].open(encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    assert list(nodes[0])[:4] == ["id", "label", "type", "iri"]
    assert list(edges[0])[:5] == ["id", "source", "target", "predicate", "label"]
    assert {row["id"]: row["label"] for row in nodes} == \
        {n: d["label"] for n, d in property_graph.nodes(data=True)}
    assert Counter((e["source"], e["target"], e["predicate"]) for e in edges) == \
        edge_list(property_graph)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_any_networkx_graph_can_be_written(tmp_path: Path) -> None:
    graph = nx.Graph()
    graph.add_node(2, degree=0.5, kinds=["a", "b"], flag=True, mixed=1)
    graph.add_node(1, degree=1, kinds={"c"}, flag=False, mixed="one", extra=None)
    graph.add_edge(2, 1, weight=3, type="ties", parent="x")
    [graphml] = write_property_graph(graph, tmp_path / "g.graphml")
    keys = {k.get("attr.name"): k.get("attr.type") for k in ET.parse(graphml).getroot()
            if k.tag.endswith("key")}
    assert keys == {"degree": "double", "kinds": "string", "flag": "boolean",
                    "mixed": "string", "weight": "long", "type": "string",
                    "parent": "string"}
    back = nx.read_graphml(graphml)
    assert not back.is_directed()
    assert back.nodes["2"] == {"degree": 0.5, "kinds": "a | b", "flag": True, "mixed": "1"}
    assert back.nodes["1"]["degree"] == 1.0
    [gexf] = write_property_graph(graph, tmp_path / "g.gexf")
    edge = next(iter(read_gexf(gexf).edges(data=True)))
    assert edge[2]["weight"] == 3 and edge[2]["type"] == "ties"
    [cyjs] = write_property_graph(graph, tmp_path / "g.cyjs")
    data = json.loads(cyjs.read_text("utf-8"))["elements"]["edges"][0]["data"]
    assert (data["source"], data["target"], data["parent"]) == ("1", "2", "x")


def test_written_files_are_sorted_and_repeatable(tmp_path: Path) -> None:
    one, other = nx.DiGraph(), nx.DiGraph()
    edges = [("b", "a", {"w": 1}), ("a", "c", {"w": 2}), ("c", "b", {"w": 3})]
    one.add_edges_from(edges)
    other.add_edges_from(reversed(edges))
    for fmt in ("graphml", "gexf", "cyjs"):
        [a] = write_property_graph(one, tmp_path / f"one.{fmt}")
        [b] = write_property_graph(other, tmp_path / f"other.{fmt}")
        assert a.read_bytes() == b.read_bytes(), fmt


def test_xml_cannot_hold_control_characters(tmp_path: Path) -> None:
    graph = Graph()
    graph.add((EX.a, EX.note, Literal("bell \x07")))
    for name in ("g.graphml", "g.gexf", "g.rdf"):
        with pytest.raises(UsageError, match="U\\+0007"):
            export_graph(graph, tmp_path / name)
    assert list(tmp_path.iterdir()) == []
    export_graph(graph, tmp_path / "g.csv")  # CSV and JSON can
    export_graph(graph, tmp_path / "g.ttl")
    assert isomorphic(load_graph(tmp_path / "g.ttl"), graph)


def test_blank_nodes_become_nodes_with_canonical_ids() -> None:
    graph = Graph().parse(data=BNODE_TURTLE, format="turtle")
    again = Graph().parse(data=BNODE_TURTLE, format="turtle")
    pg, pg_again = rdf_to_networkx(graph), rdf_to_networkx(again)
    assert set(pg.nodes) == set(pg_again.nodes)
    blank = [n for n in pg.nodes if n.startswith("_:")]
    assert blank and all(pg.nodes[n]["iri"] == "" for n in blank)


def test_rdf_formats_are_refused_by_write_property_graph(property_graph: Any,
                                                         tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not turtle"):
        write_property_graph(property_graph, tmp_path / "g.ttl")
    with pytest.raises(UsageError, match="not an RDF format"):
        serialize(Graph(), by_name("gexf"))


# --- the command ---------------------------------------------------------------------------------


@pytest.fixture()
def graph_file(built_graph: Graph, tmp_path: Path) -> Path:
    path = tmp_path / "mosgraph.ttl"
    export_graph(built_graph, path)
    return path


@pytest.mark.parametrize("name", [f.name for f in FORMATS])
def test_export_command_writes_every_format(graph_file: Path, built_graph: Graph,
                                            name: str) -> None:
    fmt = by_name(name)
    out = graph_file.parent / "out" / f"graph{fmt.extension}"
    result = CliRunner().invoke(main, ["export", str(graph_file), "-o", str(out)])
    assert result.exit_code == 0, result.output
    if fmt.is_rdf:
        assert isomorphic(load_graph(out), built_graph)
    elif name == "csv":
        assert sorted(p.name for p in out.parent.iterdir()) == ["graph.edges.csv",
                                                                "graph.nodes.csv"]
    else:
        assert out.stat().st_size > 1000


def test_export_command_format_option_wins(graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.json"
    result = CliRunner().invoke(main, ["export", str(graph_file), "-o", str(out),
                                       "--format", "cytoscape"])
    assert result.exit_code == 0, result.output
    assert "elements" in json.loads(out.read_text("utf-8"))


def test_export_command_writes_to_standard_output(graph_file: Path,
                                                  built_graph: Graph) -> None:
    result = CliRunner().invoke(main, ["export", str(graph_file), "-o", "-", "-f", "jsonld"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert isinstance(document["@context"], dict)  # embedded: no file to sit beside
    assert isomorphic(Graph().parse(data=result.stdout, format="json-ld"), built_graph)


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "{out}/g.xyz"], "unknown format for '{out}/g.xyz'"),
    (["-o", "{out}/g.ttl", "--format", "yaml"], "unknown format 'yaml'"),
    (["-o", "-"], "-o - needs --format"),
    (["-o", "-", "-f", "csv"], "csv is written to files"),
])
def test_usage_errors_are_one_line_and_write_nothing(graph_file: Path, tmp_path: Path,
                                                     args: list[str], message: str) -> None:
    out = tmp_path / "out"
    args = [a.format(out=out) for a in args]
    result = CliRunner().invoke(main, ["export", str(graph_file), *args])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mosgraph: error: ")
    assert message.format(out=out) in lines[0]
    assert not out.exists()


def test_bad_input_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b \"x\n",
                   encoding="utf-8")
    for source, expected in ((bad, f"{bad}:3:"),
                             (tmp_path / "missing.ttl", "missing.ttl: file not found")):
        result = CliRunner().invoke(main, ["export", str(source), "-o",
                                           str(tmp_path / "out.jsonld")])
        assert result.exit_code == 2
        assert result.stderr.strip().splitlines() == [
            result.stderr.strip().splitlines()[0]]
        assert expected in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl"]


def test_input_format_option_reads_unknown_extensions(graph_file: Path, tmp_path: Path,
                                                      built_graph: Graph) -> None:
    odd = tmp_path / "graph.data"
    odd.write_bytes(graph_file.read_bytes())
    out = tmp_path / "g.nt"
    result = CliRunner().invoke(main, ["export", str(odd), "--input-format", "turtle",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert isomorphic(load_graph(out), built_graph)


def test_a_failed_write_leaves_no_partial_output(tmp_path: Path) -> None:
    graph = Graph()
    graph.add((EX.a, EX.b, BNode()))
    graph.add((EX.a, EX.note, Literal("fine")))
    graph.add((EX.c, EX.note, Literal("\x01")))
    with pytest.raises(UsageError):
        export_graph(graph, tmp_path / "g.gexf")
    assert list(tmp_path.iterdir()) == []


def test_help_shows_an_example() -> None:
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "mosgraph export" in result.output
