"""A table of word vectors: look a word up, find its neighbours, save and load the table.

Introduced in lesson 06 (training word embeddings): :func:`embedlab.word2vec.train_word2vec`
and :func:`embedlab.ppmi.train_ppmi_svd` both return a :class:`WordVectors`, which
:mod:`embedlab.evaluation` scores and lesson 07 feeds to its sentiment models. Files are in
word2vec's text format (a ``"<count> <dim>"`` header, then ``word x1 ... xD`` lines), read by
:mod:`embedlab.vectors_file`; gensim reads and writes the same format.

Example:
    >>> wv = WordVectors(["cat", "dog", "car"], torch.tensor([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]]))
    >>> wv.dim, round(wv.similarity("cat", "dog"), 2), wv.most_similar("cat", k=1)[0][0]
    (2, 0.8, 'dog')
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass

import numpy as np
import torch

from embedlab._checks import whole_number
from embedlab.vectors_file import read_vectors

__all__ = ["WordVectors"]


@dataclass
class WordVectors:
    """Trained word vectors: ``vectors[i]`` is the vector of ``words[i]``.

    Attributes:
        words: the vocabulary, most frequent first.
        vectors: float32 tensor of shape (V, D).
        counts: corpus counts of the words (``None`` when unknown, e.g. after :meth:`load`).

    Example:
        >>> wv = WordVectors(["a", "b"], torch.tensor([[1.0, 0.0], [0.0, 1.0]]))
        >>> "a" in wv, len(wv), wv.index("b")
        (True, 2, 1)
    """

    words: list[str]
    vectors: torch.Tensor  # (V, D)
    counts: list[int] | None = None

    def __post_init__(self) -> None:
        self.words = list(self.words)
        if not isinstance(self.vectors, torch.Tensor):
            self.vectors = torch.as_tensor(np.asarray(self.vectors), dtype=torch.float32)
        if self.vectors.dim() != 2 or self.vectors.shape[0] != len(self.words):
            raise ValueError(
                f"need one row per word: {len(self.words)} words but vectors of shape "
                f"{tuple(self.vectors.shape)}; pass vectors of shape (len(words), D)"
            )
        self.vectors = self.vectors.detach().to(torch.float32)
        if self.counts is not None:
            self.counts = [int(c) for c in self.counts]
            if len(self.counts) != len(self.words):
                raise ValueError(f"{len(self.counts)} counts for {len(self.words)} words")
        self._stoi = {w: i for i, w in enumerate(self.words)}
        if len(self._stoi) != len(self.words):
            dup = next(w for w, c in Counter(self.words).items() if c > 1)
            raise ValueError(f"the word {dup!r} appears twice; words must be unique")
        self._unit: torch.Tensor | None = None

    @property
    def dim(self) -> int:
        """The vector size D."""
        return int(self.vectors.shape[1])

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self._stoi

    def __repr__(self) -> str:
        head = ", ".join(self.words[:5])
        return f"WordVectors({len(self)} words x {self.dim} dims, first=[{head}, ...])"

    def index(self, word: str) -> int:
        """The row of ``word``; a ``KeyError`` that says so for unknown words."""
        try:
            return self._stoi[word]
        except (KeyError, TypeError):
            raise KeyError(
                f"{word!r} is not in the vocabulary of {len(self)} words (rare words were "
                "dropped by min_count); check `word in vectors` first"
            ) from None

    def __getitem__(self, word: str) -> torch.Tensor:
        return self.vectors[self.index(word)]  # (D,)

    def unit_vectors(self) -> torch.Tensor:
        """The vectors scaled to length 1 (cached): (V, D). Zero rows stay zero."""
        if self._unit is None or self._unit.shape != self.vectors.shape:
            self._unit = self.vectors / self.vectors.norm(dim=1, keepdim=True).clamp_min(1e-8)
        return self._unit

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two words."""
        unit = self.unit_vectors()
        return float(unit[self.index(a)] @ unit[self.index(b)])

    def most_similar(self, word: str, k: int = 5) -> list[tuple[str, float]]:
        """The ``k`` words closest to ``word`` by cosine similarity, best first (word excluded)."""
        whole_number("k", k, minimum=1)
        unit = self.unit_vectors()
        i = self.index(word)
        sims = unit @ unit[i]  # (V,)
        sims[i] = -float("inf")
        k = min(k, len(self) - 1)
        if k == 0:
            return []
        scores, ids = sims.topk(k)
        return [(self.words[j], float(s)) for s, j in zip(scores.tolist(), ids.tolist())]

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the word2vec text format: a ``V D`` header, then ``word x1 ... xD`` per line.

        gensim reads it with ``KeyedVectors.load_word2vec_format(path, binary=False)``.
        """
        bad = [w for w in self.words if not w or any(ch.isspace() for ch in w)]
        if bad:
            raise ValueError(f"the word2vec text format cannot store words with spaces: {bad[:3]}")
        rows = self.vectors.tolist()
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(f"{len(self)} {self.dim}\n")
            for word, row in zip(self.words, rows):
                handle.write(word + " " + " ".join(f"{x:.6g}" for x in row) + "\n")

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> "WordVectors":
        """Read the word2vec text format (ours or gensim's ``save_word2vec_format``).

        The parsing is :func:`embedlab.vectors_file.parse_vectors` with ``header=True``;
        a malformed file raises its ``VectorsFormatError`` (a ``ValueError``) naming the line.
        """
        words, vectors = read_vectors(path, header=True, missing_hint="check the path or save it first")
        return cls(words, vectors)  # (V, D)
