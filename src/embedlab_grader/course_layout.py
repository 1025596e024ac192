"""Which folders of a course directory hold the lessons, as ``nbgrader_config.py`` says (instructor tooling).

The one reader of the course's layout: the grading command lists the lessons in the source
folder, the integrity check fingerprints the source and release folders, the demo-cell
cache (:func:`embedlab_grader.skip_demo_cells.prepare_course_cells`) reads their notebooks, and
the preprocessors find a lesson's source notebook (:func:`source_notebook`).
The configuration is loaded as nbgrader loads it, so any way of writing the setting counts;
without one, nbgrader's defaults apply (``source``, ``release``).

Example:
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> folders(root)
    CourseFolders(source='source', release='release')
    >>> (root / CONFIG).write_text('c = get_config()\\nc.CourseDirectory.source_directory = "solutions"\\n')
    66
    >>> folders(root)
    CourseFolders(source='solutions', release='release')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

CONFIG = "nbgrader_config.py"


class CourseFolders(NamedTuple):
    """Folder names, relative to the course directory."""

    source: str  # CourseDirectory.source_directory: the instructor's notebooks, with solutions
    release: str  # CourseDirectory.release_directory: the student versions


class CourseConfigError(ValueError):
    """The course's nbgrader_config.py could not be loaded."""


def folders(root: Path) -> CourseFolders:
    """The source and release folders that ``root/nbgrader_config.py`` names, else nbgrader's defaults.

    Raises :class:`CourseConfigError` naming the file when the configuration does not load.
    """
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    path = Path(root) / CONFIG
    config = Config()
    if path.exists():
        try:
            config = PyFileConfigLoader(CONFIG, path=str(path.parent)).load_config()
        except Exception as exc:  # noqa: BLE001 - any error in the instructor's file is reported as one
            raise CourseConfigError(
                f"{path} could not be loaded ({type(exc).__name__}: {exc}); nbgrader cannot read it "
                "either. Fix the line the error names, then grade again.") from exc
    section = config.get("CourseDirectory", {})
    return CourseFolders(str(section.get("source_directory", "source")),
                         str(section.get("release_directory", "release")))


def source_notebook(config: Any, assignment: str, notebook: str) -> Path:
    """Where the instructor's source notebook ``notebook`` of ``assignment`` is, for an nbgrader
    preprocessor's ``config`` (the path may not exist: callers say what they do without it)."""
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config)
    return Path(coursedir.format_path(coursedir.source_directory, ".", assignment)) / f"{notebook}.ipynb"
