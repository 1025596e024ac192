"""Evaluating word vectors: word-pair similarity, analogies and nearest neighbours.

Introduced in lesson 06 (training word embeddings). Works with any
:class:`embedlab.word_vectors.WordVectors`. Every score comes with its *coverage* -- how many
of the benchmark's items the vocabulary could answer -- because a small corpus misses many
words, and a score on 40 % of a benchmark is not comparable with one on 100 %.

The rules follow gensim's ``evaluate_word_pairs`` / ``evaluate_word_analogies`` (lower-cased
words, pairs or questions with an unknown word skipped) so the numbers can be compared.

Example (toy vectors; lesson 06 evaluates vectors trained on the Wikipedia sample):
    >>> wv = WordVectors(["cat", "tiger", "car"], torch.tensor([[1.0, 0.2], [0.9, 0.3], [0.0, 1.0]]))
    >>> nearest_neighbours(wv, ["cat", "lion"], k=1)  # doctest: +ELLIPSIS
    {'cat': [('tiger', 0.99...)]}
    >>> score = word_pair_similarity(wv, "wordsim353")  # covers (tiger, cat) and (tiger, tiger)
    >>> score.used, score.total, round(score.spearman, 3)
    (2, 353, 1.0)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from embedlab._checks import whole_number
from embedlab.data import DATA_FILES, datapath
from embedlab.word_vectors import WordVectors

__all__ = [
    "PairScore",
    "AnalogyScore",
    "load_word_pairs",
    "load_analogies",
    "word_pair_similarity",
    "analogy_accuracy",
    "nearest_neighbours",
    "spearman",
]


@dataclass(frozen=True)
class PairScore:
    """Spearman correlation between cosine similarities and human ratings, with coverage."""

    spearman: float
    used: int
    total: int

    @property
    def coverage(self) -> float:
        """Fraction of the benchmark's pairs that could be scored."""
        return self.used / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"Spearman {self.spearman:.3f} on {self.used}/{self.total} pairs ({self.coverage:.0%})"


@dataclass(frozen=True)
class AnalogyScore:
    """Accuracy on ``a : b :: c : ?`` questions, with coverage."""

    correct: int
    used: int
    total: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.used if self.used else 0.0

    @property
    def coverage(self) -> float:
        return self.used / self.total if self.total else 0.0

    def __str__(self) -> str:
        return (
            f"accuracy {self.accuracy:.3f} ({self.correct}/{self.used}) on "
            f"{self.used}/{self.total} questions ({self.coverage:.0%})"
        )


def _resolve(source: str | os.PathLike[str]) -> Path:
    """A short data-set name (``"wordsim353"``) or a path to a file."""
    if isinstance(source, str) and source in DATA_FILES:
        return datapath(source)
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(
            f"no benchmark file at {path}; pass a path or one of: {', '.join(sorted(DATA_FILES))}"
        )
    return path


def load_word_pairs(source: str | os.PathLike[str]) -> list[tuple[str, str, float]]:
    """Read a tab-separated ``word1 word2 score`` file (``#`` lines are comments).

    ``source`` is ``"wordsim353"``, ``"simlex999"`` or a path. Words are lower-cased.
    """
    path = _resolve(source)
    pairs: list[tuple[str, str, float]] = []
    with open(path, encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            try:
                pairs.append((parts[0].lower(), parts[1].lower(), float(parts[2])))
            except (IndexError, ValueError):
                raise ValueError(
                    f"{path}, line {line_number}: expected 'word1<TAB>word2<TAB>score', "
                    f"got {line.strip()[:60]!r}"
                ) from None
    if not pairs:
        raise ValueError(f"{path} holds no word pairs")
    return pairs


def load_analogies(
    source: str | os.PathLike[str] = "analogies",
) -> dict[str, list[tuple[str, str, str, str]]]:
    """Read the word2vec analogy file: ``: section`` headers, then ``a b c d`` lines (lower-cased)."""
    path = _resolve(source)
    sections: dict[str, list[tuple[str, str, str, str]]] = {}
    current: list[tuple[str, str, str, str]] | None = None
    with open(path, encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if line.startswith(":"):
                current = sections.setdefault(line[1:].strip(), [])
                continue
            parts = line.lower().split()
            if not parts:
                continue
            if current is None or len(parts) != 4:
                raise ValueError(f"{path}, line {line_number}: expected ': section' or four words")
            current.append((parts[0], parts[1], parts[2], parts[3]))
    if not sections:
        raise ValueError(f"{path} holds no analogy questions")
    return sections


def _average_ranks(values: np.ndarray) -> np.ndarray:
    """1-based ranks of ``values``; tied values share the mean of the ranks they span."""
    unique, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    last = np.cumsum(counts)  # rank of the last copy of each distinct value
    return (last - (counts - 1) / 2.0)[inverse]


def spearman(x: list[float] | np.ndarray, y: list[float] | np.ndarray) -> float:
    """Spearman's rank correlation of two equally long sequences (ties get average ranks).

    The same number as ``scipy.stats.spearmanr(x, y).statistic``, without importing SciPy's
    statistics module (over a second on a laptop, for one formula). ``nan`` when either side
    holds a ``nan`` or is constant.

    >>> spearman([1.0, 2.0, 3.0, 4.0], [10, 20, 30, 40]), spearman([1, 2, 3], [3, 2, 1])
    (1.0, -1.0)
    >>> round(spearman([1, 2, 2, 3], [1, 3, 2, 4]), 4)  # a tie on the left
    0.9487
    """
    a, b = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(
            f"spearman needs two 1-D sequences of the same length, got shapes {a.shape} and {b.shape}"
        )
    if np.isnan(a).any() or np.isnan(b).any():
        return float("nan")
    ra, rb = _average_ranks(a), _average_ranks(b)
    ra, rb = ra - ra.mean(), rb - rb.mean()
    denominator = np.sqrt((ra * ra).sum() * (rb * rb).sum())
    return float((ra * rb).sum() / denominator) if denominator > 0 else float("nan")


def word_pair_similarity(vectors: WordVectors, source: str | os.PathLike[str] = "wordsim353") -> PairScore:
    """Spearman correlation of cosine similarity with human scores, over the pairs in the vocabulary."""
    pairs = load_word_pairs(source)
    ours, human = [], []
    for a, b, score in pairs:
        if a in vectors and b in vectors:
            ours.append(vectors.similarity(a, b))
            human.append(score)
    if len(ours) < 2:
        return PairScore(float("nan"), len(ours), len(pairs))
    return PairScore(spearman(ours, human), len(ours), len(pairs))


def analogy_accuracy(
    vectors: WordVectors,
    source: str | os.PathLike[str] = "analogies",
    restrict_vocab: int = 300_000,
    sections: list[str] | None = None,
) -> AnalogyScore:
    """3CosAdd analogies (``b - a + c``, the three question words excluded) on the vocabulary.

    Only the ``restrict_vocab`` most frequent words are candidates and questions using other
    words are skipped, as in gensim's ``evaluate_word_analogies`` (whose default is also
    300,000: on the course corpus every word of the vocabulary takes part). ``sections``
    limits the evaluation to named sections.
    """
    whole_number("restrict_vocab", restrict_vocab, minimum=1)
    data = load_analogies(source)
    if sections is not None:
        missing = [s for s in sections if s not in data]
        if missing:
            raise KeyError(f"unknown analogy sections {missing}; choose from {list(data)}")
        data = {s: data[s] for s in sections}
    n = min(restrict_vocab, len(vectors))
    unit = vectors.unit_vectors()[:n]  # (n, D)
    stoi = {w: i for i, w in enumerate(vectors.words[:n])}
    questions = [q for qs in data.values() for q in qs]
    usable = [tuple(stoi[w] for w in q) for q in questions if all(w in stoi for w in q)]
    correct = 0
    for start in range(0, len(usable), 1024):
        ids = torch.tensor(usable[start : start + 1024])  # (Q, 4)
        target = unit[ids[:, 1]] - unit[ids[:, 0]] + unit[ids[:, 2]]  # (Q, D)
        sims = target @ unit.T  # (Q, n)
        sims.scatter_(1, ids[:, :3], -float("inf"))
        correct += int((sims.argmax(1) == ids[:, 3]).sum())
    return AnalogyScore(correct, len(usable), len(questions))


def nearest_neighbours(
    vectors: WordVectors, words: list[str], k: int = 5
) -> dict[str, list[tuple[str, float]]]:
    """The ``k`` nearest neighbours of each word that is in the vocabulary (others are skipped)."""
    return {w: vectors.most_similar(w, k) for w in words if w in vectors}
