"""The judge: a test cell runs in the grader's own process, never in the learner's kernel.

Used by :class:`embedlab_grader.preprocessors.GuardedExecute` for every test cell of a lesson
it grades. The test's code, its hidden part and its expected values stay here. Each name the
test reads that the lesson's own imports do not provide comes from the learner's kernel: plain
data by value, anything else (the learner's functions and classes, a model) as a
:class:`~embedlab.crossing.KernelObject` that this module can call and read. Calling one sends
the arguments to the kernel by value and brings back the result and the arguments as they are
after the call, also by value; the judge's own arguments are then updated in place, so a test
that checks "the input was left alone" still works. The kernel only answers requests
(:mod:`embedlab.kernel_side`); a test passes when its code runs to the end here.

Example (a kernel simulated in this process; the grader talks to a real one over its socket):
    >>> from embedlab import kernel_side
    >>> def double_all(xs):
    ...     xs.append(0)                      # a learner's slip: it changes its argument
    ...     return [2 * x for x in xs]
    >>> link = Link(lambda expr: repr(kernel_side.serve(_request_of(expr), {"double_all": double_all})))
    >>> ok = run_test("assert double_all([1, 2]) == [2, 4, 0]", {}, link)
    >>> ok.passed
    True
    >>> bad = run_test("xs = [1]\\nys = double_all(xs)\\nassert xs == [1], 'changed its input'", {}, link)
    >>> bad.passed, bad.output["evalue"], bad.output["traceback"][0]
    (False, 'changed its input', 'Cell In[test], line 3')
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import inspect
import io
import json
import linecache
import random
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from embedlab import crossing, kernel_side
from embedlab.crossing import KernelObject

MAX_REPLY = crossing.MAX_BYTES * 2  # characters of one reply from the kernel
_AGENT = "__import__('embedlab.kernel_side', fromlist=['serve']).serve("


class KernelGone(BaseException):
    """The kernel died, or did not answer within the time limit. A BaseException, so that a test's
    ``except Exception`` cannot swallow it: the test fails and the grader decides what happens next."""

    def __init__(self, why: str, hung: bool = False, dead: bool = False) -> None:
        super().__init__(why)
        self.hung, self.dead = hung, dead


class KernelError(RuntimeError):
    """The learner's code raised an exception that is not one of Python's own (its type is named)."""


def _request_of(expression: str) -> str:
    """The request inside an expression :class:`Link` sends (for tests of this module)."""
    assert expression.startswith(_AGENT) and expression.endswith(")")
    return ast.literal_eval(expression[len(_AGENT):-1])


def _raise(error: Any) -> None:
    if type(error) is not dict:
        raise KernelError("the kernel answered with an unreadable error")
    name, base, message = (str(error.get(k, ""))[:2000] for k in ("type", "builtin", "message"))
    if base == "KeyboardInterrupt":
        raise KernelGone("interrupted: the learner's code ran past the time limit")
    cls = getattr(builtins, base, None)
    text = message if name == base else f"{name}: {message}"
    if isinstance(cls, type) and issubclass(cls, Exception):
        try:
            exc = cls(text)
        except TypeError:
            exc = KernelError(f"{name}: {message}")
        raise exc
    raise KernelError(f"{name}: {message}")


def _same_bits(a: torch.Tensor, b: torch.Tensor) -> bool:
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    with torch.no_grad():
        return torch.equal(a.detach().contiguous().reshape(-1).view(torch.uint8),
                           b.detach().contiguous().reshape(-1).view(torch.uint8))


def _sync(before: Any, after: Any) -> None:
    """Make the judge's argument ``before`` look like the kernel's ``after`` (the argument after the call)."""
    kind = type(before)
    if kind is list and type(after) is list:
        if len(before) == len(after):
            for i, (b, a) in enumerate(zip(before, after)):
                if type(b) in (list, dict, torch.Tensor, tuple) and type(a) is type(b):
                    _sync(b, a)
                elif type(b) is not type(a) or b != a:
                    before[i] = a
        else:
            before[:] = after
    elif kind is dict and type(after) is dict:
        if before.keys() != after.keys():
            before.clear()
            before.update(after)
        else:
            for key in before:
                b, a = before[key], after[key]
                if type(b) in (list, dict, torch.Tensor, tuple) and type(a) is type(b):
                    _sync(b, a)
                elif type(before[key]) is not type(after[key]) or before[key] != after[key]:
                    before[key] = after[key]
    elif kind is tuple and type(after) is tuple and len(before) == len(after):
        for b, a in zip(before, after):
            _sync(b, a)
    elif kind in (torch.Tensor, torch.nn.Parameter) and type(after) is torch.Tensor:
        with torch.no_grad():
            if not _same_bits(before, after):
                if before.shape == after.shape and before.dtype == after.dtype:
                    before.copy_(after)
                else:
                    before.set_(after.detach().clone())
        if before.is_leaf and before.requires_grad:
            grad = after.grad
            if grad is None:
                before.grad = None
            elif before.grad is None or not _same_bits(before.grad, grad):
                before.grad = grad


class Link:
    """The judge's end of the conversation with one learner's kernel.

    ``ask(expression)`` evaluates an expression in the kernel and returns its ``text/plain``
    result (the grader uses the kernel protocol's ``user_expressions``); it raises
    :class:`KernelGone` when the kernel died or did not answer in time.
    """

    def __init__(self, ask: Callable[[str], str], hidden_lines: Iterable[int] = (),
                 filename: str = "") -> None:
        self._ask = ask
        self.hidden_lines = set(hidden_lines)
        self.filename = filename
        self.requests = 0

    def _request(self, payload: dict[str, Any]) -> Any:
        self.requests += 1
        text = self._ask(_AGENT + repr(json.dumps(payload)) + ")")
        if type(text) is not str or len(text) > MAX_REPLY:
            raise KernelError("the kernel's answer was missing or too large")
        try:
            reply = json.loads(ast.literal_eval(text))
        except (ValueError, SyntaxError, TypeError, RecursionError, MemoryError):
            raise KernelError("the kernel's answer could not be read") from None
        if type(reply) is not dict or len(reply) != 1:
            raise KernelError("the kernel's answer could not be read")
        if "error" in reply:
            _raise(reply["error"])
        try:
            return crossing.read(reply.get("ok"), self._object)
        except crossing.CrossingError as exc:
            raise KernelError(f"the kernel's answer could not be read: {exc}") from None

    def _object(self, spec: dict[str, Any]) -> KernelObject:
        return KernelObject(spec["$h"], spec["type"][:200], spec.get("base", "")[:20], link=self)

    def get(self, name: str) -> Any:
        """The notebook's value of ``name`` (KeyError when the notebook has none)."""
        try:
            return self._request({"op": "get", "name": name})
        except NameError:
            raise KeyError(name) from None

    def getattr(self, obj: KernelObject, name: str) -> Any:
        return self._request({"op": "getattr", "target": obj.handle, "name": name})

    def call(self, obj: KernelObject, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        answer = self._request({"op": "call", "target": obj.handle,
                                "args": crossing.encode(list(args)), "kwargs": crossing.encode(dict(kwargs))})
        if type(answer) is not dict or set(answer) != {"result", "args", "kwargs"}:
            raise KernelError("the kernel's answer to a call could not be read")
        if type(answer["args"]) is list and len(answer["args"]) == len(args):
            for before, after in zip(args, answer["args"]):
                _sync(before, after)
        if type(answer["kwargs"]) is dict:
            for key, before in kwargs.items():
                if key in answer["kwargs"]:
                    _sync(before, answer["kwargs"][key])
        return answer["result"]

    def define(self, fn: Callable[..., Any]) -> KernelObject:
        """Send a test's :func:`~embedlab.kernel_side.in_kernel` helper to the kernel; return its handle."""
        code = fn.__code__
        lines, first = inspect.getsourcelines(fn)
        if code.co_filename == self.filename and self.hidden_lines & set(range(first, first + len(lines))):
            raise RuntimeError(f"@in_kernel helper {fn.__name__!r} is in the hidden tests: hidden code never "
                               "goes to the learner's kernel; move it to the visible part of the test cell")
        body = [line for line in textwrap.dedent("".join(lines)).splitlines(True)]
        while body and body[0].lstrip().startswith("@"):
            body.pop(0)
        obj = self._request({"op": "define", "source": "".join(body), "name": fn.__name__})
        if type(obj) is not KernelObject:
            raise KernelError(f"the kernel did not keep the helper {fn.__name__!r}")
        return obj


class _Namespace(dict):
    """A test cell's globals: the lesson's own imports, then the notebook's names from the kernel."""

    def __init__(self, base: dict[str, Any], link: Link) -> None:
        super().__init__(base)
        self._link = link

    def __missing__(self, name: str) -> Any:
        if name.startswith("__") or hasattr(builtins, name):
            raise KeyError(name)
        value = self._link.get(name)
        self[name] = value
        return value


@dataclass
class Verdict:
    """Whether a test cell ran to its end, and the error output a failed one shows."""

    passed: bool
    output: dict[str, Any] | None = None
    hung: bool = False  # the kernel died or stopped answering during the test


def _failing_line(tb: Any, filename: str) -> int:
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            return tb.tb_lineno  # the outermost frame of the test cell: the statement that failed
        tb = tb.tb_next
    return line


def run_test(source: str, base: dict[str, Any], link: Link, hidden_lines: Iterable[int] = (),
             label: str = "test") -> Verdict:
    """Run a test cell's ``source`` here, with ``base`` (the lesson's imports) and the kernel's names.

    Raises :class:`KernelGone` when the kernel died or stopped answering: that is the grader's to
    handle (the cell fails and the notebook is run again without it).
    """
    filename = f"<test cell {label}>"
    link.filename, link.hidden_lines = filename, set(hidden_lines)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    torch.manual_seed(0)
    random.seed(0)
    np.random.seed(0)
    previous, kernel_side._judge = kernel_side._judge, link
    try:
        code = compile(source, filename, "exec")
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            exec(code, _Namespace(base, link))  # noqa: S102 - the instructor's test code
        return Verdict(True)
    except KernelGone:
        raise
    except Exception as exc:  # noqa: BLE001 - any error fails the test
        ename, evalue = type(exc).__name__, str(exc)
        line = _failing_line(exc.__traceback__, filename)
        return Verdict(False, {"output_type": "error", "ename": ename, "evalue": evalue,
                               "traceback": [f"Cell In[{label}], line {line}", f"{ename}: {evalue}"]})
    finally:
        kernel_side._judge = previous
        linecache.cache.pop(filename, None)


def lesson_imports(cells: Iterable[Any]) -> dict[str, Any]:
    """The names a lesson's own import statements bind, imported here (the judge's, trusted).

    ``cells`` are the source notebook's (the instructor's) code cells that are neither answers
    nor tests: only their ``import`` and ``from ... import`` statements run, nothing else.

    >>> cell = {"cell_type": "code", "source": "%matplotlib inline\\nimport math\\nx = 1"}
    >>> sorted(k for k in lesson_imports([cell]) if not k.startswith("__"))
    ['math']
    """
    ns: dict[str, Any] = {}
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        text = "\n".join(line for line in str(cell.get("source", "")).splitlines()
                         if not line.lstrip().startswith(("%", "!")))
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        imports = [node for node in tree.body if isinstance(node, ast.Import | ast.ImportFrom)]
        if imports:
            exec(compile(ast.Module(body=imports, type_ignores=[]), "<lesson imports>", "exec"), ns)  # noqa: S102
    return ns
