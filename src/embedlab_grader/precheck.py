"""Check a submission folder before it is graded (instructor tooling).

Symbolic links, corrupt, misnamed or missing notebooks, deleted or edited test cells, cell roles
that autograde puts back (:mod:`embedlab.notebook.roles`: copied cells, unknown grading cells,
edited roles) and extra files become :class:`~embedlab_grader.report.Finding` s; a fatal one means the
submission is not graded.
A single misnamed notebook is copied to its expected name.

Example:
    >>> from pathlib import Path; import tempfile
    >>> root = Path(tempfile.mkdtemp()); (root / "submitted" / "bob" / "01-x").mkdir(parents=True)
    >>> [str(f) for f in precheck(root, "01-x", "bob")]  # doctest: +ELLIPSIS
    ['no notebook: no 01-x.ipynb in ...']
"""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path

import nbformat

from embedlab.notebook.cells import grade_id, is_test_cell
from embedlab.notebook.roles import restore_roles, roles_of
from embedlab_grader.report import Finding


def _grade_cells(nb: nbformat.NotebookNode) -> dict[str, nbformat.NotebookNode]:
    return {gid: c for c in nb.cells if (gid := grade_id(c))}


def _links(folder: Path) -> list[Path]:
    """The symbolic links in ``folder``, the folder and its parent included, at any depth (never followed)."""
    out = [p for p in (folder.parent, folder) if p.is_symlink()]
    if not out:
        for dirpath, dirnames, filenames in os.walk(folder):  # a linked folder is listed, not entered
            out += [Path(dirpath, name) for name in dirnames + filenames if Path(dirpath, name).is_symlink()]
    return sorted(out)


def precheck(root: Path, lesson: str, student: str, release: str = "notebooks") -> list[Finding]:
    """Check ``submitted/<student>/<lesson>/`` before grading; may copy a misnamed notebook to its name."""
    folder = root / "submitted" / student / lesson
    expected = folder / f"{lesson}.ipynb"
    found: list[Finding] = []
    # nbgrader copies a submission following its links, so a link would hand the grading kernel (and the
    # feedback) whatever it points to -- the gradebook, the solutions -- or grade another student's notebook.
    if links := _links(folder):
        fix = ("a submission holds files, not links to files elsewhere; not graded: replace the link by the "
               "file itself (or delete it), then grade this student again")
        return [Finding("symbolic link", f"{link.relative_to(root / 'submitted').as_posix()} -> "
                                         f"{os.readlink(link)}: {fix}", fatal=True) for link in links]
    misnamed: set[str] = set()
    if not expected.exists():
        others = sorted(p for p in folder.glob("*.ipynb"))
        if len(others) == 1:
            shutil.copy2(others[0], expected)
            misnamed.add(others[0].name)
            found.append(Finding("misnamed notebook",
                                 f"submitted as {others[0].name!r}; graded as {expected.name!r}"))
        elif not others:
            return [Finding("no notebook", f"no {expected.name} in {folder}", fatal=True)]
        else:
            names = ", ".join(p.name for p in others)
            return [Finding("ambiguous notebooks", f"no {expected.name}, several others: {names}",
                            fatal=True)]
    try:
        nb = nbformat.read(expected, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # nbformat raises several unrelated types for broken files
        return found + [Finding(
            "corrupt notebook", f"{expected.name} cannot be read: {type(exc).__name__}: {str(exc)[:160]}",
            fatal=True)]
    size = expected.stat().st_size
    if size > 5_000_000:
        found.append(Finding("large notebook", f"{size / 1e6:.1f} MB"))
    reference = root / release / lesson / f"{lesson}.ipynb"
    if reference.exists():
        released = nbformat.read(reference, as_version=4)
        found += [Finding(kind, detail) for kind, detail in restore_roles(copy.deepcopy(nb.cells),
                                                                            roles_of(released))]
        ref_cells = _grade_cells(released)
        sub_cells = _grade_cells(nb)
        sources = {c.source.strip() for c in nb.cells}
        for gid, ref in ref_cells.items():
            locked_test = is_test_cell(ref)
            if gid not in sub_cells:
                how = "nbgrader metadata stripped" if ref.source.strip() in sources else "deleted"
                what = "test cell" if locked_test else "cell"
                fix = "; put back from the source by autograde" if locked_test else ""
                found.append(Finding(f"{what} {how}", f"{gid}{fix}"))
            elif locked_test and sub_cells[gid].source.strip() != ref.source.strip():
                found.append(Finding("locked cell edited", f"{gid}; autograde restores it from the source"))
        expected_files = {expected.name} | {p.name for p in (root / release / lesson).iterdir()}
        extra = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                       if p.is_file() and p.relative_to(folder).parts[0] not in expected_files
                       and ".ipynb_checkpoints" not in p.parts and p.name not in misnamed | {"timestamp.txt"})
        if extra:
            shown = ", ".join(extra[:8]) + (" ..." if len(extra) > 8 else "")
            found.append(Finding("extra files", f"{shown} (copied along, never imported by the tests)"))
    return found
