"""Network analysis of the graph: projections onto networkx, metrics, pictures, diffs.

* :mod:`~mosgraph.network.projections`: affiliation, attendance, representation,
  organisation and governance networks, each a plain function over an rdflib graph;
* :mod:`~mosgraph.network.metrics`: centralities, brokerage, components, communities,
  through networkx's dispatch (so a backend such as nx-parallel can take over);
* :mod:`~mosgraph.network.writeback`: the metrics as ``schema:Observation`` triples;
* :mod:`~mosgraph.network.draw` (SVG, PNG) and :mod:`~mosgraph.network.html` (an offline
  interactive page): pictures for a report;
* :mod:`~mosgraph.network.diff`: who joined and left, what merged, started and ended.

networkx and matplotlib are imported only when a function needs them.

>>> from mosgraph.sources import load_sources
>>> from mosgraph.build import build_graph
>>> net = project(build_graph(load_sources()), "organisation")
>>> top = compute_metrics(net).ranked("pagerank", top=1)[0][0]
>>> net.nodes[top]["type"]
'national statistical office'
"""

from __future__ import annotations

from .diff import NetworkDiff, diff_meetings
from .metrics import METRICS, NetworkMetrics, compute_metrics
from .projections import PROJECTIONS, project

__all__ = [
    "METRICS",
    "PROJECTIONS",
    "NetworkDiff",
    "NetworkMetrics",
    "compute_metrics",
    "diff_meetings",
    "project",
]
