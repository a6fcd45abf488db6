"""Benchmark: what hostile files cost mosgraph before it refuses them (time and peak memory),
and how the report reader scales with the size of its input.

Run:  python bench/bench_hostile.py [--runs 3] [--command export] [--sizes 1 10 100]

Each case is a file made here (nothing is downloaded) and given to a fresh
``mosgraph COMMAND FILE ...`` process; the table shows the exit code, the wall time and the
peak resident memory of that process (start-up included), and the error line. Targets: the
expansion bombs end with exit 2 in under 2 s and under 200 MB.

To add a case, add an entry to :data:`CASES`: a file name (its extension chooses the
format) and a function that returns the file's bytes. Curation files (``.yaml``) are given
to ``mosgraph build --curation``, reports (``.txt``) to ``mosgraph read``.

The second table reads generated reports of 1, 10 and 100 MB (``--sizes``): the bundled
report with its discussion points repeated and an annex of distinct attendees (a tenth of
the bytes), each read by ``mosgraph read`` in a fresh process; the reader is linear when the
seconds per MB stay flat.
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

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "data" / "reports" / "hlg-mos-2021-01-29.txt"
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


def alias_bomb() -> bytes:
    """YAML "billion laughs": nine levels of aliases, each ten of the one before."""
    lines = ['works:', '- &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"- &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


def deep_yaml() -> bytes:
    """Lists nested 100,000 deep."""
    return b"projects: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"


def long_line_report() -> bytes:
    """A 20 MB report on one line."""
    return b"Report of the online HLG-MOS meeting (29 January 2021) " + b"x" * (20 << 20)


def blank_lines_report() -> bytes:
    """A report of 5 million empty lines."""
    return b"\n" * 5_000_000 + REPORT.read_bytes()


CASES: dict[str, Callable[[], bytes]] = {
    "alias-bomb.yaml": alias_bomb,
    "deep.yaml": deep_yaml,
    "long-line.txt": long_line_report,
    "blank-lines.txt": blank_lines_report,
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


def commands_for(name: str) -> list[str]:
    """The commands a case is given to: by the kind of file."""
    if name.endswith(".yaml"):
        return ["build"]
    if name.endswith(".txt"):
        return ["read"]
    return sorted(COMMANDS)


OTHER = {
    "build": lambda path, out: ["build", str(REPORT), "--curation", str(path), "-o",
                                str(out / "out.ttl")],
    "read": lambda path, out: ["read", str(path)],
}


def big_report(megabytes: float) -> bytes:
    """The bundled report grown to ``megabytes``: its points repeated, and an annex of
    distinct attendees making up a tenth of the bytes."""
    text = REPORT.read_text(encoding="utf-8")
    start, end = text.index("Community\n"), text.index("Implementation\n")
    block = text[start:end]
    target = int(megabytes * (1 << 20))
    attendee = "- Person{0} Name{0} (Statistics Poland, representing Someone{0} Else)\n"
    annex = "".join(attendee.format(n) for n in range(target // 10 // len(attendee.format(0))))
    body = block * max(1, (target - len(text) - len(annex)) // len(block))
    at = text.index("- Dominik Rozkrut")
    return (text[:start] + body + text[start:at] + annex + text[at:]).encode("utf-8")


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
    parser.add_argument("--sizes", type=float, nargs="*", default=[1, 10, 100],
                        help="Sizes in MB of the reports the reader is timed on.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        print(f"{'file':22} {'size':>11} {'command':9} {'exit':>4} {'seconds':>8} {'peak MB':>8}"
              "  message")
        for name, make in CASES.items():
            path = folder / name
            path.write_bytes(make())
            for command in commands_for(name):
                if command in COMMANDS and command not in args.command:
                    continue
                make_arguments = COMMANDS.get(command) or OTHER[command]
                results = [run(make_arguments(path, folder)) for _ in range(args.runs)]
                exit_code = results[0][0]
                seconds = statistics.median(r[1] for r in results)
                peak = statistics.median(r[2] for r in results)
                message = results[0][3].replace(str(folder) + "/", "")
                print(f"{name:22} {path.stat().st_size:11,} {command:9} {exit_code:4} "
                      f"{seconds:8.2f} {peak:8.0f}  {message[:90]}")
            path.unlink()
        if args.sizes:
            print(f"\n{'report':22} {'size':>11} {'exit':>4} {'seconds':>8} {'s/MB':>6} "
                  f"{'peak MB':>8}")
        for megabytes in args.sizes:
            path = folder / f"report-{megabytes:g}MB.txt"
            path.write_bytes(big_report(megabytes))
            results = [run(["read", str(path)]) for _ in range(args.runs)]
            seconds = statistics.median(r[1] for r in results)
            peak = statistics.median(r[2] for r in results)
            size = path.stat().st_size
            print(f"{path.name:22} {size:11,} {results[0][0]:4} {seconds:8.2f} "
                  f"{seconds / (size / (1 << 20)):6.2f} {peak:8.0f}")
            path.unlink()


if __name__ == "__main__":
    main()
