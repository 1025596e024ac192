"""``check()``: check my work from a notebook cell, in another process, and show the report there.

Used at the end of every lesson: ``from embedlab.checkwork import check; check()``. The check runs
``python -m embedlab.checkwork --json`` on the notebook as last saved, so the learner's kernel never
holds a hidden test.

Example (outside a notebook, with no notebook in the current folder, it asks which one):
    >>> import os, tempfile
    >>> here = os.getcwd()
    >>> os.chdir(tempfile.mkdtemp())
    >>> check()
    Traceback (most recent call last):
    ...
    ValueError: cannot tell which notebook this is: call check('01') or check(notebook='path.ipynb')
    >>> os.chdir(here)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from embedlab.checkwork.report import Report
from embedlab.checkwork.run import RUNNING

__all__ = ["check"]


def _this_notebook() -> Path | None:
    """The notebook the calling kernel belongs to (JupyterLab tells its kernels), else the only one here."""
    try:
        from IPython import get_ipython
        ip = get_ipython()
        session = ip.user_ns.get("__session__") if ip is not None else None
    except ImportError:
        session = None
    session = session or os.environ.get("JPY_SESSION_NAME")
    if session and Path(session).is_file():
        return Path(session).resolve()
    here = sorted(p for p in Path.cwd().glob("*.ipynb"))
    return here[0].resolve() if len(here) == 1 else None


def _run_check(cmd: list[str], cwd: Path | None) -> tuple[str, str, int]:
    """Run the checking process; if this cell is interrupted, stop it with SIGTERM so that it cleans up
    (subprocess.run would SIGKILL it, leaving its kernel and temporary folder behind)."""
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
    try:
        stdout, stderr = process.communicate()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
        raise
    return stdout, stderr, process.returncode


def check(lesson: str | None = None, notebook: str | Path | None = None) -> None:
    """From a notebook cell: check this notebook (as last saved) in another process and show the report.

    Returns nothing, so that a cell ending in ``check()`` shows only the report.
    """
    if os.environ.get(RUNNING):
        print("(check() does nothing here: check my work is running this notebook)")
        return
    notebook = notebook or _this_notebook()
    if notebook is None and lesson is None:
        raise ValueError("cannot tell which notebook this is: "
                         "call check('01') or check(notebook='path.ipynb')")
    cmd = [sys.executable, "-m", "embedlab.checkwork", "--json", lesson or Path(notebook).parent.name]
    if notebook:
        cmd.append(str(notebook))
    print("Checking your saved notebook against the hidden tests (about as long as Run All) ...", flush=True)
    stdout, stderr, returncode = _run_check(cmd, Path(notebook).parent if notebook else None)
    if returncode != 0:
        raise ValueError(stderr.strip() or f"the check failed with exit code {returncode}")
    data = json.loads(stdout.strip().splitlines()[-1])
    try:
        from IPython.display import display
    except ImportError:
        display = None
    if "class" in data:
        print(data["class"])
        return
    report = Report.from_json(json.dumps(data))
    if display is not None:
        display({"text/html": report.html(), "text/plain": report.text()}, raw=True)
    else:
        print(report.text())
