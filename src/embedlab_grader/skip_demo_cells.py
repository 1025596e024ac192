"""Autograde without the lessons' demo cells: nbgrader preprocessor :class:`SkipDemoCells` (instructor).

What is skipped, and why that is safe, is :mod:`embedlab.notebook.demo_cells`'s to decide (check my
work uses it too); this module reads the lesson's source notebook and warms the caches.

Configured in ``nbgrader_config.py`` before ``GuardedExecute``::

    c.Autograde.autograde_preprocessors = ["embedlab_grader.skip_demo_cells.SkipDemoCells", ...]

Example:
    >>> SkipDemoCells().tag
    'grading-skip'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import List, Unicode

from embedlab.notebook.demo_cells import TAG, _names, skip_demo_cells
from embedlab_grader import course_layout


def prepare_course_cells(root: Path) -> int:
    """Parse and analyse every code cell of the course's lessons into the caches.

    Reads the source notebooks and the student versions, in the folders the course's
    ``nbgrader_config.py`` names (:mod:`embedlab_grader.course_layout`): a submission's cells
    are the release's, except the answers. The fork server
    (:mod:`embedlab_grader.forkserver`) calls it once per course, so that every grading process
    forked after it finds the lesson's cells parsed and :func:`plan`'s names known. Returns how
    many cells it read.
    """
    count = 0
    for folder in course_layout.folders(root):
        for path in sorted(Path(root, folder).glob("*/*.ipynb")):
            try:
                nb = nbformat.read(path, as_version=4)
            except Exception:  # noqa: BLE001 - a cache warm-up: grading reads the file itself, and says
                continue
            for cell in nb.cells:
                if cell.cell_type == "code":
                    _names(cell.source)
                    count += 1
    return count



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
        skip_demo_cells(nb, source, self.tag)
        return nb, resources

    def _source_notebook(self, assignment: str | None, notebook: str | None) -> NotebookNode | None:
        """The instructor's source notebook of this assignment, or None (then nothing is skipped)."""
        if not assignment or not notebook:
            return None
        path = course_layout.source_notebook(self.config, assignment, notebook)
        if not path.exists():
            self.log.warning("SkipDemoCells: no source notebook %s; every cell runs", path)
            return None
        return nbformat.read(path, as_version=4)
