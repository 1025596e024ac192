"""embedlab.attention: one layer of masked scaled dot-product self-attention."""

import math

import pytest
import torch

from embedlab.attention import self_attention


def _loop(x, lengths, wq, wk, wv):
    B, T, _ = x.shape
    out = torch.zeros(B, T, wv.shape[1], dtype=x.dtype)
    for b in range(B):
        n = int(lengths[b])
        for t in range(n):
            s = torch.tensor([float(x[b, t] @ wq @ (x[b, u] @ wk)) / math.sqrt(wk.shape[1])
                              for u in range(n)])
            w = s.softmax(0)
            out[b, t] = sum(w[u] * (x[b, u] @ wv) for u in range(n))
    return out


def test_matches_a_loop_and_ignores_padding() -> None:
    g = torch.Generator().manual_seed(0)
    x = torch.randn(2, 4, 5, generator=g)
    wq, wk = torch.randn(5, 3, generator=g), torch.randn(5, 3, generator=g)
    wv = torch.randn(5, 2, generator=g)
    lengths = torch.tensor([4, 2])
    out, weights = self_attention(x, lengths, wq, wk, wv)
    assert out.shape == (2, 4, 2) and weights.shape == (2, 4, 4)
    assert torch.allclose(out, _loop(x, lengths, wq, wk, wv), atol=1e-5)
    x2 = x.clone()
    x2[1, 2:] = 100.0  # what sits in the padding changes nothing
    assert torch.allclose(self_attention(x2, lengths, wq, wk, wv)[0], out, atol=1e-6)
    assert torch.allclose(weights[0].sum(-1), torch.ones(4))


def test_same_word_different_context_gives_different_vectors() -> None:
    eye = torch.eye(3)
    word, a, b = torch.eye(3)
    x = torch.stack([torch.stack([word, a]), torch.stack([word, b])])  # (2, 2, 3)
    out, _ = self_attention(x, torch.tensor([2, 2]), eye, eye, eye)
    assert not torch.allclose(out[0, 0], out[1, 0])


def test_bad_shapes() -> None:
    with pytest.raises(ValueError, match="lengths"):
        self_attention(torch.zeros(2, 3, 4), torch.tensor([1]), torch.eye(4), torch.eye(4), torch.eye(4))
