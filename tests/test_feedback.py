"""Feedback never leaks hidden tests or rubrics -- checked on every lesson.

The shared graded class (tests/support/graded_course.py: every lesson, with the untouched
notebook, whose answers raise ``NotImplementedError`` through the hidden tests, the wrong answers,
which fail hidden asserts, the solution, and a correct answer that prints its caller) gets its feedback from
``nbgrader generate_feedback`` with the course config. No feedback file may contain a line of a
hidden-test region (source, or a traceback line quoting it), a hidden assert's message, the
hidden-test markers, or the model answer / rubric of a written question. The detector is shown to
work: nbgrader's stock feedback (without embedlab's HideHiddenTests) is caught leaking.
"""

from __future__ import annotations

import ast
import html
import re
import textwrap
from pathlib import Path

import nbformat
import pytest
from traitlets.config import Config

from embedlab.notebook.cells import is_test_cell, is_written_cell
from tests.support import nbgrader_course
from tests.support.graded_course import PEEK_LESSON, PEEKED_TAG, GradedCourse
from tests.support.lessons import Lesson, lessons, region

pytestmark = pytest.mark.grading
LESSONS = lessons()
MARKERS = ["BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION", "Model answer",
           "Rubric ("]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def visible_text(page: str) -> str:
    """What a reader of the HTML sees: tags dropped, entities decoded, whitespace collapsed."""
    page = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", page)
    return _norm(html.unescape(re.sub(r"<[^>]+>", "", page)))


def secrets(lesson: Lesson, *seen: nbformat.NotebookNode) -> set[str]:
    """Hidden-test lines, hidden assert messages and rubric lines absent from the notebooks ``seen``.

    ``seen``: the student version and the student's own submission (their code is no secret).
    """
    shown = _norm("\n".join(cell.source for nb in seen for cell in nb.cells))
    out: set[str] = set()
    for cell in lesson.solution().cells:
        if is_test_cell(cell):
            lines = region(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
        elif is_written_cell(cell):
            lines = region(cell.source, "BEGIN SOLUTION", "END SOLUTION")
        else:
            continue
        candidates = [line.strip() for line in lines if len(line.strip()) >= 8 and re.search(r"\w", line)]
        candidates += _string_literals("\n".join(lines))  # hidden assert messages
        # what the student version shows anyway (a hidden line repeating part of a visible one) is no secret
        out.update(n for n in map(_norm, candidates) if n not in shown)
    return out


def _string_literals(code: str) -> list[str]:
    """String constants of 12+ characters in a block of code (the messages of hidden asserts)."""
    try:
        tree = ast.parse(textwrap.dedent(code))
    except SyntaxError:
        return []
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and len(n.value.strip()) >= 12]


def leaks(page: str, secret: set[str]) -> list[str]:
    text = visible_text(page)
    return [m for m in MARKERS if m in text] + sorted(s for s in secret if s in text)


@pytest.fixture(scope="module")
def feedback_class(graded_course: GradedCourse) -> GradedCourse:
    """The shared graded class, its feedback generated (tests/support/graded_course.py)."""
    return graded_course


@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_feedback_shows_no_hidden_test_or_rubric(feedback_class: GradedCourse, lesson: Lesson) -> None:
    root, release = feedback_class.root, feedback_class.releases[lesson.slug]
    pages = sorted((root / "feedback").glob(f"*/{lesson.slug}/*.html"))
    students = feedback_class.with_feedback(lesson)  # not the whole twins, nor the correct alternatives
    assert sorted(page.parts[-3] for page in pages) == students, f"feedback files: {pages}"
    assert {"untouched", "wrong1"} <= set(students), "the leak check needs failing submissions"
    for page in pages:
        if page.parts[-3] == "solution":
            continue  # its written answers are the model answers and rubrics themselves: no secret left
        secret = secrets(lesson, release, feedback_class.notebook("submitted", lesson, page.parts[-3]))
        assert len(secret) >= 5, f"{lesson.slug}: almost no hidden tests or rubric to look for: {secret}"
        found = leaks(page.read_text(), secret)
        assert not found, f"{page.relative_to(root)} leaks: {found[:5]}"


@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_feedback_still_explains_failures(feedback_class: GradedCourse, lesson: Lesson) -> None:
    """Scrubbing must leave the useful part: scores, and the visible assert messages."""
    text = visible_text(feedback_class.feedback(lesson, "untouched").read_text())
    assert "NotImplementedError" in text
    assert re.search(rf"{lesson.slug} \(Score: 0\.0 / \d+\.\d\)", text), "the total score is missing"
    assert "Grade cell: test_" in text, "the test cells (their visible part) are missing"


def test_stock_nbgrader_feedback_would_leak(feedback_class: GradedCourse) -> None:
    """The detector works: without HideHiddenTests, nbgrader's feedback shows the hidden tests."""
    root, releases = feedback_class.root, feedback_class.releases
    from nbgrader.apps import NbGraderAPI

    extra = Config()
    extra.GenerateFeedback.preprocessors = ["nbgrader.preprocessors.GetGrades",
                                            "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor"]
    extra.CourseDirectory.feedback_directory = "feedback_stock"
    api = NbGraderAPI(config=nbgrader_course.course_config(root, extra))
    for lesson in LESSONS:
        result = api.generate_feedback(lesson.slug, "untouched", force=True)
        assert result["success"], result["log"]
        page = Path(root, "feedback_stock", "untouched", lesson.slug, f"{lesson.slug}.html").read_text()
        secret = secrets(lesson, releases[lesson.slug])
        assert leaks(page, secret), f"{lesson.slug}: stock feedback did not leak?"


def test_test_cells_show_no_printed_output(feedback_class: GradedCourse) -> None:
    """A correct answer that prints the source of the cell that called it: when the judge grades, the
    caller is the kernel's answer to a request (the test runs in the grader's process), and what the
    answer prints goes to no cell. Neither the graded notebook nor the feedback holds any of it."""
    autograded = feedback_class.notebook("autograded", Lesson(PEEK_LESSON), "peek")
    printed = "".join(o.get("text", "") for c in autograded.cells for o in c.get("outputs", []))
    assert PEEKED_TAG not in printed and "BEGIN HIDDEN TESTS" not in printed, (
        "what the answer printed while a test called it reached the graded notebook")
    text = visible_text(feedback_class.feedback(Lesson(PEEK_LESSON), "peek").read_text())
    assert PEEKED_TAG not in text, "a test cell's printed output reached the feedback"
    assert re.search(r"Score: 2\.0 / 2\.0", text), "the peeking (but correct) encode lost its points"


def test_long_answer_output_is_cut_in_feedback(feedback_class: GradedCourse) -> None:
    text = visible_text(feedback_class.feedback(Lesson(PEEK_LESSON), "peek").read_text())
    assert "vocabulary line 0" in text and "vocabulary line 39" in text, "the start of the output should stay"
    assert "vocabulary line 40" not in text and "vocabulary line 299" not in text
    assert "output truncated in feedback: 301 lines" in text


def _cell(kind: str, source: str, outputs: list) -> nbformat.NotebookNode:
    meta = {"grade": kind == "test", "solution": kind == "answer", "grade_id": f"{kind}_x",
            "locked": kind == "test", "points": 1, "schema_version": 3}
    return nbformat.v4.new_code_cell(source, metadata={"nbgrader": meta}, outputs=outputs)


def test_hide_hidden_tests_keeps_only_the_error_of_a_test_cell() -> None:
    from embedlab_grader.preprocessors import HideHiddenTests

    outputs = [nbformat.v4.new_output("stream", name="stdout", text="printed by the test\n"),
               nbformat.v4.new_output("display_data", data={"text/plain": "displayed"}),
               nbformat.v4.new_output("execute_result", data={"text/plain": "7.0"}, execution_count=1),
               nbformat.v4.new_output("error", ename="AssertionError", evalue="expected 3",
                                      traceback=["AssertionError: expected 3"])]
    test_cell = _cell("test", "assert f() == 3, 'expected 3'", outputs)
    cell, _ = HideHiddenTests().preprocess_cell(test_cell, {}, 0)
    assert [o.output_type for o in cell.outputs] == ["error"] and cell.outputs[0].evalue == "expected 3"
    passed, _ = HideHiddenTests().preprocess_cell(_cell("test", "print(f())", outputs[:3]), {}, 0)
    assert passed.outputs == []


def test_hide_hidden_tests_cuts_long_answer_output_only() -> None:
    from embedlab_grader.preprocessors import HideHiddenTests

    hide = HideHiddenTests()
    long = "\n".join(f"row {i}" for i in range(100))
    cell, _ = hide.preprocess_cell(_cell("answer", "print(rows)", [
        nbformat.v4.new_output("stream", name="stdout", text=long),
        nbformat.v4.new_output("execute_result", data={"text/plain": "x" * 10_000}, execution_count=1),
    ]), {}, 0)
    text = cell.outputs[0].text
    assert text.startswith("row 0\n") and f"row {hide.screen_lines - 1}\n" in text
    assert f"row {hide.screen_lines}\n" not in text
    assert "[output truncated in feedback: 100 lines" in text
    assert len(cell.outputs[1].data["text/plain"]) < hide.screen_chars + 200
    printed = nbformat.v4.new_output("stream", name="stdout", text="1\n")
    short, _ = hide.preprocess_cell(_cell("answer", "print(1)", [printed]), {}, 0)
    assert short.outputs[0].text == "1\n"


def _frame(line: int, code: str) -> str:
    """An IPython traceback frame of a notebook cell, as ipykernel sends it (with colours)."""
    return (f"\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[7]\x1b[39m\x1b[32m, line {line}\x1b[39m\n"
            f"\x1b[32m----> \x1b[39m\x1b[32m{line}\x1b[39m {code}\n")


def test_a_failure_on_a_hidden_line_shows_only_the_notice() -> None:
    """The message of a hidden assert is built at run time (an f-string): no literal to match, so the
    failing line's position decides."""
    from embedlab_grader.preprocessors import HideHiddenTests

    hide = HideHiddenTests()
    source = ("assert f(1) == 1, f'f(1) should be 1, got {f(1)}'\n### BEGIN HIDDEN TESTS\n_n = 100\n"
              "assert f(_n) < 3, f'{_n} steps do not get within 5 %: low is too small'\n### END HIDDEN TESTS")
    hidden_failure = nbformat.v4.new_output(
        "error", ename="AssertionError", evalue="100 steps do not get within 5 %: low is too small",
        traceback=["\x1b[31m----\x1b[39m", _frame(4, "assert f(_n) < 3, f'{_n} steps do not get within 5 %'"),
                   "\x1b[31mAssertionError\x1b[39m: 100 steps do not get within 5 %: low is too small"])
    cell, _ = hide.preprocess_cell(_cell("test", source, [hidden_failure]), {}, 0)
    shown = cell.outputs[0].evalue + "\n".join(cell.outputs[0].traceback)
    assert "steps" not in shown and "_n" not in shown and cell.outputs[0].evalue == hide.notice
    visible_failure = nbformat.v4.new_output(
        "error", ename="AssertionError", evalue="f(1) should be 1, got 2",
        traceback=[_frame(1, "assert f(1) == 1, f'f(1) should be 1, got {f(1)}'"),
                   "AssertionError: f(1) should be 1, got 2"])
    cell, _ = hide.preprocess_cell(_cell("test", source, [visible_failure]), {}, 0)
    assert cell.outputs[0].evalue == "f(1) should be 1, got 2", "a visible check keeps its helpful message"
    unknown = nbformat.v4.new_output("error", ename="AssertionError", evalue="100 steps",
                                     traceback=["AssertionError: 100 steps"])
    cell, _ = hide.preprocess_cell(_cell("test", source, [unknown]), {}, 0)
    assert cell.outputs[0].evalue == hide.notice, "when the failing line is not found, show only the notice"
