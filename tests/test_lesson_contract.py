"""The lesson contract (what every lesson must contain; CONTRIBUTING.md), checked statically."""

from __future__ import annotations

import re

import pytest

from embedlab.notebook.cells import is_answer_cell, is_test_cell, is_written_cell, nbgrader_meta
from tests.support.lessons import Lesson, cells_by_id, lessons, region

LESSONS = lessons()


def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _code(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def test_there_are_lessons() -> None:
    assert LESSONS, "no lessons found under solutions/"


@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_every_lesson_has_a_student_version(lesson: Lesson) -> None:
    assert lesson.student_path.exists(), f"{lesson.student_path} is missing: run `make release`"


@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_opening_and_closing_sections(lesson: Lesson) -> None:
    nb = lesson.solution()
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith(f"# Lesson {lesson.slug[:2]}"), \
        "the first cell should be the title '# Lesson NN · ...'"
    text = _markdown(nb)
    for needed in ["Learning objectives", "Prerequisites", "Estimated time"]:
        assert needed in first.source, f"the opening cell should state the {needed.lower()}"
    for heading in ["## Summary", "## Common pitfalls", "## Next"]:
        assert heading in text, f"the lesson should end with a '{heading}' section"


@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_exercises_are_autograded_with_hidden_tests(lesson: Lesson) -> None:
    nb = lesson.solution()
    cells = nb.cells
    tests = [c for c in cells if is_test_cell(c)]
    assert len(tests) >= 4, f"at least 4 autograded exercises needed, found {len(tests)}"
    for i, cell in enumerate(cells):
        meta = nbgrader_meta(cell)
        if is_test_cell(cell):
            assert meta.get("points", 0) > 0, f"{meta['grade_id']}: a test cell needs points"
            assert meta.get("locked"), f"{meta['grade_id']}: test cells must be locked"
            assert "raises-exception" in cell.metadata.get("tags", []), (
                f"{meta['grade_id']}: tag test cells 'raises-exception' so JupyterLab's Run All goes on "
                "past an unanswered exercise (nbval still compares the solution's outputs)"
            )
            assert "### BEGIN HIDDEN TESTS" in cell.source and "### END HIDDEN TESTS" in cell.source, \
                f"{meta['grade_id']}: add hidden tests (edge cases) between ### BEGIN/END HIDDEN TESTS"
            visible = cell.source.split("### BEGIN HIDDEN TESTS")[0]
            assert re.search(r"^assert .*,\s*", visible, re.M), \
                f"{meta['grade_id']}: visible asserts need messages that say what is wrong"
        if is_answer_cell(cell):
            gid = meta["grade_id"]
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source, gid
            assert re.match(r"\s*(def|class) ", cell.source), (
                f"{gid}: an answer cell should define a function or class, so that an untouched "
                "notebook fails only inside the exercise"
            )
            nxt = cells[i + 1] if i + 1 < len(cells) else None
            followed = is_test_cell(nxt) and nbgrader_meta(nxt)["grade_id"] == f"test_{gid}" if nxt else False
            assert followed, f"answer cell {gid!r} must be followed directly by its test cell 'test_{gid}'"


@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_a_manually_graded_answer_with_rubric(lesson: Lesson) -> None:
    written = [c for c in lesson.solution().cells if is_written_cell(c)]
    assert written, "at least one manually graded written answer is needed"
    for cell in written:
        assert nbgrader_meta(cell).get("points", 0) > 0
        body = "\n".join(region(cell.source, "BEGIN SOLUTION", "END SOLUTION"))
        assert "Rubric" in body and "Model answer" in body, \
            "a written answer's solution region should hold a model answer and a rubric for the instructor"


@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_figures_widgets_and_stored_outputs(lesson: Lesson) -> None:
    nb = lesson.solution()
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if "image/png" in o.get("data", {})]
    assert images, "the lesson needs at least one figure (stored as an image output)"
    code = _code(nb)
    assert "ipywidgets" in code, "the lesson should offer at least one ipywidgets control"
    for fig_cell in [c for c in nb.cells if c.cell_type == "code" and "plt." in c.source]:
        src = fig_cell.source
        if "plt.show()" in src and "title" not in src and "plotting." not in src:
            pytest.fail(f"a figure without a title:\n{src[:200]}")
    unrun = [c.source[:60] for c in nb.cells if c.cell_type == "code" and c.execution_count is None]
    assert not unrun, f"solution cells without stored outputs (run `make outputs`): {unrun}"
    errors = [c.source[:60] for c in nb.cells if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    assert not errors, f"the solution notebook has stored errors: {errors}"


@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_student_version_leaks_no_solution_hidden_test_or_rubric(lesson: Lesson) -> None:
    sol, stu = lesson.solution(), lesson.student()
    student_text = "\n".join(c.source for c in stu.cells)
    for marker in ["BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "Rubric"]:
        assert marker not in student_text, f"the student notebook contains {marker!r}"
    secret_lines: list[str] = []
    for cell in sol.cells:
        secret_lines += region(cell.source, "BEGIN SOLUTION", "END SOLUTION")
        secret_lines += region(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
    student_lines = {line.strip() for line in student_text.splitlines()}
    # short lines such as `return x` or `pass` can legitimately appear elsewhere
    leaked = [s.strip() for s in secret_lines if len(s.strip()) > 25 and s.strip() in student_lines]
    assert not leaked, f"solution or hidden-test lines appear in the student notebook: {leaked[:5]}"
    stored = [c for c in stu.cells if c.cell_type == "code" and c.outputs]
    assert not stored, "the student notebook should not carry outputs"


@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_student_exercises_are_stubbed_and_locked(lesson: Lesson) -> None:
    stu = cells_by_id(lesson.student())
    sol = cells_by_id(lesson.solution())
    assert set(stu) == set(sol), "the student version should have the same graded cells as the solution"
    for gid, cell in stu.items():
        if is_answer_cell(cell):
            assert "raise NotImplementedError()" in cell.source, gid
        if is_test_cell(cell):
            assert nbgrader_meta(cell).get("locked") and cell.metadata.get("deletable") is False, \
                f"{gid}: test cells must be locked in the student version"


@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_every_exercise_has_a_wrong_answer_on_file(lesson: Lesson) -> None:
    from tests.support.lessons import wrong_answers

    answers = {nbgrader_meta(c)["grade_id"] for c in lesson.solution().cells if is_answer_cell(c)}
    wrong = wrong_answers(lesson)
    assert set(wrong) == answers, (
        f"tests/wrong_answers/lesson_{lesson.slug[:2]}.py must hold at least one plausible wrong "
        f"answer for every exercise; missing {sorted(answers - set(wrong))}, "
        f"unknown {sorted(set(wrong) - answers)}"
    )
    for gid, variants in wrong.items():
        assert variants, gid
        for description, source in variants:
            assert description and (f"def {gid}" in source or "class " in source), (gid, description)


@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_every_exercise_has_six_wrong_answers_and_two_correct_alternatives(lesson: Lesson) -> None:
    """The round trip grades these; too few on file and a class of mistakes goes unchecked."""
    from tests.support.lessons import correct_answers, wrong_answers

    wrong, correct = wrong_answers(lesson), correct_answers(lesson)
    short = {gid: (len(wrong[gid]), len(correct.get(gid, []))) for gid in wrong
             if len(wrong[gid]) < 6 or len(correct.get(gid, [])) < 2}
    assert not short, (
        f"tests/wrong_answers/lesson_{lesson.slug[:2]}.py: each exercise needs at least 6 wrong answers "
        f"and 2 correct alternatives; (wrong, correct) now: {short}"
    )
    unknown = set(correct) - set(wrong)
    assert not unknown, f"correct alternatives for unknown exercises: {sorted(unknown)}"


def test_student_notebook_check_rejects_other_errors() -> None:
    """The nbval hook for student notebooks lets NotImplementedError through and nothing else."""
    from types import SimpleNamespace

    from tests.support.notebook_plugin import _expect_only_not_implemented

    def fake_item(ename: str) -> SimpleNamespace:
        item = SimpleNamespace()
        error = {"output_type": "error", "ename": ename, "evalue": "x"}
        item.runtest = lambda: setattr(item, "test_outputs", [error])
        return item

    ok = fake_item("NotImplementedError")
    _expect_only_not_implemented(ok)
    ok.runtest()
    for ename in ["NameError", "AssertionError", "RuntimeError"]:
        bad = fake_item(ename)
        _expect_only_not_implemented(bad)
        with pytest.raises(AssertionError, match=f"raised {ename}"):
            bad.runtest()
