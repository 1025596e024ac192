"""Position vectors for a sequence model: the sinusoidal table and a learned one.

Introduced in lesson 08 (beyond word vectors). A mean over a sentence's word vectors cannot see
word order; adding a vector that depends on the position before pooling (or before attention)
can. A learned table (``nn.Embedding(max_len, D)``) has no row past ``max_len``; the sinusoidal
table of "Attention is all you need" is a formula, defined at every position:
``PE[p, 2i] = sin(p / 10000**(2i / D))`` and ``PE[p, 2i + 1] = cos(p / 10000**(2i / D))``.

Example:
    >>> pe = sinusoidal_positions(3, 4)
    >>> pe.shape, pe[0].tolist()
    (torch.Size([3, 4]), [0.0, 1.0, 0.0, 1.0])
"""

from __future__ import annotations

import torch

from embedlab._checks import whole_number

__all__ = ["sinusoidal_positions"]


def sinusoidal_positions(num_positions: int, dim: int, base: float = 10000.0) -> torch.Tensor:
    """The (num_positions, dim) float32 table: sines in even columns, cosines in odd ones."""
    whole_number("num_positions", num_positions, minimum=0)
    whole_number("dim", dim, minimum=2)
    if dim % 2:
        raise ValueError(f"dim must be even (a sine and a cosine per frequency), got {dim}")
    pos = torch.arange(num_positions, dtype=torch.float64)[:, None]  # (T, 1)
    freq = base ** (-torch.arange(0, dim, 2, dtype=torch.float64) / dim)  # (D/2,)
    table = torch.zeros(num_positions, dim, dtype=torch.float64)  # (T, D)
    table[:, 0::2] = torch.sin(pos * freq)
    table[:, 1::2] = torch.cos(pos * freq)
    return table.to(torch.float32)
