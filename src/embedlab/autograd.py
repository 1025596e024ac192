"""Checking and understanding gradients: finite differences and the backward of a lookup.

Introduced in lesson 03 (autograd). ``numerical_gradient`` checks any autograd gradient;
``lookup_backward`` and ``lookup_grad_scale`` spell out what autograd computes for an
embedding lookup ``weight[ids]``: only looked-up rows get gradient, repeats accumulate.

Example:
    >>> ids = torch.tensor([2, 0, 2])
    >>> lookup_backward(ids, torch.ones(3, 2), num_embeddings=4)
    tensor([[1., 1.],
            [0., 0.],
            [2., 2.],
            [0., 0.]])
"""

from __future__ import annotations

from collections.abc import Callable

import torch

from embedlab._checks import check_ids, positive_number


def numerical_gradient(f: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor,
                       eps: float = 1e-6) -> torch.Tensor:
    """Central-difference gradient of a scalar function ``f`` at ``x`` (any shape).

    ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)`` for every entry ``i``. Use float64:
    in float32 the rounding error of ``f`` divided by a tiny ``eps`` swamps the answer.
    ``x`` is not modified.
    """
    if not x.is_floating_point():
        raise TypeError(f"x must be floating point, got {x.dtype}; use x.double()")
    positive_number("eps", eps, hint="1e-6 suits float64")
    # a contiguous copy, so that flat[i] is entry i of it even when x is a transposed view
    x = x.detach().clone(memory_format=torch.contiguous_format)
    grad = torch.zeros_like(x)
    flat, gflat = x.view(-1), grad.view(-1)  # (N,) views of x and grad
    with torch.no_grad():
        for i in range(flat.numel()):
            old = flat[i].item()
            flat[i] = old + eps
            up = float(f(x))
            flat[i] = old - eps
            down = float(f(x))
            flat[i] = old
            gflat[i] = (up - down) / (2 * eps)
    return grad


def lookup_backward(ids: torch.Tensor, grad_out: torch.Tensor, num_embeddings: int) -> torch.Tensor:
    """Gradient of a loss w.r.t. the table ``weight`` (V, D), given ``grad_out = dloss/d weight[ids]``.

    ``ids`` has any shape (...) and ``grad_out`` shape (..., D). Rows never looked up get 0;
    a row looked up k times gets the sum of its k gradients (``index_add_``, not assignment).
    """
    check_ids(ids, num_embeddings)
    if tuple(grad_out.shape[:-1]) != tuple(ids.shape):
        raise ValueError(
            f"grad_out must have shape ids.shape + (D,) = {tuple(ids.shape)} + (D,), "
            f"got {tuple(grad_out.shape)}"
        )
    D = grad_out.shape[-1]
    grad = torch.zeros(num_embeddings, D, dtype=grad_out.dtype, device=grad_out.device)  # (V, D)
    grad.index_add_(0, ids.reshape(-1), grad_out.reshape(-1, D))
    return grad


def lookup_grad_scale(
    ids: torch.Tensor, num_embeddings: int, scale_grad_by_freq: bool = False
) -> torch.Tensor:
    """How many times each row's gradient is counted when ``loss = emb(ids).sum()``: (V,) float.

    Without ``scale_grad_by_freq`` a row gets its lookup count; with it, each looked-up
    row's summed gradient is divided by that count (so 1 here), unseen rows stay 0.
    """
    check_ids(ids, num_embeddings)
    counts = torch.bincount(ids.reshape(-1), minlength=num_embeddings).to(torch.float32)  # (V,)
    if scale_grad_by_freq:
        return (counts > 0).to(torch.float32)
    return counts
