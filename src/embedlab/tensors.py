"""Tensor recipes for embeddings: batch lookup, pairwise distances, padding, standardizing.

Introduced in lesson 02 (tensors), where each is first written by the learner; later cells
and lessons use these reference versions.

Example:
    >>> ids, mask = pad_sequences([[5, 2], [7]], pad_idx=0)
    >>> ids
    tensor([[5, 2],
            [7, 0]])
    >>> mask
    tensor([[ True,  True],
            [ True, False]])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch


def batch_lookup(table: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
    """Rows of ``table`` (V, D) for integer ``ids`` of any shape: (...) -> (..., D).

    Raises:
        ValueError: ``table`` is not 2-D.
        TypeError: ``ids`` is not an integer tensor.
        IndexError: an id is outside ``0..V-1``.
    """
    if table.dim() != 2:
        raise ValueError(f"table must be a 2-D (V, D) tensor, got shape {tuple(table.shape)}")
    from embedlab.onehot import check_ids

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


def pad_sequences(seqs: Sequence[Sequence[int]], pad_idx: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-pad lists of token ids into ``ids`` (B, T) int64 and a bool ``mask`` (B, T).

    ``T`` is the longest sequence's length; ``mask`` is True at real tokens (even a real
    token whose id happens to equal ``pad_idx``) and False at padding.
    """
    if isinstance(seqs, torch.Tensor) or not isinstance(seqs, Sequence):
        raise TypeError(f"seqs must be a list of lists of ints, got {type(seqs).__name__}")
    lengths = [len(s) for s in seqs]
    T = max(lengths, default=0)
    ids = torch.full((len(seqs), T), pad_idx, dtype=torch.long)  # (B, T)
    mask = torch.zeros((len(seqs), T), dtype=torch.bool)  # (B, T)
    for b, s in enumerate(seqs):
        if any(isinstance(t, bool) or not isinstance(t, int) for t in s):
            raise TypeError(f"sequence {b} holds non-integer ids {list(s)[:5]}; token ids must be ints")
        ids[b, : len(s)] = torch.tensor(list(s), dtype=torch.long)
        mask[b, : len(s)] = True
    return ids, mask


@dataclass
class Standardizer:
    """Column-wise standardization whose statistics come from the training split only.

    ``fit`` stores each column's mean and (population) standard deviation; ``transform``
    applies ``(x - mean) / std`` to any split. A constant column (std 0) is divided by 1.

    Example:
        >>> s = Standardizer().fit(torch.tensor([[1.0, 10.0], [3.0, 10.0]]))
        >>> s.transform(torch.tensor([[2.0, 12.0]]))
        tensor([[0., 2.]])
    """

    mean: torch.Tensor | None = None
    std: torch.Tensor | None = None

    def fit(self, train: torch.Tensor) -> Standardizer:
        if train.dim() != 2 or train.shape[0] == 0:
            raise ValueError(f"fit needs a non-empty (N, F) matrix of features, got shape {tuple(train.shape)}")
        if not train.is_floating_point():
            raise TypeError(f"features must be floating point, got {train.dtype}; use .float()")
        self.mean = train.mean(dim=0)  # (F,)
        std = train.std(dim=0, correction=0)  # (F,)
        self.std = torch.where(std > 0, std, torch.ones_like(std))
        return self

    def transform(self, x: torch.Tensor) -> torch.Tensor:
        if self.mean is None or self.std is None:
            raise RuntimeError("call fit(train) before transform: the statistics come from the training split")
        if x.dim() != 2 or x.shape[1] != self.mean.shape[0]:
            raise ValueError(f"expected (N, {self.mean.shape[0]}) features, got shape {tuple(x.shape)}")
        return (x - self.mean) / self.std  # (N, F)
