"""Embedding tables outside ``nn.Embedding``: saved tables, validated lookups, pooling.

Introduced in lesson 05 (``nn.Embedding`` in depth), where these are the reference
implementations the lesson keeps using after the learner has written their own:

* :class:`SavedLookup` -- a (V, D) matrix saved with ``torch.save``, loaded back safely
  (``weights_only=True``) and looked up with ids that are checked first;
* :func:`masked_mean` -- the mean of a padded batch of vectors, ignoring padding tokens;
* :func:`pretrained_with_unk` -- ``nn.Embedding.from_pretrained`` plus an unknown-token row.

Example:
    >>> import tempfile, torch
    >>> path = tempfile.mkdtemp() + "/table.pt"
    >>> SavedLookup.save(torch.eye(3), path)
    >>> lookup = SavedLookup(path)
    >>> lookup(torch.tensor([[2, 0]])).tolist()   # (1, 2) ids -> (1, 2, 3) vectors
    [[[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]]
"""

from __future__ import annotations

import os
from pathlib import Path

import torch
from torch import nn

from embedlab.onehot import check_ids

__all__ = ["SavedLookup", "masked_mean", "pretrained_with_unk"]


class SavedLookup:
    """Look up rows of an embedding matrix stored on disk with ``torch.save``.

    Unlike ``weight[ids]``, a lookup checks its ids first: float ids raise ``TypeError`` and
    negative ids (which plain indexing would silently read from the end of the table) or ids
    ``>= num_embeddings`` raise ``IndexError`` naming the bad id.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"no saved embedding matrix at {path.resolve()}; save one with SavedLookup.save")
        weight = torch.load(path, weights_only=True)  # never unpickle arbitrary objects
        if not isinstance(weight, torch.Tensor) or weight.dim() != 2 or not weight.is_floating_point():
            desc = tuple(weight.shape) if isinstance(weight, torch.Tensor) else type(weight).__name__
            raise ValueError(f"{path} should hold a 2-D float tensor (num_embeddings, embedding_dim), found {desc}")
        self.weight = weight  # (V, D)

    @staticmethod
    def save(weight: torch.Tensor, path: str | os.PathLike[str]) -> None:
        """Save a (V, D) float matrix so that :class:`SavedLookup` can load it."""
        if weight.dim() != 2 or not weight.is_floating_point():
            raise ValueError(f"expected a 2-D float tensor, got shape {tuple(weight.shape)} and {weight.dtype}")
        torch.save(weight.detach().cpu().clone(), path)

    @property
    def num_embeddings(self) -> int:
        return self.weight.shape[0]

    @property
    def embedding_dim(self) -> int:
        return self.weight.shape[1]

    def __call__(self, ids: torch.Tensor) -> torch.Tensor:
        """Rows of the table for ``ids`` of any shape: (...) -> (..., D)."""
        check_ids(ids, self.num_embeddings)
        return self.weight[ids]  # (..., D)

    def __repr__(self) -> str:
        return f"SavedLookup(num_embeddings={self.num_embeddings}, embedding_dim={self.embedding_dim})"


def masked_mean(vectors: torch.Tensor, ids: torch.Tensor, padding_idx: int) -> torch.Tensor:
    """Mean over the time axis of ``vectors`` (B, T, D), skipping positions where ``ids`` (B, T)
    equals ``padding_idx``: -> (B, D). A row made only of padding gives a zero vector (not NaN).

    >>> v = torch.tensor([[[1.0], [3.0], [9.0]]])            # (1, 3, 1)
    >>> masked_mean(v, torch.tensor([[5, 6, 0]]), padding_idx=0).tolist()
    [[2.0]]
    """
    if vectors.dim() != 3 or ids.shape != vectors.shape[:2]:
        raise ValueError(f"need vectors (B, T, D) and ids (B, T); got {tuple(vectors.shape)} and {tuple(ids.shape)}")
    keep = (ids != padding_idx).unsqueeze(-1).to(vectors.dtype)  # (B, T, 1)
    total = (vectors * keep).sum(dim=1)  # (B, D)
    count = keep.sum(dim=1).clamp_min(1.0)  # (B, 1)
    return total / count  # (B, D)


def pretrained_with_unk(
    words: list[str], vectors: torch.Tensor, *, unk: str = "<unk>", freeze: bool = True
) -> tuple[nn.Embedding, list[str]]:
    """An ``nn.Embedding`` over pretrained vectors with an unknown-token row 0.

    Row 0 is ``unk`` with the mean of all vectors (a neutral guess for any unseen word);
    row ``i + 1`` is ``words[i]``. The table is a float32 copy, so later changes to
    ``vectors`` do not leak into the layer. Returns ``(embedding, itos)``.

    >>> emb, itos = pretrained_with_unk(["a", "b"], torch.tensor([[1.0, 0.0], [3.0, 2.0]]))
    >>> itos, emb.weight.tolist(), emb.weight.requires_grad
    (['<unk>', 'a', 'b'], [[2.0, 1.0], [1.0, 0.0], [3.0, 2.0]], False)
    """
    if vectors.dim() != 2 or vectors.shape[0] != len(words) or len(words) == 0:
        raise ValueError(f"need one vector per word: {len(words)} words but vectors of shape {tuple(vectors.shape)}")
    if unk in words:
        raise ValueError(f"{unk!r} is already one of the words; choose another unknown token")
    table = torch.cat([vectors.mean(dim=0, keepdim=True), vectors]).to(torch.float32)  # (V + 1, D)
    return nn.Embedding.from_pretrained(table, freeze=freeze), [unk, *words]
