"""Measure each lesson's Run-All time, as a learner would see it (not a test).

Usage: python -m tools.runall_times [NN-slug ...]      (or: make timings)

Executes each solution notebook top to bottom in a fresh kernel, with the course's
environment (OMP_NUM_THREADS=1), and prints the wall time of executing the cells
(kernel start-up excluded and reported separately). The contract's budget is 20 s.
"""

from __future__ import annotations

import os
import sys
import time

import nbformat
from nbclient import NotebookClient

from tests.support.lessons import Lesson, lessons

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("PYTHONHASHSEED", "0")


def run_all_seconds(lesson: Lesson) -> tuple[float, float]:
    nb = lesson.solution()
    client = NotebookClient(nb, timeout=600,  # the notebook's own kernel: the course kernel
                            resources={"metadata": {"path": str(lesson.solution_path.parent)}})
    start = time.perf_counter()
    with client.setup_kernel():
        ready = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        done = time.perf_counter()
    return ready - start, done - ready


def main(slugs: list[str]) -> None:
    chosen = [l for l in lessons() if not slugs or l.slug in slugs]
    print(f"{'lesson':34} {'kernel start':>12} {'Run All':>9}  budget 20 s")
    for lesson in chosen:
        startup, run = run_all_seconds(lesson)
        flag = "ok" if run <= 20 else "OVER"
        print(f"{lesson.slug:34} {startup:11.1f}s {run:8.1f}s  {flag}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
