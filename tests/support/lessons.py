"""Shared knowledge about the course layout, used by the pipeline tests.

A lesson is a folder ``solutions/NN-slug/`` holding ``NN-slug.ipynb`` (the source, with
nbgrader metadata) and its generated student version ``notebooks/NN-slug/NN-slug.ipynb``.
Exercise convention: an answer cell with grade_id ``name`` is followed by a locked test
cell with grade_id ``test_name``.
"""

from __future__ import annotations

import importlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from embedlab.notebook.cells import grade_id

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions"
NOTEBOOKS = ROOT / "notebooks"


def is_under(path: str | Path, folder: Path) -> bool:
    """Whether ``path`` (a file, e.g. a collected test's) lies inside ``folder``."""
    try:
        Path(str(path)).resolve().relative_to(folder)
    except ValueError:
        return False
    return True
LESSON_DIR = re.compile(r"^\d\d-[a-z0-9-]+$")


@dataclass(frozen=True)
class Lesson:
    slug: str

    @property
    def solution_path(self) -> Path:
        return SOLUTIONS / self.slug / f"{self.slug}.ipynb"

    @property
    def student_path(self) -> Path:
        return NOTEBOOKS / self.slug / f"{self.slug}.ipynb"

    def solution(self) -> nbformat.NotebookNode:
        return nbformat.read(self.solution_path, as_version=4)

    def student(self) -> nbformat.NotebookNode:
        return nbformat.read(self.student_path, as_version=4)

    def __str__(self) -> str:  # pytest ids
        return self.slug


def lessons() -> list[Lesson]:
    found = sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and LESSON_DIR.match(p.name))
    return [Lesson(slug) for slug in found]


def cells_by_id(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    return {gid: c for c in nb.cells if (gid := grade_id(c))}


def paste_below(nb: nbformat.NotebookNode, *gids: str) -> list[nbformat.NotebookNode]:
    """JupyterLab's copy and paste, in place: each cell with one of these grade_ids again right below
    itself, its nbgrader metadata included (a pasted cell gets a new cell id, not a new grade_id).
    Returns the pasted copies, in notebook order."""
    cells, pasted = [], []
    for cell in nb.cells:
        cells.append(cell)
        if grade_id(cell) in gids:
            copy = nbformat.from_dict(json.loads(json.dumps(cell)))
            copy.id = f"{cell.id}-pasted"
            cells.append(copy)
            pasted.append(copy)
    nb.cells = cells
    return pasted


def region(source: str, begin: str, end: str) -> list[str]:
    """The lines strictly between ``begin`` and ``end`` markers (all regions, concatenated)."""
    out, inside = [], False
    for line in source.splitlines():
        if begin in line:
            inside = True
        elif end in line:
            inside = False
        elif inside:
            out.append(line)
    return out


def wrong_answers(lesson: Lesson) -> dict[str, list[tuple[str, str]]]:
    """Plausible wrong answers for ``lesson``: {answer grade_id: [(description, cell source)]}.

    Kept in ``tests/wrong_answers/lesson_NN.py`` as a dict ``WRONG_ANSWERS``.
    """
    module = importlib.import_module(f"tests.wrong_answers.lesson_{lesson.slug[:2]}")
    if getattr(module, "LESSON", None) != lesson.slug:
        raise AssertionError(f"{module.__file__} should declare LESSON = {lesson.slug!r}")
    return module.WRONG_ANSWERS


def correct_answers(lesson: Lesson) -> dict[str, list[tuple[str, str]]]:
    """Correct answers written differently from the solution: {answer grade_id: [(how, source)]}.

    Kept beside the wrong answers as ``CORRECT_ANSWERS``; each must earn full marks.
    """
    module = importlib.import_module(f"tests.wrong_answers.lesson_{lesson.slug[:2]}")
    return getattr(module, "CORRECT_ANSWERS", {})
