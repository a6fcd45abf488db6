"""Centrality, brokerage, components and communities of a projection.

:func:`compute_metrics` returns a :class:`NetworkMetrics`: one row of numbers per node and
the figures of the whole network (components, communities, modularity). The metrics:

==================  =================================================================
``degree``          number of neighbours (in + out for a DiGraph)
``weighted_degree`` sum of the ``weight`` of the node's edges
``betweenness``     share of shortest paths through the node, paths measured in
                    ``distance`` (= 1 / weight): brokerage on the organisation network;
                    exact up to :data:`EXACT_WORK` (nodes x edges), estimated above it
``closeness``       closeness centrality over ``distance`` (Wasserman-Faust scaled)
``eigenvector``     eigenvector centrality over ``weight``, of the undirected graph (per
                    connected component, scaled by the square root of its share of nodes)
``pagerank``        PageRank over ``weight`` (damping 0.85)
``component``       the node's (weakly) connected component, 0 the largest
``community``       the node's community (greedy modularity, or Louvain, seeded), 0 the
                    largest
==================  =================================================================

Numbers that are not whole are rounded to :data:`PRECISION` (6) significant digits, and
PageRank runs to a tolerance well below that, so the same graph gives the same numbers
(and the same bytes in every file they land in) on every networkx version mosgraph
supports. Communities are found by greedy modularity (Clauset-Newman-Moore) by default:
it is deterministic, its partition is the same on every networkx version, and on the
projections of these reports its modularity is as high as Louvain's; Louvain's partition,
seeded all the same, changes between networkx 3.4, 3.5 and 3.6.

Every algorithm is called through networkx's dispatch, so a networkx backend can take over
without a change here: pass ``backend="parallel"`` (it goes to the algorithms that backend
implements, the others stay with networkx) or set ``nx.config.backend_priority.algos``.

**Large networks.** Exact betweenness costs a shortest-path search from every node (in
pure Python: six minutes for the 10,000-node attendance network of 10,000 meetings). Up to
:data:`EXACT_WORK` (nodes x edges: about the attendance network of 1,000 meetings) it is
exact; above, it is estimated from :func:`betweenness_sources` sources, drawn with the seed
(networkx's ``k=``, so the output stays the same from run to run), and
:attr:`NetworkMetrics.methods` says so; ``bench/bench_network.py`` prints the error of the
estimate against the exact values at 1,000 meetings. Where every edge has one length (the
attendance network) and no backend is chosen, betweenness is computed in compiled code
(Brandes' algorithm as sparse-matrix products, the sources networkx would draw, networkx
3.5's scaling of a sample), some twenty times faster than networkx's searches.
Closeness needs every distance too: without a networkx backend it is computed with the
formula of networkx by SciPy's compiled Dijkstra searches, a block of sources at a time:
exactly up to :data:`CLOSENESS_WORK`; above it (an undirected network), the sum of the
distances to a node of a large component is estimated from :func:`closeness_sources` of
its nodes, drawn with the seed (Eppstein and Wang), and :attr:`NetworkMetrics.methods`
says so.

>>> import networkx as nx
>>> star = nx.star_graph(3)
>>> result = compute_metrics(star)
>>> result.nodes[0]["degree"], result.nodes[0]["betweenness"]
(3, 1.0)
>>> result.components, len(result.communities)
(1, 1)
>>> [name for name, _ in result.ranked("degree", top=1)]
[0]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import UsageError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "CLOSENESS_WORK",
    "COMMUNITY_METHODS",
    "COMMUNITY_WORK",
    "EXACT_WORK",
    "METRICS",
    "PRECISION",
    "NetworkMetrics",
    "add_metrics",
    "backend_status",
    "betweenness_sources",
    "closeness_sources",
    "compute_metrics",
]

METRICS: tuple[str, ...] = ("degree", "weighted_degree", "betweenness", "closeness",
                            "eigenvector", "pagerank", "component", "community")
COMMUNITY_METHODS: tuple[str, ...] = ("greedy", "louvain")
PRECISION = 6
"""Significant digits metrics are given to (see the module docs)."""
EXACT_WORK = 5_000_000
"""Betweenness is exact while nodes x edges is at most this (1,169 x 3,534 for the attendance
network of 1,000 meetings), and estimated from sampled sources above it."""
_SOURCES_AT_LEAST = 100


COMMUNITY_WORK = 20_000_000
"""Communities are found by greedy modularity while nodes x edges is at most this; above,
by seeded Louvain unless asked otherwise: greedy modularity's cost grows faster than the
network (3 s on the attendance network of 1,000 meetings, over 200 s on that of 10,000),
Louvain's partition may differ between networkx versions (said in the methods)."""


CLOSENESS_WORK = 20_000_000
"""Closeness is exact while nodes x edges is at most this; above, the sum of distances to a
node of a large component is estimated from sampled nodes of that component."""


def closeness_sources(nodes: int, edges: int) -> int | None:
    """How many nodes of a large component closeness is estimated from (``None``: exact).

    >>> closeness_sources(1169, 3534) is None, closeness_sources(10370, 33234)
    (True, 601)
    """
    if nodes * edges <= CLOSENESS_WORK:
        return None
    return min(nodes, max(500, CLOSENESS_WORK // max(edges, 1)))


def betweenness_sources(nodes: int, edges: int) -> int | None:
    """How many sources betweenness is estimated from: ``None`` (exact) up to
    :data:`EXACT_WORK`, else as many as that work allows, at least 100.

    >>> betweenness_sources(1169, 3534) is None, betweenness_sources(10370, 33234)
    (True, 150)
    """
    if nodes * edges <= EXACT_WORK:
        return None
    return min(nodes, max(_SOURCES_AT_LEAST, EXACT_WORK // max(edges, 1)))

_DESCRIPTIONS = {
    "degree": "degree: number of neighbours",
    "weighted_degree": "weighted degree: sum of edge weights",
    "betweenness": "betweenness centrality, normalised, shortest paths over distance = 1/weight",
    "closeness": "closeness centrality (Wasserman-Faust), over distance = 1/weight",
    "eigenvector": "eigenvector centrality of the undirected graph, over weight, per "
                   "connected component scaled by the square root of its share of nodes",
    "pagerank": "PageRank over weight, damping 0.85",
    "component": "connected component (weakly, for a directed graph), 0 = the largest",
    "community": "community, 0 = the largest",
}


@dataclass
class NetworkMetrics:
    """The metrics of one network: ``nodes[node][metric]`` and whole-network figures."""

    nodes: dict[Hashable, dict[str, float]]
    components: int
    communities: list[list[Hashable]]
    modularity: float
    methods: dict[str, str] = field(default_factory=dict)

    def ranked(self, sort: str = "pagerank", *, top: int | None = None,
               ) -> list[tuple[Hashable, dict[str, float]]]:
        """Rows by ``sort`` (highest first; for ``component`` and ``community`` lowest first),
        ties broken by node key; ``top`` keeps the first rows."""
        if sort not in METRICS:
            raise UsageError(f"unknown metric '{sort}': expected one of {', '.join(METRICS)}")
        sign = 1 if sort in ("component", "community") else -1
        rows = sorted(self.nodes.items(), key=lambda item: (sign * item[1][sort], str(item[0])))
        return rows[:top] if top is not None else rows


def compute_metrics(
    graph: nx.Graph,
    *,
    weight: str = "weight",
    distance: str = "distance",
    communities: str | None = None,
    seed: int = 0,
    backend: str | None = None,
    betweenness_sample: int | None = None,
) -> NetworkMetrics:
    """All the metrics of ``graph`` (see the module docs).

    ``weight`` and ``distance`` name edge attributes (edges without them count 1);
    ``communities`` is ``greedy`` (greedy modularity) or ``louvain`` (seeded with ``seed``);
    by default greedy up to :data:`COMMUNITY_WORK`, Louvain above;
    ``backend`` names a networkx backend to dispatch to where it implements the algorithm;
    ``betweenness_sample`` estimates betweenness from that many seeded source nodes
    (``k=`` of networkx); by default :func:`betweenness_sources` decides, from the size.
    """
    import networkx as nx

    chosen = communities is not None
    if communities is None:
        communities = "greedy" if graph.number_of_nodes() * graph.number_of_edges() <= \
            COMMUNITY_WORK else "louvain"
    if communities not in COMMUNITY_METHODS:
        raise UsageError(f"unknown community method '{communities}': expected one of "
                         f"{', '.join(COMMUNITY_METHODS)}")
    if backend:
        _check_backend(backend)
    graph = _with_defaults(graph, weight, distance)
    call = _dispatcher(backend)
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    nodes = list(graph.nodes)
    rows: dict[Hashable, dict[str, float]] = {node: {} for node in nodes}
    if not nodes:
        return NetworkMetrics(rows, 0, [], 0.0, dict(_DESCRIPTIONS))

    for node, value in graph.degree():
        rows[node]["degree"] = value
    for node, value in graph.degree(weight=weight):
        rows[node]["weighted_degree"] = value

    if betweenness_sample is None:
        betweenness_sample = betweenness_sources(len(nodes), graph.number_of_edges())
    k = betweenness_sample if betweenness_sample and betweenness_sample < len(nodes) else None
    # where every edge is 1 long, breadth-first search gives the same paths as Dijkstra, faster
    lengths = None if all(d[distance] == 1 for _, _, d in graph.edges(data=True)) else distance
    betweenness = None if backend or _auto_dispatch() or lengths is not None else \
        _betweenness(graph, k, seed)
    if betweenness is None:
        betweenness = call(nx.betweenness_centrality, graph, k=k, weight=lengths,
                           normalized=True, seed=seed if k else None)
    near = closeness_sources(len(nodes), graph.number_of_edges()) \
        if not graph.is_directed() else None
    closeness = None if backend or _auto_dispatch() else \
        _closeness(graph, lengths, near, seed)
    if closeness is None:
        closeness = call(nx.closeness_centrality, graph, distance=lengths)
    eigenvector = _eigenvector(undirected, weight, call)
    pagerank = _pagerank(graph, weight, call)
    for node in nodes:
        row = rows[node]
        row["weighted_degree"] = _rounded(row["weighted_degree"])
        row["betweenness"] = _rounded(betweenness.get(node, 0.0))
        row["closeness"] = _rounded(closeness.get(node, 0.0))
        row["eigenvector"] = _rounded(eigenvector.get(node, 0.0))
        row["pagerank"] = _rounded(pagerank.get(node, 0.0))

    found = (call(nx.weakly_connected_components, graph) if graph.is_directed()
             else call(nx.connected_components, graph))
    components = _ordered(found)
    for number, members in enumerate(components):
        for node in members:
            rows[node]["component"] = number

    if undirected.number_of_edges():
        if communities == "louvain":
            parts = call(nx.community.louvain_communities, undirected, weight=weight, seed=seed)
        else:
            parts = call(nx.community.greedy_modularity_communities, undirected, weight=weight)
        groups = _ordered(parts)
        modularity = _rounded(call(nx.community.modularity, undirected, groups, weight=weight))
    else:
        groups = [[node] for node in sorted(nodes, key=str)]
        modularity = 0.0
    for number, members in enumerate(groups):
        for node in members:
            rows[node]["community"] = number

    methods = dict(_DESCRIPTIONS)
    methods["community"] += (f"; Louvain, seed {seed}" if communities == "louvain"
                             else "; greedy modularity (Clauset-Newman-Moore)")
    if not chosen and communities == "louvain":
        methods["community"] += (f" (greedy modularity is used up to nodes x edges "
                                 f"{COMMUNITY_WORK:,}; Louvain's partition may differ between "
                                 "networkx versions)")
    for key in ("betweenness", "closeness", "eigenvector", "pagerank"):
        methods[key] += f"; {PRECISION} significant digits"
    if k:
        methods["betweenness"] += (f"; estimated from {k} of the {len(nodes)} nodes as sources "
                                   f"(seed {seed}), not exact")
    if near and closeness is not None and any(
            len(part) > near for part in components):
        methods["closeness"] += (f"; in a component of more than {near} nodes, estimated from "
                                 f"the distances to {near} of them (seed {seed}), not exact")
    return NetworkMetrics(rows, len(components), groups, modularity, methods)


def add_metrics(graph: nx.Graph, metrics: NetworkMetrics) -> nx.Graph:
    """Store each node's metrics as node attributes of ``graph`` (and the network's figures
    as graph attributes); returns ``graph``."""
    for node, row in metrics.nodes.items():
        graph.nodes[node].update(row)
    graph.graph.update(components=metrics.components, communities=len(metrics.communities),
                       modularity=metrics.modularity)
    return graph


def backend_status(name: str) -> str | None:
    """``None`` when the networkx backend ``name`` is installed and loads, else why not.

    >>> backend_status("no-such-backend")
    "networkx backend 'no-such-backend' is not installed (installed: ...)"
    """
    try:
        _check_backend(name)
    except UsageError as exc:
        return str(exc)
    return None


# --- helpers ----------------------------------------------------------------------------------


def _installed_backends() -> list[str]:
    from networkx.utils import backends

    return sorted(backends.backends)


def _check_backend(name: str) -> None:
    """Raise :class:`UsageError` unless the backend ``name`` is installed and imports."""
    if name == "networkx":
        return
    installed = _installed_backends()
    if name not in installed:
        raise UsageError(f"networkx backend '{name}' is not installed "
                         f"(installed: {', '.join(installed) or 'none'})")
    from networkx.utils import backends

    try:
        backends.backends[name].load()
    except Exception as exc:  # a backend built for another networkx fails in many ways
        import networkx as nx

        raise UsageError(
            f"networkx backend '{name}' does not load with networkx {nx.__version__}: {exc}"
        ) from exc


def _dispatcher(backend: str | None) -> Callable[..., Any]:
    """A caller that hands ``backend=`` to the functions that backend implements."""

    def call(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if backend and backend != "networkx" and backend in getattr(function, "backends", ()):
            kwargs["backend"] = backend
        return function(*args, **kwargs)

    return call


def _with_defaults(graph: nx.Graph, weight: str, distance: str) -> nx.Graph:
    """``graph`` itself if every edge has ``weight`` and ``distance``, else a copy that has."""
    if all(weight in data and distance in data for _, _, data in graph.edges(data=True)):
        return graph
    copy = graph.copy()
    for _, _, data in copy.edges(data=True):
        data.setdefault(weight, 1)
        data.setdefault(distance, 1.0 / data[weight] if data[weight] else math.inf)
    return copy


def _rounded(value: float) -> float:
    """``value`` to :data:`PRECISION` significant digits (whole numbers as they are).

    >>> _rounded(0.123456789), _rounded(3), _rounded(1e-9 / 3)
    (0.123457, 3, 3.33333e-10)
    """
    if isinstance(value, int):
        return value
    return float(f"{float(value):.{PRECISION}g}")


def _ordered(parts: Any) -> list[list[Hashable]]:
    """Node sets as sorted lists, the largest first, ties by their first node."""
    lists = [sorted(part, key=str) for part in parts]
    return sorted(lists, key=lambda members: (-len(members), str(members[0])))


def _eigenvector(graph: nx.Graph, weight: str, call: Callable[..., Any]) -> dict[Any, float]:
    """Eigenvector centrality; on a disconnected graph, within each component (unit length),
    scaled by the square root of the component's share of the nodes (so the whole vector has
    unit length and a component's nodes keep their order)."""
    import networkx as nx

    result = dict.fromkeys(graph, 0.0)
    parts = [part for part in nx.connected_components(graph) if len(part) > 1]
    total = graph.number_of_nodes()
    for part in parts:
        sub = graph.subgraph(part) if len(part) < total else graph
        values: dict[Any, float]
        if len(part) == 2:  # too small for ARPACK; both ends are alike
            values = dict.fromkeys(part, 1.0)
        else:
            try:  # ARPACK (scipy): exact and fast
                values = call(nx.eigenvector_centrality_numpy, sub, weight=weight)
            except ImportError:  # no scipy: power iteration
                values = call(nx.eigenvector_centrality, sub.copy(), weight=weight,
                              max_iter=2000)
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        share = math.sqrt(len(part) / total)
        for node, value in values.items():  # rounded: ARPACK starts from a random vector
            result[node] = round(abs(value) / norm * share, 10)
    return result


def _auto_dispatch() -> bool:
    """Whether networkx is configured to hand algorithms to a backend by itself."""
    import networkx as nx

    priority = getattr(nx.config, "backend_priority", None)
    algos = getattr(priority, "algos", priority)
    return bool(algos)


_BLOCK = 256  # sources per block of the distance matrix: 256 x nodes floats at a time
_BLOCK_CELLS = 2_000_000  # betweenness keeps several such blocks: fewer sources if large


def _matrix(graph: nx.Graph, distance: str | None) -> tuple[list[Any], Any] | None:
    """The nodes of ``graph`` and its SciPy adjacency matrix of edge lengths (``distance``,
    or 1), both ways for an undirected graph, self-loops left out; ``None`` without SciPy,
    or for lengths its searches do not take (not finite, not positive)."""
    try:
        import numpy as np
        from scipy.sparse import csr_array
    except ImportError:
        return None
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    rows, columns, lengths = [], [], []
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        length = 1.0 if distance is None else data.get(distance, 1)
        if not isinstance(length, int | float) or not 0 < length < math.inf:
            return None
        pairs = ((index[u], index[v]),) if graph.is_directed() else \
            ((index[u], index[v]), (index[v], index[u]))
        for a, b in pairs:
            rows.append(a)
            columns.append(b)
            lengths.append(float(length))
    # 32-bit indices: what SciPy's graph searches take on every version (1.11 refuses 64)
    matrix = csr_array((np.array(lengths), (np.array(rows, dtype=np.int32),
                                            np.array(columns, dtype=np.int32))),
                       shape=(len(nodes), len(nodes)))
    return nodes, matrix


def _betweenness(graph: nx.Graph, k: int | None, seed: int) -> dict[Any, float] | None:
    """Betweenness centrality as ``networkx.betweenness_centrality(graph, k, normalized=True,
    seed=seed)`` defines it (networkx 3.5's scaling of a sample), for a graph whose edges
    all have one length, in compiled code: Brandes' algorithm with sparse matrices, a block
    of sources at a time (a breadth-first level of every source of the block is one
    matrix product; Kepner and Gilbert, *Graph Algorithms in the Language of Linear
    Algebra*). The ``k`` sources are the ones networkx draws with ``seed``. ``None``
    without SciPy.

    >>> import networkx as nx
    >>> path = nx.path_graph(4)
    >>> [round(v, 4) for v in _betweenness(path, None, 0).values()]
    [0.0, 0.6667, 0.6667, 0.0]
    """
    import random

    found = _matrix(graph, None)
    if found is None:
        return None
    import numpy as np

    nodes, matrix = found
    count = len(nodes)
    if count < 3:
        return dict.fromkeys(nodes, 0.0)
    if k is None or k >= count:
        sources = np.arange(count)
        sampled = None
    else:  # networkx's draw, so that its estimate and this one are the same
        drawn = random.Random(seed).sample(range(count), k)
        sources = np.array(drawn)
        sampled = sources
    forward = matrix.T.tocsr()  # row w: the nodes with an edge to w
    forward.data[:] = 1.0
    backward = forward.T.tocsr()  # row v: the nodes v has an edge to
    total = np.zeros(count)
    size = max(8, min(_BLOCK, _BLOCK_CELLS // count))  # a few dense count x size arrays
    for start in range(0, len(sources), size):
        block = sources[start:start + size]
        columns = np.arange(len(block))
        paths = np.zeros((count, len(block)))  # sigma: shortest paths from each source
        paths[block, columns] = 1.0
        depth = np.full((count, len(block)), -1, dtype=np.int32)
        depth[block, columns] = 0
        frontier = paths.copy()
        level = 0
        while True:
            reached = forward @ frontier
            new = (reached > 0) & (depth < 0)
            if not new.any():
                break
            level += 1
            depth[new] = level
            paths[new] = reached[new]
            frontier = np.where(new, reached, 0.0)
        dependency = np.zeros((count, len(block)))
        for at in range(level, 0, -1):
            here = depth == at
            share = np.where(here, (1.0 + dependency) / np.where(here, paths, 1.0), 0.0)
            above = depth == at - 1
            dependency += np.where(above, paths * (backward @ share), 0.0)
        dependency[block, columns] = 0.0  # a source is not between its own paths
        total += dependency.sum(axis=1)
    return dict(zip(nodes, _scaled(total, count, sampled).tolist(), strict=True))


def _scaled(total: Any, count: int, sampled: Any) -> Any:
    """Brandes' sums as normalised betweenness: over the ordered pairs of other nodes, and
    for a sample of sources over the pairs it saw (networkx 3.5: a sampled node is
    not a source of its own paths)."""
    import numpy as np

    pairs = count - 2
    if sampled is None:
        return total / ((count - 1) * pairs)
    k = len(sampled)
    scale = np.full(count, 1.0 / (k * pairs))
    scale[sampled] = 1.0 / ((k - 1) * pairs) if k > 1 else math.nan
    return total * scale


def _closeness(graph: nx.Graph, distance: str | None, sources: int | None = None,
               seed: int = 0) -> dict[Any, float] | None:
    """Closeness centrality as ``networkx.closeness_centrality`` defines it (distances *to*
    each node; Wasserman-Faust scaled), from SciPy's compiled shortest-path searches.

    With ``sources`` (an undirected graph), the sum of the distances to a node of a large
    component is estimated from that many of the component's nodes, drawn with ``seed``
    (Eppstein and Wang), the others as exactly as without. ``None`` without SciPy, or for
    edge lengths it does not take (not finite, not positive).
    """
    if len(graph) < 2:
        return dict.fromkeys(graph, 0.0)
    found = _matrix(graph, distance)
    if found is None:
        return None
    import numpy as np
    from scipy.sparse.csgraph import connected_components, shortest_path

    nodes, matrix = found
    count = len(nodes)
    chosen = np.arange(count)  # the sources, and the weight of each in the sums
    weight = np.ones(count)
    if sources is not None and not graph.is_directed():
        import random

        _, labels = connected_components(matrix, directed=False)
        sizes = np.bincount(labels)
        rng = random.Random(seed)
        picked = []
        for component in np.argsort(-sizes, kind="stable"):
            members = np.flatnonzero(labels == component)
            if len(members) <= sources:
                picked.append(members)  # all of a small component: exact
                continue
            drawn = np.array(sorted(rng.sample(list(members), sources)))
            picked.append(drawn)
            weight[drawn] = len(members) / sources
        chosen = np.concatenate(picked)
    total = np.zeros(count)
    reached = np.zeros(count)
    for start in range(0, len(chosen), _BLOCK):
        block = chosen[start:start + _BLOCK]
        # rows: from each source of the block; so a column holds the distances *to* a node
        found = shortest_path(matrix, method="D", directed=graph.is_directed(),
                              unweighted=distance is None, indices=block)
        finite = np.isfinite(found)
        total += (np.where(finite, found, 0.0) * weight[block][:, None]).sum(axis=0)
        reached += (finite * weight[block][:, None]).sum(axis=0)
    result = {}
    for i, node in enumerate(nodes):
        others = round(reached[i]) - 1  # reached counts the node itself (distance 0)
        # in the order networkx computes it, for the same floating-point result
        result[node] = float((others / total[i]) * (others / (count - 1))) \
            if total[i] > 0 else 0.0
    return result
_TOLERANCE = 1e-12  # PageRank's: far below the digits kept


def _pagerank(graph: nx.Graph, weight: str, call: Callable[..., Any]) -> dict[Any, float]:
    import networkx as nx

    try:
        result: dict[Any, float] = call(nx.pagerank, graph, weight=weight, tol=_TOLERANCE,
                                        max_iter=1000)
    except ImportError:  # networkx's pagerank needs scipy; its pure-Python one does not
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        result = _pagerank_python(graph, weight=weight, tol=_TOLERANCE, max_iter=1000)
    return result
