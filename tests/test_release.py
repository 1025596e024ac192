"""The committed student notebooks are exactly what nbgrader generates from solutions/."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.lessons import NOTEBOOKS, ROOT, SOLUTIONS

REGENERATE = "make release"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    course = tmp_path_factory.mktemp("release")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(SOLUTIONS, course / "solutions")
    nbgrader = Path(sys.executable).with_name("nbgrader")
    proc = subprocess.run(
        [str(nbgrader), "generate_assignment", "*", "--force", "--no-db"],
        cwd=course, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, f"nbgrader generate_assignment failed:\n{proc.stdout}\n{proc.stderr}"
    assert "[ERROR]" not in proc.stderr, proc.stderr
    return course / "notebooks"


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")
            if p.is_file() and ".ipynb_checkpoints" not in p.parts}


def test_student_notebooks_match_generated_ones(regenerated: Path) -> None:
    committed, fresh = _files(NOTEBOOKS), _files(regenerated)
    missing = sorted(fresh - committed)
    extra = sorted(committed - fresh)
    differ = sorted(f for f in fresh & committed
                    if not filecmp.cmp(NOTEBOOKS / f, regenerated / f, shallow=False))
    assert not (missing or extra or differ), (
        "notebooks/ is out of date with solutions/ -- regenerate it with `"
        + REGENERATE + "` and commit the result (never edit notebooks/ by hand).\n"
        f"missing: {missing}\nnot generated from solutions/: {extra}\ndiffering: {differ}"
    )


def test_generation_is_deterministic(regenerated: Path, tmp_path: Path) -> None:
    """Two generations are byte-identical, so the comparison above can be trusted."""
    course = tmp_path / "again"
    course.mkdir()
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(SOLUTIONS, course / "solutions")
    nbgrader = Path(sys.executable).with_name("nbgrader")
    subprocess.run([str(nbgrader), "generate_assignment", "*", "--force", "--no-db"],
                   cwd=course, check=True, capture_output=True, timeout=600)
    again = course / "notebooks"
    assert _files(again) == _files(regenerated)
    for f in _files(again):
        assert filecmp.cmp(again / f, regenerated / f, shallow=False), f
