"""Benchmark: ``export_graph`` in every format, for the bundled report and a synthetic corpus.

Run:  python bench/bench_export.py [--meetings 1000] [--runs 3]

Times the library call (graph already in memory, files written to a temporary folder) and
prints the median seconds and the size written for each format. ``--meetings 0`` skips the
synthetic corpus (:func:`mosgraph.synth.synthesize`).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from rdflib import Graph

from mosgraph.export import export_graph
from mosgraph.formats import FORMATS


def bench(name: str, graph: Graph, runs: int) -> None:
    print(f"\n{name}: {len(graph):,} triples")
    print(f"{'format':10} {'median s':>9} {'MB':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for fmt in FORMATS:
            times, size = [], 0
            for _ in range(runs):
                start = time.perf_counter()
                written = export_graph(graph, Path(folder) / f"g{fmt.extension}", fmt)
                times.append(time.perf_counter() - start)
                size = sum(p.stat().st_size for p in written)
            print(f"{fmt.name:10} {statistics.median(times):9.2f} {size / 1e6:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from mosgraph.build import build_graph
    from mosgraph.sources import load_sources

    bench("bundled report", build_graph(load_sources()), args.runs)
    if args.meetings:
        from mosgraph.synth import synthesize

        start = time.perf_counter()
        corpus = synthesize(args.meetings)
        print(f"\n(synthesized {args.meetings} meetings in {time.perf_counter() - start:.1f} s)")
        bench(f"{args.meetings} synthetic meetings", corpus, args.runs)


if __name__ == "__main__":
    main()
