"""embedlab.subwords: character n-grams, hashed bags, the fit to known vectors, BPE merges."""

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from embedlab.subwords import bag_inputs, bpe_merges, bpe_split, bucket, char_ngrams, fit_subwords


def test_ngrams_with_boundary_markers() -> None:
    assert char_ngrams("where", 3, 3) == ["<wh", "whe", "her", "ere", "re>"]
    assert char_ngrams("a") == ["<a>"]
    assert char_ngrams("aaa", 3, 3) == ["<aa", "aaa", "aa>"]


@given(st.text(alphabet="abcxyz", min_size=1, max_size=12), st.integers(1, 4), st.integers(0, 3))
def test_ngram_count(word: str, n_min: int, extra: int) -> None:
    grams = char_ngrams(word, n_min, n_min + extra)
    L = len(word) + 2
    assert len(grams) == sum(max(L - n + 1, 0) for n in range(n_min, n_min + extra + 1))
    assert all(g in f"<{word}>" for g in grams)


@pytest.mark.parametrize("bad", ["", None, 3])
def test_bad_words_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="non-empty word"):
        char_ngrams(bad)  # type: ignore[arg-type]


def test_n_max_below_n_min_is_refused() -> None:
    with pytest.raises(ValueError, match="n_max"):
        char_ngrams("word", 4, 3)


def test_bucket_is_stable_and_in_range() -> None:
    import zlib

    assert bucket("<ca", 1000) == zlib.crc32(b"<ca") % 1000
    assert all(0 <= bucket(g, 7) < 7 for g in char_ngrams("embedding"))


def test_bag_inputs_offsets() -> None:
    ids, offsets = bag_inputs(["cat", "a", "dog"], buckets=50, n_min=3, n_max=3)
    assert offsets.tolist() == [0, 3, 4] and ids.shape == (7,) and ids.dtype == torch.long
    assert ids[3].item() == bucket("<a>", 50)


def test_fit_reproduces_known_vectors_and_starts_at_the_mean() -> None:
    words = ["walk", "walks", "walked", "talk", "talks", "talked"]
    targets = torch.tensor([[1.0, 0.0], [1.0, 1.0], [1.0, -1.0], [-1.0, 0.0], [-1.0, 1.0], [-1.0, -1.0]])
    untrained, _ = fit_subwords(words, targets, steps=0)
    assert torch.allclose(untrained(["zzzz"]), targets.mean(0, keepdim=True))
    model, losses = fit_subwords(words, targets, buckets=512, steps=200, lr=0.2, l2=1e-3)
    assert losses[-1] < losses[0] / 20
    got = model(words)
    assert torch.nn.functional.cosine_similarity(got, targets).min() > 0.9
    # an unseen inflection lands on the side of its stem
    assert model(["walking"])[0, 0] > 0 > model(["talking"])[0, 0]


def test_fit_refuses_mismatched_targets() -> None:
    with pytest.raises(ValueError, match="one target row per word"):
        fit_subwords(["a", "b"], torch.zeros(3, 2))


def test_bpe_merges_most_frequent_pair_first() -> None:
    counts = {"low": 5, "lower": 2, "newest": 6, "widest": 3}
    merges = bpe_merges(counts, 4)
    assert merges[:3] == [("e", "s"), ("es", "t"), ("l", "o")]
    assert bpe_split("newest", merges) == ["n", "e", "w", "est"]
    assert bpe_split("xyz", merges) == ["x", "y", "z"]


def test_bpe_stops_when_every_word_is_one_symbol() -> None:
    merges = bpe_merges({"ab": 1}, 10)
    assert merges == [("a", "b")]
    assert bpe_split("ab", merges) == ["ab"]
