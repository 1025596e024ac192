"""The one-click cloud labs: the devcontainer (Codespaces, VS Code) and Binder (repo2docker).

Neither service can be reached from the test machine, so this checks what can be checked here:
the files parse, they name the versions pyproject.toml and the lock pin, every command they run
exists, and Binder's start script really turns a Jupyter server into the learner's lab (run here
with a stand-in for the server).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from embedlab.lab import DISABLED_LAB, lab_arguments
from tests.support.lessons import ROOT, lessons
from tests.test_readme import makefile_targets

DEVCONTAINER = ROOT / ".devcontainer" / "devcontainer.json"
BINDER = ROOT / "binder"
KERNEL = "embeddings-in-pytorch"
LOCK = "constraints.txt"


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _torch_pin() -> str:
    (pin,) = [r.split("==", 1)[1] for r in _project()["dependencies"] if r.startswith("torch==")]
    return pin


def _supported(version: str) -> bool:
    makefile = (ROOT / "Makefile").read_text()
    low, high = map(int, re.search(r"\(3, (\d+)\) <= v <= \(3, (\d+)\)", makefile).groups())
    minor = Version(version).minor
    return Version(version) in SpecifierSet(_project()["requires-python"]) and low <= minor <= high


def _devcontainer() -> dict:
    return json.loads(DEVCONTAINER.read_text())  # plain JSON: no comments, so any tool reads it


def _binder_python() -> str:
    text = (BINDER / "runtime.txt").read_text().strip()
    m = re.fullmatch(r"python-(3\.\d+)", text)
    assert m, f"binder/runtime.txt should say python-3.X, not {text!r}"
    return m.group(1)


# ----------------------------------------------------------------------------- devcontainer

def test_devcontainer_is_a_two_core_machine_on_a_supported_python() -> None:
    config = _devcontainer()
    assert config["hostRequirements"]["cpus"] == 2, "the course is built for a 2-core machine"
    m = re.search(r"python:\d+-(3\.\d+)-", config["image"])
    assert m, f"the devcontainer image should name its Python: {config['image']}"
    assert _supported(m.group(1)), f"Python {m.group(1)} is not one the Makefile and pyproject.toml accept"
    assert m.group(1) == _binder_python(), "the devcontainer and Binder should run the same Python"
    assert config["containerEnv"] == {"OMP_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}


def test_devcontainer_installs_with_make_and_opens_the_learners_lab_on_8888() -> None:
    config = _devcontainer()
    create = shlex.split(config["postCreateCommand"])
    assert create[0] == "make", "the devcontainer should install the way `make lab` does"
    targets = makefile_targets((ROOT / "Makefile").read_text())
    named = [a for a in create[1:] if "=" not in a]
    assert named and all(a in targets for a in named), (
        f"postCreateCommand names make targets the Makefile lacks: {create}")
    assert ".venv/.installed-lab" in named
    image_python = re.search(r"-(3\.\d+)-", config["image"]).group(1)
    assert f"PYTHON=python{image_python}" in create, "make should use the image's Python"

    start = shlex.split(config["postAttachCommand"])
    assert start[:4] == [".venv/bin/python", "-m", "embedlab.lab", "learner"], start
    assert "--port=8888" in start and "--no-browser" in start
    assert 8888 in config["forwardPorts"] and "8888" in config["portsAttributes"]


# ----------------------------------------------------------------------------- Binder

def test_binder_installs_the_pinned_cpu_torch_and_the_course_under_the_lock() -> None:
    post = (BINDER / "postBuild").read_text()
    subprocess.run(["bash", "-n", str(BINDER / "postBuild")], check=True)
    assert os.access(BINDER / "postBuild", os.X_OK), "repo2docker runs postBuild only when it is executable"
    assert _supported(_binder_python())
    assert f"--no-deps torch=={_torch_pin()} --index-url https://download.pytorch.org/whl/cpu" in post
    assert f"-c {LOCK} -e ." in post and (ROOT / LOCK).is_file()
    assert f"--name {KERNEL} " in post and (ROOT / "share/jupyter/kernels" / KERNEL / "kernel.json").is_file()
    for lesson in lessons():  # the notebooks ask for the course kernel that postBuild makes sure of
        kernelspec = json.loads(lesson.student_path.read_text())["metadata"]["kernelspec"]
        assert kernelspec["name"] == KERNEL, lesson.slug


def test_binder_start_makes_the_server_the_learners_lab(tmp_path: Path) -> None:
    """binder/start runs before the server Binder starts: run it with a stand-in that prints the
    command line and environment it receives."""
    start = BINDER / "start"
    assert os.access(start, os.X_OK), "repo2docker runs start only when it is executable"
    (tmp_path / "notebooks").mkdir()
    show = "import json, os, sys; print(json.dumps([sys.argv[1:], dict(os.environ)]))"
    env = dict(os.environ, REPO_DIR=str(tmp_path),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    out = subprocess.run([str(start), sys.executable, "-c", show, "jupyter-args"], env=env, cwd=tmp_path,
                         capture_output=True, text=True, check=True).stdout
    argv, seen = json.loads(out)
    state = tmp_path / ".jupyter-lab" / "learner"
    assert argv == ["jupyter-args", *lab_arguments("learner", tmp_path, state)]
    assert f"--ServerApp.root_dir={tmp_path / 'notebooks'}" in argv
    assert seen["JUPYTER_CONFIG_DIR"] == str(state / "config")
    assert seen["OMP_NUM_THREADS"] == "1" and seen["PYTHONHASHSEED"] == "0"
    page = json.loads((state / "config" / "labconfig" / "page_config.json").read_text())
    assert set(page["disabledExtensions"]) == set(DISABLED_LAB["learner"])


def test_readme_badges_open_lesson_01_in_the_learners_lab() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "https://codespaces.new/" in readme, "the README should have an Open in Codespaces badge"
    m = re.search(r"https://mybinder\.org/v2/gh/[^)\s]+\?urlpath=lab/tree/([^)\s]+)", readme)
    assert m, "the README should have a Binder badge that opens a lesson"
    # the learner's lab is rooted at notebooks/, so the path is relative to it
    assert (ROOT / "notebooks" / m.group(1)).is_file(), (
        f"Binder's urlpath names no student notebook: {m.group(1)}")
