"""A notebook's nbgrader cell roles, compared with the lesson's and put back where they differ.

nbgrader reads from each cell's ``metadata["nbgrader"]`` which cells are answers, tests and
written answers (:mod:`embedlab.notebook.cells`). A learner can change that metadata without
meaning to: JupyterLab's copy and paste copies it, so a copied answer or test cell carries the
same ``grade_id`` twice; a cell pasted from another lesson brings a ``grade_id`` this lesson does
not have. A cheat can change it on purpose (a test cell made an answer cell, a cell added with
100 points, metadata that is not nbgrader's at all). nbgrader 0.9's autograde stops on each of
these (a ``KeyError`` or a missing gradebook entry; upstream, jupyter/nbgrader#1083), so the whole
submission went ungraded.

:func:`restore_roles` makes every cell's role agree with the lesson's source, in place, and says
what it changed:

* a ``grade_id`` that appears more than once keeps its role in the LAST copy, the one below the
  learner's latest edits (nbgrader's ``DeduplicateIds`` keeps the last as well); earlier copies
  run as ordinary cells;
* a ``grade_id`` the lesson does not have, nbgrader metadata without one, and metadata nbgrader
  cannot read (not a mapping, a ``grade_id`` that is not a string) are removed: the cell runs as an
  ordinary cell and earns nothing;
* the flags and points of a known ``grade_id`` are set back to the source's.

Cell types and the sources of locked cells are nbgrader's ``OverwriteCells``' work, after this.
Used by the grader and by check my work, so both treat a submission alike:
:class:`embedlab_grader.restore_cell_roles.RestoreCellRoles` runs it in autograde, with the roles
the gradebook holds; :func:`embedlab_grader.precheck.precheck` runs it on a copy, with the roles
of the released notebook, to tell the instructor; :mod:`embedlab.checkwork.run` runs it with the
roles of the source notebook.

Example:
    >>> roles = {"encode": Role(grade=False, solution=True, locked=False)}
    >>> answer = {"cell_type": "code", "source": "", "metadata": {"nbgrader": {
    ...     "grade_id": "encode", "grade": False, "solution": True, "locked": False}}}
    >>> pasted = {"cell_type": "code", "source": "", "metadata": {"nbgrader": {
    ...     "grade_id": "bonus", "grade": True, "solution": False, "locked": True, "points": 100}}}
    >>> import copy; cells = [answer, copy.deepcopy(answer), pasted]
    >>> for kind, detail in restore_roles(cells, roles): print(f"{kind}: {detail}")
    cell copied: encode appears 2 times; the last copy keeps its role, the others run as ordinary cells
    unknown grading cell: bonus is not a cell of this lesson; it runs as an ordinary cell and earns nothing
    >>> [sorted(c["metadata"]) for c in cells]
    [[], ['nbgrader'], []]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from embedlab.notebook.cells import grade_id, nbgrader_meta

__all__ = ["Role", "roles_of", "restore_roles"]


@dataclass(frozen=True)
class Role:
    """What nbgrader does with one cell: its flags, and its points when it earns any."""

    grade: bool
    solution: bool
    locked: bool
    task: bool = False
    points: float | None = None

    def flags(self) -> dict[str, Any]:
        """The role as nbgrader metadata keys."""
        out: dict[str, Any] = {"grade": self.grade, "solution": self.solution, "locked": self.locked,
                               "task": self.task}
        if self.grade or self.task:
            out["points"] = self.points
        return out

    def describe(self) -> str:
        """The role in words, with its points: "a test cell worth 3 points"."""
        if self.task:
            kind = "a task cell"
        elif self.grade:
            kind = "a manually graded answer" if self.solution else "a test cell"
        elif self.solution:
            kind = "an answer cell"
        else:
            kind = "a read-only cell" if self.locked else "an ordinary cell"
        return kind + (f" worth {self.points:g} points" if isinstance(self.points, float) else "")


def _role(meta: Mapping[str, Any]) -> Role:
    grade, task = bool(meta.get("grade")), bool(meta.get("task"))
    points = meta.get("points") if grade or task else None
    return Role(grade, bool(meta.get("solution")), bool(meta.get("locked")), task,
                float(points) if isinstance(points, (int, float)) else points)


def roles_of(nb: Mapping[str, Any]) -> dict[str, Role]:
    """{grade_id: role} of a lesson's source or released notebook, as its metadata states them."""
    return {gid: _role(nbgrader_meta(cell)) for cell in nb["cells"] if (gid := grade_id(cell))}


def restore_roles(cells: Sequence[MutableMapping[str, Any]],
                  roles: Mapping[str, Role]) -> list[tuple[str, str]]:
    """Make the nbgrader metadata of ``cells`` agree with ``roles`` (see the module docstring), in place.

    Returns what was changed, for the instructor: (kind, detail) pairs, none when nothing was.
    """
    changes: list[tuple[str, str]] = []
    counts = Counter(gid for cell in cells if (gid := grade_id(cell)))
    seen: Counter[str] = Counter()
    for gid, n in counts.items():
        if n > 1 and gid in roles:
            changes.append(("cell copied", f"{gid} appears {n} times; the last copy keeps its role, "
                                           "the others run as ordinary cells"))
    for index, cell in enumerate(cells):
        metadata = cell.setdefault("metadata", {})
        if "nbgrader" not in metadata:
            continue
        gid = grade_id(cell)
        if gid is not None:
            seen[gid] += 1
        raw = metadata["nbgrader"]
        if raw and (not isinstance(raw, Mapping) or raw.get("grade_id") not in (None, "", gid)):
            shown = repr(str(raw)[:60])
            changes.append(("unreadable grading metadata", f"cell {index}: its nbgrader metadata is {shown}; "
                                                           "removed, it runs as an ordinary cell"))
        if gid is None or gid not in roles or seen[gid] < counts[gid]:
            if gid is not None and gid not in roles and seen[gid] == 1:
                changes.append(("unknown grading cell", f"{gid} is not a cell of this lesson; it runs as "
                                                        "an ordinary cell and earns nothing"))
            del metadata["nbgrader"]
            continue
        meta = metadata["nbgrader"]
        want = roles[gid]
        if (had := _role(meta)) != want:
            changes.append(("cell role edited", f"{gid} is {want.describe()} in the lesson, the submission "
                                                f"made it {had.describe()}; graded in the lesson's role"))
            meta.pop("points", None)
            meta.update(want.flags())
    return changes
