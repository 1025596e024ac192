"""One nbgrader course with every lesson and every submission the grading tests read, graded once.

Built by the session fixture ``graded_course`` (tests/conftest.py) the first time a test asks for
it: the course's own ``nbgrader_config.py``, every lesson released into a SQLite gradebook, and per
lesson these students (nbgrader student ids; each submits every lesson):

=============  ================================================================================
solution       the student notebook with the solution's answers
untouched      the student notebook as released
wrongK         the K-th wrong answer of tests/wrong_answers/ for every exercise that has one
correctK       the K-th correct alternative there for every exercise that has one
peek           (lesson 01 only) correct answers that print their calling test cell and 300 lines
tagger         (lesson 02 only) wrong1 with every cell, test cells too, tagged ``grading-skip``
whole-S        for S in ``WHOLE_TWINS``: S's notebook again, graded with every cell run (the course
               config lists them in ``SkipDemoCells.run_whole_for``); the skip proof's twins
=============  ================================================================================

Wrong answers for different exercises are independent (each test cell calls only its own
exercise), so one submission can carry a wrong answer for every exercise. The class is graded by
the course's real grader, ``python -m embedlab_grader all --workers 2`` (nbgrader's autograde
per submission, every kernel sandboxed), then ``nbgrader generate_feedback`` writes every
student's feedback (but the whole twins', which differ only in the demo cells, and the correct
alternatives', where every test passes: :func:`gets_feedback`). The round trip
(tests/test_grading_roundtrip.py), feedback (tests/test_feedback.py), parallel-grading
(tests/test_parallel_grading.py), demo-cell skipping (tests/test_grading_skip.py) and Slurm
(tests/test_grading_scheduler.py) tests read this one course; none of them writes to what another
reads.

The adversarial submissions (tests/adversarial/) are not here: some attack the course directory
and the other students, so they are graded in a class of their own.
"""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from embedlab.notebook.demo_cells import TAG as SKIP_TAG
from tests.support import nbgrader_course
from tests.support.lessons import Lesson, cells_by_id, correct_answers, lessons, wrong_answers

WORKERS = 2  # the machine CI runs on has two cores
WHOLE = "whole-"  # prefix of the students whose notebooks run whole, every demo cell included
# Whose twins run whole, in every lesson: the solution's, at full marks. Which cells may be skipped is
# proved statically for the solution, the untouched notebook and every answer on file
# (test_no_skipped_cell_feeds_a_cell_that_runs); this twin shows, in every lesson, the real grader
# giving the same scores both ways. More twins cost a lesson's whole run each (lesson 06: 15 s):
# `make bench-grading` compares both paths over a generated class (solution, untouched and wrong
# answers) instead.
WHOLE_TWINS = ("solution",)
PEEK_LESSON = "01-one-hot-vs-embeddings"
TAGGER_LESSON = "02-tensors"
PEEKED_TAG = "===PEEKED==="
# correct answers that also print: the calling test cell's whole source (frame introspection), and 300 lines
# (written to file descriptor 1: the tests silence print() inside the calls they make, not the descriptor;
# once, then a pause, as a busy grader once lost a descriptor write made just before the cell ended)
PEEK_ENCODE = """import os, sys, linecache, time
def encode(tokens, itos):
    caller = sys._getframe(1)
    while caller.f_back is not None and "ipykernel" not in caller.f_code.co_filename:
        caller = caller.f_back                                 # up to the test cell that called us
    tag = "=" * 3 + "PEEKED" + "=" * 3              # PEEKED_TAG, written so: found only in what is printed
    if not getattr(encode, "peeked", False):
        encode.peeked = True
        os.write(1, (tag + "".join(linecache.getlines(caller.f_code.co_filename)) + tag).encode())
        time.sleep(1)  # the kernel forwards descriptor 1 from a thread: let it, before the cell ends
    stoi = {t: i for i, t in enumerate(itos)}
    return [stoi.get(t, 0) for t in tokens]
"""
LONG_BUILD_VOCAB = """print("\\n".join(f"vocabulary line {i}" for i in range(300)))
def build_vocab(tokens, min_count=1):
    counts = Counter(tokens)
    kept = [t for t, c in counts.items() if c >= min_count and t != "<unk>"]
    kept.sort(key=lambda t: (-counts[t], t))
    return ["<unk>"] + kept
"""


@dataclass
class GradedCourse:
    """The graded class: where it is, who submitted what, and what the grader printed."""

    root: Path
    lessons: list[Lesson]
    # lesson slug -> student -> {answer grade_id: description of the answer used}
    plans: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    # lesson slug -> the student notebook the course released (nbgrader generate_assignment)
    releases: dict[str, nbformat.NotebookNode] = field(default_factory=dict)
    grading: subprocess.CompletedProcess | None = None

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.root / 'gradebook.db'}"

    def with_feedback(self, lesson: Lesson) -> list[str]:
        """Who got feedback on ``lesson``: every student but the whole twins and the correct alternatives."""
        return [s for s in self.students(lesson) if gets_feedback(s)]

    def students(self, lesson: Lesson, *, twins: bool = True) -> list[str]:
        """Who submitted ``lesson``; ``twins=False`` leaves out the whole twins."""
        return sorted(p.name for p in (self.root / "submitted").iterdir()
                      if (p / lesson.slug).is_dir() and (twins or not p.name.startswith(WHOLE)))

    def scores(self, lesson: Lesson) -> dict[str, dict[str, nbgrader_course.CellScore]]:
        """{student: {grade_id: score}} of every submission of ``lesson``, from the gradebook."""
        return nbgrader_course.class_scores(self.db_url, lesson)

    def notebook(self, folder: str, lesson: Lesson, student: str) -> nbformat.NotebookNode:
        """A student's notebook in ``folder``: "submitted" or "autograded"."""
        path = self.root / folder / student / lesson.slug / f"{lesson.slug}.ipynb"
        return nbformat.read(path, as_version=4)

    def feedback(self, lesson: Lesson, student: str) -> Path:
        return self.root / "feedback" / student / lesson.slug / f"{lesson.slug}.html"


def gets_feedback(student: str) -> bool:
    """Whether the class's feedback is generated for ``student``: not for the whole twins (their
    notebooks are their originals'), nor for the correct alternatives (every test passes: no traceback
    to scrub, and their written answers are as untouched as the untouched notebook's)."""
    return not student.startswith((WHOLE, "correct"))


def _variants(lesson: Lesson, prefix: str, answers: dict[str, list[tuple[str, str]]],
              plan: dict[str, dict[str, str]]) -> dict[str, nbformat.NotebookNode]:
    """Submission K carries the K-th variant of every exercise that has one."""
    out = {}
    for k in range(max((len(v) for v in answers.values()), default=0)):
        picks = {gid: variants[k] for gid, variants in answers.items() if k < len(variants)}
        student = f"{prefix}{k + 1}"
        out[student] = nbgrader_course.filled_submission(lesson, {g: src for g, (_, src) in picks.items()})
        plan[student] = {g: desc for g, (desc, _) in picks.items()}
    return out


def submissions(lesson: Lesson, plan: dict[str, dict[str, str]]) -> dict[str, nbformat.NotebookNode]:
    """Every submission of ``lesson`` (see the module docstring); fills ``plan`` for wrong/correct ones."""
    out = {
        "solution": nbgrader_course.filled_submission(lesson, nbgrader_course.solution_answers(lesson)),
        "untouched": lesson.student(),
    }
    out |= _variants(lesson, "wrong", wrong_answers(lesson), plan)
    out |= _variants(lesson, "correct", correct_answers(lesson), plan)
    if lesson.slug == PEEK_LESSON:
        peek = lesson.student()
        cells = cells_by_id(peek)
        cells["encode"].source, cells["build_vocab"].source = PEEK_ENCODE, LONG_BUILD_VOCAB
        out["peek"] = peek
    if lesson.slug == TAGGER_LESSON:
        tagger = nbformat.from_dict(out["wrong1"])  # a copy
        for cell in tagger.cells:
            tags = cell.metadata.setdefault("tags", [])
            if SKIP_TAG not in tags:
                tags.append(SKIP_TAG)
        out["tagger"] = tagger
    return out


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=root, capture_output=True, text=True)


def build(root: Path) -> GradedCourse:
    """Make, grade and give feedback on the whole class in ``root`` (a fresh folder)."""
    course = GradedCourse(nbgrader_course.make_course(root, lessons()), lessons())
    twins = [WHOLE + student for student in WHOLE_TWINS]
    with (root / "nbgrader_config.py").open("a") as f:
        f.write(f"\nc.SkipDemoCells.run_whole_for = {twins!r}\n")
    for lesson in course.lessons:
        release = root / "notebooks" / lesson.slug / f"{lesson.slug}.ipynb"
        course.releases[lesson.slug] = nbformat.read(release, as_version=4)
        plan = course.plans.setdefault(lesson.slug, {})
        for student, nb in submissions(lesson, plan).items():
            nbgrader_course.submit(root, lesson, student, nb)
            if student in WHOLE_TWINS:
                nbgrader_course.submit(root, lesson, WHOLE + student, nb)
    course.grading = done = _run(root, "embedlab_grader", "all", "--workers", str(WORKERS))
    assert done.returncode == 0, f"grading the class failed:\n{done.stdout[-4000:]}\n{done.stderr[-2000:]}"
    # nbgrader's feedback, one lesson per process, two at a time
    excluded = sorted(p.name for p in (root / "submitted").iterdir() if not gets_feedback(p.name))

    def feedback(lesson: Lesson) -> subprocess.CompletedProcess:
        return _run(root, "nbgrader", "generate_feedback", lesson.slug, "--force",
                    f"--CourseDirectory.student_id_exclude={','.join(excluded)}")

    with ThreadPoolExecutor(WORKERS) as pool:
        runs = list(pool.map(feedback, course.lessons))
    for lesson, run in zip(course.lessons, runs):
        assert run.returncode == 0, f"generate_feedback {lesson.slug} failed:\n{run.stdout}\n{run.stderr}"
    return course
