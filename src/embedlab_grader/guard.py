"""Kernel-side guard used while nbgrader autogrades a submission (instructor tooling).

nbgrader runs a student's notebook in ONE Python process: an answer cell can replace
``torch.allclose``, rebind ``all``/``abs``/``len`` or silence every later error, and the
test cells that follow then pass. :func:`install` runs before the first cell and takes a
snapshot of what the test cells rely on (the ``builtins`` module, torch / numpy / math and
their classes, IPython's error and input hooks, ``sys`` hooks); :func:`check` runs right
before every test cell and puts everything back, returning what it had to repair so the
instructor is told. ``os._exit``/``os.abort``/killing the kernel's own process raise an
error instead of stopping the kernel, and the submission folder is dropped from ``sys.path``
(a submitted ``torch.py`` cannot shadow the real package).

The nbgrader side lives in :mod:`embedlab_grader.preprocessors`; both calls return JSON text.

Limitation (stated, not hidden): code that targets this guard itself (finds it in
``sys.modules`` and disables it) is not stopped; the repairs and any such attempt stay visible
in the autograded notebook for the instructor.

Example (in a child process: install() blocks os._exit in the process that calls it, as in a
grading kernel):
    >>> import subprocess, sys
    >>> code = ("import builtins, json; from embedlab_grader.guard import install, check; "
    ...         "install(); builtins.all = lambda *a: True; print(json.loads(check())['repaired'])")
    >>> subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120).stdout
    "['builtins.all']\\n"
"""

from __future__ import annotations

import builtins
import inspect
import json
import os
import sys
import types
from typing import Any

_MISSING = object()
# IPython manages these names itself (in builtins or in the user namespace).
_IPYTHON_NAMES = {"_", "__", "___", "exit", "quit", "get_ipython", "display", "__IPYTHON__", "In", "Out"}
_ALIASES = {"torch": "torch", "nn": "torch.nn", "F": "torch.nn.functional", "np": "numpy",
            "numpy": "numpy", "math": "math", "builtins": "builtins"}
_MODULES = ("builtins", "math", "operator", "functools", "numpy", "torch", "torch.nn",
            "torch.nn.functional", "torch.linalg", "torch.testing", "torch.nn.modules", "torch.nn.init",
            "torch.optim", "os", "posix")


class _State:
    def __init__(self) -> None:
        self.modules: dict[str, types.ModuleType] = {}
        self.module_dicts: dict[str, dict[str, Any]] = {}
        self.class_dicts: list[tuple[type, dict[str, Any]]] = []
        self.shell_attrs: dict[str, Any] = {}
        self.shell_keys: set[str] = set()
        self.sys_hooks: dict[str, Any] = {}
        self.blocked: dict[str, Any] = {}
        self.cwd = ""
        self.objects: dict[str, Any] = {}  # IPython/ipykernel objects that must stay the same
        self.events: dict[str, list[Any]] = {}
        self.compile_flags = 0
        self.threads: set[int] = set()


_state: _State | None = None


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - the guard only runs inside IPython kernels
        return None
    return get_ipython()


def _blocker(name: str, real: Any = None) -> Any:
    """A replacement for ``name`` that raises in the kernel process.

    With ``real`` given, a process forked from the kernel (a ``multiprocessing`` worker, such
    as gensim's corpus parser starts) still gets the real function: it must be able to exit.
    """
    real = getattr(real, "_embedlab_real", real)
    kernel_pid = os.getpid()

    def blocked(*args: Any, **kwargs: Any) -> None:
        if real is not None and os.getpid() != kernel_pid:
            return real(*args, **kwargs)
        raise RuntimeError(f"{name}() is disabled while the notebook is being graded")

    blocked.__name__ = name.rsplit(".", 1)[-1]
    blocked._embedlab_blocked = True  # type: ignore[attr-defined]
    blocked._embedlab_real = real  # type: ignore[attr-defined]
    return blocked


def _kill_blocker(real_kill: Any) -> Any:
    def kill(pid: int, sig: int) -> None:
        if pid in (0, -1, os.getpid(), -os.getpid(), os.getppid()):
            raise RuntimeError(
                "os.kill() of the grading kernel is disabled while the notebook is being graded")
        real_kill(pid, sig)

    kill._embedlab_blocked = True  # type: ignore[attr-defined]
    return kill


def _classes_of(module: types.ModuleType) -> list[type]:
    out = []
    for value in list(vars(module).values()):
        if inspect.isclass(value) and getattr(value, "__module__", "").split(".")[0] in ("torch", "numpy"):
            if not isinstance(vars(value), types.MappingProxyType):
                continue
            out.append(value)
    return out


def _drop_cwd_from_path(state: _State) -> None:
    sys.path[:] = [p for p in sys.path if p not in ("", ".") and os.path.abspath(p) != state.cwd]


def install() -> str:
    """Snapshot what the tests rely on and block kernel exits; call before any student code."""
    global _state
    state = _State()
    state.cwd = os.path.abspath(os.getcwd())
    _drop_cwd_from_path(state)
    import importlib

    for name in _MODULES:
        try:
            state.modules[name] = importlib.import_module(name)
        except ImportError:
            continue
    # Kernel exits become errors: the cell fails, grading goes on.
    posix = state.modules.get("posix")
    for mod in (os, posix):
        if mod is None:
            continue
        for fn in ("_exit", "abort", "killpg"):
            if hasattr(mod, fn):
                state.blocked[f"{mod.__name__}.{fn}"] = _blocker(f"os.{fn}", getattr(mod, fn))
                setattr(mod, fn, state.blocked[f"{mod.__name__}.{fn}"])
        state.blocked[f"{mod.__name__}.kill"] = _kill_blocker(mod.kill)
        mod.kill = state.blocked[f"{mod.__name__}.kill"]
    for name, module in state.modules.items():
        state.module_dicts[name] = dict(vars(module))
    seen: set[type] = set()
    torch = state.modules.get("torch")
    roots = [m for k, m in state.modules.items() if k.startswith(("torch", "numpy"))]
    for module in roots:
        for cls in _classes_of(module):
            if cls not in seen:
                seen.add(cls)
                state.class_dicts.append((cls, dict(vars(cls))))
    if torch is not None and torch.Tensor not in seen:
        state.class_dicts.append((torch.Tensor, dict(vars(torch.Tensor))))
    shell = _shell()
    if shell is not None:
        for cls in type(shell).__mro__:
            if isinstance(vars(cls), types.MappingProxyType) and cls is not object:
                state.class_dicts.append((cls, dict(vars(cls))))
        state.shell_keys = set(vars(shell))
        state.shell_attrs = {
            "custom_exceptions": shell.custom_exceptions,
            "CustomTB": getattr(shell, "CustomTB", None),
            "ast_transformers": list(shell.ast_transformers),
            "input_transformers_post": list(shell.input_transformers_post),
            "cleanup_transforms": list(shell.input_transformer_manager.cleanup_transforms),
            "line_transforms": list(shell.input_transformer_manager.line_transforms),
            "token_transformers": list(shell.input_transformer_manager.token_transformers),
        }
    state.sys_hooks = {k: getattr(sys, k) for k in ("excepthook", "displayhook", "stdout", "stderr")}
    # Tracing and profiling hooks can skip a failing line of a test: no honest answer needs them.
    import threading

    for owner, fn in ((sys, "settrace"), (sys, "setprofile"), (threading, "settrace"),
                      (threading, "setprofile"), (threading, "settrace_all_threads"),
                      (threading, "setprofile_all_threads")):
        if hasattr(owner, fn):
            state.blocked[f"{owner.__name__}.{fn}"] = _blocker(f"{owner.__name__}.{fn}")
            setattr(owner, fn, state.blocked[f"{owner.__name__}.{fn}"])
    state.module_dicts["sys"] = {k: getattr(sys, k) for k in ("settrace", "setprofile")}
    state.module_dicts["threading"] = {k: getattr(threading, k) for k in ("settrace", "setprofile")}
    state.threads = {t.ident for t in threading.enumerate() if t.ident is not None}
    if shell is not None:
        _snapshot_kernel(shell, state)
    _state = state
    return json.dumps({"installed": True, "modules": sorted(state.modules)})


def _torch_wrapper(new: Any, old: Any) -> bool:
    """True for torch's own wrappers of ``old`` (optimizer step profiling hooks, dynamo guards).

    torch itself wraps some functions at run time (``Optimizer.step`` when the first optimizer
    is made, ``torch.manual_seed`` when ``torch._dynamo`` loads); those are accepted. A wrapper
    written in the notebook is not: its code does not live in torch's package folder.
    """
    torch = sys.modules.get("torch")
    code = getattr(new, "__code__", None)
    if torch is None or code is None or not code.co_filename.startswith(os.path.dirname(torch.__file__)):
        return False
    seen = 0
    while new is not None and seen < 5:
        if new is old:
            return True
        new, seen = getattr(new, "__wrapped__", None), seen + 1
    return False


def _restore_dict(owner: Any, label: str, snap: dict[str, Any], repaired: list[str], *,
                  drop_added: bool) -> None:
    current = vars(owner)
    for key, value in list(snap.items()):
        if owner is builtins and key in _IPYTHON_NAMES:
            continue
        if key in current and current[key] is not value and _torch_wrapper(current[key], value):
            snap[key] = current[key]  # torch wrapped its own function: the wrapper is the new normal
            continue
        if current.get(key, _MISSING) is not value:
            try:
                setattr(owner, key, value)
            except (AttributeError, TypeError):
                continue
            repaired.append(f"{label}.{key}")
    if drop_added:
        for key in [k for k in current if k not in snap]:
            if isinstance(current[key], types.ModuleType) or key == "__slotnames__":  # copyreg's cache
                continue
            try:
                delattr(owner, key)
            except (AttributeError, TypeError):
                continue
            repaired.append(f"{label}.{key} (added)")


def check() -> str:
    """Put back everything :func:`install` saw; return JSON ``{"repaired": [...]}`` (empty when clean)."""
    state = _state
    if state is None:
        return json.dumps({"repaired": ["guard was not installed"]})
    repaired: list[str] = []
    for name, module in state.modules.items():
        _restore_dict(module, name, state.module_dicts[name], repaired, drop_added=name != "builtins")
        if sys.modules.get(name) is not module:
            sys.modules[name] = module
            repaired.append(f"sys.modules[{name!r}]")
    for cls, snap in state.class_dicts:
        _restore_dict(cls, getattr(cls, "__qualname__", str(cls)), snap, repaired, drop_added=True)
    for key, value in state.sys_hooks.items():
        if getattr(sys, key) is not value:
            setattr(sys, key, value)
            repaired.append(f"sys.{key}")
    if sys.gettrace() is not None:
        sys.settrace(None)
        repaired.append("sys.settrace")
    if sys.getprofile() is not None:
        sys.setprofile(None)
        repaired.append("sys.setprofile")
    for key, value in state.module_dicts["sys"].items():
        if getattr(sys, key) is not value:
            setattr(sys, key, value)
            repaired.append(f"sys.{key}")
    import threading

    for key, value in state.module_dicts["threading"].items():
        if getattr(threading, key) is not value:
            setattr(threading, key, value)
            repaired.append(f"threading.{key}")
    repaired += _pop_torch_modes()
    before = list(sys.path)
    _drop_cwd_from_path(state)
    if sys.path != before:
        repaired.append("sys.path (submission folder)")
    shell = _shell()
    if shell is not None:
        _check_shell(shell, state, repaired)
    return json.dumps({"repaired": repaired})


def _kernel_objects(shell: Any) -> dict[str, Any]:
    """The objects between a cell and the grader: compiler, hooks, kernel, session, publishers."""
    kernel = getattr(shell, "kernel", None)
    out = {"shell.compile": shell.compile, "shell.displayhook": shell.displayhook,
           "shell.display_pub": shell.display_pub, "shell.events": shell.events}
    if kernel is not None:
        out.update({"kernel": kernel, "kernel.session": getattr(kernel, "session", None),
                    "kernel.shell": kernel.shell})
    return {k: v for k, v in out.items() if v is not None}


def _snapshot_kernel(shell: Any, state: _State) -> None:
    state.objects = _kernel_objects(shell)
    seen = {cls for cls, _ in state.class_dicts}
    for name, obj in state.objects.items():
        for cls in type(obj).__mro__:
            if cls is object or cls in seen or not isinstance(vars(cls), types.MappingProxyType):
                continue
            seen.add(cls)
            state.class_dicts.append((cls, dict(vars(cls))))
        state.shell_keys_of = getattr(state, "shell_keys_of", {})
        state.shell_keys_of[name] = set(vars(obj)) if hasattr(obj, "__dict__") else set()
    state.events = {k: list(v) for k, v in shell.events.callbacks.items()}
    state.compile_flags = shell.compile.flags


def _pop_torch_modes() -> list[str]:
    """Leave torch's C-level function and dispatch mode stacks as empty as install() found them."""
    torch = sys.modules.get("torch")
    out = []
    if torch is None:
        return out
    for kind in ("function", "dispatch"):
        length = getattr(torch._C, f"_len_torch_{kind}_stack", None)
        pop = getattr(torch._C, f"_pop_torch_{kind}_stack", None)
        if length is None or pop is None:
            continue
        while length() > 0:
            pop()
            out.append(f"torch {kind} mode stack")
    return out


def _from_notebook(code: Any, module: str = "") -> bool:
    """True for code compiled from a notebook cell (ipykernel names those files ipykernel_<pid>/<hash>.py)."""
    import re

    filename = getattr(code, "co_filename", "") or ""
    return (module == "__main__" or filename.startswith("<ipython-input")
            or bool(re.search(r"ipykernel_\d+/\d+\.py$", filename)))


def foreign_threads() -> list[str]:
    """Threads the notebook started (their code lives in a notebook cell) that are still running."""
    import threading

    state = _state
    known = state.threads if state is not None else set()
    out = []
    for t in threading.enumerate():
        if t.ident in known or not t.is_alive():
            continue
        target = getattr(t, "_target", None)
        if _from_notebook(getattr(target, "__code__", None), getattr(type(t), "__module__", "")):
            out.append(t.name)
    return out


_TRUSTED_PACKAGES = ("matplotlib_inline", "matplotlib", "IPython", "ipykernel", "ipywidgets", "comm", "torch")


def _trusted_callback(func: Any) -> bool:
    """IPython event callbacks registered by the libraries themselves (e.g. the inline plot backend)."""
    code = getattr(getattr(func, "__func__", func), "__code__", None)
    filename = os.path.realpath(getattr(code, "co_filename", "") or "")
    for name in _TRUSTED_PACKAGES:
        module = sys.modules.get(name)
        folder = os.path.dirname(os.path.realpath(getattr(module, "__file__", "") or "")) if module else ""
        if folder and filename.startswith(folder + os.sep):
            return True
    return False


def _check_kernel(shell: Any, state: _State, repaired: list[str]) -> None:
    live = _kernel_objects(shell)
    for name, obj in state.objects.items():
        if live.get(name) is not obj:
            if name == "shell.compile":
                shell.compile = obj
            elif name == "shell.displayhook":
                shell.displayhook = obj
            elif name == "shell.display_pub":
                shell.display_pub = obj
            elif name == "shell.events":
                shell.events = obj
            elif name == "kernel.session" and "kernel" in state.objects:
                state.objects["kernel"].session = obj
            repaired.append(name)
        keys = getattr(state, "shell_keys_of", {}).get(name, set())
        if hasattr(obj, "__dict__"):
            for key in [k for k in vars(obj) if k not in keys]:
                if callable(vars(obj)[key]) and not isinstance(vars(obj)[key], type):
                    delattr(obj, key)
                    repaired.append(f"{name}.{key} (added)")
    callbacks = shell.events.callbacks
    for event, funcs in state.events.items():
        live = callbacks.get(event, [])
        if live != funcs:
            added = [f for f in live if f not in funcs]
            if all(_trusted_callback(f) for f in added) and all(f in live for f in funcs):
                funcs[:] = live  # the inline plot backend and friends registered themselves
                continue
            callbacks[event] = list(funcs)
            repaired.append(f"IPython event callbacks ({event})")
    if shell.compile.flags != state.compile_flags:
        shell.compile.flags = state.compile_flags
        repaired.append("IPython compiler flags")


def after_test(marker: str) -> str:
    """Run by the grader right after a test cell: did it reach its end, and was anything armed during it?

    ``marker`` is the name of a global the grader appended to the test cell (a fresh random name each
    time); it exists only if the last line of the test ran. Returns JSON
    ``{"completed": bool, "tampered": [...]}``; anything in ``tampered`` fails the test.
    """
    shell = _shell()
    ns = shell.user_ns if shell is not None else {}
    completed = ns.pop(marker, None) is True
    tampered: list[str] = []
    if sys.gettrace() is not None or sys.getprofile() is not None:
        tampered.append("a trace/profile hook was active")
    threads = foreign_threads()
    if threads:
        tampered.append(f"threads started by the notebook were running: {', '.join(threads[:3])}")
    repaired = json.loads(check())["repaired"]
    tampered += [f"changed during the test: {r}" for r in repaired if not r.startswith("global ")]
    return json.dumps({"completed": completed, "tampered": tampered})


def _check_shell(shell: Any, state: _State, repaired: list[str]) -> None:
    _check_kernel(shell, state, repaired)
    a = state.shell_attrs
    if (shell.custom_exceptions != a["custom_exceptions"]
            or getattr(shell, "CustomTB", None) is not a["CustomTB"]):
        shell.custom_exceptions = a["custom_exceptions"]
        shell.CustomTB = a["CustomTB"]
        repaired.append("IPython custom exception handler")
    lists = {
        "ast_transformers": shell.ast_transformers,
        "input_transformers_post": shell.input_transformers_post,
        "cleanup_transforms": shell.input_transformer_manager.cleanup_transforms,
        "line_transforms": shell.input_transformer_manager.line_transforms,
        "token_transformers": shell.input_transformer_manager.token_transformers,
    }
    for key, live in lists.items():
        if live != a[key]:
            live[:] = a[key]
            repaired.append(f"IPython {key}")
    for key in [k for k in vars(shell) if k not in state.shell_keys]:
        if callable(getattr(type(shell), key, None)):
            delattr(shell, key)
            repaired.append(f"IPython shell.{key}")
    ns = shell.user_ns
    hidden = shell.user_ns_hidden
    real_builtins = state.module_dicts.get("builtins", {})
    if ns.get("__builtins__") is not builtins:
        ns["__builtins__"] = builtins
        repaired.append("__builtins__")
    for name in list(ns):
        if name in hidden and ns[name] is hidden[name]:
            continue
        if name in _IPYTHON_NAMES or name.startswith("_i") or (name.startswith("__") and name.endswith("__")):
            continue
        if name in real_builtins and ns[name] is not real_builtins[name]:
            del ns[name]
            repaired.append(f"global {name} (shadowed a builtin)")
        elif name in _ALIASES and name != "builtins":
            module = state.modules.get(_ALIASES[name])
            if module is not None and ns[name] is not module:
                ns[name] = module
                repaired.append(f"global {name}")


def reap(seconds: float = 2.0) -> str:
    """Collect the kernel's dead child processes (the grader has just killed the ones a cell left running).

    A killed child stays a zombie until its parent waits for it, and zombies still count against
    the sandbox's process limit. Waits up to ``seconds`` while children remain; returns JSON
    ``{"reaped": n}``.
    """
    import time

    deadline, reaped = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break  # no children left
        if pid == 0:
            time.sleep(0.05)
        else:
            reaped += 1
    return json.dumps({"reaped": reaped})
