"""Standardizing numeric features with the statistics of the training split only.

Written by the learner in lesson 02 (tensors) and used again in lesson 07, where the numeric
features of the delivery data (:mod:`embedlab.tabular`, which re-exports
:func:`standardize`) come in kilometres, kilograms and hours. The test split is scaled with
the training split's mean and standard deviation: statistics of the test rows would leak
information the model must not have.

Example:
    >>> train_z, test_z = standardize(torch.tensor([[0.0], [2.0]]), torch.tensor([[4.0]]))
    >>> train_z.tolist(), test_z.tolist()
    ([[-1.0], [1.0]], [[3.0]])
"""

from __future__ import annotations

import torch

__all__ = ["standardize"]


def standardize(train: torch.Tensor, *others: torch.Tensor) -> tuple[torch.Tensor, ...]:
    """Scale columns to mean 0 and standard deviation 1 with the TRAINING rows' statistics only.

    The standard deviation is the population one, ``std(dim=0, correction=0)`` (divide by N, not
    N - 1), so the standardized training columns have population std exactly 1. A constant
    training column (std 0) is only centred: it is divided by 1, not by 0, so no nan appears.
    Returns ``(train_scaled, *others_scaled)``; the inputs are not modified.

    Raises:
        ValueError: ``train`` is not a non-empty (N, F) table, or another split has a
            different number of columns.
        TypeError: a split is not floating point.

    Example:
        >>> train = torch.tensor([[1.0, 10.0], [3.0, 10.0]])  # (N=2, F=2); column 1 is constant
        >>> standardize(train, torch.tensor([[2.0, 12.0]]))
        (tensor([[-1.,  0.],
                [ 1.,  0.]]), tensor([[0., 2.]]))
    """
    if not isinstance(train, torch.Tensor) or train.dim() != 2 or train.shape[0] == 0:
        shape = tuple(train.shape) if isinstance(train, torch.Tensor) else type(train).__name__
        raise ValueError(f"need a non-empty (N, F) table of numeric features for train, got {shape}")
    for name, x in [("train", train)] + [(f"split {i + 1}", x) for i, x in enumerate(others)]:
        if not isinstance(x, torch.Tensor) or not x.is_floating_point():
            kind = x.dtype if isinstance(x, torch.Tensor) else type(x).__name__
            raise TypeError(
                f"{name} must be a floating-point tensor, got {kind}; convert it with .to(torch.float32)"
            )
        if x.dim() != 2 or x.shape[1] != train.shape[1]:
            raise ValueError(f"{name} must have shape (N, {train.shape[1]}) like train, got {tuple(x.shape)}")
    mean = train.mean(dim=0, keepdim=True)  # (1, F)
    std = train.std(dim=0, correction=0, keepdim=True)  # (1, F) population std
    std = torch.where(std > 0, std, torch.ones_like(std))  # constant column: divide by 1
    return tuple((x - mean) / std for x in (train, *others))  # each (N_split, F)
