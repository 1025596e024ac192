"""Each lesson's exercise tests, proven with nbgrader's own autograder.

* the solutions, submitted as a student, get full marks on every autograded cell;
* the untouched student notebook gets 0 on every autograded cell;
* every plausible wrong answer in tests/wrong_answers/ loses its exercise's points;
* every correct alternative there (written differently from the solution: a loop instead of a
  vectorized expression, ``float()`` instead of ``.item()``...) earns its exercise's full points.

Wrong answers for different exercises are independent (each test cell only calls its own
exercise), so submission k carries the k-th wrong answer of every exercise that has one. Every
lesson's submissions are graded once, in the class that tests/support/graded_course.py builds
with the course's parallel grader (its grades equal sequential nbgrader's:
tests/test_parallel_grading.py).
"""

from __future__ import annotations

import pytest

from embedlab.notebook.cells import is_test_cell, nbgrader_meta
from embedlab.notebook.roles import restore_roles, roles_of
from embedlab_grader.restore_cell_roles import gradebook_roles
from tests.support import nbgrader_course
from tests.support.graded_course import GradedCourse
from tests.support.lessons import Lesson, lessons

pytestmark = pytest.mark.grading
LESSONS = lessons()


@pytest.fixture(scope="module", params=LESSONS, ids=str)
def graded(request: pytest.FixtureRequest, graded_course: GradedCourse):
    """One lesson of the shared graded class (tests/support/graded_course.py): its scores and answer plan."""
    lesson: Lesson = request.param
    plan = graded_course.plans[lesson.slug]
    results = graded_course.scores(lesson)
    expected = {"solution", "untouched", *plan}
    assert expected <= set(results), f"{lesson}: no grades for {sorted(expected - set(results))}"
    nbgrader_course.write_table(lesson, {s: results[s] for s in ["solution", "untouched", *plan]}, plan)
    return lesson, results, plan


Scores = dict[str, nbgrader_course.CellScore]


def _autograded(scores: Scores, lesson: Lesson) -> Scores:
    test_ids = {nbgrader_meta(c)["grade_id"] for c in lesson.solution().cells if is_test_cell(c)}
    assert test_ids <= set(scores), f"grades missing for {sorted(test_ids - set(scores))}"
    return {g: s for g, s in scores.items() if g in test_ids}


def test_solution_gets_full_marks(graded) -> None:
    lesson, results, _ = graded
    cells = _autograded(results["solution"], lesson)
    short = {g: (s.score, s.max_score) for g, s in cells.items() if s.score != s.max_score}
    assert not short, f"the solution lost points on {short}"
    assert all(not s.needs_manual_grade for s in cells.values())


def test_untouched_notebook_gets_zero(graded) -> None:
    lesson, results, _ = graded
    cells = _autograded(results["untouched"], lesson)
    scored = {g: s.score for g, s in cells.items() if s.score != 0}
    assert not scored, f"an unanswered exercise earned points: {scored}"


def test_every_wrong_answer_loses_its_points(graded) -> None:
    lesson, results, plan = graded
    failures = []
    for student, picks in plan.items():
        if not student.startswith("wrong"):
            continue
        cells = _autograded(results[student], lesson)
        for gid, description in picks.items():
            cell = cells[f"test_{gid}"]
            if cell.score != 0:
                failures.append(f"{gid}: wrong answer '{description}' scored {cell.score}/{cell.max_score}")
    assert not failures, "\n".join(failures)


def test_every_correct_alternative_gets_full_marks(graded) -> None:
    lesson, results, plan = graded
    failures = []
    for student, picks in plan.items():
        if not student.startswith("correct"):
            continue
        cells = _autograded(results[student], lesson)
        for gid, description in picks.items():
            cell = cells[f"test_{gid}"]
            if cell.score != cell.max_score or cell.needs_manual_grade:
                failures.append(f"{gid}: correct answer '{description}' scored {cell.score}/{cell.max_score}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_the_gradebook_holds_the_roles_the_release_shows(lesson: Lesson, graded_course: GradedCourse) -> None:
    # RestoreCellRoles (autograde) reads the roles from the gradebook, the pre-check from the release:
    # an untouched submission must need no change from either
    roles = gradebook_roles(graded_course.db_url, lesson.slug, lesson.slug)
    assert roles == roles_of(graded_course.releases[lesson.slug])
    assert restore_roles(lesson.student().cells, roles) == []
