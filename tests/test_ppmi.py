"""embedlab.ppmi: count-based word vectors, checked against plain-Python definitions."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
import scipy.sparse as sp

from embedlab import ppmi
from embedlab.ppmi import cooccurrence_counts, ppmi_matrix, svd_vectors, train_ppmi_svd


def test_doctests_run():
    assert doctest.testmod(ppmi).failed == 0


def _counts_by_hand(sentences, words, window):
    index = {w: i for i, w in enumerate(words)}
    out = [[0.0] * len(words) for _ in words]
    for s in sentences:
        ids = [index[w] for w in s if w in index]
        for i, a in enumerate(ids):
            for j in range(max(0, i - window), min(len(ids), i + window + 1)):
                if j != i:
                    out[a][ids[j]] += 1
    return out


def test_counts_match_a_plain_python_count():
    rng = np.random.default_rng(0)
    vocab = list("abcdefg")
    sentences = [[vocab[k] for k in rng.integers(0, 9, size=n) if k < 7] + ["zz"] for n in (1, 2, 5, 13, 30)]
    for window in (1, 2, 5):
        got = cooccurrence_counts(sentences, vocab, window).toarray().tolist()
        assert got == _counts_by_hand(sentences, vocab, window)


def test_ppmi_matches_the_definition():
    C = np.array([[0.0, 3.0, 1.0], [3.0, 2.0, 0.0], [1.0, 0.0, 5.0]])
    got = ppmi_matrix(sp.csr_matrix(C), alpha=0.75).toarray()
    total = C.sum()
    ctx = C.sum(axis=0) ** 0.75
    for w in range(3):
        for c in range(3):
            want = 0.0
            if C[w, c] > 0:
                want = max(0.0, math.log((C[w, c] / total) / ((C[w].sum() / total) * (ctx[c] / ctx.sum()))))
            assert abs(got[w, c] - want) < 1e-12


def test_svd_vectors_reproduce_the_matrix_products_and_are_stable():
    rng = np.random.default_rng(1)
    A = rng.random((12, 12))
    M = sp.csr_matrix(A + A.T)
    X = svd_vectors(M, dim=11, power=0.5)
    assert X.shape == (12, 11)
    assert np.array_equal(X, svd_vectors(M, dim=11, power=0.5)), "same input, same vectors"
    s = np.linalg.svd(A + A.T, compute_uv=False)
    assert np.allclose(np.linalg.norm(X, axis=0) ** 2, s[:11], rtol=1e-8)


def test_whole_corpus_gives_vectors_with_meaning():
    from embedlab import evaluation
    from embedlab.data import load_wiki_corpus

    wv = train_ppmi_svd(load_wiki_corpus(), dim=50)
    ws = evaluation.word_pair_similarity(wv, "wordsim353")
    assert ws.used == 242 and ws.spearman > 0.45
    assert "february" in [w for w, _ in wv.most_similar("january", 5)]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: train_ppmi_svd([], dim=2), "empty"),
        (lambda: train_ppmi_svd([["a", "b"]], dim=2, min_count=5), "vocabulary is empty"),
        (lambda: train_ppmi_svd([["a", "b", "c", "d"]] * 5, dim=4), "dim must be"),
        (lambda: train_ppmi_svd([["a", "b", "c", "d"]] * 5, dim=2, window=0), "window must be"),
        (lambda: train_ppmi_svd([["a", "b", "c", "d"]] * 5, dim=2, alpha=0), "alpha must be"),
        (lambda: train_ppmi_svd([["a"], ["b"], ["c"], ["d"]] * 5, dim=2), "all zeros"),
    ],
)
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()
