"""Adversarial submissions, graded as one class by `python -m embedlab_grader` (nbgrader inside).

Every case of tests/adversarial/ is one student of the same class, graded in one go with two
workers, every kernel in the bubblewrap sandbox: the cheats score 0 on the exercises they target,
the faults are reported by student and cause, every other exercise and every other student keeps
its points, no submitted file is lost, and the course (config, sources, gradebook cells and manual
scores, submissions) is unchanged afterwards. A second, small class proves that the cheats are
real: graded with nbgrader's stock ``Execute`` and ``SaveAutoGrades`` (no sandbox, no guard, scores
from the kernel's outputs) they earn the points they target. The table case -> points -> report
lines is written to artifacts/adversarial-grading.txt.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from embedlab_grader import cli as runner
from embedlab_grader import integrity
from tests.adversarial import ALL, CASES, LESSON, READERS, Case
from tests.support import nbgrader_course
from tests.support.lessons import ROOT

pytestmark = pytest.mark.grading
# Seconds per cell. The guarded class runs in warm kernels with the demo cells skipped: lesson 01's
# slowest cell there takes 0.2 s, so 10 s stops the infinite loop soon and still leaves a loaded
# machine fiftyfold. Stock nbgrader starts a cold kernel and runs every cell: its slowest, the
# wiki corpus, took 2.7 s alone and 4.7 s in a loaded CI run. (Stock nbclient could also wait out the
# whole limit after a cell on a missed message, 45 s once in CI; the course config's stepped kernel
# clients, there for nbgrader's Validate, now reach this run too.)
TIMEOUT = 10
STOCK_TIMEOUT = 25


def _tests_of(scores: dict[str, nbgrader_course.CellScore]) -> dict[str, nbgrader_course.CellScore]:
    return {g: s for g, s in scores.items() if g.startswith("test_")}


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def adversarial_class(tmp_path_factory: pytest.TempPathFactory):
    root = nbgrader_course.make_course(tmp_path_factory.mktemp("adversarial"), [LESSON])
    for student, case in CASES.items():
        case.build(root / "submitted" / student / LESSON.slug)
    before = _digest(root / "submitted")
    course_before = integrity.fingerprint(root)
    jobs = runner.grade(root, [LESSON.slug], workers=2, timeout=TIMEOUT, progress=False)
    print(runner.summary(jobs))
    scores = nbgrader_course.class_scores(f"sqlite:///{root / 'gradebook.db'}", LESSON)
    _write_table(jobs, scores)
    return root, {j.student: j for j in jobs}, scores, before, course_before


def _write_table(jobs: list[runner.Job], scores: dict) -> None:
    out = ROOT / "artifacts" / "adversarial-grading.txt"
    out.parent.mkdir(exist_ok=True)
    lines = []
    for job in jobs:
        cells = _tests_of(scores.get(job.student, {}))
        got, total = sum(c.score for c in cells.values()), sum(c.max_score for c in cells.values())
        case = CASES[job.student]
        points = f"{got:g}/{total:g}" if job.graded else "withheld"
        lines.append(f"{job.student} [{case.issue_class or 'fault'}] {points}: {case.description}")
        lines += [f"    - {f}" for f in job.findings]
    out.write_text("\n".join(lines) + "\n")


def _param(student: str):
    case = CASES[student]
    marks = [pytest.mark.xfail(reason=case.pending, strict=False)] if case.pending else []
    return pytest.param(student, marks=marks, id=student)


@pytest.mark.parametrize("student", [_param(s) for s in CASES])
def test_case_is_graded_and_reported(adversarial_class, student: str) -> None:
    root, jobs, scores, _, _ = adversarial_class
    case: Case = CASES[student]
    job = jobs[student]
    kinds = {f.kind for f in job.findings}
    missing = case.findings - kinds
    assert not missing, (
        f"{student} ({case.description}): the instructor was not told {missing}; got {job.findings}")
    if not case.findings:
        assert not job.findings, f"{student}: unexpected remarks {job.findings}"
    assert job.graded == case.graded, (
        f"{student}: graded={job.graded}, expected {case.graded}\n{job.log[-3000:]}")
    if not case.graded:
        assert student not in scores or not any(s.score for s in _tests_of(scores[student]).values())
        return
    cells = _tests_of(scores[student])
    assert cells, f"{student} has no grades"
    zero = set(cells) if case.zero == ALL else set(case.zero)
    wrong = {g: (s.score, s.max_score) for g, s in cells.items()
             if (g in zero and s.score != 0) or (g not in zero and s.score != s.max_score)
             or s.needs_manual_grade}
    assert not wrong, (
        f"{student} ({case.description}): wrong scores {wrong} (zero expected on {sorted(zero)})")


def test_every_kernel_ran_in_the_sandbox(adversarial_class) -> None:
    jobs = adversarial_class[1]
    ran = {s: j.sandbox for s, j in jobs.items() if j.returncode is not None}
    assert ran and all(v.startswith("bubblewrap sandbox") for v in ran.values()), ran
    # the attacks ran in kernels forked from the warm template (embedlab_grader.warm_kernels), as a
    # real class is graded, not only in cold kernels
    assert all("kernels forked from a warm template" in v for v in ran.values()), ran


def test_course_is_unchanged(adversarial_class) -> None:
    """Config, sources, releases, gradebook cells and manual scores, submissions: as before grading."""
    root, jobs, _, _, course_before = adversarial_class
    # the pre-check's copy, made before grading
    misnamed_copy = f"added: submitted/misnamed/{LESSON.slug}/{LESSON.slug}.ipynb"
    changes = integrity.changes(course_before, integrity.fingerprint(root))
    assert [c for c in changes if c != misnamed_copy] == []
    assert not [f for j in jobs.values() for f in j.findings if f.kind == "tampering"]
    report = (root / "grading_reports" / "summary.txt").read_text()
    assert f"{len(CASES)} submissions:" in report and "grading did not finish" not in report


def test_nothing_is_lost(adversarial_class) -> None:
    root, jobs, _, before, _ = adversarial_class
    after = _digest(root / "submitted")
    changed = {k for k in before if after.get(k) != before[k]}
    added = set(after) - set(before)
    assert not changed, f"submitted files were changed or removed: {changed}"
    assert added <= {f"misnamed/{LESSON.slug}/{LESSON.slug}.ipynb"}, (
        f"unexpected files in submitted/: {added}")
    for student, job in jobs.items():
        autograded = root / "autograded" / student / LESSON.slug / f"{LESSON.slug}.ipynb"
        assert autograded.exists() == job.graded, (
            f"{student}: autograded notebook present={autograded.exists()}")
        assert (root / "grading_reports" / LESSON.slug / f"{student}.json").exists() or not job.graded


def test_large_output_is_truncated_in_the_graded_notebook(adversarial_class) -> None:
    root = adversarial_class[0]
    size = (root / "autograded" / "big_output" / LESSON.slug / f"{LESSON.slug}.ipynb").stat().st_size
    assert size < 1_500_000, f"the autograded notebook kept {size / 1e6:.1f} MB of output"


def test_cheats_would_pass_without_the_guard(tmp_path: Path) -> None:
    """Stock nbgrader (Execute, no guard) rewards every cheat: the adversarial cases are real."""
    cheats = {s: c for s, c in CASES.items() if c.cheat}
    root = nbgrader_course.make_course(tmp_path / "stock", [LESSON])
    with (root / "nbgrader_config.py").open("a") as f:
        # the course's demo-cell skipping stays (it changes no grade: tests/test_grading_skip.py) and
        # spares running lesson 01's demo cells once per cheat
        f.write("\n# nbgrader 0.9.6's own autograde preprocessors: no sandbox, no guard\n"
                "c.Autograde.autograde_preprocessors = ['embedlab_grader.skip_demo_cells.SkipDemoCells',"
                " 'nbgrader.preprocessors.Execute',"
                " 'nbgrader.preprocessors.IgnorePattern',"
                " 'nbconvert.preprocessors.ClearMetadataPreprocessor',"
                " 'nbgrader.preprocessors.LimitOutput', 'nbgrader.preprocessors.SaveAutoGrades',"
                " 'nbgrader.preprocessors.AssignLatePenalties',"
                " 'nbgrader.preprocessors.CheckCellMetadata']\n")
    for student, case in cheats.items():
        case.build(root / "submitted" / student / LESSON.slug)
    jobs = runner.grade(root, [LESSON.slug], workers=2, timeout=STOCK_TIMEOUT, progress=False)
    assert all(j.graded for j in jobs), runner.summary(jobs)
    scores = nbgrader_course.class_scores(f"sqlite:///{root / 'gradebook.db'}", LESSON)
    for student, case in cheats.items():
        cells = _tests_of(scores[student])
        target = set(cells) if case.zero == ALL else set(case.zero)
        earned = {g: cells[g].score for g in target}
        assert all(v > 0 for v in earned.values()), (
            f"{student}: the cheat did not work without the guard: {earned}")


def test_html_a_submission_displays_is_inert_in_feedback_and_formgrader(adversarial_class) -> None:
    """A submission's outputs are rendered as HTML twice: in its feedback (the student's browser) and in
    Formgrader's grading view (the instructor's, signed in to the course's Jupyter server). Neither may
    run a script the submission displayed."""
    from bs4 import BeautifulSoup
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers
    from traitlets.config.loader import PyFileConfigLoader

    root, jobs, *_ = adversarial_class
    student = "script_output"
    assert jobs[student].graded
    run = subprocess.run([sys.executable, "-m", "nbgrader", "generate_feedback", LESSON.slug, "--force",
                          "--student", student], cwd=root, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    feedback = (root / "feedback" / student / LESSON.slug / f"{LESSON.slug}.html").read_text()
    # Formgrader's exporter, as nbgrader's FormgradeExtension makes it: HTMLExporter with the course config
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    autograded = root / "autograded" / student / LESSON.slug / f"{LESSON.slug}.ipynb"
    resources = {"assignment_id": LESSON.slug, "notebook_id": LESSON.slug, "submission_id": "x", "index": 0,
                 "total": 1, "base_url": "/", "student": student, "last_name": "", "first_name": "",
                 "notebook_path": "x"}
    formgrader, _ = HTMLExporter(config=config).from_filename(str(autograded), resources=resources)
    for name, page in (("feedback", feedback), ("Formgrader", formgrader)):
        soup = BeautifulSoup(page, "html.parser")  # what a browser would make of it: elements, not text
        assert "hello" in soup.get_text(), f"{name}: the displayed HTML is not shown at all"
        scripts = [str(e)[:80] for e in soup.find_all("script") if "-RAN" in e.get_text()]
        handlers_ = [str(e)[:80] for e in soup.find_all(lambda e: any(a.startswith("on") for a in e.attrs))
                     if "-RAN" in str(e)]
        assert not scripts + handlers_, f"{name} would run the submission's script: {scripts + handlers_}"


def _hidden_lines() -> set[str]:
    """Every line of the lesson's hidden tests (20 characters or more) that no visible test also holds."""
    from embedlab.notebook.cells import hidden_lines, is_test_cell

    hidden, visible = set(), set()
    for cell in LESSON.solution().cells:
        if not is_test_cell(cell):
            continue
        inside = hidden_lines(cell.source)
        for number, line in enumerate(cell.source.split("\n"), start=1):
            (hidden if number in inside else visible).add(line.strip())
    # a hidden line that is part of a visible one (a shorter assert) reveals nothing
    return {line for line in hidden if len(line) >= 20 and "HIDDEN TESTS" not in line
            and not any(line in v for v in visible)}


def test_no_hidden_line_reaches_the_kernel_or_the_feedback(adversarial_class) -> None:
    """Answers that look for the hidden tests where they ran before the judge (In, _ih, IPython's history,
    gc, linecache, the calling frame) find nothing: the judge never sends them to the kernel."""
    from bs4 import BeautifulSoup

    root, jobs, *_ = adversarial_class
    hidden = _hidden_lines()
    assert len(hidden) > 30, "the lesson's hidden tests were not found"
    for student in READERS:
        assert jobs[student].graded, student
        autograded = nbformat.read(root / "autograded" / student / LESSON.slug / f"{LESSON.slug}.ipynb", 4)
        outputs = json.dumps([c.get("outputs", []) for c in autograded.cells])
        reached = [h for h in hidden if json.dumps(h)[1:-1] in outputs]
        assert not reached, f"{student}: hidden lines reached the kernel: {reached[:2]}"
        run = subprocess.run([sys.executable, "-m", "nbgrader", "generate_feedback", LESSON.slug, "--force",
                              "--student", student], cwd=root, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr[-3000:]
        page = (root / "feedback" / student / LESSON.slug / f"{LESSON.slug}.html").read_text()
        text = BeautifulSoup(page, "html.parser").get_text()
        leaked = [h for h in hidden if h in text]
        assert not leaked, f"{student}: {len(leaked)} hidden lines in the feedback, e.g. {leaked[:2]}"
