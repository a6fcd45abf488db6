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


def run_measured(command: list[str], cwd: Path) -> tuple[float, float, int, bytes]:
    """Run ``command`` once: (wall seconds, peak resident memory in MB, exit code, stdout).

    The peak is the child's own maximum resident set size (``wait4``), start-up included.
    """
    import os

    start = time.perf_counter()
    with subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        output = process.stdout.read()
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed: {errors.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024, process.returncode, output


def machine_load() -> str:
    """The load averages of the machine (``uptime``), to record beside the figures."""
    import os

    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"
