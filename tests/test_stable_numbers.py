"""The numbers that land in files are the same on every supported version of the libraries.

CI runs this module in the environment of the newest versions a fresh ``pip install .``
resolves, in the one of the lowest versions ``pyproject.toml`` allows, and in the
nx-parallel one (``.ci/run``): each must give exactly the metrics recorded in
``tests/fixtures/stable/metrics.json`` (rounded to 6 significant digits, see
:mod:`mosgraph.network.metrics`) and the very bytes of the written-back metrics. After a
deliberate change to the metrics, rewrite the record with
``MOSGRAPH_RECORD=1 pytest tests/test_stable_numbers.py`` and say why in the commit.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from mosgraph.network.metrics import PRECISION, compute_metrics
from mosgraph.network.projections import PROJECTIONS, project
from mosgraph.network.writeback import metrics_graph, write_back

RECORD = Path(__file__).resolve().parent / "fixtures" / "stable" / "metrics.json"


def measure(graph: Graph, name: str, tmp_path: Path) -> dict[str, Any]:
    net = project(graph, name)
    metrics = compute_metrics(net)
    out = tmp_path / f"{name}.ttl"
    write_back(graph, metrics_graph(graph, net, metrics, date="2024-01-01"), out)
    return {"nodes": {str(node): row for node, row in sorted(metrics.nodes.items(),
                                                             key=lambda item: str(item[0]))},
            "modularity": metrics.modularity,
            "write-back sha256": hashlib.sha256(out.read_bytes()).hexdigest()}


@pytest.fixture(scope="module")
def corpus() -> Graph:
    from mosgraph.synth import synthesize

    return synthesize(12, seed=0)


def test_metrics_and_written_back_bytes_are_those_recorded(built_graph: Graph, corpus: Graph,
                                                           tmp_path: Path) -> None:
    found = {f"{label}/{name}": measure(graph, name, tmp_path)
             for label, graph in (("report", built_graph), ("corpus", corpus))
             for name in PROJECTIONS}
    if os.environ.get("MOSGRAPH_RECORD"):
        RECORD.parent.mkdir(parents=True, exist_ok=True)
        RECORD.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    for key in sorted(recorded):
        assert found[key]["nodes"] == recorded[key]["nodes"], key
        assert found[key]["modularity"] == recorded[key]["modularity"], key
        assert found[key]["write-back sha256"] == recorded[key]["write-back sha256"], key
    assert sorted(found) == sorted(recorded)


def test_every_number_is_rounded_to_the_documented_precision(built_graph: Graph) -> None:
    metrics = compute_metrics(project(built_graph, "affiliation"))
    values = [v for row in metrics.nodes.values() for v in row.values()]
    assert any(isinstance(v, float) and v != round(v) for v in values)
    for value in [*values, metrics.modularity]:
        assert value == float(f"{value:.{PRECISION}g}")
