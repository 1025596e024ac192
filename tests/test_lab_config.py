"""The learner's and the instructor's JupyterLab configuration (embedlab.lab: make lab, make instructor).

The browser tests (tests/test_browser.py) start both labs; these check the files without a browser.
"""

from __future__ import annotations

import doctest
import json
import os
from pathlib import Path

import pytest

from embedlab import lab

NBGRADER_PLUGINS = {"formgrader", "create-assignment", "course-list", "assignment-list",
                    "validate-assignment", "menu"}


def test_doctests_run() -> None:
    assert doctest.testmod(lab).failed == 0


def test_plugin_ids_exist_in_the_installed_nbgrader() -> None:
    """The ids switched off are the real ones of the installed nbgrader lab extension."""
    import sys
    static = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter" / "nbgrader" / "static"
    text = "".join(p.read_text(errors="replace") for p in static.glob("*.js"))
    for name in NBGRADER_PLUGINS:
        assert f'"@jupyter/nbgrader:{name}"' in text, (
            f"@jupyter/nbgrader:{name} is not a plugin of the installed nbgrader")


@pytest.mark.parametrize("role", lab.ROLES)
def test_config_files(role: str, tmp_path: Path) -> None:
    env = lab.write_config(role, tmp_path / "state")
    config = Path(env["JUPYTER_CONFIG_DIR"])
    disabled = json.loads((config / "labconfig" / "page_config.json").read_text())["disabledExtensions"]
    server_config = json.loads((config / "jupyter_server_config.json").read_text())
    server = server_config["ServerApp"]["jpserver_extensions"]
    off = {k.split(":")[1] for k in disabled if k.startswith("@jupyter/nbgrader:")}
    assert "@jupyterlab/apputils-extension:announcements" in disabled
    assert "validate-assignment" not in off and "nbgrader.server_extensions.validate_assignment" not in server
    assert {"assignment-list", "course-list"} <= off
    if role == "learner":
        assert {"formgrader", "create-assignment", "menu"} <= off
        assert server["nbgrader.server_extensions.formgrader"] is False
    else:
        assert not {"formgrader", "create-assignment", "menu"} & off
        assert "nbgrader.server_extensions.formgrader" not in server
        assert "c.Exchange.root" in (config / "nbgrader_config.py").read_text()
    # every folder Jupyter, IPython or matplotlib would write to is inside the state folder
    folders = ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR")
    for key in folders:
        assert Path(env[key]).is_relative_to(tmp_path / "state") and Path(env[key]).is_dir()
    args = lab.lab_arguments(role, tmp_path, tmp_path / "state")
    want_root = tmp_path / "notebooks" if role == "learner" else tmp_path
    assert f"--ServerApp.root_dir={want_root}" in args
    assert all(str(tmp_path / "state") in a for a in args if "_dir=" in a and "root_dir" not in a)


def test_bad_input_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="unknown role 'teacher'"):
        lab.write_config("teacher", tmp_path)
    (tmp_path / "notebooks").mkdir()
    with pytest.raises(SystemExit):
        lab.main(["instructor", "--repo", str(tmp_path)])
    assert "no nbgrader_config.py" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        lab.main(["learner", "--repo", str(tmp_path / "nowhere")])
    assert "has no notebooks/ folder" in capsys.readouterr().err
    assert os.getcwd() != str(tmp_path / "notebooks")


def test_the_lab_command_reaches_jupyter_lab(tmp_path: Path) -> None:
    """``python -m embedlab.lab`` replaces itself with JupyterLab through this Python (``-m jupyter``, so
    that no platform's script name matters); ``--version`` goes to ``jupyter lab`` and ends it at once."""
    import subprocess
    import sys

    (tmp_path / "notebooks").mkdir()
    done = subprocess.run([sys.executable, "-m", "embedlab.lab", "learner", "--repo", str(tmp_path),
                           "--state", str(tmp_path / "state"), "--version"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    from jupyterlab import __version__

    assert done.stdout.strip() == __version__, done.stdout
    assert (tmp_path / "state").is_dir(), "the lab's configuration was not written where --state says"
