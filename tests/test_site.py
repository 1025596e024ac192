"""The course website (`make site`, docs/site.py) builds offline, complete, and leaks nothing.

Built once per run into a temporary folder (about 5 s): every lesson has its page with every
figure of its demo cells, every internal link resolves, Sphinx warns about nothing, and no
solution, hidden test, model answer or rubric of any lesson appears in any built file (the
lessons' secret lines, found as tests/test_student_release.py finds them, searched in the text of
every file with HTML tags and entities removed).
"""

from __future__ import annotations

import html
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from embedlab.notebook.cells import is_answer_cell, is_test_cell, is_written_cell
from embedlab_grader.student_release import MARKERS
from tests.support.lessons import ROOT, lessons

LESSONS = lessons()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    assert importlib.util.find_spec("myst_nb"), "the site extra is missing: run make test or make site"
    out = tmp_path_factory.mktemp("site")
    run = subprocess.run([sys.executable, str(ROOT / "docs" / "site.py"), "--out", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    return out, run.stderr


def _text(path: Path) -> str:
    raw = path.read_text(errors="replace")
    if path.suffix == ".html":
        raw = html.unescape(re.sub(r"<[^>]+>", "", raw))
    return raw


def _built_files(out: Path) -> list[Path]:
    binary = {".png", ".jpg", ".svg", ".woff", ".woff2", ".ttf", ".pickle", ".doctree", ".inv", ".ico",
              ".gif", ".eot"}
    return [p for p in out.rglob("*") if p.is_file() and p.suffix not in binary]


def _region_lines(source: str, begin: str, end: str) -> list[str]:
    out, inside = [], False
    for line in source.split("\n"):
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            out.append(line.strip())
    return out


def test_sphinx_warns_about_nothing(site) -> None:
    _, stderr = site
    assert "WARNING" not in stderr and "ERROR" not in stderr, stderr[-3000:]


@pytest.mark.parametrize("lesson", LESSONS, ids=str)
def test_every_lesson_has_its_page_with_its_figures(site, lesson) -> None:
    out, _ = site
    page = out / "html" / "lessons" / f"{lesson.slug}.html"
    assert page.is_file(), f"no page for {lesson.slug}"
    built = nbformat.read(out / "src" / "lessons" / f"{lesson.slug}.ipynb", as_version=4)
    figures = sum("image/png" in o.get("data", {})
                  for c in built.cells if c.cell_type == "code" for o in c.outputs)
    assert figures >= 1, f"{lesson.slug}: the page shows no figure (a demo cell lost its outputs?)"
    images = re.findall(r'<img[^>]+src="([^"]+)"', page.read_text())
    assert len(images) >= figures, f"{lesson.slug}: {figures} figures in the notebook, {len(images)} shown"
    missing = [src for src in images if not (page.parent / src).is_file()]
    assert not missing, f"{lesson.slug}: images without files: {missing}"
    text = _text(page)
    assert "raise NotImplementedError()" in text, "exercises should appear as learners see them"


def test_internal_links_resolve(site) -> None:
    out, _ = site
    broken = []
    for page in (out / "html").rglob("*.html"):
        for target in re.findall(r'<a [^>]*href="([^"]+)"', page.read_text()):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue
            path = target.split("#", 1)[0]
            if path and not (page.parent / path).exists():
                broken.append(f"{page.relative_to(out)} -> {target}")
    assert not broken, broken[:10]
    index = (out / "html" / "index.html").read_text()
    for lesson in LESSONS:
        assert f'href="lessons/{lesson.slug}.html"' in index, f"the landing page does not link {lesson.slug}"
    for name in ("learners", "instructors", "maintainers"):
        assert f'href="{name}.html"' in index, f"the landing page does not link the {name}' page"


def test_no_solution_hidden_test_model_answer_or_rubric_in_the_built_files(site) -> None:
    out, _ = site
    secret, shown = set(), set()
    for lesson in LESSONS:
        for cell in lesson.solution().cells:
            if is_test_cell(cell):
                secret |= set(_region_lines(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"))
            if is_answer_cell(cell) or is_written_cell(cell):
                secret |= set(_region_lines(cell.source, "BEGIN SOLUTION", "END SOLUTION"))
        for cell in nbformat.read(lesson.student_path, as_version=4).cells:
            shown |= {line.strip() for line in cell.source.split("\n")}
    # a secret line that (part of) a line a student notebook shows repeats is no secret
    shown_text = "\n".join(shown)
    secret = {s for s in secret if len(s) > 30 and not s.startswith("#") and s not in shown_text}
    assert len(secret) > 50, "found almost no solution or hidden-test lines to look for"
    lesson_files = [p for p in _built_files(out) if "lessons" in p.parts]
    assert lesson_files
    leaked = []
    for path in _built_files(out):
        text = _text(path)
        leaked += [f"{path.relative_to(out)}: {s[:60]}" for s in secret if s in text]
        if path in lesson_files:  # the guides may name the markers; a lesson page must not hold them
            leaked += [f"{path.relative_to(out)}: {m}" for m in MARKERS if m in text]
    assert not leaked, leaked[:5]
