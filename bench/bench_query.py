"""Benchmark: every named query on every store, on the report and on a generated corpus.

Run:  python bench/bench_query.py [--meetings 1000] [--runs 5] [--no-server] [--no-join]

1. Loading: the bundled report's graph and ``mosgraph.synth.synthesize(--meetings)`` into
   each store: embedded Oxigraph (memory), Oxigraph on disk, an ``oxigraph serve`` process on
   loopback (through the SPARQL protocol, with ``mosgraph load``'s code), and rdflib.
2. Every named query on every store, median of --runs calls in one process (parsing and
   checking the query, evaluating it, turning the rows into rdflib terms; warm after the
   first call). Targets: < 20 ms each on the report in-process, < 100 ms each on the
   1,000-meeting corpus on the embedded default.
3. Why the embedded default is Oxigraph: a three-way join over the corpus, written the way
   a user would (type patterns first), on rdflib and on Oxigraph.
4. ``mosgraph validate`` on the corpus: the library call, and the command as a fresh process
   (reading the file included).
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

JOIN = """PREFIX mos: <https://w3id.org/mosgraph/ontology#>
PREFIX schema: <https://schema.org/>
SELECT ?organizer (COUNT(*) AS ?attendances) WHERE {
  ?attendance a mos:Attendance .
  ?meeting a schema:Event .
  ?attendance mos:atMeeting ?meeting .
  ?meeting schema:organizer ?organizer .
} GROUP BY ?organizer"""


def timed(function: Callable[[], Any]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def median_ms(function: Callable[[], Any], runs: int) -> float:
    return statistics.median(timed(function) for _ in range(runs)) * 1000


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[str | None]:
    """``oxigraph serve`` on a free loopback port; yields its base URL (None if absent)."""
    binary = Path(sys.executable).parent / "oxigraph"
    command = str(binary) if binary.exists() else shutil.which("oxigraph")
    if command is None:
        print("(no oxigraph binary: pip install oxigraph; the server column is skipped)")
        yield None
        return
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([command, "serve", "--location", str(folder), "--bind",
                                f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def open_stores(graph: Any, folder: Path, server: str | None, label: str) -> dict[str, Any]:
    from mosgraph.rdfio import write_graph
    from mosgraph.store import OxigraphStore, RdflibStore, RemoteStore

    stores: dict[str, Any] = {}
    path = folder / f"{label}.nt"
    write_graph(graph, path)
    memory = OxigraphStore()
    seconds = timed(lambda: memory.load(path))
    stores["memory"] = memory
    print(f"  {label}: {len(graph)} triples; load from N-Triples: memory {seconds:.2f} s", end="")
    disk_folder = folder / f"{label}-db"
    with OxigraphStore(disk_folder) as disk:
        seconds = timed(lambda: disk.load(path))
    stores["disk"] = OxigraphStore(disk_folder, read_only=True)
    print(f", disk {seconds:.2f} s", end="")
    if server is not None:
        remote = RemoteStore(f"{server}/query", f"{server}/update")
        remote.update("CLEAR DEFAULT")
        seconds = timed(lambda: remote.load(path))
        stores["server"] = remote
        print(f", server {seconds:.2f} s", end="")
    stores["rdflib"] = RdflibStore(graph)
    print()
    return stores


def run_queries(stores: dict[str, Any], runs: int, rdflib_timeout: float) -> dict[str, str]:
    from mosgraph.errors import QueryTimeout
    from mosgraph.resources import named_queries

    cells: dict[str, str] = {}
    for name, named in named_queries().items():
        for backend, store in stores.items():
            try:
                limit = rdflib_timeout if backend == "rdflib" else None
                ms = median_ms(lambda s=store, q=named.text, t=limit: s.query(q, timeout=t),
                               runs)
                cells[f"{name}/{backend}"] = f"{ms:.1f}"
            except QueryTimeout:
                cells[f"{name}/{backend}"] = f">{rdflib_timeout:g}s"
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-server", action="store_true", help="skip the Oxigraph server")
    parser.add_argument("--no-join", action="store_true",
                        help="skip the rdflib three-way join (it takes about a minute)")
    parser.add_argument("--rdflib-timeout", type=float, default=60.0)
    args = parser.parse_args()

    from mosgraph.build import build_graph
    from mosgraph.resources import named_queries
    from mosgraph.sources import load_sources
    from mosgraph.synth import synthesize

    report = build_graph(load_sources())
    seconds = timed(lambda: synthesize(args.meetings, seed=0))
    corpus = synthesize(args.meetings, seed=0)
    print(f"generated {args.meetings} meetings: {len(corpus)} triples in {seconds:.1f} s")

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        with oxigraph_server(folder / "server") as server:
            if args.no_server:
                server = None
            print("\n1. loading")
            report_stores = open_stores(report, folder, server, "report")
            report_cells = run_queries(report_stores, args.runs, args.rdflib_timeout)
            corpus_stores = open_stores(corpus, folder, server, "corpus")
            corpus_cells = run_queries(corpus_stores, args.runs, args.rdflib_timeout)

        backends = list(report_stores)
        print(f"\n2. named queries, median ms of {args.runs} calls "
              f"(targets: report/memory < 20, corpus/memory < 100)")
        header = ["query"] + [f"report/{b}" for b in backends] + \
            [f"corpus/{b}" for b in backends]
        widths = [max(len(n) for n in named_queries())] + [len(h) for h in header[1:]]
        print("  ".join(h.ljust(w) if i == 0 else h.rjust(w)
                        for i, (h, w) in enumerate(zip(header, widths, strict=True))))
        slow = []
        for name in named_queries():
            row = [name] + [report_cells[f"{name}/{b}"] for b in backends] + \
                [corpus_cells[f"{name}/{b}"] for b in backends]
            print("  ".join(v.ljust(w) if i == 0 else v.rjust(w)
                            for i, (v, w) in enumerate(zip(row, widths, strict=True))))
            if float(report_cells[f"{name}/memory"]) >= 20:
                slow.append(f"{name} on the report ({report_cells[f'{name}/memory']} ms)")
            if float(corpus_cells[f"{name}/memory"]) >= 100:
                slow.append(f"{name} on the corpus ({corpus_cells[f'{name}/memory']} ms)")
        print("targets: " + ("all met" if not slow else "MISSED by " + ", ".join(slow)))

        print("\n3. a three-way join over the corpus (type patterns first)")
        from mosgraph.errors import QueryTimeout

        oxigraph_ms = median_ms(lambda: corpus_stores["memory"].query(JOIN), args.runs)
        print(f"  oxigraph (embedded): {oxigraph_ms:9.1f} ms")
        if args.no_join:
            print("  rdflib: skipped (--no-join)")
        else:
            try:
                seconds = timed(lambda: corpus_stores["rdflib"].query(JOIN, timeout=600))
                print(f"  rdflib:              {seconds * 1000:9.1f} ms")
            except QueryTimeout:
                print("  rdflib:              > 600 s")

        print("\n4. validating the corpus")
        try:
            from mosgraph.validation import validate
        except ImportError:
            print("  mosgraph.validation is not there yet: skipped")
            return
        seconds = timed(lambda: validate(corpus))
        print(f"  validate(graph), in process:        {seconds:6.1f} s")
        mosgraph = shutil.which("mosgraph") or str(Path(sys.executable).parent / "mosgraph")
        corpus_file = folder / "corpus.nt"
        seconds = timed(lambda: subprocess.run([mosgraph, "validate", str(corpus_file)],
                                               capture_output=True, check=False))
        print(f"  mosgraph validate corpus.nt (fresh): {seconds:6.1f} s")


if __name__ == "__main__":
    main()
