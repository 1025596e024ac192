"""embedlab.sequences: padding, masks, masked means and packing."""

import doctest

import numpy as np
import pytest
import torch
import torch.nn as nn
from hypothesis import given, settings
from hypothesis import strategies as st

from embedlab import sequences
from embedlab.sequences import lengths_to_mask, masked_mean, packed, pad_batch


def test_pad_batch_pads_with_zero_and_returns_lengths() -> None:
    ids, lengths = pad_batch([[5, 6, 7], [8], [1, 2]])
    assert ids.tolist() == [[5, 6, 7], [8, 0, 0], [1, 2, 0]]
    assert lengths.tolist() == [3, 1, 2] and ids.dtype == torch.long
    assert pad_batch([[4]], padding_idx=9)[0].tolist() == [[4]]
    assert pad_batch([[4], [1, 2]], padding_idx=9)[0].tolist() == [[4, 9], [1, 2]]
    with pytest.raises(ValueError, match="at least one sequence"):
        pad_batch([])
    with pytest.raises(ValueError, match="sequence 1 is empty"):
        pad_batch([[1], []])


def test_pad_batch_rejects_non_integer_ids_and_accepts_integer_scalars() -> None:
    with pytest.raises(TypeError, match="sequence 0 holds non-integer ids such as 1.5"):
        pad_batch([[1.5, 2]])
    with pytest.raises(TypeError, match="non-integer"):
        pad_batch([[1], [True]])
    ids, lengths = pad_batch([[torch.tensor(3), np.int64(4)], [5]])
    assert ids.tolist() == [[3, 4], [5, 0]] and lengths.tolist() == [2, 1]


def test_mask_from_lengths_matches_ids_not_equal_padding_idx_when_pad_is_reserved() -> None:
    # "<pad>" = 0 never occurs in real text, so the two ways agree; the lengths are the rule
    ids, lengths = pad_batch([[2, 7, 1], [5], [3, 3]])
    assert torch.equal(lengths_to_mask(lengths), ids != 0)


def test_doctests_run() -> None:
    assert doctest.testmod(sequences).failed == 0


def test_mask_marks_real_tokens() -> None:
    assert lengths_to_mask(torch.tensor([2, 0, 3])).tolist() == [
        [True, True, False], [False, False, False], [True, True, True]]
    assert lengths_to_mask(torch.tensor([1]), max_len=3).tolist() == [[True, False, False]]
    with pytest.raises(ValueError, match="1-D"):
        lengths_to_mask(torch.tensor([[1]]))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=1, max_size=5), st.integers(0, 4))
def test_masked_mean_ignores_padding(lengths: list[int], extra: int) -> None:
    g = torch.Generator().manual_seed(sum(lengths))
    T = max(lengths) + extra
    x = torch.randn(len(lengths), T, 3, generator=g, dtype=torch.float64)
    out = masked_mean(x, lengths_to_mask(torch.tensor(lengths), T))
    for b, n in enumerate(lengths):
        assert torch.allclose(out[b], x[b, :n].mean(dim=0))


def test_masked_mean_all_padding_row_is_zero_and_shapes_are_checked() -> None:
    out = masked_mean(torch.ones(2, 3, 4), torch.tensor([[True, False, False], [False, False, False]]))
    assert out.tolist()[1] == [0.0] * 4 and out.tolist()[0] == [1.0] * 4
    with pytest.raises(ValueError, match=r"x \(B, T, D\) and mask \(B, T\)"):
        masked_mean(torch.ones(2, 3, 4), torch.ones(3, 2, dtype=torch.bool))


def test_packing_gives_each_sentence_its_own_final_state() -> None:
    torch.manual_seed(0)
    lstm = nn.LSTM(2, 3, batch_first=True)
    x = torch.randn(2, 5, 2)
    lengths = torch.tensor([2, 5])  # unsorted on purpose
    _, (h, _) = lstm(packed(x, lengths))
    _, (h_short, _) = lstm(x[:1, :2])
    assert torch.allclose(h[-1, 0], h_short[-1, 0], atol=1e-6)
