"""What grading found, per submission, and where the kernel-side report of one run is kept.

Instructor tooling: :mod:`embedlab_grader.cli` collects :class:`Finding` s for each :class:`Job`
(one student's submission of one lesson) from the pre-check, the integrity check, the static scan
and the per-submission report of what grading saw (``grading_reports/<lesson>/<student>.json``,
written by :class:`embedlab_grader.preprocessors.GuardedExecute`), and prints :func:`summary`.

Example:
    >>> job = Job("01-one-hot-vs-embeddings", "alice", [Finding("timeout", "cell 7: stopped after 40 s")],
    ...           returncode=0)
    >>> print(summary([job]))
    alice / 01-one-hot-vs-embeddings: graded
        - timeout: cell 7: stopped after 40 s
    1 submissions: 1 graded (0 without remarks), 0 not graded
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

REPORT_DIR = "grading_reports"


def report_path(root: str | os.PathLike[str], lesson: str, student: str) -> Path:
    """Where :class:`~embedlab_grader.preprocessors.GuardedExecute` writes what it saw grading one
    submission."""
    return Path(root) / REPORT_DIR / lesson / f"{student}.json"


@dataclass
class Finding:
    """Something the instructor should know about one submission."""

    kind: str
    detail: str
    fatal: bool = False  # True: the submission could not be graded

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail}"


@dataclass
class Job:
    """One student's submission of one lesson, and what happened to it."""

    lesson: str
    student: str
    findings: list[Finding] = field(default_factory=list)
    returncode: int | None = None
    log: str = ""
    seconds: float = 0.0
    sandbox: str = ""  # how the kernel ran (from the grading report); "" = never started

    @property
    def graded(self) -> bool:
        return self.returncode == 0 and not any(f.fatal for f in self.findings)


def summary(jobs: list[Job]) -> str:
    """The per-student table printed at the end: problems first, then the count of clean submissions."""
    lines = []
    unsafe = [j for j in jobs if j.sandbox.startswith("none")]
    if unsafe:
        lines.append(f"WARNING: {len(unsafe)} submissions ran WITHOUT a sandbox (--unsafe-no-sandbox): "
                     "their code could read and change the course directory, the gradebook and other "
                     "students' work.")
    for job in sorted(jobs, key=lambda j: (j.student, j.lesson)):
        if not job.findings:
            continue
        status = "graded" if job.graded else "NOT GRADED"
        lines.append(f"{job.student} / {job.lesson}: {status}")
        lines += [f"    - {f}" for f in job.findings]
    clean = sum(1 for j in jobs if not j.findings)
    bad = sum(1 for j in jobs if not j.graded)
    lines.append(f"{len(jobs)} submissions: {len(jobs) - bad} graded ({clean} without remarks), "
                 f"{bad} not graded")
    return "\n".join(lines)
