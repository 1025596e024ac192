"""Finding the course folder, the lesson, and the source notebook that holds its hidden tests.

Used by :mod:`embedlab.checkwork` (every lesson). In a class hand-out there is no ``solutions/``
folder: :class:`NoSolutions` carries the message that the instructor grades the hidden tests.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "notebooks" / "01-one-hot-vs-embeddings").mkdir(parents=True)
    >>> find_repo(root / "notebooks") == root.resolve(), resolve_lesson(root, "1")
    (True, '01-one-hot-vs-embeddings')
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["CLASS_MESSAGE", "NoSolutions", "find_repo", "resolve_lesson", "locate"]

CLASS_MESSAGE = ("This copy of the course has no solutions/ folder (a class hand-out), so it holds no hidden "
                 "tests: your instructor grades them. Validate (the toolbar button) runs the visible checks.")

class NoSolutions(Exception):
    """The course copy has no solutions/ folder: the hidden tests are the instructor's."""


def find_repo(start: Path) -> Path | None:
    """The course folder at or above ``start``: the first that holds ``notebooks/``."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        if (folder / "notebooks").is_dir():
            return folder
    return None


def resolve_lesson(repo: Path, lesson: str) -> str:
    """The lesson folder name for ``01``, ``1``, ``01-one-hot-vs-embeddings`` or a notebook path."""
    names = sorted(p.name for p in (repo / "notebooks").iterdir() if re.match(r"^\d\d-", p.name))
    key = Path(lesson).stem if lesson.endswith(".ipynb") else lesson.strip().rstrip("/").split("/")[-1]
    if key.isdigit():
        key = f"{int(key):02d}"
    found = [n for n in names if n == key or n.startswith(key + "-") or (len(key) == 2 and n[:2] == key)]
    if len(found) != 1:
        raise ValueError(f"no single lesson matches {lesson!r}; the lessons are: {', '.join(names)} "
                         "(give its number, e.g. 01, or its folder name)")
    return found[0]


def locate(lesson: str | None, notebook: str | Path | None, here: Path) -> tuple[Path, str, Path, Path]:
    """(repo, lesson folder name, solution notebook, learner notebook); NoSolutions in a hand-out."""
    nb_path = Path(notebook).resolve() if notebook else None
    repo = find_repo(nb_path.parent if nb_path else here)
    if repo is None:
        raise ValueError(f"no course folder (one holding notebooks/) at or above {nb_path or here}: "
                         "run this inside the course")
    if lesson is None:
        if nb_path is None:
            raise ValueError("name the lesson, e.g. 01, or the notebook")
        lesson = nb_path.parent.name
    slug = resolve_lesson(repo, lesson)
    nb_path = nb_path or repo / "notebooks" / slug / f"{slug}.ipynb"
    if not nb_path.is_file():
        raise ValueError(f"{nb_path} does not exist: give the path of your notebook")
    solution = repo / "solutions" / slug / f"{slug}.ipynb"
    if not solution.is_file():
        raise NoSolutions(CLASS_MESSAGE)
    return repo, slug, solution, nb_path
