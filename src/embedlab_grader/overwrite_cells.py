"""nbgrader's ``OverwriteCells``, putting back a deleted test cell even when its neighbours are gone too.

Instructor tooling. With ``c.OverwriteCells.add_missing_cells = True`` nbgrader 0.9 puts a test
cell (or written answer) that a learner deleted back into the submission, right after the cell
that comes before it in the lesson. When that cell was deleted as well -- a learner who removes
an exercise they skipped, answer and test together, or a notebook whose nbgrader metadata was
lost -- nbgrader's look-up fails with a ``KeyError`` and autograde stops: the whole submission
went ungraded, every other exercise's points with it.

:class:`OverwriteCellsSafely` changes only where a missing cell goes (:func:`position`): after
the nearest earlier grading cell of the lesson that the submission still has, else before the
nearest later one, else at the end. Everything else is nbgrader's own: the cell's source and
points come from the gradebook, and its hidden tests run as in any other test cell. Configured
in ``nbgrader_config.py`` in place of ``nbgrader.preprocessors.OverwriteCells`` (whose settings,
``c.OverwriteCells.*``, it keeps).

Example:
    >>> order = ["build_vocab", "test_build_vocab", "encode", "test_encode", "one_hot", "test_one_hot"]
    >>> present = {"build_vocab": 3, "test_build_vocab": 4, "one_hot": 9, "test_one_hot": 10}
    >>> position(order, "test_encode", present, 20)   # encode is gone too: after test_build_vocab
    5
    >>> position(order, "test_build_vocab", {"one_hot": 9}, 20)   # nothing earlier: before one_hot
    9
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import nbformat
from nbformat import NotebookNode
from nbgrader.preprocessors import OverwriteCells

from embedlab.notebook.cells import grade_id
from embedlab_grader import course_layout

__all__ = ["OverwriteCellsSafely", "position"]


def position(order: Sequence[str], missing: str, present: Mapping[str, int], end: int) -> int:
    """Where to insert grading cell ``missing``: ``order`` is the lesson's grading cells in notebook order,
    ``present`` the submission's {grade_id: cell index}, ``end`` its number of cells."""
    k = order.index(missing)
    for gid in reversed(order[:k]):
        if gid in present:
            return present[gid] + 1
    for gid in order[k + 1:]:
        if gid in present:
            return present[gid]
    return end


class OverwriteCellsSafely(OverwriteCells):
    """``OverwriteCells`` whose missing grade cells go where :func:`position` says (module docstring)."""

    def add_missing_grade_cells(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        source_nb = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        if not {cell.name for cell in source_nb.grade_cells} - set(self._present(nb)):
            return nb, resources
        source = {cell.name: cell for cell in source_nb.source_cells}
        order = self._lesson_order(list(source))
        solutions = {cell.name for cell in source_nb.solution_cells}
        for grade_cell in sorted(source_nb.grade_cells, key=lambda cell: order.index(cell.name)):
            present = self._present(nb)
            if grade_cell.name in present:
                continue
            self.log.warning("Missing grade cell %s encountered, adding to notebook", grade_cell.name)
            cell = self.missing_cell_transform(source[grade_cell.name], grade_cell.max_score,
                                               is_solution=grade_cell.name in solutions)
            nb.cells.insert(position(order, grade_cell.name, present, len(nb.cells)), cell)
        return nb, resources

    @staticmethod
    def _present(nb: NotebookNode) -> dict[str, int]:
        """{grade_id: cell index} of the submission's grading cells."""
        return {gid: i for i, cell in enumerate(nb.cells) if (gid := grade_id(cell))}

    def _lesson_order(self, names: list[str]) -> list[str]:
        """``names`` in the order of the lesson's source notebook. The gradebook keeps no order (nbgrader
        trusts the database's, which PostgreSQL does not keep after updates); without the source
        notebook, the gradebook's order it is."""
        path = course_layout.source_notebook(self.config, self.assignment_id, self.notebook_id)
        try:
            in_source = [gid for cell in nbformat.read(path, as_version=4).cells if (gid := grade_id(cell))]
        except (OSError, ValueError) as exc:
            self.log.warning("OverwriteCellsSafely: no source notebook (%s); the gradebook's order", exc)
            return names
        return [n for n in in_source if n in names] + [n for n in names if n not in in_source]
