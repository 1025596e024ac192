"""Warm kernels (embedlab_grader.warm_kernels): forked from a template, yet as alone as cold ones.

Two submissions are run one after the other by GuardedExecute on the same template, as one
grading worker runs them. The first attacks the template, then leaves files in its home,
/tmp and /dev/shm and a process behind; the second must see none of it, and must still get a kernel
from the same, intact template. Each kernel must find torch already imported (or the template
saves nothing), no capabilities, and the same limits as a cold kernel.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import nbformat
import pytest

from embedlab_grader import sandbox, warm_kernels
from embedlab_grader.preprocessors import GuardedExecute
from tests.support import processes

pytestmark = pytest.mark.grading

LOOK = r'''
import json, os, resource, socket, sys
seen = {"preloaded": "matplotlib.pyplot" in sys.modules, "pid": os.getpid(), "uid": os.getuid(),
        "cwd": os.getcwd(),
        "home": sorted(os.listdir("/home/student")), "tmp": sorted(os.listdir("/tmp")),
        "shm": sorted(os.listdir("/dev/shm")), "files": sorted(os.listdir(".")),
        "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
        "init_owner": os.stat("/proc/1/environ").st_uid,
        "cap_eff": [l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")][0],
        "nproc": resource.getrlimit(resource.RLIMIT_NPROC)[0],
        "as": resource.getrlimit(resource.RLIMIT_AS)[0]}
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2); seen["network"] = True
except OSError:
    seen["network"] = False
import subprocess
seen["umount"] = subprocess.run(["umount", "/home/student"], capture_output=True).returncode
import embedlab
seen["embedlab"] = embedlab.__file__
for place in (sys.prefix, os.path.dirname(embedlab.__file__)):  # wherever they are (under /tmp, too)
    try:
        open(os.path.join(place, "pwned"), "w"); seen["env_writable"] = place
    except OSError:
        seen.setdefault("env_writable", "")
print("SEEN" + json.dumps(seen))
'''
LEAVE = r'''
import os, subprocess
for place in ("/tmp", "/dev/shm", "/home/student", "."):
    open(os.path.join(place, "left-behind"), "w").write("for the next student")
subprocess.Popen(["sleep", "986"], start_new_session=True)
'''
ATTACK = r'''
import ctypes, json, os, signal
libc = ctypes.CDLL(None)  # the C library's kill, as an attacker would call it
hits = []
for name in [p for p in os.listdir("/proc") if p.isdigit()]:
    try:
        cmd = open(f"/proc/{name}/cmdline", "rb").read()
    except OSError:
        continue
    if b"warm_kernels" in cmd:
        try:
            open(f"/proc/{name}/mem", "rb").read(1); hits.append(f"read the memory of {name}")
        except OSError:
            pass
libc.kill(1, signal.SIGINT)  # its own init: must ignore it (checked: the kernel lives on)
libc.kill(-1, signal.SIGKILL)  # every process it may signal; the template must survive (checked by the test)
print("HITS" + json.dumps(hits))
'''

# what a notebook could tell apart between a warm and a cold kernel (the pid and /proc are checked above)
FINGERPRINT = r'''
%matplotlib inline
import json, os, random, sys
import matplotlib, numpy, torch
import ipywidgets
from tqdm.auto import tqdm
from embedlab import training
shell = get_ipython()
print("FINGERPRINT" + json.dumps({
    "argv": [os.path.basename(sys.argv[0])] + sys.argv[1:2], "path": sys.path, "env": sorted(os.environ),
    "cwd": os.getcwd(), "tqdm": tqdm.__module__, "training_tqdm": training.tqdm.__module__,
    "backend": matplotlib.get_backend(), "threads": torch.get_num_threads(),
    "draws": [torch.initial_seed(), random.random(), float(numpy.random.rand())],
    "hash": hash("embeddings"), "main": sys.modules["__main__"].__name__, "shell": type(shell).__name__,
    "comm_targets": sorted(shell.kernel.comm_manager.targets),
    "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())[:2],
    "umask": os.umask(0o022), "home": os.path.expanduser("~"), "mpl_cache": matplotlib.get_cachedir()}))
'''


def _run(folder: Path, cells: list[str], events: list | None = None) -> nbformat.NotebookNode:
    """Run ``cells`` as autograde runs a submission; the grader's remarks go into ``events``."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    execute = GuardedExecute(timeout=90)
    execute.preprocess(nb, {"metadata": {"path": str(folder)}})
    if events is not None:
        events += execute._events
    return nb


def _text(cell: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []))


def _sleepers() -> list[int]:
    return processes.running("sleep", "986")


@pytest.fixture(scope="module")
def two_submissions(tmp_path_factory: pytest.TempPathFactory):
    if sandbox.probe():
        pytest.fail(f"no sandbox here: {sandbox.probe()} (run `make system-deps`)")
    course = tmp_path_factory.mktemp("course")
    folders = []
    for student in ("alice", "bob"):
        folder = course / "autograded" / student / "01-x"
        folder.mkdir(parents=True)
        (folder / f"{student}.txt").write_text("the student's own file\n")
        folders.append(folder)
    template = warm_kernels.KernelTemplate()
    warm_kernels.TEMPLATE = template
    try:
        assert template.ready(), f"no warm template here: {template.why}"
        template_pid = template.proc.pid
        kids = sandbox._children()
        level, python = kids.get(template_pid, []), []
        while level and not python:  # the template's own process, under bwrap
            argvs = {p: Path(f"/proc/{p}/cmdline").read_bytes().split(b"\0") for p in level}
            python = [p for p, argv in argvs.items() if b"warm_kernels" in b" ".join(argv)
                      and not argv[0].endswith(b"bwrap")]
            level = [k for p in level for k in kids.get(p, [])]
        template_owner = os.stat(f"/proc/{python[0]}/environ").st_uid  # (the folder shows the real uid)
        first_events: list = []
        first = _run(folders[0], [LOOK, ATTACK, LEAVE, FINGERPRINT], first_events)
        for _ in range(50):
            if not _sleepers():
                break
            time.sleep(0.1)
        sleepers = _sleepers()
        second = _run(folders[1], [LOOK, FINGERPRINT])
        intact = template.proc is not None and template.proc.poll() is None
        intact = intact and template.proc.pid == template_pid
        description = sandbox.describe(sandbox.Limits())
        jobs_left = sorted(os.listdir(template.home)), sorted(os.listdir(template.ipc))
    finally:
        warm_kernels.TEMPLATE = None
        template.close()
    seen = [json.loads(_text(nb.cells[0]).split("SEEN", 1)[1]) for nb in (first, second)]
    hits = json.loads(_text(first.cells[1]).split("HITS", 1)[1])
    warm = [json.loads(_text(nb.cells[-1]).split("FINGERPRINT", 1)[1]) for nb in (first, second)]
    return {"seen": seen, "hits": hits, "warm": warm, "course": course, "sleepers": sleepers,
            "intact": intact, "description": description, "first_events": first_events,
            "template_owner": template_owner,
            "jobs_left": jobs_left, "folders": folders, "template_folder": template.folder}


def test_each_kernel_finds_torch_imported_and_runs_as_a_cold_one_would(two_submissions) -> None:
    for seen, student in zip(two_submissions["seen"], ("alice", "bob")):
        assert seen["preloaded"], "the kernel imported the lessons' libraries itself: no time saved"
        assert seen["cwd"] == "/home/student/01-x"
        assert seen["files"] == [f"{student}.txt"]
        assert seen["pid"] == 2, "the kernel is not the first process under its own init"
        assert seen["pids"][:2] == [1, 2] and max(seen["pids"]) < 20, f"its /proc shows {seen['pids'][:20]}"
        assert seen["uid"] >= sandbox.SANDBOX_UID_BASE
        assert not seen["network"]
        assert seen["env_writable"] == "", f"the kernel can write into {seen['env_writable']}"
        assert seen["nproc"] == sandbox.Limits().processes and seen["as"] == sandbox.Limits().address_space
    assert "warm template" in two_submissions["description"]


def test_a_warm_kernel_looks_like_a_cold_one_to_the_notebook(two_submissions) -> None:
    folder = two_submissions["course"] / "cold" / "01-x"  # the same folder name: the same working directory
    folder.mkdir(parents=True)
    cold_nb = _run(folder, [FINGERPRINT])  # no template: a cold kernel
    cold = json.loads(_text(cold_nb.cells[0]).split("FINGERPRINT", 1)[1])
    warm = two_submissions["warm"][1]
    differ = {k: (cold[k], warm.get(k)) for k in cold if k != "draws" and cold[k] != warm.get(k)}
    assert not differ, f"(cold, warm) differ: {differ}"


def test_each_warm_kernel_draws_its_own_random_numbers(two_submissions) -> None:
    # torch, numpy and random, unseeded: a cold kernel draws fresh seeds; forks must not share the template's
    first, second = (w["draws"] for w in two_submissions["warm"])
    assert all(a != b for a, b in zip(first, second)), (first, second)


def test_a_kernel_has_no_capabilities_and_cannot_undo_its_mounts(two_submissions) -> None:
    for seen in two_submissions["seen"]:
        assert int(seen["cap_eff"], 16) == 0, f"the kernel holds capabilities {seen['cap_eff']}"
        assert seen["umount"] != 0, "the kernel unmounted its home"


def test_nothing_one_submission_leaves_reaches_the_next(two_submissions) -> None:
    second = two_submissions["seen"][1]
    for place in ("home", "tmp", "shm", "files"):
        assert "left-behind" not in second[place], f"the next kernel found the last one's file in {place}"
    assert not [n for n in second["home"] if len(n) == 32], "a kernel sees other jobs' folders"
    assert not two_submissions["sleepers"], "a process started by the first kernel outlived it"
    assert not (two_submissions["folders"][0] / "left-behind").exists(), "it wrote to the grader's folder"


def test_a_kernel_cannot_read_or_stop_the_template(two_submissions) -> None:
    assert two_submissions["hits"] == []
    assert two_submissions["first_events"] == [], "the attack stopped the kernel"
    # not dumpable: its /proc files belong to root, so no process of the sandbox user may read its
    # memory, whatever the machine's ptrace policy; the same for each kernel's init (and so its parent)
    assert two_submissions["template_owner"] == 0
    for seen in two_submissions["seen"]:
        assert seen["init_owner"] != seen["uid"], "the kernel's init process is dumpable"
    assert two_submissions["intact"], "the template was replaced or stopped after the attack"


def test_finished_jobs_and_the_template_leave_no_folders(two_submissions) -> None:
    homes, ipcs = two_submissions["jobs_left"]
    assert not [n for n in homes if len(n) == 32], "a job's home was left behind"
    assert ipcs == [], "a job's IPC folder was left behind"
    assert not os.path.exists(two_submissions["template_folder"])


class _NoTemplate:
    why = "nested user namespaces are not allowed here"
    uid = 0

    def ready(self) -> bool:
        return False


def test_without_a_working_template_kernels_start_cold(tmp_path: Path, monkeypatch) -> None:
    if sandbox.probe():
        pytest.fail(f"no sandbox here: {sandbox.probe()} (run `make system-deps`)")
    monkeypatch.setattr(warm_kernels, "TEMPLATE", _NoTemplate())
    folder = tmp_path / "01-x"
    folder.mkdir()
    nb = _run(folder, ["import sys; print('matplotlib.pyplot' in sys.modules)"])
    assert _text(nb.cells[0]).strip() == "False"  # a fresh interpreter
    assert "cold kernels (no warm template: nested user namespaces" in sandbox.describe(sandbox.Limits())


class _FailingTemplate(_NoTemplate):
    """Says it is ready, then cannot fork a kernel (as where nested namespaces break mid-class)."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.uid, self.dropped = folder, sandbox.SANDBOX_UID_BASE, []

    def ready(self) -> bool:
        return True

    def new_job(self, lesson: str, source: Path) -> tuple[str, str, str]:
        home, ipc = self.folder / "home", self.folder / "ipc"
        (home / lesson).mkdir(parents=True)
        ipc.mkdir()
        return "job", str(home), str(ipc)

    def launch(self, *args) -> None:
        raise warm_kernels.TemplateUnavailable("the kernel template could not start a kernel: EPERM")

    def drop_job(self, token: str) -> None:
        self.dropped.append(token)


def test_a_kernel_the_template_cannot_fork_starts_cold(tmp_path: Path, monkeypatch) -> None:
    if sandbox.probe():
        pytest.fail(f"no sandbox here: {sandbox.probe()} (run `make system-deps`)")
    failing = _FailingTemplate(tmp_path / "template")
    monkeypatch.setattr(warm_kernels, "TEMPLATE", failing)
    folder = tmp_path / "01-x"
    folder.mkdir()
    (folder / "mine.txt").write_text("x")
    nb = _run(folder, ["import os; print(sorted(os.listdir('.')))"])
    assert _text(nb.cells[0]).strip() == "['mine.txt']"  # graded all the same, in a cold kernel
    assert failing.dropped == ["job"]


def test_the_grader_reads_a_kernels_log_only_if_it_is_still_a_plain_file(tmp_path: Path) -> None:
    secret = tmp_path / "gradebook.db"
    secret.write_text("the grader's secret")
    log = tmp_path / "kernel.log"
    log.write_text("x" * 5000 + "Traceback: the end")
    assert warm_kernels.kernel_log(str(log)).endswith("Traceback: the end")
    assert len(warm_kernels.kernel_log(str(log))) == 4000
    log.unlink()
    log.symlink_to(secret)  # what a kernel could leave in its own folder
    assert warm_kernels.kernel_log(str(log)) == ""
    log.unlink()
    os.mkfifo(log)  # nobody writes: reading it must not wait
    assert warm_kernels.kernel_log(str(log)) == ""
    assert warm_kernels.kernel_log(str(tmp_path / "missing.log")) == ""
