"""Cosine similarity between vectors, and nearest neighbours by it.

Introduced in lesson 01 (one-hot vectors are all orthogonal; dense vectors are not).

Example:
    >>> cosine_matrix(torch.tensor([[1.0, 0.0], [1.0, 1.0]])).round(decimals=3)
    tensor([[1.0000, 0.7070],
            [0.7070, 1.0000]])
"""

from __future__ import annotations

import torch


def cosine_matrix(x: torch.Tensor, eps: float = 1e-8) -> torch.Tensor:
    """Pairwise cosine similarity of the rows of ``x``: (N, D) -> (N, N).

    Rows of zeros have similarity 0 with everything (instead of NaN).
    """
    if x.dim() != 2:
        raise ValueError(f"cosine_matrix expects a 2-D (N, D) tensor, got shape {tuple(x.shape)}")
    if not x.is_floating_point():
        raise TypeError(f"cosine_matrix needs floating-point vectors, got {x.dtype}; use x.float()")
    norms = x.norm(dim=1, keepdim=True).clamp_min(eps)  # (N, 1)
    unit = x / norms  # (N, D)
    return unit @ unit.T  # (N, N)


def nearest(
    query: torch.Tensor, table: torch.Tensor, k: int = 5, exclude: int | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """The ``k`` rows of ``table`` (V, D) most cosine-similar to ``query`` (D,).

    Returns ``(scores, ids)``, both of shape (k,), best first. ``exclude`` drops one row
    (usually the query word itself).
    """
    if query.dim() != 1 or table.dim() != 2 or query.shape[0] != table.shape[1]:
        raise ValueError(
            f"need query (D,) and table (V, D); got {tuple(query.shape)} and {tuple(table.shape)}"
        )
    sims = (table @ query) / (table.norm(dim=1) * query.norm()).clamp_min(1e-8)  # (V,)
    if exclude is not None:
        sims[exclude] = -float("inf")
    k = min(k, table.shape[0] - (exclude is not None))
    return sims.topk(k)
