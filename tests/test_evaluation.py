"""embedlab.evaluation: similarity benchmarks with coverage, analogies, neighbours."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from scipy.stats import spearmanr

from embedlab.evaluation import (
    AnalogyScore,
    PairScore,
    analogy_accuracy,
    load_analogies,
    load_word_pairs,
    nearest_neighbours,
    spearman,
    word_pair_similarity,
)
from embedlab.word2vec import WordVectors


def test_benchmarks_load() -> None:
    ws = load_word_pairs("wordsim353")
    sl = load_word_pairs("simlex999")
    assert len(ws) == 353 and len(sl) == 999
    assert ws[0] == ("love", "sex", 6.77)
    sections = load_analogies()
    assert sum(map(len, sections.values())) == 19544
    assert sections["capital-common-countries"][0] == ("athens", "greece", "baghdad", "iraq")


def test_missing_or_bad_files(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="no benchmark file"):
        load_word_pairs(tmp_path / "nope.tsv")
    (tmp_path / "bad.tsv").write_text("a\tb\n")
    with pytest.raises(ValueError, match="line 1: expected 'word1<TAB>word2<TAB>score'"):
        load_word_pairs(tmp_path / "bad.tsv")
    (tmp_path / "empty.tsv").write_text("# only a comment\n")
    with pytest.raises(ValueError, match="no word pairs"):
        load_word_pairs(tmp_path / "empty.tsv")
    (tmp_path / "bad.txt").write_text(": s\na b c\n")
    with pytest.raises(ValueError, match="four words"):
        load_analogies(tmp_path / "bad.txt")


def test_pair_similarity_uses_covered_pairs_only(tmp_path) -> None:
    vectors = torch.tensor([[1.0, 0.0], [1.0, 0.2], [0.0, 1.0], [-1.0, 0.1]])
    wv = WordVectors(["a", "b", "c", "d"], vectors)
    (tmp_path / "pairs.tsv").write_text("# header\nA\tb\t9\na\tc\t5\na\td\t1\na\tzzz\t3\nc\td\t4\n")
    score = word_pair_similarity(wv, tmp_path / "pairs.tsv")
    assert isinstance(score, PairScore) and (score.used, score.total) == (4, 5)
    assert score.coverage == pytest.approx(0.8)
    ours = [wv.similarity(x, y) for x, y in [("a", "b"), ("a", "c"), ("a", "d"), ("c", "d")]]
    assert score.spearman == pytest.approx(spearmanr(ours, [9, 5, 1, 4]).statistic)
    assert "4/5 pairs" in str(score)


def test_spearman_equals_scipy_with_and_without_ties() -> None:
    rng = np.random.default_rng(0)
    for trial in range(50):
        n = int(rng.integers(2, 40))
        x = rng.normal(size=n)
        y = x + rng.normal(size=n)
        if trial % 2:
            y = rng.integers(0, 5, size=n).astype(float)  # ties on the right
        if trial % 3 == 0:
            x = np.round(x)  # ties on the left
        expected = spearmanr(x, y).statistic
        if math.isnan(expected):
            assert math.isnan(spearman(x, y))
        else:
            assert spearman(list(x), list(y)) == pytest.approx(expected, abs=1e-12)


def test_spearman_of_constant_or_nan_input_is_nan_and_bad_shapes_are_refused() -> None:
    assert math.isnan(spearman([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]))
    assert math.isnan(spearman([1.0, float("nan"), 3.0], [1.0, 2.0, 3.0]))
    with pytest.raises(ValueError, match="same length"):
        spearman([1.0, 2.0], [1.0, 2.0, 3.0])


def test_pair_similarity_with_too_few_pairs_is_nan(tmp_path) -> None:
    wv = WordVectors(["a", "b"], torch.eye(2))
    (tmp_path / "p.tsv").write_text("a\tb\t1\nx\ty\t2\n")
    score = word_pair_similarity(wv, tmp_path / "p.tsv")
    assert math.isnan(score.spearman) and score.used == 1


def test_analogies_on_a_constructed_space(tmp_path) -> None:
    # king - man + woman = queen holds exactly; paris - france + italy = rome holds too
    words = ["man", "woman", "king", "queen", "france", "italy", "paris", "rome"]
    g = torch.Generator().manual_seed(0)
    base = {w: torch.randn(16, generator=g) for w in ["man", "france", "royal", "capital", "fem", "it"]}
    vec = {
        "man": base["man"], "woman": base["man"] + base["fem"],
        "king": base["man"] + base["royal"], "queen": base["man"] + base["royal"] + base["fem"],
        "france": base["france"], "italy": base["france"] + base["it"],
        "paris": base["france"] + base["capital"], "rome": base["france"] + base["capital"] + base["it"],
    }
    wv = WordVectors(words, torch.stack([vec[w] for w in words]))
    (tmp_path / "q.txt").write_text(
        ": family\nman woman king queen\nMAN KING woman queen\nman woman king unknownword\n"
        ": capitals\nfrance paris italy rome\n"
    )
    score = analogy_accuracy(wv, tmp_path / "q.txt")
    assert isinstance(score, AnalogyScore)
    assert (score.used, score.total) == (3, 4) and score.correct >= 2
    family = analogy_accuracy(wv, tmp_path / "q.txt", sections=["family"])
    assert family.total == 3
    with pytest.raises(KeyError, match="unknown analogy sections"):
        analogy_accuracy(wv, tmp_path / "q.txt", sections=["nope"])
    # restricting the vocabulary to the first 4 words leaves only the family questions usable
    assert analogy_accuracy(wv, tmp_path / "q.txt", restrict_vocab=4).used == 2


def test_nearest_neighbours_skip_unknown_words() -> None:
    wv = WordVectors(["a", "b", "c"], torch.tensor([[1.0, 0.0], [0.9, 0.1], [-1.0, 0.0]]))
    out = nearest_neighbours(wv, ["a", "zzz"], k=1)
    assert list(out) == ["a"] and out["a"][0][0] == "b"


def test_matches_gensim_evaluation(tmp_path) -> None:
    """Same numbers as gensim's evaluate_word_pairs on the same vectors."""
    from gensim.models import KeyedVectors

    from embedlab.data import datapath

    words, _ = zip(*[(a, 0) for a, _, _ in load_word_pairs("wordsim353")])
    vocab = sorted(set(words))[:150]
    g = torch.Generator().manual_seed(0)
    wv = WordVectors(vocab, torch.randn(len(vocab), 8, generator=g))
    wv.save(tmp_path / "v.txt")
    kv = KeyedVectors.load_word2vec_format(str(tmp_path / "v.txt"))
    _, (rho, _), oov = kv.evaluate_word_pairs(str(datapath("wordsim353")))
    ours = word_pair_similarity(wv, "wordsim353")
    assert ours.spearman == pytest.approx(rho, abs=1e-6)
    assert ours.coverage == pytest.approx(1 - oov / 100, abs=0.01)
