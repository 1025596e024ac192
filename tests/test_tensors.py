"""embedlab.tensors: batch lookup and pairwise distances (lesson 02)."""

import doctest
import math

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from embedlab import tensors
from embedlab.tensors import batch_lookup, pairwise_distances


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
    x = torch.randn(n, d, generator=g, dtype=torch.float64)  # (N, D)
    y = torch.randn(m, d, generator=g, dtype=torch.float64)  # (M, D)
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


def test_doctests_run() -> None:
    assert doctest.testmod(tensors).failed == 0


def test_padding_and_standardizing_have_one_home_each() -> None:
    # padding lives in embedlab.sequences, standardizing in embedlab.tabular
    assert not hasattr(tensors, "pad_sequences") and not hasattr(tensors, "Standardizer")
