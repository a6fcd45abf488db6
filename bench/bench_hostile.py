"""Benchmark: what hostile files cost mosgraph before it refuses them (time and peak memory).

Run:  python bench/bench_hostile.py [--runs 3] [--command export]

Each case is a file made here (nothing is downloaded) and given to a fresh
``mosgraph COMMAND FILE ...`` process; the table shows the exit code, the wall time and the
peak resident memory of that process (start-up included), and the error line. Targets: the
expansion bombs end with exit 2 in under 2 s and under 200 MB.

To add a case, add an entry to :data:`CASES`: a file name (its extension chooses the
format) and a function that returns the file's bytes.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/"'


def billion_laughs() -> bytes:
    """The classic: ten entities, each ten of the one before (a 985-byte file, 3 GB)."""
    entities = "".join(f' <!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">\n' for i in range(1, 10))
    return (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY lol0 "lol">\n{entities}]>\n'
            f'<rdf:RDF {RDF}><rdf:Description rdf:about="http://example.org/a">'
            "<ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>\n").encode()


def quadratic_blowup() -> bytes:
    """One 50 KB entity referred to 20,000 times (a 110 KB file, 1 GB expanded)."""
    return (b'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY a "' + b"A" * 50_000 +
            b'">]>\n<rdf:RDF ' + RDF.encode() + b'><rdf:Description rdf:about='
            b'"http://example.org/a"><ex:p>' + b"&a;" * 20_000 +
            b"</ex:p></rdf:Description></rdf:RDF>\n")


def deep_rdfxml() -> bytes:
    """Descriptions nested 200,000 deep (the parser's time grows with the depth squared)."""
    depth = 200_000
    return (f"<rdf:RDF {RDF}><rdf:Description>".encode() +
            b"<ex:p><rdf:Description>" * depth + b"</rdf:Description></ex:p>" * depth +
            b"</rdf:Description></rdf:RDF>")


def deep_jsonld() -> bytes:
    """Objects nested 100,000 deep (the JSON-LD parser crashes past some thousands)."""
    depth = 100_000
    return (b'{"@id": "http://example.org/a", "http://example.org/p": ' +
            b'{"http://example.org/p": ' * depth + b'"x"' + b"}" * depth + b"}")


def nested_jsonld() -> bytes:
    """100,000 objects under 16 nested ones: within the depth limit, but pyoxigraph's JSON-LD
    parser buffers nested objects, so its memory grows with depth times size (accepted)."""
    depth, width = 16, 100_000
    leaves = b",".join([b'{"http://example.org/q": "x"}'] * width)
    return (b'{"@id": "http://example.org/a", "http://example.org/p": ' +
            b'{"@type": "http://example.org/T", "http://example.org/p": ' * depth + b"[" +
            leaves + b"]" + b"}" * depth + b"}")


def remote_context() -> bytes:
    """A JSON-LD context on a port nobody answers: refused, never fetched."""
    return b'{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://example.org/a"}'


CASES: dict[str, Callable[[], bytes]] = {
    "billion-laughs.rdf": billion_laughs,
    "quadratic-blowup.rdf": quadratic_blowup,
    "deep.rdf": deep_rdfxml,
    "deep.jsonld": deep_jsonld,
    "nested.jsonld": nested_jsonld,
    "remote-context.jsonld": remote_context,
}

COMMANDS = {
    "export": lambda path, out: ["export", str(path), "-o", str(out / "out.nt")],
    "query": lambda path, out: ["query", str(path), "-e", "SELECT * WHERE { ?s ?p ?o }"],
    "validate": lambda path, out: ["validate", str(path)],
}


def run(arguments: list[str]) -> tuple[int, float, float, str]:
    """Exit code, seconds, peak MB and last stderr line of ``mosgraph ARGUMENTS``."""
    code = ("import resource, runpy, sys\n"
            "sys.argv = ['mosgraph', *sys.argv[1:]]\n"
            "try:\n    runpy.run_module('mosgraph', run_name='__main__')\n"
            "finally:\n    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "file=sys.stderr)\n")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True,
                          text=True, timeout=600, env={**os.environ})
    seconds = time.perf_counter() - start
    lines = done.stderr.strip().splitlines()
    peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else \
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    message = lines[-2] if len(lines) > 1 else ""
    return done.returncode, seconds, peak, message


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--command", choices=sorted(COMMANDS), nargs="+",
                        default=sorted(COMMANDS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        print(f"{'file':22} {'size':>9} {'command':9} {'exit':>4} {'seconds':>8} {'peak MB':>8}"
              "  message")
        for name, make in CASES.items():
            path = folder / name
            path.write_bytes(make())
            for command in args.command:
                results = [run(COMMANDS[command](path, folder)) for _ in range(args.runs)]
                exit_code = results[0][0]
                seconds = statistics.median(r[1] for r in results)
                peak = statistics.median(r[2] for r in results)
                message = results[0][3].replace(str(folder) + "/", "")
                print(f"{name:22} {path.stat().st_size:9,} {command:9} {exit_code:4} "
                      f"{seconds:8.2f} {peak:8.0f}  {message[:90]}")


if __name__ == "__main__":
    main()
