"""Timing helpers shared by the benchmark scripts (run as ``python bench/NAME.py``)."""

from __future__ import annotations

import statistics
import subprocess
import time
from pathlib import Path


def median_seconds(command: list[str], runs: int, cwd: Path) -> float:
    """The median wall time of ``runs`` fresh runs of ``command`` (start-up included)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
