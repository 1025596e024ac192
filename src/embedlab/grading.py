"""Grade a whole class with nbgrader, N students at a time, and say what went wrong for whom.

Instructor tooling (issue 6). nbgrader does the grading; this module only (1) checks each
submission folder first (corrupt, misnamed or missing notebook, deleted or edited test cells,
extra files), (2) runs one ``nbgrader autograde LESSON --student S --force`` process per
student with ``--workers`` of them at a time and a progress bar, and (3) prints a per-student
summary that merges those checks with the grading guard's report
(:mod:`embedlab.grading_preprocessors`). The grades are exactly those of sequential
``nbgrader autograde``; the gradebook is whatever ``CourseDirectory.db_url`` says (SQLite by
default, PostgreSQL with ``--db-url postgresql://...``).

Each submission gets its own process running nbgrader's own command-line app with the same
arguments, so one submission cannot disturb another. Those processes are forked from a
small server process per worker that has imported nbgrader once: starting Python and importing
nbgrader cost about 2.5 s per submission here, a third of grading a short lesson.

Example (from the course directory, where nbgrader_config.py is)::

    python -m embedlab.grading 01-one-hot-vs-embeddings --workers 4
    python -m embedlab.grading all --workers 4 --db-url postgresql://grader@db/course

Exit status: 0 when every submission was graded, 1 when some could not be (see the summary).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
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


def _nbgrader_args(lesson: str, student: str, db_url: str | None, timeout: int | None) -> list[str]:
    """The arguments of ``nbgrader`` that grade one submission (what a shell would type)."""
    args = ["autograde", lesson, "--student", student, "--force"]
    if db_url:
        args.append(f"--CourseDirectory.db_url={db_url}")
    if timeout:
        args.append(f"--Execute.timeout={timeout}")
    return args


def _nbgrader_in_child(root: str, args: list[str], env: dict[str, str], log_path: str) -> None:
    """Body of one grading process: ``nbgrader ARGS`` run in ``root``, all output into ``log_path``.

    Runs in a process forked from a :class:`_ForkServer`, where nbgrader is already imported;
    it is the same app ``python -m nbgrader`` starts, with the same arguments and exit status.
    """
    os.chdir(root)
    os.environ.clear()
    os.environ.update(env)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)  # the server's job pipe is not the child's business
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    code = 0
    try:
        from nbgrader.apps.nbgraderapp import NbGraderApp

        sys.argv = ["nbgrader", *args]
        NbGraderApp.launch_instance(argv=args)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:  # noqa: BLE001 - reported through the log and the exit status
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001
                pass
    os._exit(code)


class _ForkServer:
    """A ``python -m embedlab.grading --serve`` process that has imported nbgrader once.

    For each job it forks a child that runs :func:`_nbgrader_in_child` and answers with the
    child's exit status, so every submission still gets a fresh process of its own. One
    server per worker thread; a server that dies is replaced on the next job.
    """

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None

    def run(self, root: Path, args: list[str], env: dict[str, str], log_path: Path) -> int:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen([sys.executable, "-m", "embedlab.grading", "--serve"], env=env,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        job = {"root": str(root), "args": args, "env": env, "log": str(log_path)}
        try:
            self.proc.stdin.write(json.dumps(job) + "\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline()
            return int(json.loads(answer)["exitcode"])
        except (OSError, ValueError, KeyError) as exc:
            self.close()
            with open(log_path, "a") as log:
                log.write(f"\nembedlab.grading: the grading server stopped ({exc!r})\n")
            return 1

    def close(self) -> None:
        if self.proc is not None:
            if self.proc.stdin:
                self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None


def _serve() -> None:
    """The fork server's loop: one JSON job per line on stdin, one exit status per line out."""
    import nbgrader.apps.nbgraderapp  # noqa: F401 - imported once here, inherited by every child
    import embedlab.grading_preprocessors  # noqa: F401

    for line in sys.stdin:
        job = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            _nbgrader_in_child(job["root"], job["args"], job["env"], job["log"])
        _, status = os.waitpid(pid, 0)
        print(json.dumps({"exitcode": os.waitstatus_to_exitcode(status)}), flush=True)


def _grading_env() -> dict[str, str]:
    # nbgrader shells out to `alembic`: the interpreter's bin/ must come first on PATH.
    return dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"),
                PYTHONHASHSEED=os.environ.get("PYTHONHASHSEED", "0"),
                PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))


def _run(root: Path, job: Job, db_url: str | None, timeout: int | None,
         servers: queue.Queue[_ForkServer]) -> Job:
    start = time.perf_counter()
    report = report_path(root, job.lesson, job.student)
    report.parent.mkdir(parents=True, exist_ok=True)
    log_path = report.with_suffix(".log")
    server = servers.get()
    try:
        for _ in range(RETRIES):
            job.returncode = server.run(root, _nbgrader_args(job.lesson, job.student, db_url, timeout),
                                        _grading_env(), log_path)
            job.log = log_path.read_text(errors="replace") if log_path.exists() else ""
            if job.returncode == 0 or ("database is locked" not in job.log and "OperationalError" not in job.log):
                break
            time.sleep(1.0)
    finally:
        servers.put(server)
    job.seconds = time.perf_counter() - start
    if report.exists():
        for event in json.loads(report.read_text())["events"]:
            job.findings.append(Finding(event["kind"], f"{event['cell']}: {event['detail']}"))
    if job.returncode != 0:
        reason = next((line.strip() for line in reversed(job.log.splitlines()) if "Error" in line or "error" in line), "")
        if job.returncode is not None and job.returncode < 0:
            reason = f"the grading process was killed by signal {-job.returncode}. {reason}"
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
    servers: queue.Queue[_ForkServer] = queue.Queue()
    for _ in range(max(1, workers)):
        servers.put(_ForkServer())
    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool, \
                tqdm(total=len(runnable), desc="autograde", unit="submission", disable=not progress) as bar:
            futures = [pool.submit(_run, root, job, db_url, timeout, servers) for job in runnable]
            for future in as_completed(futures):
                job = future.result()
                bar.set_postfix_str(f"{job.student}/{job.lesson}", refresh=False)
                bar.update()
    finally:
        while not servers.empty():
            servers.get().close()
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
    if sys.argv[1:] == ["--serve"]:
        _serve()
    else:
        sys.exit(main())
