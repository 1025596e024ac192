"""The README's instructor workflow, run end to end with the real commands in a temporary course.

release -> collect (submitted/ layout, and LMS zips via `nbgrader zip_collect`) -> autograde
(`python -m embedlab_grader`, i.e. nbgrader in parallel) -> manual grading (through nbgrader's
gradebook API, as formgrader does) -> `nbgrader generate_feedback` -> `nbgrader export` to CSV.
The same commands are listed in docs/instructors.md; keep them in step.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from embedlab.notebook.cells import is_answer_cell, nbgrader_meta
from tests.support import nbgrader_course
from tests.support.lessons import ROOT, Lesson, cells_by_id, wrong_answers

# make test runs this course of its own in the lane beside the grading tests (tests/support/lanes.py)
pytestmark = [pytest.mark.grading, pytest.mark.others_lane]
LESSON = Lesson("01-one-hot-vs-embeddings")
SLUG = LESSON.slug
WRITTEN = "why_one_hot"


def sh(root: Path, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(list(args), cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


def nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    return sh(root, sys.executable, "-m", "nbgrader", *args)


def test_instructor_workflow_end_to_end(tmp_path: Path) -> None:
    root = tmp_path / "course"
    (root / "solutions").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", root)
    shutil.copytree(LESSON.solution_path.parent, root / "solutions" / SLUG)

    # 1. roster and release
    roster = [("alice", "Alice", "Archer"), ("bob", "Bob", "Baker"), ("carol", "Carol", "Cook")]
    for sid, first, last in roster:
        nbgrader(root, "db", "student", "add", sid, f"--first-name={first}", f"--last-name={last}")
    nbgrader(root, "generate_assignment", SLUG, "--force")
    release = root / "notebooks" / SLUG / f"{SLUG}.ipynb"
    assert release.exists()

    # 2. students work on the released notebook
    student_nb = nbformat.read(release, as_version=4)
    solved = nbformat.from_dict(student_nb)
    code = {nbgrader_meta(c)["grade_id"]: c.source for c in LESSON.solution().cells if is_answer_cell(c)}
    for gid, cell in cells_by_id(solved).items():
        if gid in code:
            cell.source = code[gid]
    cells_by_id(solved)[WRITTEN].source = "Their one-hot vectors are orthogonal, so nothing carries over."
    wrong = nbformat.from_dict(student_nb)
    for gid, variants in wrong_answers(LESSON).items():
        cells_by_id(wrong)[gid].source = variants[0][1]

    # 3a. collect: a submission already in submitted/<student>/<lesson>/ (exchange collect, or copied)
    nbgrader_course.submit(root, LESSON, "alice", solved)
    # 3b. collect: zips downloaded from an LMS -> nbgrader zip_collect
    archive = root / "downloaded" / SLUG / "archive"
    archive.mkdir(parents=True)
    for sid, nb in [("bob", student_nb), ("carol", wrong)]:
        with zipfile.ZipFile(archive / f"{sid}_{SLUG}.zip", "w") as z:
            z.writestr(f"{SLUG}.ipynb", nbformat.writes(nb))
    nbgrader(root, "zip_collect", SLUG)
    for sid in ("alice", "bob", "carol"):
        assert (root / "submitted" / sid / SLUG / f"{SLUG}.ipynb").exists(), f"{sid} was not collected"

    # 4. autograde the class in parallel (nbgrader autograde per student, 2 at a time)
    done = sh(root, sys.executable, "-m", "embedlab_grader", SLUG, "--workers", "2")
    assert "3 submissions: 3 graded" in done.stdout, done.stdout

    # 5. manual grading of the written answer, through the gradebook as formgrader does
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        grade = gb.find_grade(WRITTEN, SLUG, SLUG, "alice")
        assert grade.needs_manual_grade and grade.max_score == 3
        grade.manual_score = 2.5
        grade.needs_manual_grade = False  # formgrader's GradeHandler.put does the same
        comment = gb.find_comment(WRITTEN, SLUG, SLUG, "alice")
        comment.manual_comment = "Good: orthogonality. Missing: when one-hot is still right."
        gb.db.commit()
        assert not gb.find_grade(WRITTEN, SLUG, SLUG, "alice").needs_manual_grade
        cells = gb.find_notebook(SLUG, SLUG).grade_cells
        auto_max = sum(g.max_score for g in cells if g.name.startswith("test_"))

    # 6. feedback for every student
    nbgrader(root, "generate_feedback", SLUG, "--force")
    page = (root / "feedback" / "alice" / SLUG / f"{SLUG}.html").read_text()
    assert "Missing: when one-hot is still right." in page
    for sid in ("bob", "carol"):
        assert (root / "feedback" / sid / SLUG / f"{SLUG}.html").exists()

    # 7. export the grades
    nbgrader(root, "export", "--to", "grades.csv")
    rows = {r["student_id"]: r for r in csv.DictReader((root / "grades.csv").open())}
    assert set(rows) == {"alice", "bob", "carol"}
    assert float(rows["alice"]["score"]) == auto_max + 2.5
    assert float(rows["alice"]["max_score"]) == auto_max + 3
    assert float(rows["bob"]["score"]) == 0
    assert 0 <= float(rows["carol"]["score"]) < auto_max
