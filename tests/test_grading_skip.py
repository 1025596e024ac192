"""Autograding without the demo cells (``grading-skip``) changes no grade.

The lessons' source notebooks tag with ``grading-skip`` the demo cells no exercise or test uses;
at autograde :class:`embedlab_grader.skip_demo_cells.SkipDemoCells` does not run them.

* Static checks (fast, every lesson): the tags are on plain code cells only and reach the
  student notebooks; no tagged cell assigns a name, or stores into an object, that a later cell
  which still runs reads (in the solution, the untouched notebook and every wrong and correct
  answer of tests/wrong_answers/); a deliberately mis-tagged notebook fails that check.
* A submission's own tags count for nothing: every cell of a submission tagged ``grading-skip``
  (test cells too) still has exactly the source notebook's demo cells skipped, and grades the
  same as the untagged submission; a demo cell the student edited, or one whose result a
  student's answer reads, runs.
* The proof, per lesson (``grading``): the solution, graded skipped and whole (under a ``whole-``
  name listed in ``SkipDemoCells.run_whole_for``) in the shared class
  (tests/support/graded_course.py), by ``python -m embedlab_grader`` with 2 workers; every test
  cell must get the same score both ways, and the skipped path must really have skipped the
  tagged cells (``make bench-grading`` compares a generated class: solutions, untouched notebooks
  and wrong answers). The same comparison finds the difference in a
  small course whose demo cell is needed (mis-tagged), so it can fail.
"""

from __future__ import annotations

import builtins
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from traitlets.config import Config

from embedlab.notebook.cells import is_test_cell, nbgrader_meta
from embedlab.notebook.demo_cells import (
    SKIPPED_SOURCE,
    TAG,
    _names,
    assigned_names,
    bound_names,
    changed_names,
    needed_names,
    parse_cell,
    plan,
    tagged_cells,
)
from embedlab_grader.skip_demo_cells import SkipDemoCells, prepare_course_cells
from tests.support import nbgrader_course
from tests.support.graded_course import TAGGER_LESSON, WHOLE, WHOLE_TWINS, GradedCourse
from tests.support.lessons import Lesson, correct_answers, lessons, wrong_answers

LESSONS = lessons()


# ----------------------------------------------------------------------------- helpers
def submissions(lesson: Lesson) -> dict[str, nbformat.NotebookNode]:
    """The solution, the untouched notebook, the k-th wrong (and correct) answer of every exercise."""
    out = {"solution": nbgrader_course.filled_submission(lesson, nbgrader_course.solution_answers(lesson)),
           "untouched": lesson.student()}
    for kind, answers in (("wrong", wrong_answers(lesson)), ("correct", correct_answers(lesson))):
        for k in range(max((len(v) for v in answers.values()), default=0)):
            picks = {gid: variants[k][1] for gid, variants in answers.items() if k < len(variants)}
            out[f"{kind}{k + 1}"] = nbgrader_course.filled_submission(lesson, picks)
    return out


def tag_cell(cell: nbformat.NotebookNode) -> None:
    """Tag ``cell`` grading-skip, as a student could."""
    tags = cell.metadata.setdefault("tags", [])
    if TAG not in tags:
        tags.append(TAG)


def tagged_indices(nb: nbformat.NotebookNode) -> set[int]:
    return {i for i, c in enumerate(nb.cells) if TAG in c.get("metadata", {}).get("tags", [])}


def static_problems(nb: nbformat.NotebookNode, skipped: set[int]) -> list[str]:
    """Why skipping ``skipped`` could change what a later running cell sees (empty: nothing found).

    A skipped cell must not assign a name, nor store into an object (``x.a = ...``,
    ``x[i] = ...``, ``x += ...``), that a later running cell reads (the grader's own safety net,
    :func:`~embedlab_grader.skip_demo_cells.plan`, would then run it: the time is not saved).
    Method calls that mutate (``model.train()``) are beyond a static check: the graded proof
    below covers them.
    """
    problems, needed = [], set()
    for index in reversed(range(len(nb.cells))):
        cell = nb.cells[index]
        if cell.cell_type != "code":
            continue
        if index in skipped:
            hit = changed_names(cell.source) & needed
            if hit:
                problems.append(f"cell {index} ({cell.get('id')}) changes {sorted(hit)}, "
                                "read by a later running cell")
            continue
        needed = needed_names(cell.source) - set(dir(builtins)) | (needed - bound_names(cell.source))
    return problems


def differences(scores: dict[str, dict[str, nbgrader_course.CellScore]], test_ids: set[str]) -> list[str]:
    """Test cells whose score differs between a student and its ``whole-`` twin."""
    out = []
    for student, cells in scores.items():
        if student.startswith(WHOLE):
            continue
        whole = scores[WHOLE + student]
        for gid in sorted(test_ids):
            a, b = cells[gid], whole[gid]
            if (a.score, a.max_score, a.needs_manual_grade) != (b.score, b.max_score, b.needs_manual_grade):
                out.append(f"{student} {gid}: {a.score}/{a.max_score} skipped, {b.score}/{b.max_score} whole")
    return out


def skip_in(root: Path, lesson: str, nb: nbformat.NotebookNode, student: str = "s") -> list[int]:
    """Run SkipDemoCells on ``nb`` as nbgrader would for ``student``; the indices it blanked."""
    config = Config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.source_directory = "solutions"
    nb = nbformat.from_dict(nb)
    resources = {"nbgrader": {"student": student, "assignment": lesson, "notebook": lesson}}
    out, _ = SkipDemoCells(config=config).preprocess(nb, resources)
    return [i for i, c in enumerate(out.cells) if c.source == SKIPPED_SOURCE]


# ----------------------------------------------------------------------------- static checks
@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_tags_sit_on_plain_code_cells_and_reach_the_students(lesson: Lesson) -> None:
    solution, student = lesson.solution(), lesson.student()
    tagged = tagged_indices(solution)
    assert tagged, f"{lesson}: no cell is tagged {TAG}"
    for i in tagged:
        cell = solution.cells[i]
        assert cell.cell_type == "code" and not nbgrader_meta(cell), \
            f"{lesson}: cell {i} is not a plain code cell"
    assert tagged_cells(student) == tagged_cells(solution), f"{lesson}: run `make release LESSON={lesson}`"


@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_no_skipped_cell_feeds_a_cell_that_runs(lesson: Lesson) -> None:
    for name, nb in {"the solution notebook": lesson.solution(), **submissions(lesson)}.items():
        tagged = tagged_indices(lesson.solution())
        assert static_problems(nb, tagged) == [], f"{lesson}, {name}"
        assert plan(nb.cells, tagged) == tagged, f"{lesson}, {name}: the grader would run some tagged cells"


def test_static_check_finds_a_mis_tagged_cell() -> None:
    nb = Lesson("01-one-hot-vs-embeddings").solution()
    needed = next(i for i, c in enumerate(nb.cells) if c.get("id") == "c015")  # vocab = ..., used later
    tagged = tagged_indices(nb) | {needed}
    assert any(f"cell {needed} " in p and "vocab" in p for p in static_problems(nb, tagged))
    assert needed not in plan(nb.cells, tagged), "the grader must run a tagged cell whose result is needed"
    mutate = nbformat.from_dict(nb)
    mutate.cells[needed + 1] = new_code_cell("vocab.itos[0] = 'x'", id="demo-mutates")
    assert static_problems(mutate, tagged_indices(nb) | {needed + 1}), \
        "a store into a shared object went unseen"


NEEDED = {
    "x = x + 1": {"x"},
    "total += 2": {"total"},
    "def f(dim=10):\n    return dim * scale": {"scale"},
    "def f(a=default):\n    return a": {"default"},
    "sq = [t * t for t in ts if t > lim]": {"ts", "lim"},
    "{k: v for k, v in d.items()}": {"d"},
    "[[y for y in row] for row in grid]": {"grid"},
    "[x for x in range(3)]\nprint(x)": {"range", "print", "x"},
    "class A(Base):\n    k = 1\n    def m(self):\n        return k + self.k": {"Base", "k"},
    "def f():\n    global g\n    g = 1\n    return g": {"g"},
    "def f():\n    y = 2\n    def h():\n        return y + z\n    return h": {"z"},
    "lambda q: q + w": {"w"},
    "@deco\ndef f(): pass": {"deco"},
    "def f(x: T) -> R: pass": {"T", "R"},
    "for i in items:\n    s = i\nprint(s)": {"items", "print", "s"},
    "for w in words:\n    v = vec[w]\n    print(v)": {"words", "vec", "print"},
    "if ok:\n    y = 1\nprint(y)": {"ok", "print", "y"},
    "try:\n    r = f()\nexcept E as e:\n    print(e)\nprint(r)": {"f", "E", "print", "r"},
    "with open(p) as fh:\n    data = fh.read()\nprint(data)": {"open", "p", "print"},
    "def f():\n    return later\nlater = 1": {"later"},
    "%matplotlib inline\nimport numpy as np\nnp.zeros(n)": {"get_ipython", "n"},
}


@pytest.mark.parametrize("source", NEEDED, ids=range(len(NEEDED)))
def test_needed_names_follow_pythons_scopes(source: str) -> None:
    """A function's parameters and a comprehension's variables are its own; a loop may not run."""
    assert needed_names(source) == NEEDED[source]


def test_only_straight_line_code_surely_binds() -> None:
    assert bound_names("a = 1\nb, (c, d) = 2, (3, 4)\nimport numpy as np\ndef f(): pass\nclass K: pass") == \
        {"a", "b", "c", "d", "np", "f", "K"}
    branches = "if ok:\n    a = 1\nfor i in xs:\n    b = i\ntry:\n    c = 1\nexcept E:\n    pass"
    assert bound_names(branches) == set()
    assert bound_names("def f():\n    inner = 1\n[t for t in ts]") == {"f"}


def test_a_name_bound_only_inside_a_loop_does_not_hide_a_demo_result() -> None:
    """The grader runs a tagged cell when a later cell may still read its value."""
    cells = [new_code_cell("vocab = ['a', 'b']"),                    # 0: demo, tagged
             new_code_cell("for w in []:\n    vocab = w"),            # 1: binds vocab only if it loops
             new_code_cell("def f(dim):\n    return dim\nprint(vocab)")]  # 2: reads vocab
    assert plan(cells, {0}) == set()
    cells[1] = new_code_cell("vocab = ['c']")                        # now surely rebound
    assert plan(cells, {0}) == {0}
    cells[2] = new_code_cell("def f(dim):\n    return [d for d in dim]")  # reads no global
    cells[1] = new_code_cell("dim = 3\nd = 4")
    assert plan(cells, {0, 1}) == {0, 1}, "a parameter or a comprehension variable is not a global read"


# ----------------------------------------------------------------------------- untrusted submission
@pytest.fixture(scope="module")
def source_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Only the source notebooks: what SkipDemoCells reads (no nbgrader run needed)."""
    root = tmp_path_factory.mktemp("skip-source")
    for lesson in LESSONS:
        (root / "solutions" / lesson.slug).mkdir(parents=True)
        nbformat.write(lesson.solution(), root / "solutions" / lesson.slug / f"{lesson.slug}.ipynb")
    return root


@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_a_submission_that_tags_its_test_cells_gains_nothing(source_course: Path, lesson: Lesson) -> None:
    expected = sorted(tagged_indices(lesson.solution()))
    nb = nbgrader_course.filled_submission(lesson, nbgrader_course.solution_answers(lesson))
    assert skip_in(source_course, lesson.slug, nb) == expected
    for cell in nb.cells:
        tag_cell(cell)  # every cell, test cells included
    assert skip_in(source_course, lesson.slug, nb) == expected
    assert not any(is_test_cell(nb.cells[i]) for i in expected)
    # the student edits a demo cell: it is no longer the instructor's and runs
    first = expected[0]
    nb.cells[first].source += "\nprint('mine')"
    assert first not in skip_in(source_course, lesson.slug, nb)
    # a student listed in run_whole_for: nothing is skipped
    config = Config()
    config.CourseDirectory.root = str(source_course)
    config.CourseDirectory.source_directory = "solutions"
    config.SkipDemoCells.run_whole_for = ["alice"]
    out, _ = SkipDemoCells(config=config).preprocess(
        nbformat.from_dict(lesson.student()),
        {"nbgrader": {"student": "alice", "assignment": lesson.slug, "notebook": lesson.slug}})
    assert SKIPPED_SOURCE not in [c.source for c in out.cells]


def test_an_answer_that_reads_a_demo_result_runs_that_demo(source_course: Path) -> None:
    lesson = Lesson("01-one-hot-vs-embeddings")
    nb = lesson.student()
    demo = next(i for i in sorted(tagged_indices(nb)) if "wv" in assigned_names(nb.cells[i].source))
    answer = next(i for i, c in enumerate(nb.cells)
                  if nbgrader_meta(c).get("grade_id") == "embedding_as_linear")
    assert demo < answer
    nb.cells[answer].source = "print(wv)\n" + nb.cells[answer].source
    assert demo not in skip_in(source_course, lesson.slug, nb)


def test_no_source_notebook_skips_nothing(tmp_path: Path) -> None:
    lesson = Lesson("01-one-hot-vs-embeddings")
    assert skip_in(tmp_path, lesson.slug, lesson.student()) == []


# ----------------------------------------------------------------------------- graded proof
def _grade_both_ways(root: Path, slug: str, subs: dict[str, nbformat.NotebookNode]) -> dict:
    """Submit each notebook as itself and as its whole- twin; grade with the course's grader."""
    with (root / "nbgrader_config.py").open("a") as f:
        f.write(f"\nc.SkipDemoCells.run_whole_for = {[WHOLE + s for s in subs]!r}\n")
    for student, nb in subs.items():
        for name in (student, WHOLE + student):
            path = root / "submitted" / name / slug / f"{slug}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, path)
    done = subprocess.run([sys.executable, "-m", "embedlab_grader", slug, "--workers", "2"],
                          cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, f"grading {slug} failed:\n{done.stdout[-3000:]}\n{done.stderr[-2000:]}"
    return nbgrader_course.class_scores(f"sqlite:///{root / 'gradebook.db'}", Lesson(slug))


def _skipped(root: Path, slug: str, student: str) -> int:
    nb = nbformat.read(root / "autograded" / student / slug / f"{slug}.ipynb", as_version=4)
    return sum(c.source == SKIPPED_SOURCE for c in nb.cells)


@pytest.mark.grading
@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_skipping_demo_cells_changes_no_grade(lesson: Lesson, graded_course: GradedCourse) -> None:
    everyone = graded_course.scores(lesson)
    pairs = [*WHOLE_TWINS, *(WHOLE + s for s in WHOLE_TWINS)]
    assert set(pairs) <= set(everyone), f"no grades for {sorted(set(pairs) - set(everyone))}"
    scores = {s: everyone[s] for s in pairs}
    test_ids = {nbgrader_meta(c)["grade_id"] for c in lesson.solution().cells if is_test_cell(c)}
    assert differences(scores, test_ids) == []
    tagged = len(tagged_indices(lesson.solution()))
    assert _skipped(graded_course.root, lesson.slug, "solution") == tagged
    assert _skipped(graded_course.root, lesson.slug, WHOLE + "solution") == 0
    assert all(s.score == s.max_score for g, s in scores["solution"].items() if g in test_ids), \
        "the comparison is of a solution at full marks"


@pytest.mark.grading
def test_a_graded_submission_that_tags_its_test_cells_gains_nothing(graded_course: GradedCourse) -> None:
    """The shared class's wrong1 of TAGGER_LESSON, once as it is and once with every cell (tests too)
    tagged: the ``tagger`` student."""
    lesson = Lesson(TAGGER_LESSON)
    submitted = graded_course.notebook("submitted", lesson, "tagger")
    assert tagged_indices(submitted) == set(range(len(submitted.cells))), "the tagger must tag every cell"
    scores = graded_course.scores(lesson)
    assert scores["tagger"] == scores["wrong1"]
    assert any(s.score == 0 for s in scores["wrong1"].values()), "wrong answers should lose points here"
    tagged = len(tagged_indices(lesson.solution()))
    root = graded_course.root
    assert _skipped(root, lesson.slug, "tagger") == _skipped(root, lesson.slug, "wrong1") == tagged


def _mis_tagged_lesson(root: Path) -> str:
    """A two-exercise lesson whose tagged 'demo' cell changes, by a method call, an object an answer reads.

    Neither the static check nor the grader's safety net sees a change made by a method call.
    """
    slug = "99-mis-tagged"
    kernel = Lesson("01-one-hot-vs-embeddings").solution().metadata

    def graded(source: str, gid: str, *, test: bool) -> nbformat.NotebookNode:
        meta = {"grade": test, "solution": not test, "locked": test, "grade_id": gid, "schema_version": 3}
        if test:
            meta["points"] = 1
        return new_code_cell(source, id=gid, metadata={"nbgrader": meta})

    answer = "def scaled(x):\n    ### BEGIN SOLUTION\n    return {}\n    ### END SOLUTION"
    nb = new_notebook(metadata=kernel, cells=[
        new_markdown_cell("A lesson with a needed cell tagged as a demo.", id="intro"),
        new_code_cell("settings = {'scale': 1}", id="setup"),
        new_code_cell("settings.update(scale=2)  # needed, yet tagged", id="demo", metadata={"tags": [TAG]}),
        graded(answer.format("x * settings['scale']"), "scaled", test=False),
        graded("assert scaled(1) == 2", "test_scaled", test=True),
        graded(answer.format("2 * x").replace("scaled", "double"), "double", test=False),
        graded("assert double(2) == 4", "test_double", test=True),
    ])
    (root / "solutions" / slug).mkdir(parents=True)
    nbformat.write(nb, root / "solutions" / slug / f"{slug}.ipynb")
    return slug


@pytest.mark.grading
def test_the_comparison_finds_a_needed_cell_that_was_tagged(tmp_path: Path) -> None:
    root = nbgrader_course.make_course(tmp_path / "course", [])
    slug = _mis_tagged_lesson(root)
    from nbgrader.apps import NbGraderAPI

    api = NbGraderAPI(config=nbgrader_course.course_config(root))
    result = api.generate_assignment(slug, force=True, create=True)
    assert result["success"], result["log"]
    release = nbformat.read(root / "notebooks" / slug / f"{slug}.ipynb", as_version=4)
    source = nbformat.read(root / "solutions" / slug / f"{slug}.ipynb", as_version=4)
    solution = nbformat.from_dict(release)
    for cell, src in zip(solution.cells, source.cells, strict=True):
        if nbgrader_meta(src).get("solution"):
            cell.source = src.source
    assert static_problems(source, tagged_indices(source)) == [], "this mis-tagging is meant to be invisible"
    scores = _grade_both_ways(root, slug, {"solution": solution})
    found = differences(scores, {"test_scaled", "test_double"})
    assert found == ["solution test_scaled: 0.0/1.0 skipped, 1.0/1.0 whole"], found


@pytest.mark.parametrize("config, source_dir, release_dir", [
    ("", "source", "release"),  # no configuration: nbgrader's defaults
    ('c = get_config()\nc.CourseDirectory.source_directory = "solutions"\n'
     'c.CourseDirectory.release_directory = "notebooks"\n', "solutions", "notebooks"),  # this course's
])
def test_the_fork_server_analyses_the_course_cells_once_for_every_grading_process(
        tmp_path: Path, config: str, source_dir: str, release_dir: str) -> None:
    if config:
        (tmp_path / "nbgrader_config.py").write_text(config)
    unique = f"x_{id(tmp_path)} = 1"  # cells no other test reads
    released = f"y_{id(tmp_path)} = x_{id(tmp_path)}"
    folder = tmp_path / source_dir / "01-x"
    folder.mkdir(parents=True)
    nbformat.write(new_notebook(cells=[new_code_cell(unique), new_markdown_cell("prose"),
                                       new_code_cell("%matplotlib inline\ny = 2")]), folder / "01-x.ipynb")
    (tmp_path / source_dir / "02-y").mkdir()
    (tmp_path / source_dir / "02-y" / "02-y.ipynb").write_text("{ not a notebook")  # skipped: grading says
    (tmp_path / release_dir / "01-x").mkdir(parents=True)
    release = tmp_path / release_dir / "01-x" / "01-x.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(released)]), release)
    decoy = tmp_path / ("release" if config else "notebooks") / "01-x"  # a folder the course does not use
    decoy.mkdir(parents=True)
    nbformat.write(new_notebook(cells=[new_code_cell("never = 1")]), decoy / "01-x.ipynb")
    assert prepare_course_cells(tmp_path) == 3
    for source, needed in ((unique, set()), (released, {f"x_{id(tmp_path)}"})):
        parses, names = parse_cell.cache_info().hits, _names.cache_info().hits
        assert needed_names(source) == needed  # answered from the cache, not parsed again
        assert parse_cell.cache_info().hits == parses
        assert _names.cache_info().hits == names + 1


def test_the_course_cells_of_this_repository_are_all_analysed() -> None:
    """This course keeps its lessons in solutions/ and notebooks/ (nbgrader_config.py): both are read."""
    from tests.support.lessons import ROOT

    expected = sum(1 for folder in ("solutions", "notebooks") for path in ROOT.glob(f"{folder}/*/*.ipynb")
                   for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code")
    assert expected > 300
    assert prepare_course_cells(ROOT) == expected


def test_cached_names_are_copies() -> None:
    """A caller that changes the set it got does not change what the next caller gets."""
    source = "a = b + 1"
    needed_names(source).add("c")
    bound_names(source).add("d")
    changed_names(source).add("e")
    assert (needed_names(source), bound_names(source), changed_names(source)) == ({"b"}, {"a"}, {"a"})
