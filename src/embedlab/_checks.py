"""Argument checks shared by the embedlab modules: one wording for one kind of mistake.

Used by every lesson's helpers (lessons 01-07) wherever a function takes a count, a size, a
rate, a fraction or a tensor of row ids (:func:`check_ids`, which :mod:`embedlab.onehot`
re-exports). Each check returns the value when it is fine and otherwise raises an
error that names the argument, what it got, and what it needs.

Example:
    >>> whole_number("epochs", 3, minimum=0)
    3
    >>> whole_number("epochs", 1.5)
    Traceback (most recent call last):
        ...
    embedlab._checks.ArgumentTypeError: epochs must be a whole number >= 1, got 1.5 (a float)
    >>> in_unit_interval("density", 1.0)
    1.0
"""

from __future__ import annotations

import math
import numbers

import torch

__all__ = [
    "ArgumentTypeError", "check_ids", "generator_or_none", "in_unit_interval", "positive_number",
    "whole_number",
]


class ArgumentTypeError(TypeError, ValueError):
    """An argument of the wrong kind (a float where a count belongs, say).

    A ``TypeError`` and a ``ValueError``, so ``except`` clauses written for either catch it.
    """


def _with_hint(message: str, hint: str) -> str:
    return f"{message}; {hint}" if hint else message


def whole_number(name: str, value: object, minimum: int = 1, *, maximum: int | None = None,
                 hint: str = "") -> int:
    """Return ``value`` if it is an int (not a bool) in ``minimum..maximum``, else raise.

    NumPy and torch integer scalars count as whole numbers (they are returned as ``int``).

    Raises:
        ArgumentTypeError: ``value`` is not a whole number (a float, a bool, a string...).
        ValueError: ``value`` is below ``minimum`` or above ``maximum``.
    """
    wanted = f"a whole number >= {minimum}"
    if maximum is not None:
        wanted = f"a whole number from {minimum} to {maximum}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        kind = type(value).__name__
        raise ArgumentTypeError(_with_hint(f"{name} must be {wanted}, got {value!r} (a {kind})", hint))
    if value < minimum or (maximum is not None and value > maximum):
        raise ValueError(_with_hint(f"{name} must be {wanted}, got {value!r}", hint))
    return int(value)


def positive_number(name: str, value: object, *, allow_zero: bool = False, hint: str = "") -> float:
    """Return ``value`` as a float if it is a finite real number > 0 (>= 0 with ``allow_zero``).

    >>> positive_number("lr", 0.1)
    0.1

    Raises:
        ValueError: not a finite real number (bools, strings and nan included), or too small.
    """
    wanted = ">= 0" if allow_zero else "> 0"
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(_with_hint(f"{name} must be a finite number {wanted}, got {value!r}", hint))
    return float(value)


def in_unit_interval(name: str, value: object, *, include_low: bool = False, include_high: bool = True,
                     hint: str = "") -> float:
    """Return ``value`` as a float if it lies between 0 and 1 (by default ``0 < value <= 1``).

    >>> in_unit_interval("test_fraction", 0.2, include_high=False)
    0.2

    Raises:
        ValueError: not a real number, or outside the interval (the message spells it out).
    """
    interval = ("[0" if include_low else "(0") + ", " + ("1]" if include_high else "1)")
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        ok = (value >= 0 if include_low else value > 0) and (value <= 1 if include_high else value < 1)
    if not ok:
        raise ValueError(_with_hint(f"{name} must be a number in {interval}, got {value!r}", hint))
    return float(value)


def generator_or_none(generator: object) -> torch.Generator | None:
    """Return ``generator`` if it is ``None`` or a ``torch.Generator``, else raise ``TypeError``.

    >>> generator_or_none(None) is None
    True
    """
    if generator is not None and not isinstance(generator, torch.Generator):
        raise TypeError(
            f"generator must be a torch.Generator, got {type(generator).__name__}; "
            "use torch.Generator().manual_seed(0)"
        )
    return generator


def check_ids(ids: torch.Tensor, num_embeddings: int) -> None:
    """Raise a clear error unless ``ids`` is an integer tensor of valid row ids.

    Raises:
        TypeError: ``ids`` is not a tensor, or not an integer tensor.
        IndexError: an id is negative or ``>= num_embeddings``.
    """
    if not isinstance(ids, torch.Tensor):
        raise TypeError(f"ids must be a torch.Tensor, got {type(ids).__name__}; use torch.tensor(ids)")
    if ids.is_floating_point() or ids.dtype == torch.bool or ids.is_complex():
        raise TypeError(
            f"ids must be an integer tensor (torch.long), got {ids.dtype}; "
            "ids count rows, so convert with ids.long()"
        )
    if ids.numel() and (int(ids.min()) < 0 or int(ids.max()) >= num_embeddings):
        bad = ids[(ids < 0) | (ids >= num_embeddings)].flatten()[0].item()
        raise IndexError(
            f"id {bad} is out of range for {num_embeddings} rows (valid ids are "
            f"0..{num_embeddings - 1}); map unseen tokens to the unknown token's id"
        )
