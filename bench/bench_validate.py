"""Benchmark: SHACL validation of generated corpora with both engines, side by side.

Run:  python bench/bench_validate.py [--meetings 1000 10000] [--pyshacl-up-to 10000]

For each size, writes a corpus (``mosgraph synth --meetings N -o corpus-N.nt``, timed
apart) and validates it with ``mosgraph validate corpus-N.nt --engine E --format json`` as
a fresh process (start-up, reading the file and writing the report included), for the
compiled engine (``sparql``) and, up to ``--pyshacl-up-to`` meetings, the reference engine
(``pyshacl``); prints wall time and peak memory of each, and checks that both reports are
the same. It also times ``mosgraph build`` of the bundled report (which validates) and the
load of the machine. Targets on the 2-core reference machine: 1,000 meetings < 3 s,
10,000 meetings < 30 s and 2 GB (sparql engine), build < 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from _timing import machine_load, median_seconds, run_measured

TARGETS = {1000: (3.0, None), 10000: (30.0, 2048.0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--pyshacl-up-to", type=int, default=10000,
                        help="Run the reference engine on corpora up to this many meetings.")
    parser.add_argument("--folder", type=Path,
                        help="Keep the corpora in this folder (reused when present).")
    parser.add_argument("--runs", type=int, default=5, help="Runs of mosgraph build.")
    args = parser.parse_args()
    mosgraph = shutil.which("mosgraph") or sys.exit("mosgraph is not installed (pip install -e .)")
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.folder or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print(machine_load())
        build = median_seconds([mosgraph, "build", "-o", "out.ttl"], args.runs, folder)
        print(f"mosgraph build -o out.ttl (the report, validated): {build:.3f} s "
              f"(median of {args.runs}; target < 1.5 s) {'ok' if build < 1.5 else 'SLOW'}")
        print(f"\n{'meetings':>8} {'triples':>10} {'engine':>8} {'seconds':>8} {'peak MB':>8}"
              f" {'results':>8}  target")
        for meetings in args.meetings:
            corpus = folder / f"corpus-{meetings}.nt"
            if not corpus.exists():
                seconds, peak, _, output = run_measured(
                    [mosgraph, "synth", "--meetings", str(meetings), "-o", str(corpus)], folder)
                print(f"{meetings:>8} {'':>10} {'synth':>8} {seconds:8.1f} {peak:8.0f}")
            triples = sum(1 for _ in corpus.open("rb"))
            reports = {}
            engines = ["sparql"] + (["pyshacl"] if meetings <= args.pyshacl_up_to else [])
            for engine in engines:
                seconds, peak, _, output = run_measured(
                    [mosgraph, "validate", str(corpus), "--engine", engine, "--format", "json"],
                    folder)
                reports[engine] = json.loads(output)
                target = TARGETS.get(meetings) if engine == "sparql" else None
                verdict = ""
                if target is not None:
                    within = seconds < target[0] and (target[1] is None or peak < target[1])
                    limit = f"< {target[0]:g} s" + (f", < {target[1]:g} MB" if target[1] else "")
                    verdict = f"{limit} {'ok' if within else 'MISSED'}"
                print(f"{meetings:>8} {triples:>10} {engine:>8} {seconds:8.1f} {peak:8.0f} "
                      f"{len(reports[engine]['results']):>8}  {verdict}")
            if len(reports) == 2:
                same = reports["sparql"] == reports["pyshacl"]
                print(f"{'':>8} {'':>10} {'':>8} the two reports are "
                      f"{'the same' if same else 'DIFFERENT'}")
        print(machine_load())


if __name__ == "__main__":
    main()
