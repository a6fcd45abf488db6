"""Metrics of :mod:`mosgraph.network.metrics`, and dispatching them to a networkx backend."""

from __future__ import annotations

import importlib.metadata
import os

import networkx as nx
import pytest
from rdflib import Graph

from mosgraph.errors import UsageError
from mosgraph.network.metrics import (
    METRICS,
    add_metrics,
    backend_status,
    compute_metrics,
)
from mosgraph.network.projections import PROJECTIONS, project


def two_cliques() -> nx.Graph:
    """Two 4-cliques joined by one bridge 3 -- 4: two communities, two brokers."""
    graph = nx.Graph()
    graph.add_edges_from(nx.complete_graph(4).edges)
    graph.add_edges_from((a + 4, b + 4) for a, b in nx.complete_graph(4).edges)
    graph.add_edge(3, 4)
    return graph


def test_metrics_of_a_known_graph() -> None:
    result = compute_metrics(two_cliques())
    assert set(result.nodes[0]) == set(METRICS)
    assert result.nodes[3]["degree"] == 4 and result.nodes[0]["degree"] == 3
    brokers = [node for node, _ in result.ranked("betweenness", top=2)]
    assert sorted(brokers) == [3, 4]
    assert result.components == 1
    assert sorted(map(sorted, result.communities)) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert result.modularity == pytest.approx(nx.community.modularity(
        two_cliques(), [{0, 1, 2, 3}, {4, 5, 6, 7}]))
    # each value is rounded to 6 significant digits: the sum is 1 to within 8 half-units
    assert sum(row["pagerank"] for row in result.nodes.values()) == pytest.approx(1.0, abs=4e-6)


def test_weights_and_distances_are_used() -> None:
    graph = nx.Graph()
    graph.add_edge("a", "b", weight=3, distance=1 / 3)
    graph.add_edge("b", "c", weight=3, distance=1 / 3)
    graph.add_edge("a", "c", weight=1, distance=1.0)  # the weak tie: the path via b is shorter
    result = compute_metrics(graph)
    assert result.nodes["b"]["weighted_degree"] == 6
    assert result.nodes["b"]["betweenness"] == 1.0  # b brokers between a and c


def test_components_and_communities_are_numbered_largest_first() -> None:
    graph = nx.Graph([(1, 2), (2, 3), (10, 11)])
    graph.add_node(20)
    result = compute_metrics(graph)
    assert [result.nodes[n]["component"] for n in (1, 10, 20)] == [0, 1, 2]
    assert result.components == 3
    assert result.nodes[1]["community"] == 0


def test_greedy_modularity_and_louvain_agree_on_two_cliques() -> None:
    louvain = compute_metrics(two_cliques(), communities="louvain")
    greedy = compute_metrics(two_cliques(), communities="greedy")
    assert louvain.communities == greedy.communities
    with pytest.raises(UsageError, match="unknown community method"):
        compute_metrics(two_cliques(), communities="magic")


def test_communities_of_a_large_network_by_louvain_and_said_so(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from mosgraph.network import metrics

    graph = nx.connected_caveman_graph(6, 8)  # six groups of eight, in a ring
    small = compute_metrics(graph)
    assert "greedy modularity (Clauset" in small.methods["community"]
    monkeypatch.setattr(metrics, "COMMUNITY_WORK", graph.number_of_nodes())  # "too large"
    large = compute_metrics(graph, seed=3)
    assert "Louvain, seed 3 (greedy modularity is used up to" in large.methods["community"]
    assert sorted(map(sorted, large.communities)) == sorted(map(sorted, small.communities))
    asked = compute_metrics(graph, communities="greedy")  # asked for: kept at any size
    assert "Louvain" not in asked.methods["community"]
    assert asked.communities == small.communities


def test_the_same_graph_gives_the_same_numbers(built_graph: Graph) -> None:
    for name in PROJECTIONS:
        net = project(built_graph, name)
        assert compute_metrics(net).nodes == compute_metrics(net).nodes


@pytest.mark.parametrize("name", list(PROJECTIONS))
def test_every_projection_gets_every_metric(built_graph: Graph, name: str) -> None:
    net = project(built_graph, name)
    result = compute_metrics(net)
    assert set(result.nodes) == set(net)
    assert all(set(row) == set(METRICS) for row in result.nodes.values())
    add_metrics(net, result)
    assert all("pagerank" in data for _, data in net.nodes(data=True))
    assert net.graph["modularity"] == result.modularity


def test_ranking_rejects_an_unknown_metric() -> None:
    with pytest.raises(UsageError, match="unknown metric 'fame'"):
        compute_metrics(two_cliques()).ranked("fame")


def test_empty_and_edgeless_graphs() -> None:
    assert compute_metrics(nx.Graph()).nodes == {}
    lonely = nx.Graph()
    lonely.add_nodes_from("ab")
    result = compute_metrics(lonely)
    assert result.modularity == 0.0 and len(result.communities) == 2


def test_betweenness_can_be_estimated_from_a_sample() -> None:
    graph = nx.barabasi_albert_graph(200, 2, seed=1)
    exact = compute_metrics(graph)
    sampled = compute_metrics(graph, betweenness_sample=50)
    top_exact = {n for n, _ in exact.ranked("betweenness", top=5)}
    top_sampled = {n for n, _ in sampled.ranked("betweenness", top=10)}
    assert len(top_exact & top_sampled) >= 3
    assert "estimated from 50 of the 200 nodes as sources (seed 0), not exact" in \
        sampled.methods["betweenness"]
    assert sampled.nodes == compute_metrics(graph, betweenness_sample=50).nodes  # seeded


def test_betweenness_is_exact_while_cheap_and_estimated_above(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from mosgraph.network import metrics

    graph = nx.barabasi_albert_graph(300, 3, seed=2)
    exact = compute_metrics(graph)
    assert "not exact" not in exact.methods["betweenness"]
    assert exact.nodes[0]["betweenness"] == \
        pytest.approx(nx.betweenness_centrality(graph)[0], rel=1e-5)
    monkeypatch.setattr(metrics, "EXACT_WORK", graph.number_of_nodes() * 100)
    estimated = compute_metrics(graph)
    assert "estimated from 100 of the 300 nodes" in estimated.methods["betweenness"]
    assert estimated.nodes != exact.nodes
    assert {n for n, _ in estimated.ranked("betweenness", top=5)} & \
        {n for n, _ in exact.ranked("betweenness", top=5)}


def _unit_graphs() -> list[nx.Graph]:
    """Graphs whose edges all have one length: random, directed, disconnected, with a
    self-loop, a star, a path (every shape Brandes' algorithm treats apart)."""
    scattered = nx.gnm_random_graph(120, 150, seed=7)  # several components
    scattered.add_edge(5, 5)
    scattered.add_nodes_from(["alone"])
    return [nx.gnm_random_graph(150, 450, seed=1), nx.gnm_random_graph(90, 300, seed=2,
                                                                        directed=True),
            scattered, nx.star_graph(9), nx.path_graph(7), nx.barbell_graph(6, 4)]


@pytest.mark.parametrize("index", range(6))
def test_compiled_betweenness_is_networkx_s_exact_betweenness(index: int) -> None:
    from mosgraph.network.metrics import _betweenness

    graph = _unit_graphs()[index]
    compiled = _betweenness(graph, None, 0)
    assert compiled is not None
    assert compiled == pytest.approx(nx.betweenness_centrality(graph), abs=1e-12)
    result = compute_metrics(graph)  # the path compute_metrics takes for unit lengths
    for node, value in nx.betweenness_centrality(graph).items():
        assert result.nodes[node]["betweenness"] == pytest.approx(value, rel=1e-5, abs=1e-12)


@pytest.mark.parametrize("index", range(3))
def test_compiled_betweenness_samples_the_sources_networkx_samples(index: int) -> None:
    if tuple(int(p) for p in nx.__version__.split(".")[:2]) < (3, 5):
        pytest.skip(f"networkx {nx.__version__} scales a sample as networkx < 3.5 did; "
                    "mosgraph follows 3.5's scaling on every version")
    from mosgraph.network.metrics import _betweenness

    graph = _unit_graphs()[index]
    for seed in (0, 11):
        compiled = _betweenness(graph, 40, seed)
        assert compiled == pytest.approx(
            nx.betweenness_centrality(graph, k=40, seed=seed), abs=1e-12)
    assert _betweenness(graph, 40, 0) != _betweenness(graph, 40, 11)  # the seed matters


def test_weighted_betweenness_stays_with_networkx() -> None:
    graph = nx.gnm_random_graph(60, 150, seed=5)
    for number, (u, v) in enumerate(graph.edges):
        graph.edges[u, v].update(weight=1 + number % 3, distance=1 / (1 + number % 3))
    expected = nx.betweenness_centrality(graph, weight="distance")
    result = compute_metrics(graph)
    for node, value in expected.items():
        assert result.nodes[node]["betweenness"] == pytest.approx(value, rel=1e-5, abs=1e-12)


@pytest.mark.parametrize("directed", [False, True])
def test_closeness_is_networkx_s_closeness(directed: bool) -> None:
    import random

    rng = random.Random(3)
    graph = nx.gnm_random_graph(80, 160, seed=4, directed=directed)
    graph.add_nodes_from(["alone", "also alone"])
    graph.add_edge("alone", "also alone", weight=2, distance=0.5)
    for u, v in graph.edges:
        weight = rng.choice([1, 2, 4])
        graph.edges[u, v].update(weight=weight, distance=1 / weight)
    weighted = compute_metrics(graph)
    expected = nx.closeness_centrality(graph, distance="distance")
    assert {n: r["closeness"] for n, r in weighted.nodes.items()} == \
        pytest.approx(expected, rel=1e-5)  # 6 significant digits
    for _, _, data in graph.edges(data=True):
        data.update(weight=1, distance=1)
    expected = nx.closeness_centrality(graph)
    unweighted = compute_metrics(graph)
    assert {n: r["closeness"] for n, r in unweighted.nodes.items()} == \
        pytest.approx(expected, rel=1e-5)


# --- networkx backends ------------------------------------------------------------------------


def test_an_unknown_backend_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="backend 'warp' is not installed"):
        compute_metrics(two_cliques(), backend="warp")
    assert compute_metrics(two_cliques(), backend="networkx").nodes == \
        compute_metrics(two_cliques()).nodes


def test_metric_functions_are_dispatchable() -> None:
    """Every algorithm used is a networkx dispatchable function (so backends can take it)."""
    for function in (nx.betweenness_centrality, nx.closeness_centrality,
                     nx.eigenvector_centrality, nx.pagerank, nx.connected_components,
                     nx.community.louvain_communities, nx.community.modularity):
        assert hasattr(function, "backends"), function


def _parallel_or_skip() -> None:
    """Skip unless nx-parallel works here; in the environment CI makes for it
    (MOSGRAPH_NX_PARALLEL=1, see .ci/run), fail instead."""
    required = bool(os.environ.get("MOSGRAPH_NX_PARALLEL"))
    try:
        version = importlib.metadata.version("nx-parallel")
    except importlib.metadata.PackageNotFoundError:
        message = ("nx-parallel is not installed: it is tested in its own environment "
                   "(.ci/run: pip install 'nx-parallel==0.3' 'networkx>=3.4,<3.5')")
        pytest.fail(message) if required else pytest.skip(message)
    problem = backend_status("parallel")
    if problem is not None:
        # nx-parallel 0.3 imports private helpers that networkx 3.5 changed and 3.6 removed;
        # nx-parallel 0.4 (which fits networkx 3.6) needs Python 3.12
        message = (f"nx-parallel {version} does not work with networkx {nx.__version__} "
                   f"(it does with networkx 3.4): {problem}")
        pytest.fail(message) if required else pytest.skip(message)


@pytest.mark.parallel
def test_nx_parallel_gives_the_same_betweenness() -> None:
    _parallel_or_skip()
    graph = nx.barabasi_albert_graph(300, 3, seed=2)
    for u, v in graph.edges:
        graph.edges[u, v].update(weight=1, distance=1.0)
    plain = compute_metrics(graph)
    parallel = compute_metrics(graph, backend="parallel")
    for node in graph:
        assert parallel.nodes[node]["betweenness"] == pytest.approx(
            plain.nodes[node]["betweenness"])


@pytest.mark.parallel
def test_nx_parallel_through_backend_priority_without_code_changes() -> None:
    _parallel_or_skip()
    graph = nx.barabasi_albert_graph(120, 2, seed=3)
    plain = compute_metrics(graph)
    before = list(nx.config.backend_priority.algos)
    nx.config.backend_priority.algos = ["parallel"]
    try:
        prioritised = compute_metrics(graph)
    finally:
        nx.config.backend_priority.algos = before
    assert prioritised.nodes.keys() == plain.nodes.keys()
    for node in graph:
        assert prioritised.nodes[node]["betweenness"] == pytest.approx(
            plain.nodes[node]["betweenness"])


def test_closeness_of_a_large_component_is_estimated_and_said_so(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from mosgraph.network import metrics

    graph = nx.barabasi_albert_graph(400, 2, seed=5)
    graph.add_edge("a", "b")  # a small component: exact however large the graph
    exact = compute_metrics(graph)
    assert "not exact" not in exact.methods["closeness"]
    monkeypatch.setattr(metrics, "CLOSENESS_WORK", 1000)  # 400 x 800 is more
    estimated = compute_metrics(graph)
    assert "in a component of more than 500 nodes" not in estimated.methods["closeness"]
    monkeypatch.setattr(metrics, "closeness_sources", lambda nodes, edges: 120)
    estimated = compute_metrics(graph)
    assert "estimated from the distances to 120 of them (seed 0), not exact" in \
        estimated.methods["closeness"]
    assert estimated.nodes["a"]["closeness"] == exact.nodes["a"]["closeness"]
    errors = [abs(estimated.nodes[n]["closeness"] - exact.nodes[n]["closeness"])
              for n in graph]
    assert 0 < max(errors) < 0.05
    assert estimated.nodes == compute_metrics(graph).nodes  # seeded: the same every time
