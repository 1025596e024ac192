"""Check my work (embedlab.checkwork): hidden tests run on a learner's notebook and never shown.

A small made-up lesson (solutions/ + notebooks/ in a temporary course folder) gives exact answers;
lesson 01's untouched student notebook checks the real thing.
"""

from __future__ import annotations

import doctest
import importlib
import json
import os
import pkgutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from embedlab import checkwork
from embedlab.checkwork import cell as checkwork_cell
from embedlab.checkwork import check_notebook, hidden_lines
from embedlab.checkwork import hints as checkhints
from embedlab.checkwork.run import RUNNING
from embedlab.notebook.cells import is_test_cell
from tests.support.lessons import lessons, paste_below

KERNEL = {"name": "embeddings-in-pytorch", "display_name": "Embeddings in PyTorch", "language": "python"}
SLUG = "01-demo"

VISIBLE_DOUBLE = 'assert double(2) == 4, "double(2) should be 4"'
VISIBLE_SQUARE = 'assert square(3) == 9, "square(3) should be 9"'
HIDDEN = {
    "test_double": ["# negative numbers are doubled too: SECRET-COMMENT-A",
                    'assert double(-3) == -6, "SECRET-MESSAGE-A double(-3) is -6"'],
    "test_square": ["# floats: SECRET-COMMENT-B",
                    "_secret_expected = 0.25",
                    'assert square(0.5) == _secret_expected, f"SECRET-MESSAGE-B got {square(0.5)}"'],
    "test_cube": ['assert cube(-2) == -8, "SECRET-MESSAGE-C"'],
}
MODEL = ("**Model answer.** Doubling is adding a number to itself.\n\n"
         "**Rubric (1 point).**\n- 1 point: says so.")


def _meta(grade_id: str, *, grade: bool, solution: bool, points: int = 0, locked: bool = False) -> dict:
    m = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
         "task": False}
    if grade:
        m["points"] = points
    return {"nbgrader": m}


def _test_cell(gid: str, visible: str, hidden: bool) -> nbformat.NotebookNode:
    lines = [visible]
    if hidden:
        lines += ["### BEGIN HIDDEN TESTS", *HIDDEN[gid], "### END HIDDEN TESTS"]
    meta = _meta(gid, grade=True, solution=False, points=2, locked=True)
    return nbformat.v4.new_code_cell("\n".join(lines), metadata=meta)


def _lesson(answers: dict[str, str], written: str, *, solution: bool) -> nbformat.NotebookNode:
    """The made-up lesson: three exercises (double, square, cube) and one written question."""
    def answer(gid: str) -> nbformat.NotebookNode:
        return nbformat.v4.new_code_cell(answers[gid], metadata=_meta(gid, grade=False, solution=True))
    cells = [
        nbformat.v4.new_markdown_cell("# A made-up lesson"),
        nbformat.v4.new_code_cell("import math"),
        answer("double"), _test_cell("test_double", VISIBLE_DOUBLE, solution),
        answer("square"), _test_cell("test_square", VISIBLE_SQUARE, solution),
        answer("cube"), _test_cell("test_cube", 'assert cube(2) == 8, "cube(2) should be 8"', solution),
        nbformat.v4.new_markdown_cell(written,
                                      metadata=_meta("why_double", grade=True, solution=True, points=1)),
    ]
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": KERNEL})


STUB = "def {name}(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()"
SOLUTIONS = {"double": "def double(x):\n    return 2 * x", "square": "def square(x):\n    return x * x",
             "cube": "def cube(x):\n    return x ** 3"}


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A course folder holding the made-up lesson's source in solutions/."""
    (tmp_path / "solutions" / SLUG).mkdir(parents=True)
    (tmp_path / "notebooks" / SLUG).mkdir(parents=True)
    source = _lesson(SOLUTIONS, f"### BEGIN SOLUTION\n{MODEL}\n### END SOLUTION", solution=True)
    nbformat.write(source, tmp_path / "solutions" / SLUG / f"{SLUG}.ipynb")
    return tmp_path


def _learner(course: Path, answers: dict[str, str], written: str = "YOUR ANSWER HERE") -> Path:
    full = {k: answers.get(k, STUB.format(name=k)) for k in SOLUTIONS}
    path = course / "notebooks" / SLUG / f"{SLUG}.ipynb"
    nbformat.write(_lesson(full, written, solution=False), path)
    return path


def _hidden_text(solution_path: Path) -> list[str]:
    """Every non-marker line of every hidden region of a source notebook."""
    nb = nbformat.read(solution_path, as_version=4)
    out = []
    for cell in nb.cells:
        if is_test_cell(cell):
            lines = cell.source.splitlines()
            out += [lines[n - 1].strip() for n in sorted(hidden_lines(cell.source))
                    if "HIDDEN TESTS" not in lines[n - 1] and lines[n - 1].strip()]
    return out


def _shown(report: checkwork.Report) -> str:
    return report.text() + "\n" + report.html() + "\n" + report.to_json()


def _status(report: checkwork.Report) -> dict[str, str]:
    return {e.grade_id: e.status for e in report.exercises}


def test_doctests_run() -> None:
    for info in pkgutil.iter_modules(checkwork.__path__, "embedlab.checkwork."):
        module = importlib.import_module(info.name)
        result = doctest.testmod(module)
        assert result.failed == 0, info.name
        assert result.attempted or info.name.endswith("__main__"), f"{info.name} has no example"


def test_one_right_one_wrong(course: Path) -> None:
    # square passes its visible check but fails the hidden one (floats); cube is untouched
    nb = _learner(course, {"double": SOLUTIONS["double"],
                           "square": "def square(x):\n    return x * x if isinstance(x, int) else 0"})
    report = check_notebook(course / "solutions" / SLUG / f"{SLUG}.ipynb", nb, SLUG)
    assert _status(report) == {"test_double": "passed", "test_square": "failed", "test_cube": "not attempted"}
    square = report.exercises[1]
    assert square.exercise == "Exercise 2 (square)"
    assert square.message == checkhints.DEFAULT_HINT, "a hidden failure gets the test's hint, nothing else"
    assert "1 passed, 1 failed, 1 not attempted (2 of 6 points" in report.text()
    shown = _shown(report)
    leaks = [line for line in _hidden_text(course / "solutions" / SLUG / f"{SLUG}.ipynb") if line in shown]
    assert not leaks, f"hidden test text in the report: {leaks}"
    assert "SECRET" not in shown and "0.25" not in shown and "Traceback" not in shown


def test_visible_failure_shows_its_message(course: Path) -> None:
    nb = _learner(course, {"double": "def double(x):\n    return x + 1", "square": SOLUTIONS["square"],
                           "cube": "def cube(x):\n    return x * x * x"})
    report = check_notebook(course / "solutions" / SLUG / f"{SLUG}.ipynb", nb, SLUG)
    assert _status(report) == {"test_double": "failed", "test_square": "passed", "test_cube": "passed"}
    assert report.exercises[0].message == "double(2) should be 4"
    assert "SECRET" not in _shown(report)


def test_an_error_in_the_answer_is_named_but_hidden_lines_are_not(course: Path) -> None:
    # double raises for negative numbers only: the error comes from a hidden line, so only the hint shows
    nb = _learner(course, {"double": "def double(x):\n    if x < 0:\n        raise ValueError('negative')\n"
                                     "    return 2 * x"})
    report = check_notebook(course / "solutions" / SLUG / f"{SLUG}.ipynb", nb, SLUG)
    assert report.exercises[0].status == "failed"
    assert report.exercises[0].message == checkhints.DEFAULT_HINT
    # a TypeError on a visible line names the error (the learner's own code, on a line they can read)
    nb = _learner(course, {"double": "def double(x):\n    return len(x)"})
    report = check_notebook(course / "solutions" / SLUG / f"{SLUG}.ipynb", nb, SLUG)
    assert report.exercises[0].status == "failed"
    assert report.exercises[0].message.startswith("TypeError: object of type 'int' has no len()")


def test_untouched_notebook_is_not_attempted(course: Path) -> None:
    nb = _learner(course, {})
    report = check_notebook(course / "solutions" / SLUG / f"{SLUG}.ipynb", nb, SLUG)
    assert set(_status(report).values()) == {"not attempted"}
    assert [w.answered for w in report.written] == [False]
    assert "Model answer" not in _shown(report), "the model answer waits until the learner has written one"


def test_written_answer_unlocks_model_answer_and_rubric(course: Path) -> None:
    nb = _learner(course, dict(SOLUTIONS), written="Because 2x = x + x.")
    report = check_notebook(course / "solutions" / SLUG / f"{SLUG}.ipynb", nb, SLUG)
    assert set(_status(report).values()) == {"passed"}
    assert report.written[0].answered and report.written[0].model_answer == MODEL
    assert "BEGIN SOLUTION" not in report.text() and "Rubric (1 point)" in report.text()


def test_a_deleted_test_cell_is_put_back(course: Path) -> None:
    path = _learner(course, {"double": "def double(x):\n    return 0"})
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "test_double"]
    nbformat.write(nb, path)
    report = check_notebook(course / "solutions" / SLUG / f"{SLUG}.ipynb", path, SLUG)
    assert _status(report)["test_double"] == "failed"


def test_copied_cells_are_checked_as_the_grader_grades_them(course: Path) -> None:
    # JupyterLab's copy and paste copies nbgrader's metadata: the last copy keeps the role, as in the grader
    path = _learner(course, {"double": "def double(x):\n    return 0", "square": SOLUTIONS["square"]})
    nb = nbformat.read(path, as_version=4)
    double, _ = paste_below(nb, "double", "test_double")
    double.source = SOLUTIONS["double"]  # the learner's second try, below the first
    nbformat.write(nb, path)
    report = check_notebook(course / "solutions" / SLUG / f"{SLUG}.ipynb", path, SLUG)
    assert [e.grade_id for e in report.exercises] == ["test_double", "test_square", "test_cube"]
    assert _status(report) == {"test_double": "passed", "test_square": "passed", "test_cube": "not attempted"}


def test_cli_and_class_handout(course: Path, tmp_path: Path) -> None:
    _learner(course, {"double": SOLUTIONS["double"]})
    run = subprocess.run([sys.executable, "-m", "embedlab.checkwork", "1", "--json"], cwd=course,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert _status(checkwork.Report.from_json(run.stdout))["test_double"] == "passed"
    bad = subprocess.run([sys.executable, "-m", "embedlab.checkwork", "42"], cwd=course,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "no single lesson matches '42'" in bad.stderr and SLUG in bad.stderr
    # a class hand-out: notebooks/ without solutions/
    handout = tmp_path / "handout"
    (handout / "notebooks" / SLUG).mkdir(parents=True)
    (handout / "notebooks" / SLUG / f"{SLUG}.ipynb").write_bytes(
        (course / "notebooks" / SLUG / f"{SLUG}.ipynb").read_bytes())
    run = subprocess.run([sys.executable, "-m", "embedlab.checkwork", "01"], cwd=handout,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "your instructor grades them" in run.stdout


def test_a_stopped_check_cleans_up_its_kernel_folder(course: Path, tmp_path: Path) -> None:
    """SIGTERM (what check() sends when its cell is interrupted) unwinds: the temporary copy goes."""
    _learner(course, {"double": "import time\ntime.sleep(120)\n" + SOLUTIONS["double"]})
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}
    process = subprocess.Popen([sys.executable, "-m", "embedlab.checkwork", "1"], cwd=course, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(scratch.glob("checkwork-*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert list(scratch.glob("checkwork-*")), "the check never made its temporary folder"
    time.sleep(3)  # the checking kernel is up and inside the sleeping answer
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130 and "stopped before it finished" in err, (process.returncode, out, err)
    assert not list(scratch.glob("checkwork-*")), "a stopped check left its temporary folder behind"


def test_interrupting_the_cell_terminates_the_check_instead_of_killing_it(monkeypatch) -> None:
    """Ctrl+C / Interrupt in the notebook: the checking process gets SIGTERM, so it can clean up."""
    calls: list[str] = []

    class Checker:
        returncode = 130

        def __init__(self, *args, **kwargs) -> None:
            self.waits = 0

        def communicate(self, timeout=None):
            self.waits += 1
            if self.waits == 1:
                raise KeyboardInterrupt
            calls.append(f"wait {timeout}")
            return "", ""

        def terminate(self) -> None:
            calls.append("terminate")

        def kill(self) -> None:
            calls.append("kill")

    monkeypatch.setattr(checkwork_cell.subprocess, "Popen", Checker)
    with pytest.raises(KeyboardInterrupt):
        checkwork_cell._run_check(["python", "-m", "embedlab.checkwork", "01"], None)
    assert calls == ["terminate", "wait 30"], calls


def test_every_test_cell_has_a_hint() -> None:
    missing = [f"{lesson.slug}: {c.metadata['nbgrader']['grade_id']}" for lesson in lessons()
               for c in lesson.solution().cells
               if is_test_cell(c)
               and c.metadata["nbgrader"]["grade_id"] not in checkhints.HINTS.get(lesson.slug, {})]
    assert not missing, ("these test cells have no hint for check-my-work; add one to "
                         f"src/embedlab/checkwork/hints.py: {missing}")


@pytest.mark.notebook  # runs lesson 01 (its untouched student version) with the hidden tests
def test_untouched_lesson_01_reports_not_attempted_and_no_hidden_text() -> None:
    lesson = lessons()[0]
    report = check_notebook(lesson.solution_path, lesson.student_path, lesson.slug)
    assert report.exercises, "lesson 01 has exercises"
    assert {e.status for e in report.exercises} == {"not attempted"}, report.text()
    assert len(report.exercises) == sum(is_test_cell(c) for c in lesson.solution().cells)
    shown = _shown(report)
    # every hidden line long enough to be more than a keyword ("else:", ")") must be absent
    leaks = [line for line in _hidden_text(lesson.solution_path) if len(line) > 6 and line in shown]
    assert not leaks, f"hidden test text in the report: {leaks}"
    assert json.loads(report.to_json())["lesson"] == lesson.slug


def test_a_check_cell_in_the_notebook_does_not_start_another_check(course: Path, monkeypatch) -> None:
    """Lessons suggest ending the notebook with a check() cell; the checking kernel runs it too.

    There check() must do nothing: started again on the same saved notebook it would run the check
    again (and again), until the cell timed out minutes later. The checking kernel is told by an
    environment variable, which the first answer below requires.
    """
    needs_flag = (f"import os\nassert os.environ.get({RUNNING!r}) == '1', 'not in the checking kernel'\n"
                  + SOLUTIONS["double"])
    path = _learner(course, {"double": needs_flag})
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("from embedlab.checkwork import check; check()"))
    nbformat.write(nb, path)
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))  # what JupyterLab tells a notebook's kernel
    report = check_notebook(course / "solutions" / SLUG / f"{SLUG}.ipynb", path, SLUG, timeout=120)
    assert _status(report) == {"test_double": "passed", "test_square": "not attempted",
                               "test_cube": "not attempted"}


def test_check_does_nothing_inside_the_checking_kernel(monkeypatch, capsys) -> None:
    monkeypatch.setenv(RUNNING, "1")

    def no_process(*args, **kwargs):
        raise AssertionError("check() started a process inside the checking kernel")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    assert checkwork.check("01") is None
    assert "does nothing here" in capsys.readouterr().out


def test_demo_cells_the_grader_skips_are_skipped_here_too(course: Path) -> None:
    """Check my work runs the cells autograding runs: a tagged demo cell, unchanged, is left out."""
    demo = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)  # a demo that would stop the kernel"

    def with_demo(path: Path, tag: bool) -> None:
        nb = nbformat.read(path, as_version=4)
        nb.cells.insert(2, nbformat.v4.new_code_cell(demo, id="demo-kill",
                                                     metadata={"tags": ["grading-skip"] if tag else []}))
        nbformat.write(nb, path)

    source = course / "solutions" / SLUG / f"{SLUG}.ipynb"
    with_demo(source, tag=True)
    path = _learner(course, {"double": SOLUTIONS["double"]})
    with_demo(path, tag=False)  # the learner's own tags count for nothing; the source's do
    report = check_notebook(source, path, SLUG)
    assert _status(report) == {"test_double": "passed", "test_square": "not attempted",
                               "test_cube": "not attempted"}
    # a demo cell the learner changed is the learner's own code: it runs (here it stops the kernel)
    nb = nbformat.read(path, as_version=4)
    nb.cells[2].source += "\n# mine"
    nbformat.write(nb, path)
    report = check_notebook(source, path, SLUG)
    assert set(_status(report).values()) == {"not checked"}


@pytest.mark.notebook  # runs every lesson, answered with the solution, with the hidden tests
@pytest.mark.parametrize("lesson", lessons(), ids=str)
def test_the_solution_passes_check_my_work(lesson, tmp_path: Path) -> None:
    """Check my work never fails a right answer: every lesson's solution passes every exercise."""
    from tests.support import nbgrader_course

    folder = tmp_path / lesson.slug
    folder.mkdir()
    path = folder / f"{lesson.slug}.ipynb"
    nbformat.write(nbgrader_course.filled_submission(lesson, nbgrader_course.solution_answers(lesson)), path)
    report = check_notebook(lesson.solution_path, path, lesson.slug)
    assert len(report.exercises) == sum(is_test_cell(c) for c in lesson.solution().cells)
    assert {e.status for e in report.exercises} == {"passed"}, report.text()
