"""embedlab.training: the reference training loop, mini-batches, fit and its history."""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from embedlab.training import History, fit, minibatches, train_step, train_steps, trajectory  # noqa: E402


def _quadratic(target: list[float]):
    p = torch.zeros(len(target), requires_grad=True)
    t = torch.tensor(target)
    return p, (lambda: ((p - t) ** 2).sum())


def test_train_steps_matches_hand_written_gradient_descent() -> None:
    p, loss = _quadratic([3.0, -1.0])
    losses = train_steps(loss, torch.optim.SGD([p], lr=0.1), steps=3)
    expected, q = [], [0.0, 0.0]
    for _ in range(3):
        expected.append((q[0] - 3.0) ** 2 + (q[1] + 1.0) ** 2)
        q = [q[0] - 0.1 * 2 * (q[0] - 3.0), q[1] - 0.1 * 2 * (q[1] + 1.0)]
    assert all(abs(a - b) < 1e-5 for a, b in zip(losses, expected))
    assert all(abs(a - b) < 1e-6 for a, b in zip(p.tolist(), q))
    assert all(type(v) is float for v in losses)


def test_train_steps_zero_steps_and_stale_gradients() -> None:
    p, loss = _quadratic([1.0])
    p.grad = torch.tensor([100.0])  # stale gradient from elsewhere: must be cleared first
    assert train_steps(loss, torch.optim.SGD([p], lr=0.5), steps=0) == []
    train_steps(loss, torch.optim.SGD([p], lr=0.25), steps=1)
    assert abs(p.item() - 0.5) < 1e-6


def test_trajectory_records_every_point() -> None:
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor([1.0, 2.0], requires_grad=True)
    opt = torch.optim.SGD([w, b], lr=0.1)
    path, losses = trajectory([w, b], lambda: (w - 1) ** 2 + (b ** 2).sum(), opt, 4)
    assert path.shape == (5, 3) and len(losses) == 4
    assert path[0].tolist() == [0.0, 1.0, 2.0]
    assert torch.allclose(path[-1], torch.cat([w.detach().reshape(1), b.detach()]))


def test_bad_input_is_explained() -> None:
    p, loss = _quadratic([1.0])
    with pytest.raises(TypeError, match="torch.optim.Optimizer"):
        train_steps(loss, [p], steps=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="steps must be a whole number >= 0"):
        train_steps(loss, torch.optim.SGD([p], lr=0.1), steps=-1)
    with pytest.raises(ValueError, match="scalar tensor"):
        train_steps(lambda: (p - 1) ** 2 * torch.ones(3), torch.optim.SGD([p], lr=0.1), steps=1)
    with pytest.raises(ValueError, match="batch_size must be a whole number >= 1"):
        list(minibatches(10, 0))
    with pytest.raises(TypeError, match=r"num_examples must be a whole number >= 0, got 10.0 \(a float\)"):
        list(minibatches(10.0, 2))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="torch.Generator"):
        list(minibatches(10, 2, generator=0))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="needs a val_loss"):
        fit(lambda i: loss(), torch.optim.SGD([p], lr=0.1), 4, batch_size=2, epochs=1, patience=2)
    with pytest.raises(ValueError, match="no validation losses"):
        _ = History(train=[1.0]).best_epoch


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 60), st.integers(1, 20), st.integers(0, 10_000), st.booleans())
def test_minibatches_cover_every_example_once(n: int, batch_size: int, seed: int, shuffle: bool) -> None:
    batches = list(minibatches(n, batch_size, shuffle=shuffle, generator=torch.Generator().manual_seed(seed)))
    flat = [i for b in batches for i in b.tolist()]
    assert sorted(flat) == list(range(n))
    assert all(b.dtype == torch.int64 for b in batches)
    rest = [n % batch_size] if n % batch_size else []
    assert [len(b) for b in batches] == [batch_size] * (n // batch_size) + rest
    if not shuffle:
        assert flat == list(range(n))


def test_minibatches_drop_last_and_generator_only() -> None:
    assert [b.tolist() for b in minibatches(5, 2, shuffle=False, drop_last=True)] == [[0, 1], [2, 3]]
    state = torch.get_rng_state()
    a = [b.tolist() for b in minibatches(20, 6, generator=torch.Generator().manual_seed(1))]
    b = [b.tolist() for b in minibatches(20, 6, generator=torch.Generator().manual_seed(1))]
    assert a == b and torch.equal(state, torch.get_rng_state())


def test_fit_learns_a_line_and_records_history() -> None:
    x = torch.linspace(0, 1, 40)
    y = 3 * x - 0.5
    w = torch.zeros(1, requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    h = fit(lambda i: ((w * x[i] + b - y[i]) ** 2).mean(), torch.optim.SGD([w, b], lr=0.5), 40,
            batch_size=8, epochs=200, generator=torch.Generator().manual_seed(0),
            val_loss=lambda: ((w * x + b - y) ** 2).mean())
    assert len(h.train) == len(h.val) == 200 and not h.stopped_early
    assert abs(w.item() - 3) < 1e-3 and abs(b.item() + 0.5) < 1e-3
    assert h.val[-1] < h.val[0]


def test_fit_stops_early_and_restores_the_best_parameters() -> None:
    # the "validation loss" is scripted: best at epoch 3, then worse
    scripted = iter([5.0, 4.0, 3.0, 3.5, 3.7, 3.9, 4.0, 4.1])
    p = torch.zeros(1, requires_grad=True)
    seen: list[float] = []

    def val() -> float:
        seen.append(p.item())
        return next(scripted)

    h = fit(lambda i: ((p - 10) ** 2).mean(), torch.optim.SGD([p], lr=0.1), 4,
            batch_size=4, epochs=8, val_loss=val, patience=2)
    assert h.stopped_early and len(h.val) == 5 and h.best_epoch == 3
    assert abs(p.item() - seen[2]) < 1e-7  # parameters as they were after epoch 3


def test_history_best_epoch_ties_and_plot() -> None:
    h = History(train=[3.0, 2.0, 1.0, 0.5], val=[2.0, 1.0, 1.0, 1.5])
    assert h.best_epoch == 2
    ax = h.plot(title="losses", logy=True)
    assert ax.get_title() == "losses" and ax.get_xlabel() == "epoch"
    plt.close(ax.figure)
    assert math.isclose(sum(h.train), 6.5)


def test_seeded_loops_leave_the_global_random_state_alone() -> None:
    p, loss = _quadratic([1.0, 2.0])
    torch.manual_seed(123)
    before = torch.get_rng_state()
    list(minibatches(10, 3, generator=torch.Generator().manual_seed(0)))
    fit(lambda i: loss(), torch.optim.SGD([p], lr=0.1), 10, batch_size=3, epochs=2,
        generator=torch.Generator().manual_seed(0))
    train_steps(loss, torch.optim.SGD([p], lr=0.1), steps=2)
    assert torch.equal(torch.get_rng_state(), before), "the caller's global RNG state must be untouched"


def test_train_step_is_one_update_in_the_lesson_order() -> None:
    w = torch.tensor([2.0], requires_grad=True)
    opt = torch.optim.SGD([w], lr=0.25)
    w.grad = torch.tensor([100.0])  # a stale gradient: zero_grad must forget it
    assert train_step(lambda: (w ** 2).sum(), opt) == 4.0  # the loss before the update
    assert w.item() == 1.0  # 2 - 0.25 * (2 * 2)
