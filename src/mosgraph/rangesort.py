"""Lines made by several processes, written sorted (each once): the sort shared out too.

:func:`write_sorted` gives each task to a process (``jobs`` of them), which makes the
task's lines, sorts them into a *run* file and keeps every :data:`STRIDE`-th line of it
with its offset (a *sample*). Once every run is written, the samples show where the lines
lie: the key space is cut into *parts* of about ``part_bytes`` each, and each part is
merged (from the slice of every run that falls in it, found from the samples) by a process
of its own, while the parts already merged are copied to the output in order. No process
holds more than a run or a part, and the one that hands out the tasks does little more
than that: so the sort, which one process did alone at the end, is done by all of them.

The bytes written depend only on the lines made (not on ``jobs``, the tasks or where the
parts are cut): the same as one sort of all the lines, each line once.

>>> import io
>>> out = io.BytesIO()
>>> write_sorted(_letters, ["cab", "bd", "e"], out, part_bytes=4)
5
>>> out.getvalue()
b'a\\nb\\nc\\nd\\ne\\n'
"""

from __future__ import annotations

import bisect
import itertools
import math
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, TypeVar

from .extsort import sorted_lines

__all__ = ["STRIDE", "write_sorted"]

STRIDE = 128
"""Every how many lines of a run one is kept in its sample."""

_NO_LIMIT = 1 << 62  # a run is sorted in memory: its lines are there already

Task = TypeVar("Task")


@dataclass(frozen=True)
class _Run:
    """A run file: its lines sorted, each once; every STRIDE-th line with its offset."""

    path: str
    size: int
    sample: list[bytes]
    offsets: list[int]

    def window(self, low: bytes | None, high: bytes | None) -> tuple[str, int, int]:
        """The bytes of this run that hold (at least) its lines from ``low`` (inclusive)
        to ``high`` (exclusive; ``None``: no bound), as (path, start, end)."""
        sample = self.sample
        before = 0 if low is None else bisect.bisect_left(sample, low)
        after = len(sample) if high is None else bisect.bisect_left(sample, high)
        # the line kept before ``low`` sorts before it, as all lines before it do; the
        # line kept at ``high`` or after it is not before ``high``, nor are those after
        start = self.offsets[before - 1] if before else 0
        end = self.offsets[after] if after < len(sample) else self.size
        return self.path, start, end


def write_sorted(make: Callable[[Task], list[bytes]], tasks: Iterable[Task], out: IO[bytes], *,
                 jobs: int = 1, folder: str | None = None, part_bytes: int = 32 << 20,
                 done: Callable[[Task], None] | None = None) -> int:
    """Write the lines ``make`` makes of every task to ``out``, sorted as bytes sort, each
    once; returns how many were written.

    ``make`` (a function a process can be given: defined at the top of a module) returns
    the lines of one task, each ending in ``\\n``, in any order, repeated or not. ``jobs``
    processes make and sort them (none but this one if 1); temporary files go to
    ``folder``. ``done`` is called with each task, in order, once its lines are sorted.
    """
    with tempfile.TemporaryDirectory(prefix=".mosgraph-sort-", dir=folder) as work, \
            _Pool(jobs) as pool:
        runs = []
        for (_, task, _), run in pool.results(_sorted_run,
                                              ((make, task, work) for task in tasks)):
            runs.append(run)
            if done is not None:
                done(task)
        bounds = _cuts(runs, part_bytes, jobs)
        parts = (([run.window(low, high) for run in runs], low, high,
                  os.path.join(work, f"part-{number}"), part_bytes)
                 for number, (low, high) in enumerate(itertools.pairwise(bounds)))
        count = 0
        for _, (path, lines) in pool.results(_merged_part, parts):
            _append(path, out)
            os.remove(path)
            count += lines
        return count


def _append(path: str, out: IO[bytes]) -> None:
    """Copy the file ``path`` to the end of ``out``: by the kernel where it can (ten times
    less CPU than reading and writing it here, which a big part then waits for)."""
    with open(path, "rb") as part:
        copied, size = 0, os.fstat(part.fileno()).st_size
        try:
            out.flush()
            while copied < size:
                step = os.copy_file_range(part.fileno(), out.fileno(), size - copied)
                if not step:
                    break
                copied += step
        except (AttributeError, OSError):  # not Linux, not a file, or another file system
            pass
        part.seek(copied)
        shutil.copyfileobj(part, out, 1 << 20)


def _cuts(runs: list[_Run], part_bytes: int, jobs: int) -> list[bytes | None]:
    """Where the parts begin and end: ``None``, lines of the samples, ``None``."""
    sample = sorted(set(itertools.chain.from_iterable(run.sample for run in runs)))
    parts = max(math.ceil(sum(run.size for run in runs) / part_bytes), 2 * jobs)
    parts = min(parts, len(sample) + 1)
    inner = dict.fromkeys(sample[len(sample) * number // parts] for number in range(1, parts))
    return [None, *inner, None]


def _sorted_run(make: Callable[[Task], list[bytes]], task: Task, folder: str) -> _Run:
    """The lines of ``task``, sorted, each once, in a run file of ``folder``."""
    lines = make(task)
    handle, path = tempfile.mkstemp(prefix="run-", dir=folder)
    sample: list[bytes] = []
    offsets: list[int] = []
    offset = count = 0
    with open(handle, "wb") as run, sorted_lines([lines], run_bytes=_NO_LIMIT) as chunks:
        del lines
        for chunk in chunks:
            starts = list(itertools.accumulate(map(len, chunk), initial=offset))
            first = -count % STRIDE  # the place in this chunk of the next line kept
            sample += chunk[first::STRIDE]
            offsets += starts[first:-1:STRIDE]
            offset, count = starts[-1], count + len(chunk)
            run.write(b"".join(chunk))
    return _Run(path, offset, sample, offsets)


def _merged_part(windows: list[tuple[str, int, int]], low: bytes | None, high: bytes | None,
                 path: str, limit: int) -> tuple[str, int]:
    """The lines from ``low`` to ``high`` of every run (in ``windows`` of them), sorted,
    each once, in the file ``path``; returns it and how many lines it has."""

    def pieces() -> Iterator[list[bytes]]:
        for run_path, start, end in windows:
            with open(run_path, "rb") as run:
                run.seek(start)
                lines = run.read(end - start).splitlines(keepends=True)
            first = 0 if low is None else bisect.bisect_left(lines, low)
            last = len(lines) if high is None else bisect.bisect_left(lines, high)
            yield lines[first:last]

    count = 0
    with open(path, "wb") as part, \
            sorted_lines(pieces(), folder=os.path.dirname(path), run_bytes=limit) as chunks:
        for chunk in chunks:
            part.write(b"".join(chunk))
            count += len(chunk)
    return path, count


class _Pool:
    """``jobs`` processes (or this one alone), giving results in the order asked."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool: Any = None

    def __enter__(self) -> _Pool:
        if self.jobs > 1:
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(max_workers=self.jobs)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def results(self, function: Callable[..., Any],
                calls: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, Any]]:
        """The arguments and result of each call of ``function``, in order (a few calls
        ahead at most)."""
        if self.pool is None:
            for args in calls:
                yield args, function(*args)
            return
        waiting: deque[tuple[Any, Any]] = deque()
        for args in calls:
            waiting.append((args, self.pool.submit(function, *args)))
            if len(waiting) >= 2 * self.jobs:
                given, future = waiting.popleft()
                yield given, future.result()
        while waiting:
            given, future = waiting.popleft()
            yield given, future.result()


def _letters(word: str) -> list[bytes]:
    """The letters of ``word``, a line each (for the example above)."""
    return [f"{letter}\n".encode() for letter in word]
