"""No student notebook contains a line of any solution.

For every lesson, each line of every ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region of
the source notebook (``solutions/``: code answers and written model answers alike) that is
``MIN_CHARS`` or more characters long must appear nowhere in the generated student notebook
(``notebooks/``). Lines are compared normalised: runs of whitespace become one space, and in
code cells a trailing ``# comment`` is dropped, so a copy that was re-indented, re-spaced or
commented differently is still found. A solution line found anywhere in the student version --
say, in a "reference" cell after the exercise -- hands the answer to every learner.

``ALLOWED`` lists the few lines that may appear in both, each with its reason (course
conventions, not answers).

Run it against another student notebook (say, an older commit's) with::

    python -m tests.test_no_solution_in_student_notebooks SOLUTION.ipynb STUDENT.ipynb
"""

from __future__ import annotations

import re
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tests.support.lessons import Lesson, lessons

MIN_CHARS = 25
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"

#: Normalised solution lines that may also appear in a student notebook, with the reason.
ALLOWED: dict[str, str] = {
    # (none needed today; add an entry only for a course convention, never for an answer)
}

#: Lessons whose student notebook still holds solution lines, with why; each must really fail
#: (strict xfail), so fixing the lesson turns this test red until the entry is removed.
KNOWN_LEAKS: dict[str, str] = {
    # (none today)
}

_SPACE = re.compile(r"\s+")


def strip_comment(line: str) -> str:
    """The code of a Python line without its ``#`` comment (a ``#`` inside a string stays).

    >>> strip_comment("x = '#1'  # the first")
    "x = '#1'"
    """
    quote = ""
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\":
                i += 1
            elif line.startswith(quote, i):
                i += len(quote) - 1
                quote = ""
        elif ch in "'\"":
            quote = line[i : i + 3] if line[i : i + 3] in ("'''", '"""') else ch
            i += len(quote) - 1
        elif ch == "#":
            return line[:i].rstrip()
        i += 1
    return line


def normalise(line: str, code: bool) -> str:
    """``line`` with whitespace runs as one space, trimmed; in code, without its comment.

    >>> normalise("    g = torch.sigmoid(s)    - 1   # (B,)", code=True)
    'g = torch.sigmoid(s) - 1'
    """
    return _SPACE.sub(" ", strip_comment(line) if code else line).strip()


def solution_lines(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """``(cell index, normalised line)`` of every solution-region line of ``MIN_CHARS``+ characters."""
    out = []
    for index, cell in enumerate(nb.cells):
        inside = False
        for line in cell.source.splitlines():
            if BEGIN in line:
                inside = True
            elif END in line:
                inside = False
            elif inside:
                text = normalise(line, cell.cell_type == "code")
                if len(text) >= MIN_CHARS:
                    out.append((index, text))
    return out


def student_text(nb: nbformat.NotebookNode) -> str:
    """Every line of every cell of the student notebook, normalised, one per line."""
    return "\n".join(normalise(line, cell.cell_type == "code")
                     for cell in nb.cells for line in cell.source.splitlines())


def leaks(solution: nbformat.NotebookNode, student: nbformat.NotebookNode) -> list[str]:
    """The solution lines (``[cell N] text``) that appear somewhere in the student notebook."""
    text = student_text(student)
    return [f"[cell {index}] {line}" for index, line in solution_lines(solution)
            if line not in ALLOWED and line in text]


# ------------------------------------------------------------------------------- the lessons
def _param(lesson: Lesson) -> object:
    reason = KNOWN_LEAKS.get(lesson.slug)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(lesson, id=lesson.slug, marks=marks)


@pytest.mark.parametrize("lesson", [_param(lesson) for lesson in lessons()])
def test_student_notebook_holds_no_solution_line(lesson: Lesson) -> None:
    found = leaks(lesson.solution(), lesson.student())
    assert not found, (
        f"{lesson.student_path.name} contains {len(found)} line(s) of its solutions (solution-notebook "
        "cell index, normalised line); remove them from the lesson's other cells:\n  " + "\n  ".join(found))


def test_every_lesson_has_solution_lines_to_check() -> None:
    assert all(solution_lines(lesson.solution()) for lesson in lessons())


def test_allowed_lines_are_normalised_and_explained() -> None:
    for line, reason in ALLOWED.items():
        assert line == normalise(line, code=False) and len(line) >= MIN_CHARS and reason.strip(), line


# ------------------------------------------------------------------------- the check can fail
_ANSWER = new_code_cell(
    "def grad(v, u):\n"
    "    ### BEGIN SOLUTION\n"
    "    g = torch.sigmoid((u * v).sum(dim=1)) - 1   # (B,) the score's slope\n"
    "    return g\n"
    "    ### END SOLUTION\n")
_RELEASED = new_code_cell("def grad(v, u):\n    raise NotImplementedError()\n")


def test_a_reference_copy_after_the_exercise_is_found() -> None:
    solution = new_notebook(cells=[_ANSWER])
    clean = new_notebook(cells=[_RELEASED, new_code_cell("print(grad(v, u))")])
    assert leaks(solution, clean) == []
    # re-indented, re-spaced, with another comment: still the same line of code
    copied = new_code_cell("def reference(v, u):\n  g  = torch.sigmoid((u * v).sum(dim=1)) - 1  # (B,)\n")
    assert leaks(solution, new_notebook(cells=[_RELEASED, copied])) == [
        "[cell 0] g = torch.sigmoid((u * v).sum(dim=1)) - 1"]
    # quoted in the prose counts too; short lines (return g) are not checked
    prose = new_markdown_cell("Hint: `g = torch.sigmoid((u * v).sum(dim=1)) - 1`, then return g.")
    assert len(leaks(solution, new_notebook(cells=[_RELEASED, prose]))) == 1


def test_a_written_model_answer_in_the_student_version_is_found() -> None:
    model = "The exponent flattens the distribution between the two extremes."
    solution = new_notebook(cells=[new_markdown_cell(f"{BEGIN}\n**Model answer.** {model}\n{END}")])
    student = new_notebook(cells=[new_markdown_cell("YOUR ANSWER HERE"), new_markdown_cell(model)])
    assert leaks(solution, student) == []  # "**Model answer.** ..." is the line; it is not there
    student.cells.append(new_markdown_cell(f"**Model answer.** {model}"))
    assert len(leaks(solution, student)) == 1


if __name__ == "__main__":  # pragma: no cover - a tool for comparing other versions by hand
    found = leaks(nbformat.read(sys.argv[1], as_version=4), nbformat.read(sys.argv[2], as_version=4))
    print("\n".join(found) or "no solution line in the student notebook")
    sys.exit(1 if found else 0)
