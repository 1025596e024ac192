"""Count-based word vectors: co-occurrence counts, positive PMI, truncated SVD.

Used in lesson 06 (count-based vs predictive vectors) and lesson 07 (the pretrained vectors
of the sentiment model). The recipe has no learning rate and no epochs:

1. count how often each pair of vocabulary words occurs within ``window`` tokens;
2. turn counts into **positive pointwise mutual information**,
   ``PPMI(w, c) = max(0, log P(w, c) / (P(w) P_alpha(c)))``, where the context
   probabilities are smoothed with ``count ** alpha`` (``alpha = 0.75``, the same trick as
   word2vec's noise distribution);
3. keep the ``dim`` strongest directions of that matrix (a truncated SVD, ``M ≈ U S Vᵀ``)
   and use ``U * S ** power`` as the word vectors (``power = 0.5`` splits the singular values
   between words and contexts).

Levy and Goldberg (2014) showed that skip-gram with negative sampling implicitly factorizes a
shifted PMI matrix, which is why the two families give similar vectors. Everything is
computed in float64 with a fixed starting vector, so the result does not depend on chance,
and the CPU changes it only in the last digits of float64.

Example:
    >>> sentences = [["red", "apple", "green", "apple"], ["red", "car", "green", "car"]] * 3
    >>> wv = train_ppmi_svd(sentences, dim=2, window=1, min_count=1)
    >>> len(wv), wv.dim, wv.vectors.dtype
    (4, 2, torch.float32)
    >>> round(wv.similarity("apple", "car"), 3)
    1.0
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as sla
import torch

from embedlab._checks import in_unit_interval, whole_number
from embedlab.word2vec import count_words
from embedlab.word_vectors import WordVectors

__all__ = ["cooccurrence_counts", "ppmi_matrix", "svd_vectors", "train_ppmi_svd"]


def cooccurrence_counts(
    sentences: Sequence[Sequence[str]], words: Sequence[str], window: int = 5
) -> sp.csr_matrix:
    """``(V, V)`` counts of word pairs at most ``window`` tokens apart within a sentence.

    Tokens outside ``words`` are dropped first (as word2vec drops rare words), so a window
    reaches past them. The matrix is symmetric: each pair is counted in both directions.

    >>> C = cooccurrence_counts([["a", "b", "a", "x", "c"]], ["a", "b", "c"], window=1)
    >>> C.toarray().tolist()
    [[0.0, 2.0, 1.0], [2.0, 0.0, 0.0], [1.0, 0.0, 0.0]]
    """
    whole_number("window", window, minimum=1)
    stoi = {w: i for i, w in enumerate(words)}
    if not stoi:
        raise ValueError("the vocabulary is empty: pass at least one word")
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for sentence in sentences:
        ids = np.array([stoi[w] for w in sentence if w in stoi], dtype=np.int64)  # (n,)
        for distance in range(1, min(window, len(ids) - 1) + 1):
            left, right = ids[:-distance], ids[distance:]  # (n - distance,) each
            rows += [left, right]
            cols += [right, left]
    size = len(stoi)
    if not rows:
        return sp.csr_matrix((size, size), dtype=np.float64)
    r, c = np.concatenate(rows), np.concatenate(cols)
    return sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(size, size), dtype=np.float64)


def ppmi_matrix(counts: sp.spmatrix, alpha: float = 0.75) -> sp.csr_matrix:
    """Positive PMI of a co-occurrence matrix, with context counts smoothed by ``** alpha``.

    >>> C = sp.csr_matrix(np.array([[0.0, 4.0], [4.0, 2.0]]))
    >>> ppmi_matrix(C, alpha=1.0).toarray().round(3).tolist()  # log(0.4 / (0.4 * 0.6)) = 0.511
    [[0.0, 0.511], [0.511, 0.0]]
    """
    in_unit_interval("alpha", alpha, hint="0.75 is the usual choice")
    coo = sp.coo_matrix(counts, dtype=np.float64)
    total = coo.sum()
    if total <= 0:
        raise ValueError("the co-occurrence matrix is all zeros: no two vocabulary words share a window")
    p_word = np.asarray(coo.sum(axis=1)).ravel() / total  # (V,)
    smoothed = np.asarray(coo.sum(axis=0)).ravel() ** alpha  # (V,)
    p_context = smoothed / smoothed.sum()  # (V,)
    pmi = np.log(coo.data / total / (p_word[coo.row] * p_context[coo.col]))  # (nnz,)
    keep = pmi > 0
    return sp.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=coo.shape)


def svd_vectors(matrix: sp.spmatrix, dim: int, power: float = 0.5) -> np.ndarray:
    """``U * S ** power`` from the ``dim`` largest singular values of ``matrix``: ``(V, dim)``.

    Columns are ordered by singular value, largest first, and each column's sign is fixed
    (its largest entry is positive), so the result is the same on every run.

    >>> M = sp.csr_matrix(np.diag([3.0, 2.0, 1.0]))
    >>> (svd_vectors(M, dim=2, power=1.0).round(6) + 0.0).tolist()
    [[3.0, 0.0], [0.0, 2.0], [0.0, 0.0]]
    """
    size = min(matrix.shape)
    whole_number("dim", dim, minimum=1, maximum=size - 1, hint="at most one less than the vocabulary size")
    start = np.full(matrix.shape[0], 1.0 / np.sqrt(matrix.shape[0]))  # fixed, not random
    u, s, _ = sla.svds(sp.csr_matrix(matrix, dtype=np.float64), k=dim, v0=start)  # (V, dim), (dim,)
    order = np.argsort(-s, kind="stable")
    u, s = u[:, order], s[order]
    signs = np.sign(u[np.abs(u).argmax(axis=0), np.arange(dim)])  # (dim,)
    return u * signs * s**power


def train_ppmi_svd(
    sentences: Sequence[Sequence[str]],
    dim: int = 100,
    window: int = 5,
    min_count: int = 5,
    alpha: float = 0.75,
    power: float = 0.5,
) -> WordVectors:
    """Word vectors from PPMI + truncated SVD of a corpus (a list of token lists).

    On the course's Wikipedia sample (about 450k tokens) ``dim=50`` takes a few seconds and
    reaches a WordSim353 Spearman of about 0.5, like skip-gram after 20 epochs.
    """
    words, _ = count_words(sentences, min_count)
    if len(words) < 3:
        raise ValueError(
            f"only {len(words)} words occur {min_count}+ times: lower min_count or pass more text"
        )
    vectors = svd_vectors(ppmi_matrix(cooccurrence_counts(sentences, words, window), alpha), dim, power)
    return WordVectors(words, torch.from_numpy(vectors.astype(np.float32)))
