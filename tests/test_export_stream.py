"""mosgraph.rdfstream: statements in the default graph are written as N-Quads by pyoxigraph
in one call and checked a block of whole lines at a time; what the check (or the output)
raises comes out as it is."""

from __future__ import annotations

import errno

import pyoxigraph as ox
import pytest

from mosgraph import rdfstream

LINES = [f'<http://example.org/s{i:04}> <http://example.org/p> "v\\u00e9 {i}" .\n'
         for i in range(2000)]


def drained(text: str, **options: bool) -> tuple[rdfstream._InOrder, list[bytes]]:
    seen: list[bytes] = []
    statements = rdfstream._InOrder(ox.parse(text.encode(), format=ox.RdfFormat.N_TRIPLES),
                                    rdfstream.Layout(False, True, False), seen.append,
                                    blank_nodes=options.get("blank_nodes", False))
    statements.drain()
    return statements, seen


@pytest.mark.parametrize("block", [1, 100, 1 << 20])
def test_blocks_are_whole_lines_each_once(monkeypatch: pytest.MonkeyPatch, block: int) -> None:
    monkeypatch.setattr(rdfstream, "_BLOCK", block)
    # adjacent duplicates are written once (as pyoxigraph's parser gives them all)
    text = "".join(line for line in LINES for _ in (1, 2) if line)
    statements, seen = drained(text)
    assert statements.count == len(LINES)
    assert all(part.endswith(b" .\n") for part in seen)
    assert b"".join(seen).decode() == "".join(LINES).replace("\\u00e9", "\u00e9")
    assert len(seen) > 10 if block < 1000 else len(seen) == 1


def test_out_of_order_and_blank_nodes_are_raised_as_they_are(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rdfstream, "_BLOCK", 100)
    with pytest.raises(rdfstream.NotSorted, match="s0005"):
        drained("".join(LINES[:5] + LINES[6:9] + LINES[5:6]))
    with pytest.raises(rdfstream.NeedsMemory):
        drained("".join(LINES[:50]) + "_:b <http://example.org/p> <http://example.org/o> .\n")
    statements, seen = drained("_:b <http://example.org/p> <http://example.org/o> .\n",
                               blank_nodes=True)
    assert statements.count == 1 and seen[0].startswith(b"_:b ")


def test_what_the_output_raises_comes_out_and_stops_the_writing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rdfstream, "_BLOCK", 100)
    taken: list[bytes] = []

    def full(text: bytes) -> None:
        taken.append(text)
        if len(taken) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")

    statements = rdfstream._InOrder(
        ox.parse("".join(LINES).encode(), format=ox.RdfFormat.N_TRIPLES),
        rdfstream.Layout(False, True, False), full, blank_nodes=False)
    with pytest.raises(OSError) as raised:
        statements.drain()
    assert raised.value.errno == errno.ENOSPC
    assert len(taken) == 2  # nothing given after the error
