"""embedlab.tensors: lookup, pairwise distances, padding and standardizing (lesson 02)."""

import math

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from embedlab.tensors import Standardizer, batch_lookup, pad_sequences, pairwise_distances


def test_batch_lookup_shape_and_rows() -> None:
    table = torch.arange(12, dtype=torch.float32).reshape(4, 3)
    ids = torch.tensor([[3, 0], [1, 1]])
    out = batch_lookup(table, ids)
    assert out.shape == (2, 2, 3)
    assert out[0, 0].tolist() == [9.0, 10.0, 11.0] and out[1, 1].tolist() == [3.0, 4.0, 5.0]


def test_batch_lookup_errors() -> None:
    table = torch.zeros(4, 3)
    with pytest.raises(TypeError, match=r"ids\.long\(\)"):
        batch_lookup(table, torch.tensor([1.0]))
    with pytest.raises(IndexError, match="id 4 is out of range"):
        batch_lookup(table, torch.tensor([4]))
    with pytest.raises(ValueError, match=r"\(V, D\)"):
        batch_lookup(torch.zeros(4), torch.tensor([0]))


@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 4), st.integers(0, 10_000))
def test_pairwise_distances_match_a_loop(n: int, m: int, d: int, seed: int) -> None:
    g = torch.Generator().manual_seed(seed)
    x, y = torch.randn(n, d, generator=g, dtype=torch.float64), torch.randn(m, d, generator=g, dtype=torch.float64)
    dist = pairwise_distances(x, y)
    assert dist.shape == (n, m)
    for i in range(n):
        for j in range(m):
            want = math.sqrt(sum((a - b) ** 2 for a, b in zip(x[i].tolist(), y[j].tolist())))
            assert abs(dist[i, j].item() - want) < 1e-9


def test_pairwise_distances_errors() -> None:
    with pytest.raises(ValueError, match="same D"):
        pairwise_distances(torch.zeros(2, 3), torch.zeros(2, 4))
    with pytest.raises(TypeError, match=r"\.float\(\)"):
        pairwise_distances(torch.zeros(2, 3, dtype=torch.long), torch.zeros(2, 3))


def test_pad_sequences_keeps_real_tokens_equal_to_pad_idx() -> None:
    ids, mask = pad_sequences([[0, 4, 2], [3], []], pad_idx=0)
    assert ids.dtype == torch.long and mask.dtype == torch.bool
    assert ids.tolist() == [[0, 4, 2], [3, 0, 0], [0, 0, 0]]
    assert mask.tolist() == [[True, True, True], [True, False, False], [False, False, False]]
    ids, mask = pad_sequences([[1], [2, 3]], pad_idx=9)
    assert ids.tolist() == [[1, 9], [2, 3]] and mask.sum().item() == 3


def test_pad_sequences_empty_batch_and_errors() -> None:
    ids, mask = pad_sequences([])
    assert ids.shape == (0, 0) and mask.shape == (0, 0)
    with pytest.raises(TypeError, match="non-integer"):
        pad_sequences([[1.5, 2]])
    with pytest.raises(TypeError, match="list of lists"):
        pad_sequences(torch.tensor([[1, 2]]))  # type: ignore[arg-type]


def test_standardizer_uses_training_statistics_only() -> None:
    train = torch.tensor([[1.0, 5.0, 7.0], [3.0, 5.0, 9.0], [5.0, 5.0, 11.0]])
    s = Standardizer().fit(train)
    z = s.transform(train)
    assert torch.allclose(z.mean(dim=0), torch.zeros(3), atol=1e-6)
    assert torch.allclose(z[:, [0, 2]].std(dim=0, correction=0), torch.ones(2))
    assert z[:, 1].tolist() == [0.0, 0.0, 0.0]  # constant column: divided by 1, no nan
    test = torch.tensor([[3.0, 6.0, 9.0]])
    assert torch.allclose(s.transform(test), torch.tensor([[0.0, 1.0, 0.0]]))


def test_standardizer_errors() -> None:
    with pytest.raises(RuntimeError, match="fit"):
        Standardizer().transform(torch.zeros(1, 2))
    with pytest.raises(TypeError, match=r"\.float\(\)"):
        Standardizer().fit(torch.ones(2, 2, dtype=torch.long))
    with pytest.raises(ValueError, match="non-empty"):
        Standardizer().fit(torch.zeros(0, 2))
    with pytest.raises(ValueError, match=r"\(N, 2\)"):
        Standardizer().fit(torch.ones(2, 2)).transform(torch.ones(2, 3))
