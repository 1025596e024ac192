"""Embedding tables outside ``nn.Embedding``: saved tables, validated lookups, pretrained rows.

Introduced in lesson 05 (``nn.Embedding`` in depth), where these are the reference
implementations the lesson keeps using after the learner has written their own:

* :class:`SavedLookup` -- a (V, D) matrix saved with ``torch.save``, loaded back safely
  (``weights_only=True``) and looked up with ids that are checked first;
* :func:`pretrained_with_unk` -- ``nn.Embedding.from_pretrained`` plus a padding row
  (``"<pad>"`` = 0, zero and frozen) and an unknown-token row (``"<unk>"`` = 1, trainable).

Masked means of padded batches live in :mod:`embedlab.sequences`.

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

from embedlab._checks import check_ids

__all__ = ["SavedLookup", "pretrained_with_unk"]


class SavedLookup:
    """Look up rows of an embedding matrix stored on disk with ``torch.save``.

    Unlike ``weight[ids]``, a lookup checks its ids first: float ids raise ``TypeError`` and
    negative ids (which plain indexing would silently read from the end of the table) or ids
    ``>= num_embeddings`` raise ``IndexError`` naming the bad id.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(
                f"no saved embedding matrix at {path.resolve()}; save one with SavedLookup.save"
            )
        weight = torch.load(path, weights_only=True)  # never unpickle arbitrary objects
        if not isinstance(weight, torch.Tensor) or weight.dim() != 2 or not weight.is_floating_point():
            desc = tuple(weight.shape) if isinstance(weight, torch.Tensor) else type(weight).__name__
            raise ValueError(
                f"{path} should hold a 2-D float tensor (num_embeddings, embedding_dim), found {desc}"
            )
        self.weight = weight  # (V, D)

    @staticmethod
    def save(weight: torch.Tensor, path: str | os.PathLike[str]) -> None:
        """Save a (V, D) float matrix so that :class:`SavedLookup` can load it."""
        if weight.dim() != 2 or not weight.is_floating_point():
            raise ValueError(
                f"expected a 2-D float tensor, got shape {tuple(weight.shape)} and {weight.dtype}"
            )
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


def pretrained_with_unk(
    words: list[str], vectors: torch.Tensor, *, pad: str = "<pad>", unk: str = "<unk>", freeze: bool = True
) -> tuple[nn.Embedding, list[str]]:
    """An ``nn.Embedding`` over pretrained vectors with a padding row 0 and an unknown-token row 1.

    The course's convention wherever padding appears: ``pad`` is id 0, a row of zeros that
    ``padding_idx=0`` keeps out of training; ``unk`` is id 1, the mean of all vectors (a
    neutral guess for any unseen word), which training may move; ``words[i]`` is id
    ``i + 2``. The table is a float32 copy, so later changes to ``vectors`` do not leak into
    the layer. Returns ``(embedding, itos)``.

    >>> emb, itos = pretrained_with_unk(["a", "b"], torch.tensor([[1.0, 0.0], [3.0, 2.0]]))
    >>> itos, emb.weight.tolist(), emb.padding_idx, emb.weight.requires_grad
    (['<pad>', '<unk>', 'a', 'b'], [[0.0, 0.0], [2.0, 1.0], [1.0, 0.0], [3.0, 2.0]], 0, False)
    """
    if vectors.dim() != 2 or vectors.shape[0] != len(words) or len(words) == 0:
        raise ValueError(
            f"need one vector per word: {len(words)} words but vectors of shape {tuple(vectors.shape)}"
        )
    for special in (pad, unk):
        if special in words:
            raise ValueError(f"{special!r} is already one of the words; choose another special token")
    pad_row = torch.zeros(1, vectors.shape[1], dtype=vectors.dtype)  # (1, D)
    unk_row = vectors.mean(dim=0, keepdim=True)  # (1, D)
    table = torch.cat([pad_row, unk_row, vectors]).to(torch.float32)  # (V + 2, D)
    return nn.Embedding.from_pretrained(table, freeze=freeze, padding_idx=0), [pad, unk, *words]
