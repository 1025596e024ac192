"""environment.yml (conda) declares the same requirements as pyproject.toml."""

from __future__ import annotations

import re
import tomllib

from tests.lessons import ROOT


def _pyproject_requirements() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        reqs += extra
    return {r.replace(" ", "") for r in reqs}


def _conda_pip_requirements() -> tuple[set[str], list[str]]:
    """The pip: list of environment.yml, and its conda dependencies (read without a YAML library)."""
    pip_reqs: set[str] = set()
    conda: list[str] = []
    in_pip = False
    for raw in (ROOT / "environment.yml").read_text().splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        m = re.match(r"^(\s*)-\s+(.*)$", line)
        if re.match(r"^\s*-\s+pip:\s*$", line):
            in_pip = True
            continue
        if m and in_pip and len(m.group(1)) >= 6:
            pip_reqs.add(m.group(2).replace(" ", ""))
        elif m:
            in_pip = False
            conda.append(m.group(2).strip())
    return pip_reqs, conda


def test_same_requirements_in_both_files() -> None:
    pip_reqs, _ = _conda_pip_requirements()
    pip_reqs.discard("-e.")
    py = _pyproject_requirements()
    assert pip_reqs == py, (
        "environment.yml and pyproject.toml disagree; update environment.yml's pip list.\n"
        f"only in pyproject.toml: {sorted(py - pip_reqs)}\nonly in environment.yml: {sorted(pip_reqs - py)}"
    )


def test_environment_installs_the_package_and_python_311() -> None:
    pip_reqs, conda = _conda_pip_requirements()
    assert "-e." in pip_reqs, "environment.yml should install the course package itself (-e .)"
    assert "python=3.11" in conda


def test_torch_is_pinned_to_the_cpu_build_version() -> None:
    assert "torch==2.13.0" in _pyproject_requirements()
