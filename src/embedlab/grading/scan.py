"""Static tamper report: answer-cell code that honest answers never need (instructor tooling).

:func:`scan_source` reads one answer cell (with Python's ``ast``, falling back to plain text for
code that does not parse) and names each suspicious use: frame introspection, ``gc``, ``ctypes``,
``sys.modules`` surgery, IPython events/displayhook/compiler/exception hooks, ``__torch_function__``
and friends, subclasses of torch or builtin types, paths outside the submission folder,
``subprocess``, signals, ``/proc``, threads and trace hooks. It also flags an answer that imports
an ``embedlab`` function with the exercise's own name (the course package ships implementations
of many exercises). A hit is not proof of cheating: it tells the instructor where to look.

Example:
    >>> scan_source("import ctypes\\nfrom embedlab.vocabulary import build_vocab",
    ...             exercise_names={"build_vocab"})
    ['ctypes', 'imports embedlab.vocabulary.build_vocab (the exercise itself)']
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat

from embedlab.grading.report import Finding
from embedlab.notebook.cells import grade_id, nbgrader_meta

_MODULES = {"gc": "gc", "ctypes": "ctypes", "inspect": "frame introspection (inspect)",
            "subprocess": "subprocess", "signal": "signals", "threading": "threads", "_thread": "threads",
            "multiprocessing": "processes", "importlib": "importlib", "builtins": "builtins", "sys": None,
            "os": None, "pty": "pty", "socket": "network", "shutil": "shutil", "resource": "resource",
            "codeop": "IPython compiler", "ast": "ast", "dis": "bytecode",
            "jupyter_client": "ipykernel internals", "ipykernel": "ipykernel internals",
            "IPython": "IPython internals", "zmq": "ipykernel internals"}
_ATTRS = {"_getframe": "frame introspection", "f_back": "frame introspection",
          "f_globals": "frame introspection", "f_locals": "frame introspection",
          "f_code": "frame introspection", "tb_frame": "frame introspection", "settrace": "trace hook",
          "setprofile": "trace hook", "modules": None, "events": "IPython events",
          "displayhook": "IPython displayhook", "set_custom_exc": "IPython exception hook",
          "custom_exceptions": "IPython exception hook",
          "input_transformers_cleanup": "IPython input transformers",
          "input_transformers_post": "IPython input transformers",
          "ast_transformers": "IPython AST transformers", "compile": None, "kernel": "ipykernel internals",
          "session": "ipykernel internals", "do_execute": "ipykernel internals",
          "__torch_function__": "__torch_function__", "__torch_dispatch__": "__torch_dispatch__",
          "TorchFunctionMode": "torch function mode", "TorchDispatchMode": "torch dispatch mode",
          "_exit": "process exit", "kill": "signals", "fork": "processes", "system": "shell command",
          "popen": "shell command", "execv": "process exec", "__subclasses__": "type surgery",
          "__class__": None, "__globals__": "function globals", "__code__": "code objects",
          "__builtins__": "builtins"}
_BASES = {"Tensor": "subclasses torch.Tensor", "Parameter": "subclasses torch.nn.Parameter",
          "list": "subclasses list", "float": "subclasses float", "int": "subclasses int",
          "dict": "subclasses dict", "str": "subclasses str", "tuple": "subclasses tuple",
          "bool": "subclasses bool", "ModuleType": "subclasses ModuleType"}
_PATH = re.compile(r"""['"](/(?!/)[^'"\n]*|\.\./[^'"\n]*|~[^'"\n]*)['"]""")


def scan_source(source: str, exercise_names: set[str] = frozenset()) -> list[str]:
    """Suspicious uses in one cell's code, in order of first appearance, without repeats."""
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
                if mod == "sys" and "modules" in names:
                    hit("sys.modules surgery")
            elif isinstance(node, ast.Attribute):
                label = _ATTRS.get(node.attr)
                if node.attr == "modules" and isinstance(node.value, ast.Name) and node.value.id == "sys":
                    label = "sys.modules surgery"
                elif node.attr == "compile" and isinstance(node.value, ast.Call):
                    label = "IPython compiler"
                elif (node.attr == "compile" and isinstance(node.value, ast.Name)
                      and node.value.id in ("ip", "shell")):
                    label = "IPython compiler"
                if label:
                    hit(label)
                if (isinstance(node.value, ast.Name) and node.value.id == "embedlab"
                        and node.attr in exercise_names):
                    hit(f"uses embedlab.{node.attr} (the exercise itself)")
            elif isinstance(node, ast.ClassDef):
                for base in node.bases:
                    name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
                    if name in _BASES:
                        hit(_BASES[name])
                for item in node.body:
                    if (isinstance(item, ast.FunctionDef)
                            and item.name in ("__torch_function__", "__torch_dispatch__")):
                        hit(item.name)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
                    "__import__", "exec", "eval", "compile", "globals", "vars", "setattr", "delattr"):
                hit(f"{node.func.id}()")
            elif isinstance(node, ast.Name) and node.id in ("get_ipython",):
                hit("get_ipython()")
    else:
        for word, label in (("ctypes", "ctypes"), ("_getframe", "frame introspection"),
                            ("subprocess", "subprocess")):
            if word in source:
                hit(label)
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


def scan(root: Path, lesson: str, student: str) -> list[Finding]:
    """One "static scan" finding per answer cell with hits in
    ``submitted/<student>/<lesson>/<lesson>.ipynb``."""
    path = Path(root) / "submitted" / student / lesson / f"{lesson}.ipynb"
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001 - missing or corrupt notebooks are the pre-check's business
        return []
    names = _exercise_names(nb)
    out = []
    for index, cell in enumerate(nb.cells):
        nbg = nbgrader_meta(cell)
        if cell.cell_type != "code" or nbg.get("grade") and not nbg.get("solution"):
            continue  # test cells are restored from the source by autograde
        hits = scan_source(cell.source, names)
        if hits:
            gid = grade_id(cell)
            label = f"cell {index} ({gid})" if gid else f"cell {index}"
            out.append(Finding("static scan", f"{label}: {', '.join(hits)}"))
    return out
