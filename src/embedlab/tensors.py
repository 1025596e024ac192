"""Tensor recipes for embeddings: batch lookup and pairwise distances.

Introduced in lesson 02 (tensors), where each is first written by the learner; later cells
and lessons use these reference versions. Padding and masks live in
:mod:`embedlab.sequences`, standardizing in :func:`embedlab.scaling.standardize`.

Example:
    >>> table = torch.arange(6.0).reshape(3, 2)  # (V=3, D=2)
    >>> batch_lookup(table, torch.tensor([[2, 0]]))  # (1, 2) ids -> (1, 2, 2)
    tensor([[[4., 5.],
             [0., 1.]]])
    >>> pairwise_distances(torch.tensor([[0.0, 0.0]]), torch.tensor([[3.0, 4.0], [0.0, 1.0]]))
    tensor([[5., 1.]])
"""

from __future__ import annotations

import torch

from embedlab._checks import check_ids


def batch_lookup(table: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
    """Rows of ``table`` (V, D) for integer ``ids`` of any shape: (...) -> (..., D).

    Raises:
        ValueError: ``table`` is not 2-D.
        TypeError: ``ids`` is not an integer tensor.
        IndexError: an id is outside ``0..V-1``.
    """
    if table.dim() != 2:
        raise ValueError(f"table must be a 2-D (V, D) tensor, got shape {tuple(table.shape)}")
    check_ids(ids, table.shape[0])
    return table[ids]  # (..., D)


def pairwise_distances(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Euclidean distance between every row of ``x`` (N, D) and every row of ``y`` (M, D): (N, M).

    Computed by broadcasting ``(N, 1, D) - (1, M, D)``, without Python loops.
    """
    if x.dim() != 2 or y.dim() != 2 or x.shape[1] != y.shape[1]:
        raise ValueError(
            f"need x of shape (N, D) and y of shape (M, D) with the same D; "
            f"got {tuple(x.shape)} and {tuple(y.shape)}"
        )
    if not (x.is_floating_point() and y.is_floating_point()):
        raise TypeError(f"distances need floating-point vectors, got {x.dtype} and {y.dtype}; use .float()")
    diff = x[:, None, :] - y[None, :, :]  # (N, M, D)
    return diff.pow(2).sum(dim=-1).sqrt()  # (N, M)
