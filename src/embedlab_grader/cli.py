"""Grade a whole class with nbgrader, N students at a time, and say what went wrong for whom.

Instructor tooling (docs/instructors.md). nbgrader does the grading; this module only
(1) checks each submission folder first (corrupt, misnamed or missing notebook, deleted or
edited test cells, extra files), (2) runs one ``nbgrader autograde LESSON --student S --force`` process per
student with ``--workers`` of them at a time and a progress bar, and (3) prints a per-student
summary that merges those checks with what grading saw
(:mod:`embedlab_grader.preprocessors`). The grades are exactly those of sequential
``nbgrader autograde``; the gradebook is whatever ``CourseDirectory.db_url`` says (SQLite by
default, PostgreSQL with ``--db-url postgresql+psycopg2://...``: name the driver, because the
course installs ``psycopg2-binary`` and a plain ``postgresql://`` URL makes SQLAlchemy look for
psycopg 3).

Each submission gets its own process (:mod:`embedlab_grader.forkserver`).

Example (from the course directory, where nbgrader_config.py is)::

    python -m embedlab_grader 01-one-hot-vs-embeddings --workers 4
    python -m embedlab_grader all --workers 4 --db-url postgresql+psycopg2://grader@db/course

Exit status: 0 when every submission was graded, 1 when some could not be (see the summary).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import sqlite3
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from embedlab_grader import course_layout, integrity, kernel_check, sandbox, scan
from embedlab_grader.forkserver import ForkServer, grading_env
from embedlab_grader.precheck import precheck
from embedlab_grader.report import REPORT_DIR, Finding, Job, report_path, summary

RETRIES = 3  # a busy gradebook ("database is locked") is retried, nothing else

__all__ = ["Finding", "Job", "discover", "grade", "main", "precheck", "summary"]


def _nbgrader_args(lesson: str, student: str, db_url: str | None, timeout: int | None,
                   unsafe_no_sandbox: bool = False) -> list[str]:
    """The arguments of ``nbgrader`` that grade one submission (what a shell would type)."""
    args = ["autograde", lesson, "--student", student, "--force"]
    if db_url:
        args.append(f"--CourseDirectory.db_url={db_url}")
    if timeout:
        args.append(f"--Execute.timeout={timeout}")
    if unsafe_no_sandbox:
        args.append("--GuardedExecute.unsafe_no_sandbox=True")
    return args


def _run(root: Path, job: Job, db_url: str | None, timeout: int | None,
         servers: queue.Queue[ForkServer], unsafe_no_sandbox: bool = False) -> Job:
    start = time.perf_counter()
    report = report_path(root, job.lesson, job.student)
    report.parent.mkdir(parents=True, exist_ok=True)
    log_path = report.with_suffix(".log")
    server = servers.get()
    try:
        for _ in range(RETRIES):
            job.returncode = server.run(
                root, _nbgrader_args(job.lesson, job.student, db_url, timeout, unsafe_no_sandbox),
                grading_env(warm_kernels=not unsafe_no_sandbox), log_path)
            job.log = log_path.read_text(errors="replace") if log_path.exists() else ""
            if job.returncode == 0 or ("database is locked" not in job.log
                                       and "OperationalError" not in job.log):
                break
            time.sleep(1.0)
    finally:
        servers.put(server)
    job.seconds = time.perf_counter() - start
    if report.exists():
        seen = json.loads(report.read_text())
        job.sandbox = seen.get("sandbox", "")
        for event in seen["events"]:
            job.findings.append(Finding(event["kind"], f"{event['cell']}: {event['detail']}"))
    if job.returncode != 0:
        reason = next((line.strip() for line in reversed(job.log.splitlines())
                       if "Error" in line or "error" in line), "")
        if job.returncode is not None and job.returncode < 0:
            reason = f"the grading process was killed by signal {-job.returncode}. {reason}"
        job.findings.append(Finding("autograde failed", f"nbgrader exited {job.returncode}: {reason[:200]}",
                                    fatal=True))
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


def _checked(check, root: Path, job: Job, *, fatal: bool) -> list[Finding]:
    """``check(root, lesson, student)``'s findings; if the check itself fails on this submission, one
    finding that says so (``fatal``: the submission is not graded) -- never an error that stops the class."""
    try:
        return check(root, job.lesson, job.student)
    except Exception as exc:  # noqa: BLE001 - one submission's notebook must not stop every student's grading
        name = getattr(check, "__name__", "check")
        then = "not graded: look at the notebook, then grade this student again with --student" if fatal \
            else "graded without it"
        return [Finding(f"{name} failed", f"{type(exc).__name__}: {str(exc)[:200]}; {then}", fatal=fatal)]


def grade(root: Path, lessons: list[str], *, workers: int = 2, students: list[str] | None = None,
          db_url: str | None = None, timeout: int | None = None, progress: bool = True,
          unsafe_no_sandbox: bool = False) -> list[Job]:
    """Autograde every submission of ``lessons`` with ``workers`` nbgrader processes at a time.

    Every kernel runs in a bubblewrap sandbox (:mod:`embedlab_grader.sandbox`); where none can
    be had this raises :class:`~embedlab_grader.sandbox.SandboxUnavailable` unless
    ``unsafe_no_sandbox`` is set.
    """
    from tqdm.auto import tqdm

    if not unsafe_no_sandbox and (reason := sandbox.probe()):
        raise sandbox.SandboxUnavailable(
            f"refusing to grade: no sandbox for the students' code ({reason}). Install bubblewrap "
            "(`make system-deps`), or pass --unsafe-no-sandbox to grade with the grader's own rights.")
    root = root.resolve()
    jobs = discover(root, lessons, students)
    (root / REPORT_DIR).mkdir(exist_ok=True)
    for job in jobs:
        job.findings = _checked(precheck, root, job, fatal=True)
        report_path(root, job.lesson, job.student).unlink(missing_ok=True)
    _use_wal(root, db_url)
    for job in jobs:
        job.findings += _checked(scan.scan, root, job, fatal=False)
    runnable = [j for j in jobs if not any(f.fatal for f in j.findings)]
    if runnable and (why := kernel_check.problem(_kernels(root, {j.lesson for j in runnable}),
                                                 sandboxed=not unsafe_no_sandbox)):
        raise kernel_check.KernelEnvironmentError(why)
    regraded = {j.student for j in runnable}
    layout = course_layout.folders(root)  # as when grading began: a config changed meanwhile is not loaded
    saved = integrity.snapshot_files(root, layout)
    baseline = integrity.fingerprint(root, db_url, layout)
    running: set[int] = set()
    finished: set[int] = set()
    write_report(root, jobs, finished, runnable)
    _warm_caches(root, {j.lesson for j in runnable})

    def start(job: Job) -> Job:
        running.add(id(job))
        return _run(root, job, db_url, timeout, servers, unsafe_no_sandbox)

    servers: queue.Queue[ForkServer] = queue.Queue()
    for _ in range(max(1, workers)):
        servers.put(ForkServer())
    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool, \
                tqdm(total=len(runnable), desc="autograde", unit="submission", disable=not progress) as bar:
            futures = {pool.submit(start, job): job for job in runnable}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    future.result()
                except Exception as exc:  # noqa: BLE001 - one submission's failure is reported, not fatal
                    job.findings.append(Finding("autograde failed", f"{type(exc).__name__}: {exc}",
                                                fatal=True))
                # who ran since the last clean check: this job and those still running
                suspects = [j for j in runnable if id(j) in running]
                running.discard(id(job))
                finished.add(id(job))
                baseline = _check_integrity(root, db_url, layout, baseline, saved, regraded, suspects)
                write_report(root, jobs, finished, runnable)
                bar.set_postfix_str(f"{job.student}/{job.lesson}", refresh=False)
                bar.update()
    finally:
        while not servers.empty():
            servers.get().close()
    write_report(root, jobs, finished, runnable)
    return jobs


def _check_integrity(root: Path, db_url: str | None, layout: course_layout.CourseFolders,
                     baseline: dict[str, str], saved: dict[str, bytes], regraded: set[str],
                     suspects: list[Job]) -> dict[str, str]:
    """Compare the course with ``baseline``; on a change, withhold the suspects' grades and repair files."""
    now = integrity.fingerprint(root, db_url, layout)
    changed = integrity.changes(baseline, now, regraded)
    if not changed:
        return now
    what = "; ".join(changed[:5]) + (f" (+{len(changed) - 5} more)" if len(changed) > 5 else "")
    others = ", ".join(f"{j.student}/{j.lesson}" for j in suspects)
    for job in suspects:
        note = (f" (graded at the same time as {others}; regrade with --workers 1 to tell which)"
                if len(suspects) > 1 else "")
        job.findings.append(Finding("tampering", f"{what}{note}; grade withheld", fatal=True))
        _withhold(root, db_url, job)
    fixed = integrity.restore(root, saved, changed)
    if fixed:
        for job in suspects:
            job.findings.append(Finding("course repaired", "put back: " + ", ".join(fixed[:5])))
    return integrity.fingerprint(root, db_url, layout)


def _withhold(root: Path, db_url: str | None, job: Job) -> None:
    """Flag every grade of the submission for manual review, so no automatic score stands."""
    try:
        from nbgrader.api import Gradebook

        with Gradebook(db_url or f"sqlite:///{root / 'gradebook.db'}") as gb:
            nb = gb.find_submission_notebook(job.lesson, job.lesson, job.student)
            for g in nb.grades:
                g.needs_manual_grade = True
            gb.db.commit()
    except Exception as exc:  # noqa: BLE001 - the report still says it is withheld
        job.findings.append(Finding("withhold failed", f"{type(exc).__name__}: {exc}"))


def write_report(root: Path, jobs: list[Job], finished: set[int], runnable: list[Job]) -> Path:
    """grading_reports/summary.txt and .json, rewritten after every submission.

    If the grader is stopped, the last one names every submission still ungraded.
    """
    pending_ids = {id(j) for j in runnable} - finished
    shown = []
    for job in jobs:
        if id(job) in pending_ids:
            job = Job(job.lesson, job.student, [*job.findings, Finding(
                "not graded",
                "grading did not finish for this submission (the grader stopped or is still running)",
                fatal=True)], returncode=None, sandbox=job.sandbox)
        shown.append(job)
    out = root / REPORT_DIR / "summary.txt"
    tmp = out.with_suffix(".tmp")
    tmp.write_text(summary(shown) + "\n")
    tmp.replace(out)
    data = [{"lesson": j.lesson, "student": j.student, "graded": j.graded, "sandbox": j.sandbox,
             "findings": [vars(f) for f in j.findings]} for j in shown]
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=1))
    tmp.replace(out.with_suffix(".json"))
    return out


def _kernels(root: Path, lessons: set[str]) -> set[str | None]:
    """The kernel spec names the lessons' source notebooks ask for (nbgrader's OverwriteKernelspec)."""
    import nbformat

    names: set[str | None] = set()
    for path in (p for lesson in lessons for p in (_source_dir(root) / lesson).glob("*.ipynb")):
        try:
            names.add(nbformat.read(path, as_version=4).metadata.get("kernelspec", {}).get("name"))
        except Exception:  # noqa: BLE001 - a broken source notebook is nbgrader's to report
            continue
    return names


def _source_dir(root: Path) -> Path:
    """The course's source folder (nbgrader's ``source_directory``)."""
    return root / course_layout.folders(root).source


def _lessons_in(root: Path) -> list[str]:
    source = _source_dir(root)
    return sorted(p.name for p in source.iterdir() if p.is_dir() and not p.name.startswith("."))


def _warm_caches(root: Path, lessons: set[str]) -> None:
    """Parse the Wikipedia sample once for the class, if a lesson loads it (see sandbox.warm_caches)."""
    sources = [p for lesson in lessons for p in (_source_dir(root) / lesson).glob("*.ipynb")]
    if not any("load_wiki_corpus" in p.read_text(errors="replace") for p in sources):
        return
    try:
        sandbox.warm_caches()
    except Exception as exc:  # noqa: BLE001 - without the cache each kernel parses the sample itself
        print(f"embedlab_grader: could not prepare the Wikipedia cache ({exc!r}); grading goes on",
              file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m embedlab_grader", description=__doc__.split("\n")[0])
    parser.add_argument("lessons", nargs="+", help="lesson slugs, or 'all'")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="course directory (default: here)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="nbgrader processes at a time")
    parser.add_argument("--student", action="append", help="grade only this student (repeatable)")
    parser.add_argument("--db-url", help="gradebook URL (default: nbgrader's sqlite:///gradebook.db)")
    parser.add_argument("--timeout", type=int, help="per-cell time limit in seconds (Execute.timeout)")
    parser.add_argument("--json", type=Path, help="also write the findings as JSON here")
    parser.add_argument("--unsafe-no-sandbox", action="store_true",
                        help="run submissions WITHOUT the bubblewrap sandbox (only where none can be had; "
                             "the students' code then runs with your rights)")
    args = parser.parse_args(argv)
    try:
        jobs = grade(args.root, args.lessons, workers=args.workers, students=args.student, db_url=args.db_url,
                     timeout=args.timeout, unsafe_no_sandbox=args.unsafe_no_sandbox)
    except (sandbox.SandboxUnavailable, course_layout.CourseConfigError,
            kernel_check.KernelEnvironmentError) as exc:
        print(f"embedlab_grader: {exc}", file=sys.stderr)
        return 2
    print(summary(jobs))
    if args.json:
        args.json.write_text(json.dumps([{"lesson": j.lesson, "student": j.student, "graded": j.graded,
                                          "findings": [vars(f) for f in j.findings]} for j in jobs],
                                        indent=1))
    return 0 if all(j.graded for j in jobs) else 1
