"""embedlab.vocabulary: ordering, the unknown token, and clear errors for bad input."""

from collections import Counter

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from embedlab.vocabulary import UnknownTokenError, Vocabulary

words = st.lists(st.sampled_from(list("abcdefgh")) | st.text("xyz<>unk", min_size=1, max_size=5), max_size=60)


def test_order_unk_first_then_count_then_alphabet() -> None:
    v = Vocabulary.from_tokens("b a c a b a d".split())
    assert v.itos == ["<unk>", "a", "b", "c", "d"]
    assert v.stoi["a"] == 1 and len(v) == 5


def test_min_count_is_inclusive_and_specials_follow_unk() -> None:
    v = Vocabulary.from_tokens("x y x z y x".split(), min_count=2, specials=["<pad>"])
    assert v.itos == ["<unk>", "<pad>", "x", "y"]


def test_pad_comes_first_then_unk() -> None:
    v = Vocabulary.from_tokens("x y x".split(), pad="<pad>")
    assert v.itos == ["<pad>", "<unk>", "x", "y"] and v.pad == "<pad>"
    assert v.encode(["y", "zzz"]) == [3, 1]  # unseen words are <unk> = 1, never the padding id
    with pytest.raises(ValueError, match="distinct"):
        Vocabulary.from_tokens(["x"], pad="<unk>")


def test_unknown_tokens_map_to_unk() -> None:
    v = Vocabulary.from_tokens(["cat"])
    assert v.encode(["cat", "dog"]) == [1, 0]
    assert "dog" not in v and "cat" in v


def test_closed_vocabulary_raises_a_helpful_error() -> None:
    v = Vocabulary.from_tokens(["cat"], unk=None)
    with pytest.raises(UnknownTokenError, match="'dog' is not in the vocabulary.*unk='<unk>'"):
        v.encode(["dog"])
    with pytest.raises(KeyError):  # UnknownTokenError is a KeyError for dict-like callers
        v.index("dog")


def test_decode_errors_say_what_to_do() -> None:
    v = Vocabulary.from_tokens(["a", "b"])
    assert v.decode(torch.tensor([2, 0])) == ["b", "<unk>"]
    with pytest.raises(IndexError, match=r"token id 3 is out of range.*0\.\.2"):
        v.decode([3])
    with pytest.raises(IndexError, match="out of range"):
        v.token(-1)
    with pytest.raises(TypeError, match=r"integers.*\.long\(\)"):
        v.decode(torch.tensor([1.0]))
    with pytest.raises(TypeError, match="int"):
        v.token(1.0)  # type: ignore[arg-type]


def test_bad_construction_arguments() -> None:
    with pytest.raises(ValueError, match="min_count"):
        Vocabulary.from_tokens(["a"], min_count=0)
    with pytest.raises(ValueError, match="empty.*lower min_count"):
        Vocabulary.from_tokens(["a"], min_count=2, unk=None)
    with pytest.raises(ValueError, match="distinct"):
        Vocabulary.from_tokens(["a"], specials=["<unk>"])
    with pytest.raises(TypeError, match="split it first"):
        Vocabulary.from_tokens(["a"]).encode("a b")


@given(words, st.integers(min_value=1, max_value=4))
def test_properties(tokens: list[str], min_count: int) -> None:
    v = Vocabulary.from_tokens(tokens, min_count=min_count)
    counts = Counter(tokens)
    assert v.itos[0] == "<unk>"
    assert set(v.itos[1:]) == {t for t, c in counts.items() if c >= min_count and t != "<unk>"}
    assert len(set(v.itos)) == len(v.itos)
    # counts never increase along the vocabulary
    seen = [counts[t] for t in v.itos[1:]]
    assert seen == sorted(seen, reverse=True)
    # encode/decode round-trips every kept token, and maps the rest to <unk>
    assert v.decode(v.encode(tokens)) == [t if t in v else "<unk>" for t in tokens]
