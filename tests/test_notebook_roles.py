"""embedlab.notebook.roles: a submission's nbgrader cell roles put back to the lesson's."""

from __future__ import annotations

import copy

import nbformat
import pytest

from embedlab.notebook.cells import grade_id, is_answer_cell, is_test_cell
from embedlab.notebook.roles import Role, restore_roles, roles_of
from tests.support.lessons import Lesson, cells_by_id, lessons, paste_below


def _ids(nb: nbformat.NotebookNode) -> list[str | None]:
    return [grade_id(c) for c in nb.cells]


@pytest.mark.parametrize("lesson", lessons(), ids=str)
def test_the_lessons_own_notebooks_need_no_change(lesson: Lesson) -> None:
    source, student = lesson.solution(), lesson.student()
    # the grader (gradebook, from the source), check my work (the source) and the pre-check (the
    # release) read the roles from three places: they must agree
    assert roles_of(student) == roles_of(source)
    assert any(r.grade for r in roles_of(source).values())
    for nb in (source, student):
        before = copy.deepcopy(nb)
        assert restore_roles(nb.cells, roles_of(source)) == []
        assert nb == before


def _student() -> nbformat.NotebookNode:
    return Lesson("01-one-hot-vs-embeddings").student()


@pytest.mark.parametrize("gid", ["encode", "test_encode", "why_one_hot"])
def test_a_copied_cell_keeps_its_role_in_the_last_copy_only(gid: str) -> None:
    nb = _student()
    roles = roles_of(nb)
    paste_below(nb, gid)
    nb.cells[_ids(nb).index(gid) + 1].source = "# the learner's newer version"
    changes = restore_roles(nb.cells, roles)
    assert changes == [("cell copied", f"{gid} appears 2 times; the last copy keeps its role, "
                                       "the others run as ordinary cells")]
    first = _ids(nb).index(gid)
    assert nb.cells[first].source == "# the learner's newer version"
    assert _ids(nb).count(gid) == 1 and "nbgrader" not in nb.cells[first - 1].metadata
    assert roles_of(nb) == roles


def test_a_cell_of_another_lesson_runs_as_an_ordinary_cell() -> None:
    nb = _student()
    roles = roles_of(nb)
    pasted = copy.deepcopy(cells_by_id(Lesson("02-tensors").student())["lookup_or_zero"])
    nb.cells += [pasted, copy.deepcopy(pasted)]
    changes = restore_roles(nb.cells, roles)
    assert changes == [("unknown grading cell", "lookup_or_zero is not a cell of this lesson; it runs as an "
                                                "ordinary cell and earns nothing")]
    assert "nbgrader" not in nb.cells[-1].metadata and "nbgrader" not in nb.cells[-2].metadata
    assert nb.cells[-1].source == pasted.source


def test_nbgrader_metadata_without_a_grade_id_is_removed() -> None:
    nb = _student()
    nb.cells[0].metadata["nbgrader"] = {}
    nb.cells[1].metadata["nbgrader"] = {"grade": True, "points": 5}
    assert restore_roles(nb.cells, roles_of(_student())) == []
    assert "nbgrader" not in nb.cells[0].metadata and "nbgrader" not in nb.cells[1].metadata


def test_edited_roles_and_points_are_put_back() -> None:
    nb = _student()
    roles = roles_of(nb)
    test = cells_by_id(nb)["test_encode"].metadata["nbgrader"]
    points = test["points"]
    test.update(grade=False, solution=True, locked=False)
    del test["points"]
    answer = cells_by_id(nb)["encode"].metadata["nbgrader"]
    answer.update(grade=True, points=50)
    cells_by_id(nb)["test_one_hot_batch"].metadata["nbgrader"]["points"] = 1000
    assert [kind for kind, _ in restore_roles(nb.cells, roles)] == ["cell role edited"] * 3
    assert restore_roles(nb.cells, roles) == [], "a second pass finds nothing left to put back"
    assert roles_of(nb) == roles
    assert is_test_cell(cells_by_id(nb)["test_encode"]) and test["points"] == points
    assert is_answer_cell(cells_by_id(nb)["encode"]) and "points" not in answer


def test_each_edited_role_is_reported_in_words() -> None:
    nb = _student()
    roles = roles_of(nb)
    cells_by_id(nb)["encode"].metadata["nbgrader"].update(grade=True, points=50)
    cells_by_id(nb)["test_one_hot_batch"].metadata["nbgrader"]["points"] = 1000
    changes = restore_roles(nb.cells, roles)
    want = roles["test_one_hot_batch"].points
    assert changes == [
        ("cell role edited", "encode is an answer cell in the lesson, the submission made it a manually "
                             "graded answer worth 50 points; graded in the lesson's role"),
        ("cell role edited", f"test_one_hot_batch is a test cell worth {want:g} points in the lesson, the "
                             "submission made it a test cell worth 1000 points; graded in the lesson's role"),
    ]


def test_role_reads_flags_and_points() -> None:
    assert Role(grade=True, solution=False, locked=True, points=3.0).flags() == {
        "grade": True, "solution": False, "locked": True, "task": False, "points": 3.0}
    assert "points" not in Role(grade=False, solution=True, locked=False).flags()


@pytest.mark.parametrize("garbled", ["x", [1, 2], 5, {"grade_id": ["encode"], "grade": True}])
def test_metadata_nbgrader_cannot_read_is_removed_and_reported(garbled: object) -> None:
    nb = _student()
    roles = roles_of(nb)
    i = _ids(nb).index("test_encode")
    nb.cells[i].metadata["nbgrader"] = garbled
    changes = restore_roles(nb.cells, roles)
    assert [kind for kind, _ in changes] == ["unreadable grading metadata"]
    assert changes[0][1].startswith(f"cell {i}: its nbgrader metadata is ")
    assert "nbgrader" not in nb.cells[i].metadata
    assert "test_encode" not in roles_of(nb), "the test cell is gone: autograde puts it back from the source"
