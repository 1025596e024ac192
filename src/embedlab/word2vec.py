"""Skip-gram with negative sampling (word2vec), trained fast in plain PyTorch.

Introduced in lesson 06 (training word embeddings), where the learner first writes each
piece (pairs, noise distribution, loss, one autograd step) and then uses this trainer for
the full run; lesson 07 reuses the vectors it produces.

How it is fast on a CPU (measured in lesson 06 and ``tests/bench_word2vec.py``):

- the (center, context) pairs of a whole epoch are generated at once with NumPy
  (subsampling, dynamic window, sentence boundaries), then shuffled;
- the gradients of the log-sigmoid loss are written by hand and applied with
  ``index_select`` / ``index_add_`` on batches of a few thousand pairs -- no autograd graph,
  no optimizer object;
- by default each batch shares 16 noise words (weighted K/16), so the noise scores are one
  matrix product; ``shared_negatives=0`` draws K per pair like gensim (about 3x more CPU);
- the learning rate decays linearly to ``min_lr`` like the original word2vec;
- ``workers=2`` runs two threads that update the tables without locks, like gensim's workers
  (faster on two free cores, but no longer bit-for-bit deterministic).

Example:
    >>> sentences = [["the", "cat", "sat", "on", "the", "mat"]] * 50
    >>> wv = train_word2vec(sentences, vector_size=8, min_count=1, epochs=2, seed=0)
    >>> len(wv), wv["cat"].shape
    (5, torch.Size([8]))
    >>> wv.most_similar("cat", k=2)  # doctest: +SKIP
    [('sat', 0.93...), ...]
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

__all__ = [
    "WordVectors",
    "build_vocab",
    "keep_probabilities",
    "noise_distribution",
    "skipgram_pairs",
    "sgns_loss",
    "train_word2vec",
]


# --------------------------------------------------------------------------------------
# The result: words and their vectors
# --------------------------------------------------------------------------------------
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
        if k < 1:
            raise ValueError(f"k must be >= 1, got {k}")
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
        """Read the word2vec text format (ours or gensim's ``save_word2vec_format``)."""
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"no word-vector file at {path}; check the path or save it first")
        with open(path, encoding="utf-8") as handle:
            header = handle.readline().split()
            if len(header) != 2 or not all(h.isdigit() for h in header):
                raise ValueError(
                    f"{path}: the first line must be 'num_words dim' (word2vec text format), "
                    f"got {' '.join(header)[:60]!r}; for GloVe files (no header) add that line"
                )
            num_words, dim = int(header[0]), int(header[1])
            words: list[str] = []
            rows = np.empty((num_words, dim), dtype=np.float32)
            for line_number, line in enumerate(handle, start=2):
                if not line.strip():
                    continue
                parts = line.rstrip("\n").rstrip(" ").split(" ")
                if len(parts) != dim + 1:
                    raise ValueError(
                        f"{path}, line {line_number}: expected a word and {dim} numbers, "
                        f"got {len(parts) - 1} numbers"
                    )
                if len(words) >= num_words:
                    raise ValueError(f"{path}: more rows than the {num_words} the header announces")
                try:
                    rows[len(words)] = [float(x) for x in parts[1:]]
                except ValueError:
                    raise ValueError(f"{path}, line {line_number}: a value is not a number") from None
                words.append(parts[0])
        if len(words) != num_words:
            raise ValueError(f"{path}: the header announces {num_words} words but the file has {len(words)}")
        return cls(words, torch.from_numpy(rows))


# --------------------------------------------------------------------------------------
# The pieces (each one is an exercise in lesson 06; these are the reference versions)
# --------------------------------------------------------------------------------------
def build_vocab(sentences: Iterable[Sequence[str]], min_count: int = 5) -> tuple[list[str], list[int]]:
    """Words seen at least ``min_count`` times, most frequent first (ties alphabetical), with counts."""
    if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
        raise ValueError(f"min_count must be a whole number >= 1, got {min_count!r}")
    counts: Counter[str] = Counter()
    for sentence in sentences:
        if isinstance(sentence, str):
            raise TypeError("each sentence must be a list of tokens, not a string; split it first")
        counts.update(sentence)
    if not counts:
        raise ValueError("the corpus is empty: pass a list of non-empty token lists")
    kept = sorted((w for w, c in counts.items() if c >= min_count), key=lambda w: (-counts[w], w))
    if not kept:
        raise ValueError(
            f"the vocabulary is empty: no word occurs {min_count} or more times in "
            f"{sum(counts.values())} tokens; lower min_count or pass more text"
        )
    return kept, [counts[w] for w in kept]


def keep_probabilities(counts: Sequence[int] | np.ndarray, sample: float = 1e-3) -> np.ndarray:
    """Probability of keeping each occurrence of a word when subsampling frequent words.

    The word2vec C code's rule: with ``t = sample * total``, keep with probability
    ``(sqrt(c / t) + 1) * t / c``, capped at 1. ``sample=0`` keeps everything.
    """
    c = np.asarray(counts, dtype=np.float64)
    if sample <= 0:
        return np.ones_like(c)
    t = sample * c.sum()
    return np.minimum(1.0, (np.sqrt(c / t) + 1.0) * t / c)


def noise_distribution(counts: Sequence[int] | np.ndarray, power: float = 0.75) -> np.ndarray:
    """The negative-sampling distribution: counts ** power, normalized to sum to 1."""
    p = np.asarray(counts, dtype=np.float64) ** power
    return p / p.sum()


def skipgram_pairs(
    ids: np.ndarray,
    sentence_ids: np.ndarray,
    window: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """All (center, context) pairs of a token stream with a dynamic window, vectorized.

    Each center draws its window ``b`` uniformly from ``1..window`` and pairs with the
    tokens up to ``b`` positions on either side that belong to the same sentence.

    Args:
        ids: (N,) token ids of the (already subsampled) stream.
        sentence_ids: (N,) which sentence each token belongs to (non-decreasing).
    Returns:
        centers, contexts: two (P,) int64 arrays.
    """
    n = len(ids)
    reduced = rng.integers(1, window + 1, size=n)  # (N,)
    centers: list[np.ndarray] = []
    contexts: list[np.ndarray] = []
    for d in range(1, min(window, n - 1) + 1):
        same = sentence_ids[:-d] == sentence_ids[d:]  # (N-d,) token i and i+d share a sentence
        right = same & (reduced[:-d] >= d)  # center i, context i+d
        left = same & (reduced[d:] >= d)  # center i+d, context i
        centers += [ids[:-d][right], ids[d:][left]]
        contexts += [ids[d:][right], ids[:-d][left]]
    if not centers:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(centers).astype(np.int64), np.concatenate(contexts).astype(np.int64)


def sgns_loss(v: torch.Tensor, u_pos: torch.Tensor, u_neg: torch.Tensor) -> torch.Tensor:
    """Mean skip-gram negative-sampling loss of a batch.

    ``-log sigmoid(u_pos . v) - sum_k log sigmoid(-u_neg_k . v)``, averaged over the batch.

    Shapes: v (B, D) center vectors, u_pos (B, D) context vectors, u_neg (B, K, D) noise vectors.
    """
    pos = (u_pos * v).sum(-1)  # (B,)
    neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)  # (B, K)
    return -(torch.nn.functional.logsigmoid(pos) + torch.nn.functional.logsigmoid(-neg).sum(-1)).mean()


# --------------------------------------------------------------------------------------
# The trainer
# --------------------------------------------------------------------------------------
_TABLE_SIZE = 10_000_000
_DIVERGED = 1e3  # |vector entry| above this means training blew up (typical entries are < 5)


def _check_args(**kw: float) -> None:
    for name in ("vector_size", "window", "min_count", "epochs", "batch_size", "workers"):
        value = kw[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {value!r}")
    for name in ("negative", "shared_negatives"):
        value = kw[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a whole number >= 0, got {value!r}")
    if not kw["lr"] > 0:
        raise ValueError(f"lr must be > 0, got {kw['lr']!r}")
    if not kw["sample"] >= 0:
        raise ValueError(f"sample must be >= 0 (0 turns subsampling off), got {kw['sample']!r}")


def _sgd_step(
    w_in: torch.Tensor,  # (V, D)
    w_out: torch.Tensor,  # (V, D)
    c: torch.Tensor,  # (B,) center ids
    ctx: torch.Tensor,  # (B,) context ids
    negs: torch.Tensor,  # (B, K) per-pair noise ids, or (S,) noise ids shared by the batch
    alpha: float,
    neg_weight: float,
    want_loss: bool,
    max_row_step: float | None = None,
) -> float:
    """One hand-written SGD step of the SGNS loss; returns the batch's mean loss (or nan).

    ``max_row_step`` is the divergence guard: a row used n times in the batch receives the sum
    of n gradients at once (plain SGD would apply them one after the other, each seeing the
    last); when ``alpha * n`` exceeds ``max_row_step`` that row's step is scaled down to it.
    """
    D = w_in.shape[1]
    B = c.shape[0]
    loss = float("nan")

    def damp(ids: torch.Tensor, weight: float = 1.0) -> torch.Tensor | None:
        """Per-occurrence scale factors (len(ids),) for the rows in ids, or None if none needed."""
        if max_row_step is None:
            return None
        hits = torch.bincount(ids, minlength=w_in.shape[0])  # (V,)
        limit = max_row_step / (alpha * weight)
        if int(hits.max()) <= limit:
            return None
        return (limit / hits.to(torch.float32).clamp_min(limit))[ids]  # (len(ids),)

    v = w_in.index_select(0, c)  # (B, D)
    if negs.dim() == 2:  # every pair has its own K noise words: targets = [context, noise...]
        K = negs.shape[1]
        flat = torch.cat([ctx[:, None], negs], 1).reshape(-1)  # (B*(K+1),)
        u = w_out.index_select(0, flat).view(B, K + 1, D)  # (B, K+1, D)
        scores = torch.einsum("bkd,bd->bk", u, v)  # (B, K+1)
        sign = torch.full((1, K + 1), -1.0)
        sign[0, 0] = 1.0
        if want_loss:
            loss = float(-torch.nn.functional.logsigmoid(scores * sign).sum(1).mean())
        # d(-log sigmoid(sign*s))/ds = -sign * sigmoid(-sign*s); the step is -alpha * that
        g = torch.sigmoid(scores * -sign).mul_(sign * alpha)  # (B, K+1)
        grad_v = torch.einsum("bk,bkd->bd", g, u)  # (B, D)
        scale = damp(flat)
        g_u = g if scale is None else g * scale.view(B, K + 1)
        grad_u = torch.einsum("bk,bd->bkd", g_u, v)  # (B, K+1, D)
        w_out.index_add_(0, flat, grad_u.reshape(-1, D))
    else:  # S noise words shared by the whole batch, each weighted K/S: matrix products
        u_pos = w_out.index_select(0, ctx)  # (B, D)
        u_neg = w_out.index_select(0, negs)  # (S, D)
        pos = (u_pos * v).sum(1)  # (B,)
        neg = v @ u_neg.T  # (B, S)
        if want_loss:
            loss = float(
                -(torch.nn.functional.logsigmoid(pos) + neg_weight * torch.nn.functional.logsigmoid(-neg).sum(1)).mean()
            )
        g_pos = torch.sigmoid(-pos).mul_(alpha)  # (B,)
        g_neg = torch.sigmoid(neg).mul_(-alpha * neg_weight)  # (B, S)
        grad_v = torch.addmm(g_pos[:, None] * u_pos, g_neg, u_neg)  # (B, D)
        scale = damp(ctx)
        w_out.index_add_(0, ctx, (g_pos if scale is None else g_pos * scale)[:, None] * v)
        grad_neg = g_neg.T @ v  # (S, D): each noise row sums B pair-gradients of weight K/S
        scale = damp(negs, weight=B * neg_weight)
        if scale is not None:
            grad_neg = grad_neg * scale[:, None]
        w_out.index_add_(0, negs, grad_neg)
    scale = damp(c)
    w_in.index_add_(0, c, grad_v if scale is None else grad_v * scale[:, None])
    return loss


def train_word2vec(
    sentences: Iterable[Sequence[str]],
    vector_size: int = 100,
    window: int = 5,
    negative: int = 5,
    min_count: int = 5,
    epochs: int = 5,
    sample: float = 1e-3,
    lr: float = 0.025,
    batch_size: int = 2048,
    seed: int = 0,
    progress: bool = False,
    *,
    min_lr: float = 1e-4,
    workers: int = 1,
    shared_negatives: int = 16,
    max_row_step: float | None = None,
    loss_history: list[float] | None = None,
) -> WordVectors:
    """Train skip-gram word vectors with negative sampling; returns the input vectors.

    Same defaults as gensim's ``Word2Vec(sg=1)``. Deterministic for a given ``seed`` when
    ``workers=1``. Every sentence is used in full (gensim silently truncates texts longer
    than 10,000 tokens).

    Args:
        sentences: a list of token lists (a generator is fine; it is read once).
        vector_size: D, the length of each vector.
        window: the largest distance between a center and a context word.
        negative: K, noise words per (center, context) pair.
        min_count: drop words seen fewer times.
        epochs: passes over the corpus.
        sample: subsampling threshold for frequent words (0 = off).
        lr: initial learning rate, decayed linearly to ``min_lr``.
        batch_size: pairs per update (1-4k is fastest on a CPU).
        seed: seeds the NumPy and torch generators used here.
        progress: show a ``tqdm.auto`` bar over batches.
        min_lr: the learning rate at the end of training.
        workers: threads that update the tables at once without locks ("Hogwild", like
            gensim's ``workers``); more than 1 is faster on several cores but not deterministic.
        shared_negatives: S > 0 (the default, 16) draws S noise words per batch, shared by
            all its pairs and each weighted K/S: matrix products instead of B*K gathers, about
            3x less CPU for the same quality on the course corpus. 0 draws K noise words per
            pair, exactly like gensim (slower).
        max_row_step: an optional divergence guard. A word used n times in one batch gets n
            gradients summed into one step; when ``lr * n`` exceeds this, its step is scaled
            down to it. Off (``None``) by default: it costs quality on real text. Independently,
            the batch is capped at 4 pairs per vocabulary word (tiny vocabularies diverge with
            big batches).
        loss_history: if given, the mean loss of every batch is appended (costs a little time).

    Raises:
        ValueError: empty corpus, empty vocabulary after ``min_count``, or a bad argument.
        FloatingPointError: training diverged (lower ``lr`` or ``batch_size``).
    """
    _check_args(
        vector_size=vector_size, window=window, negative=negative, min_count=min_count,
        epochs=epochs, batch_size=batch_size, lr=lr, sample=sample, workers=workers,
        shared_negatives=shared_negatives,
    )
    if isinstance(sentences, str):
        raise TypeError("sentences must be a list of token lists, not one string")
    sentences = list(sentences)
    words, counts = build_vocab(sentences, min_count=min_count)
    stoi = {w: i for i, w in enumerate(words)}

    # the corpus as one stream of ids, with each token's sentence number (rare words dropped)
    id_chunks, sid_chunks = [], []
    for sid, sentence in enumerate(sentences):
        ids = [stoi[t] for t in sentence if t in stoi]
        if ids:
            id_chunks.append(np.asarray(ids, dtype=np.int64))
            sid_chunks.append(np.full(len(ids), sid, dtype=np.int64))
    stream = np.concatenate(id_chunks)  # (N,)
    stream_sid = np.concatenate(sid_chunks)  # (N,)

    rng = np.random.default_rng(seed)
    keep = keep_probabilities(counts, sample)[stream]  # (N,)
    noise = noise_distribution(counts)
    # word i fills a share of the table proportional to noise[i]: drawing a noise word = one randint
    slots = np.maximum(1, np.round(noise * min(_TABLE_SIZE, 1000 * len(words)))).astype(np.int64)
    table = torch.from_numpy(np.repeat(np.arange(len(words)), slots))

    V, D, K = len(words), vector_size, negative
    # with a tiny vocabulary every row would receive dozens of summed gradients per batch
    batch_size = min(batch_size, max(32, 4 * V))
    gen = torch.Generator().manual_seed(seed)
    w_in = (torch.rand(V, D, generator=gen) - 0.5) / D  # (V, D) input (center) vectors
    w_out = torch.zeros(V, D)  # (V, D) output (context) vectors
    S = shared_negatives if K else 0
    neg_weight = K / S if S else 1.0

    # the number of batches, estimated for the linear learning-rate decay
    expected_pairs = float(keep.sum()) * (window + 1) * epochs  # each center: 2 * mean(b) = window + 1 (if fits)
    total_batches = max(1, math.ceil(expected_pairs / batch_size))
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=total_batches, desc="word2vec", unit="batch")
    counter = {"step": 0}
    want_loss = loss_history is not None

    def run(centers: torch.Tensor, contexts: torch.Tensor, batch_ids: range, g: torch.Generator) -> list[float]:
        losses = []
        for b in batch_ids:
            c = centers[b * batch_size : (b + 1) * batch_size]  # (B,)
            ctx = contexts[b * batch_size : (b + 1) * batch_size]  # (B,)
            step = counter["step"]
            counter["step"] += 1
            alpha = max(min_lr, lr - (lr - min_lr) * step / total_batches)
            if S:
                negs = table[torch.randint(len(table), (S,), generator=g)]  # (S,)
            else:
                negs = table[torch.randint(len(table), (len(c), K), generator=g)]  # (B, K)
            losses.append(_sgd_step(w_in, w_out, c, ctx, negs, alpha, neg_weight, want_loss, max_row_step))
            if bar is not None:
                bar.update(1)
        return losses

    gens = [gen] + [torch.Generator().manual_seed(seed + 1000 * w) for w in range(1, workers)]
    pool = None
    if workers > 1:
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(workers)
    try:
        with torch.no_grad():
            for _ in range(epochs):
                kept = rng.random(len(stream)) < keep
                centers, contexts = skipgram_pairs(stream[kept], stream_sid[kept], window, rng)
                order = rng.permutation(len(centers))
                centers_t = torch.from_numpy(centers[order])
                contexts_t = torch.from_numpy(contexts[order])
                n_batches = math.ceil(len(centers_t) / batch_size)
                if pool is None:
                    results = [run(centers_t, contexts_t, range(n_batches), gen)]
                else:  # worker w takes batches w, w + workers, ... (Hogwild updates)
                    futures = [
                        pool.submit(run, centers_t, contexts_t, range(w, n_batches, workers), gens[w])
                        for w in range(workers)
                    ]
                    results = [f.result() for f in futures]
                if loss_history is not None:
                    for batch in range(n_batches):
                        loss_history.append(results[batch % len(results)][batch // len(results)])
    finally:
        if pool is not None:
            pool.shutdown()
        if bar is not None:
            bar.close()
    if not torch.isfinite(w_in).all() or float(w_in.abs().max()) > _DIVERGED:
        raise FloatingPointError(
            f"training diverged (non-finite or huge vectors); lower lr (was {lr}), batch_size "
            f"(was {batch_size}) or use more shared_negatives (was {shared_negatives})"
        )
    return WordVectors(words, w_in, counts)
