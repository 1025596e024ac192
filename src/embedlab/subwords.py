"""Subword pieces for words without a vector: hashed character n-grams and byte-pair merges.

Introduced in lesson 08 (beyond word vectors). A word is written with boundary markers,
``"<where>"``, and cut into its character n-grams (3 to 5 characters by default); each n-gram
is hashed into one of ``buckets`` rows of an ``nn.EmbeddingBag``, and the word's vector is the
mean of its rows. :func:`fit_subwords` fits those rows to known word vectors, so that any
string -- a word held out of the fit, a misspelling -- gets a vector from its spelling.
:func:`bpe_merges` learns the other common split, byte-pair encoding's merges.

The hash is ``zlib.crc32`` of the UTF-8 bytes: the same bucket on every run and machine
(Python's own ``hash`` of a string changes with ``PYTHONHASHSEED``).

Example:
    >>> char_ngrams("cat", 3, 4)
    ['<ca', 'cat', 'at>', '<cat', 'cat>']
    >>> ids, offsets = bag_inputs(["cat", "at"], buckets=100, n_min=3, n_max=3)
    >>> ids.shape, offsets.tolist()
    (torch.Size([5]), [0, 3])
    >>> bpe_merges({"low": 5, "lower": 2, "newest": 6, "widest": 3}, 3)
    [('e', 's'), ('es', 't'), ('l', 'o')]
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import torch
import torch.nn as nn

from embedlab._checks import whole_number

__all__ = ["SubwordVectors", "bag_inputs", "bpe_merges", "bpe_split", "bucket", "char_ngrams", "fit_subwords"]


def char_ngrams(word: str, n_min: int = 3, n_max: int = 5) -> list[str]:
    """The character n-grams of ``"<" + word + ">"``, shortest first, left to right within a length.

    A length longer than the marked word gives no n-gram; repeated n-grams are kept (a bag).
    """
    if not isinstance(word, str) or not word:
        raise ValueError(f"need a non-empty word (a str), got {word!r}")
    whole_number("n_min", n_min, minimum=1)
    whole_number("n_max", n_max, minimum=n_min, hint="n_max must be at least n_min")
    marked = f"<{word}>"
    return [marked[i : i + n] for n in range(n_min, n_max + 1) for i in range(len(marked) - n + 1)]


def bucket(gram: str, buckets: int) -> int:
    """The row of an n-gram: ``crc32(gram) % buckets``, the same on every run."""
    return zlib.crc32(gram.encode("utf-8")) % buckets


def bag_inputs(
    words: Sequence[str], buckets: int, n_min: int = 3, n_max: int = 5
) -> tuple[torch.Tensor, torch.Tensor]:
    """``nn.EmbeddingBag``'s two inputs for ``words``: the flat bucket ids (total,) and the
    offsets (N,) where each word's ids start."""
    whole_number("buckets", buckets, minimum=1)
    ids: list[int] = []
    offsets: list[int] = []
    for word in words:
        offsets.append(len(ids))
        ids.extend(bucket(g, buckets) for g in char_ngrams(word, n_min, n_max))
    return torch.tensor(ids, dtype=torch.long), torch.tensor(offsets, dtype=torch.long)


@dataclass
class SubwordVectors:
    """Word vectors built from spelling: ``mean + bag(word)``.

    ``bag`` is an ``nn.EmbeddingBag(buckets, D, mode="mean")``; ``mean`` (D,) is the mean of the
    vectors it was fitted to, the course's ``"<unk>"`` vector, so a string whose n-grams were
    never seen gets exactly ``"<unk>"``.
    """

    bag: nn.EmbeddingBag
    mean: torch.Tensor  # (D,)
    n_min: int = 3
    n_max: int = 5

    def __call__(self, words: Sequence[str]) -> torch.Tensor:
        """The vectors of ``words``: (N, D)."""
        ids, offsets = bag_inputs(words, self.bag.num_embeddings, self.n_min, self.n_max)
        with torch.no_grad():
            return self.mean + self.bag(ids, offsets)  # (N, D)


def fit_subwords(
    words: Sequence[str],
    targets: torch.Tensor,
    *,
    buckets: int = 2**14,
    steps: int = 60,
    lr: float = 0.5,
    l2: float = 0.3,
    n_min: int = 3,
    n_max: int = 5,
    seed: int = 0,
    progress: Callable[[Iterable[int]], Iterable[int]] | None = None,
) -> tuple[SubwordVectors, list[float]]:
    """Fit n-gram rows so that ``mean + bag(word)`` reproduces ``targets`` (N, D).

    Full-batch SGD with momentum on the squared error, summed over words, plus ``l2 / 2`` times
    the squared rows: the penalty keeps rare n-grams small, so that a new word's vector is not
    dominated by n-grams the fit bent to one training word. Returns the model and the loss per
    step. ``progress`` wraps the step range (for example ``tqdm``).
    """
    if targets.dim() != 2 or targets.shape[0] != len(words):
        raise ValueError(f"need one target row per word: {len(words)} words, targets {tuple(targets.shape)}")
    whole_number("steps", steps, minimum=0)
    torch.manual_seed(seed)
    ids, offsets = bag_inputs(words, buckets, n_min, n_max)
    targets = targets.detach().to(torch.float32)
    mean = targets.mean(dim=0)  # (D,)
    bag = nn.EmbeddingBag(buckets, targets.shape[1], mode="mean")
    nn.init.zeros_(bag.weight)  # start at "<unk>" for every word
    opt = torch.optim.SGD(bag.parameters(), lr=lr, momentum=0.9)
    losses: list[float] = []
    for _ in progress(range(steps)) if progress else range(steps):
        opt.zero_grad()
        pred = mean + bag(ids, offsets)  # (N, D)
        loss = ((pred - targets) ** 2).sum() / 2 + l2 / 2 * (bag.weight**2).sum()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return SubwordVectors(bag, mean, n_min, n_max), losses


def _merge(symbols: tuple[str, ...], pair: tuple[str, str]) -> tuple[str, ...]:
    out: list[str] = []
    i = 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


def bpe_merges(word_counts: Mapping[str, int], num_merges: int) -> list[tuple[str, str]]:
    """Learn byte-pair-encoding merges from word counts.

    Every word starts as its characters; each round counts adjacent symbol pairs over all
    words (weighted by the word's count) and merges the most frequent pair everywhere, ties
    broken by the pair's alphabetical order. Stops early when no pair is left.
    """
    whole_number("num_merges", num_merges, minimum=0)
    split = {word: tuple(word) for word in word_counts}
    merges: list[tuple[str, str]] = []
    for _ in range(num_merges):
        pairs: Counter[tuple[str, str]] = Counter()
        for word, symbols in split.items():
            for pair in zip(symbols, symbols[1:]):
                pairs[pair] += word_counts[word]
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        split = {word: _merge(symbols, best) for word, symbols in split.items()}
    return merges


def bpe_split(word: str, merges: Sequence[tuple[str, str]]) -> list[str]:
    """Split ``word`` by applying ``merges`` in the order they were learned.

    >>> bpe_split("lowest", [("e", "s"), ("es", "t"), ("l", "o")])
    ['lo', 'w', 'est']
    """
    symbols = tuple(word)
    for pair in merges:
        symbols = _merge(symbols, pair)
    return list(symbols)
