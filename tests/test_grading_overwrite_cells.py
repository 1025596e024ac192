"""embedlab_grader.overwrite_cells: where a deleted grading cell goes back (the graded behaviour is
tests/test_adversarial_grading.py's deleted_exercise, metadata_lost and deleted_test cases)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from traitlets.config import Config

from embedlab.notebook.cells import grade_id
from embedlab_grader.overwrite_cells import OverwriteCellsSafely, position
from tests.support.lessons import Lesson

ORDER = ["a", "test_a", "b", "test_b", "c", "test_c"]


@pytest.mark.parametrize(("missing", "present", "want"), [
    ("test_b", {"a": 2, "test_a": 3, "b": 6, "c": 9, "test_c": 10}, 7),   # after its answer
    ("test_b", {"a": 2, "test_a": 3, "c": 9, "test_c": 10}, 4),           # answer gone too: after test_a
    ("test_a", {"c": 9, "test_c": 10}, 9),                                # nothing earlier: before c
    ("test_c", {}, 12),                                                   # nothing at all: at the end
])
def test_position(missing: str, present: dict[str, int], want: int) -> None:
    assert position(ORDER, missing, present, 12) == want


def _preprocessor(root: Path, lesson: Lesson) -> OverwriteCellsSafely:
    config = Config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.source_directory = "solutions"
    pp = OverwriteCellsSafely(config=config)
    pp.assignment_id = pp.notebook_id = lesson.slug
    return pp


def test_the_order_comes_from_the_source_notebook_not_the_gradebook(tmp_path: Path) -> None:
    lesson = Lesson("01-one-hot-vs-embeddings")
    in_source = [gid for cell in lesson.solution().cells if (gid := grade_id(cell))]
    scrambled = in_source[::-1] + ["only_in_the_gradebook"]
    pp = _preprocessor(tmp_path, lesson)
    assert pp._lesson_order(scrambled) == scrambled, "no source notebook: the gradebook's order"
    (tmp_path / "solutions" / lesson.slug).mkdir(parents=True)
    shutil.copy(lesson.solution_path, tmp_path / "solutions" / lesson.slug / f"{lesson.slug}.ipynb")
    assert pp._lesson_order(scrambled) == in_source + ["only_in_the_gradebook"]
