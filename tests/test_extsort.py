"""The external sort: lines sorted and each once, whatever the size of the runs, in bounded
memory (runs in files, removed afterwards)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from mosgraph import extsort


def _lines(count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    # duplicates, prefixes of each other, bytes above 0x7f, a line that is only "\n"
    words = [b"", b"a", b"ab", b"a b", b"\xc3\xa9t\xc3\xa9", b"\x7fz", b"<http://x/1>", b"~"]
    return [b" ".join(rng.choices(words, k=rng.randint(0, 4))) + b"\n" for _ in range(count)]


@pytest.mark.parametrize("run_bytes", [1, 7, 100, 5000, 1 << 23])
@pytest.mark.parametrize("fan_in", [2, 3, 64])
def test_sorted_lines_are_the_lines_sorted_each_once(
        run_bytes: int, fan_in: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extsort, "FAN_IN", fan_in)
    if fan_in == 3:  # runs merged reading a few lines of each at a time
        monkeypatch.setattr(extsort, "_BLOCK", 16)
    lines = _lines(2000, run_bytes + fan_in)
    chunks = [lines[i:i + 37] for i in range(0, len(lines), 37)]
    runs: list[int] = []
    real = extsort._Runs.add

    def spy(self: extsort._Runs, lines: object, level: int = 0) -> None:
        runs.append(level)
        real(self, lines, level)  # type: ignore[arg-type]

    monkeypatch.setattr(extsort._Runs, "add", spy)
    with extsort.sorted_lines(iter(chunks), folder=str(tmp_path), run_bytes=run_bytes) as got:
        result = [line for chunk in got for line in chunk]
        again = [line for chunk in got for line in chunk]  # gone through a second time
    assert result == again == sorted(set(lines))
    assert list(tmp_path.iterdir()) == []  # the runs are gone
    if run_bytes < 5000:  # runs went to files, merged into higher levels when many
        assert len(runs) > 1 and (max(runs) > 0) == (len(chunks) >= fan_in)
    if run_bytes == 1 << 23:
        assert runs == []  # all held in memory


def test_runs_are_merged_level_by_level_into_few_open_files(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With FAN_IN runs of a level merged into one of the next, the number of open runs
    stays logarithmic in the number of lines (memory and file handles bounded)."""
    monkeypatch.setattr(extsort, "FAN_IN", 4)
    opened: list[int] = []
    real = extsort._Runs.add

    def spy(self: extsort._Runs, lines: object, level: int = 0) -> None:
        real(self, lines, level)  # type: ignore[arg-type]
        opened.append(sum(len(runs) for runs in self.levels))

    monkeypatch.setattr(extsort._Runs, "add", spy)
    lines = [f"{i:06d}\n".encode() for i in reversed(range(3000))]
    with extsort.sorted_lines([lines[i:i + 10] for i in range(0, 3000, 10)],
                              run_bytes=60) as got:
        assert [line for chunk in got for line in chunk] == sorted(lines)
    assert len(opened) > 300 and max(opened) <= 3 * 5  # 5 levels of at most 3 runs


def test_nothing_to_sort_gives_nothing() -> None:
    with extsort.sorted_lines([], run_bytes=1) as got:
        assert list(got) == []
