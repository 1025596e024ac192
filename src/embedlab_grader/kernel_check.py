"""Before a class is graded: can a sandboxed kernel import what grading needs? (instructor tooling)

The judge talks to each learner's kernel through :mod:`embedlab.kernel_side`. A kernel that
cannot import it (the course package installed in another environment than the kernel's Python,
or in a folder the sandbox does not show) would fail every test of every student: a class of
zeros. :func:`problem` starts the Python of each lesson's kernel once, in the same sandbox as a
graded kernel, and returns one line that says what to fix; :func:`embedlab_grader.cli.grade`
refuses to grade anyone until it is empty.

Example:
    >>> problem_with(sys.executable, sandboxed=False)
    ''
    >>> "cannot import" in problem_with(sys.executable, sandboxed=False, modules=("no_such_module_x",))
    True
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

MODULES = ("ipykernel", "torch", "embedlab.kernel_side", "embedlab.crossing", "embedlab.plain")


class KernelEnvironmentError(RuntimeError):
    """The grading kernel cannot import the course package: nobody is graded until it is fixed."""


def kernel_python(name: str | None) -> str:
    """The Python a kernel spec named ``name`` starts (as jupyter_client resolves ``python``)."""
    if not name:
        return sys.executable
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        argv = KernelSpecManager().get_kernel_spec(name).argv
    except NoSuchKernel:
        return sys.executable
    plain = {"python", f"python{sys.version_info[0]}", "python%d.%d" % sys.version_info[:2]}
    return sys.executable if not argv or argv[0] in plain else argv[0]


def problem_with(python: str, *, sandboxed: bool = True, modules: tuple[str, ...] = MODULES) -> str:
    """``""`` when ``python`` imports ``modules`` (inside the grading sandbox), else one line: what to fix."""
    code = "import " + ", ".join(modules)
    cmd = [python, "-c", code]
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="embedlab-kernel-check-") as folder:
        if sandboxed:
            from embedlab_grader import sandbox

            home, ipc = Path(folder, "home"), Path(folder, "ipc")
            (home / "check").mkdir(parents=True)
            ipc.mkdir()
            os.chmod(folder, 0o755)
            uid = sandbox.SANDBOX_UID_BASE + os.getpid() % 10000
            if os.geteuid() == 0:
                sandbox._chown_tree(str(home), uid)
            cmd = sandbox.bwrap_command(cmd, work=str(home), ipc_dir=str(ipc), lesson="check", uid=uid,
                                        limits=sandbox.SandboxedKernelManager.limits)
            env = sandbox.sandbox_env(os.environ, sandbox.SANDBOX_HOME)
        try:
            run = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env, cwd=folder)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"the grading kernel's Python {python} could not start ({exc}): fix it, then grade again"
    if run.returncode == 0:
        return ""
    last = next((line for line in reversed(run.stderr.strip().splitlines()) if line.strip()), "no message")
    return (f"the grading kernel ({python}) cannot import what grading needs ({last.strip()[:200]}): "
            f"install the course into that Python (`{python} -m pip install -e .` in the course "
            "repository) or point the lessons' kernel at the Python that has it, then grade again")


def problem(kernels: set[str | None], *, sandboxed: bool = True) -> str:
    """The first problem of the kernels (kernel spec names) the lessons use, or ``""``."""
    pythons = {sys.executable} | {kernel_python(name) for name in kernels}
    for python in sorted(pythons):
        why = problem_with(python, sandboxed=sandboxed)
        if why:
            return why
    return ""
