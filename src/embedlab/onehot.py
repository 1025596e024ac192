"""One-hot encoding, and the arithmetic of what it costs.

Introduced in lesson 01, where it is the reference implementation the lesson keeps
using after the learner has written their own.

Example:
    >>> one_hot(torch.tensor([[2, 0]]), 3)
    tensor([[[0., 0., 1.],
             [1., 0., 0.]]])
"""

from __future__ import annotations

import torch

from embedlab._checks import check_ids as check_ids  # the id check, also used by lookup and autograd


def one_hot(ids: torch.Tensor, vocab_size: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """One-hot encode integer ids of any shape: (...) -> (..., vocab_size).

    Unlike ``torch.nn.functional.one_hot`` the result is float32 by default, ready to be
    multiplied by a weight matrix.
    """
    check_ids(ids, vocab_size)
    out = torch.zeros(*ids.shape, vocab_size, dtype=dtype)  # (..., V)
    out.scatter_(-1, ids.unsqueeze(-1), 1)
    return out


def one_hot_bytes(num_tokens: int, vocab_size: int, bytes_per_value: int = 4) -> int:
    """Bytes needed to hold ``num_tokens`` one-hot rows of length ``vocab_size``."""
    return num_tokens * vocab_size * bytes_per_value


def index_bytes(num_tokens: int, bytes_per_index: int = 8) -> int:
    """Bytes needed to hold the same tokens as int64 ids."""
    return num_tokens * bytes_per_index
