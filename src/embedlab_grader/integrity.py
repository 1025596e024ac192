"""Fingerprints of everything a grading run must leave alone (instructor tooling).

:func:`fingerprint` hashes, per item: the course configuration (``nbgrader_config.py``), every
file of the source and release folders, the gradebook's source and solution cells and grade-cell
points, every ``manual_score`` and ``extra_credit``, and every file under ``submitted/``.
:mod:`embedlab_grader.cli` takes one before grading and compares after each submission: a
difference is a "tampering: <what>" finding for the submission(s) being graded meanwhile, whose
grades are then withheld; :func:`restore` puts changed course files back so later students are
graded against the real course.

The sandbox (:mod:`embedlab_grader.sandbox`) already keeps submissions away from all of this;
the fingerprint is the second line, and the only one under ``--unsafe-no-sandbox``.

Example:
    >>> import tempfile; from pathlib import Path
    >>> root = Path(tempfile.mkdtemp()); (root / "nbgrader_config.py").write_text("c = 1\\n")
    6
    >>> before = fingerprint(root)
    >>> (root / "nbgrader_config.py").write_text("c = 2\\n")
    6
    >>> changes(before, fingerprint(root))
    ['changed: nbgrader_config.py']
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import create_engine, text

from embedlab_grader import course_layout


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _files(root: Path, folder: str) -> dict[str, str]:
    base = root / folder
    if not base.exists():
        return {}
    return {p.relative_to(root).as_posix(): _sha(p.read_bytes()) for p in sorted(base.rglob("*"))
            if p.is_file() and ".ipynb_checkpoints" not in p.parts}


_GRADEBOOK_QUERIES = {
    "source cell": "SELECT c.name, n.name, a.name, c.source, c.checksum FROM source_cell c "
                   "JOIN notebook n ON c.notebook_id = n.id JOIN assignment a ON n.assignment_id = a.id",
    "solution cell": "SELECT c.name, n.name, a.name FROM solution_cell c "
                     "JOIN notebook n ON c.notebook_id = n.id JOIN assignment a ON n.assignment_id = a.id",
    "grade cell": "SELECT c.name, n.name, a.name, c.max_score, c.cell_type FROM grade_cell c "
                  "JOIN notebook n ON c.notebook_id = n.id JOIN assignment a ON n.assignment_id = a.id",
    "manual score": "SELECT g.id, g.manual_score, g.extra_credit, s.student_id FROM grade g "
                    "JOIN submitted_notebook sn ON g.notebook_id = sn.id "
                    "JOIN submitted_assignment s ON sn.assignment_id = s.id",
}


def _gradebook(db_url: str) -> dict[str, str]:
    engine = create_engine(db_url)
    out: dict[str, str] = {}
    try:
        with engine.connect() as con:
            for label, query in _GRADEBOOK_QUERIES.items():
                try:
                    rows = con.execute(text(query)).fetchall()
                except Exception:  # noqa: BLE001 - a gradebook without the table yet
                    continue
                for row in rows:
                    if label == "manual score":
                        if row[1] is None and row[2] is None:
                            continue
                        out[f"gradebook manual score/extra credit of {row[3]} (grade {row[0]})"] = (
                            repr(tuple(row[1:3])))
                    else:
                        out[f"gradebook {label} {row[2]}/{row[1]}/{row[0]}"] = _sha(repr(tuple(row)).encode())
    finally:
        engine.dispose()
    return out


def fingerprint(root: Path, db_url: str | None = None,
                folders: course_layout.CourseFolders | None = None) -> dict[str, str]:
    """{item: hash} of the course config, sources, releases, gradebook cells and scores, submissions.

    ``folders``: the source and release folders as they were when grading began (default: read the
    config now). A grading run passes them, so that a config changed meanwhile is only reported
    and put back, never loaded.
    """
    root = Path(root)
    out: dict[str, str] = {}
    config = root / "nbgrader_config.py"
    if config.exists():
        out["nbgrader_config.py"] = _sha(config.read_bytes())
    src, rel = folders or course_layout.folders(root)
    for folder in (src, rel, "submitted"):
        out.update(_files(root, folder))
    url = db_url or f"sqlite:///{root / 'gradebook.db'}"
    if not url.startswith("sqlite:///") or Path(url[len("sqlite:///"):]).exists():
        out.update(_gradebook(url))
    return out


def changes(before: dict[str, str], after: dict[str, str], regraded: set[str] = frozenset()) -> list[str]:
    """What differs, one line per item ("changed: X", "added: X", "removed: X").

    ``regraded``: students graded in this run; ``autograde --force`` may drop their old manual scores.
    """
    def dropped_by_regrade(key: str) -> bool:
        return key.startswith("gradebook manual score") and any(f" of {s} (grade" in key for s in regraded)

    out = [f"changed: {k}" for k in before if k in after and after[k] != before[k]]
    out += [f"removed: {k}" for k in before if k not in after and not dropped_by_regrade(k)]
    out += [f"added: {k}" for k in after if k not in before]
    return out


def snapshot_files(root: Path, folders: course_layout.CourseFolders | None = None) -> dict[str, bytes]:
    """The bytes of the config, source, release and submitted files, for :func:`restore`."""
    root = Path(root)
    src, rel = folders or course_layout.folders(root)
    out = ({"nbgrader_config.py": (root / "nbgrader_config.py").read_bytes()}
           if (root / "nbgrader_config.py").exists() else {})
    for folder in (src, rel, "submitted"):
        base = root / folder
        if base.exists():
            for p in base.rglob("*"):
                if p.is_file() and ".ipynb_checkpoints" not in p.parts:
                    out[p.relative_to(root).as_posix()] = p.read_bytes()
    return out


def restore(root: Path, saved: dict[str, bytes], changed: list[str]) -> list[str]:
    """Write back the saved bytes of changed or removed files; delete added ones. Returns what was fixed."""
    fixed = []
    for line in changed:
        kind, _, item = line.partition(": ")
        path = Path(root) / item
        if item in saved and kind in ("changed", "removed"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(saved[item])
            fixed.append(item)
        elif kind == "added" and not item.startswith("gradebook") and path.is_file():
            path.unlink()
            fixed.append(item)
    return fixed
