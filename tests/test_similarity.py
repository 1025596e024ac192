"""embedlab.similarity: cosine matrix and nearest neighbours."""

import math

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from embedlab.similarity import cosine_matrix, nearest


def test_known_values_and_zero_rows() -> None:
    S = cosine_matrix(torch.tensor([[1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]))
    assert torch.allclose(S[0, 1], torch.tensor(1 / math.sqrt(2)))
    assert S[2].tolist() == [0.0, 0.0, 0.0]


@given(st.integers(1, 6), st.integers(1, 5), st.integers(0, 1000))
def test_symmetric_unit_diagonal_bounded(n: int, d: int, seed: int) -> None:
    X = torch.randn(n, d, generator=torch.Generator().manual_seed(seed)) + 0.01
    S = cosine_matrix(X)
    assert torch.allclose(S, S.T, atol=1e-6)
    assert torch.allclose(S.diagonal(), torch.ones(n), atol=1e-5)
    assert S.abs().max() <= 1 + 1e-5


def test_one_hot_rows_are_orthogonal() -> None:
    assert torch.equal(cosine_matrix(torch.eye(5)), torch.eye(5))


def test_bad_input() -> None:
    with pytest.raises(ValueError, match=r"2-D \(N, D\)"):
        cosine_matrix(torch.ones(3))
    with pytest.raises(TypeError, match="float"):
        cosine_matrix(torch.ones(2, 2, dtype=torch.long))
    with pytest.raises(ValueError, match="query"):
        nearest(torch.ones(3), torch.ones(4, 2))


def test_nearest_excludes_the_query() -> None:
    table = torch.tensor([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [-1.0, 0.0]])
    scores, ids = nearest(table[0], table, k=2, exclude=0)
    assert ids.tolist() == [1, 2]
    assert scores[0] > scores[1]
    assert len(nearest(table[0], table, k=10, exclude=0)[1]) == 3
