"""Benchmark: network projections and metrics, on the report and on a generated corpus.

Run:  python bench/bench_network.py [--meetings 1000] [--runs 3] [--jobs 2]

1. The report, end to end: ``mosgraph network out.ttl -p NAME --format json`` for each
   projection as a fresh process (start-up and reading the file included), median of --runs.
   Target: < 2 s each.
2. The generated corpus (``mosgraph.synth.synthesize(--meetings)``; generating it is timed
   but not part of the target): projection, then all metrics, for each projection.
   Target: < 30 s for projection plus metrics.
3. nx-parallel: betweenness (the costliest metric) of the largest projection of the corpus,
   with networkx and with the ``parallel`` backend on --jobs cores, and the speed-up. Only
   when the backend loads: nx-parallel 0.3 works with networkx 3.4 but not 3.5 or 3.6.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _timing import median_seconds  # bench/_timing.py, beside this script


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


def corpus(meetings: int) -> Any:
    from mosgraph.synth import synthesize

    print(f"\n2. a generated corpus of {meetings} meetings")
    start = time.perf_counter()
    graph = synthesize(meetings, seed=0)
    print(f"generated: {len(graph)} triples in {time.perf_counter() - start:.1f} s "
          "(not part of the target)")
    return graph


def corpus_metrics(graph: Any) -> Any:
    import networkx as nx

    from mosgraph.network.metrics import compute_metrics
    from mosgraph.network.projections import PROJECTIONS, project

    print(f"{'projection':16} {'nodes':>6} {'edges':>6} {'project s':>10} {'metrics s':>10} "
          f"{'total s':>8} {'target':>7}")
    largest: nx.Graph | None = None
    overall = 0.0
    for name in PROJECTIONS:
        start = time.perf_counter()
        net = project(graph, name)
        middle = time.perf_counter()
        compute_metrics(net)
        end = time.perf_counter()
        total = end - start
        overall += total
        print(f"{name:16} {net.number_of_nodes():6} {net.number_of_edges():6} "
              f"{middle - start:10.2f} {end - middle:10.2f} {total:8.2f} {'30':>7}  "
              f"{'ok' if total < 30 else 'SLOW'}")
        if largest is None or net.number_of_edges() > largest.number_of_edges():
            largest = net
    print(f"{'all five':16} {'':6} {'':6} {'':10} {'':10} {overall:8.2f}")
    return largest


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
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    report_end_to_end(args.runs)
    largest = corpus_metrics(corpus(args.meetings))
    parallel_speed_up(largest, args.jobs)


if __name__ == "__main__":
    main()
