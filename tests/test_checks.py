"""embedlab._checks: the shared argument checks accept what they should and explain refusals."""

import numpy as np
import pytest
import torch

from embedlab._checks import (
    ArgumentTypeError,
    generator_or_none,
    in_unit_interval,
    positive_number,
    whole_number,
)


def test_whole_number_accepts_ints_and_numpy_ints() -> None:
    assert whole_number("n", 3) == 3
    value = whole_number("n", np.int64(4))
    assert value == 4 and type(value) is int


@pytest.mark.parametrize("bad", [True, 2.0, "3", None])
def test_whole_number_refuses_other_kinds_with_both_error_types(bad: object) -> None:
    with pytest.raises(ArgumentTypeError, match=r"n must be a whole number >= 1, got .* \(a "):
        whole_number("n", bad)
    assert issubclass(ArgumentTypeError, TypeError) and issubclass(ArgumentTypeError, ValueError)


def test_whole_number_range_and_hint() -> None:
    with pytest.raises(ValueError, match=r"dim must be a whole number from 1 to 3, got 4; fewer please"):
        whole_number("dim", 4, maximum=3, hint="fewer please")
    with pytest.raises(ValueError, match=r"k must be a whole number >= 2, got 1$"):
        whole_number("k", 1, minimum=2)


def test_positive_number() -> None:
    assert positive_number("lr", 1) == 1.0
    assert positive_number("sample", 0, allow_zero=True) == 0.0
    for bad in [0, -1.0, float("nan"), float("inf"), True, "0.1"]:
        with pytest.raises(ValueError, match="lr must be a finite number > 0"):
            positive_number("lr", bad)


def test_in_unit_interval_bounds() -> None:
    assert in_unit_interval("p", 1) == 1.0
    assert in_unit_interval("p", 0.0, include_low=True) == 0.0
    for bad, kwargs in [(0.0, {}), (1.0, {"include_high": False}), (1.5, {}), (float("nan"), {})]:
        with pytest.raises(ValueError, match=r"p must be a number in [\[(]0, 1[\])]"):
            in_unit_interval("p", bad, **kwargs)


def test_generator_or_none() -> None:
    g = torch.Generator()
    assert generator_or_none(g) is g and generator_or_none(None) is None
    with pytest.raises(TypeError, match=r"torch.Generator\(\).manual_seed\(0\)"):
        generator_or_none(0)
