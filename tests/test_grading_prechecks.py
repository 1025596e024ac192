"""The checks run on every submission before grading read any notebook, and one that fails on a
submission is reported for that student instead of stopping the whole class's grading."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from embedlab_grader import cli, scan
from embedlab_grader.precheck import precheck
from embedlab_grader.report import Job
from tests.support.lessons import Lesson, cells_by_id

LESSON = Lesson("01-one-hot-vs-embeddings")


@pytest.mark.parametrize("garbled", ["x", [1], 5, {"grade_id": ["encode"]}, {"grade_id": 3, "grade": True}])
def test_precheck_and_scan_read_metadata_that_is_not_nbgraders(tmp_path: Path, garbled: object) -> None:
    release = tmp_path / "notebooks" / LESSON.slug
    release.mkdir(parents=True)
    shutil.copy(LESSON.student_path, release / f"{LESSON.slug}.ipynb")
    nb = LESSON.student()
    cells = cells_by_id(nb)
    cells["test_encode"].metadata["nbgrader"] = garbled
    cells["encode"].metadata["nbgrader"] = garbled
    folder = tmp_path / "submitted" / "eve" / LESSON.slug
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{LESSON.slug}.ipynb")
    found = {f.kind: f for f in precheck(tmp_path, LESSON.slug, "eve")}
    assert "unreadable grading metadata" in found and not any(f.fatal for f in found.values())
    assert found["test cell nbgrader metadata stripped"].detail.startswith("test_encode")
    assert scan.scan(tmp_path, LESSON.slug, "eve") == []


def test_a_check_that_fails_on_one_submission_is_reported_not_raised(tmp_path: Path) -> None:
    def precheck(root: Path, lesson: str, student: str) -> list:
        raise KeyError("grade_id")

    job = Job(LESSON.slug, "eve")
    [finding] = cli._checked(precheck, tmp_path, job, fatal=True)
    assert finding.kind == "precheck failed" and finding.fatal
    assert finding.detail.startswith("KeyError: 'grade_id'; not graded") and "--student" in finding.detail
    [finding] = cli._checked(precheck, tmp_path, job, fatal=False)
    assert not finding.fatal and finding.detail.endswith("graded without it")
