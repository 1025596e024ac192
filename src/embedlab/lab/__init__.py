"""JupyterLab for each kind of user: the learner's lab and the instructor's lab.

Used by every lesson through ``make lab`` (``python -m embedlab.lab learner``) and by instructors
through ``make instructor`` (``python -m embedlab.lab instructor``).

- **learner**: rooted at ``notebooks/``. nbgrader's Validate button stays; its instructor tools
  (Formgrader, Create Assignment) and its exchange tools (Assignment List, Course List, which need
  an nbgrader exchange that a self-paced learner does not have) are switched off, in the browser
  and on the server.
- **instructor**: rooted at the repository (the nbgrader course directory), so Formgrader's
  Edit/Preview links to ``solutions/...`` resolve and the gradebook is the course's
  ``gradebook.db``. Formgrader, Create Assignment and Validate are on; the student-side
  Assignment List and Course List are off.

Both switch off JupyterLab's news pop-up and update check. Everything is written under a
git-ignored folder of the repository (``.jupyter-lab/<role>/``): Jupyter's config, data and
runtime folders, IPython's and matplotlib's folders, workspaces and settings. Nothing goes to the
user's home.

Example:
    >>> import tempfile
    >>> state = Path(tempfile.mkdtemp())
    >>> env = write_config("learner", state)
    >>> page = json.loads((state / "config" / "labconfig" / "page_config.json").read_text())
    >>> page["disabledExtensions"]["@jupyter/nbgrader:formgrader"]
    True
    >>> "@jupyter/nbgrader:validate-assignment" in page["disabledExtensions"]
    False
    >>> env["JUPYTER_CONFIG_DIR"] == str(state / "config")
    True
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

__all__ = ["ROLES", "DISABLED_LAB", "DISABLED_SERVER", "root_dir", "write_config", "lab_arguments", "main"]

ROLES = ("learner", "instructor")

# JupyterLab plugin ids (from nbgrader's lab extension) switched off in each lab.
_NEWS = ["@jupyterlab/apputils-extension:announcements"]
_EXCHANGE_LAB = ["@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:course-list"]
_INSTRUCTOR_LAB = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                   # the "Nbgrader" menu only opens the panels above
                   "@jupyter/nbgrader:menu"]
DISABLED_LAB: dict[str, list[str]] = {
    "learner": _NEWS + _EXCHANGE_LAB + _INSTRUCTOR_LAB,
    "instructor": _NEWS + _EXCHANGE_LAB,
}
# Jupyter server extensions switched off in each lab (their handlers answer nothing then).
_EXCHANGE_SERVER = ["nbgrader.server_extensions.assignment_list", "nbgrader.server_extensions.course_list"]
DISABLED_SERVER: dict[str, list[str]] = {
    "learner": _EXCHANGE_SERVER + ["nbgrader.server_extensions.formgrader"],
    "instructor": _EXCHANGE_SERVER,
}

_NBGRADER_CONFIG = {
    "learner": '''"""nbgrader settings for the learner's lab (written by `make lab`; Validate reads it)."""
c = get_config()  # noqa: F821
''',
    "instructor": '''"""nbgrader settings for the instructor's lab (written by `make instructor`).

The course's own settings are in nbgrader_config.py at the repository root, read first.
Formgrader's Release/Collect buttons use an nbgrader exchange; this course hands lessons out with
`make student-release` and collects zips with `nbgrader zip_collect`, so the exchange is a
folder of this lab only, which keeps Formgrader from warning that it is missing.
"""
c = get_config()  # noqa: F821
c.Exchange.root = {exchange!r}
''',
}


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")


def root_dir(role: str, repo: Path) -> Path:
    """What the lab's file browser shows: ``notebooks/`` for a learner, the repository for an instructor."""
    _check_role(role)
    return repo / "notebooks" if role == "learner" else repo


def write_config(role: str, state: Path) -> dict[str, str]:
    """Write the lab's Jupyter configuration under ``state``; return the environment to start it with.

    Writes ``config/labconfig/page_config.json`` (disabled JupyterLab plugins),
    ``config/jupyter_server_config.json`` (disabled server extensions) and
    ``config/nbgrader_config.py``, and creates the data, runtime, IPython and matplotlib folders.
    """
    _check_role(role)
    state = state.resolve()
    dirs = {"JUPYTER_CONFIG_DIR": state / "config", "JUPYTER_DATA_DIR": state / "data",
            "JUPYTER_RUNTIME_DIR": state / "runtime", "IPYTHONDIR": state / "ipython",
            "MPLCONFIGDIR": state / "matplotlib"}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    config = dirs["JUPYTER_CONFIG_DIR"]
    (config / "labconfig").mkdir(exist_ok=True)
    (config / "labconfig" / "page_config.json").write_text(json.dumps(
        {"disabledExtensions": {name: True for name in DISABLED_LAB[role]}}, indent=1) + "\n")
    (config / "jupyter_server_config.json").write_text(json.dumps(
        {"ServerApp": {"jpserver_extensions": {name: False for name in DISABLED_SERVER[role]}}},
        indent=1) + "\n")
    exchange = state / "exchange"
    if role == "instructor":
        exchange.mkdir(exist_ok=True)
    (config / "nbgrader_config.py").write_text(_NBGRADER_CONFIG[role].format(exchange=str(exchange)))
    env = {k: str(v) for k, v in dirs.items()}
    # The course kernel and nbgrader's Validate inherit these (see the Makefile).
    env.update({"OMP_NUM_THREADS": "1", "PYTHONHASHSEED": "0"})
    return env


def lab_arguments(role: str, repo: Path, state: Path) -> list[str]:
    """``jupyter lab`` options for ``role`` (port, token and the like are added by the caller)."""
    _check_role(role)
    state = state.resolve()
    args = [
        f"--ServerApp.root_dir={root_dir(role, repo)}",
        "--LanguageServerManager.autodetect=False",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        # the course's extensions are pinned in pyproject.toml; no installing from PyPI inside the lab
        "--LabApp.extension_manager=readonly",
        f"--LabApp.workspaces_dir={state / 'workspaces'}",
        f"--LabApp.user_settings_dir={state / 'user-settings'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    return args


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m embedlab.lab",
        description="Open JupyterLab as a learner (notebooks/, Validate) or an instructor "
                    "(the course directory, Formgrader). Extra options go to `jupyter lab`.")
    parser.add_argument("role", choices=ROLES)
    parser.add_argument("--repo", type=Path, default=Path.cwd(), help="the course repository (default: here)")
    parser.add_argument("--state", type=Path, default=None,
                        help="where the lab's configuration goes (default: REPO/.jupyter-lab/ROLE)")
    args, extra = parser.parse_known_args(argv)
    repo = args.repo.resolve()
    if not (repo / "notebooks").is_dir():
        parser.error(f"{repo} has no notebooks/ folder: run this from the course repository (or pass --repo)")
    if args.role == "instructor" and not (repo / "nbgrader_config.py").is_file():
        parser.error(f"{repo} has no nbgrader_config.py: the instructor's lab needs the course repository "
                     "with solutions/, not a student release")
    state = args.state or repo / ".jupyter-lab" / args.role
    env = dict(os.environ)
    env.update(write_config(args.role, state))
    # `python -m jupyter`, not the `jupyter` script beside python (on Windows: Scripts\jupyter.exe)
    cmd = [sys.executable, "-m", "jupyter", "lab", *lab_arguments(args.role, repo, state), *extra]
    os.chdir(root_dir(args.role, repo))
    os.execve(cmd[0], cmd, env)
    return 0  # not reached
