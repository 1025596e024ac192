"""One layer of scaled dot-product self-attention over a padded batch.

Introduced in lesson 08 (beyond word vectors): every position's output is a weighted mean of
the batch row's value vectors, weighted by how well its query matches each key, so the same
word gets a different vector in a different sentence. Keys at padded positions (from the
lengths, as in lesson 07) get weight 0; outputs at padded positions are 0.

Example:
    >>> x = torch.tensor([[[1.0, 0.0], [0.0, 1.0], [5.0, 5.0]]])   # (B=1, T=3, D=2), length 2
    >>> eye = torch.eye(2)
    >>> out, weights = self_attention(x, torch.tensor([2]), eye, eye, eye)
    >>> out.shape, weights[0, 0, 2].item(), out[0, 2].tolist()
    (torch.Size([1, 3, 2]), 0.0, [0.0, 0.0])
"""

from __future__ import annotations

import math

import torch

from embedlab.sequences import lengths_to_mask

__all__ = ["self_attention"]


def self_attention(
    x: torch.Tensor, lengths: torch.Tensor, w_q: torch.Tensor, w_k: torch.Tensor, w_v: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """``softmax(Q K^T / sqrt(d_k)) V`` with ``Q = x @ w_q``, ``K = x @ w_k``, ``V = x @ w_v``.

    ``x`` is (B, T, D), ``lengths`` (B,), ``w_q`` and ``w_k`` (D, d_k), ``w_v`` (D, d_v).
    Returns the outputs (B, T, d_v) and the attention weights (B, T, T), rows over keys.
    """
    if x.dim() != 3 or lengths.shape != x.shape[:1]:
        raise ValueError(
            f"need x (B, T, D) and lengths (B,); got {tuple(x.shape)} and {tuple(lengths.shape)}"
        )
    q, k, v = x @ w_q, x @ w_k, x @ w_v  # (B, T, d_k), (B, T, d_k), (B, T, d_v)
    mask = lengths_to_mask(lengths, x.shape[1])  # (B, T)
    scores = q @ k.transpose(1, 2) / math.sqrt(w_k.shape[1])  # (B, T, T)
    scores = scores.masked_fill(~mask[:, None, :], float("-inf"))
    weights = scores.softmax(dim=-1) * mask[:, :, None]  # (B, T, T); padded query rows -> 0
    return weights @ v, weights  # (B, T, d_v), (B, T, T)
