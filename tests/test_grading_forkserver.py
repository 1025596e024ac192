"""embedlab_grader's fork server: one fresh process per submission, failures reported, never lost.

The server imports nbgrader once and forks a child per job; these tests check that the child
really runs nbgrader's command-line app (same output, same exit status), that a dead server is
replaced on the next job, and that a child killed by a signal is reported with that signal.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from embedlab_grader import cli, forkserver


@pytest.fixture
def server():
    srv = forkserver.ForkServer()
    yield srv
    srv.close()


def test_child_runs_nbgraders_app_with_its_exit_status(server, tmp_path: Path) -> None:
    log = tmp_path / "version.log"
    assert server.run(tmp_path, ["--version"], forkserver.grading_env(), log) == 0
    import nbgrader

    assert nbgrader.__version__ in log.read_text()
    bad = tmp_path / "bad.log"
    args = ["autograde", "no-such-lesson", "--student", "nobody"]
    code = server.run(tmp_path, args, forkserver.grading_env(), bad)
    assert code != 0, "nbgrader's failure must come back as a failure"
    assert "no-such-lesson" in bad.read_text() or "ERROR" in bad.read_text()


def test_a_course_config_that_does_not_load_leaves_the_server_serving(server, tmp_path: Path) -> None:
    """The server's warm-up reads the config; nbgrader, not a dead server, is to say what is wrong with it."""
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\nc.CourseDirectory.source_directory = \n")
    for attempt in range(2):
        log = tmp_path / f"version{attempt}.log"
        assert server.run(tmp_path, ["--version"], forkserver.grading_env(), log) == 0, log.read_text()
    assert server.proc is not None and server.proc.poll() is None


def test_each_job_gets_a_fresh_process(server, tmp_path: Path) -> None:
    """One server answers both jobs, and each job's child process is gone once it is answered."""
    env = dict(forkserver.grading_env(), EMBEDLAB_PROBE="1")
    pids = []
    for i in range(2):
        log = tmp_path / f"{i}.log"
        assert server.run(tmp_path, ["--version"], env, log) == 0
        pids.append(server.proc.pid)
    assert pids[0] == pids[1], "the same server serves both jobs"
    # the children are gone once their job is answered: no process is left with the server as parent
    children = [p for p in os.listdir("/proc") if p.isdigit() and _ppid(int(p)) == server.proc.pid]
    assert children == []


def _ppid(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return int(handle.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def test_dead_server_is_replaced_on_the_next_job(server, tmp_path: Path) -> None:
    assert server.run(tmp_path, ["--version"], forkserver.grading_env(), tmp_path / "a.log") == 0
    first = server.proc.pid
    server.proc.kill()
    server.proc.wait()
    assert server.run(tmp_path, ["--version"], forkserver.grading_env(), tmp_path / "b.log") == 0
    assert server.proc.pid != first


def test_child_killed_by_a_signal_is_reported_as_such(server, tmp_path: Path) -> None:
    """A job whose process is killed returns -signal; _run turns that into a fatal finding."""
    result: list[int] = []
    # The job's log is a FIFO nobody reads: the child blocks opening it, and is killed there.
    log = tmp_path / "killed.log"
    os.mkfifo(log)
    worker = threading.Thread(target=lambda: result.append(
        server.run(tmp_path, ["autograde", "x"], forkserver.grading_env(), log)))
    worker.start()
    child = None
    for _ in range(600):
        if server.proc is not None:
            kids = [int(p) for p in os.listdir("/proc") if p.isdigit() and _ppid(int(p)) == server.proc.pid]
            if kids:
                child = kids[0]
                break
        time.sleep(0.05)
    assert child is not None, "the server never forked a child"
    os.kill(child, signal.SIGKILL)
    worker.join(timeout=60)
    assert result == [-signal.SIGKILL]


def test_run_reports_a_killed_grading_process(tmp_path: Path, monkeypatch) -> None:
    """_run: a process that died by a signal is a fatal finding naming the signal, not a zero."""
    import queue

    class Killed:
        def run(self, *args, **kwargs) -> int:
            return -signal.SIGKILL

    servers: queue.Queue = queue.Queue()
    servers.put(Killed())
    job = cli._run(tmp_path, cli.Job("01-x", "alice"), None, None, servers)
    assert not job.graded
    assert any(f.fatal and "killed by signal 9" in f.detail for f in job.findings), job.findings
    assert servers.qsize() == 1, "the server is handed back for the next job"


def test_the_lessons_imports_run_once_in_the_server(tmp_path: Path) -> None:
    """The judge of every forked grading process then finds them imported (only import lines run)."""
    import subprocess
    import sys

    import nbformat

    lesson = tmp_path / "solutions" / "01-x"
    lesson.mkdir(parents=True)
    (tmp_path / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.source_directory = 'solutions'\n")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "%matplotlib inline\nimport colorsys\nraise SystemExit('not an import: never run')")])
    nbformat.write(nb, lesson / "01-x.ipynb")
    code = ("import sys; from pathlib import Path; from embedlab_grader import forkserver; "
            f"forkserver._import_lessons(Path({str(tmp_path)!r})); print('colorsys' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and run.stdout.strip() == "True", run.stderr[-2000:]
