"""embedlab.word2vec: the SGNS pieces, the trainer, and word2vec-format interop with gensim."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from embedlab.word2vec import (
    LESSON_06_RUN,
    WordVectors,
    benchmark_results,
    count_words,
    keep_probabilities,
    noise_distribution,
    run_summary,
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
    words, counts = count_words([["b", "a", "a"], ["c", "b", "a", "d"]], min_count=1)
    assert words == ["a", "b", "c", "d"] and counts == [3, 2, 1, 1]
    words, counts = count_words([["b", "a", "a"], ["c", "b", "a"]], min_count=2)
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
     ({"min_count": 0}, "min_count"), ({"workers": 0}, "workers"), ({"epochs": -1}, "epochs"),
     ({"epochs": 0}, "epochs"), ({"lr": -0.1}, "lr"), ({"lr": float("nan")}, "lr"),
     ({"window": -2}, "window"), ({"batch_size": 0}, "batch_size"),
     ({"shared_negatives": -1}, "shared_negatives"), ({"min_lr": 0.5}, "min_lr"),
     ({"max_row_step": 0}, "max_row_step"), ({"vector_size": True}, "vector_size")],
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
    v, u_pos = torch.randn(3, 4, generator=g), torch.randn(3, 4, generator=g)  # (B, D) each
    u_neg = torch.randn(3, 2, 4, generator=g)  # (B, K, D)
    expected = 0.0
    for b in range(3):
        expected -= math.log(1 / (1 + math.exp(-float(u_pos[b] @ v[b]))))
        for k in range(2):
            expected -= math.log(1 / (1 + math.exp(float(u_neg[b, k] @ v[b]))))
    assert float(sgns_loss(v, u_pos, u_neg)) == pytest.approx(expected / 3, rel=1e-5)


def _tiny_layout(seed: int = 0):
    """A two-sentence stream cut into groups of 4 centers, window 2, 3 noise words per group."""
    from embedlab.word2vec import _epoch_layout

    rng = np.random.default_rng(seed)
    ids = rng.integers(0, 9, size=11)
    sids = np.array([0] * 6 + [1] * 5)
    reduced = rng.integers(1, 3, size=11)
    noise = rng.integers(0, 9, size=(3, 3))  # ceil(11 / 4) = 3 groups
    return _epoch_layout(ids, sids, reduced, noise, window=2, group=4, negative=5), ids, sids, reduced


def test_epoch_layout_holds_exactly_the_skipgram_pairs() -> None:
    """The grouped layout encodes the same (center, context) pairs as skipgram_pairs."""
    for seed in range(5):
        layout, ids, sids, reduced = _tiny_layout(seed)
        labels, weights = layout.labels_and_weights()
        G, T, J = labels.shape
        assert (G, T, J) == (3, 4, 4 + 2 * 2 + 3)
        targets = layout.targets.view(G, J)
        ours = Counter()
        for g, t, j in torch.nonzero(labels).tolist():
            ours[(int(layout.centers[g * T + t]), int(targets[g, j]))] += 1
        # skipgram_pairs draws its windows first from the generator: feed it the same draws
        centers, contexts = skipgram_pairs(ids, sids, 2, _ReplayWindows(reduced))
        assert ours == Counter(zip(centers.tolist(), contexts.tolist()))
        assert layout.num_pairs == len(centers)
        # noise columns: weight K * pairs / S for each center, label 0
        pairs_per_center = labels.sum(2)  # (G, T)
        assert torch.allclose(weights[:, :, -3:], (pairs_per_center * 5 / 3)[:, :, None].expand(G, T, 3))
        assert labels[:, :, -3:].sum() == 0 and torch.equal(weights[:, :, :-3], labels[:, :, :-3])


class _ReplayWindows:
    """A stand-in generator whose integers() returns given window draws."""

    def __init__(self, reduced: np.ndarray) -> None:
        self.reduced = reduced

    def integers(self, low: int, high: int, size: int) -> np.ndarray:
        assert size == len(self.reduced)
        return self.reduced


def _weighted_sgns_loss(w_in, w_out, layout) -> torch.Tensor:
    """The loss the step descends, written with autograd-friendly ops."""
    labels, weights = layout.labels_and_weights()
    G, T, J = labels.shape
    v = w_in[layout.centers].view(G, T, -1)
    u = w_out[layout.targets].view(G, J, -1)
    x = v @ u.transpose(1, 2)  # (G, T, J)
    y, w = labels.to(x.dtype), weights.to(x.dtype)
    return -(w * (y * F.logsigmoid(x) + (1 - y) * F.logsigmoid(-x))).sum()


def test_hand_written_step_equals_autograd_in_float64() -> None:
    """The trainer's gradient is written by hand; one step must equal autograd's SGD step."""
    from embedlab.word2vec import _sgns_group_step

    for seed in range(3):
        layout, *_ = _tiny_layout(seed)
        g = torch.Generator().manual_seed(seed)
        w_in = torch.randn(9, 5, generator=g, dtype=torch.float64)
        w_out = torch.randn(9, 5, generator=g, dtype=torch.float64)
        a_in, a_out = w_in.clone().requires_grad_(), w_out.clone().requires_grad_()
        loss = _weighted_sgns_loss(a_in, a_out, layout)
        loss.backward()
        ours, _ = _sgns_group_step(w_in, w_out, layout.centers, layout.targets, layout.pairs.double(),
                                   layout.noise_weights.double(), alpha=0.1, want_loss=True)
        assert ours == pytest.approx(float(loss.detach()), rel=1e-12)
        assert torch.allclose(w_in, a_in.detach() - 0.1 * a_in.grad, atol=1e-12, rtol=0)
        assert torch.allclose(w_out, a_out.detach() - 0.1 * a_out.grad, atol=1e-12, rtol=0)


def test_weighted_loss_gradient_passes_gradcheck() -> None:
    """The loss the step descends is smooth and its autograd gradient is right (finite differences)."""
    layout, *_ = _tiny_layout(1)
    g = torch.Generator().manual_seed(0)
    w_in = torch.randn(9, 3, generator=g, dtype=torch.float64, requires_grad=True)
    w_out = torch.randn(9, 3, generator=g, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda a, b: _weighted_sgns_loss(a, b, layout), (w_in, w_out))


def test_the_weighted_loss_is_sgns_with_shared_noise() -> None:
    """With one group and its pairs listed, the weighted loss equals sgns_loss summed over pairs."""
    layout, *_ = _tiny_layout(2)
    g = torch.Generator().manual_seed(3)
    w_in, w_out = torch.randn(9, 4, generator=g), torch.randn(9, 4, generator=g)
    labels, _ = layout.labels_and_weights()
    G, T, J = labels.shape
    targets = layout.targets.view(G, J)
    expected = 0.0
    for gi, t, j in torch.nonzero(labels).tolist():
        c, ctx = layout.centers[gi * T + t], targets[gi, j]
        noise = targets[gi, -3:]
        pos = -F.logsigmoid(w_in[c] @ w_out[ctx])
        neg = -(5 / 3) * F.logsigmoid(-(w_out[noise] @ w_in[c])).sum()  # K/S per noise word
        expected += float(pos + neg)
    assert float(_weighted_sgns_loss(w_in, w_out, layout)) == pytest.approx(expected, rel=1e-5)


# ------------------------------------------------------------------ trainer
def test_training_separates_topics_and_is_deterministic() -> None:
    corpus = _toy_corpus()
    history: list[float] = []
    wv = train_word2vec(corpus, vector_size=16, min_count=1, epochs=5, seed=3,
                        sample=0, lr=0.05, loss_history=history)
    assert wv.vectors.shape == (12, 16) and wv.vectors.dtype == torch.float32
    assert sum(wv.counts) == sum(map(len, corpus))
    assert np.mean(history[-5:]) < np.mean(history[:5]), "the loss goes down"
    animals = {"cat", "dog", "cow", "horse", "sheep", "goat"}
    for word, _ in wv.most_similar("cat", k=5):
        assert word in animals, wv.most_similar("cat", k=5)
    again = train_word2vec(corpus, vector_size=16, min_count=1, epochs=5, seed=3, sample=0, lr=0.05)
    assert torch.equal(wv.vectors, again.vectors), "same seed, same vectors"
    other = train_word2vec(corpus, vector_size=16, min_count=1, epochs=5, seed=4, sample=0, lr=0.05)
    assert not torch.equal(wv.vectors, other.vectors)


def _wiki_slice() -> list[list[str]]:
    from embedlab.data import load_wiki_corpus

    return [a[i : i + 10_000] for a in load_wiki_corpus()[:30] for i in range(0, len(a), 10_000)]


def test_workers_1_is_deterministic_on_real_text() -> None:
    corpus = _wiki_slice()[:6]
    first = train_word2vec(corpus, vector_size=16, epochs=2, seed=7, workers=1)
    second = train_word2vec(corpus, vector_size=16, epochs=2, seed=7, workers=1)
    assert first.words == second.words and torch.equal(first.vectors, second.vectors)


def test_smoke_on_a_wiki_slice_reaches_positive_ws353() -> None:
    """Equal-quality smoke: on 30 articles, a few epochs already correlate with human ratings."""
    from embedlab.evaluation import word_pair_similarity

    wv = train_word2vec(_wiki_slice(), vector_size=50, epochs=5, seed=0, workers=2)
    score = word_pair_similarity(wv, "wordsim353")
    assert score.coverage > 0.2, score
    assert score.spearman > 0.05, score


@pytest.mark.parametrize(
    "kwargs", [{"shared_negatives": 0}, {"workers": 2}, {"negative": 0}, {"max_row_step": 1.0},
               {"batch_size": 1}, {"window": 20}]
)
def test_trainer_variants_run(kwargs: dict) -> None:
    wv = train_word2vec(_toy_corpus(100), vector_size=8, min_count=1, epochs=2, **kwargs)
    assert torch.isfinite(wv.vectors).all() and len(wv) == 12


def test_divergence_is_a_clear_error_not_nan() -> None:
    from embedlab.word2vec import DivergenceError

    with pytest.raises(DivergenceError, match=r"lr=1e\+30.*lower lr") as info:
        train_word2vec(_toy_corpus(200), vector_size=8, min_count=1, epochs=3, lr=1e30, sample=0)
    assert isinstance(info.value, ValueError) and isinstance(info.value, FloatingPointError)


def test_lr_0_05_trains_finite_vectors_on_real_text() -> None:
    """Twice the default rate (lesson 07 uses it) stays finite, with and without the row guard."""
    corpus = _wiki_slice()[:10]
    for kwargs in ({}, {"max_row_step": 1.0}):
        wv = train_word2vec(corpus, vector_size=32, epochs=3, lr=0.05, seed=0, **kwargs)
        assert torch.isfinite(wv.vectors).all()


def test_guard_and_batch_cap_keep_a_tiny_vocabulary_stable() -> None:
    corpus = _toy_corpus()
    # 12 words: the batch is capped, so big batches do not diverge
    wv = train_word2vec(corpus, vector_size=16, min_count=1, epochs=5, batch_size=4096, sample=0, lr=0.05)
    assert torch.isfinite(wv.vectors).all()
    # the explicit guard: a row's summed step is capped, so a large lr survives
    wv = train_word2vec(corpus, vector_size=16, min_count=1, epochs=3, sample=0, lr=0.5, max_row_step=1.0)
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
    ragged = "line 3: the vector of 'b' has 1 numbers, but the header announces 2"
    with pytest.raises(ValueError, match=ragged):
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


def test_training_leaves_the_global_random_state_alone() -> None:
    torch.manual_seed(123)
    before = torch.get_rng_state()
    train_word2vec(_toy_corpus(20), vector_size=4, min_count=1, epochs=1, seed=0)
    assert torch.equal(torch.get_rng_state(), before), "the caller's global RNG state must be untouched"


def test_word_vectors_live_in_their_own_module_and_word2vec_re_exports_them() -> None:
    from embedlab import word_vectors

    assert WordVectors is word_vectors.WordVectors


# ------------------------------------------------------------------ lesson 06's run and benchmark
def test_run_summary_is_the_lessons_line() -> None:
    assert run_summary(16, 7.94, 0.5123, 0.2571, 0.0312) == (
        "word2vec (course trainer, 16 epochs, 7.9 s): WS353 0.51  SimLex 0.26  analogies 3.1%")
    assert run_summary(1, 12.0, -0.05, 0.0, 1.0).endswith("WS353 -0.05  SimLex 0.00  analogies 100.0%")
    with pytest.raises(ValueError, match="between 0 and 1"):
        run_summary(16, 7.9, 0.5, 0.2, 3.1)  # a percentage where an accuracy belongs
    with pytest.raises((TypeError, ValueError), match="epochs"):
        run_summary(0, 7.9, 0.5, 0.2, 0.03)


def test_lesson_run_settings_train() -> None:
    settings = {**LESSON_06_RUN, "epochs": 1, "workers": 1, "min_count": 1}
    wv = train_word2vec(_toy_corpus(60), seed=0, **settings)
    assert wv.vectors.shape == (12, LESSON_06_RUN["vector_size"]) and torch.isfinite(wv.vectors).all()
    assert LESSON_06_RUN["min_count"] == 5 and LESSON_06_RUN["workers"] == 2  # what the lesson says


def test_published_benchmark_is_complete() -> None:
    results, png = benchmark_results()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    summary = results["summary"]
    for system in ("embedlab", "gensim"):
        rows = [r for r in summary if r["system"] == system]
        assert rows, f"no {system} row in the published benchmark"
        for r in rows:
            assert r["epochs"] >= 1 and r["seconds"] > 0 and -1 <= r["ws353"] <= 1 and 0 <= r["analogy"] <= 1
    assert {r["epochs"] for r in summary if r["system"] == "embedlab"} == \
        {r["epochs"] for r in summary if r["system"] == "gensim"}, "both systems at the same epochs"


def test_missing_benchmark_names_the_command(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import importlib.resources

    monkeypatch.setattr(importlib.resources, "files", lambda package: tmp_path)
    with pytest.raises(FileNotFoundError, match="tools.bench_word2vec --publish"):
        benchmark_results()
