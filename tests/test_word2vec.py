"""embedlab.word2vec: the SGNS pieces, the trainer, and word2vec-format interop with gensim."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from embedlab.word2vec import (
    WordVectors,
    build_vocab,
    keep_probabilities,
    noise_distribution,
    sgns_loss,
    skipgram_pairs,
    train_word2vec,
)


def _toy_corpus(n: int = 300, seed: int = 0) -> list[list[str]]:
    """Two topics that never share a sentence: animal words and number words."""
    rng = np.random.default_rng(seed)
    animals = ["cat", "dog", "cow", "horse", "sheep", "goat"]
    numbers = ["one", "two", "three", "four", "five", "six"]
    out = []
    for i in range(n):
        topic = animals if i % 2 else numbers
        out.append([topic[j] for j in rng.integers(0, len(topic), size=12)])
    return out


# ------------------------------------------------------------------ pieces
def test_build_vocab_order_and_counts() -> None:
    words, counts = build_vocab([["b", "a", "a"], ["c", "b", "a", "d"]], min_count=1)
    assert words == ["a", "b", "c", "d"] and counts == [3, 2, 1, 1]
    words, counts = build_vocab([["b", "a", "a"], ["c", "b", "a"]], min_count=2)
    assert words == ["a", "b"]


@pytest.mark.parametrize("bad", [[], [[]], [[], []]])
def test_empty_corpus_is_a_clear_error(bad: list) -> None:
    with pytest.raises(ValueError, match="corpus is empty"):
        train_word2vec(bad)


def test_min_count_that_empties_the_vocabulary() -> None:
    with pytest.raises(ValueError, match="vocabulary is empty.*lower min_count"):
        train_word2vec([["a", "b", "c"]], min_count=2)


def test_strings_instead_of_token_lists() -> None:
    with pytest.raises(TypeError, match="list of tokens"):
        train_word2vec(["a sentence", "another one"], min_count=1)
    with pytest.raises(TypeError, match="not one string"):
        train_word2vec("a b c", min_count=1)


@pytest.mark.parametrize(
    "kwargs, message",
    [({"vector_size": 0}, "vector_size"), ({"window": 0}, "window"), ({"epochs": 1.5}, "epochs"),
     ({"negative": -1}, "negative"), ({"lr": 0}, "lr"), ({"sample": -1}, "sample"),
     ({"min_count": 0}, "min_count"), ({"workers": 0}, "workers")],
)
def test_bad_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        train_word2vec([["a", "b"]], **{"min_count": 1, **kwargs})


def test_keep_probabilities_follow_the_word2vec_rule() -> None:
    counts = [1000, 100, 10, 1]
    p = keep_probabilities(counts, sample=1e-2)
    t = 1e-2 * sum(counts)
    assert p[0] == pytest.approx((math.sqrt(1000 / t) + 1) * t / 1000)
    assert p[-1] == 1.0 and np.all(np.diff(p) >= 0), "rarer words are kept more often, capped at 1"
    assert np.all(keep_probabilities(counts, sample=0) == 1.0)


def test_noise_distribution_is_counts_to_the_three_quarters() -> None:
    p = noise_distribution([16, 1])
    assert p.sum() == pytest.approx(1.0)
    assert p[0] / p[1] == pytest.approx(8.0), "16 ** 0.75 = 8"


@settings(max_examples=40, deadline=None)
@given(
    lengths=st.lists(st.integers(1, 12), min_size=1, max_size=5),
    window=st.integers(1, 4),
    seed=st.integers(0, 10_000),
)
def test_skipgram_pairs_stay_in_window_and_sentence(lengths: list[int], window: int, seed: int) -> None:
    ids = np.arange(sum(lengths))  # token id = position, so pairs reveal distances
    sids = np.repeat(np.arange(len(lengths)), lengths)
    centers, contexts = skipgram_pairs(ids, sids, window, np.random.default_rng(seed))
    assert centers.dtype == np.int64 and centers.shape == contexts.shape
    distance = np.abs(centers - contexts)
    assert np.all((distance >= 1) & (distance <= window))
    assert np.all(sids[centers] == sids[contexts]), "pairs never cross a sentence boundary"
    # every center pairs with its nearest neighbours on both sides (b >= 1)
    pairs = set(zip(centers.tolist(), contexts.tolist()))
    for i in range(len(ids) - 1):
        if sids[i] == sids[i + 1]:
            assert (i, i + 1) in pairs and (i + 1, i) in pairs
    # a full window: dynamic windows are symmetric per center (left and right use the same b)
    per_center = Counter(centers.tolist())
    for c, n in per_center.items():
        left = sum(1 for x, y in pairs if x == c and y < c)
        right = sum(1 for x, y in pairs if x == c and y > c)
        assert n == left + right


def test_skipgram_pairs_window_draws_are_uniform() -> None:
    ids = np.arange(100_000)
    centers, contexts = skipgram_pairs(ids, np.zeros_like(ids), 5, np.random.default_rng(0))
    # each center pairs with 2*b words, E[b] = 3 -> about 6 pairs per center
    assert len(centers) / len(ids) == pytest.approx(6.0, rel=0.02)


def test_sgns_loss_matches_the_formula() -> None:
    g = torch.Generator().manual_seed(0)
    v, u_pos, u_neg = torch.randn(3, 4, generator=g), torch.randn(3, 4, generator=g), torch.randn(3, 2, 4, generator=g)
    expected = 0.0
    for b in range(3):
        expected -= math.log(1 / (1 + math.exp(-float(u_pos[b] @ v[b]))))
        for k in range(2):
            expected -= math.log(1 / (1 + math.exp(float(u_neg[b, k] @ v[b]))))
    assert float(sgns_loss(v, u_pos, u_neg)) == pytest.approx(expected / 3, rel=1e-5)


def test_hand_written_step_equals_autograd() -> None:
    """The trainer's gradients are written by hand; check them against autograd."""
    from embedlab.word2vec import _sgd_step

    g = torch.Generator().manual_seed(1)
    w_in, w_out = torch.randn(7, 3, generator=g), torch.randn(7, 3, generator=g)
    c, ctx = torch.tensor([0, 2, 2]), torch.tensor([1, 3, 4])
    negs = torch.tensor([[5, 6], [6, 6], [1, 0]])
    a_in, a_out = w_in.clone().requires_grad_(), w_out.clone().requires_grad_()
    loss = sgns_loss(a_in[c], a_out[ctx], a_out[negs]) * len(c)  # the step uses the sum
    loss.backward()
    _sgd_step(w_in, w_out, c, ctx, negs, alpha=0.1, neg_weight=1.0, want_loss=False)
    assert torch.allclose(w_in, a_in.detach() - 0.1 * a_in.grad, atol=1e-6)
    assert torch.allclose(w_out, a_out.detach() - 0.1 * a_out.grad, atol=1e-6)
    # shared negatives: every pair sees all S noise words, each weighted K / S
    w_in2, w_out2 = a_in.detach().clone(), a_out.detach().clone()
    b_in, b_out = w_in2.clone().requires_grad_(), w_out2.clone().requires_grad_()
    shared = torch.tensor([5, 6, 1, 6])
    pos = (b_in[c] * b_out[ctx]).sum(1)
    neg = b_in[c] @ b_out[shared].T
    total = -(torch.nn.functional.logsigmoid(pos).sum() + 0.5 * torch.nn.functional.logsigmoid(-neg).sum())
    total.backward()
    _sgd_step(w_in2, w_out2, c, ctx, shared, alpha=0.1, neg_weight=0.5, want_loss=False)
    assert torch.allclose(w_in2, b_in.detach() - 0.1 * b_in.grad, atol=1e-6)
    assert torch.allclose(w_out2, b_out.detach() - 0.1 * b_out.grad, atol=1e-6)


# ------------------------------------------------------------------ trainer
def test_training_separates_topics_and_is_deterministic() -> None:
    corpus = _toy_corpus()
    history: list[float] = []
    wv = train_word2vec(corpus, vector_size=16, min_count=1, epochs=5, batch_size=256, seed=3,
                        sample=0, lr=0.05, loss_history=history)
    assert wv.vectors.shape == (12, 16) and wv.vectors.dtype == torch.float32
    assert sum(wv.counts) == sum(map(len, corpus))
    assert np.mean(history[-5:]) < np.mean(history[:5]), "the loss goes down"
    animals = {"cat", "dog", "cow", "horse", "sheep", "goat"}
    for word, _ in wv.most_similar("cat", k=5):
        assert word in animals, wv.most_similar("cat", k=5)
    again = train_word2vec(corpus, vector_size=16, min_count=1, epochs=5, batch_size=256, seed=3, sample=0, lr=0.05)
    assert torch.equal(wv.vectors, again.vectors), "same seed, same vectors"
    other = train_word2vec(corpus, vector_size=16, min_count=1, epochs=5, batch_size=256, seed=4, sample=0, lr=0.05)
    assert not torch.equal(wv.vectors, other.vectors)


@pytest.mark.parametrize(
    "kwargs", [{"shared_negatives": 0}, {"workers": 2}, {"negative": 0}, {"max_row_step": 1.0, "shared_negatives": 0}]
)
def test_trainer_variants_run(kwargs: dict) -> None:
    wv = train_word2vec(_toy_corpus(100), vector_size=8, min_count=1, epochs=2, batch_size=128, **kwargs)
    assert torch.isfinite(wv.vectors).all() and len(wv) == 12


def test_divergence_is_reported() -> None:
    with pytest.raises(FloatingPointError, match="lower lr"):
        train_word2vec(_toy_corpus(200), vector_size=8, min_count=1, epochs=3, lr=1e30, sample=0)


def test_guard_and_batch_cap_keep_a_tiny_vocabulary_stable() -> None:
    corpus = _toy_corpus()
    # 12 words: the batch is capped at 4 pairs per word, so big batches do not diverge
    wv = train_word2vec(corpus, vector_size=16, min_count=1, epochs=5, batch_size=4096, sample=0, lr=0.05,
                        shared_negatives=0)
    assert torch.isfinite(wv.vectors).all()
    # the explicit guard: a row's summed step is capped, so a large lr survives
    wv = train_word2vec(corpus, vector_size=16, min_count=1, epochs=3, sample=0, lr=0.1,
                        shared_negatives=0, max_row_step=1.0)
    assert torch.isfinite(wv.vectors).all()


def test_progress_bar(capsys: pytest.CaptureFixture[str]) -> None:
    train_word2vec(_toy_corpus(50), vector_size=4, min_count=1, epochs=1, progress=True)
    assert "word2vec" in capsys.readouterr().err


# ------------------------------------------------------------------ WordVectors
def _small() -> WordVectors:
    return WordVectors(["a", "b", "c"], torch.tensor([[1.0, 0.0], [0.9, 0.1], [-1.0, 0.0]]), counts=[3, 2, 1])


def test_word_vectors_lookup() -> None:
    wv = _small()
    assert len(wv) == 3 and "b" in wv and "z" not in wv and wv.index("c") == 2
    assert wv["b"].tolist() == pytest.approx([0.9, 0.1])
    with pytest.raises(KeyError, match="'z' is not in the vocabulary"):
        wv["z"]
    top = wv.most_similar("a", k=5)
    assert [w for w, _ in top] == ["b", "c"] and top[0][1] == pytest.approx(0.9 / math.hypot(0.9, 0.1))


def test_word_vectors_validate_shapes() -> None:
    with pytest.raises(ValueError, match="one row per word"):
        WordVectors(["a"], torch.zeros(2, 3))
    with pytest.raises(ValueError, match="twice"):
        WordVectors(["a", "a"], torch.zeros(2, 3))


def test_save_then_load_round_trip(tmp_path) -> None:
    wv = _small()
    wv.save(tmp_path / "v.txt")
    back = WordVectors.load(tmp_path / "v.txt")
    assert back.words == wv.words and torch.allclose(back.vectors, wv.vectors)


def test_our_file_loads_in_gensim(tmp_path) -> None:
    from gensim.models import KeyedVectors

    wv = train_word2vec(_toy_corpus(60), vector_size=6, min_count=1, epochs=1)
    wv.save(tmp_path / "ours.txt")
    kv = KeyedVectors.load_word2vec_format(str(tmp_path / "ours.txt"), binary=False)
    assert kv.index_to_key == wv.words
    assert np.allclose(kv.vectors, wv.vectors.numpy(), atol=1e-5)
    assert kv.most_similar("cat", topn=3)[0][0] == wv.most_similar("cat", k=3)[0][0]


def test_gensim_file_loads_in_ours(tmp_path) -> None:
    from gensim.models import Word2Vec

    model = Word2Vec(_toy_corpus(60), vector_size=6, min_count=1, epochs=1, workers=1, seed=0)
    model.wv.save_word2vec_format(str(tmp_path / "gensim.txt"), binary=False)
    wv = WordVectors.load(tmp_path / "gensim.txt")
    assert wv.words == list(model.wv.index_to_key)
    assert np.allclose(wv.vectors.numpy(), model.wv.vectors, atol=1e-5)
    assert wv.similarity("cat", "dog") == pytest.approx(float(model.wv.similarity("cat", "dog")), abs=1e-5)


def test_load_errors(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="no word-vector file"):
        WordVectors.load(tmp_path / "missing.txt")
    (tmp_path / "glove.txt").write_text("the 0.1 0.2\n")
    with pytest.raises(ValueError, match="first line must be 'num_words dim'"):
        WordVectors.load(tmp_path / "glove.txt")
    (tmp_path / "short.txt").write_text("2 2\na 0.1 0.2\nb 0.3\n")
    with pytest.raises(ValueError, match="line 3: expected a word and 2 numbers"):
        WordVectors.load(tmp_path / "short.txt")
    (tmp_path / "few.txt").write_text("3 2\na 0.1 0.2\n")
    with pytest.raises(ValueError, match="announces 3 words but the file has 1"):
        WordVectors.load(tmp_path / "few.txt")
    (tmp_path / "nan.txt").write_text("1 2\na 0.1 x\n")
    with pytest.raises(ValueError, match="not a number"):
        WordVectors.load(tmp_path / "nan.txt")


def test_wiki_corpus_is_cached_and_copied() -> None:
    from embedlab.data import load_wiki_corpus

    first = load_wiki_corpus()
    assert len(first) == 106 and 440_000 < sum(map(len, first)) < 470_000
    first[0].clear()
    assert len(load_wiki_corpus()[0]) > 0, "callers get copies; the cache stays intact"
