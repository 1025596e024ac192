"""Which role a cell of a course notebook plays, read from its nbgrader metadata.

Used by the grader (:mod:`embedlab_grader`), check my work (:mod:`embedlab.checkwork`) and the
tests of every lesson. nbgrader marks a cell with ``grade`` (it earns points) and ``solution``
(the learner writes it); the three roles the course uses follow from those two flags:

=================  =========  =====  ========
role               cell type  grade  solution
=================  =========  =====  ========
answer             code       no     yes
test               code       yes    no
written answer     markdown   yes    yes
=================  =========  =====  ========

Example:
    >>> test = {"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "solution": False,
    ...                                                        "grade_id": "test_encode"}}}
    >>> is_test_cell(test), is_answer_cell(test), grade_id(test)
    (True, False, 'test_encode')
    >>> grade_id({"cell_type": "code", "metadata": {}}) is None
    True
    >>> nbgrader_meta({"metadata": {"nbgrader": "not a mapping"}})
    {}
    >>> grade_id({"metadata": {"nbgrader": {"grade_id": 7}}}) is None
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["BEGIN_HIDDEN", "END_HIDDEN", "nbgrader_meta", "grade_id", "hidden_lines", "is_answer_cell",
           "is_test_cell", "is_written_cell"]

# nbgrader's markers around a test cell's hidden part
BEGIN_HIDDEN, END_HIDDEN = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"


def nbgrader_meta(cell: Mapping[str, Any]) -> dict[str, Any]:
    """The cell's ``metadata["nbgrader"]``, or ``{}`` for a cell nbgrader does not know -- or whose
    metadata is not a mapping (a submission's metadata is the learner's, so anything can be there)."""
    metadata = cell.get("metadata")
    meta = metadata.get("nbgrader") if isinstance(metadata, Mapping) else None
    return dict(meta) if isinstance(meta, Mapping) else {}


def grade_id(cell: Mapping[str, Any]) -> str | None:
    """The cell's nbgrader ``grade_id`` (``"test_encode"``), or None (none, or not a string)."""
    gid = nbgrader_meta(cell).get("grade_id")
    return gid if isinstance(gid, str) and gid else None


def is_answer_cell(cell: Mapping[str, Any]) -> bool:
    """An autograded exercise's answer: a code cell the learner writes, not graded itself."""
    m = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(m.get("solution")) and not m.get("grade")


def is_test_cell(cell: Mapping[str, Any]) -> bool:
    """A locked, autograded test cell: code that earns points and that the learner does not write."""
    m = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(m.get("grade")) and not m.get("solution")


def is_written_cell(cell: Mapping[str, Any]) -> bool:
    """A written answer, graded by hand: a markdown cell the learner writes and that earns points."""
    m = nbgrader_meta(cell)
    return cell.get("cell_type") == "markdown" and bool(m.get("grade")) and bool(m.get("solution"))


def hidden_lines(source: str, begin: str = BEGIN_HIDDEN, end: str = END_HIDDEN) -> set[int]:
    """1-based numbers of a test cell's lines inside its hidden-test regions, the marker lines included.

    >>> sorted(hidden_lines("a\\n### BEGIN HIDDEN TESTS\\nb\\n### END HIDDEN TESTS\\nc"))
    [2, 3, 4]
    """
    out, inside = set(), False
    for number, line in enumerate(source.split("\n"), start=1):
        if begin in line:
            inside = True
        if inside:
            out.add(number)
        if end in line:
            inside = False
    return out
