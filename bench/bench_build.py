"""Benchmark: the whole `mosgraph build` (with and without the curation file), `mosgraph
curate`, `mosgraph validate` and `mosgraph --help`, each as a fresh process (start-up
included), reported as medians.

Run:  python bench/bench_build.py [--runs N]
Targets on the 2-core reference machine: build < 1.5 s (with or without curation),
curate < 2 s, --help < 0.3 s.
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
    report = Path(__file__).resolve().parent.parent / "data" / "reports" / \
        "hlg-mos-2021-01-29.txt"
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        alone = cwd / "reports" / report.name  # a copy with no curation file beside it
        alone.parent.mkdir()
        shutil.copy(report, alone)
        rows = [
            ("mosgraph --help", [mosgraph, "--help"], 0.3),
            ("mosgraph build -o out.ttl", [mosgraph, "build", "-o", "out.ttl"], 1.5),
            ("mosgraph build (no curation)", [mosgraph, "build", str(alone), "-o", "alone.ttl"],
             1.5),
            ("mosgraph curate REPORT", [mosgraph, "curate", str(report), "-o", "draft.yaml",
                                        "--force"], 2.0),
            ("mosgraph validate out.ttl", [mosgraph, "validate", "out.ttl"], None),
        ]
        print(f"{'command':32} {'median s':>9} {'target s':>9}  (n={args.runs})")
        for name, command, target in rows:
            seconds = median_seconds(command, args.runs, cwd)
            mark = "" if target is None else ("ok" if seconds < target else "SLOW")
            print(f"{name:32} {seconds:9.3f} {target or '':>9}  {mark}")


if __name__ == "__main__":
    main()
