"""embedlab.grading's fork server: one fresh process per submission, failures reported, never lost.

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

from embedlab.grading import cli, forkserver


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


# --- GuardedExecute waits for kernel messages in short steps (nbclient issue #312) ---------------

def _run_async(coro):
    """asyncio.run in a thread of its own: other tests (Playwright) may leave a loop running here."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _fake_channel(arrives_after: float | None):
    """An async get_msg whose message 'arrives' after some seconds but is only seen by a new poll.

    This is the failure we saw: a single long wait is not woken by the message; only a poll that
    starts after it arrived sees it.
    """
    import asyncio
    from queue import Empty

    start = time.monotonic()
    calls: list[float | None] = []

    async def get_msg(timeout: float | None = None):
        calls.append(timeout)
        began = time.monotonic()
        if arrives_after is not None and began - start >= arrives_after:
            return {"msg": "reply"}
        await asyncio.sleep(timeout if timeout is not None else 3600)
        raise Empty

    return get_msg, calls


def test_in_steps_sees_a_message_a_long_wait_would_miss() -> None:

    from embedlab.grading.preprocessors import _in_steps

    get_msg, calls = _fake_channel(arrives_after=0.3)
    began = time.monotonic()
    assert _run_async(_in_steps(get_msg, step=0.1)(timeout=120)) == {"msg": "reply"}
    assert time.monotonic() - began < 5, "the reply must be seen within a few steps, not after 120 s"
    assert all(t is not None and t <= 0.1 for t in calls), calls
    # without the wrapper the same channel only answers when the whole wait has run out
    get_msg, _ = _fake_channel(arrives_after=0.3)
    from queue import Empty

    with pytest.raises(Empty):
        _run_async(get_msg(timeout=0.5))


def test_in_steps_keeps_the_timeout_contract() -> None:
    from queue import Empty

    from embedlab.grading.preprocessors import _in_steps

    get_msg, calls = _fake_channel(arrives_after=None)  # nothing ever comes
    began = time.monotonic()
    with pytest.raises(Empty):
        _run_async(_in_steps(get_msg, step=0.1)(timeout=0.45))
    waited = time.monotonic() - began
    assert 0.4 <= waited < 3, waited
    assert len(calls) >= 4, "the wait was split into steps"
    # timeout=None waits until a message comes, however long that is
    get_msg, calls = _fake_channel(arrives_after=0.35)
    assert _run_async(_in_steps(get_msg, step=0.1)(timeout=None)) == {"msg": "reply"}


def test_guarded_execute_installs_the_short_steps(tmp_path: Path, monkeypatch) -> None:
    """Both ways nbclient starts a kernel (blocking and async) go through our override."""
    import nbformat

    from embedlab.grading import preprocessors as gp

    wrapped = []
    real = gp._in_steps
    monkeypatch.setattr(gp, "_in_steps", lambda f, *a: wrapped.append(f) or real(f, *a))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("6 * 7")])
    gp.GuardedExecute(timeout=60).preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    assert nb.cells[0].outputs[0]["data"]["text/plain"] == "42"
    assert len(wrapped) == 2, "shell and iopub channels"
