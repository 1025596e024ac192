"""Processes on this machine, seen from the grader's side (for the sandbox tests).

Example:
    >>> running("no-such-program", "--never") == []
    True
"""

from __future__ import annotations

import os
from pathlib import Path


def running(*argv: str) -> list[int]:
    """Pids of every process whose command line starts with ``argv`` (as given, one word each)."""
    want = [word.encode() for word in argv]
    found = []
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        try:
            if Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[:len(want)] == want:
                found.append(int(pid))
        except OSError:
            continue
    return found
