"""Grade submissions with nbgrader's own autograder in a throw-away course directory.

Used by the grading round-trip tests (and the instructor tooling tests). We drive nbgrader
through its Python API (``NbGraderAPI``) and read scores back from its gradebook, because
some of its command-line tools exit 0 even when they fail.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

from embedlab.notebook.cells import is_answer_cell, is_written_cell, nbgrader_meta
from tests.support.lessons import ROOT, Lesson, cells_by_id


@dataclass
class CellScore:
    grade_id: str
    score: float
    max_score: float
    needs_manual_grade: bool


def course_config(root: Path, extra: Config | None = None) -> Config:
    """The repo's nbgrader_config.py, pointed at ``root`` with its own SQLite gradebook."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    config.Exchange.root = str(root / "exchange")
    if extra is not None:
        config.merge(extra)
    return config


def make_course(root: Path, lessons: list[Lesson]) -> Path:
    """A course directory with the given lessons' sources, released into the gradebook."""
    from nbgrader.apps import NbGraderAPI

    root.mkdir(parents=True, exist_ok=True)
    # command-line nbgrader (and embedlab_grader) run in ``root`` read the course config from there
    shutil.copy(ROOT / "nbgrader_config.py", root / "nbgrader_config.py")
    for lesson in lessons:
        shutil.copytree(lesson.solution_path.parent, root / "solutions" / lesson.slug)
    api = NbGraderAPI(config=course_config(root))
    for lesson in lessons:
        result = api.generate_assignment(lesson.slug, force=True, create=True)
        assert result["success"], (
            f"generate_assignment {lesson.slug} failed:\n{result['log']}\n{result.get('error')}")
    return root


def filled_submission(lesson: Lesson, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The student notebook with the given answer cells' sources replaced ({grade_id: source})."""
    nb = lesson.student()
    by_id = cells_by_id(nb)
    unknown = set(answers) - set(by_id)
    if unknown:
        raise KeyError(f"{lesson.slug} has no cells {sorted(unknown)}")
    for gid, source in answers.items():
        by_id[gid].source = source
    return nb


def solution_answers(lesson: Lesson) -> dict[str, str]:
    """The solution notebook's source for every answer and written cell."""
    return {nbgrader_meta(c)["grade_id"]: c.source for c in lesson.solution().cells
            if is_answer_cell(c) or is_written_cell(c)}


def submit(root: Path, lesson: Lesson, student: str, nb: nbformat.NotebookNode) -> Path:
    path = root / "submitted" / student / lesson.slug / f"{lesson.slug}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def autograde(root: Path, lesson: Lesson, student: str, extra: Config | None = None) -> dict:
    from nbgrader.apps import NbGraderAPI

    api = NbGraderAPI(config=course_config(root, extra))
    return api.autograde(lesson.slug, student, force=True, create=True)


def scores(root: Path, lesson: Lesson, student: str) -> dict[str, CellScore]:
    """Scores of every graded cell of one student's submission, read from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        sub = gb.find_submission_notebook(lesson.slug, lesson.slug, student)
        return {
            g.name: CellScore(g.name, float(g.score), float(g.max_score), bool(g.needs_manual_grade))
            for g in sub.grades
        }


def class_scores(db_url: str, lesson: Lesson) -> dict[str, dict[str, CellScore]]:
    """{student: {grade_id: score}} of every submission of ``lesson`` in the gradebook at ``db_url``."""
    from nbgrader.api import Gradebook

    out: dict[str, dict[str, CellScore]] = {}
    with Gradebook(db_url) as gb:
        for sub in gb.assignment_submissions(lesson.slug):
            nb = gb.find_submission_notebook(lesson.slug, lesson.slug, sub.student_id)
            out[sub.student_id] = {
                g.name: CellScore(g.name, float(g.score), float(g.max_score), bool(g.needs_manual_grade))
                for g in nb.grades
            }
    return out


def write_table(lesson: Lesson, results: dict[str, dict[str, CellScore]],
                plan: dict[str, dict[str, str]]) -> Path:
    """Write the round-trip table (student -> autograded points) to artifacts/ for the notes."""
    out = ROOT / "artifacts" / f"roundtrip-{lesson.slug}.txt"
    out.parent.mkdir(exist_ok=True)
    lines = [f"{'submission':10} {'points':>9}  answers used (exercise: description)"]
    for student, cells in results.items():
        auto = {g: s for g, s in cells.items() if not s.needs_manual_grade and g.startswith("test_")}
        got = sum(s.score for s in auto.values())
        total = sum(s.max_score for s in auto.values())
        picks = "; ".join(f"{g}: {d}" for g, d in plan.get(student, {}).items())
        lines.append(f"{student:10} {got:5.1f}/{total:<3.0f}  {picks}")
    out.write_text("\n".join(lines) + "\n")
    return out
