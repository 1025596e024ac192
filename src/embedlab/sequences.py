"""Batches of variable-length token sequences: padding, masks, masked means, packing.

Lesson 02 (tensors) first pads and masks a batch; lesson 07 (embeddings inside models) adds
masked means and packing. Sentences have different lengths, so a batch is padded to the
longest one with the padding id ``padding_idx`` (PyTorch's name; 0 = ``"<pad>"`` here, with
``"<unk>"`` = 1 a separate id), and every operation that summarizes a sentence must ignore
the padding: a mean over all ``T`` positions would mix
the padding vector into short sentences and make the result depend on what else is in
the batch. For recurrent layers, ``pack_padded_sequence`` makes the LSTM stop at each
sentence's real end. Masks are built from the lengths (:func:`lengths_to_mask`); because
``"<pad>"`` is reserved, ``ids != padding_idx`` gives the same mask, a check rather than a rule.

Example:
    >>> ids, lengths = pad_batch([[5, 6, 7], [8]])
    >>> ids.tolist(), lengths.tolist()
    ([[5, 6, 7], [8, 0, 0]], [3, 1])
    >>> lengths_to_mask(lengths).tolist()
    [[True, True, True], [True, False, False]]
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch.nn.utils.rnn import pack_padded_sequence

PAD_ID = 0  # the default padding_idx: "<pad>" = 0, "<unk>" = 1


def pad_batch(
    sequences: Sequence[Sequence[int]], padding_idx: int = PAD_ID
) -> tuple[torch.Tensor, torch.Tensor]:
    """Pad id lists on the right with ``padding_idx`` to a (B, T) int64 tensor, T the longest
    length; also return the lengths (B,) int64.

    Raises:
        ValueError: an empty batch or an empty sequence (a sentence needs at least one token;
            map an empty sentence to a single unknown token before padding).
        TypeError: an id is not a Python or torch integer (a float would be silently truncated).
    """
    if len(sequences) == 0:
        raise ValueError("pad_batch needs at least one sequence")
    lengths = [len(s) for s in sequences]
    if min(lengths) == 0:
        raise ValueError(
            f"sequence {lengths.index(0)} is empty; give it one token (e.g. the unknown id) before padding"
        )
    for row, seq in enumerate(sequences):
        bad = [t for t in seq if isinstance(t, bool) or not (isinstance(t, int) or _is_int_scalar(t))]
        if bad:
            raise TypeError(
                f"sequence {row} holds non-integer ids such as {bad[0]!r}; token ids must be ints"
            )
    ids = torch.full((len(sequences), max(lengths)), padding_idx, dtype=torch.long)  # (B, T)
    for row, seq in enumerate(sequences):
        ids[row, : len(seq)] = torch.as_tensor(list(seq), dtype=torch.long)
    return ids, torch.tensor(lengths, dtype=torch.long)


def _is_int_scalar(t: object) -> bool:
    """A 0-d integer tensor or NumPy integer, which ``torch.as_tensor`` stores exactly."""
    dtype = getattr(t, "dtype", None)
    is_int = dtype is not None and "int" in str(dtype) and "bool" not in str(dtype)
    return getattr(t, "ndim", None) == 0 and is_int


def lengths_to_mask(lengths: torch.Tensor, max_len: int | None = None) -> torch.Tensor:
    """Boolean (B, T) mask, True at real tokens: position t < lengths[b]."""
    if lengths.dim() != 1:
        raise ValueError(f"lengths must be 1-D (B,), got shape {tuple(lengths.shape)}")
    T = int(lengths.max()) if max_len is None else max_len
    return torch.arange(T, device=lengths.device)[None, :] < lengths[:, None]  # (B, T)


def masked_mean(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean of ``x`` (B, T, D) over the positions where ``mask`` (B, T) is True -> (B, D).

    A row whose mask is all False gives zeros (not NaN).
    """
    if x.dim() != 3 or mask.shape != x.shape[:2]:
        raise ValueError(f"need x (B, T, D) and mask (B, T); got {tuple(x.shape)} and {tuple(mask.shape)}")
    weights = mask.to(x.dtype).unsqueeze(-1)  # (B, T, 1)
    total = (x * weights).sum(dim=1)  # (B, D)
    count = weights.sum(dim=1).clamp_min(1.0)  # (B, 1)
    return total / count


def packed(embedded: torch.Tensor, lengths: torch.Tensor) -> torch.nn.utils.rnn.PackedSequence:
    """Pack a padded batch (B, T, D) for an ``nn.LSTM(batch_first=True)``.

    Lengths must be on the CPU and int64; the batch need not be sorted
    (``enforce_sorted=False`` sorts it and the LSTM's outputs come back in the input order).
    """
    return pack_padded_sequence(embedded, lengths.cpu(), batch_first=True, enforce_sorted=False)


def last_real_output(output: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Row ``b`` of the result is ``output[b, lengths[b] - 1]``: the output (B, T, H) of a
    ``batch_first`` recurrent layer at each sequence's last real token -> (B, H).

    For a one-directional LSTM this equals the final hidden state ``h_n[-1]`` that packing
    gives; ``output[:, -1]`` would be the state after the padding. Lesson 07 asks for it.

    >>> out = torch.arange(12.0).reshape(2, 3, 2)  # (B=2, T=3, H=2)
    >>> last_real_output(out, torch.tensor([3, 1])).tolist()
    [[4.0, 5.0], [6.0, 7.0]]

    Raises:
        ValueError: ``output`` is not (B, T, H), ``lengths`` is not (B,), or a length is
            outside 1..T (a length of 0 would silently pick index -1, the last padded position).
    """
    if output.dim() != 3 or lengths.dim() != 1 or lengths.shape[0] != output.shape[0]:
        raise ValueError(
            f"need output (B, T, H) and lengths (B,); got {tuple(output.shape)} and {tuple(lengths.shape)}"
        )
    if lengths.numel() and (int(lengths.min()) < 1 or int(lengths.max()) > output.shape[1]):
        raise ValueError(f"lengths must lie in 1..T={output.shape[1]}; got {lengths.tolist()}")
    rows = torch.arange(output.shape[0], device=output.device)  # (B,)
    return output[rows, lengths.to(output.device) - 1]  # (B, H)
