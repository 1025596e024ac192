"""embedlab.recommend: the rating generator is exact and seedable, the model and metric are right."""

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from embedlab.recommend import (
    DotProductModel,
    align,
    generate_ratings,
    genre_centres,
    recommend_unrated,
    rmse,
    train_dot_product,
)


def test_generator_is_seedable_and_follows_its_documented_model() -> None:
    a = generate_ratings(num_users=40, num_items=30, density=0.3, sigma=0.0, seed=1)
    b = generate_ratings(num_users=40, num_items=30, density=0.3, sigma=0.0, seed=1)
    assert torch.equal(a.ratings, b.ratings) and torch.equal(a.users, b.users)
    # sigma = 0: every rating is exactly mean + biases + dot product of the true factors
    dot = (a.user_factors[a.users] * a.item_factors[a.items]).sum(1)  # (N,)
    clean = a.mean + a.user_bias[a.users] + a.item_bias[a.items] + dot
    assert torch.allclose(a.ratings, clean.float(), atol=1e-5)
    assert a.users.dtype == torch.long and a.ratings.dtype == torch.float32
    assert set(a.item_genre.tolist()) <= {0, 1, 2}
    c = generate_ratings(num_users=40, num_items=30, density=0.3, seed=2)
    assert not torch.equal(a.item_factors, c.item_factors)


def test_noise_has_the_documented_sigma() -> None:
    clean = generate_ratings(num_users=200, num_items=100, density=0.5, sigma=0.0, seed=0)
    noisy = generate_ratings(num_users=200, num_items=100, density=0.5, sigma=0.5, seed=0)
    assert torch.equal(clean.users, noisy.users)
    assert abs(rmse(noisy.ratings, clean.ratings) - 0.5) < 0.02


def test_split_is_a_partition() -> None:
    data = generate_ratings(num_users=30, num_items=20, density=0.5, seed=0)
    train, test = data.split(0.25, seed=3)
    assert sorted(torch.cat([train, test]).tolist()) == list(range(len(data)))
    assert abs(len(test) - 0.25 * len(data)) <= 1
    with pytest.raises(ValueError, match=r"test_fraction must be a number in \(0, 1\)"):
        data.split(1.0)


def test_genre_centres_are_unit_length() -> None:
    for g, r in [(3, 3), (3, 2), (5, 2), (2, 4)]:
        centres = genre_centres(g, r)
        assert centres.shape == (g, r)
        assert torch.allclose(centres.norm(dim=1), torch.ones(g), atol=1e-6)


def test_model_forward_is_mean_plus_biases_plus_dot() -> None:
    model = DotProductModel(5, 4, dim=3, global_mean=3.0)
    with torch.no_grad():
        model.user_bias.weight.fill_(0.5)
        model.item_bias.weight.fill_(-0.25)
    users, items = torch.tensor([0, 4, 2]), torch.tensor([3, 0, 3])
    want = 3.25 + (model.user_factors.weight[users] * model.item_factors.weight[items]).sum(1)
    assert torch.allclose(model(users, items), want)
    with pytest.raises(TypeError, match=r"\.long\(\)"):
        model(users.float(), items)
    with pytest.raises(ValueError, match="one item per user"):
        model(users, items[:2])


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-5, 5), min_size=1, max_size=20), st.floats(-3, 3))
def test_rmse_of_a_constant_shift_is_the_shift(values: list[float], shift: float) -> None:
    t = torch.tensor(values, dtype=torch.float64)
    assert math.isclose(rmse(t + shift, t), abs(shift), abs_tol=1e-9)


def test_rmse_refuses_broadcasting() -> None:
    with pytest.raises(ValueError, match="squeeze"):
        rmse(torch.zeros(3, 1), torch.zeros(3))
    with pytest.raises(ValueError, match="zero ratings"):
        rmse(torch.zeros(0), torch.zeros(0))


def test_training_beats_the_baseline_and_recovers_the_factors() -> None:
    data = generate_ratings(num_users=150, num_items=100, density=0.2, seed=0)
    train, test = data.split(0.2, seed=0)
    model, losses = train_dot_product(data, train, dim=3, weight_decay=3e-4, steps=150)
    assert losses[-1] < losses[0]
    with torch.no_grad():
        err = rmse(model(data.users[test], data.items[test]), data.ratings[test])
    base = rmse(torch.full_like(data.ratings[test], float(data.ratings[train].mean())), data.ratings[test])
    assert data.sigma < err < 0.6 * base
    _, r2 = align(model.item_factors.weight, data.item_factors)
    assert r2 > 0.8


def test_align_is_exact_for_a_linear_map_and_checks_shapes() -> None:
    x = torch.randn(50, 3, generator=torch.Generator().manual_seed(0))
    y = x @ torch.tensor([[1.0, 2.0], [0.0, 1.0], [-1.0, 0.5]]) + 0.3
    mapped, r2 = align(x, y)
    assert r2 > 0.999999 and torch.allclose(mapped, y, atol=1e-4)
    with pytest.raises(ValueError, match="same N"):
        align(x, y[:10])


def test_training_and_drawing_leave_the_global_random_state_alone() -> None:
    torch.manual_seed(123)
    before = torch.get_rng_state()
    data = generate_ratings(num_users=30, num_items=20, density=0.3, seed=0)
    train_idx, _ = data.split(0.2, seed=0)
    model, losses = train_dot_product(data, train_idx, dim=2, steps=5, seed=4)
    assert torch.equal(torch.get_rng_state(), before), "the caller's global RNG state must be untouched"
    # and the seed alone decides the result, whatever the caller's global state
    torch.manual_seed(999)
    again, losses_again = train_dot_product(data, train_idx, dim=2, steps=5, seed=4)
    assert losses_again == losses
    assert all(torch.equal(a, b) for a, b in zip(model.parameters(), again.parameters()))


def _brute_force(P, Q, bi, rated_pairs, users, k):
    """Plain-Python top-k of b_i + p_u . q_i over the items each user has not rated."""
    out = []
    for u in users:
        scores = {i: bi[i] + sum(a * b for a, b in zip(P[u], Q[i]))
                  for i in range(len(Q)) if (u, i) not in rated_pairs}
        out.append(sorted(scores, key=lambda i: (-scores[i], i))[:k])
    return out


def test_recommend_unrated_matches_a_brute_force_ranking() -> None:
    g = torch.Generator().manual_seed(0)
    P = torch.randint(-2, 3, (6, 3), generator=g).float()
    Q = torch.randint(-2, 3, (9, 3), generator=g).float()
    bi = torch.randint(-2, 3, (9,), generator=g).float() / 2  # small integers and halves: many exact ties
    ru = torch.tensor([0, 0, 0, 2, 5, 5, 5, 5, 5, 5, 5, 5])
    ri = torch.tensor([1, 4, 8, 0, 0, 1, 2, 3, 4, 5, 6, 7])  # user 5 rated all but item 8
    users = torch.tensor([5, 0, 1, 2, 5, 3])
    pairs = set(zip(ru.tolist(), ri.tolist()))
    for k in [0, 1, 3, 9, 20]:
        got = recommend_unrated(P, Q, bi, ru, ri, users, k)
        assert got == _brute_force(P.tolist(), Q.tolist(), bi.tolist(), pairs, users.tolist(), k)
        assert all(type(i) is int for row in got for i in row)
    assert recommend_unrated(P, Q, bi, ru, ri, users, 5)[0] == [8]  # only one unrated item left


def test_recommend_unrated_leaves_inputs_alone_and_refuses_bad_arguments() -> None:
    P, Q, bi = torch.ones(2, 2), torch.ones(3, 2), torch.zeros(3)
    ru, ri = torch.tensor([0]), torch.tensor([2])
    # all scores tie: smaller ids first
    assert recommend_unrated(P, Q, bi, ru, ri, torch.tensor([0, 1]), 5) == [[0, 1], [0, 1, 2]]
    assert torch.equal(ru, torch.tensor([0])) and torch.equal(bi, torch.zeros(3))
    assert recommend_unrated(P, Q, bi, ru, ri, torch.tensor([], dtype=torch.long), 2) == []
    with pytest.raises(ValueError):
        recommend_unrated(P, Q, bi, ru, ri, torch.tensor([0]), -1)
    with pytest.raises(ValueError):
        recommend_unrated(P, torch.ones(3, 4), bi, ru, ri, torch.tensor([0]), 1)
    with pytest.raises(ValueError):
        recommend_unrated(P, Q, bi, ru, torch.tensor([1, 2]), torch.tensor([0]), 1)
