"""Static report: answer-cell code that honest answers never need (instructor tooling).

:func:`scan_source` reads one answer cell (with Python's ``ast``, falling back to plain text for
code that does not parse) and names each suspicious use of the machine around the kernel:
``ctypes``, ``subprocess``, signals, processes, the network, ``/proc`` and paths outside the
submission folder, and dynamic lookups that can hide what a cell uses (``sys.modules``,
``__import__``, ``exec``). Tricks that only forged a verdict inside the kernel (IPython hooks,
trace hooks, torch modes, lying subclasses, reading the calling test's frame) are not reported:
the tests run in the judge, out of their reach. It also flags an answer that imports
an ``embedlab`` function with the exercise's own name (the course package ships implementations
of many exercises), and any other use of the course's own code, however it is spelled: an import
of ``embedlab`` under any alias, the text ``embedlab``, a name the lesson's own imports bind to
the course package (``similarity.cosine_matrix``), ``getattr`` with a computed name. Cells the
learner left as the course released them are not read. A hit is not proof of cheating: it tells
the instructor where to look.

Example:
    >>> for hit in scan_source("import ctypes\\nfrom embedlab.vocabulary import build_vocab",
    ...                        exercise_names={"build_vocab"}):
    ...     print(hit)
    ctypes
    imports embedlab.vocabulary.build_vocab (the exercise itself)
    uses the course package embedlab
    >>> scan_source("def f(X):\\n    return getattr(similarity, 'cos' + 'ine_matrix')(X)",
    ...             course_names={"similarity"})
    ['getattr with a computed name', "uses the course's similarity (embedlab)"]
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat

from embedlab.notebook.cells import grade_id, nbgrader_meta
from embedlab_grader.report import Finding

_MODULES = {"ctypes": "ctypes", "subprocess": "subprocess", "signal": "signals",
            "multiprocessing": "processes", "importlib": "importlib", "sys": None, "os": None,
            "pty": "pty", "socket": "network", "shutil": "shutil", "resource": "resource"}
_ATTRS = {"modules": None, "_exit": "process exit", "kill": "signals", "fork": "processes",
          "system": "shell command", "popen": "shell command", "execv": "process exec"}
_PATH = re.compile(r"""['"](/(?!/)[^'"\n]*|\.\./[^'"\n]*|~[^'"\n]*)['"]""")


def scan_source(source: str, exercise_names: set[str] = frozenset(),
                course_names: set[str] = frozenset()) -> list[str]:
    """Suspicious uses in one cell's code, in order of first appearance, without repeats.

    ``course_names``: the names the lesson's own imports bind to the course package.
    """
    hits: list[str] = []

    def hit(what: str) -> None:
        if what not in hits:
            hits.append(what)

    try:
        tree = ast.parse(source)
    except SyntaxError:
        tree = None
    if tree is not None:
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                mod = node.module if isinstance(node, ast.ImportFrom) else None
                names = [a.name for a in node.names]
                for name in ([mod] if mod else names):
                    top = name.split(".")[0]
                    if _MODULES.get(top):
                        hit(_MODULES[top])
                if mod and mod.split(".")[0] == "embedlab":
                    for a in names:
                        if a in exercise_names:
                            hit(f"imports {mod}.{a} (the exercise itself)")
                if any(n.split(".")[0] == "embedlab" for n in ([mod] if mod else names)):
                    hit("uses the course package embedlab")
                if mod == "sys" and "modules" in names:
                    hit("sys.modules surgery")
            elif isinstance(node, ast.Attribute):
                label = _ATTRS.get(node.attr)
                if node.attr == "modules" and isinstance(node.value, ast.Name) and node.value.id == "sys":
                    label = "sys.modules surgery"
                if label:
                    hit(label)
                if (isinstance(node.value, ast.Name) and node.value.id == "embedlab"
                        and node.attr in exercise_names):
                    hit(f"uses embedlab.{node.attr} (the exercise itself)")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
                    "__import__", "exec", "eval", "compile", "globals", "vars"):
                hit(f"{node.func.id}()")
            elif isinstance(node, ast.Name) and node.id in course_names and isinstance(node.ctx, ast.Load):
                hit(f"uses the course's {node.id} (embedlab)")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
                    and len(node.args) >= 2 and not isinstance(node.args[1], ast.Constant)):
                hit("getattr with a computed name")
    else:
        for word, label in (("ctypes", "ctypes"), ("subprocess", "subprocess")):
            if word in source:
                hit(label)
    if "embedlab" in source:
        hit("uses the course package embedlab")
    for m in _PATH.finditer(source):
        path = m.group(1)
        hit("/proc" if path.startswith("/proc") else f"path outside the submission folder ({path[:40]})")
    return hits


def _exercise_names(nb: nbformat.NotebookNode) -> set[str]:
    names = set()
    for cell in nb.cells:
        nbg = nbgrader_meta(cell)
        if cell.cell_type == "code" and nbg.get("solution"):
            names.add(grade_id(cell) or "")
            try:
                names |= {n.name for n in ast.parse(cell.source).body
                          if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
            except SyntaxError:
                pass
    return names - {""}


def _course_names(source: nbformat.NotebookNode | None) -> set[str]:
    """Names the lesson's own imports bind to the course package, less those its answers use."""
    if source is None:
        return set()
    names, used = set(), set()
    for cell in source.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse("\n".join(line for line in cell.source.splitlines()
                                       if not line.lstrip().startswith(("%", "!"))))
        except SyntaxError:
            continue
        if nbgrader_meta(cell).get("solution"):
            used |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
            continue
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "embedlab":
                names |= {a.asname or a.name for a in node.names}
            elif isinstance(node, ast.Import):
                names |= {(a.asname or a.name).split(".")[0] for a in node.names
                          if a.name.split(".")[0] == "embedlab"}
    return names - used


def _read(path: Path) -> nbformat.NotebookNode | None:
    try:
        return nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - missing or corrupt notebooks are the pre-check's business
        return None


def scan(root: Path, lesson: str, student: str) -> list[Finding]:
    """One "static scan" finding per answer cell, or cell that is not as the course released it, with
    hits in ``submitted/<student>/<lesson>/<lesson>.ipynb``."""
    from embedlab_grader import course_layout

    nb = _read(Path(root) / "submitted" / student / lesson / f"{lesson}.ipynb")
    if nb is None:
        return []
    try:
        layout = course_layout.folders(Path(root))
    except course_layout.CourseConfigError:
        layout = None
    source = release = None
    if layout is not None:
        source = _read(Path(root) / layout.source / lesson / f"{lesson}.ipynb")
        release = _read(Path(root) / layout.release / lesson / f"{lesson}.ipynb")
    released = {c.source.strip() for c in (release.cells if release is not None else [])
                if c.cell_type == "code" and not nbgrader_meta(c).get("solution")}
    names, course_names = _exercise_names(nb), _course_names(source)
    out = []
    for index, cell in enumerate(nb.cells):
        nbg = nbgrader_meta(cell)
        if cell.cell_type != "code" or nbg.get("grade") and not nbg.get("solution"):
            continue  # test cells are restored from the source by autograde
        if not nbg.get("solution") and cell.source.strip() in released:
            continue  # a demo cell as the course released it
        hits = scan_source(cell.source, names, course_names)
        if release is None and not nbg.get("solution"):
            # without the release, demo cells cannot be told from edited ones: they use the course's code
            hits = [h for h in hits if not h.startswith("uses the course")]
        if hits:
            gid = grade_id(cell)
            label = f"cell {index} ({gid})" if gid else f"cell {index}"
            out.append(Finding("static scan", f"{label}: {', '.join(hits)}"))
    return out
