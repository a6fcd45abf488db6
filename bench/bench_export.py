"""Benchmark: mosgraph's RDF reading and writing beside raw pyoxigraph, in the same run.

Run:  python bench/bench_export.py [--meetings 1000 10000] [--runs 3] [--folder DIR]

For each corpus (``mosgraph synth --meetings N``, N-Triples, made once in ``--folder``):

* **export**, for each RDF format: what ``mosgraph export corpus.nt -o out.FMT`` does
  (:func:`mosgraph.rdfio.convert`, then the atomic write) against raw
  pyoxigraph parsing the same file and serializing it (``pyoxigraph.serialize(
  pyoxigraph.parse(...))``, streamed, unsorted). Target: mosgraph within 2x in time and in
  peak memory.
* **read into the store**, for each RDF format (the corpus written in it by pyoxigraph
  first): ``mosgraph.store.OxigraphStore().load(path)`` against ``pyoxigraph.Store().load(
  path=...)``. Target: within 1.5x in time.

Each measurement runs in a fresh process that reports its own wall time (the work only, not
the interpreter's start-up and imports) and its peak resident memory (which includes what
the imports take: about 60 MB for mosgraph, 15 MB for pyoxigraph); the median of ``--runs``.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FORMATS = ("ntriples", "nquads", "turtle", "trig", "rdfxml", "jsonld")
EXTENSIONS = {"ntriples": "nt", "nquads": "nq", "turtle": "ttl", "trig": "trig",
              "rdfxml": "rdf", "jsonld": "jsonld"}


def worker(task: str, tool: str, fmt: str, source: str, target: str) -> None:
    """Do one measured task in this process and print {"seconds", "peak_mb"} as JSON."""
    import pyoxigraph as ox

    media = {"ntriples": "application/n-triples", "nquads": "application/n-quads",
             "turtle": "text/turtle", "trig": "application/trig",
             "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json"}
    ox_format = ox.RdfFormat.from_media_type(media[fmt])
    if tool == "mosgraph" and task == "export":  # what `mosgraph export` does
        from mosgraph.rdfio import convert, write_files
    elif tool == "mosgraph":
        from mosgraph.store import OxigraphStore
    start = time.perf_counter()
    if task == "export" and tool == "mosgraph":
        payload, _ = convert(source, fmt)
        write_files({Path(target): payload})
    elif task == "export":
        parsed = ox.parse(path=source)
        items = parsed if ox_format.supports_datasets else (q.triple for q in parsed)
        ox.serialize(items, output=target, format=ox_format)
    elif tool == "mosgraph":
        store = OxigraphStore()
        store.load(source)
        assert len(store) > 0
    else:
        raw = ox.Store()
        raw.load(path=source, format=ox_format)
        assert len(raw) > 0
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak}))


def measure(task: str, tool: str, fmt: str, source: Path, target: Path,
            runs: int) -> tuple[float, float]:
    seconds, peaks = [], []
    for _ in range(runs):
        done = subprocess.run([sys.executable, __file__, "--worker", task, tool, fmt,
                               str(source), str(target)], capture_output=True, text=True,
                              check=True)
        found = json.loads(done.stdout.strip().splitlines()[-1])
        seconds.append(found["seconds"])
        peaks.append(found["peak_mb"])
    return statistics.median(seconds), statistics.median(peaks)


def corpus(meetings: int, folder: Path) -> Path:
    path = folder / f"corpus-{meetings}.nt"
    if not path.exists():
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mosgraph", "synth", "--meetings", str(meetings),
                        "-o", str(path)], check=True, capture_output=True)
        print(f"(made {path.name} in {time.perf_counter() - start:.0f} s)")
    return path


def bench(meetings: int, folder: Path, runs: int) -> None:
    import pyoxigraph as ox

    source = corpus(meetings, folder)
    triples = sum(1 for _ in ox.parse(path=str(source)))
    print(f"\n{meetings:,} meetings: {triples:,} triples, {source.stat().st_size / 1e6:.0f} MB "
          "N-Triples")
    print(f"{'':9} {'export: mosgraph':>18} {'pyoxigraph':>18} {'ratio':>12}   "
          f"{'read: mosgraph':>15} {'pyoxigraph':>11} {'ratio':>6}")
    for fmt in FORMATS:
        target = folder / f"out-{meetings}.{EXTENSIONS[fmt]}"
        ours = measure("export", "mosgraph", fmt, source, target, runs)
        theirs = measure("export", "pyoxigraph", fmt, source, target, runs)
        as_fmt = folder / f"corpus-{meetings}.{EXTENSIONS[fmt]}"
        if not as_fmt.exists():
            parsed = ox.parse(path=str(source))
            ox_format = ox.RdfFormat.from_extension(EXTENSIONS[fmt])
            assert ox_format is not None
            ox.serialize(parsed if ox_format.supports_datasets else (q.triple for q in parsed),
                         output=str(as_fmt), format=ox_format)
        read_ours = measure("read", "mosgraph", fmt, as_fmt, as_fmt, runs)
        read_theirs = measure("read", "pyoxigraph", fmt, as_fmt, as_fmt, runs)
        print(f"{fmt:9} {ours[0]:7.2f} s {ours[1]:6.0f} MB {theirs[0]:7.2f} s {theirs[1]:6.0f} MB"
              f" {ours[0] / theirs[0]:5.2f}x {ours[1] / theirs[1]:4.1f}x   "
              f"{read_ours[0]:13.2f} s {read_theirs[0]:9.2f} s "
              f"{read_ours[0] / read_theirs[0]:5.2f}x")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(*sys.argv[2:7])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--folder", type=Path, help="where corpora are made and kept "
                        "(default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.folder or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        for meetings in args.meetings:
            bench(meetings, folder, args.runs)


if __name__ == "__main__":
    main()
