"""The bubblewrap sandbox every graded kernel runs in (embedlab_grader.sandbox).

A small notebook is run by GuardedExecute exactly as ``nbgrader autograde`` runs a submission; its
cells look around and report what they can reach. Inside: its own copy of the submission folder
only, an unprivileged uid, no network, none of the grader's processes, a read-only Python, limits.
Afterwards every process it started is gone, and so is the sandbox folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from embedlab_grader import sandbox
from embedlab_grader.preprocessors import GuardedExecute
from tests.support import processes

pytestmark = pytest.mark.grading

PROBE = r'''
import json, os, socket, sys
seen = {"uid": os.getuid(), "cwd": os.getcwd(), "files": sorted(os.listdir(".")),
        "course_visible": os.path.exists(COURSE), "grader_visible": os.path.exists(f"/proc/{GRADER}"),
        "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())}
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2); seen["network"] = True
except OSError:
    seen["network"] = False
try:
    open(os.path.join(sys.prefix, "pwned"), "w"); seen["env_writable"] = True
except OSError:
    seen["env_writable"] = False
import resource
seen["nproc"] = resource.getrlimit(resource.RLIMIT_NPROC)[0]
seen["as"] = resource.getrlimit(resource.RLIMIT_AS)[0]
open("written.txt", "w").write("only in the private copy")
print("SEEN" + json.dumps(seen))
'''
ORPHAN = 'import subprocess\nsubprocess.Popen(["sleep", "987"], start_new_session=True)\nprint("started")'


def _run(folder: Path, cells: list[str], **kw) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    GuardedExecute(timeout=90, **kw).preprocess(nb, {"metadata": {"path": str(folder)}})
    return nb


def _sleepers() -> list[int]:
    return processes.running("sleep", "987")


@pytest.fixture(scope="module")
def probed(tmp_path_factory: pytest.TempPathFactory):
    if sandbox.probe():
        pytest.fail(f"no sandbox here: {sandbox.probe()} (run `make system-deps`)")
    course = tmp_path_factory.mktemp("course")
    folder = course / "autograded" / "alice" / "01-x"
    folder.mkdir(parents=True)
    (folder / "data.txt").write_text("the student's own file\n")
    (course / "gradebook.db").write_text("secret")
    made: list[str] = []  # this kernel's sandbox folders (other graders may share /tmp)
    start = sandbox.SandboxedKernelManager._async_pre_start_kernel

    async def recording(self, **kw):
        out = await start(self, **kw)
        made.append(self._sandbox_dir)
        return out

    sandbox.SandboxedKernelManager._async_pre_start_kernel = recording
    try:
        code = f"COURSE = {str(course)!r}; GRADER = {os.getpid()}\n" + PROBE
        nb = _run(folder, [code, ORPHAN])
    finally:
        sandbox.SandboxedKernelManager._async_pre_start_kernel = start
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    assert "SEEN" in text, nb.cells[0].outputs
    return json.loads(text.split("SEEN", 1)[1]), folder, nb, made


def test_kernel_sees_only_its_private_copy(probed) -> None:
    seen, folder, _, _ = probed
    assert seen["cwd"] == "/home/student/01-x"
    assert seen["files"] == ["data.txt"]
    assert not seen["course_visible"], "the course directory is visible inside the sandbox"
    assert not (folder / "written.txt").exists(), "the kernel wrote into the grader's folder"


def test_kernel_is_unprivileged_offline_and_alone(probed) -> None:
    seen = probed[0]
    assert seen["uid"] >= sandbox.SANDBOX_UID_BASE, f"the kernel runs as uid {seen['uid']}"
    assert not seen["network"]
    assert not seen["env_writable"]
    assert not seen["grader_visible"]
    assert max(seen["pids"]) < 100, f"the kernel sees host processes: {seen['pids'][:20]}"
    assert seen["nproc"] == sandbox.Limits().processes and seen["as"] == sandbox.Limits().address_space


def test_everything_it_started_is_killed_and_removed(probed) -> None:
    _, _, nb, made = probed
    assert "started" in "".join(o.get("text", "") for o in nb.cells[1].outputs)
    for _ in range(50):
        if not _sleepers():
            break
        time.sleep(0.1)
    assert not _sleepers(), "a process started by the notebook outlived its kernel"
    assert made, "no sandbox folder was made"
    assert not [d for d in made if os.path.exists(d)], "the sandbox folder was left behind"


def test_without_a_sandbox_grading_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sandbox, "probe", lambda: "bubblewrap (bwrap) is not installed")
    with pytest.raises(sandbox.SandboxUnavailable, match="--unsafe-no-sandbox"):
        _run(tmp_path, ["1"])
    from embedlab_grader import cli

    assert cli.main(["01-x", "--root", str(tmp_path)]) == 2
    nb = _run(tmp_path, ["import os; print(os.getuid())"], unsafe_no_sandbox=True)
    uid = nb.cells[0].outputs[0]["text"].strip()
    assert uid == str(os.getuid()), "unsafe mode runs with the grader's uid"


def test_cli_refuses_and_says_how_to_go_on(tmp_path: Path) -> None:
    env = dict(os.environ, PATH="/nonexistent")  # no bwrap on PATH
    done = subprocess.run([sys.executable, "-m", "embedlab_grader", "01-x", "--root", str(tmp_path)],
                          capture_output=True, text=True, env=env)
    assert done.returncode == 2
    assert "refusing to grade" in done.stderr and "--unsafe-no-sandbox" in done.stderr


def test_the_graders_caches_reach_the_kernel_as_a_private_copy(tmp_path: Path, monkeypatch) -> None:
    """The parsed Wikipedia sample is copied in the original is out of reach."""
    cache = tmp_path / "grader-cache"
    cache.mkdir()
    (cache / "enwiki-test.txt").write_text("the grader's parse\n")
    monkeypatch.setenv("EMBEDLAB_CACHE", str(cache))
    folder = tmp_path / "autograded" / "alice" / "06-x"
    folder.mkdir(parents=True)
    code = (f"import os\ncopy = os.path.expanduser('~/.cache/embedlab/enwiki-test.txt')\n"
            f"print('READ', open(copy).read().strip(), os.path.exists({str(cache)!r}))\n"
            "open(copy, 'w').write('changed by a student')")
    nb = _run(folder, [code])
    assert "READ the grader's parse False" in "".join(o.get("text", "") for o in nb.cells[0].outputs), \
        nb.cells[0].outputs
    assert (cache / "enwiki-test.txt").read_text() == "the grader's parse\n"


def test_the_wiki_cache_is_warmed_once_and_only_for_lessons_that_load_it(tmp_path: Path, monkeypatch) -> None:
    from embedlab_grader import cli

    calls = []
    monkeypatch.setattr(sandbox, "warm_caches", lambda: calls.append(1))
    (tmp_path / "nbgrader_config.py").write_text(  # this course's layout: the lessons are in solutions/
        "c = get_config()\nc.CourseDirectory.source_directory = 'solutions'\n")
    for lesson, source in (("01-a", "x = 1"), ("06-b", "articles = load_wiki_corpus()")):
        (tmp_path / "solutions" / lesson).mkdir(parents=True)
        (tmp_path / "solutions" / lesson / f"{lesson}.ipynb").write_text(source)
    cli._warm_caches(tmp_path, {"01-a"})
    assert calls == []
    cli._warm_caches(tmp_path, {"01-a", "06-b"})
    assert calls == [1]
    monkeypatch.setattr(sandbox, "warm_caches", lambda: 1 / 0)
    cli._warm_caches(tmp_path, {"06-b"})  # a failed warm-up only costs time: grading goes on


def test_the_processes_under_a_kernel_are_found_without_scanning_proc() -> None:
    # stop_leftovers runs after every cell: it reads the kernel's threads' children files
    started = [subprocess.Popen(["sh", "-c", "sleep 30 & sleep 30"]) for _ in range(2)]
    try:
        time.sleep(0.5)
        kids = sandbox._children()
        scanned, level = [], list(kids.get(os.getpid(), []))
        while level:
            scanned += level
            level = [k for p in level for k in kids.get(p, [])]
        assert sorted(sandbox._descendants(os.getpid())) == sorted(scanned)
        assert len(scanned) >= 6  # two shells, two sleeps each
    finally:
        for process in started:
            process.kill()


def test_a_stopped_kernel_is_awaited_in_short_looks_and_is_gone(tmp_path: Path, monkeypatch) -> None:
    """jupyter_client looks every 0.1 s whether a killed kernel is gone; every submission waited that long."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    slept: list[float] = []
    real_sleep = asyncio.sleep

    async def recorded_sleep(delay: float, *args, **kwargs):
        slept.append(delay)
        return await real_sleep(delay, *args, **kwargs)

    async def start_and_stop() -> tuple[int, int | None]:
        km = sandbox.SandboxedKernelManager()
        await km.start_kernel(cwd=str(folder))
        pid = km.provisioner.process.pid
        monkeypatch.setattr(asyncio, "sleep", recorded_sleep)
        try:
            await km.shutdown_kernel(now=True)
        finally:
            monkeypatch.setattr(asyncio, "sleep", real_sleep)
        return pid, km.provisioner.process if km.provisioner else None

    folder = tmp_path / "01-x"
    folder.mkdir()
    with ThreadPoolExecutor(1) as pool:  # a loop of its own (other tests may leave one running here)
        pid, process = pool.submit(asyncio.run, start_and_stop()).result()
    assert process is None, "jupyter_client forgets the process once it is gone"
    assert not Path(f"/proc/{pid}").exists(), "the kernel's process was waited for"
    assert all(delay <= 0.01 for delay in slept), f"the stop waited in steps of {sorted(set(slept))} s"


def test_no_configured_kernel_manager_takes_the_sandbox_away(tmp_path: Path) -> None:
    """nbconvert's ``preprocess`` loads the configuration again: a ``kernel_manager_class`` set there
    (the course sets one for nbgrader's Validate) must not replace the sandboxed kernel manager."""
    from tests.support.nbgrader_course import course_config

    folder = tmp_path / "autograded" / "alice" / "01-x"
    folder.mkdir(parents=True)
    config = course_config(tmp_path)
    assert "kernel_manager_class" in config.Execute, "the course config no longer sets one for Validate"
    config.GuardedExecute.kernel_manager_class = "jupyter_client.manager.AsyncKernelManager"
    nb = _run(folder, ["import os; print(os.getcwd())"], config=config)
    cwd = nb.cells[0].outputs[0]["text"].strip()
    assert cwd == "/home/student/01-x", f"the kernel ran outside the sandbox, in {cwd}"
