"""One fresh process per submission, forked from a server that imported nbgrader once (instructor tooling).

Each submission gets its own process running nbgrader's own command-line app with the same
arguments, so one submission cannot disturb another. Those processes are forked from a
small server process per worker that has imported nbgrader once: starting Python and importing
nbgrader cost about 2.5 s per submission here, a third of grading a short lesson.
The server is ``python -m embedlab_grader --serve``; :mod:`embedlab_grader.cli` drives it.
With ``EMBEDLAB_WARM_KERNELS=1`` (:func:`grading_env`) the server also keeps its worker's kernel
template (:mod:`embedlab_grader.warm_kernels`), which each grading process inherits.

Example (nbgrader --version, forked from the server):
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> server = ForkServer()
    >>> server.run(folder, ["--version"], grading_env(), folder / "v.log")
    0
    >>> "nbgrader version" in (folder / "v.log").read_text()
    True
    >>> server.close()
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

WARM_KERNELS = "EMBEDLAB_WARM_KERNELS"  # "1": the server forks sandboxed kernels from a warm template


def _nbgrader_in_child(root: str, args: list[str], env: dict[str, str], log_path: str) -> None:
    """Body of one grading process: ``nbgrader ARGS`` run in ``root``, all output into ``log_path``.

    Runs in a process forked from a :class:`ForkServer`, where nbgrader is already imported;
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


class ForkServer:
    """A ``python -m embedlab_grader --serve`` process that has imported nbgrader once.

    For each job it forks a child that runs :func:`_nbgrader_in_child` and answers with the
    child's exit status, so every submission still gets a fresh process of its own. One
    server per worker thread; a server that dies is replaced on the next job.
    """

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None

    def run(self, root: Path, args: list[str], env: dict[str, str], log_path: Path) -> int:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen([sys.executable, "-m", "embedlab_grader", "--serve"], env=env,
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
                log.write(f"\nembedlab_grader: the grading server stopped ({exc!r})\n")
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


def _compile_notebook_schemas() -> None:
    """nbformat compiles its JSON schema on first use: once here, not once per grading process."""
    import nbformat

    for minor in range(nbformat.current_nbformat_minor + 1):
        nb = nbformat.v4.new_notebook()
        nb.nbformat_minor = minor
        try:
            nbformat.validate(nb)
        except nbformat.ValidationError:
            pass  # a minor version whose schema the new notebook does not match: compiled all the same


def _import_lessons(root: Path) -> None:
    """Run the lessons' own import statements once, here: every grading process's judge
    (:func:`embedlab_grader.judge.lesson_imports`) then finds torch, matplotlib, gensim and the
    course's modules imported (about half a second of every submission otherwise)."""
    import nbformat

    from embedlab.notebook.cells import is_answer_cell, is_test_cell
    from embedlab_grader import course_layout, judge

    for path in sorted(Path(root, course_layout.folders(root).source).glob("*/*.ipynb")):
        cells = nbformat.read(path, as_version=4).cells
        judge.lesson_imports(c for c in cells if not is_answer_cell(c) and not is_test_cell(c))


def serve() -> None:
    """The fork server's loop: one JSON job per line on stdin, one exit status per line out."""
    import nbgrader.apps.nbgraderapp  # noqa: F401 - imported once here, inherited by every child

    import embedlab_grader.preprocessors  # noqa: F401
    from embedlab_grader import warm_kernels

    _compile_notebook_schemas()

    from embedlab_grader.skip_demo_cells import prepare_course_cells

    warm = os.environ.get(WARM_KERNELS) == "1"
    parsed: set[str] = set()
    try:
        for line in sys.stdin:
            job = json.loads(line)
            if job["root"] not in parsed:  # the lessons' cells, analysed once for every grading process
                parsed.add(job["root"])
                for warm_up in (prepare_course_cells, _import_lessons):
                    try:
                        warm_up(Path(job["root"]))
                    except Exception:  # noqa: BLE001 - a warm-up: grading reads the course itself, and says
                        pass
            if warm:  # this worker's kernel template (a new one if the last has stopped)
                template = warm_kernels.TEMPLATE
                if template is None or not template.alive():
                    if template is not None:
                        template.close()
                    warm_kernels.TEMPLATE = template = warm_kernels.KernelTemplate()
                template.ready()  # read its first answer here, so that every grading process knows it
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                _nbgrader_in_child(job["root"], job["args"], job["env"], job["log"])
            _, status = os.waitpid(pid, 0)
            print(json.dumps({"exitcode": os.waitstatus_to_exitcode(status)}), flush=True)
    finally:
        if warm_kernels.TEMPLATE is not None:
            warm_kernels.TEMPLATE.close()


def grading_env(warm_kernels: bool = False) -> dict[str, str]:
    """The environment of a fork server and its grading processes.

    ``warm_kernels``: the server keeps a kernel template (:mod:`embedlab_grader.warm_kernels`).
    """
    # nbgrader shells out to `alembic`: the interpreter's bin/ must come first on PATH.
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"),
               PYTHONHASHSEED=os.environ.get("PYTHONHASHSEED", "0"),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    env.pop(WARM_KERNELS, None)
    if warm_kernels:
        env[WARM_KERNELS] = "1"
    return env
