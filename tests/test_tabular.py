"""embedlab.tabular: the generator is documented and seedable; standardize and the models are right."""

import doctest
import math

import pytest
import torch

from embedlab import tabular
from embedlab.tabular import (
    EmbeddingMLP,
    OneHotMLP,
    count_parameters,
    generate_deliveries,
    standardize,
    train_tabular,
)


def test_generator_shapes_seed_and_bayes_accuracy() -> None:
    a = generate_deliveries(500, num_depots=40, seed=3)
    b = generate_deliveries(500, num_depots=40, seed=3)
    assert torch.equal(a.label, b.label) and torch.equal(a.numeric, b.numeric)
    assert a.depot.shape == (500,) and a.numeric.shape == (500, 3) and a.traits.shape == (40, 2)
    assert a.depot.dtype == torch.long and a.label.dtype == torch.long
    assert int(a.depot.max()) < 40 and 0.5 <= a.bayes_accuracy <= 1.0
    assert float(a.numeric[:, 0].min()) >= 1.0 and float(a.numeric[:, 0].max()) <= 80.0
    assert set(a.numeric[:, 2].tolist()) <= set(float(h) for h in range(6, 22))
    with pytest.raises(ValueError, match="num_depots"):
        generate_deliveries(10, num_depots=1)


def test_labels_follow_the_true_probability() -> None:
    data = generate_deliveries(20000, num_depots=50, seed=0)
    assert abs(float(data.label.float().mean()) - float(data.prob_late.mean())) < 0.02
    sub = data.subset(torch.arange(10))
    assert len(sub) == 10 and sub.num_depots == 50


def test_standardize_uses_training_statistics_and_the_population_std() -> None:
    train = torch.tensor([[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]])
    test = torch.tensor([[3.0, 6.0]])
    a, b = standardize(train, test)
    pop_std = math.sqrt(((1 - 3) ** 2 + 0 + (5 - 3) ** 2) / 3)  # divide by N, not N - 1
    assert torch.allclose(a[:, 0], torch.tensor([-2.0, 0.0, 2.0]) / pop_std)
    assert a[:, 1].tolist() == [0.0, 0.0, 0.0]  # constant column: centred, not nan
    assert b.tolist() == [[0.0, 1.0]]
    assert torch.allclose(a.std(dim=0, correction=0)[0], torch.tensor(1.0))


def test_standardize_leaves_inputs_alone_keeps_dtype_and_handles_many_splits() -> None:
    train = torch.tensor([[1e6 + 1.0], [1e6 + 3.0]], dtype=torch.float64)
    before = train.clone()
    a, b, c = standardize(train, train[:1], torch.zeros(0, 1, dtype=torch.float64))
    assert torch.equal(train, before)
    assert a.dtype == torch.float64 and a.tolist() == [[-1.0], [1.0]] and b.tolist() == [[-1.0]]
    assert c.shape == (0, 1)
    alone = standardize(train)
    assert len(alone) == 1 and torch.equal(alone[0], a)


def test_standardize_errors_name_what_is_wrong() -> None:
    with pytest.raises(ValueError, match=r"\(N, F\)"):
        standardize(torch.ones(3))
    with pytest.raises(ValueError, match="non-empty"):
        standardize(torch.zeros(0, 2))
    with pytest.raises(TypeError, match="floating-point"):
        standardize(torch.ones(2, 2, dtype=torch.long))
    with pytest.raises(ValueError, match=r"split 1 must have shape \(N, 2\)"):
        standardize(torch.ones(2, 2), torch.ones(2, 3))


def test_doctests_run() -> None:
    assert doctest.testmod(tabular).failed == 0


def test_models_shapes_parameter_counts_and_equivalence_of_inputs() -> None:
    emb = EmbeddingMLP(300, 2, 3, 32)
    hot = OneHotMLP(300, 3, 32)
    assert count_parameters(emb) == 300 * 2 + (2 + 3) * 32 + 32 + 32 * 2 + 2
    assert count_parameters(hot) == (300 + 3) * 32 + 32 + 32 * 2 + 2
    cat, num = torch.tensor([0, 299, 5]), torch.randn(3, 3)
    assert emb(cat, num).shape == (3, 2) and hot(cat, num).shape == (3, 2)


def test_training_learns_the_task() -> None:
    data = generate_deliveries(3000, num_depots=30, seed=1)
    x, = standardize(data.numeric)
    model = EmbeddingMLP(30, 2, 3, 16)
    torch.manual_seed(0)
    history = train_tabular(model, data.depot, x, data.label, epochs=8)
    assert history[-1] < history[0]
    with torch.no_grad():
        acc = float((model(data.depot, x).argmax(1) == data.label).float().mean())
    assert acc > data.bayes_accuracy - 0.08


def test_training_and_drawing_leave_the_global_random_state_alone() -> None:
    torch.manual_seed(123)
    model = EmbeddingMLP(10, 2, 3, 4)
    before = torch.get_rng_state()
    data = generate_deliveries(200, num_depots=10, seed=0)
    (x,) = standardize(data.numeric)
    train_tabular(model, data.depot, x, data.label, epochs=2, batch_size=64, seed=1)
    assert torch.equal(torch.get_rng_state(), before), "the caller's global RNG state must be untouched"


def test_standardize_lives_in_scaling_and_tabular_re_exports_it() -> None:
    from embedlab import scaling

    assert tabular.standardize is scaling.standardize
