"""embedlab.plain: answers are turned into plain data with the real methods, subclasses rejected."""

from __future__ import annotations

import doctest
import math
import warnings

import numpy as np
import pytest
import torch

from embedlab import plain
from embedlab.plain import NotPlainData, call_quietly, close, tensor_info, to_plain


def test_doctests_run():
    result = doctest.testmod(plain)
    assert result.attempted > 5 and result.failed == 0


def test_plain_values_round_trip():
    assert to_plain(torch.tensor([[1.0, 2.0]])) == [[1.0, 2.0]]
    assert to_plain(torch.tensor(3)) == 3
    assert to_plain(torch.nn.Parameter(torch.ones(2))) == [1.0, 1.0]
    assert to_plain((1, [2, (3.5,)], {"a": None})) == [1, [2, [3.5]], {"a": None}]
    assert to_plain(np.arange(3)) == [0, 1, 2] and type(to_plain(np.int64(4))) is int
    assert tensor_info(torch.zeros(2, 3, dtype=torch.float64))[:2] == ((2, 3), "torch.float64")


class EqualToEverything(torch.Tensor):
    def __eq__(self, other):  # the reflected comparison a cheating answer would use
        return True

    def tolist(self):
        return [[1.0, 2.0]]


class TorchFunctionLiar(torch.Tensor):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if func.__name__ == "tolist":
            return [42.0]
        return super().__torch_function__(func, types, args, kwargs or {})


class AlwaysEqualList(list):
    def __eq__(self, other):
        return True


class CloseToEverything(float):
    def __sub__(self, other):
        return 0.0

    def __rsub__(self, other):
        return 0.0

    def __eq__(self, other):
        return True


@pytest.mark.parametrize(
    "answer",
    [
        torch.zeros(2).as_subclass(EqualToEverything),
        torch.zeros(1).as_subclass(TorchFunctionLiar),
        AlwaysEqualList([1, 2]),
        CloseToEverything(0.0),
        object(),
        [1.0, CloseToEverything(2.0)],
        {"k": AlwaysEqualList()},
    ],
    ids=["tensor-eq", "torch-function", "list-subclass", "float-subclass", "object", "nested", "in-dict"],
)
def test_subclasses_and_strangers_are_rejected_with_a_message(answer):
    with pytest.raises(NotPlainData, match="the answer is a"):
        to_plain(answer)
    with pytest.raises(NotPlainData):
        close(answer, [0.0, 0.0])


def test_tensor_subclass_is_rejected_by_tensor_info():
    with pytest.raises(NotPlainData, match="subclass of Tensor: return a plain torch.Tensor"):
        tensor_info(torch.zeros(2).as_subclass(EqualToEverything), "embed(ids)")


def test_patched_tensor_methods_after_import_do_not_reach_the_helper(monkeypatch):
    monkeypatch.setattr(torch.Tensor, "tolist", lambda self: [7.0, 7.0])
    monkeypatch.setattr(torch.Tensor, "__eq__", lambda self, other: True)
    assert to_plain(torch.tensor([1.0, 2.0])) == [1.0, 2.0]
    assert tensor_info(torch.tensor([1.0, 2.0]))[2] == [1.0, 2.0]


def test_a_torch_function_mode_pushed_by_an_answer_is_ignored():
    class Forge(torch.overrides.TorchFunctionMode):
        def __torch_function__(self, func, types, args=(), kwargs=None):
            if getattr(func, "__name__", "") == "tolist":
                return [0.0]
            return func(*args, **(kwargs or {}))

    with Forge():
        assert to_plain(torch.tensor([1.0, 2.0])) == [1.0, 2.0]


def test_close_compares_in_plain_python():
    assert close([1.0, 2.0], [1.0, 2.0 + 1e-7])
    assert not close([1.0, 2.0], [1.0, 2.1])
    assert not close([1.0, 2.0], [[1.0, 2.0]])  # nesting matters
    assert not close([1.0, 2.0, 3.0], [1.0, 2.0])  # length matters
    assert close(100.0, 101.0, rtol=0.02) and not close(100.0, 103.0, rtol=0.02)
    assert not close(float("nan"), 0.0) and close(math.inf, math.inf) and not close(math.inf, 1e308)
    assert not close("a", "b") and close({"x": 1.0}, {"x": 1.0}) and not close({"x": 1.0}, {"y": 1.0})
    assert not close(True, 1.0) and not close(None, 0.0)


def test_close_rejects_a_forged_expected_value_too():
    with pytest.raises(NotPlainData, match="the expected value"):
        close([1.0], AlwaysEqualList([2.0]))


def test_call_quietly_records_warnings_instead_of_printing(capfd):
    def answer(t):
        return float(t)  # warns on stderr when t requires grad

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning that escaped would raise here
        value, caught = call_quietly(answer, torch.tensor(2.0, requires_grad=True) * 1.5)
    assert value == 3.0
    assert caught, "torch warns about float() on a tensor that requires grad"
    assert capfd.readouterr().err == ""


def test_requires_grad_reads_the_real_attribute():
    assert plain.requires_grad(torch.ones(1, requires_grad=True) + 1)
    assert not plain.requires_grad(torch.ones(1))
    with pytest.raises(NotPlainData):
        plain.requires_grad([1.0])
