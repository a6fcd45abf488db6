"""Benchmark: the OWL-RL consistency check (owlrl) of the bundled report and of a generated
corpus, with the axioms that bear on the graph (the default) and with the whole of every
reused vocabulary (--full), and the number of inconsistencies each finds.

Run:  python bench/bench_consistency.py [--meetings N] [--full] [--vocab ../shared/vocab]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from mosgraph.build import build_graph
from mosgraph.consistency import inconsistencies
from mosgraph.sources import load_sources
from mosgraph.synth import synthesize


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=100)
    parser.add_argument("--full", action="store_true",
                        help="also close the whole vocabularies (slow), to compare")
    parser.add_argument("--vocab", type=Path,
                        default=Path(__file__).resolve().parent.parent.parent / "shared" /
                        "vocab")
    args = parser.parse_args()
    graphs = {"report": build_graph(load_sources()),
              f"corpus of {args.meetings} meetings": synthesize(args.meetings, seed=0)}
    print(f"{'graph':28} {'triples':>8} {'axioms':>8} {'seconds':>8} {'inconsistencies':>16}")
    for name, graph in graphs.items():
        for module in (True, False) if args.full else (True,):
            start = time.perf_counter()
            found = inconsistencies(graph, args.vocab, module=module)
            seconds = time.perf_counter() - start
            print(f"{name:28} {len(graph):8} {'module' if module else 'all':>8} "
                  f"{seconds:8.1f} {len(found):16}")
            for message in found[:5]:
                print(f"    {message[:110]}")


if __name__ == "__main__":
    main()
