"""How many processes bookforge may use."""

from __future__ import annotations

import os


def cores() -> int:
    """The cores this process may run on (its CPU affinity, as in a container), at least 1."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def job_count(option: int | None, setting: int) -> int:
    """Processes to use: the ``-j`` option, else book.toml's ``[build] jobs``; 0 means
    one per core."""
    jobs = option if option is not None else setting
    return jobs or cores()
