"""embedlab.onehot: shapes, dtype, equivalence with lookup, and errors."""

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st

from embedlab.onehot import check_ids, index_bytes, one_hot, one_hot_bytes


def test_matches_functional_one_hot_but_float() -> None:
    ids = torch.tensor([[2, 0], [1, 1]])
    out = one_hot(ids, 4)
    assert out.dtype == torch.float32 and out.shape == (2, 2, 4)
    assert torch.equal(out, F.one_hot(ids, 4).float())


@given(st.lists(st.integers(0, 9), min_size=1, max_size=20), st.integers(1, 6))
def test_one_hot_times_matrix_is_row_lookup(ids: list[int], dim: int) -> None:
    W = torch.randn(10, dim, generator=torch.Generator().manual_seed(len(ids)))
    t = torch.tensor(ids)
    assert torch.allclose(one_hot(t, 10) @ W, W[t])


def test_errors_name_the_problem_and_the_fix() -> None:
    with pytest.raises(TypeError, match=r"integer tensor.*ids\.long\(\)"):
        one_hot(torch.tensor([1.0, 2.0]), 3)
    with pytest.raises(IndexError, match=r"id 3 is out of range for 3 rows.*unknown token"):
        one_hot(torch.tensor([0, 3]), 3)
    with pytest.raises(IndexError, match="id -1"):
        check_ids(torch.tensor([-1]), 3)
    with pytest.raises(TypeError, match="torch.tensor"):
        check_ids([0, 1], 3)  # type: ignore[arg-type]


def test_memory_arithmetic() -> None:
    assert one_hot_bytes(256, 50_000) == 256 * 50_000 * 4
    assert index_bytes(256) == 2048


def test_check_ids_is_the_shared_argument_check() -> None:
    from embedlab import _checks

    assert check_ids is _checks.check_ids
