"""The README and docs/ say only what is true of this repository.

The README stays short (a newcomer reads it in two minutes); every `make X` it or a page of docs/
names is a target of the Makefile, every `python -m module` is importable, every relative link
resolves (a `#anchor` to a heading of the linked page), and the course map lists every lesson with
the time the lesson itself states, adding up to the total the README gives.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from tests.support.lessons import ROOT, lessons

README = ROOT / "README.md"
MAX_LINES = 160
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
IDS = [p.relative_to(ROOT).as_posix() for p in PAGES]

# `make lab`, `make check LESSON=01`, `make -C dir x` is not used here; stop at the first non-target word
MAKE_CALL = re.compile(r"(?<![\w/.-])make ((?:[a-z][\w.-]*|\.venv/[\w./-]+))(?=[\s`'\")|,;:]|$)")
PYTHON_M = re.compile(r"python3? -m ([A-Za-z_][\w.]*)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)|!\[[^\]]*\]\(([^)\s]+)\)")
MINUTES = re.compile(r"\*\*Estimated time:\*\*\D*?(\d+) minutes")


def makefile_targets(text: str) -> set[str]:
    """Rule targets of a Makefile (not variables: `X := ...`, `X ?= ...`)."""
    targets = set()
    for line in text.splitlines():
        m = re.match(r"^([^\s:#=][^:=]*?)\s*::?(?!=)", line)
        if m and not line.startswith("\t"):
            targets |= set(m.group(1).split())
    return {t.replace("$(VENV)", ".venv") for t in targets}


def make_targets_named(text: str) -> set[str]:
    return {m.group(1) for m in MAKE_CALL.finditer(text)}


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"\s", "-", text)


def anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(), flags=re.S)
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", text, re.M)}


def broken_links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(), flags=re.S)
    out = []
    for m in LINK.finditer(text):
        target = m.group(1) or m.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        dest = (path.parent / file_part).resolve() if file_part else path
        if not dest.exists():
            out.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            out.append(f"{target}: no heading #{anchor} in {dest.name}")
    return out


def test_the_readme_is_short() -> None:
    lines = README.read_text().splitlines()
    assert len(lines) <= MAX_LINES, (
        f"README.md has {len(lines)} lines; keep it to {MAX_LINES} and move details to docs/")


def test_the_readme_gives_the_two_commands_and_the_learners_lab() -> None:
    text = README.read_text()
    for needed in ("make lab", "make test", "make quick", "python -m embedlab.lab learner"):
        assert needed in text, f"README.md should mention {needed!r}"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_every_make_target_named_exists(page: Path) -> None:
    targets = makefile_targets((ROOT / "Makefile").read_text())
    missing = sorted(make_targets_named(page.read_text()) - targets)
    assert not missing, f"{page.name} names make targets the Makefile lacks: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_every_python_module_named_is_importable(page: Path) -> None:
    modules = sorted({m.group(1) for m in PYTHON_M.finditer(page.read_text())})
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    assert not missing, f"{page.name} runs `python -m` on modules that do not exist: {missing}"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_every_relative_link_resolves(page: Path) -> None:
    broken = broken_links(page)
    assert not broken, f"{page.name} has broken links: {broken}"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_no_route_starts_plain_jupyter_lab(page: Path) -> None:
    """Every way to start opens the learner's lab, which turns nbgrader's instructor panels off and
    keeps Jupyter's settings out of the learner's home folder."""
    plain = re.findall(r"^.*\bjupyter[ -]lab\b.*$", page.read_text(), re.M)
    commands = [line for line in plain if not line.lstrip().startswith(("#", "*", "-", ">"))
                and "`" not in line and re.match(r"^\s*(\S*jupyter[ -]lab|\S+ && )", line)]
    assert not commands, f"{page.name} starts plain JupyterLab: {commands}"


def test_the_course_map_lists_every_lesson_with_its_own_time() -> None:
    text = README.read_text()
    total = 0
    for lesson in lessons():
        link = rf"\[[^\]]+\]\(notebooks/{lesson.slug}/{lesson.slug}\.ipynb\)"
        row = re.search(rf"^\| {lesson.slug[:2]} \| {link} \|.*\| (\d+) \|$", text, re.M)
        assert row, f"the README's course map has no row for {lesson.slug} linking its student notebook"
        stated = MINUTES.search(lesson.solution().cells[0].source)
        assert stated, f"{lesson.slug}: no '**Estimated time:** N minutes' in the opening cell"
        assert row.group(1) == stated.group(1), (
            f"{lesson.slug}: the course map says {row.group(1)} minutes, the lesson {stated.group(1)}")
        total += int(stated.group(1))
    assert f"({total} minutes)" in text, f"the README should give the course's total time: {total} minutes"


# The checks themselves can fail:

def test_a_missing_target_and_a_broken_link_are_found(tmp_path: Path) -> None:
    assert makefile_targets("lab: x\n\techo\nLESSON ?= *\n$(VENV)/.installed-lab: a\n") == {
        "lab", ".venv/.installed-lab"}
    assert make_targets_named("run `make lab`, then make check LESSON=01; make nothing-here") == {
        "lab", "check", "nothing-here"}
    page = tmp_path / "page.md"
    page.write_text("# Title\n\n[ok](page.md#title) [gone](nowhere.md) [bad](page.md#other) "
                    "[web](https://example.org)\n")
    assert broken_links(page) == ["nowhere.md: no such file", "page.md#other: no heading #other in page.md"]
