"""How many cores this process may use, which sets how much work runs side by side.

>>> import os
>>> 1 <= usable_cores() <= (os.cpu_count() or 1)
True
"""

from __future__ import annotations

import os

__all__ = ["usable_cores"]


def usable_cores() -> int:
    """How many cores this process may run on: its CPU affinity where the system says
    (a container or ``taskset`` may allow fewer than the machine has), else all of them."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13
        return int(os.process_cpu_count() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1
