"""Autograde without the lessons' demo cells: nbgrader preprocessor :class:`SkipDemoCells`.

Instructor tooling (README "For instructors"). A lesson's source notebook (``solutions/``) tags
with ``grading-skip`` the code cells that only show something -- a benchmark, a plot, a
training run that no exercise uses. At autograde this preprocessor replaces their source
with a one-line comment, so the kernel does not spend time on them; every other cell runs
as before and the grades are the same (tests/test_grading_skip.py grades every lesson both
ways and compares each test cell).

What is skipped is decided from the instructor's SOURCE notebook, never from the submission:
a submission's own ``grading-skip`` tags count for nothing (a student could tag a test cell).
A submitted cell is skipped only when its cell id AND its source both equal those of a
tagged cell of the source notebook. As a safety net for answers that use a demo's result,
a matched cell is run after all when a later cell that does run reads a name it assigns or
stores into (:func:`plan`, a static check of the submission itself).

Configured in ``nbgrader_config.py`` before ``GuardedExecute``::

    c.Autograde.autograde_preprocessors = ["embedlab.grading.skip_demo_cells.SkipDemoCells", ...]

Example (the static check):
    >>> demo = "import time\\nfig = plot(losses)\\n"
    >>> sorted(assigned_names(demo))
    ['fig', 'time']
    >>> sorted(needed_names("loss = f(x)\\nprint(fig, loss)"))
    ['f', 'fig', 'print', 'x']
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import List, Unicode

TAG = "grading-skip"
SKIPPED_SOURCE = "# (demo cell: not run when grading; it changes no grade)\n"


@functools.lru_cache(maxsize=4096)
def parse_cell(source: str) -> ast.Module | None:
    """The cell's AST (IPython magics turned into Python first); None if it does not parse.

    Cached: every check below parses the same cells again. Callers must not change the tree.
    """
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return None


def assigned_names(source: str) -> set[str]:
    """Names a cell binds at any level: assignments, imports, ``def``/``class``, ``del``.

    An unparsable cell binds nothing we can see; it is then never skipped (see :func:`plan`).
    """
    tree = parse_cell(source)
    names: set[str] = set()
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def changed_names(source: str) -> set[str]:
    """Names a cell binds, and those whose object it stores into: ``x.a = 1``, ``x[i] = 1``, ``x += 1``.

    Changes made by method calls (``model.train()``, ``items.append(1)``) are beyond this check.

    >>> sorted(changed_names("table[0] = 1\\nmodel.lr = 0.1\\ntotal += 2\\nnew = 3"))
    ['model', 'new', 'table', 'total']
    """
    tree = parse_cell(source)
    names = assigned_names(source)
    for node in ast.walk(tree) if tree else ():
        if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            root = node.value
            while isinstance(root, (ast.Attribute, ast.Subscript)):
                root = root.value
            if isinstance(root, ast.Name):
                names.add(root.id)
    return names


def needed_names(source: str) -> set[str]:
    """Names a cell reads before (or without) binding them itself: what it needs from earlier cells.

    Conservative: a name read anywhere in the cell counts unless the cell binds it on an
    earlier line (so ``x = x + 1`` needs ``x``); names read inside a function count too.
    """
    tree = parse_cell(source)
    if tree is None:
        return set()
    first_bound: dict[str, int] = {}
    reads: dict[str, int] = {}
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Name):
            target = first_bound if isinstance(node.ctx, (ast.Store, ast.Del)) else reads
            target[node.id] = min(target.get(node.id, line), line)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first_bound[node.name] = min(first_bound.get(node.name, line), line)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                name = (alias.asname or alias.name).split(".")[0]
                first_bound[name] = min(first_bound.get(name, line), line)
    return {name for name, line in reads.items() if not first_bound.get(name, line + 1) < line}


def plan(cells: list[NotebookNode], candidates: set[int]) -> set[int]:
    """The candidate cell indices that may be skipped: none changes a name a later kept cell needs.

    Walks the notebook backwards keeping the names still needed; a candidate that binds or
    stores into one of them (:func:`changed_names`), or does not parse, runs after all.
    """
    needed: set[str] = set()
    skipped: set[int] = set()
    for index in reversed(range(len(cells))):
        cell = cells[index]
        if cell.cell_type != "code":
            continue
        binds = assigned_names(cell.source)
        parses = parse_cell(cell.source) is not None
        if index in candidates and parses and not changed_names(cell.source) & needed:
            skipped.add(index)
            continue
        needed = needed_names(cell.source) | (needed - binds)
    return skipped


def tagged_cells(source_nb: NotebookNode, tag: str = TAG) -> dict[str, str]:
    """{cell id: source} of the source notebook's code cells tagged ``tag``.

    Cells with nbgrader metadata (answers, tests, written answers) never count, tagged or not.
    """
    return {cell.id: cell.source for cell in source_nb.cells
            if cell.cell_type == "code" and tag in cell.get("metadata", {}).get("tags", [])
            and not cell.get("metadata", {}).get("nbgrader") and cell.get("id")}


class SkipDemoCells(NbGraderPreprocessor):
    """Blank, before execution, the submitted cells that the source notebook tags ``grading-skip``."""

    tag = Unicode(TAG, help="Cell tag, in the SOURCE notebook, of demo cells not run at autograde."
                  ).tag(config=True)
    run_whole_for = List(
        Unicode(), default_value=[],
        help="Student ids whose notebooks run whole, every demo cell included (to regrade one by hand, "
             "or to compare both ways).").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        info = (resources or {}).get("nbgrader", {})
        if info.get("student") in self.run_whole_for:
            return nb, resources
        source = self._source_notebook(info.get("assignment"), info.get("notebook"))
        if source is None:
            return nb, resources
        tagged = tagged_cells(source, self.tag)
        matched = {i for i, cell in enumerate(nb.cells)
                   if cell.cell_type == "code" and not cell.get("metadata", {}).get("nbgrader")
                   and cell.get("id") in tagged and cell.source.strip() == tagged[cell.get("id")].strip()}
        for index in sorted(plan(nb.cells, matched)):
            nb.cells[index].source = SKIPPED_SOURCE
        return nb, resources

    def _source_notebook(self, assignment: str | None, notebook: str | None) -> NotebookNode | None:
        """The instructor's source notebook of this assignment, or None (then nothing is skipped)."""
        if not assignment or not notebook:
            return None
        coursedir = CourseDirectory(config=self.config)
        path = Path(coursedir.format_path(coursedir.source_directory, ".", assignment)) / f"{notebook}.ipynb"
        if not path.exists():
            self.log.warning("SkipDemoCells: no source notebook %s; every cell runs", path)
            return None
        return nbformat.read(path, as_version=4)
