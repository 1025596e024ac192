"""Each lesson's exercise tests, proven with nbgrader's own autograder.

* the solutions, submitted as a student, get full marks on every autograded cell;
* the untouched student notebook gets 0 on every autograded cell;
* every plausible wrong answer in tests/wrong_answers/ loses its exercise's points;
* every correct alternative there (written differently from the solution: a loop instead of a
  vectorized expression, ``float()`` instead of ``.item()``...) earns its exercise's full points.

Wrong answers for different exercises are independent (each test cell only calls its own
exercise), so submission k carries the k-th wrong answer of every exercise that has one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import nbgrader_course
from tests.support.lessons import Lesson, correct_answers, is_test_cell, lessons, nbgrader_meta, wrong_answers

pytestmark = pytest.mark.grading
LESSONS = lessons()


@pytest.fixture(scope="module", params=LESSONS, ids=str)
def graded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    lesson: Lesson = request.param
    root = nbgrader_course.make_course(tmp_path_factory.mktemp(f"course-{lesson.slug[:2]}"), [lesson])
    wrong = wrong_answers(lesson)
    submissions = {
        "solution": nbgrader_course.filled_submission(lesson, nbgrader_course.solution_answers(lesson)),
        "untouched": lesson.student(),
    }
    plan: dict[str, dict[str, str]] = {}  # student -> {answer grade_id: description}
    for k in range(max(len(v) for v in wrong.values())):
        picks = {gid: variants[k] for gid, variants in wrong.items() if k < len(variants)}
        student = f"wrong{k + 1}"
        submissions[student] = nbgrader_course.filled_submission(lesson, {g: src for g, (_, src) in picks.items()})
        plan[student] = {g: desc for g, (desc, _) in picks.items()}
    right = correct_answers(lesson)
    for k in range(max((len(v) for v in right.values()), default=0)):
        picks = {gid: variants[k] for gid, variants in right.items() if k < len(variants)}
        student = f"correct{k + 1}"
        submissions[student] = nbgrader_course.filled_submission(lesson, {g: src for g, (_, src) in picks.items()})
        plan[student] = {g: desc for g, (desc, _) in picks.items()}
    for student, nb in submissions.items():
        nbgrader_course.submit(root, lesson, student, nb)
    # the course's parallel grader: nbgrader's own autograde per submission, two at a time
    # (its grades equal sequential nbgrader's: tests/test_parallel_grading.py)
    done = subprocess.run([sys.executable, "-m", "embedlab.grading", lesson.slug, "--workers", "2"],
                          cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, f"grading {lesson} failed:\n{done.stdout[-4000:]}\n{done.stderr[-2000:]}"
    results = {student: nbgrader_course.scores(root, lesson, student) for student in submissions}
    nbgrader_course.write_table(lesson, results, plan)
    return lesson, results, plan


def _autograded(scores: dict[str, nbgrader_course.CellScore], lesson: Lesson) -> dict[str, nbgrader_course.CellScore]:
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
