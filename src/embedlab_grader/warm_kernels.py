"""Warm kernels: each submission's kernel forked from a sandboxed template that imported torch once.

Instructor tooling, used by :class:`embedlab_grader.sandbox.SandboxedKernelManager` when the
grader runs through its fork server (:mod:`embedlab_grader.forkserver`). Importing torch and the
lessons' other libraries is about half of grading a submission here (2-3 s of CPU time out of
about 6). A :class:`KernelTemplate` is one bubblewrap sandbox per grading worker, built like a
cold kernel's (:func:`embedlab_grader.sandbox.bwrap_command`: read-only Python, no network, own
PID namespace, unprivileged uid, resource limits), whose process imports :data:`PRELOAD` and
then only forks. For each submission the fork, before any of the student's code runs:

* enters new user, mount, PID and IPC namespaces;
* mounts the submission's private folder (a fresh copy, made by the grader) on
  ``/home/student``, and fresh size-limited tmpfs on ``/tmp`` and ``/dev/shm``, so that it sees
  no other submission's files, nor the template's;
* starts a small init process, which mounts a ``/proc`` of the new PID namespace and under which
  the kernel runs with pid 2: when the grader stops the kernel, every process the submission
  started goes with that namespace;
* drops every capability, draws fresh random seeds (Python, NumPy, torch), and runs
  ``python -m ipykernel_launcher`` in-process, as a cold kernel would.

The template stays untouched: it is not dumpable (no submission can read or write its memory),
no submission's PID namespace can name it, and each kernel works on its own copy-on-write
pages. Where nested namespaces cannot be made (the template checks at start), the grader starts
cold kernels instead, and says so in its report. tests/test_grading_warm_kernels.py checks that
a notebook cannot tell a warm kernel from a cold one.

The template's protocol is one JSON line per request on its stdin, one per answer on its stdout
(which no kernel inherits).

Example (the namespaces a kernel gets, as flags for ``unshare(2)``):
    >>> hex(JOB_NAMESPACES)
    '0x38020000'
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import secrets
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

# unshare(2) and mount(2) flags (the same on every Linux architecture)
CLONE_NEWNS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID = 0x00020000, 0x08000000, 0x10000000, 0x20000000
JOB_NAMESPACES = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC
MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 8, 4096, 16384, 1 << 18
PR_SET_PDEATHSIG, PR_SET_DUMPABLE = 1, 4
_LINUX_CAPABILITY_VERSION_3 = 0x20080522

#: Imported once by the template, before any fork: the heavy part of the lessons' set-up cells.
#: Left out: modules that look for a running kernel when imported (``tqdm.auto`` picks its bar,
#: ``ipywidgets`` registers its comm targets), and the lesson helpers that import them
#: (``embedlab.training``, and ``recommend``, ``sentiment`` and ``tabular`` through it).
#: ``torch._dynamo`` is what a notebook's first optimizer imports (about 1.2 s here, in lessons 04 and 05).
PRELOAD = ("numpy", "torch", "torch.nn", "torch.nn.functional", "torch._dynamo", "matplotlib",
           "matplotlib.pyplot", "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel",
           *(f"embedlab.{name}" for name in (
               "plain", "autograd", "data", "evaluation", "lookup", "onehot", "plotting", "ppmi", "sequences",
               "similarity", "tensors", "timing", "vocabulary", "word2vec", "word_vectors")))
#: Must not be in ``sys.modules`` after the imports (checked by the template, which refuses otherwise).
KERNEL_AWARE = ("tqdm.auto", "tqdm.autonotebook", "ipywidgets", "embedlab.training")
SANDBOX_HOME = "/home/student"  # as embedlab_grader.sandbox.SANDBOX_HOME
READY_TIMEOUT = 120.0  # seconds for the template to import PRELOAD and check it can make namespaces
LOG_NAME = "kernel.log"  # a job's stderr, in its IPC folder
JOB_TIMEOUT = 30.0  # seconds for one fork to set up its namespaces


class TemplateUnavailable(RuntimeError):
    """The template could not start, or cannot make a kernel's namespaces here."""


# ----------------------------------------------------------------- inside the sandbox (template)

def _libc() -> Any:
    return ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def _enter_namespaces(libc: Any, home: str | None, tmp_size: int, ipc: str | None = None) -> None:
    """In a fresh fork of the template: new namespaces, the job's home, fresh /tmp and /dev/shm.

    What the template has mounted under /tmp or /dev/shm stays, over the fresh tmpfs, as bwrap
    would put it: the Python environment and the course, read-only, when they live under /tmp,
    and ``ipc``, the job's IPC folder (not the folder of every job's, which holds it).
    """
    uid, gid = os.getuid(), os.getgid()
    _check(libc.unshare(JOB_NAMESPACES), "unshare")
    # Its /proc/self files belong to root while it is not dumpable (as the template is); no
    # student code runs before it is not dumpable again.
    libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
    Path("/proc/self/setgroups").write_text("deny")
    Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
    Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    _check(libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
    places = ("/tmp", "/dev/shm")
    kept = [point for point in _mount_points() if point.startswith(tuple(p + "/" for p in places))
            and point != (os.path.dirname(ipc) if ipc else None)]
    if ipc:
        kept.append(ipc)
    outermost = [p for p in sorted(set(kept)) if not any(p.startswith(q + "/") for q in kept if q != p)]
    # opened in the new mount namespace, before the tmpfs hides them
    held = [(point, os.open(point, os.O_PATH)) for point in outermost]
    if home is not None:
        _check(libc.mount(home.encode(), SANDBOX_HOME.encode(), None, MS_BIND | MS_REC, None), f"bind {home}")
    for place in places:
        _check(libc.mount(b"tmpfs", place.encode(), b"tmpfs", MS_NOSUID | MS_NODEV,
                          f"size={tmp_size},mode=1777".encode()), f"tmpfs on {place}")
    for point, fd in held:  # put back at the same path (a bind keeps a read-only mount read-only)
        os.makedirs(point, mode=0o755, exist_ok=True)
        _check(libc.mount(f"/proc/self/fd/{fd}".encode(), point.encode(), None, MS_BIND | MS_REC, None),
               f"bind {point}")
        os.close(fd)


def _mount_points() -> list[str]:
    """Where this process's mount namespace has something mounted (from /proc/self/mountinfo)."""
    points = []
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        field = line.split()[4]  # spaces and the like come octal-escaped: "\040"
        points.append(re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field))
    return points


def _mount_proc(libc: Any) -> None:
    """In PID 1 of a job's namespace: a /proc that shows that namespace only."""
    _check(libc.mount(b"proc", b"/proc", b"proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None), "mount /proc")


def _drop_capabilities(libc: Any) -> None:
    """No capabilities left, in any set: the kernel cannot undo its mounts."""
    header = (ctypes.c_uint32 * 2)(_LINUX_CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()
    _check(libc.capset(header, data), "capset")


def _init(kernel: int) -> None:
    """PID 1 of a job's namespace: reap orphans until the kernel ends, then end with its status."""
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            os._exit(1)
        if pid == kernel:
            os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


def _run_kernel(job: dict[str, Any]) -> None:
    """The kernel process: ``python -m ipykernel_launcher ARGS`` in the job's folder and environment."""
    import runpy

    os.chdir(f"{SANDBOX_HOME}/{job['lesson']}")
    os.environ.clear()
    os.environ.update(job["env"])
    _reseed()
    sys.path[0] = os.getcwd()  # as `python -m` in that folder would have it
    sys.argv = ["ipykernel_launcher", *job["args"]]
    runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)


def _reseed() -> None:
    """Fresh random states, as a newly started interpreter would draw (not the template's, shared by all)."""
    import random

    random.seed()
    for name in ("numpy", "torch"):
        module = sys.modules.get(name)
        if name == "numpy" and module is not None:
            module.random.seed()
        elif module is not None:
            module.seed()


def _say_why(report: int, exc: BaseException) -> None:
    """Tell the template, through the pipe ``report``, why a fork could not get ready."""
    try:
        os.write(report, f"{type(exc).__name__}: {exc}".encode()[:500])
    except OSError:
        pass


def _start_init(libc: Any, report: int) -> int:
    """Fork PID 1 of the new PID namespace; it returns 0 there, with its own /proc mounted.

    If /proc cannot be mounted, the init says why on ``report`` and exits.
    """
    init = os.fork()
    if init == 0:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        try:
            _mount_proc(libc)
        except OSError as exc:
            _say_why(report, exc)
            os._exit(1)
    return init


def _job(libc: Any, job: dict[str, Any], report: int) -> None:
    """The forked child for one job (never returns): namespaces, init, and the kernel under it."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        # the template's protocol pipes are not the kernel's business. As for a cold kernel, its
        # stdout (ipykernel's connection banner) is dropped and its stderr kept: in a log beside
        # its connection file, which the grader copies into the submission's log
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
        os.close(devnull)
        connection = job["args"][job["args"].index("-f") + 1]
        ipc = os.path.dirname(connection)
        log = os.open(os.path.join(ipc, LOG_NAME), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(log, 2)
        os.close(log)
        _enter_namespaces(libc, f"{SANDBOX_HOME}/{job['token']}", int(job["tmp_size"]), ipc)
        init = _start_init(libc, report)
        if init == 0:
            os.write(report, b"ok")
            os.close(report)
            kernel = os.fork()
            if kernel == 0:
                libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
                _drop_capabilities(libc)
                libc.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # its own /proc/self stays readable to it
                _run_kernel(job)
                os._exit(0)
            _drop_capabilities(libc)
            # PID 1 gets only the signals it handles: none, so the kernel cannot stop it (Python's
            # own SIGINT handler would let it); the grader's SIGKILL from outside still works
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            _init(kernel)
        os.close(report)
        _, status = os.waitpid(init, 0)
        code = os.waitstatus_to_exitcode(status) & 0xFF
    except BaseException as exc:  # noqa: BLE001 - reported to the template, which tells the grader
        _say_why(report, exc)
    os._exit(code)


def _fork_job(libc: Any, job: dict[str, Any]) -> dict[str, Any]:
    """Fork one job; its pid (in the template's namespace) once its namespaces are ready, or why not."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        _job(libc, job, write)
    os.close(write)
    ready, _, _ = select.select([read], [], [], JOB_TIMEOUT)
    said = os.read(read, 600).decode(errors="replace") if ready else "no answer"
    os.close(read)
    if said != "ok":
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        return {"token": job.get("token"), "error": said}
    return {"token": job["token"], "pid": pid}


def _self_test(libc: Any, tmp_size: int) -> str:
    """'' when a fork here can make a job's namespaces and mounts, else why not."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            _enter_namespaces(libc, None, tmp_size)
            init = _start_init(libc, write)
            if init == 0:
                try:
                    _drop_capabilities(libc)
                    os.write(write, b"ok")
                except OSError as exc:
                    _say_why(write, exc)
                os._exit(0)
            os.waitpid(init, 0)
        except BaseException as exc:  # noqa: BLE001 - reported to the template, which tells the grader
            _say_why(write, exc)
        os._exit(0)
    os.close(write)
    said = os.read(read, 600).decode(errors="replace")
    os.close(read)
    os.waitpid(pid, 0)
    return "" if said == "ok" else said or "the check ended without a word"


def _threads() -> int:
    return len(os.listdir("/proc/self/task"))


def serve_template(stdin: IO[str] = sys.stdin, stdout: IO[str] = sys.stdout) -> None:
    """The template's loop (``python -m embedlab_grader.warm_kernels``, inside the sandbox)."""
    import importlib

    libc = _libc()
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")  # as ipykernel sets it
    tmp_size = int(os.environ.pop("EMBEDLAB_TMP_SIZE", str(256 << 20)))
    why = ""
    try:
        for name in PRELOAD:
            importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001 - reported to the grader
        why = f"importing the lessons' libraries failed: {type(exc).__name__}: {exc}"
    if not why and (early := [m for m in KERNEL_AWARE if m in sys.modules]):
        why = f"the template imported {', '.join(early)}, which must be imported inside the kernel"
    if not why and _threads() != 1:
        why = f"the template runs {_threads()} threads after its imports; forking it would not be safe"
    why = why or _self_test(libc, tmp_size)
    print(json.dumps({"ready": not why, "why": why}), file=stdout, flush=True)
    if why:
        return
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # finished jobs are reaped by the kernel
    running: list[int] = []
    for line in stdin:
        job = json.loads(line)
        job["tmp_size"] = tmp_size
        for pid in running:  # one job at a time: one whose grader went away must not linger
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        answer = _fork_job(libc, job)
        running = [answer["pid"]] if "pid" in answer else []
        print(json.dumps(answer), file=stdout, flush=True)


# ----------------------------------------------------------------- the grader's side

def _host_children() -> dict[int, list[int]]:
    from embedlab_grader.sandbox import _children

    return _children()


def _ns_pids(pid: int) -> list[int]:
    """A process's pid in each PID namespace, outermost first (the NSpid line of its status)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("NSpid:"):
                return [int(x) for x in line.split()[1:]]
    except OSError:
        pass
    return []


def _start_time(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


@dataclass
class WarmProcess:
    """The grader's handle on one forked kernel, in the shape of :class:`subprocess.Popen`.

    ``pid`` is the host pid of the job's fork (the parent of its PID namespace's init);
    ``kernel`` the host pid of the kernel itself. Neither is the grader's child, so the
    process is watched through ``/proc``.
    """

    pid: int
    kernel: int | None
    _start: str | None = None
    returncode: int | None = None
    stdin: None = None
    stdout: None = None
    stderr: None = None

    def __post_init__(self) -> None:
        self._start = _start_time(self.pid)

    def poll(self) -> int | None:
        if self.returncode is None:
            start = _start_time(self.pid)
            state = ""
            try:
                state = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                pass
            if start is None or start != self._start or state in ("Z", "X"):
                self.returncode = -signal.SIGKILL
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                raise subprocess.TimeoutExpired("warm kernel", timeout or 0)
            time.sleep(0.05)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is not None:
            return
        targets = [self.kernel, self.pid] if signum == signal.SIGKILL else [self.kernel or self.pid]
        for pid in targets:
            if pid is not None:
                try:
                    os.kill(pid, signum)
                except ProcessLookupError:
                    pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def kernel_log(path: str, limit: int = 4000) -> str:
    """The last ``limit`` bytes of a kernel's log, if it is still a regular file.

    The kernel could have replaced it: a symbolic link to a file of the grader's is not followed,
    and a FIFO is not waited on.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return ""
    with os.fdopen(fd, "rb") as log:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return ""
        log.seek(max(0, info.st_size - limit))
        return log.read(limit).decode(errors="replace")


def _seed_home(home: str) -> None:
    """The grader's caches (:func:`embedlab_grader.sandbox._seed_home`), and matplotlib's cache folder.

    The template's matplotlib chose that folder once, when imported: every kernel must have it
    where a cold kernel would have made it, in its own home.
    """
    from embedlab_grader import sandbox

    sandbox._seed_home(home)
    os.makedirs(os.path.join(home, ".cache", "matplotlib"), exist_ok=True)


class KernelTemplate:
    """One worker's template sandbox, started at once and used one job at a time.

    ``folder`` holds ``home/`` (bound on /home/student inside; one private folder per job) and
    ``ipc/`` (the ZMQ sockets and connection file of each job, at the same path on both sides).
    """

    def __init__(self) -> None:
        from embedlab_grader import sandbox

        self.folder = tempfile.mkdtemp(prefix="embedlab-template-")
        os.chmod(self.folder, 0o755)
        self.home, self.ipc = os.path.join(self.folder, "home"), os.path.join(self.folder, "ipc")
        os.makedirs(os.path.join(self.home, "template"))
        os.makedirs(self.ipc)
        self.uid = sandbox.SANDBOX_UID_BASE + os.getpid() % 10000
        _seed_home(self.home)  # matplotlib's font list, read once by the template's imports
        if os.geteuid() == 0:
            # the template's home is its own (no kernel ever sees it: each job's covers it); the
            # kernels may enter the IPC folder, but not list or write it
            sandbox._chown_tree(self.home, self.uid)
            os.chown(self.ipc, 0, 0)
            os.chmod(self.ipc, 0o711)
        os.chmod(self.home, 0o700)
        limits = sandbox.SandboxedKernelManager.limits
        cmd = sandbox.bwrap_command([sys.executable, "-m", "embedlab_grader.warm_kernels"], work=self.home,
                                    ipc_dir=self.ipc, lesson="template", uid=self.uid, limits=limits)
        # A job can mount a /proc of its own PID namespace only where a /proc without bwrap's
        # read-only covers (/proc/sys, ...) is already mounted: the template gets the grader's.
        # No student code sees it: each job mounts its own over it before its kernel starts.
        at = cmd.index("--proc")
        cmd[at:at + 2] = ["--bind", "/proc", "/proc"]
        env = sandbox.sandbox_env(os.environ, sandbox.SANDBOX_HOME)
        env["EMBEDLAB_TMP_SIZE"] = str(limits.tmp_size)
        self.proc: subprocess.Popen[str] | None = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            cwd=self.folder, env=env)
        self._owner = os.getpid()  # only this process may wait for the template (Popen.poll)
        self._start = _start_time(self.proc.pid)
        self._ready: bool | None = None
        self.why = ""

    def alive(self) -> bool:
        """Whether the template process runs (also right in a process forked from the owner)."""
        if self.proc is None:
            return False
        if os.getpid() == self._owner:
            return self.proc.poll() is None
        return _start_time(self.proc.pid) == self._start

    def _answer(self, timeout: float) -> dict[str, Any]:
        assert self.proc is not None and self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            raise TemplateUnavailable("the kernel template did not answer" if not ready
                                      else "the kernel template stopped")
        return json.loads(line)

    def ready(self) -> bool:
        """Whether the template is up and can make kernels (waits for its imports the first time).

        Call it first in the process that started the template: its answer is read only once.
        """
        if self._ready is None:
            try:
                answer = self._answer(READY_TIMEOUT)
                self._ready, self.why = bool(answer.get("ready")), str(answer.get("why", ""))
            except (TemplateUnavailable, ValueError) as exc:
                self._ready, self.why = False, str(exc)
        if self._ready and not self.alive():
            self.why = "the kernel template stopped"
            return False
        return bool(self._ready)

    def new_job(self, lesson: str, source: Path) -> tuple[str, str, str]:
        """A private home (a copy of ``source`` as ``lesson``) and IPC folder: (token, home, ipc)."""
        from embedlab_grader import sandbox

        token = secrets.token_hex(16)
        home, ipc = os.path.join(self.home, token), os.path.join(self.ipc, token)
        os.makedirs(home)
        shutil.copytree(source, os.path.join(home, lesson), symlinks=True)
        _seed_home(home)
        os.makedirs(ipc)
        if os.geteuid() == 0:
            sandbox._chown_tree(home, self.uid)
            sandbox._chown_tree(ipc, self.uid)
        os.chmod(home, 0o700)
        os.chmod(ipc, 0o700)
        return token, home, ipc

    def launch(self, token: str, lesson: str, args: list[str], env: dict[str, str]) -> WarmProcess:
        """Fork the kernel of job ``token`` (``args``: ipykernel_launcher's arguments)."""
        if not self.ready() or self.proc is None or self.proc.stdin is None:
            raise TemplateUnavailable(self.why or "the kernel template is not running")
        # as a cold kernel's: jupyter_client names its parent, bwrap --chdir sets PWD
        env = dict(env, JPY_PARENT_PID=str(os.getpid()), PWD=f"{SANDBOX_HOME}/{lesson}")
        self.proc.stdin.write(json.dumps({"token": token, "lesson": lesson, "args": args, "env": env}) + "\n")
        self.proc.stdin.flush()
        answer = self._answer(JOB_TIMEOUT + 5)
        while answer.get("token") != token:  # a late answer to an abandoned job
            answer = self._answer(JOB_TIMEOUT + 5)
        if "error" in answer:
            raise TemplateUnavailable(f"the kernel template could not start a kernel: {answer['error']}")
        return self._process(int(answer["pid"]))

    def _process(self, ns_pid: int) -> WarmProcess:
        """The host pids of the job forked as ``ns_pid`` (in the template's namespace) and of its kernel."""
        assert self.proc is not None
        kids = _host_children()
        level, job = kids.get(self.proc.pid, []), None
        while level and job is None:
            job = next((p for p in level if _ns_pids(p)[1:2] == [ns_pid]), None)
            level = [k for p in level for k in kids.get(p, [])]
        if job is None:
            raise TemplateUnavailable(f"the kernel template's job {ns_pid} is not running")
        kernel = None
        for _ in range(200):  # its init and kernel are forked right after it answered
            kids = _host_children()
            below = [k for init in kids.get(job, []) for k in kids.get(init, [])]
            if below:
                kernel = below[0]
                break
            time.sleep(0.01)
        return WarmProcess(job, kernel)

    def drop_job(self, token: str) -> None:
        """Remove a finished job's folders; what its kernel printed goes to stderr (the grader's log)."""
        printed = kernel_log(os.path.join(self.ipc, token, LOG_NAME))
        if printed.strip():
            print(printed, file=sys.stderr, end="" if printed.endswith("\n") else "\n")
        for base in (self.home, self.ipc):
            shutil.rmtree(os.path.join(base, token), ignore_errors=True)

    def close(self) -> None:
        if self.proc is not None:
            if self.proc.stdin:
                try:
                    self.proc.stdin.close()
                except OSError:
                    pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None
        shutil.rmtree(self.folder, ignore_errors=True)


#: The template of this grading worker: set by the fork server, inherited by each grading process.
TEMPLATE: KernelTemplate | None = None


if __name__ == "__main__":
    serve_template()
