"""Measure each lesson's Run-All time, as a learner would see it (not a test).

Usage: python -m tools.runall_times [NN-slug ...]      (or: make timings)

Executes each solution notebook top to bottom in a fresh kernel, with the course's
environment (OMP_NUM_THREADS=1), and prints the wall time of executing the cells
(kernel start-up excluded and reported separately). The contract's budget is 20 s.

It also prints the CPU time the kernel (and any process it started) spent on the cells. On a
shared, busy machine the wall time grows with the load while the CPU time barely moves; on an
idle machine a lesson's wall time is about its CPU time, less where it trains with two workers.
The load average is printed beside each row.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from embedlab.notebook.client import SteppedNotebookClient
from tests.support.lessons import Lesson, lessons

CELL_TIMEOUT_S = 180
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("PYTHONHASHSEED", "0")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of process ``pid`` and of its children that have ended (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(f) for f in fields[11:15])
    return (utime + stime + cutime + cstime) / os.sysconf("SC_CLK_TCK")


def run_all_seconds(lesson: Lesson) -> tuple[float, float, float | None]:
    """(kernel start-up wall s, Run All wall s, Run All CPU s of the kernel or None where /proc is absent)."""
    nb = lesson.solution()
    # the notebook's own kernel (the course kernel); kernel messages are awaited in short steps, so a
    # widget cell's reply is not missed (embedlab.notebook.client)
    client = SteppedNotebookClient(nb, timeout=CELL_TIMEOUT_S,
                            resources={"metadata": {"path": str(lesson.solution_path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel():
        ready = time.perf_counter()
        pid = getattr(getattr(client.km, "provisioner", None), "pid", None)
        cpu0 = cpu_seconds(pid) if pid and Path(f"/proc/{pid}").exists() else None
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        done = time.perf_counter()
        cpu = cpu_seconds(pid) - cpu0 if cpu0 is not None else None
    return ready - start, done - ready, cpu


def main(slugs: list[str]) -> None:
    chosen = [lesson for lesson in lessons() if not slugs or lesson.slug in slugs]
    print(f"{'lesson':34} {'kernel start':>12} {'Run All':>9} {'CPU':>8} {'load':>5}  budget 20 s")
    for lesson in chosen:
        startup, run, cpu = run_all_seconds(lesson)
        flag = "ok" if run <= 20 else "OVER"
        cpu_text = f"{cpu:7.1f}s" if cpu is not None else "      -"
        print(f"{lesson.slug:34} {startup:11.1f}s {run:8.1f}s {cpu_text} {os.getloadavg()[0]:5.1f}  {flag}",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
