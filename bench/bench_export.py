"""Benchmark: mosgraph's RDF reading and writing beside raw pyoxigraph, in the same run.

Run:  python bench/bench_export.py [--meetings 1000 10000] [--runs 3] [--folder DIR]
                                   [--formats turtle jsonld ...] [--no-read]

For each corpus (``mosgraph synth --meetings N``, N-Triples, made once in ``--folder``):

* **export**, for each RDF format and two orders of the same statements: *canonical* (the
  order mosgraph writes: sorted N-Quads lines; if the synth file is not in that order, a
  canonical copy is made and the synth file measured as a third order, *synth*) and
  *shuffled* (the lines in a random order, seeded). mosgraph: what ``mosgraph export
  corpus.nt -o out.FMT`` does (:func:`mosgraph.rdfio.convert`, written atomically);
  pyoxigraph: parsing the same file and serializing it as it comes
  (``pyoxigraph.serialize(pyoxigraph.parse(...))``, streamed, unsorted). Target: mosgraph
  within 2x in time and in peak memory. The last column says whether mosgraph wrote the
  same bytes for every order.
* **read into the store**, for each RDF format (the corpus written in it by pyoxigraph
  first): ``mosgraph.store.OxigraphStore().load(path)`` against ``pyoxigraph.Store().load(
  path=...)``. Target: within 1.5x in time.

Each measurement runs in a fresh process that reports its own wall time (the work only, not
the interpreter's start-up and imports) and its peak resident memory (``VmHWM``: Rust's
allocations count; it includes what the imports take, about 27 MB for mosgraph.rdfio and 20
MB for pyoxigraph); the median of ``--runs``, and the spread (lowest-highest time) when
there are several runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
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
        from mosgraph.rdfio import convert
    elif tool == "mosgraph":
        from mosgraph.store import OxigraphStore
    start = time.perf_counter()
    if task == "export" and tool == "mosgraph":
        convert(source, target, fmt)
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
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb()}))


def peak_mb() -> float:
    """This process's peak resident memory in MB: VmHWM, which starts again at exec (the
    ``ru_maxrss`` of a child process starts from its parent's)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Measure:
    """Median time, spread and median peak memory of ``runs`` fresh processes."""

    def __init__(self, task: str, tool: str, fmt: str, source: Path, target: Path,
                 runs: int) -> None:
        seconds, peaks = [], []
        for _ in range(runs):
            done = subprocess.run([sys.executable, __file__, "--worker", task, tool, fmt,
                                   str(source), str(target)], capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"{task} {tool} {fmt} {source.name} failed:\n{done.stderr}")
            found = json.loads(done.stdout.strip().splitlines()[-1])
            seconds.append(found["seconds"])
            peaks.append(found["peak_mb"])
        self.seconds = statistics.median(seconds)
        self.low, self.high = min(seconds), max(seconds)
        self.peak = statistics.median(peaks)

    def __str__(self) -> str:
        spread = f" ({self.low:.1f}-{self.high:.1f})" if self.high > self.low else ""
        return f"{self.seconds:6.2f} s{spread:12} {self.peak:6.0f} MB"


def corpus(meetings: int, folder: Path) -> Path:
    path = folder / f"corpus-{meetings}.nt"
    if not path.exists():
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mosgraph", "synth", "--meetings", str(meetings),
                        "-o", str(path)], check=True, capture_output=True)
        print(f"(made {path.name} in {time.perf_counter() - start:.0f} s)")
    return path


def is_canonical(path: Path) -> bool:
    """Whether the N-Triples file's lines are sorted (as bytes), each once: canonical order
    for a file without blank nodes."""
    previous = b""
    with path.open("rb") as lines:
        for line in lines:
            if line <= previous:
                return False
            previous = line
    return True


def orders(meetings: int, folder: Path) -> dict[str, Path]:
    """The corpus in canonical order, shuffled, and as synth wrote it if that is neither."""
    synth = corpus(meetings, folder)
    found = {}
    if is_canonical(synth):
        found["canonical"] = synth
    else:
        canonical = folder / f"corpus-{meetings}-canonical.nt"
        if not canonical.exists():
            from mosgraph.rdfio import convert

            convert(synth, canonical, "nt")
        found["canonical"] = canonical
        found["synth"] = synth
    shuffled = folder / f"corpus-{meetings}-shuffled.nt"
    if not shuffled.exists():
        lines = synth.read_bytes().splitlines(keepends=True)
        random.Random(meetings).shuffle(lines)
        shuffled.write_bytes(b"".join(lines))
        del lines
    found["shuffled"] = shuffled
    return found


def digest(path: Path) -> str:
    hashed = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            hashed.update(chunk)
    return hashed.hexdigest()


def bench(meetings: int, folder: Path, runs: int, formats: list[str], read: bool) -> None:
    import pyoxigraph as ox

    inputs = orders(meetings, folder)
    source = inputs["canonical"]
    triples = sum(1 for _ in ox.parse(path=str(source)))
    print(f"\n{meetings:,} meetings: {triples:,} triples, {source.stat().st_size / 1e6:.0f} MB "
          f"N-Triples; orders: {', '.join(inputs)}", flush=True)
    print(f"{'export':9} {'order':10} {'mosgraph':>32} {'pyoxigraph':>32} {'time':>6} "
          f"{'memory':>6}  same bytes")
    for fmt in formats:
        digests = set()
        for order, path in inputs.items():
            target = folder / f"out-{meetings}-{order}.{EXTENSIONS[fmt]}"
            ours = Measure("export", "mosgraph", fmt, path, target, runs)
            digests.add(digest(target))
            theirs = Measure("export", "pyoxigraph", fmt, path, folder / "raw.out", runs)
            print(f"{fmt:9} {order:10} {ours!s:>32} {theirs!s:>32} "
                  f"{ours.seconds / theirs.seconds:5.2f}x {ours.peak / theirs.peak:5.1f}x  "
                  f"{'yes' if len(digests) == 1 else 'NO'}", flush=True)
    if not read:
        return
    print(f"{'read':9} {'':10} {'mosgraph':>32} {'pyoxigraph':>32} {'time':>6}")
    for fmt in formats:
        as_fmt = folder / f"corpus-{meetings}.{EXTENSIONS[fmt]}"
        if not as_fmt.exists():
            parsed = ox.parse(path=str(source))
            ox_format = ox.RdfFormat.from_extension(EXTENSIONS[fmt])
            assert ox_format is not None
            ox.serialize(parsed if ox_format.supports_datasets else (q.triple for q in parsed),
                         output=str(as_fmt), format=ox_format)
        ours = Measure("read", "mosgraph", fmt, as_fmt, as_fmt, runs)
        theirs = Measure("read", "pyoxigraph", fmt, as_fmt, as_fmt, runs)
        print(f"{fmt:9} {'':10} {ours!s:>32} {theirs!s:>32} "
              f"{ours.seconds / theirs.seconds:5.2f}x", flush=True)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(*sys.argv[2:7])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    parser.add_argument("--no-read", action="store_true", help="measure export only")
    parser.add_argument("--folder", type=Path, help="where corpora are made and kept "
                        "(default: a temporary folder)")
    args = parser.parse_args()
    print(f"load: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
          if Path("/proc/loadavg").exists() else "")
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.folder or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        for meetings in args.meetings:
            bench(meetings, folder, args.runs, args.formats, not args.no_read)
    print(f"load: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}"
          if Path("/proc/loadavg").exists() else "")


if __name__ == "__main__":
    main()
