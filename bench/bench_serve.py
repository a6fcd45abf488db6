"""Benchmark: ``mosgraph serve`` against ``oxigraph serve``, the same data, the same client.

Run:  python bench/bench_serve.py [--meetings 1000] [--seconds 4] [--clients 1,10,50]
                                  [--soak 10000]

For the bundled report's graph and a generated corpus (``mosgraph synth --meetings N``),
both servers are started on loopback with the same data, and one client (asyncio, HTTP/1.1
keep-alive connections, written here so that it costs little and costs both servers the
same) sends, for ``--seconds`` at each number of concurrent clients:

* a resource page: ``mosgraph serve`` ``GET /doc/id/person/P/`` (HTML: label, properties,
  incoming links, report sentences, embedded JSON-LD; five queries and a page) against
  ``oxigraph serve`` ``DESCRIBE <P>`` (its nearest: the resource's triples, Turtle);
* a Turtle fetch: ``GET /doc/id/person/P/index.ttl`` against the same triples asked of
  Oxigraph with ``CONSTRUCT`` (the resource's triples and those pointing to it, Turtle);
* a named query (``attendees-by-organisation``): the same text to both endpoints, SPARQL
  JSON results.

P goes round the people of the graph (200 at most). Each target is first asked once (the
median of that first pass is printed: for mosgraph, the cost of making a page it then keeps);
then, at each number of clients, printed: requests per second, p50 and p95 latency, errors,
and mosgraph's figures as a share of Oxigraph's. Targets: at 1 and 10 clients,
throughput at least half of Oxigraph's and p95 at most twice its p95; no error at 50 clients.
Then ``--soak`` requests (the three kinds in turn, 10 clients) to ``mosgraph serve`` on the
corpus, with its memory (server and workers, RSS) before and after. The load average is
printed with the figures: the machine may be shared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

NAMED = "attendees-by-organisation"
PEOPLE = ("SELECT DISTINCT ?p WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> } "
          "ORDER BY ?p LIMIT 200")


# --- a small HTTP/1.1 client ---------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection (Content-Length or chunked answers)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, target: str, accept: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                          f"Accept: {accept}\r\n\r\n".encode("latin-1"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in
                   (line.partition(":") for line in lines[1:] if line)}
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        else:
            body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.writer.close()
            self.writer = None
        return status, body


async def _load(port: int, targets: list[tuple[str, str]], clients: int,
                seconds: float | None, total: int | None) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    sent = 0
    stop_at = time.perf_counter() + (seconds or 1e9)

    async def client(number: int) -> None:
        nonlocal errors, sent
        connection = Connection("127.0.0.1", port)
        index = number
        while time.perf_counter() < stop_at and (total is None or sent < total):
            sent += 1
            target, accept = targets[index % len(targets)]
            index += clients
            started = time.perf_counter()
            try:
                status, _ = await connection.get(target, accept)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                status, connection = 0, Connection("127.0.0.1", port)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors += 1

    began = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(clients)))
    return latencies, errors, time.perf_counter() - began


def first_pass(port: int, targets: list[tuple[str, str]]) -> float:
    """Ask for each target once (one client): the median latency, in ms. For mosgraph this
    is the cost of making a page (not yet kept); for both it warms what can be warmed."""
    latencies, _, _ = asyncio.run(_load(port, targets, 1, None, len(targets)))
    return statistics.median(latencies) * 1000


def measure(port: int, targets: list[tuple[str, str]], clients: int,
            seconds: float) -> dict[str, float]:
    latencies, errors, took = asyncio.run(_load(port, targets, clients, seconds, None))
    latencies.sort()
    return {"rps": len(latencies) / took, "p50": statistics.median(latencies) * 1000,
            "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000, "errors": errors,
            "n": len(latencies)}


# --- the servers -------------------------------------------------------------------------------


@contextmanager
def servers(data: Path, work: Path) -> Iterator[tuple[int, int, Callable[[], int]]]:
    """``mosgraph serve`` and ``oxigraph serve`` on the same data: their ports, and a
    function giving mosgraph's memory (RSS of the server and its workers, bytes)."""
    import psutil
    from servers import free_port, oxigraph_binary, stop, wait_for

    store = work / f"oxigraph-{data.stem}"
    subprocess.run([oxigraph_binary(), "load", "--location", str(store), "--file", str(data)],
                   check=True, capture_output=True)
    ox_port, mos_port = free_port(), free_port()
    oxigraph = subprocess.Popen([oxigraph_binary(), "serve-read-only", "--location", str(store),
                                 "--bind", f"127.0.0.1:{ox_port}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    mosgraph = subprocess.Popen([sys.executable, "-m", "mosgraph", "serve", str(data),
                                 "--port", str(mos_port)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(f"http://127.0.0.1:{ox_port}/query?query=ASK%7B%7D", oxigraph,
                 "oxigraph serve", 120)
        wait_for(f"http://127.0.0.1:{mos_port}/sparql?query=ASK%7B%7D", mosgraph,
                 "mosgraph serve", 300)

        def memory() -> int:
            process = psutil.Process(mosgraph.pid)
            return sum(p.memory_info().rss for p in [process, *process.children(True)])

        yield mos_port, ox_port, memory
    finally:
        stop(mosgraph)
        stop(oxigraph)


def workloads(data: Path) -> dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]]:
    """For each kind of request: (mosgraph's targets, oxigraph's targets)."""
    import pyoxigraph

    from mosgraph.resources import named_queries

    store = pyoxigraph.Store()
    store.bulk_load(path=str(data), format=pyoxigraph.RdfFormat.N_TRIPLES)
    people = [row[0].value for row in store.query(PEOPLE)]
    base = "https://w3id.org/mosgraph/"

    def sparql(query: str) -> str:
        return "/query?" + urllib.parse.urlencode({"query": query})

    def mos_sparql(query: str) -> str:
        return "/sparql?" + urllib.parse.urlencode({"query": query})

    named = named_queries()[NAMED].text
    json = "application/sparql-results+json"
    return {
        "resource page": (
            [(f"/doc/{urllib.parse.quote(p[len(base):])}/", "text/html") for p in people],
            [(sparql(f"DESCRIBE <{p}>"), "text/turtle") for p in people]),
        "Turtle fetch": (
            [(f"/doc/{urllib.parse.quote(p[len(base):])}/index.ttl", "text/turtle")
             for p in people],
            [(sparql(f"CONSTRUCT {{ <{p}> ?p ?o . ?s ?q <{p}> }} WHERE {{ {{ <{p}> ?p ?o }} "
                     f"UNION {{ ?s ?q <{p}> }} }}"), "text/turtle") for p in people]),
        "named query": ([(mos_sparql(named), json)], [(sparql(named), json)]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--soak", type=int, default=10_000)
    options = parser.parse_args()
    levels = [int(c) for c in options.clients.split(",")]

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        report = work / "report.nt"
        subprocess.run([sys.executable, "-m", "mosgraph", "build", "-o", str(report)],
                       check=True, capture_output=True)
        corpus = work / "corpus.nt"
        subprocess.run([sys.executable, "-m", "mosgraph", "synth", "--meetings",
                        str(options.meetings), "-o", str(corpus)], check=True,
                       capture_output=True)
        for name, data in (("report", report), (f"corpus ({options.meetings} meetings)",
                                                  corpus)):
            print(f"\n## {name}: {sum(1 for _ in data.open(encoding='utf-8')):,} triples; "
                  f"load average {os.getloadavg()[0]:.2f}")
            print("| request | clients | mosgraph req/s | p50 ms | p95 ms | errors "
                  "| oxigraph req/s | p50 ms | p95 ms | errors | throughput | p95 |")
            print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
            with servers(data, work) as (mos_port, ox_port, memory):
                firsts = []
                for kind, (mine, theirs) in workloads(data).items():
                    firsts.append(f"{kind} {first_pass(mos_port, mine):.1f} ms "
                                  f"(oxigraph {first_pass(ox_port, theirs):.1f} ms)")
                    for clients in levels:
                        m = measure(mos_port, mine, clients, options.seconds)
                        o = measure(ox_port, theirs, clients, options.seconds)
                        print(f"| {kind} | {clients} | {m['rps']:,.0f} | {m['p50']:.1f} | "
                              f"{m['p95']:.1f} | {m['errors']} | {o['rps']:,.0f} | "
                              f"{o['p50']:.1f} | {o['p95']:.1f} | {o['errors']} | "
                              f"{m['rps'] / o['rps']:.2f}x | {m['p95'] / o['p95']:.2f}x |",
                              flush=True)
                print("\nfirst request for each (mosgraph makes the page, then keeps it): "
                      + "; ".join(firsts))
                if data is corpus and options.soak:
                    mixed = [t for targets, _ in workloads(data).values() for t in targets]
                    before = memory()
                    latencies, errors, took = asyncio.run(
                        _load(mos_port, mixed, 10, None, options.soak))
                    after = memory()
                    print(f"\nsoak: {len(latencies):,} requests in {took:.1f} s "
                          f"({errors} errors); mosgraph's memory (server + workers) "
                          f"{before / 2**20:.0f} MiB before, {after / 2**20:.0f} MiB after; "
                          f"load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
