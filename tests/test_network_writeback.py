"""Metrics written back as RDF (and asked with SPARQL), and projections written as GraphML and
GEXF that networkx reads back with every attribute."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest
from conftest import read_gexf
from rdflib import RDF, Dataset, Graph, Namespace

from mosgraph.build import build_graph
from mosgraph.export import write_property_graph
from mosgraph.network.metrics import METRICS, add_metrics, compute_metrics
from mosgraph.network.projections import PROJECTIONS, project
from mosgraph.network.writeback import MOST_CENTRAL, analysis_date, metrics_graph, write_back
from mosgraph.rdfio import load_graph
from mosgraph.sources import load_sources

SCHEMA = Namespace("https://schema.org/")
MULTI = Path(__file__).resolve().parent / "fixtures" / "multi" / "reports"


def observations(built_graph: Graph, name: str, **kwargs: object) -> Graph:
    net = project(built_graph, name)
    return metrics_graph(built_graph, net, compute_metrics(net), **kwargs)  # type: ignore[arg-type]


def test_one_observation_per_node_and_metric(built_graph: Graph) -> None:
    net = project(built_graph, "organisation")
    rdf = metrics_graph(built_graph, net, compute_metrics(net))
    about_nodes = [o for o in rdf.subjects(RDF.type, SCHEMA.Observation)
                   if str(rdf.value(o, SCHEMA.observationAbout)) in net]
    assert len(about_nodes) == net.number_of_nodes() * len(METRICS)
    names = {str(rdf.value(v, SCHEMA.alternateName))
             for v in rdf.subjects(RDF.type, SCHEMA.StatisticalVariable)}
    assert set(METRICS) | {"modularity", "components", "communities"} == names
    for variable in rdf.subjects(RDF.type, SCHEMA.StatisticalVariable):
        assert rdf.value(variable, SCHEMA.measurementMethod) is not None


def test_the_date_is_the_latest_meeting_unless_given(built_graph: Graph) -> None:
    assert analysis_date(built_graph) == dt.date(2021, 1, 29)
    multi = build_graph(load_sources(sorted(MULTI.glob("*.txt"))))
    assert analysis_date(multi) == dt.date(2024, 9, 20)
    rdf = observations(built_graph, "organisation", date="2022-02-02")
    dates = set(rdf.objects(None, SCHEMA.observationDate))
    assert {str(d) for d in dates} == {"2022-02-02"}


def test_writing_back_is_deterministic(built_graph: Graph) -> None:
    first = observations(built_graph, "affiliation")
    second = observations(built_graph, "affiliation")
    assert set(first) == set(second) and len(first) > 100


def test_sparql_finds_the_most_central_organisation(built_graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "with-metrics.ttl"
    write_back(built_graph, observations(built_graph, "organisation"), out)
    graph = load_graph(out)
    assert len(graph) > len(built_graph)
    rows = list(graph.query(MOST_CENTRAL))
    net = project(built_graph, "organisation")
    result = compute_metrics(net)
    best = max(result.nodes.values(), key=lambda row: row["betweenness"])["betweenness"]
    assert float(rows[0].value) == pytest.approx(best)
    assert len(rows) == net.number_of_nodes()
    pagerank = graph.query("""
        PREFIX schema: <https://schema.org/>
        SELECT ?org WHERE { ?o schema:observationAbout ?org ; schema:value ?v ;
          schema:variableMeasured/schema:alternateName "pagerank" } ORDER BY DESC(?v) ?org
        LIMIT 1""")
    top = result.ranked("pagerank", top=1)[0][0]
    assert [str(r.org) for r in pagerank] == [top]


def test_quads_formats_keep_the_metrics_in_their_own_named_graph(built_graph: Graph,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "with-metrics.trig"
    rdf = observations(built_graph, "organisation")
    write_back(built_graph, rdf, out)
    dataset = Dataset()
    dataset.parse(out, format="trig")
    named = [g for g in dataset.graphs() if "/id/dataset/network-organisation" in
             str(g.identifier)]
    assert len(named) == 1 and len(named[0]) == len(rdf)
    assert {(s, p) for s, p, _ in named[0]} == {(s, p) for s, p, _ in rdf}
    default = getattr(dataset, "default_graph", None) or dataset.default_context  # rdflib 7.1
    assert len(default) == len(built_graph)


def test_writing_back_twice_replaces_the_old_metrics(built_graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    write_back(built_graph, observations(built_graph, "organisation"), out)
    once = load_graph(out)
    write_back(once, observations(once, "organisation"), out)
    assert len(load_graph(out)) == len(once)


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
@pytest.mark.parametrize("name", list(PROJECTIONS))
def test_property_graph_files_keep_every_attribute(built_graph: Graph, tmp_path: Path,
                                                   name: str, suffix: str) -> None:
    net = add_metrics(project(built_graph, name), compute_metrics(project(built_graph, name)))
    path = tmp_path / f"{name}{suffix}"
    write_property_graph(net, path)
    back = nx.read_graphml(path) if suffix == ".graphml" else read_gexf(path)
    assert back.is_directed() == net.is_directed()
    assert set(back) == set(net)
    for node, data in net.nodes(data=True):
        for key, value in data.items():
            assert back.nodes[node][key] == pytest.approx(value) if isinstance(value, float) \
                else back.nodes[node][key] == value, (node, key)
    assert back.number_of_edges() == net.number_of_edges()
    for u, v, data in net.edges(data=True):
        read = back.edges[u, v]
        for key, value in data.items():
            assert read[key] == pytest.approx(value), (u, v, key)
