"""`python -m embedlab_grader` grades a class in parallel with exactly nbgrader's grades.

* The same submissions are graded twice: once by plain sequential ``nbgrader autograde LESSON``
  (one process, every student), once by ``python -m embedlab_grader all --workers 2`` -- the
  run that grades the shared class of tests/support/graded_course.py, where these submissions
  are lesson 01's solution, untouched, wrong1 and wrong2; every cell of every one of them must
  get the same score, and the parallel run shows a progress bar and a summary.
* The same command grades into a PostgreSQL gradebook (``--db-url``): a throw-away server is
  started on loopback in a temporary directory (as the ``postgres`` user when we are root) and
  stopped afterwards; the scores must equal the SQLite ones.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import nbgrader_course
from tests.support.graded_course import GradedCourse, submissions
from tests.support.lessons import Lesson

pytestmark = pytest.mark.grading
LESSON = Lesson("01-one-hot-vs-embeddings")


def _submissions() -> dict:
    """Four of lesson 01's submissions in the shared class: the same notebooks, the same names."""
    every = submissions(LESSON, {})
    return {student: every[student] for student in ("solution", "untouched", "wrong1", "wrong2")}


def _course(root: Path, db_url: str | None = None) -> Path:
    if db_url is None:
        nbgrader_course.make_course(root, [LESSON])
    else:
        root.mkdir(parents=True)
        shutil.copy(nbgrader_course.ROOT / "nbgrader_config.py", root)
        shutil.copytree(LESSON.solution_path.parent, root / "solutions" / LESSON.slug)
        _nbgrader(root, "generate_assignment", LESSON.slug, "--force", f"--CourseDirectory.db_url={db_url}")
    for student, nb in _submissions().items():
        nbgrader_course.submit(root, LESSON, student, nb)
    return root


def _nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def sequential(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = _course(tmp_path_factory.mktemp("sequential"))
    _nbgrader(root, "autograde", LESSON.slug, "--force")
    return nbgrader_course.class_scores(f"sqlite:///{root / 'gradebook.db'}", LESSON)


def test_parallel_grades_equal_sequential_nbgrader(sequential: dict, graded_course: GradedCourse) -> None:
    done = graded_course.grading
    assert done is not None and done.returncode == 0, "the shared class was not graded"
    n = sum(len(graded_course.students(lesson)) for lesson in graded_course.lessons)
    assert f"{n}/{n}" in done.stderr and "autograde" in done.stderr, f"no progress bar:\n{done.stderr[-500:]}"
    assert f"{n} submissions: {n} graded" in done.stdout, done.stdout
    everyone = graded_course.scores(LESSON)
    assert set(sequential) == set(_submissions()) and set(sequential) <= set(everyone)
    parallel = {student: everyone[student] for student in sequential}
    assert parallel == sequential
    assert any(s.score for s in parallel["solution"].values()), "the comparison must not be all zeros"


# ----------------------------------------------------------------------------- PostgreSQL
def _pg_bin(name: str) -> str:
    installed = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    found = shutil.which(name) or next(iter(installed), None)
    if not found:
        pytest.fail(f"PostgreSQL's {name} is missing: run `make system-deps` (Debian package postgresql)")
    return found


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    as_root = os.geteuid() == 0
    prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
    base = Path(tempfile.mkdtemp(prefix="embedlab-pg-"))
    if as_root:
        shutil.chown(base, "postgres")
    data, port = base / "data", _free_port()
    user = "grader"

    def run(*cmd: str) -> None:
        subprocess.run([*prefix, *cmd], check=True, capture_output=True, text=True)

    run(_pg_bin("initdb"), "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8", "--no-sync")
    run(_pg_bin("pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-w", "start",
        "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=off")
    try:
        import psycopg2

        con = psycopg2.connect(host="127.0.0.1", port=port, user=user, dbname="postgres")
        con.autocommit = True
        con.cursor().execute("CREATE DATABASE gradebook")
        con.close()
        # SQLAlchemy 2.1 maps postgresql:// to psycopg 3; the course pins psycopg2-binary
        yield f"postgresql+psycopg2://{user}@127.0.0.1:{port}/gradebook"
    finally:
        run(_pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_same_command_grades_into_postgresql(sequential: dict, postgres_url: str, tmp_path: Path) -> None:
    root = _course(tmp_path / "pg", db_url=postgres_url)
    done = subprocess.run([sys.executable, "-m", "embedlab_grader", LESSON.slug, "--workers", "2",
                           "--db-url", postgres_url], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (root / "gradebook.db").exists(), "the SQLite gradebook was used instead of PostgreSQL"
    assert nbgrader_course.class_scores(postgres_url, LESSON) == sequential
