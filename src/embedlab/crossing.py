"""What may cross between a learner's kernel and the grader's judge, and how it is written.

Used by every lesson's test cells when they are graded (01-08): the judge runs a test cell in
the grader's own process, and the learner's functions run in the learner's sandboxed kernel
(:mod:`embedlab.kernel_side` serves them there). Only plain data crosses, as JSON text:
numbers, strings, bytes, None, lists, tuples and dicts of these, NumPy scalars and arrays, and
tensors as dtype + shape + strides + raw bytes. Anything else (a module, an optimizer, a
function, a subclass of a plain type) stays where it was made and crosses as a
:class:`KernelObject`: a handle with the name of its type. :func:`decode` never imports, pickles
or evaluates anything; it checks every size and rebuilds exact ``torch.Tensor`` objects.

Example:
    >>> import torch
    >>> text = encode({"ids": [1, 2], "w": torch.tensor([[0.5, 1.0]]), "pair": (None, b"x")})
    >>> back = decode(text)
    >>> back["ids"], back["pair"], type(back["w"]) is torch.Tensor, back["w"].tolist()
    ([1, 2], (None, b'x'), True, [[0.5, 1.0]])
    >>> t = torch.arange(6.0).reshape(2, 3).T                     # (3, 2), not contiguous
    >>> u = decode(encode(t))
    >>> u.stride() == t.stride() and torch.equal(u, t)
    True
    >>> decode('{"$h": 3, "type": "torch.optim.sgd.SGD", "base": ""}')
    <kernel object torch.optim.sgd.SGD #3>
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

__all__ = ["CrossingError", "KernelObject", "decode", "encode", "read", "type_name"]

MAX_DEPTH = 64  # nesting of lists, tuples and dicts
MAX_BYTES = 256 << 20  # the largest message, and the largest tensor storage, that is decoded
_DTYPES: dict[str, torch.dtype] = {
    str(d).removeprefix("torch."): d for d in (
        torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
        torch.float16, torch.bfloat16, torch.float32, torch.float64, torch.complex64, torch.complex128)}
_NP_DTYPES = {name: np.dtype(name) for name in (
    "bool", "uint8", "int8", "int16", "int32", "int64", "uint16", "uint32", "uint64",
    "float16", "float32", "float64", "complex64", "complex128")}
_NP_SCALARS = tuple(np.dtype(name).type for name in _NP_DTYPES)
_SCALARS = (type(None), bool, int, float, str)


class CrossingError(ValueError):
    """A message that is not what :func:`encode` writes: too large, too deep or malformed."""


class KernelObject:
    """An object that stayed on the other side: its handle and the name of its type.

    Only the judge can do anything with one (call it, read an attribute, pass it back); on its
    own it is inert data.
    """

    __slots__ = ("handle", "type", "base", "_link")

    def __init__(self, handle: int, type: str, base: str = "", link: Any = None) -> None:
        self.handle, self.type, self.base, self._link = handle, type, base, link

    def __repr__(self) -> str:
        return f"<kernel object {self.type} #{self.handle}>"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._link is None:
            raise TypeError(f"{self.type} cannot be called here")
        return self._link.call(self, args, kwargs)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or self._link is None:
            raise AttributeError(name)
        return self._link.getattr(self, name)


def type_name(x: object) -> str:
    """The full name of ``x``'s type, also for an object that stayed in the kernel.

    >>> import torch.nn as nn
    >>> linear = "torch.nn.modules.linear.Linear"
    >>> type_name(nn.Linear(2, 3)) == linear == type_name(KernelObject(1, linear)), type_name([1])
    (True, 'builtins.list')
    """
    if type(x) is KernelObject:
        return x.type  # type: ignore[union-attr]
    kind = type(x)
    return f"{kind.__module__}.{kind.__qualname__}"


def _plain_base(x: object) -> str:
    for base in (bool, int, float, str, bytes, list, tuple, dict, torch.Tensor):
        if isinstance(x, base):
            return base.__name__
    return ""


# -- writing ---------------------------------------------------------------------------------
def _tensor(t: torch.Tensor, memo: dict[int, int]) -> dict[str, Any]:
    with torch._C.DisableTorchFunction():
        t = t.detach() if t.requires_grad or type(t) is not torch.Tensor else t
        storage = t.untyped_storage()
        key = storage.data_ptr()
        out: dict[str, Any] = {"dtype": str(t.dtype).removeprefix("torch."), "shape": list(t.shape),
                               "stride": list(t.stride()), "offset": t.storage_offset()}
        if key in memo and key != 0:
            out["storage"] = memo[key]
        else:
            memo[key] = len(memo)
            out["sid"] = memo[key]
            raw = torch.empty(0, dtype=torch.uint8).set_(storage).numpy().tobytes()  # (nbytes,)
            out["data"] = base64.b64encode(raw).decode("ascii")
    return out


def _write(x: Any, memo: dict[int, int], keep: Callable[[Any], int] | None, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise CrossingError(f"nested more than {MAX_DEPTH} levels deep")
    kind = type(x)
    if kind in _SCALARS:
        return x
    if kind is bytes:
        return {"$b": base64.b64encode(x).decode("ascii")}
    if kind is list:
        return [_write(v, memo, keep, depth + 1) for v in x]
    if kind is tuple:
        return {"$t": [_write(v, memo, keep, depth + 1) for v in x]}
    if kind is dict and all(type(k) in _SCALARS for k in x):
        return {"$d": [[k, _write(v, memo, keep, depth + 1)] for k, v in dict.items(x)]}
    if kind is torch.Tensor or kind is torch.nn.Parameter:
        out = _tensor(x, memo)
        with torch._C.DisableTorchFunction():
            if x.requires_grad:
                out["requires_grad"] = True
                if x.is_leaf and x.grad is not None:
                    out["grad"] = _write(x.grad, memo, keep, depth + 1)
        return {"$T": out}
    if kind is np.ndarray and x.dtype.name in _NP_DTYPES:
        return {"$A": {"dtype": x.dtype.name, "shape": list(x.shape),
                       "data": base64.b64encode(np.ascontiguousarray(x).tobytes()).decode("ascii")}}
    if kind in _NP_SCALARS:
        return {"$n": [x.dtype.name, _write(x.item(), memo, keep, depth + 1)]}
    if kind is KernelObject:
        return {"$h": x.handle, "type": x.type, "base": x.base}
    if keep is None:
        raise CrossingError(f"a {type_name(x)} cannot cross: only numbers, strings, bytes, None, "
                            "lists, tuples, dicts and tensors can")
    return {"$h": keep(x), "type": type_name(x), "base": _plain_base(x)}


def encode(x: Any, keep: Callable[[Any], int] | None = None) -> str:
    """``x`` as JSON text. ``keep(obj) -> handle`` stores what cannot cross (else: :class:`CrossingError`).

    Tensors that share a storage (a tensor and its view) are written once and share it again
    when decoded.
    """
    return json.dumps(_write(x, {}, keep, 0), allow_nan=True, separators=(",", ":"))


# -- reading ---------------------------------------------------------------------------------
def _need(ok: bool, what: str) -> None:
    if not ok:
        raise CrossingError(what)


def _ints(value: Any, what: str) -> list[int]:
    _need(type(value) is list and all(type(v) is int and v >= 0 for v in value) and len(value) <= 32,
          f"{what}: expected a list of at most 32 non-negative ints")
    return value


def _read_tensor(spec: Any, storages: dict[int, torch.Tensor], depth: int,
                 handle: Callable[[dict[str, Any]], Any]) -> torch.Tensor:
    _need(type(spec) is dict and spec.get("dtype") in _DTYPES, "a tensor with an unknown dtype")
    dtype = _DTYPES[spec["dtype"]]
    shape, stride = _ints(spec.get("shape"), "shape"), _ints(spec.get("stride"), "stride")
    offset = spec.get("offset")
    _need(len(shape) == len(stride) and type(offset) is int and offset >= 0, "a malformed tensor")
    if "storage" in spec:
        _need(spec["storage"] in storages, "a tensor that refers to an unknown storage")
        flat = storages[spec["storage"]]
    else:
        data = spec.get("data")
        _need(type(data) is str and len(data) <= MAX_BYTES * 4 // 3 + 4, "tensor data too large")
        raw = bytearray(base64.b64decode(data, validate=True))
        size = torch.empty((), dtype=dtype).element_size()
        _need(len(raw) % size == 0, "tensor data of the wrong length")
        flat = torch.frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)
        sid = spec.get("sid")
        _need(type(sid) is int, "a tensor without a storage id")
        storages[sid] = flat
    if math.prod(shape):
        last = offset + sum((n - 1) * s for n, s in zip(shape, stride))
        _need(last < flat.numel(), "a tensor that reaches past its data")
    if math.prod(shape):
        out = torch.as_strided(flat, shape, stride, offset)
    else:
        out = torch.empty(shape, dtype=dtype)
    if spec.get("requires_grad") is True and (dtype.is_floating_point or dtype.is_complex):
        out = out.clone().requires_grad_(True)
        if "grad" in spec:
            grad = _read(spec["grad"], storages, depth + 1, handle)
            _need(type(grad) is torch.Tensor, "a gradient that is not a tensor")
            out.grad = grad
    return out


def _read(x: Any, storages: dict[int, torch.Tensor], depth: int,
          handle: Callable[[dict[str, Any]], Any]) -> Any:
    _need(depth <= MAX_DEPTH + 2, f"nested more than {MAX_DEPTH} levels deep")
    kind = type(x)
    if kind in _SCALARS:
        return x
    if kind is list:
        return [_read(v, storages, depth + 1, handle) for v in x]
    _need(kind is dict and len(x) >= 1, "an unknown value")
    tag = next(iter(x))
    value = x[tag]
    if tag == "$b":
        _need(type(value) is str, "malformed bytes")
        return base64.b64decode(value, validate=True)
    if tag == "$t":
        _need(type(value) is list, "a malformed tuple")
        return tuple(_read(v, storages, depth + 1, handle) for v in value)
    if tag == "$d":
        _need(type(value) is list and all(type(p) is list and len(p) == 2 and type(p[0]) in _SCALARS
                                          for p in value), "a malformed dict")
        return {k: _read(v, storages, depth + 1, handle) for k, v in value}
    if tag == "$T":
        return _read_tensor(value, storages, depth, handle)
    if tag == "$A":
        _need(type(value) is dict and value.get("dtype") in _NP_DTYPES, "an array with an unknown dtype")
        shape = _ints(value.get("shape"), "shape")
        raw = base64.b64decode(value.get("data", ""), validate=True)
        dt = _NP_DTYPES[value["dtype"]]
        _need(len(raw) == math.prod(shape) * dt.itemsize, "array data of the wrong length")
        return np.frombuffer(raw, dtype=dt).reshape(shape).copy()
    if tag == "$n":
        _need(type(value) is list and len(value) == 2 and value[0] in _NP_DTYPES
              and type(value[1]) in (bool, int, float), "a malformed NumPy scalar")
        return _NP_DTYPES[value[0]].type(value[1])
    if tag == "$h":
        _need(type(value) is int and type(x.get("type")) is str and type(x.get("base", "")) is str,
              "a malformed handle")
        return handle(x)
    raise CrossingError(f"an unknown tag {tag[:20]!r}")


def decode(text: str | bytes, handle: Callable[[dict[str, Any]], Any] | None = None) -> Any:
    """Rebuild what :func:`encode` wrote. ``handle({"$h": n, "type": ..., "base": ...})`` turns a
    handle into an object (default: an inert :class:`KernelObject`).

    Raises :class:`CrossingError` for anything malformed or larger than ``MAX_BYTES``.
    """
    _need(type(text) in (str, bytes), f"a message must be text, not a {type(text).__name__}")
    _need(len(text) <= MAX_BYTES * 2, "a message that is too large")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise CrossingError(f"not JSON ({exc})") from None
    return read(data, handle)


def read(data: Any, handle: Callable[[dict[str, Any]], Any] | None = None) -> Any:
    """:func:`decode` for a message already parsed by ``json.loads``."""
    if handle is None:
        def handle(spec: dict[str, Any]) -> Any:
            return KernelObject(spec["$h"], spec["type"][:200], spec.get("base", "")[:20])
    try:
        return _read(data, {}, 0, handle)
    except CrossingError:
        raise
    except (ValueError, TypeError, KeyError, RuntimeError, OverflowError, MemoryError, RecursionError) as exc:
        raise CrossingError(f"a malformed message ({type(exc).__name__}: {str(exc)[:200]})") from None
