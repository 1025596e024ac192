"""The install routes agree: environment.yml (conda), pyproject.toml, the lock and the Makefile.

pyproject.toml is the one list of requirements and constraints.txt (the lock, made by uv) holds
every package's version; environment.yml installs the package with its test extra under the lock,
takes torch from PyTorch's CPU index as the Makefile does on Linux, sets the two variables the
course kernel also sets, and allows the same Pythons as the Makefile. The lock agrees with every
pin of pyproject.toml, and the environment the tests run in is the locked one.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import tomllib
from typing import Any

import pytest
import yaml
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.support.lessons import ROOT

CPU_INDEX = "https://download.pytorch.org/whl/cpu"
LOCK = "constraints.txt"
# How a command line or the environment overrides Makefile variables (make passes its
# command-line variables to sub-makes through MAKEFLAGS).
MAKE_OVERRIDES = {"MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES", "MAKELEVEL", "TORCH_INDEX", "WHEELS"}
# Python minor versions to compare the declared ranges on.
MINORS = [Version(f"3.{minor}") for minor in range(8, 17)]


def _environment() -> dict[str, Any]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert isinstance(env, dict), "environment.yml should be a YAML mapping"
    return env


def _conda_and_pip(env: dict[str, Any]) -> tuple[list[str], list[str]]:
    conda: list[str] = []
    pip: list[str] = []
    for dep in env.get("dependencies", []):
        if isinstance(dep, dict):
            assert set(dep) == {"pip"}, f"unexpected nested dependency list in environment.yml: {dep}"
            pip += [str(line) for line in dep["pip"]]
        else:
            conda.append(str(dep))
    return conda, pip


def _project() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _make_variables() -> dict[str, str]:
    """The Makefile's defaults as GNU make expands them (`make -pn` prints its database without
    running anything). Overrides from an enclosing `make test TORCH_INDEX=...` are removed."""
    env = {k: v for k, v in os.environ.items() if k not in MAKE_OVERRIDES}
    out = subprocess.run(
        ["make", "-pn", "-C", str(ROOT), "help"], capture_output=True, text=True, check=True, env=env
    ).stdout
    found = {}
    for name in ("TORCH_VERSION", "TORCH_INDEX"):
        m = re.search(rf"^{name} :?= (.*)$", out, re.M)
        assert m, f"the Makefile no longer defines {name}"
        found[name] = m.group(1).strip()
    return found


def _conda_python(conda: list[str]) -> SpecifierSet:
    specs = [d for d in conda if re.match(r"^python\b", d)]
    assert len(specs) == 1, f"environment.yml should list python once, found {specs}"
    spec = specs[0][len("python"):].replace(" ", "")
    assert spec, "environment.yml should give python a version range, e.g. python>=3.11,<3.14"
    return SpecifierSet(spec)


def test_environment_yml_installs_the_package_with_its_test_extra_and_nothing_else() -> None:
    env = _environment()
    assert env.get("name") == "embeddings-in-pytorch"
    conda, pip = _conda_and_pip(env)
    assert "pip" in conda, "environment.yml needs pip among its conda dependencies"
    pip = [re.sub(r"\s+", " ", line.strip()) for line in pip]
    assert "-e .[test]" in pip, f"environment.yml should pip-install '-e .[test]'; its pip list is {pip}"
    assert f"-c {LOCK}" in pip, (
        f"environment.yml should install under the lock ('-c {LOCK}'); its pip list is {pip}")
    requirements = [line for line in pip if not line.startswith("-")]
    assert not requirements, (
        f"environment.yml pins {requirements} itself; pyproject.toml is the one list of requirements"
    )


def test_environment_yml_takes_torch_from_the_cpu_index_like_the_makefile() -> None:
    _, pip = _conda_and_pip(_environment())
    assert f"--extra-index-url {CPU_INDEX}" in [re.sub(r"\s+", " ", p.strip()) for p in pip], (
        f"environment.yml should add PyTorch's CPU index ({CPU_INDEX}) to its pip section"
    )
    assert _make_variables()["TORCH_INDEX"] == CPU_INDEX


def test_makefile_installs_the_torch_version_pyproject_pins() -> None:
    pins = [r for r in _project()["dependencies"] if re.match(r"^torch\s*==", r)]
    assert len(pins) == 1, f"pyproject.toml should pin torch exactly once, found {pins}"
    pinned = pins[0].split("==", 1)[1].strip()
    assert _make_variables()["TORCH_VERSION"] == pinned


def test_environment_yml_sets_the_kernel_variables_on_activation() -> None:
    variables = _environment().get("variables")
    assert variables == {"OMP_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}, (
        "environment.yml's variables should set OMP_NUM_THREADS=1 and PYTHONHASHSEED=0 (as strings); "
        f"got {variables}"
    )


def test_python_ranges_agree() -> None:
    """conda's range lies inside requires-python, starts where it starts, and is what
    `make check-python` accepts."""
    conda, _ = _conda_and_pip(_environment())
    conda_ok = [v for v in MINORS if v in _conda_python(conda)]
    requires = SpecifierSet(_project()["requires-python"])
    pip_ok = [v for v in MINORS if v in requires]
    assert conda_ok, "environment.yml's python range allows no Python 3 release"
    assert set(conda_ok) <= set(pip_ok), f"environment.yml allows {conda_ok}, requires-python only {pip_ok}"
    assert conda_ok[0] == pip_ok[0], "environment.yml and requires-python should start at the same Python"

    makefile = (ROOT / "Makefile").read_text()
    m = re.search(r"\(3, (\d+)\) <= v <= \(3, (\d+)\)", makefile)
    assert m, "the Makefile's check-python should test `(3, A) <= v <= (3, B)`"
    make_ok = [Version(f"3.{minor}") for minor in range(int(m.group(1)), int(m.group(2)) + 1)]
    assert make_ok == conda_ok, f"make check-python accepts {make_ok}, environment.yml {conda_ok}"


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13"])
def test_supported_pythons_are_allowed_everywhere(version: str) -> None:
    conda, _ = _conda_and_pip(_environment())
    assert Version(version) in SpecifierSet(_project()["requires-python"])
    assert Version(version) in _conda_python(conda)


# ----------------------------------------------------------------------------- the lock

def lock_pins(text: str) -> dict[str, list[tuple[str, str | None]]]:
    """{canonical name: [(version, marker or None), ...]} of a `uv pip compile` output."""
    pins: dict[str, list[tuple[str, str | None]]] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "-")):
            continue
        req = Requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"{LOCK}: {line!r} is not an exact pin"
        pins.setdefault(canonicalize_name(req.name), []).append(
            (specs[0].version, str(req.marker) if req.marker else None))
    return pins


def project_pins(project: dict[str, Any]) -> dict[str, str]:
    """{canonical name: version} of every requirement of pyproject.toml, extras included."""
    reqs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        reqs += extra
    pins = {}
    for line in reqs:
        req = Requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"pyproject.toml: {line!r} is not an exact pin"
        pins[canonicalize_name(req.name)] = specs[0].version
    return pins


def disagreements(project: dict[str, str], lock: dict[str, list[tuple[str, str | None]]]) -> list[str]:
    """What pyproject.toml pins that the lock does not lock at that version."""
    out = []
    for name, version in sorted(project.items()):
        locked = {v for v, _ in lock.get(name, [])}
        if not locked:
            out.append(f"{name}=={version} is not in {LOCK}")
        elif locked != {version}:
            out.append(f"pyproject.toml pins {name}=={version}, {LOCK} locks {sorted(locked)}")
    return out


def _lock_text() -> str:
    path = ROOT / LOCK
    assert path.is_file(), f"{LOCK} is missing: make it with the command in docs/maintainers.md"
    return path.read_text()


def test_the_lock_agrees_with_every_pin_of_pyproject() -> None:
    problems = disagreements(project_pins(_project()), lock_pins(_lock_text()))
    assert not problems, (
        f"{LOCK} is out of date; make it again with the command on its second line: " + "; ".join(problems))


def test_a_disagreement_is_found() -> None:
    lock = lock_pins("torch==2.13.0\n    # via embedlab\nnumpy==2.4.6 ; python_full_version >= '3.11'\n")
    assert disagreements({"torch": "2.13.0", "numpy": "2.4.6"}, lock) == []
    assert disagreements({"torch": "2.14.0"}, lock) == [
        f"pyproject.toml pins torch==2.14.0, {LOCK} locks ['2.13.0']"]
    assert disagreements({"scipy": "1.17.1"}, lock) == [f"scipy==1.17.1 is not in {LOCK}"]


def test_the_lock_covers_every_extra_every_platform_and_the_supported_pythons() -> None:
    command = next(line for line in _lock_text().splitlines() if "pip compile" in line)
    for flag in ("pyproject.toml", "--all-extras", "--universal", f"-o {LOCK}"):
        assert flag in command, f"{LOCK} should be made with {flag!r}; its command is {command!r}"
    m = re.search(r"--python-version (3\.\d+)", command)
    requires = SpecifierSet(_project()["requires-python"])
    assert m and Version(m.group(1)) == min(v for v in MINORS if v in requires), (
        f"{LOCK} should be resolved from the lowest Python requires-python allows; command: {command!r}")


def test_the_makefile_installs_under_the_lock() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(rf"^LOCK := {re.escape(LOCK)}$", makefile, re.M), (
        f"the Makefile should set LOCK := {LOCK}")
    install = makefile.split("define install", 1)[1].split("endef", 1)[0]
    assert "$(LOCK_FLAG) -e '.$(1)'" in install, "the Makefile's package install should read the lock"
    assert re.search(r"^INSTALL_INPUTS := .*\$\(wildcard \$\(LOCK\)\)", makefile, re.M), (
        "a changed lock should make `make` install again (INSTALL_INPUTS)")


def test_the_environment_the_tests_run_in_is_the_locked_one() -> None:
    """Every locked package that applies to this Python and platform and is installed has the locked
    version (torch's local build label, such as +cpu, aside)."""
    wrong = []
    for name, pins in lock_pins(_lock_text()).items():
        wanted = [v for v, marker in pins if marker is None or Marker(marker).evaluate()]
        if not wanted:
            continue
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # a constraint, not a requirement: e.g. the dev extra, or CUDA packages of PyPI's torch
        if Version(installed).public != Version(wanted[0]).public:
            wrong.append(f"{name} {installed} (locked: {wanted[0]})")
    assert not wrong, f"installed versions differ from {LOCK}: {wrong}; run make again"
