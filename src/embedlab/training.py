"""Training loops: the plain step loop, mini-batches and epochs, and a loss history.

Introduced in lesson 04 (gradient descent), where the learner writes each piece once;
later lessons use these reference versions so that they work whatever the learner wrote.
Everything here is generic (any parameters, any loss); it knows nothing about words.

The order inside every step is the one the lesson teaches::

    optimizer.zero_grad()   # forget the previous step's gradients
    loss = compute_loss()   # forward pass: builds the graph
    loss.backward()         # fills p.grad for every parameter
    optimizer.step()        # moves each parameter against its gradient

Example:
    >>> w = torch.zeros(2, requires_grad=True)
    >>> opt = torch.optim.SGD([w], lr=0.1)
    >>> losses = train_steps(lambda: ((w - torch.tensor([3.0, -1.0])) ** 2).sum(), opt, steps=100)
    >>> [round(v, 3) for v in w.tolist()], losses[0]
    ([3.0, -1.0], 10.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import torch
from tqdm.auto import tqdm

from embedlab._checks import generator_or_none, whole_number

if TYPE_CHECKING:  # matplotlib is imported when a plot is drawn: lesson 07's trainers never draw
    from matplotlib.axes import Axes


def _check_optimizer(optimizer: object) -> None:
    if not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(
            f"optimizer must be a torch.optim.Optimizer, got {type(optimizer).__name__}; "
            "build one with e.g. torch.optim.SGD(params, lr=0.1)"
        )


def _scalar(loss: object) -> torch.Tensor:
    if not isinstance(loss, torch.Tensor) or loss.numel() != 1:
        shape = tuple(loss.shape) if isinstance(loss, torch.Tensor) else type(loss).__name__
        raise ValueError(
            f"the loss function must return a scalar tensor, got {shape}; "
            "reduce it with .mean() or .sum()"
        )
    return loss


def train_step(compute_loss: Callable[[], torch.Tensor], optimizer: torch.optim.Optimizer) -> float:
    """One update in the lesson's order; return the loss *before* the update, as a float.

    ``optimizer.zero_grad()``, ``loss = compute_loss()`` (the forward pass), ``loss.backward()``,
    ``optimizer.step()``. Every loop of the course goes through here: :func:`train_steps`,
    :func:`trajectory` and :func:`fit`, and through them lesson 07's trainers.

    >>> w = torch.tensor([1.0], requires_grad=True)
    >>> train_step(lambda: (w ** 2).sum(), torch.optim.SGD([w], lr=0.25)), w.item()
    (1.0, 0.5)
    """
    optimizer.zero_grad()
    loss = _scalar(compute_loss())
    loss.backward()
    optimizer.step()
    return loss.item()


def train_steps(
    compute_loss: Callable[[], torch.Tensor],
    optimizer: torch.optim.Optimizer,
    steps: int,
    *,
    progress: bool = False,
    desc: str = "training",
) -> list[float]:
    """Run ``steps`` full-batch steps; return the loss *before* each step (floats).

    ``compute_loss()`` recomputes the loss from the optimizer's parameters each call.
    """
    _check_optimizer(optimizer)
    whole_number("steps", steps, minimum=0)
    return [train_step(compute_loss, optimizer) for _ in tqdm(range(steps), desc=desc, disable=not progress)]


def trajectory(
    params: list[torch.Tensor],
    compute_loss: Callable[[], torch.Tensor],
    optimizer: torch.optim.Optimizer,
    steps: int,
) -> tuple[torch.Tensor, list[float]]:
    """Like :func:`train_steps`, also recording where the parameters went.

    Returns ``(path, losses)``: ``path`` has shape (steps + 1, P) -- the flattened
    parameters before the first step and after every step -- and ``losses`` the loss
    before each step. Lesson 04 draws ``path`` on a contour plot of the loss.
    """
    _check_optimizer(optimizer)
    whole_number("steps", steps, minimum=0)

    def flat() -> torch.Tensor:
        return torch.cat([p.detach().reshape(-1) for p in params]).clone()  # (P,)

    points = [flat()]
    losses: list[float] = []
    for _ in range(steps):
        losses.append(train_step(compute_loss, optimizer))
        points.append(flat())
    return torch.stack(points), losses  # (steps + 1, P)


def minibatches(
    num_examples: int,
    batch_size: int,
    *,
    shuffle: bool = True,
    generator: torch.Generator | None = None,
    drop_last: bool = False,
) -> Iterator[torch.Tensor]:
    """Yield int64 index tensors that cover ``range(num_examples)`` once: one epoch.

    Every batch has ``batch_size`` indices except possibly the last, which holds the rest
    (dropped when ``drop_last``). With ``shuffle`` the order comes from ``generator``
    (seed it for reproducible epochs); the global random state is not used when a
    generator is given.

    Example:
        >>> [b.tolist() for b in minibatches(5, 2, shuffle=False)]
        [[0, 1], [2, 3], [4]]
    """
    whole_number("num_examples", num_examples, minimum=0)
    whole_number("batch_size", batch_size, minimum=1)
    generator_or_none(generator)
    order = torch.randperm(num_examples, generator=generator) if shuffle else torch.arange(num_examples)
    for start in range(0, num_examples, batch_size):
        batch = order[start:start + batch_size]  # (<= batch_size,)
        if drop_last and len(batch) < batch_size:
            return
        yield batch


@dataclass
class History:
    """Per-epoch losses of a :func:`fit` run, and where validation was best."""

    train: list[float] = field(default_factory=list)
    val: list[float] = field(default_factory=list)
    stopped_early: bool = False

    @property
    def best_epoch(self) -> int:
        """1-based epoch with the lowest validation loss (ties: the earliest)."""
        if not self.val:
            raise ValueError("no validation losses recorded; pass val_loss= to fit()")
        return min(range(len(self.val)), key=lambda i: (self.val[i], i)) + 1

    def plot(self, *, title: str, ax: Axes | None = None, logy: bool = False) -> Axes:
        """Training (and validation) loss per epoch, with the best epoch marked."""
        import matplotlib.pyplot as plt

        if ax is None:
            _, ax = plt.subplots(figsize=(6, 4))
        epochs = range(1, len(self.train) + 1)
        ax.plot(epochs, self.train, label="training loss")
        if self.val:
            ax.plot(epochs, self.val, label="validation loss")
            ax.axvline(self.best_epoch, color="grey", linestyle="--", label=f"best epoch ({self.best_epoch})")
        if logy:
            ax.set_yscale("log")
        ax.set(title=title, xlabel="epoch", ylabel="loss")
        ax.grid(True, alpha=0.3)
        ax.legend()
        return ax


def fit(
    batch_loss: Callable[[torch.Tensor], torch.Tensor],
    optimizer: torch.optim.Optimizer,
    num_examples: int,
    *,
    batch_size: int,
    epochs: int,
    generator: torch.Generator | None = None,
    val_loss: Callable[[], torch.Tensor | float] | None = None,
    patience: int | None = None,
    progress: bool = False,
) -> History:
    """Mini-batch training for ``epochs`` epochs, with optional early stopping.

    ``batch_loss(idx)`` returns the mean loss of the examples ``idx`` (an int64 tensor).
    The recorded training loss of an epoch is the size-weighted mean of its batch losses
    (measured while the parameters moved). ``val_loss()`` is evaluated under
    ``torch.no_grad()`` after each epoch. With ``patience``, training stops once the
    validation loss has not improved for ``patience`` epochs, and the parameters are
    put back to their values at the best epoch.

    Example:
        >>> x = torch.linspace(0, 1, 20); y = 3 * x
        >>> w = torch.zeros(1, requires_grad=True)
        >>> h = fit(lambda i: ((w * x[i] - y[i]) ** 2).mean(), torch.optim.SGD([w], lr=0.5),
        ...         20, batch_size=5, epochs=30, generator=torch.Generator().manual_seed(0))
        >>> round(w.item(), 2), len(h.train)
        (3.0, 30)
    """
    _check_optimizer(optimizer)
    whole_number("num_examples", num_examples, minimum=1)
    whole_number("epochs", epochs, minimum=0)
    if patience is not None:
        whole_number("patience", patience, minimum=1)
        if val_loss is None:
            raise ValueError("early stopping (patience=...) needs a val_loss function to watch")
    params = [p for group in optimizer.param_groups for p in group["params"]]
    history = History()
    best, best_state, since_best = math.inf, None, 0
    for _ in tqdm(range(epochs), desc="epochs", disable=not progress):
        total = 0.0
        for idx in minibatches(num_examples, batch_size, generator=generator):
            total += train_step(lambda: batch_loss(idx), optimizer) * len(idx)
        history.train.append(total / num_examples)
        if val_loss is None:
            continue
        with torch.no_grad():
            current = float(val_loss())
        history.val.append(current)
        if current < best:
            best, since_best = current, 0
            best_state = [p.detach().clone() for p in params]
        else:
            since_best += 1
            if patience is not None and since_best >= patience:
                history.stopped_early = True
                break
    if patience is not None and best_state is not None:
        with torch.no_grad():
            for p, saved in zip(params, best_state):
                p.copy_(saved)
    return history
