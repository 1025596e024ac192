"""embedlab.autograd: finite differences and the backward of an embedding lookup (lesson 03)."""

import pytest
import torch
import torch.nn as nn
from hypothesis import given, settings
from hypothesis import strategies as st

from embedlab.autograd import lookup_backward, lookup_grad_scale, numerical_gradient


def test_numerical_gradient_matches_autograd_and_leaves_x_alone() -> None:
    x = torch.tensor([[0.5, -1.0], [2.0, 0.3]], dtype=torch.float64)
    before = x.clone()

    def f(t: torch.Tensor) -> torch.Tensor:
        return (t.sin() * t**2).sum()

    num = numerical_gradient(f, x)
    xg = x.clone().requires_grad_(True)
    f(xg).backward()
    assert num.shape == x.shape
    assert torch.allclose(num, xg.grad, atol=1e-8)
    assert torch.equal(x, before)


@pytest.mark.parametrize("view", ["transposed", "every other column"])
def test_numerical_gradient_takes_a_view_with_any_strides(view: str) -> None:
    base = torch.arange(12, dtype=torch.float64).reshape(3, 4) / 7  # (3, 4)
    x = base.t() if view == "transposed" else base[:, ::2]  # (4, 3) or (3, 2), neither contiguous
    weights = torch.linspace(-1, 1, x.numel(), dtype=torch.float64).reshape(x.shape)

    def f(t: torch.Tensor) -> torch.Tensor:
        return (weights * t**2).sum()

    num = numerical_gradient(f, x)
    assert num.shape == x.shape
    assert torch.allclose(num, 2 * weights * x, atol=1e-8)


def test_numerical_gradient_errors() -> None:
    with pytest.raises(TypeError, match=r"x\.double\(\)"):
        numerical_gradient(lambda t: t.sum(), torch.tensor([1, 2]))
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        numerical_gradient(lambda t: t.sum(), torch.tensor([1.0]), eps=0)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=1, max_size=12), st.integers(1, 4), st.booleans())
def test_lookup_backward_and_scale_match_nn_embedding(ids: list[int], dim: int, scale: bool) -> None:
    t = torch.tensor(ids)
    emb = nn.Embedding(6, dim, scale_grad_by_freq=scale)
    g = torch.randn(len(ids), dim, generator=torch.Generator().manual_seed(len(ids)))
    (emb(t) * g).sum().backward()
    if not scale:
        assert torch.allclose(lookup_backward(t, g, 6), emb.weight.grad, atol=1e-6)
    emb.zero_grad()
    emb(t).sum().backward()
    want = lookup_grad_scale(t, 6, scale_grad_by_freq=scale)
    assert torch.allclose(emb.weight.grad, want[:, None].expand(6, dim))


def test_repeated_ids_accumulate() -> None:
    grad = lookup_backward(torch.tensor([[1, 1], [1, 3]]), torch.ones(2, 2, 2), 4)
    assert grad[:, 0].tolist() == [0.0, 3.0, 0.0, 1.0]


def test_lookup_errors() -> None:
    with pytest.raises(ValueError, match=r"ids\.shape \+ \(D,\)"):
        lookup_backward(torch.tensor([0, 1]), torch.ones(3, 2), 4)
    with pytest.raises(IndexError, match="out of range"):
        lookup_backward(torch.tensor([4]), torch.ones(1, 2), 4)
    with pytest.raises(TypeError, match="integer"):
        lookup_grad_scale(torch.tensor([0.0]), 4)
