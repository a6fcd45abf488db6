"""Sorting more lines than memory holds (an *external sort*): sorted runs in temporary
files, merged.

:func:`sorted_lines` takes lines (bytes, each ending in ``\\n``) a chunk at a time and gives
them back sorted as bytes sort, each once. At most ``run_bytes`` of lines are held at a
time: when more came, they are sorted and kept in a temporary file (a *run*), and the runs
are merged at the end (:data:`FAN_IN` at a time: a merge of that many runs makes a run of the
next level). Memory stays bounded whatever the number of lines; the bytes given back do not
depend on ``run_bytes``.

Canonical N-Triples and N-Quads lines sort as their statements (see
:func:`mosgraph.rdfio.canonical`): :mod:`mosgraph.rdfstream` sorts a file with it, and
:mod:`mosgraph.synth` the corpus it generates.

>>> with sorted_lines([[b"b\\n", b"a\\n"], [b"c\\n", b"a\\n"]], run_bytes=4) as chunks:
...     [line for chunk in chunks for line in chunk]
[b'a\\n', b'b\\n', b'c\\n']
"""

from __future__ import annotations

import bisect
import contextlib
import operator
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

__all__ = ["FAN_IN", "RUN_BYTES", "sorted_lines"]

RUN_BYTES = 1 << 23
"""How many bytes of lines :func:`sorted_lines` holds at a time, by default (a run): about
10 MB of Python bytes objects."""

FAN_IN = 64
"""How many runs are merged at once."""

_CHUNK = 4096  # lines given back at a time


@contextlib.contextmanager
def sorted_lines(chunks: Iterable[list[bytes]], *, folder: str | None = None,
                 run_bytes: int | None = None) -> Iterator[Iterable[list[bytes]]]:
    """The lines of ``chunks`` (lists of lines, each ending in ``\\n`` and holding no other)
    sorted, each once, in lists (as often as they are iterated over, in the block). Runs
    go to temporary files in ``folder`` (the system's temporary folder if ``None``),
    removed when the block ends; at most ``run_bytes`` (:data:`RUN_BYTES` if ``None``) of
    lines are held in memory at a time.
    """
    limit = RUN_BYTES if run_bytes is None else run_bytes
    with contextlib.ExitStack() as stack:
        runs = _Runs(folder, stack)
        held: list[bytes] = []
        size = 0
        for chunk in chunks:
            held += chunk
            size += sum(map(len, chunk))
            if size > limit:
                held.sort()  # a run may hold a line twice: the merge gives it once
                runs.add([held])
                held, size = [], 0
        held.sort()
        if not runs.levels:
            yield _Held(held)
            return
        runs.add([held])
        del held
        yield _Merged([run for level in runs.levels for run in level])


class _Held:
    """Sorted lines held in memory, given each once a chunk at a time."""

    def __init__(self, lines: list[bytes]) -> None:
        self.lines = lines

    def __iter__(self) -> Iterator[list[bytes]]:
        lines = self.lines
        return _each_once(lines[i:i + _CHUNK] for i in range(0, len(lines), _CHUNK))


class _Merged:
    """Sorted runs, merged each time they are gone through."""

    def __init__(self, runs: list[IO[bytes]]) -> None:
        self.runs = runs

    def __iter__(self) -> Iterator[list[bytes]]:
        for run in self.runs:
            run.seek(0)
        return _merged(self.runs)


class _Runs:
    """Sorted runs of lines in temporary files, merged as they come when there are
    :data:`FAN_IN` of a level."""

    def __init__(self, folder: str | None, stack: contextlib.ExitStack) -> None:
        self.folder, self.stack = folder, stack
        self.levels: list[list[IO[bytes]]] = []  # runs, by how many merges made them

    def add(self, blocks: Iterable[list[bytes]], level: int = 0) -> None:
        """Keep the sorted lines of ``blocks`` as a run."""
        run = tempfile.TemporaryFile(prefix=".mosgraph-run-", dir=self.folder)  # noqa: SIM115
        self.stack.callback(run.close)
        for block in blocks:  # joined a chunk at a time: one write call each, little memory
            for start in range(0, len(block), _CHUNK):
                run.write(b"".join(block[start:start + _CHUNK]))
        run.seek(0)
        while len(self.levels) <= level:
            self.levels.append([])
        self.levels[level].append(run)
        if len(self.levels[level]) == FAN_IN:
            full, self.levels[level] = self.levels[level], []
            self.add(_merged(full), level + 1)
            for each in full:
                each.close()


_BLOCK = 1 << 16  # bytes of a run read at a time when merging


def _merged(runs: list[IO[bytes]]) -> Iterator[list[bytes]]:
    """The lines of sorted ``runs``, sorted, each once, a block at a time.

    Each round reads a block of each run whose block is used up and takes, from every
    block, the lines up to the *bound*: the least of the last lines of the blocks of runs
    that have more to read. No line still unread sorts before the bound (but copies of the
    bound, in the next block of a run), so what is taken is sorted (Python's sort merges
    the sorted pieces) and given back each once (:func:`_each_once`). Every round uses up
    at least one block. The work per line is done by C code, not a Python loop.
    """
    return _each_once(_rounds(runs))


def _rounds(runs: list[IO[bytes]]) -> Iterator[list[bytes]]:
    blocks: list[list[bytes]] = [[] for _ in runs]
    starts = [0] * len(runs)  # where the lines not taken yet start in each block
    more = [True] * len(runs)
    while True:
        for number, run in enumerate(runs):
            if starts[number] == len(blocks[number]) and more[number]:
                blocks[number], starts[number] = run.readlines(_BLOCK), 0
                more[number] = bool(blocks[number])
        ends = [block[-1] for block, unread in zip(blocks, more, strict=True) if unread]
        if not ends:
            taken = [line for block, start in zip(blocks, starts, strict=True)
                     for line in block[start:]]
            if taken:
                taken.sort()
                yield taken
            return
        bound = min(ends)
        taken = []
        for number, block in enumerate(blocks):
            start = starts[number]
            cut = bisect.bisect_right(block, bound, start)
            if cut > start:
                taken += block[start:cut]
                starts[number] = cut
        taken.sort()
        yield taken


def _each_once(chunks: Iterable[list[bytes]]) -> Iterator[list[bytes]]:
    """The sorted lines of sorted ``chunks`` (each chunk's lines sort after the lines of
    the chunks before, or are the same), each once: a line given more than once is next
    to itself."""
    last = None
    for chunk in chunks:
        if chunk[-1] == last:
            continue
        if not all(map(operator.lt, chunk, chunk[1:])):
            chunk = list(dict.fromkeys(chunk))
        if chunk[0] == last:
            del chunk[0]
        last = chunk[-1]
        yield chunk
