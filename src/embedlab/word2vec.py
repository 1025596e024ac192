"""Skip-gram with negative sampling (word2vec), trained fast in plain PyTorch.

Introduced in lesson 06 (training word embeddings). The learner writes each piece as an
exercise (the subsampling keep probability, the (center, context) pairs, the noise
distribution, the SGNS loss, and its gradient by hand, checked against finite differences);
the lesson then trains one epoch on a slice with autograd and :func:`sgns_loss`, and the full
run with :func:`train_word2vec`, which applies that hand-derived gradient itself. No other
lesson uses this module's vectors (lesson 07's pretrained vectors come from
:mod:`embedlab.ppmi`). The result is a :class:`embedlab.word_vectors.WordVectors` (also
importable from here, as lesson 06 does).

How it is fast on a CPU (measured side by side with gensim in ``tools/bench_word2vec.py``):

- each epoch's data is laid out at once with NumPy/torch: subsampling, every center's dynamic
  window, and the token stream cut into groups of 32 consecutive center words;
- a group is scored against the 32 + 2 * window words around it (which hold all its context
  words) and 16 noise words shared by the group, in one batched matrix product: (G, 32, D) @
  (G, D, J). Scores of non-pairs get weight 0; each center gives each shared noise word the
  weight K * pairs / 16, so on average it is word2vec's K noise words per pair;
- the SGNS gradient is written by hand (three ``bmm`` calls, no autograd graph, no optimizer)
  and applied with ``index_select`` / ``index_add_``; the learning rate decays linearly to
  ``min_lr`` like the original word2vec;
- ``workers=2`` runs two threads that update the tables without locks, like gensim's workers
  (torch releases the GIL inside its kernels; faster, but no longer bit-for-bit deterministic).

Lesson 06's full run uses :data:`LESSON_06_RUN` and prints :func:`run_summary`'s line;
``python -m tools.bench_word2vec_lesson`` trains that run with three seeds. Instead of a
live gensim run the lesson shows the last published benchmark, :func:`benchmark_results`
(``python -m tools.bench_word2vec --publish`` writes it).

Example:
    >>> sentences = [["the", "cat", "sat", "on", "the", "mat"]] * 50
    >>> wv = train_word2vec(sentences, vector_size=8, min_count=1, epochs=2, seed=0)
    >>> len(wv), wv["cat"].shape
    (5, torch.Size([8]))
    >>> len(wv.most_similar("cat", k=2))  # the two nearest words, with their cosines
    2
"""

from __future__ import annotations

import importlib.resources
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from embedlab._checks import positive_number, whole_number
from embedlab.word_vectors import WordVectors

__all__ = [
    "DivergenceError",
    "LESSON_06_RUN",
    "WordVectors",
    "benchmark_results",
    "count_words",
    "keep_probabilities",
    "noise_distribution",
    "skipgram_pairs",
    "run_summary",
    "sgns_loss",
    "train_word2vec",
]


# --------------------------------------------------------------------------------------
# The pieces (each one is an exercise in lesson 06; these are the reference versions)
# --------------------------------------------------------------------------------------
def count_words(sentences: Iterable[Sequence[str]], min_count: int = 5) -> tuple[list[str], list[int]]:
    """Words seen at least ``min_count`` times, most frequent first (ties alphabetical), with counts.

    Not lesson 01's ``build_vocab`` (a list with ``<unk>`` first): lesson 06's vocabulary has no
    special tokens, and the counts come with it.
    """
    whole_number("min_count", min_count, minimum=1)
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
_GROUP = 32  # consecutive center words that share one set of noise words
#: |u . v| above this means training has blown up. Healthy runs reach a few hundred (a few
#: repetitive words get long vectors, and saturated scores teach nothing), even 1e4 at lr=0.05;
#: a blow-up grows geometrically, so it passes 1e8 a few steps before it would overflow to nan.
_MAX_SCORE = 1e8


class DivergenceError(FloatingPointError, ValueError):
    """Training blew up (scores or vectors no longer finite numbers); lower the learning rate.

    A ``FloatingPointError`` and a ``ValueError``, so ``except`` clauses for either catch it.
    """


def _check_args(**kw: float) -> None:
    for name in ("vector_size", "window", "min_count", "epochs", "batch_size", "workers"):
        whole_number(name, kw[name], minimum=1)
    for name in ("negative", "shared_negatives"):
        whole_number(name, kw[name], minimum=0)
    for name in ("lr", "min_lr"):
        positive_number(name, kw[name])
    if kw["min_lr"] > kw["lr"]:
        raise ValueError(
            f"min_lr ({kw['min_lr']}) must not exceed lr ({kw['lr']}): the rate decays from lr to min_lr"
        )
    positive_number("sample", kw["sample"], allow_zero=True, hint="0 turns subsampling off")
    if kw["max_row_step"] is not None:
        positive_number("max_row_step", kw["max_row_step"], hint="or None for no guard")


@dataclass
class _EpochLayout:
    """One epoch of training data cut into groups of T consecutive center words.

    Each group is scored against its J = C + S *targets*: the C = T + 2W words around it
    (they hold every context word of its centers) and S noise words drawn for the group.
    """

    centers: torch.Tensor  # (G*T,) center ids, group after group (padding: id 0 with no pairs)
    targets: torch.Tensor  # (G*J,) for each group its C neighbouring ids, then its S noise ids
    pairs: torch.Tensor  # (G, T, C) float: 1 where (center t, neighbour c) is a skip-gram pair
    noise_weights: torch.Tensor  # (G, T, 1) weight of each noise score: K * pairs of the center / S

    @property
    def num_pairs(self) -> int:
        return int(self.pairs.sum())

    def labels_and_weights(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The (G, T, J) labels (1 = real pair) and loss weights the step uses, spelled out."""
        G, T, C = self.pairs.shape
        S = self.targets.numel() // G - C
        labels = torch.cat([self.pairs, torch.zeros(G, T, S)], 2)  # (G, T, J)
        weights = torch.cat([self.pairs, self.noise_weights.expand(G, T, S)], 2)  # (G, T, J)
        return labels, weights


def _epoch_layout(
    ids: np.ndarray,
    sentence_ids: np.ndarray,
    reduced: np.ndarray,
    noise_ids: np.ndarray,
    window: int,
    group: int,
    negative: int,
) -> _EpochLayout:
    """Cut a (subsampled) stream into groups of ``group`` centers with their pairs and noise words.

    The pairs are exactly :func:`skipgram_pairs`'s: center i pairs with the tokens up to
    ``reduced[i]`` positions away in the same sentence. Each center gets every one of the
    group's S noise words (``noise_ids``, shape (G, S)) with weight ``pairs * K / S``: on
    average the K noise words per pair of word2vec, at a fraction of the draws.

    Args:
        ids, sentence_ids, reduced: (N,) token ids, their sentence numbers, window draws in 1..W.
        noise_ids: (G, S) noise ids, G = ceil(N / group); S may be 0 (no negative sampling).
    """
    W, T = window, group
    C = T + 2 * W
    n = len(ids)
    G, S = noise_ids.shape
    if G != math.ceil(n / T):
        raise ValueError(f"need ceil({n} / {T}) = {math.ceil(n / T)} rows of noise ids, got {G}")
    # the stream with W pads on the left and W + padding on the right (sentence -1 never matches)
    ext_ids = torch.zeros(G * T + 2 * W, dtype=torch.int64)
    ext_ids[W : W + n] = torch.as_tensor(ids, dtype=torch.int64)
    ext_sid = torch.full((G * T + 2 * W,), -1, dtype=torch.int64)
    ext_sid[W : W + n] = torch.as_tensor(sentence_ids, dtype=torch.int64)
    b = torch.zeros(G * T, dtype=torch.int64)  # padded centers get window 0: no pairs
    b[:n] = torch.as_tensor(reduced, dtype=torch.int64)
    near = ext_ids.unfold(0, C, T)  # (G, C) the words around group g (a view)
    # in_window[b, t, c] = 1 if neighbour c is 1..b positions from center t (center t sits at W + t)
    distance = (torch.arange(C)[None, :] - W - torch.arange(T)[:, None]).abs()  # (T, C)
    in_window = ((distance >= 1) & (distance <= torch.arange(W + 1)[:, None, None])).float()  # (W+1, T, C)
    pairs = in_window[b.view(G, T), torch.arange(T)]  # (G, T, C) one row lookup per center
    # groups that straddle a sentence boundary (or the padding) lose the pairs that cross it
    near_sid = ext_sid.unfold(0, C, T)  # (G, C)
    mixed = (near_sid != near_sid[:, :1]).any(1).nonzero().squeeze(1)  # (M,) a few groups
    same = near_sid[mixed][:, None, :] == near_sid[mixed][:, W : W + T, None]  # (M, T, C)
    pairs[mixed] *= same
    noise_weights = pairs.sum(2, keepdim=True) * (negative / S if S else 0.0)  # (G, T, 1)
    targets = torch.cat([near, torch.as_tensor(noise_ids, dtype=torch.int64)], 1)  # (G, J)
    return _EpochLayout(near[:, W : W + T].reshape(-1), targets.reshape(-1), pairs, noise_weights)


def _sgns_group_step(
    w_in: torch.Tensor,  # (V, D) center vectors
    w_out: torch.Tensor,  # (V, D) context vectors
    centers: torch.Tensor,  # (G*T,)
    targets: torch.Tensor,  # (G*J,)
    pairs: torch.Tensor,  # (G, T, C)
    noise_weights: torch.Tensor,  # (G, T, 1)
    alpha: float,
    want_loss: bool = False,
    max_row_step: float | None = None,
) -> tuple[float, float]:
    """One hand-written SGD step on the weighted SGNS loss of G groups; updates the tables in place.

    With ``x_tj = v_t . u_j`` (center t, target j) and s = sigmoid, a group's loss is
    ``L = -sum_tc p_tc log s(x_tc) - sum_tk n_t log s(-x_tk)`` over its C neighbours c (p = pairs,
    1 for a real pair) and S noise words k (n = noise_weights). Its derivative is
    ``dL/dx_tc = p_tc (s(x_tc) - 1)`` and ``dL/dx_tk = n_t s(x_tk)``; call that matrix e (G, T, J).
    The SGD step then is ``v_t -= alpha * sum_j e_tj u_j`` and ``u_j -= alpha * sum_t e_tj v_t``,
    both with the vectors from before the step. A row used several times gets the sum of its steps.

    Returns the summed loss (nan unless ``want_loss``) and the largest ``|x_tj|``.
    """
    G, T, C = pairs.shape
    J = targets.numel() // G
    D = w_in.shape[1]
    v = w_in.index_select(0, centers).view(G, T, D)  # (G, T, D)
    u = w_out.index_select(0, targets).view(G, J, D)  # (G, J, D)
    x = torch.bmm(v, u.transpose(1, 2))  # (G, T, J) every center of a group against its targets
    low, high = torch.aminmax(x)  # one pass; nan if x holds a nan
    largest = max(-float(low), float(high))
    loss = float("nan")
    if want_loss:
        pair_part = (pairs * F.logsigmoid(x[:, :, :C])).sum()  # real pairs: -log s(x)
        noise_part = (noise_weights * F.logsigmoid(-x[:, :, C:])).sum()  # noise words: -log s(-x)
        loss = float(-pair_part - noise_part)
    e = x.sigmoid_()  # (G, T, J), in place: x is not needed any more
    e[:, :, :C].sub_(1.0).mul_(pairs)  # neighbours: p (s(x) - 1)
    e[:, :, C:].mul_(noise_weights)  # noise words: n s(x)
    e.mul_(-alpha)  # (G, T, J) the step is -alpha * e
    step_v = torch.bmm(e, u).view(G * T, D)  # (G*T, D) -alpha sum_j e_tj u_j
    step_u = torch.bmm(e.transpose(1, 2), v).view(G * J, D)  # (G*J, D) -alpha sum_t e_tj v_t
    if max_row_step is not None:
        # a row used n times (counting weights) gets n steps at once; cap alpha * n at max_row_step
        V = w_in.shape[0]
        weights = torch.cat([pairs, noise_weights.expand(G, T, J - C)], 2)  # (G, T, J)
        n_in = torch.bincount(centers, weights=weights.sum(2).reshape(-1), minlength=V)  # (V,)
        n_out = torch.bincount(targets, weights=weights.sum(1).reshape(-1), minlength=V)  # (V,)
        step_v *= (max_row_step / (alpha * n_in[centers])).clamp_(max=1.0).to(step_v.dtype)[:, None]
        step_u *= (max_row_step / (alpha * n_out[targets])).clamp_(max=1.0).to(step_u.dtype)[:, None]
    # scatter_add_ with the ids repeated along D does what index_add_ does, about 3x faster on a CPU
    w_in.scatter_add_(0, centers[:, None].expand(G * T, D), step_v)
    w_out.scatter_add_(0, targets[:, None].expand(G * J, D), step_u)
    return loss, largest


def train_word2vec(
    sentences: Iterable[Sequence[str]],
    vector_size: int = 100,
    window: int = 5,
    negative: int = 5,
    min_count: int = 5,
    epochs: int = 5,
    sample: float = 1e-3,
    lr: float = 0.025,
    batch_size: int = 256,
    seed: int = 0,
    progress: bool = False,
    *,
    min_lr: float = 1e-4,
    workers: int = 1,
    shared_negatives: int = 16,
    max_row_step: float | None = None,
    loss_history: list[float] | None = None,
) -> WordVectors:
    """Train skip-gram word vectors with negative sampling; returns the input (center) vectors.

    Same defaults as gensim's ``Word2Vec(sg=1)``. Every sentence is used in full (gensim
    silently truncates texts longer than 10,000 tokens).

    How it works: each epoch subsamples the corpus, draws every center's window, and cuts the
    token stream into groups of 32 consecutive center words (:func:`_epoch_layout`). A group
    is scored against the words around it and 16 noise words with one matrix product, and
    the SGNS gradient is applied by hand (:func:`_sgns_group_step`); ``batch_size`` centers
    (several groups) make one update.

    Args:
        sentences: a list of token lists (a generator is fine; it is read once).
        vector_size: D, the length of each vector.
        window: the largest distance between a center and a context word.
        negative: K, noise words per (center, context) pair (as a weight, see shared_negatives).
        min_count: drop words seen fewer times.
        epochs: passes over the corpus.
        sample: subsampling threshold for frequent words (0 = off).
        lr: initial learning rate, decayed linearly to ``min_lr`` (like word2vec).
        batch_size: center words per update (about 6 pairs each). Larger batches sum more
            gradients into one step: faster, but less stable at high ``lr``.
        seed: seeds every random draw (subsampling, windows, noise words, initial vectors).
        progress: show a ``tqdm.auto`` bar over batches.
        min_lr: the learning rate at the end of training.
        workers: threads that update the tables at once without locks ("Hogwild", like
            gensim's ``workers``). ``workers=1`` is deterministic: the same seed gives the same
            vectors bit for bit. ``workers=2`` is faster on two free cores but gives that up:
            which update lands first depends on thread timing, so vectors differ from run to
            run (by as much as two seeds do) and a rare update can be lost.
        shared_negatives: S, noise words drawn per group of 32 centers; every center of the
            group is contrasted with all S, each weighted ``K * pairs / S``. 0 draws K noise
            words per center instead (groups of one center: slower).
        max_row_step: an optional extra guard for high learning rates: a row used n times
            in one update (counting weights) gets n gradients summed; when ``lr * n`` exceeds
            this, its step is scaled down to it. Off (``None``) by default.
        loss_history: if given, the mean loss per pair of every batch is appended.

    Raises:
        ValueError: empty corpus, empty vocabulary after ``min_count``, or a bad argument.
        DivergenceError: training blew up (a ``ValueError`` and ``FloatingPointError``). The
            scores are checked at every step, so it stops at once instead of returning nan;
            lower ``lr`` or ``batch_size``, or set ``max_row_step``.
    """
    _check_args(
        vector_size=vector_size, window=window, negative=negative, min_count=min_count,
        epochs=epochs, batch_size=batch_size, lr=lr, min_lr=min_lr, sample=sample, workers=workers,
        shared_negatives=shared_negatives, max_row_step=max_row_step,
    )
    if isinstance(sentences, str):
        raise TypeError("sentences must be a list of token lists, not one string")
    sentences = list(sentences)
    words, counts = count_words(sentences, min_count=min_count)
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

    V, D, K, W = len(words), vector_size, negative, window
    # groups of T centers share S noise words; S = 0 means K noise words per center (groups of one).
    # A tiny vocabulary gets smaller groups: its few rows would collect too many summed steps.
    T, S = (min(_GROUP, max(1, V // 4)), shared_negatives) if shared_negatives else (1, K)
    S = S if K else 0
    rng = np.random.default_rng(seed)
    keep = keep_probabilities(counts, sample)[stream]  # (N,)
    # word i fills a share of the table proportional to its noise probability: a draw = one index
    slots = np.maximum(1, np.round(noise_distribution(counts) * min(_TABLE_SIZE, 1000 * V))).astype(np.int64)
    table = np.repeat(np.arange(V), slots)
    w_in = (torch.rand(V, D, generator=torch.Generator().manual_seed(seed)) - 0.5) / D  # (V, D)
    w_out = torch.zeros(V, D)  # (V, D)

    # with a tiny vocabulary every row would receive dozens of summed gradients per batch
    groups_per_batch = max(1, min(batch_size, max(T, V // 2)) // T)
    expected_centers = float(keep.sum())  # per epoch, for the linear learning-rate decay
    total_batches = max(1, math.ceil(expected_centers / (T * groups_per_batch))) * epochs
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=total_batches, desc="word2vec", unit="batch")
    want_loss = loss_history is not None

    def run(layout: _EpochLayout, batches: range, centers_before: float) -> list[float]:
        losses = []
        G = layout.pairs.shape[0]
        J = layout.targets.numel() // G
        for b in batches:
            lo, hi = b * groups_per_batch, min((b + 1) * groups_per_batch, G)
            progress_share = min(1.0, (centers_before + lo * T) / (expected_centers * epochs))
            alpha = lr - (lr - min_lr) * progress_share
            pairs = layout.pairs[lo:hi]
            loss, largest = _sgns_group_step(
                w_in, w_out, layout.centers[lo * T : hi * T], layout.targets[lo * J : hi * J],
                pairs, layout.noise_weights[lo:hi], alpha, want_loss, max_row_step)
            if not largest < _MAX_SCORE:
                raise DivergenceError(
                    f"training diverged at learning rate {alpha:.4g} (lr={lr}): a score u.v reached "
                    f"{largest:.3g}; lower lr or batch_size (was {batch_size}), or pass max_row_step=1.0"
                )
            if want_loss:
                losses.append(loss / max(1.0, float(pairs.sum())))
            if bar is not None:
                bar.update(1)
        return losses

    pool = None
    if workers > 1:
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(workers)
    try:
        with torch.no_grad():
            centers_before = 0.0
            for _ in range(epochs):
                kept = rng.random(len(stream)) < keep
                n = int(kept.sum())
                reduced = rng.integers(1, W + 1, size=n)  # (n,) each center's window
                noise_ids = table[rng.integers(len(table), size=(math.ceil(n / T), S))]  # (G, S)
                layout = _epoch_layout(stream[kept], stream_sid[kept], reduced, noise_ids, W, T, K)
                n_batches = math.ceil(layout.pairs.shape[0] / groups_per_batch)
                if pool is None:
                    results = [run(layout, range(n_batches), centers_before)]
                else:  # worker w takes batches w, w + workers, ... (Hogwild updates)
                    futures = [pool.submit(run, layout, range(w, n_batches, workers), centers_before)
                               for w in range(workers)]
                    results = [f.result() for f in futures]
                if loss_history is not None:
                    for batch in range(n_batches):
                        loss_history.append(results[batch % len(results)][batch // len(results)])
                centers_before += n
    finally:
        if pool is not None:
            pool.shutdown()
        if bar is not None:
            bar.close()
    if not torch.isfinite(w_in).all():
        raise DivergenceError(f"training diverged (non-finite vectors); lower lr (was {lr})")
    return WordVectors(words, w_in, counts)


# --------------------------------------------------------------------------------------
# Lesson 06's full run, its one-line report, and the published benchmark
# --------------------------------------------------------------------------------------
#: The settings of lesson 06's full run: gensim's skip-gram defaults, except a stronger
#: subsampling (``sample=1e-4`` drops more occurrences of frequent words, so an epoch is
#: shorter) and more epochs, on two threads. ``python -m tools.bench_word2vec_lesson`` trains
#: it with three seeds and reports the median WordSim353 Spearman.
LESSON_06_RUN: dict[str, Any] = {
    "vector_size": 100, "window": 5, "negative": 5, "min_count": 5, "sample": 1e-4, "epochs": 24,
    "workers": 2,
}


def run_summary(epochs: int, seconds: float, ws353: float, simlex: float, analogies: float) -> str:
    """The one-line report of a training run, as lesson 06 prints it.

    ``ws353`` and ``simlex`` are Spearman correlations, ``analogies`` an accuracy in [0, 1].

    >>> run_summary(16, 7.94, 0.5123, 0.2571, 0.0312)
    'word2vec (course trainer, 16 epochs, 7.9 s): WS353 0.51  SimLex 0.26  analogies 3.1%'
    """
    whole_number("epochs", epochs, minimum=1)
    if not 0.0 <= analogies <= 1.0:
        raise ValueError(f"analogies is an accuracy between 0 and 1, got {analogies}")
    return (f"word2vec (course trainer, {epochs} epochs, {seconds:.1f} s): WS353 {ws353:.2f}  "
            f"SimLex {simlex:.2f}  analogies {analogies:.1%}")


def benchmark_results() -> tuple[dict[str, Any], bytes]:
    """The last published ``tools/bench_word2vec.py`` result and its figure (PNG bytes).

    The files live in the package (``embedlab/benchmarks/word2vec.json`` and ``.png``), so
    lesson 06 can show them offline; ``python -m tools.bench_word2vec --publish`` rewrites them.
    The dict holds ``summary`` (one entry per system and row: ``system``, ``epochs``, median
    ``seconds``, ``ws353``, ``simlex``, ``analogy``, ...), ``runs`` and the machine's details.

    >>> results, png = benchmark_results()
    >>> sorted({row["system"] for row in results["summary"]}), png[:4] == b"\\x89PNG"
    (['embedlab', 'gensim'], True)
    """
    folder = importlib.resources.files("embedlab").joinpath("benchmarks")
    try:
        results = json.loads(folder.joinpath("word2vec.json").read_text(encoding="utf-8"))
        png = folder.joinpath("word2vec.png").read_bytes()
    except FileNotFoundError as err:
        raise FileNotFoundError(
            f"no published word2vec benchmark in {folder}: run `python -m tools.bench_word2vec --publish`"
        ) from err
    return results, png
