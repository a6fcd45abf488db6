"""Benchmark: network projections and metrics, on the report and on generated corpora.

Run:  python bench/bench_network.py [--meetings 1000 10000] [--runs 3] [--jobs 2]

1. The report, end to end: ``mosgraph network out.ttl -p NAME --format json`` for each
   projection as a fresh process (start-up and reading the file included), median of --runs.
   Target: < 2 s each.
2. Generated corpora (``mosgraph synth --meetings N -o corpus-N.nt``, timed apart), end to
   end: ``mosgraph network corpus-N.nt -p NAME --format json`` for each projection as a
   fresh process (reading the file, projection, every metric), with its peak memory and how
   betweenness was computed. Target: < 30 s each at 10,000 meetings.
3. The error of estimated betweenness and closeness: on the attendance network of the first
   corpus (1,000 meetings: exact), the estimates from as many sources as the largest corpus
   is given, and from a few other numbers, against the exact values: mean and largest
   absolute error, Spearman's rank correlation, and how many of the exact top 10 and top 50
   the estimate keeps.
4. nx-parallel: betweenness (the costliest metric) of the largest projection of the first
   corpus, with networkx and with the ``parallel`` backend on --jobs cores, and the
   speed-up. Only when the backend loads: nx-parallel 0.3 works with networkx 3.4 only.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _timing import machine_load, median_seconds, run_measured  # bench/_timing.py


def report_end_to_end(runs: int) -> None:
    from mosgraph.network.projections import PROJECTIONS

    mosgraph = shutil.which("mosgraph") or sys.exit("mosgraph is not installed (pip install -e .)")
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        subprocess.run([mosgraph, "build", "-o", "out.ttl"], cwd=cwd, capture_output=True)
        print(f"\n1. the report, end to end (fresh process, median of {runs})")
        print(f"{'command':58} {'s':>7} {'target':>7}")
        for name in PROJECTIONS:
            command = [mosgraph, "network", "out.ttl", "-p", name, "--format", "json"]
            seconds = median_seconds(command, runs, cwd)
            mark = "ok" if seconds < 2.0 else "SLOW"
            print(f"{' '.join(['mosgraph', *command[1:]]):58} {seconds:7.3f} {'2':>7}  {mark}")


def corpus_file(meetings: int, folder: Path) -> Path:
    path = folder / f"corpus-{meetings}.nt"
    if not path.exists():
        mosgraph = shutil.which("mosgraph") or sys.exit("mosgraph is not installed")
        seconds, peak, _, _ = run_measured(
            [mosgraph, "synth", "--meetings", str(meetings), "-o", str(path)], folder)
        print(f"generated {path.name} in {seconds:.1f} s, {peak:.0f} MB (not part of the "
              "target)")
    return path


def corpus_end_to_end(meetings: int, folder: Path) -> dict[str, tuple[int, int]]:
    """``mosgraph network`` on the corpus for each projection; returns (nodes, edges)."""
    from mosgraph.network.projections import PROJECTIONS

    mosgraph = shutil.which("mosgraph") or sys.exit("mosgraph is not installed")
    path = corpus_file(meetings, folder)
    print(f"\n2. {meetings} meetings, end to end (fresh process, reading {path.name} "
          "included)")
    print(f"{'projection':15} {'nodes':>7} {'edges':>7} {'s':>7} {'peak MB':>8} "
          f"{'target':>6}  betweenness")
    sizes = {}
    for name in PROJECTIONS:
        seconds, peak, _, output = run_measured(
            [mosgraph, "network", str(path), "-p", name, "--format", "json"], folder)
        document = json.loads(output)
        how = "estimated" if "not exact" in document["methods"]["betweenness"] else "exact"
        if how == "estimated":
            how += " from " + document["methods"]["betweenness"].split("estimated from ")[1] \
                .split(" of the")[0] + " sources"
        target = "30" if meetings >= 10000 else ""
        mark = ("ok" if seconds < 30 else "SLOW") if target else ""
        print(f"{name:15} {document['nodes']:7} {document['edges']:7} {seconds:7.1f} "
              f"{peak:8.0f} {target:>6} {mark:4} {how}")
        sizes[name] = (document["nodes"], document["edges"])
    return sizes


def estimate_error(meetings: int, folder: Path, betweenness: list[int],
                   closeness: list[int]) -> Any:
    """Estimated against exact betweenness and closeness on the attendance network."""
    import networkx as nx

    from mosgraph.network.metrics import _closeness
    from mosgraph.network.projections import project
    from mosgraph.store import OxigraphStore

    store = OxigraphStore()
    store.load(corpus_file(meetings, folder))
    net = project(store.as_graph(), "attendance")
    print(f"\n3. estimates against the exact values: the attendance network of {meetings} "
          f"meetings ({net.number_of_nodes()} nodes, {net.number_of_edges()} edges)")
    for metric, sources, exactly, estimated in (
            ("betweenness", betweenness, lambda: nx.betweenness_centrality(net),
             lambda k: nx.betweenness_centrality(net, k=k, seed=0)),
            ("closeness", closeness, lambda: _closeness(net, None),
             lambda k: _closeness(net, None, k, 0))):
        _compare(net, metric, sources, exactly, estimated)
    return net


def _compare(net: Any, metric: str, sources: list[int], exactly: Any, estimated: Any) -> None:
    start = time.perf_counter()
    exact = exactly()
    print(f"{metric}, exact: {time.perf_counter() - start:.1f} s")
    ranked = sorted(exact, key=lambda n: (-exact[n], n))
    print(f"{'sources':>8} {'s':>6} {'mean abs error':>15} {'max abs error':>14} "
          f"{'max exact':>10} {'Spearman':>9} {'top 10 kept':>12} {'top 50 kept':>12}")
    for k in [k for k in sources if k < net.number_of_nodes()]:
        start = time.perf_counter()
        estimate = estimated(k)
        seconds = time.perf_counter() - start
        errors = [abs(estimate[n] - exact[n]) for n in net]
        by_estimate = sorted(estimate, key=lambda n: (-estimate[n], n))
        print(f"{k:8} {seconds:6.2f} {statistics.mean(errors):15.6f} {max(errors):14.6f} "
              f"{exact[ranked[0]]:10.6f} {_spearman(exact, estimate):9.4f} "
              f"{len(set(ranked[:10]) & set(by_estimate[:10])):>9}/10 "
              f"{len(set(ranked[:50]) & set(by_estimate[:50])):>9}/50")


def _spearman(a: dict[Any, float], b: dict[Any, float]) -> float:
    """Spearman's rank correlation of two scorings of the same nodes (average ranks)."""
    def ranks(values: dict[Any, float]) -> dict[Any, float]:
        order = sorted(values, key=lambda n: values[n])
        found: dict[Any, float] = {}
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for n in order[i:j + 1]:
                found[n] = (i + j) / 2
            i = j + 1
        return found

    ra, rb = ranks(a), ranks(b)
    nodes = list(a)
    mean_a, mean_b = statistics.mean(ra.values()), statistics.mean(rb.values())
    cov = sum((ra[n] - mean_a) * (rb[n] - mean_b) for n in nodes)
    var_a = sum((ra[n] - mean_a) ** 2 for n in nodes)
    var_b = sum((rb[n] - mean_b) ** 2 for n in nodes)
    return cov / (var_a * var_b) ** 0.5 if var_a and var_b else 1.0


def parallel_speed_up(net: Any, jobs: int) -> None:
    import networkx as nx

    from mosgraph.network.metrics import backend_status, compute_metrics

    print(f"\n3. nx-parallel on {jobs} cores: the {net.graph.get('projection')} projection "
          f"({net.number_of_nodes()} nodes, {net.number_of_edges()} edges), networkx "
          f"{nx.__version__}")
    problem = backend_status("parallel")
    if problem is not None:
        print(f"skipped: {problem}")
        print("(nx-parallel 0.3 runs with networkx 3.4.x; nx-parallel 0.4 needs Python 3.12)")
        return
    nx.config.backends.parallel.active = True
    nx.config.backends.parallel.n_jobs = jobs
    if hasattr(nx.config, "warnings_to_ignore"):
        nx.config.warnings_to_ignore.add("cache")
    nx.betweenness_centrality(nx.path_graph(50), backend="parallel")  # start the workers
    lengths = None if all(d.get("distance", 1) == 1 for *_, d in net.edges(data=True)) \
        else "distance"

    def seconds(run: Any) -> float:
        start = time.perf_counter()
        run()
        return time.perf_counter() - start

    rows = {
        "betweenness alone": (
            lambda: nx.betweenness_centrality(net, weight=lengths),
            lambda: nx.betweenness_centrality(net, weight=lengths, backend="parallel")),
        "all metrics": (lambda: compute_metrics(net),
                        lambda: compute_metrics(net, backend="parallel")),
    }
    print(f"{'median of 3, alternating':28} {'networkx s':>11} {'parallel s':>11} "
          f"{'speed-up':>9}")
    for name, (plain_run, parallel_run) in rows.items():
        plain, parallel = [], []
        for _ in range(3):
            plain.append(seconds(plain_run))
            parallel.append(seconds(parallel_run))
        a, b = statistics.median(plain), statistics.median(parallel)
        print(f"{name:28} {a:11.2f} {b:11.2f} {a / b:8.2f}x")


def main() -> None:
    from mosgraph.network.metrics import betweenness_sources, closeness_sources

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--meetings", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--folder", type=Path,
                        help="Keep the corpora in this folder (reused when present).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print(machine_load())
        report_end_to_end(args.runs)
        sizes = {m: corpus_end_to_end(m, folder) for m in args.meetings}
        largest = sizes[max(sizes)]["attendance"]
        used = betweenness_sources(*largest) or largest[0]
        near = closeness_sources(*largest) or largest[0]
        net = estimate_error(min(args.meetings), folder, sorted({50, used, 2 * used, 500}),
                             sorted({100, near // 2, near}))
        parallel_speed_up(net, args.jobs)
        print(machine_load())


if __name__ == "__main__":
    main()
