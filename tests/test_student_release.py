"""What `make student-release` hands out: notebooks and set-up, no solutions, hidden tests or rubrics."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from embedlab.notebook.cells import is_test_cell
from embedlab_grader import student_release
from tests.support.lessons import ROOT, lessons, region


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("dist") / "student-release"
    return out, student_release.build(ROOT, out)


def test_release_has_the_notebooks_and_the_set_up(release) -> None:
    out, archive = release
    for lesson in lessons():
        assert (out / "notebooks" / lesson.slug / f"{lesson.slug}.ipynb").exists(), lesson.slug
    for name in ("pyproject.toml", "Makefile", "README.md", "src/embedlab/__init__.py"):
        assert (out / name).exists(), name
    assert zipfile.ZipFile(archive).namelist(), "the zip is empty"


def test_release_holds_no_solution_hidden_test_or_rubric(release) -> None:
    out, archive = release
    names = zipfile.ZipFile(archive).namelist()
    paths = [Path(n).relative_to(out.name).as_posix() for n in names]
    instructor_only = [p for p in paths if p.startswith(("solutions/", "tests/"))
                       or p in ("nbgrader_config.py", "gradebook.db")]
    assert not instructor_only
    text = "\n".join((out / p).read_text(errors="replace") for p in paths if p.endswith(".ipynb"))
    for marker in student_release.MARKERS:
        assert marker not in text, marker
    # every hidden test line of every lesson: absent from everything handed out
    everything = "\n".join((out / p).read_text(errors="replace") for p in paths
                           if not p.endswith((".png", ".zip")))
    inside, outside = set(), set()
    for lesson in lessons():
        cells = lesson.solution().cells
        secret = {line.strip() for c in cells if is_test_cell(c)
                  for line in region(c.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")}
        inside |= secret
        for c in cells:
            shown, hiding = [], False
            for line in c.source.split("\n"):
                hiding = (hiding or "BEGIN HIDDEN TESTS" in line) and "END HIDDEN TESTS" not in line
                if not hiding:
                    shown.append(line.strip())
            outside |= set(shown)
    # a hidden line that repeats (part of) a visible one, of any lesson, is no secret
    shown = "\n".join(outside)
    hidden = [h for h in inside if len(h) > 30 and not h.startswith("#") and h not in shown]
    assert len(hidden) > 20, "found almost no hidden tests to look for"
    leaked = [h for h in hidden if h in everything]
    assert not leaked, leaked[:3]


def test_a_leaking_file_stops_the_build(tmp_path: Path) -> None:
    found = student_release.problems_in({"solutions/01-x/01-x.ipynb": b"{}"})
    assert found == ["solutions/01-x/01-x.ipynb: instructor-only path"]
    assert student_release.problems_in({"notebooks/01-x/01-x.ipynb": b"### BEGIN SOLUTION"})


def test_release_holds_no_grading_machinery(release) -> None:
    """Learners get the lesson helpers, not the code that decides their grade (embedlab_grader)."""
    out, archive = release
    names = zipfile.ZipFile(archive).namelist()
    assert not [n for n in names if "embedlab_grader" in n or "/grading/" in n], "grading code in the release"
    assert not (out / "src" / "embedlab_grader").exists()


def test_nothing_learners_import_needs_nbgrader_or_the_grader() -> None:
    import ast

    offenders = []
    for path in sorted((ROOT / "src" / "embedlab").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names
                          if n.split(".")[0] in ("nbgrader", "embedlab_grader")]
    assert not offenders, offenders
