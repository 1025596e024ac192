"""The learner's side of grading: the kernel answers the judge's requests, and nothing more.

Used when any lesson (01-08) is graded: the judge (the grader's own process) runs each test cell,
and every time a test calls the learner's function, reads one of the notebook's names or runs a
small helper the test cell defines with :func:`in_kernel`, it sends one request here, to
:func:`serve`, in the learner's sandboxed kernel. Requests and answers are plain data
(:mod:`embedlab.crossing`); what cannot cross stays in this kernel behind a numbered handle. The
kernel only ever answers: it cannot call the judge, and the tests' code and expected values are
never sent to it.

When the learner runs a notebook, test cells run in the learner's own kernel as ordinary code:
:func:`in_kernel` then leaves the function as it is.

Example (a request as the judge sends it; ``user_ns`` stands for the notebook's names):
    >>> import json
    >>> def add(a, b):
    ...     a.append(b)
    ...     return len(a)
    >>> ns = {"add": add}
    >>> json.loads(serve('{"op": "get", "name": "add"}', ns))["ok"]["type"]
    'builtins.function'
    >>> h = json.loads(serve('{"op": "get", "name": "add"}', ns))["ok"]["$h"]
    >>> call = {"op": "call", "target": h, "args": '[[1], 2]', "kwargs": '{"$d": []}'}
    >>> answer = json.loads(serve(json.dumps(call), ns))
    >>> crossing.read(answer["ok"])
    {'result': 2, 'args': [[1, 2], 2], 'kwargs': {}}
    >>> json.loads(serve('{"op": "get", "name": "nope"}', ns))["error"]
    {'type': 'NameError', 'builtin': 'NameError', 'message': "name 'nope' is not defined"}
"""

from __future__ import annotations

import builtins
import json
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from embedlab import crossing

__all__ = ["in_kernel", "serve"]

_handles: dict[int, Any] = {}
_judge: Any = None  # set in the judge's process only (by the grader), never in a learner's kernel
F = TypeVar("F", bound=Callable[..., Any])


def in_kernel(fn: F) -> F:
    """Mark a test cell's helper that must run where the learner's code runs.

    A test that builds a model with the learner's class, or hands the learner's function a
    callback, defines that code as a function decorated with ``@in_kernel``: in the learner's
    own kernel it is the function itself; when the judge grades, it runs in the learner's kernel
    and only its arguments and its result cross, as plain data. Such helpers belong in the
    visible part of a test cell and compute no expected value.

    >>> @in_kernel
    ... def twice(x):
    ...     return 2 * x
    >>> twice(4)
    8
    """
    if _judge is None:
        return fn
    return _judge.define(fn)


def _keep(obj: Any) -> int:
    handle = len(_handles) + 1
    _handles[handle] = obj
    return handle


def _resolve(spec: dict[str, Any]) -> Any:
    if spec["$h"] not in _handles:
        raise LookupError(f"no object #{spec['$h']} in this kernel")
    return _handles[spec["$h"]]


def _user_ns() -> dict[str, Any]:
    from IPython import get_ipython

    shell = get_ipython()
    return shell.user_ns if shell is not None else {}


def _error(exc: BaseException) -> dict[str, str]:
    builtin = next((c.__name__ for c in type(exc).__mro__
                    if getattr(builtins, c.__name__, None) is c), "Exception")
    return {"type": type(exc).__name__[:100], "builtin": builtin, "message": str(exc)[:2000]}


def _handle(request: dict[str, Any], ns: dict[str, Any]) -> Any:
    op = request["op"]
    if op == "get":
        name = request["name"]
        if name not in ns:
            raise NameError(f"name {name!r} is not defined")
        return ns[name]
    if op == "define":
        scope: dict[str, Any] = {}
        exec(compile(request["source"], "<in_kernel>", "exec"), ns, scope)  # noqa: S102 - the test's helper
        return scope[request["name"]]
    target = _handles.get(request["target"])
    if target is None:
        raise LookupError(f"no object #{request['target']} in this kernel")
    if op == "getattr":
        return getattr(target, request["name"])
    if op == "call":
        args = crossing.decode(request["args"], _resolve)
        kwargs = crossing.decode(request["kwargs"], _resolve)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = target(*args, **kwargs)
        # the arguments as they are after the call: the judge checks that they were left alone
        return {"result": result, "args": args, "kwargs": kwargs}
    raise ValueError(f"unknown request {op!r}")


def serve(request: str, ns: dict[str, Any] | None = None) -> str:
    """Answer one request of the judge: JSON ``{"ok": <encoded value>}`` or ``{"error": {...}}``.

    Requests: ``get`` a name of the notebook, ``call`` a handle with arguments, ``getattr`` of a
    handle, ``define`` an :func:`in_kernel` helper. ``ns`` defaults to the notebook's names.
    """
    try:
        value = _handle(json.loads(request), _user_ns() if ns is None else ns)
        return '{"ok":' + crossing.encode(value, _keep) + "}"
    except BaseException as exc:  # noqa: BLE001 - every failure of the learner's code is an answer
        return json.dumps({"error": _error(exc)})
