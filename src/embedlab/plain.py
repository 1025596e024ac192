"""Turn a learner's answer into plain Python data before any test compares it.

Used by the test cells of every lesson (01-07). A test that writes ``answer == expected``,
``abs(answer - x)``, ``answer.tolist()`` or ``bool(answer)`` runs methods that the *answer*
chooses: a ``torch.Tensor`` subclass (through ``__torch_function__`` or a reflected
``__eq__``), a ``list`` subclass or a ``float`` subclass can make any such comparison pass.
So the tests first convert what they got into plain data -- ``int``, ``float``, ``bool``,
``str``, ``None`` and nested ``list``/``dict`` -- using only the real methods, captured
when this module was imported, and only for objects whose type is *exactly* a type we know
(``type(x) is torch.Tensor``). Anything else is rejected with a message that says what
was returned and what was expected. Comparisons then run on that plain data, in plain
Python, with functions from this module.

Example:
    >>> import torch
    >>> tensor_info(torch.tensor([[1, 2], [3, 4]]))
    ((2, 2), 'torch.int64', [[1, 2], [3, 4]])
    >>> to_plain((torch.tensor(0.5), [1, 2.0], {"k": True}))
    [0.5, [1, 2.0], {'k': True}]
    >>> close([[1.0, 2.0]], [[1.0, 2.0000001]])
    True
    >>> class Liar(float):
    ...     def __eq__(self, other):
    ...         return True
    >>> try:
    ...     to_plain(Liar(3.0))
    ... except NotPlainData as err:
    ...     print(err)
    the answer is a Liar, a subclass of float: return a plain float (for example float(x))
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.utils._python_dispatch as _python_dispatch

__all__ = [
    "NotPlainData",
    "call_quietly",
    "close",
    "is_plain_tensor",
    "tensor_info",
    "to_plain",
]

# The real implementations, captured at import time (the lesson imports this module in its
# first cell, before any answer cell runs). Later patches of torch.Tensor do not reach them.
_TOLIST = torch._C.TensorBase.tolist
_SHAPE = torch._C.TensorBase.shape.__get__
_DTYPE = torch._C.TensorBase.dtype.__get__
_REQUIRES_GRAD = torch._C.TensorBase.requires_grad.__get__
_DISABLE_TORCH_FUNCTION = torch._C.DisableTorchFunction
_DISABLE_DISPATCH_MODES = _python_dispatch._disable_current_modes
_TENSOR_TYPES = (torch.Tensor, torch.nn.Parameter)
_NDARRAY_TOLIST = np.ndarray.tolist
_NUMPY_SCALARS = (np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16,
                  np.uint32, np.uint64, np.float16, np.float32, np.float64)
_PLAIN_SCALARS = (bool, int, float, str, type(None))
_type = type
_isfinite = math.isfinite


class NotPlainData(AssertionError):
    """An answer is not of a type the tests accept (the message says what to return instead).

    It is an ``AssertionError``, so nbgrader reports it like any failed check.
    """


def _reject(x: object, what: str) -> NotPlainData:
    kind = _type(x)
    for base in (*_TENSOR_TYPES, bool, int, float, str, list, tuple, dict):
        if isinstance(x, base):
            hint = {torch.Tensor: "a plain torch.Tensor", torch.nn.Parameter: "a plain torch.Tensor",
                    float: "a plain float (for example float(x))", int: "a plain int (for example int(x))",
                    bool: "a plain bool", str: "a plain str", list: "a plain list",
                    tuple: "a plain tuple", dict: "a plain dict"}[base]
            return NotPlainData(f"{what} is a {kind.__name__}, a subclass of {base.__name__}: return {hint}")
    return NotPlainData(f"{what} is a {kind.__name__}: expected a tensor, a number, a list or a tuple")


def is_plain_tensor(x: object) -> bool:
    """True when ``x`` is exactly a ``torch.Tensor`` (or ``nn.Parameter``), not a subclass.

    >>> import torch
    >>> is_plain_tensor(torch.zeros(2)), is_plain_tensor([0.0, 0.0])
    (True, False)
    """
    return _type(x) in _TENSOR_TYPES


def _tensor_values(x: torch.Tensor) -> Any:
    # No torch-function override (a subclass or a mode pushed by an answer) and no Python
    # dispatch mode may run while the values are read.
    with _DISABLE_TORCH_FUNCTION(), _DISABLE_DISPATCH_MODES():
        return _TOLIST(x)


def tensor_info(x: object, what: str = "the answer") -> tuple[tuple[int, ...], str, Any]:
    """``(shape, dtype name, values)`` of a plain tensor; values as nested Python lists.

    Raises :class:`NotPlainData` (an ``AssertionError``) for anything but an exact tensor.

    >>> import torch
    >>> tensor_info(torch.tensor(2.5, dtype=torch.float64))
    ((), 'torch.float64', 2.5)
    >>> tensor_info([1, 2], "masked_mean(x, mask)")
    Traceback (most recent call last):
      ...
    embedlab.plain.NotPlainData: masked_mean(x, mask) is a list: return a torch.Tensor
    """
    if _type(x) not in _TENSOR_TYPES:
        if isinstance(x, torch.Tensor):
            raise _reject(x, what)
        raise NotPlainData(f"{what} is a {_type(x).__name__}: return a torch.Tensor")
    with _DISABLE_TORCH_FUNCTION(), _DISABLE_DISPATCH_MODES():
        shape = tuple(int(n) for n in _SHAPE(x))
        dtype = str(_DTYPE(x))
    return shape, dtype, _tensor_values(x)


def requires_grad(x: object, what: str = "the answer") -> bool:
    """Whether a plain tensor requires grad, read with the real attribute.

    >>> import torch
    >>> requires_grad(torch.ones(2, requires_grad=True) * 2)
    True
    """
    tensor_info(x, what)  # type check only
    return bool(_REQUIRES_GRAD(x))


def to_plain(x: object, what: str = "the answer") -> Any:
    """Convert an answer into plain data: numbers, strings, None, nested lists and dicts.

    Exact tensors and NumPy arrays become nested lists (a 0-d tensor becomes a number);
    tuples become lists; NumPy scalars become Python numbers. A subclass of any of these,
    or any other object, raises :class:`NotPlainData` naming what was returned.

    >>> import numpy as np
    >>> to_plain(np.array([1.5, 2.5])), to_plain(np.float32(0.5)), to_plain(None)
    ([1.5, 2.5], 0.5, None)
    """
    kind = _type(x)
    if kind in _PLAIN_SCALARS:
        return x
    if kind in _TENSOR_TYPES:
        return _tensor_values(x)  # type: ignore[arg-type]
    if kind is list or kind is tuple:
        return [to_plain(v, what) for v in x]  # type: ignore[attr-defined]
    if kind is dict:
        out = {}
        for key, value in dict.items(x):  # type: ignore[arg-type]
            if _type(key) not in _PLAIN_SCALARS:
                raise _reject(key, f"a key of {what}")
            out[key] = to_plain(value, what)
        return out
    if kind is np.ndarray:
        return _NDARRAY_TOLIST(x)
    if kind in _NUMPY_SCALARS:
        return np.generic.item(x)  # type: ignore[arg-type]
    raise _reject(x, what)


def close(actual: Any, expected: Any, atol: float = 1e-6, rtol: float = 0.0) -> bool:
    """Whether two plain values agree: same nesting and lengths, numbers within tolerance.

    Numbers match when ``|a - e| <= atol + rtol * |e|``; ``nan`` matches only ``nan``;
    ``bool`` and ``str`` must be equal. Both arguments are converted with :func:`to_plain`
    first, so a subclass cannot sneak in through ``expected`` either.

    >>> close([1.0, [2.0, 3.0]], [1.0, [2.0, 3.0 + 1e-9]]), close([1.0], [1.0, 2.0])
    (True, False)
    >>> close(float("nan"), float("nan")), close(True, 1)
    (True, False)
    """
    return _close(to_plain(actual), to_plain(expected, "the expected value"), atol, rtol)


def _close(a: Any, e: Any, atol: float, rtol: float) -> bool:
    if _type(a) is list or _type(e) is list:
        if _type(a) is not list or _type(e) is not list or len(a) != len(e):
            return False
        return all(_close(x, y, atol, rtol) for x, y in zip(a, e))
    if _type(a) is dict or _type(e) is dict:
        if _type(a) is not dict or _type(e) is not dict or set(a) != set(e):
            return False
        return all(_close(a[k], e[k], atol, rtol) for k in e)
    if _type(a) is bool or _type(e) is bool or _type(a) is str or _type(e) is str or a is None or e is None:
        return _type(a) is _type(e) and a == e
    if not (isinstance(a, numbers.Real) and isinstance(e, numbers.Real)):
        return False
    if math.isnan(a) or math.isnan(e):
        return math.isnan(a) and math.isnan(e)
    if not (_isfinite(a) and _isfinite(e)):
        return a == e
    return abs(a - e) <= atol + rtol * abs(e)


def call_quietly(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, list[str]]:
    """Call an answer with its warnings recorded instead of printed; ``(result, warnings)``.

    nbgrader scores a test cell that writes anything to stderr as 0, and a correct answer
    may warn (``float(t)`` on a tensor that requires grad does). The test decides what a
    warning means; by default it means nothing.

    >>> import warnings
    >>> def noisy(x):
    ...     warnings.warn("careful")
    ...     return x + 1
    >>> call_quietly(noisy, 1)
    (2, ['careful'])
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn(*args, **kwargs)
    return result, [str(w.message) for w in caught]
