"""Lines made by several processes, written sorted and each once, whatever the cuts."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mosgraph import rangesort
from mosgraph.rangesort import write_sorted


def _lines(task: list[bytes]) -> list[bytes]:
    return list(task)


def _refused(task: list[bytes]) -> list[bytes]:
    if task == [b"bad\n"]:
        raise ValueError("a bad task")
    return list(task)


def random_tasks(seed: int, tasks: int, lines: int) -> list[list[bytes]]:
    """Tasks sharing many lines (as meetings share people), with long runs of one prefix
    and some lines that sort as prefixes of others."""
    rng = random.Random(seed)
    words = [f"<http://x/{rng.choice('abc')}/{rng.randrange(400)}>".encode() for _ in range(300)]
    return [[rng.choice(words) + rng.choice([b"", b" p", b" p o", b"/x"]) + b" .\n"
             for _ in range(rng.randrange(lines))] for _ in range(tasks)]


def written(tasks: list[list[bytes]], **options: object) -> tuple[bytes, int]:
    out = io.BytesIO()
    count = write_sorted(_lines, tasks, out, **options)  # type: ignore[arg-type]
    return out.getvalue(), count


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("part_bytes", [1, 50, 2_000, 1 << 30])
def test_the_lines_are_written_sorted_each_once_however_they_are_cut(
        jobs: int, part_bytes: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(rangesort, "STRIDE", 3)  # samples that cut runs in many places
    tasks = random_tasks(1, 12, 300)
    done: list[list[bytes]] = []
    text, count = written(tasks, jobs=jobs, part_bytes=part_bytes, folder=str(tmp_path),
                          done=done.append)
    every = sorted(set().union(*tasks))
    assert text == b"".join(every)
    assert count == len(every)
    assert done == tasks  # each task, in order
    assert list(tmp_path.iterdir()) == []  # no run or part left behind


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from([b"a\n", b"ab\n", b"b\n", b"ba\n", b"c\n",
                                          b"\xc3\xa9\n", b"\n"]), max_size=40), max_size=6),
       st.integers(1, 5), st.integers(1, 60))
def test_any_tasks_give_the_one_sort_of_all_their_lines(tasks: list[list[bytes]], stride: int,
                                                         part_bytes: int) -> None:
    original = rangesort.STRIDE
    rangesort.STRIDE = stride
    try:
        text, count = written(tasks, part_bytes=part_bytes)
    finally:
        rangesort.STRIDE = original
    every = sorted(set().union(*tasks))
    assert (text, count) == (b"".join(every), len(every))


def test_no_tasks_and_empty_tasks_write_nothing() -> None:
    assert written([]) == (b"", 0)
    assert written([[], []], jobs=2) == (b"", 0)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_task_that_fails_stops_the_sort_and_leaves_no_file(jobs: int, tmp_path: Path) -> None:
    out = io.BytesIO()
    with pytest.raises(ValueError, match="a bad task"):
        write_sorted(_refused, [[b"a\n"], [b"bad\n"], [b"c\n"]], out, jobs=jobs,
                     folder=str(tmp_path))
    assert list(tmp_path.iterdir()) == []


def test_a_part_larger_than_its_bytes_is_merged_in_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """However the lines fall into parts, a part is merged by the external sort holding at
    most ``part_bytes`` of lines at a time: here one part holds them all."""
    from mosgraph import extsort

    held: list[int] = []
    sorted_lines = extsort.sorted_lines

    def spy(chunks: object, **options: int) -> object:
        held.append(options["run_bytes"])
        return sorted_lines(chunks, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(rangesort, "sorted_lines", spy)
    monkeypatch.setattr(rangesort, "_cuts", lambda *_: [None, None])
    tasks = random_tasks(2, 6, 200)
    text, count = written(tasks, part_bytes=100)
    every = sorted(set().union(*tasks))
    assert (text, count) == (b"".join(every), len(every))
    assert held[-1] == 100 and len(text) > 10 * 100
