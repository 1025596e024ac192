"""Autograde's first step: a submission's cell roles put back to the lesson's (instructor tooling).

nbgrader preprocessor :class:`RestoreCellRoles`: :func:`embedlab.notebook.roles.restore_roles` with
the roles the gradebook holds for the lesson. Without it a copied answer or test cell (JupyterLab's
copy and paste copies nbgrader's metadata), a cell pasted from another lesson or an edited role
stopped nbgrader's autograde, and the whole submission went ungraded. Each change is logged;
the grader's pre-check (:mod:`embedlab_grader.precheck`) reports the same changes per student.

Configured in ``nbgrader_config.py``, ahead of nbgrader's own sanitizing steps::

    c.Autograde.sanitize_preprocessors = [
        "nbgrader.preprocessors.ClearOutput", "embedlab_grader.restore_cell_roles.RestoreCellRoles",
        "nbgrader.preprocessors.DeduplicateIds", ...]

Example:
    >>> RestoreCellRoles().enabled
    True
"""

from __future__ import annotations

from nbformat import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor

from embedlab.notebook.roles import Role, restore_roles

__all__ = ["RestoreCellRoles", "gradebook_roles"]


def gradebook_roles(db_url: str, notebook: str, assignment: str) -> dict[str, Role]:
    """{grade_id: role} of every cell the gradebook at ``db_url`` holds for ``notebook`` of ``assignment``."""
    with Gradebook(db_url) as gradebook:
        source = gradebook.find_notebook(notebook, assignment)
        grade = {c.name: float(c.max_score) for c in source.grade_cells}
        task = {c.name: float(c.max_score) for c in source.task_cells}
        solution = {c.name for c in source.solution_cells}
        return {c.name: Role(grade=c.name in grade, solution=c.name in solution, locked=bool(c.locked),
                             task=c.name in task, points=grade.get(c.name, task.get(c.name)))
                for c in source.source_cells}


class RestoreCellRoles(NbGraderPreprocessor):
    """Put every cell's nbgrader role back to the one the gradebook holds for the lesson."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        info = resources["nbgrader"]
        roles = gradebook_roles(info["db_url"], info["notebook"], info["assignment"])
        for kind, detail in restore_roles(nb.cells, roles):
            self.log.warning("%s: %s", kind, detail)
        return nb, resources
