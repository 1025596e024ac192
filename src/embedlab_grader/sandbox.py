"""Run a submission's Jupyter kernel inside a bubblewrap sandbox (instructor tooling).

The kernel that executes a student's notebook during ``nbgrader autograde`` is the student's
code: whatever it can reach, it can change. :class:`SandboxedKernelManager` (used by
:class:`embedlab_grader.preprocessors.GuardedExecute`) therefore starts it with bubblewrap
(``bwrap``, Debian package ``bubblewrap``) so that it sees only

* a private copy of that student's submission folder (its working directory, ``/home/student/<lesson>``),
* the Python environment, read-only (the interpreter's prefixes, ``/usr``, the ``embedlab`` package),
* a private, size-limited ``/tmp`` and ``/dev/shm``,

and runs in its own PID, IPC, UTS and network namespaces (no network at all: the grader talks to
it over ZMQ ``ipc://`` sockets in a folder bound into the sandbox), as an unprivileged user id of
its own, with limits on address space, processes, CPU time and file size. The course directory,
``solutions/``, the gradebook, the configuration, other students and the grader's processes do not
exist inside. When the kernel is stopped, bwrap's PID namespace goes with it: every process the
submission started is killed.

jupyter_client interrupts a kernel by signalling the process it launched, here bwrap, which
does not forward signals: :meth:`SandboxedKernelManager.interrupt_kernel` finds the kernel's own
process under bwrap and sends it SIGINT.

When the grader runs as root, bwrap sets up the mounts as root and ``setpriv`` drops to the
sandbox user (a real, otherwise unused uid); as another user, bwrap's user namespace maps the
sandbox user onto the grader's own uid.

Example:
    >>> cmd = bwrap_command(["python", "-m", "ipykernel_launcher"], work="/tmp/s/home", ipc_dir="/tmp/s/ipc",
    ...                     lesson="01-x", uid=61000, limits=Limits())
    >>> (cmd[0].endswith("bwrap") and "--unshare-net" in cmd
    ...  and cmd[-3:] == ["python", "-m", "ipykernel_launcher"])
    True
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from traitlets import Type

from embedlab.notebook.client import ReadyKernelClient
from embedlab_grader import warm_kernels

SANDBOX_HOME = "/home/student"
SANDBOX_UID_BASE = 61000  # uids SANDBOX_UID_BASE .. +9999 are used for sandboxes, one per kernel


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed kernel (setrlimit, through util-linux ``prlimit``)."""

    address_space: int = 6 << 30  # bytes of virtual memory per process (torch reserves a lot)
    processes: int = 256  # processes + threads of the sandbox user
    cpu_seconds: int = 900  # CPU time per process
    file_size: int = 256 << 20  # largest file it may write
    tmp_size: int = 256 << 20  # size of its /tmp and /dev/shm (tmpfs)

    def prlimit(self) -> list[str]:
        return [_tool("prlimit"), f"--as={self.address_space}", f"--nproc={self.processes}",
                f"--cpu={self.cpu_seconds}", f"--fsize={self.file_size}", "--core=0", "--"]


class SandboxUnavailable(RuntimeError):
    """No working bubblewrap here: the grader refuses unless told to run without a sandbox."""


def _tool(name: str) -> str:
    return shutil.which(name) or f"/usr/bin/{name}"


def _ancestors(path: str) -> list[str]:
    parts = Path(path).parts[1:-1]
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


def readonly_paths() -> list[str]:
    """What the kernel needs to start Python and import the course's packages, all read-only."""
    import embedlab

    paths = {"/usr", "/etc/ld.so.cache", "/etc/ssl", "/etc/ca-certificates", "/etc/alternatives",
             "/etc/localtime", "/etc/fonts", sys.prefix, sys.base_prefix, sys.exec_prefix,
             str(Path(embedlab.__file__).resolve().parent.parent)}
    for exe in (sys.executable, os.path.realpath(sys.executable)):
        paths.add(str(Path(exe).parent.parent))
    for lib in ("/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin"):
        if os.path.islink(lib):
            continue  # merged /usr: made as symlinks below
        paths.add(lib)
    existing = sorted(p for p in paths if os.path.exists(p))
    # drop paths already inside another one
    return [p for p in existing if not any(p != q and p.startswith(q.rstrip("/") + "/") for q in existing)]


def bwrap_command(kernel_cmd: list[str], *, work: str, ipc_dir: str, lesson: str, uid: int,
                  limits: Limits) -> list[str]:
    """The command that runs ``kernel_cmd`` in the sandbox (``work`` becomes /home/student)."""
    as_root = os.geteuid() == 0
    ro = readonly_paths()
    cmd = [_tool("bwrap"), "--die-with-parent", "--unshare-ipc", "--unshare-pid", "--unshare-net",
           "--unshare-uts", "--unshare-cgroup-try", "--hostname", "grading"]
    if not as_root:
        cmd += ["--unshare-user", "--uid", str(uid), "--gid", str(uid)]
    cmd += ["--proc", "/proc", "--dev", "/dev",
            "--size", str(limits.tmp_size), "--perms", "1777", "--tmpfs", "/tmp",
            "--size", str(limits.tmp_size), "--perms", "1777", "--tmpfs", "/dev/shm"]
    made: set[str] = set()
    for target in [*ro, ipc_dir, SANDBOX_HOME + "/x"]:
        for parent in _ancestors(target):
            if parent not in made and parent not in ro and parent not in ("/tmp", "/dev"):
                made.add(parent)
                cmd += ["--perms", "0755", "--dir", parent]
    for lib in ("/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin"):
        if os.path.islink(lib):
            cmd += ["--symlink", os.readlink(lib), lib]
    for path in ro:
        cmd += ["--ro-bind", path, path]
    cmd += ["--bind", work, SANDBOX_HOME, "--bind", ipc_dir, ipc_dir,
            "--chdir", f"{SANDBOX_HOME}/{lesson}", "--"]
    if as_root:
        cmd += [_tool("setpriv"), f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
                "--inh-caps=-all", "--no-new-privs", "--"]
    return cmd + limits.prlimit() + list(kernel_cmd)


@lru_cache(maxsize=1)
def probe() -> str:
    """``""`` when bwrap can run a process in a sandbox here, else why not (cached per process)."""
    if not shutil.which("bwrap"):
        return "bubblewrap (bwrap) is not installed: apt-get install bubblewrap"
    for tool in ("prlimit",) + (("setpriv",) if os.geteuid() == 0 else ()):
        if not shutil.which(tool):
            return f"util-linux's {tool} is missing"
    base = tempfile.mkdtemp(prefix="embedlab-probe-")
    try:
        work, ipc = os.path.join(base, "home"), os.path.join(base, "ipc")
        os.makedirs(os.path.join(work, "probe"))
        os.makedirs(ipc)
        if os.geteuid() == 0:
            for p in (work, os.path.join(work, "probe"), ipc):
                os.chown(p, SANDBOX_UID_BASE, SANDBOX_UID_BASE)
        os.chmod(base, 0o755)
        cmd = bwrap_command([sys.executable, "-c", "import os; print(os.getuid())"], work=work, ipc_dir=ipc,
                            lesson="probe", uid=SANDBOX_UID_BASE, limits=Limits())
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            return f"bwrap cannot start a sandbox here: {done.stderr.strip()[:300]}"
        return ""
    except (OSError, subprocess.SubprocessError) as exc:
        return f"bwrap cannot start a sandbox here: {exc}"
    finally:
        shutil.rmtree(base, ignore_errors=True)


def describe(limits: Limits) -> str:
    """One line for the report: how submissions were run."""
    template = warm_kernels.TEMPLATE
    if template is None:
        kernels = ""
    elif template.ready():
        kernels = "; kernels forked from a warm template (own user, mount, PID and IPC namespaces each)"
    else:
        kernels = f"; cold kernels (no warm template: {template.why})"
    return (f"bubblewrap sandbox: private copy of the submission, read-only Python, no network, "
            f"own PID namespace, unprivileged uid, limits: {limits.address_space >> 30} GB address space, "
            f"{limits.processes} processes, {limits.cpu_seconds} s CPU, {limits.tmp_size >> 20} MB /tmp"
            + kernels)


def _chown_tree(path: str, uid: int) -> None:
    os.chown(path, uid, uid)
    for folder, dirs, files in os.walk(path):
        for name in dirs + files:
            os.lchown(os.path.join(folder, name), uid, uid)


def _cache_home() -> str:
    return os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")


def _seed_home(home: str) -> None:
    """Copy the grader's caches into the sandbox home, where the kernel looks for them.

    Building them costs seconds per submission: matplotlib's font list, and the parsed Wikipedia
    articles of :func:`embedlab.data.load_wiki_corpus` (lessons 06 and 07; see :func:`warm_caches`).
    The kernel reads a copy of its own: what it writes there reaches no other submission.
    """
    import glob

    mpl = os.environ.get("MPLCONFIGDIR") or os.path.join(_cache_home(), "matplotlib")
    wiki = os.environ.get("EMBEDLAB_CACHE") or os.path.join(_cache_home(), "embedlab")
    for pattern, dest in ((os.path.join(mpl, "fontlist-*.json"), os.path.join(home, ".cache", "matplotlib")),
                          (os.path.join(wiki, "enwiki-*.txt"), os.path.join(home, ".cache", "embedlab"))):
        for src in glob.glob(pattern):
            os.makedirs(dest, exist_ok=True)
            shutil.copy(src, dest)


def warm_caches() -> None:
    """Make sure the caches that :func:`_seed_home` copies exist (the grader runs this once per class).

    The Wikipedia parse is the grader's own: gensim on the course's installed data, written to
    the grader's cache folder, which no kernel can reach.
    """
    from embedlab.data import load_wiki_corpus

    load_wiki_corpus()


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel runs in a bubblewrap sandbox (see the module docstring).

    ``start_kernel(cwd=FOLDER)`` copies FOLDER (the submission) into the sandbox; nothing is
    copied back. The sandbox folder is removed when the kernel's resources are cleaned up.
    """

    limits = Limits()
    # ready as soon as the kernel is: no 0.2 s wait for iopub to fall silent (embedlab.notebook.client)
    client_factory = Type(default_value=ReadyKernelClient, klass=AsyncKernelClient)

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        self._start_kw = dict(kw)
        source = Path(kw.get("cwd") or os.getcwd()).resolve()
        self._lesson = lesson = source.name
        template = None if getattr(self, "_cold", False) else warm_kernels.TEMPLATE
        self._template = template if template is not None and template.ready() else None
        if self._template is not None:  # a warm kernel: one private job in each of the template's folders
            self._job, home, ipc = self._template.new_job(lesson, source)
            self._sandbox_dir, self._sandbox_uid = None, self._template.uid
        else:
            self._sandbox_dir = tempfile.mkdtemp(prefix="embedlab-sandbox-")
            os.chmod(self._sandbox_dir, 0o755)
            home, ipc = os.path.join(self._sandbox_dir, "home"), os.path.join(self._sandbox_dir, "ipc")
            shutil.copytree(source, os.path.join(home, lesson), symlinks=True)
            _seed_home(home)
            os.makedirs(ipc)
            self._sandbox_uid = SANDBOX_UID_BASE + os.getpid() % 10000
            if os.geteuid() == 0:
                _chown_tree(home, self._sandbox_uid)
                os.chown(ipc, self._sandbox_uid, self._sandbox_uid)
        self.transport = "ipc"
        self.ip = os.path.join(ipc, "kernel")
        self.cache_ports = False
        self.connection_file = os.path.join(ipc, "kernel.json")
        kernel_cmd, kw = await super()._async_pre_start_kernel(**kw)
        if os.geteuid() == 0:
            os.chown(self.connection_file, self._sandbox_uid, self._sandbox_uid)
        # ipykernel's parent watchdog cannot see the grader from inside the PID namespace (it would
        # stop the kernel at once); bwrap --die-with-parent does that job instead.
        kernel_cmd = [*kernel_cmd, "--IPKernelApp.parent_handle=0"]
        kw["env"] = sandbox_env(kw.get("env") or os.environ, f"{SANDBOX_HOME}")
        if self._template is not None:
            return kernel_cmd, kw
        kernel_cmd = bwrap_command(kernel_cmd, work=home, ipc_dir=ipc, lesson=lesson, uid=self._sandbox_uid,
                                   limits=self.limits)
        kw["cwd"] = self._sandbox_dir
        kw["stdout"] = subprocess.DEVNULL  # only ipykernel's connection banner is printed there
        return kernel_cmd, kw

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        if self._template is None:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        assert self.provisioner is not None
        args = kernel_cmd[kernel_cmd.index("ipykernel_launcher") + 1:]  # python -m ipykernel_launcher ARGS
        try:
            process = self._template.launch(self._job, self._lesson, args, kw["env"])
        except warm_kernels.TemplateUnavailable as exc:  # this submission gets a cold kernel instead
            self.log.warning("grading sandbox: %s; starting a cold kernel", exc)
            self._template.drop_job(self._job)
            self._template, self._cold = None, True
            kernel_cmd, kw = await self._async_pre_start_kernel(**self._start_kw)
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        provisioner: Any = self.provisioner
        provisioner.process, provisioner.pid, provisioner.pgid = process, process.pid, None
        self._reconcile_connection_info(provisioner.connection_info)

    async def _async_wait(self, pollinterval: float = 0.01) -> None:
        """Wait for the stopped kernel to be gone, looking every 10 ms (jupyter_client: 100 ms).

        A killed kernel is gone within a few milliseconds, but jupyter_client's first look comes too
        soon, so every stop waited a whole 0.1 s: once per submission.
        """
        await super()._async_wait(pollinterval=pollinterval)

    def kernel_pid(self) -> int | None:
        """The host pid of the kernel process itself (bwrap's child inside the sandbox), or None.

        jupyter_client only knows the pid it launched: bwrap's, outside the sandbox.
        """
        process = getattr(self.provisioner, "process", None)
        if isinstance(process, warm_kernels.WarmProcess):
            return process.kernel
        return None if process is None else find_kernel_pid(process.pid)

    def stop_leftovers(self, max_tasks: int) -> int:
        """Kill every process the kernel started if, together, they hold more than ``max_tasks`` tasks.

        The process limit counts the kernel's own threads too: processes a cell left running
        (``sleep`` x 2000, a fork bomb) would otherwise starve the kernel, which then cannot start
        the threads it needs to talk to the grader. Returns how many processes were killed (0:
        under the threshold, or no kernel).
        """
        pid = self.kernel_pid() if self.has_kernel else None
        if pid is None:
            return 0
        below = _descendants(pid)
        if sum(_tasks(p) for p in below) <= max_tasks:
            return 0
        for victim in below:
            try:
                os.kill(victim, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return len(below)

    def tmp_used(self) -> tuple[int, int]:
        """(bytes used, bytes in all) of the sandbox's private /tmp, or (0, 0) without a kernel."""
        pid = self.kernel_pid() if self.has_kernel else None
        try:
            st = os.statvfs(f"/proc/{pid}/root/tmp") if pid else None
        except OSError:
            st = None
        if st is None:
            return 0, 0
        return (st.f_blocks - st.f_bfree) * st.f_frsize, st.f_blocks * st.f_frsize

    async def _async_interrupt_kernel(self) -> None:
        """SIGINT to the kernel itself (jupyter_client would signal bwrap, which never forwards it)."""
        pid = self.kernel_pid() if self.has_kernel else None
        if pid is None:
            return await super()._async_interrupt_kernel()
        try:
            os.kill(pid, signal.SIGINT)
        except ProcessLookupError:
            pass  # it ended meanwhile

    interrupt_kernel = _async_interrupt_kernel  # AsyncKernelManager's public methods are the coroutines

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart)
        if not restart and getattr(self, "_sandbox_dir", None):
            shutil.rmtree(self._sandbox_dir, ignore_errors=True)
            self._sandbox_dir = None
        if not restart and getattr(self, "_template", None) is not None:
            self._template.drop_job(self._job)
            self._template = None

    cleanup_resources = _async_cleanup_resources


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])  # the command name may hold spaces and ')'
        kids.setdefault(ppid, []).append(int(name))
    return kids


def _descendants(pid: int) -> list[int]:
    """Every process under ``pid``, read from its threads' ``children`` files (no scan of all /proc).

    The grader calls this after each cell; where the kernel has no such files, /proc is scanned.
    """
    if not os.path.exists(f"/proc/{pid}/task/{pid}/children"):
        kids = _children()
        below, level = [], list(kids.get(pid, []))
        while level:
            below += level
            level = [k for p in level for k in kids.get(p, [])]
        return below
    below, level = [], [pid]
    while level:
        found = []
        for parent in level:
            try:
                tasks = os.listdir(f"/proc/{parent}/task")
            except OSError:
                continue
            for task in tasks:
                try:
                    children = Path(f"/proc/{parent}/task/{task}/children").read_text()
                    found += [int(k) for k in children.split()]
                except OSError:
                    continue
        below += found
        level = found
    return below


def _tasks(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except OSError:
        return 0


def find_kernel_pid(bwrap_pid: int) -> int | None:
    """The first process under ``bwrap_pid`` (breadth first) that runs ``ipykernel_launcher`` (not bwrap)."""
    kids = _children()
    level = kids.get(bwrap_pid, [])
    while level:
        for pid in sorted(level):
            try:
                argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            # bwrap's own command line holds the kernel's too
            if b"ipykernel_launcher" in argv and not argv[0].endswith(b"bwrap"):
                return pid
        level = [k for pid in level for k in kids.get(pid, [])]
    return None


_PASS_ENV = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "PYTHONHASHSEED", "LANG", "LC_ALL", "TZ", "MPLBACKEND",
             "JPY_SESSION_NAME", "PYDEVD_DISABLE_FILE_VALIDATION")


def sandbox_env(env: Any, home: str) -> dict[str, str]:
    """The kernel's environment: only what Python and the lessons need; nothing of the grader's."""
    out = {k: env[k] for k in _PASS_ENV if k in env}
    out.update(HOME=home, USER="student", LOGNAME="student", TMPDIR="/tmp",
               PATH=os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]))
    return out
