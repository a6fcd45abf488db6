"""Benchmark: the whole `mosgraph build` and `mosgraph validate` (start-up included), and
`mosgraph --help`, each as a fresh process, reported as medians.

Run:  python bench/bench_build.py [--runs N]
Targets on the 2-core reference machine: build < 1.5 s, --help < 0.3 s.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from _timing import median_seconds  # bench/_timing.py, beside this script


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    mosgraph = shutil.which("mosgraph") or sys.exit("mosgraph is not installed (pip install -e .)")
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        rows = [
            ("mosgraph --help", [mosgraph, "--help"], 0.3),
            ("mosgraph build -o out.ttl", [mosgraph, "build", "-o", "out.ttl"], 1.5),
            ("mosgraph validate out.ttl", [mosgraph, "validate", "out.ttl"], None),
        ]
        print(f"{'command':32} {'median s':>9} {'target s':>9}  (n={args.runs})")
        for name, command, target in rows:
            seconds = median_seconds(command, args.runs, cwd)
            mark = "" if target is None else ("ok" if seconds < target else "SLOW")
            print(f"{name:32} {seconds:9.3f} {target or '':>9}  {mark}")


if __name__ == "__main__":
    main()
