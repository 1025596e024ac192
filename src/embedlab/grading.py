"""Grade a whole class with nbgrader, N students at a time, and say what went wrong for whom.

Instructor tooling (issue 6). nbgrader does the grading; this module only (1) checks each
submission folder first (corrupt, misnamed or missing notebook, deleted or edited test cells,
extra files), (2) runs one ``nbgrader autograde LESSON --student S --force`` process per
student with ``--workers`` of them at a time and a progress bar, and (3) prints a per-student
summary that merges those checks with the grading guard's report
(:mod:`embedlab.grading_preprocessors`). The grades are exactly those of sequential
``nbgrader autograde``; the gradebook is whatever ``CourseDirectory.db_url`` says (SQLite by
default, PostgreSQL with ``--db-url postgresql://...``).

Example (from the course directory, where nbgrader_config.py is)::

    python -m embedlab.grading 01-one-hot-vs-embeddings --workers 4
    python -m embedlab.grading all --workers 4 --db-url postgresql://grader@db/course

Exit status: 0 when every submission was graded, 1 when some could not be (see the summary).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from embedlab.grading_preprocessors import REPORT_DIR, report_path

RETRIES = 3  # a busy gradebook ("database is locked") is retried, nothing else


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

    @property
    def graded(self) -> bool:
        return self.returncode == 0 and not any(f.fatal for f in self.findings)


def _grade_cells(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
            if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")}


def precheck(root: Path, lesson: str, student: str, release: str = "notebooks") -> list[Finding]:
    """Check ``submitted/<student>/<lesson>/`` before grading; may copy a misnamed notebook to its name."""
    folder = root / "submitted" / student / lesson
    expected = folder / f"{lesson}.ipynb"
    found: list[Finding] = []
    misnamed: set[str] = set()
    if not expected.exists():
        others = sorted(p for p in folder.glob("*.ipynb"))
        if len(others) == 1:
            shutil.copy2(others[0], expected)
            misnamed.add(others[0].name)
            found.append(Finding("misnamed notebook", f"submitted as {others[0].name!r}; graded as {expected.name!r}"))
        elif not others:
            return [Finding("no notebook", f"no {expected.name} in {folder}", fatal=True)]
        else:
            names = ", ".join(p.name for p in others)
            return [Finding("ambiguous notebooks", f"no {expected.name}, several others: {names}", fatal=True)]
    try:
        nb = nbformat.read(expected, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # nbformat raises several unrelated types for broken files
        return found + [Finding("corrupt notebook", f"{expected.name} cannot be read: {type(exc).__name__}: {str(exc)[:160]}", fatal=True)]
    size = expected.stat().st_size
    if size > 5_000_000:
        found.append(Finding("large notebook", f"{size / 1e6:.1f} MB"))
    reference = root / release / lesson / f"{lesson}.ipynb"
    if reference.exists():
        ref_cells = _grade_cells(nbformat.read(reference, as_version=4))
        sub_cells = _grade_cells(nb)
        sources = {c.source.strip() for c in nb.cells}
        for gid, ref in ref_cells.items():
            locked_test = ref.metadata["nbgrader"].get("grade") and not ref.metadata["nbgrader"].get("solution")
            if gid not in sub_cells:
                how = "nbgrader metadata stripped" if ref.source.strip() in sources else "deleted"
                what = "test cell" if locked_test else "cell"
                fix = "; put back from the source by autograde" if locked_test else ""
                found.append(Finding(f"{what} {how}", f"{gid}{fix}"))
            elif locked_test and sub_cells[gid].source.strip() != ref.source.strip():
                found.append(Finding("locked cell edited", f"{gid}; autograde restores it from the source"))
        expected_files = {expected.name} | {p.name for p in (root / release / lesson).iterdir()}
        extra = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                       if p.is_file() and p.relative_to(folder).parts[0] not in expected_files
                       and ".ipynb_checkpoints" not in p.parts and p.name not in misnamed | {"timestamp.txt"})
        if extra:
            shown = ", ".join(extra[:8]) + (" ..." if len(extra) > 8 else "")
            found.append(Finding("extra files", f"{shown} (copied along, never imported by the tests)"))
    return found


def _nbgrader_cmd(lesson: str, student: str, db_url: str | None, timeout: int | None) -> list[str]:
    cmd = [sys.executable, "-m", "nbgrader", "autograde", lesson, "--student", student, "--force"]
    if db_url:
        cmd.append(f"--CourseDirectory.db_url={db_url}")
    if timeout:
        cmd.append(f"--Execute.timeout={timeout}")
    return cmd


def _run(root: Path, job: Job, db_url: str | None, timeout: int | None) -> Job:
    start = time.perf_counter()
    # nbgrader shells out to `alembic`: the interpreter's bin/ must come first on PATH.
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"),
               PYTHONHASHSEED=os.environ.get("PYTHONHASHSEED", "0"),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    for _ in range(RETRIES):
        proc = subprocess.run(_nbgrader_cmd(job.lesson, job.student, db_url, timeout), cwd=root, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        job.returncode, job.log = proc.returncode, proc.stdout
        if proc.returncode == 0 or ("database is locked" not in proc.stdout and "OperationalError" not in proc.stdout):
            break
        time.sleep(1.0)
    job.seconds = time.perf_counter() - start
    report = report_path(root, job.lesson, job.student)
    report.parent.mkdir(parents=True, exist_ok=True)
    report.with_suffix(".log").write_text(job.log)
    if report.exists():
        for event in json.loads(report.read_text())["events"]:
            job.findings.append(Finding(event["kind"], f"{event['cell']}: {event['detail']}"))
    if job.returncode != 0:
        reason = next((line.strip() for line in reversed(job.log.splitlines()) if "Error" in line or "error" in line), "")
        job.findings.append(Finding("autograde failed", f"nbgrader exited {job.returncode}: {reason[:200]}", fatal=True))
    return job


def _use_wal(root: Path, db_url: str | None) -> None:
    """SQLite gradebooks: write-ahead logging lets parallel nbgrader processes share the file."""
    url = db_url or f"sqlite:///{root / 'gradebook.db'}"
    if url.startswith("sqlite:///") and Path(url[len("sqlite:///"):]).exists():
        with sqlite3.connect(url[len("sqlite:///"):]) as con:
            con.execute("PRAGMA journal_mode=WAL")


def discover(root: Path, lessons: list[str], students: list[str] | None) -> list[Job]:
    """Every (lesson, student) with a folder under submitted/, in a stable order."""
    if lessons == ["all"]:
        lessons = _lessons_in(root)
    submitted = root / "submitted"
    if students:
        names = students
    else:
        names = sorted(p.name for p in submitted.iterdir() if p.is_dir()) if submitted.exists() else []
    return [Job(lesson, s) for lesson in lessons for s in names if (submitted / s / lesson).is_dir()]


def grade(root: Path, lessons: list[str], *, workers: int = 2, students: list[str] | None = None,
          db_url: str | None = None, timeout: int | None = None, progress: bool = True) -> list[Job]:
    """Autograde every submission of ``lessons`` with ``workers`` nbgrader processes at a time."""
    from tqdm.auto import tqdm

    root = root.resolve()
    jobs = discover(root, lessons, students)
    (root / REPORT_DIR).mkdir(exist_ok=True)
    for job in jobs:
        job.findings = precheck(root, job.lesson, job.student)
        report_path(root, job.lesson, job.student).unlink(missing_ok=True)
    _use_wal(root, db_url)
    runnable = [j for j in jobs if not any(f.fatal for f in j.findings)]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool, \
            tqdm(total=len(runnable), desc="autograde", unit="submission", disable=not progress) as bar:
        futures = [pool.submit(_run, root, job, db_url, timeout) for job in runnable]
        for future in as_completed(futures):
            job = future.result()
            bar.set_postfix_str(f"{job.student}/{job.lesson}", refresh=False)
            bar.update()
    return jobs


def summary(jobs: list[Job]) -> str:
    """The per-student table printed at the end: problems first, then the count of clean submissions."""
    lines = []
    for job in sorted(jobs, key=lambda j: (j.student, j.lesson)):
        if not job.findings:
            continue
        status = "graded" if job.graded else "NOT GRADED"
        lines.append(f"{job.student} / {job.lesson}: {status}")
        lines += [f"    - {f}" for f in job.findings]
    clean = sum(1 for j in jobs if not j.findings)
    bad = sum(1 for j in jobs if not j.graded)
    lines.append(f"{len(jobs)} submissions: {len(jobs) - bad} graded ({clean} without remarks), {bad} not graded")
    return "\n".join(lines)


def _lessons_in(root: Path) -> list[str]:
    import re

    source = "solutions"
    config = root / "nbgrader_config.py"
    if config.exists():
        m = re.search(r"source_directory\s*=\s*['\"]([^'\"]+)", config.read_text())
        source = m.group(1) if m else "source"
    return sorted(p.name for p in (root / source).iterdir() if p.is_dir() and not p.name.startswith("."))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m embedlab.grading", description=__doc__.split("\n")[0])
    parser.add_argument("lessons", nargs="+", help="lesson slugs, or 'all'")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="course directory (default: here)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="nbgrader processes at a time")
    parser.add_argument("--student", action="append", help="grade only this student (repeatable)")
    parser.add_argument("--db-url", help="gradebook URL (default: nbgrader's sqlite:///gradebook.db)")
    parser.add_argument("--timeout", type=int, help="per-cell time limit in seconds (Execute.timeout)")
    parser.add_argument("--json", type=Path, help="also write the findings as JSON here")
    args = parser.parse_args(argv)
    jobs = grade(args.root, args.lessons, workers=args.workers, students=args.student, db_url=args.db_url,
                 timeout=args.timeout)
    print(summary(jobs))
    if args.json:
        args.json.write_text(json.dumps([{"lesson": j.lesson, "student": j.student, "graded": j.graded,
                                          "findings": [vars(f) for f in j.findings]} for j in jobs], indent=1))
    return 0 if all(j.graded for j in jobs) else 1


if __name__ == "__main__":
    sys.exit(main())
