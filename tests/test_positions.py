"""embedlab.positions: the sinusoidal table."""

import math

import pytest
import torch

from embedlab.positions import sinusoidal_positions


def test_formula() -> None:
    pe = sinusoidal_positions(7, 6)
    assert pe.shape == (7, 6) and pe.dtype == torch.float32
    for p in range(7):
        for i in range(3):
            angle = p / 10000 ** (2 * i / 6)
            assert math.isclose(pe[p, 2 * i].item(), math.sin(angle), abs_tol=1e-6)
            assert math.isclose(pe[p, 2 * i + 1].item(), math.cos(angle), abs_tol=1e-6)


def test_defined_far_beyond_any_training_length_and_bounded() -> None:
    pe = sinusoidal_positions(5000, 8)
    assert pe.abs().max() <= 1.0 and torch.isfinite(pe).all()
    assert torch.allclose(pe[:, 0::2] ** 2 + pe[:, 1::2] ** 2, torch.ones(5000, 4), atol=1e-5)


def test_odd_dim_and_empty() -> None:
    with pytest.raises(ValueError, match="even"):
        sinusoidal_positions(3, 5)
    assert sinusoidal_positions(0, 4).shape == (0, 4)
