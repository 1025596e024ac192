"""A tabular task with one many-level categorical feature beside numeric ones.

Introduced in lesson 07 (embeddings inside models). :func:`generate_deliveries` draws a
synthetic, documented data set -- "is a parcel delivered late?" -- so that the hidden
properties of each category are known and a learner can check what a category embedding
learned.

The generative model (one seeded ``torch.Generator``):

* ``num_depots`` depots (the categorical feature). Depot popularity follows a Zipf-like law
  ``P(d) ∝ 1 / (d + 10)``, so a few depots are common and many are rare. Each depot has two
  hidden traits drawn from N(0, 1): **congestion** ``c_d`` and **remoteness** ``r_d``.
* three numeric features on very different scales: ``distance_km`` ~ Uniform(1, 80),
  ``weight_kg`` ~ LogNormal(1, 0.6), ``hour`` ~ Uniform{6, ..., 21}.
* with ``z(x) = (x - mid) / half-range`` a fixed rescaling of each numeric feature, the
  log-odds of "late" is ``1.5 c_d + (1 + r_d) z(distance) + 0.5 z(weight) + 0.4 z(hour) - 0.3``
  -- congestion shifts every parcel of a depot, remoteness changes how much distance matters
  (an interaction an embedding fed to an MLP can represent, one weight per level cannot);
* the label is drawn from that probability (1 = late), so even the true model errs sometimes:
  :attr:`TabularData.bayes_accuracy` is the best accuracy any model can expect.

Example:
    >>> data = generate_deliveries(1000, num_depots=50, seed=0)
    >>> data.depot.shape, data.numeric.shape, data.label.dtype
    (torch.Size([1000]), torch.Size([1000, 3]), torch.int64)
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from embedlab._checks import whole_number
from embedlab.scaling import standardize as standardize  # lessons 02 and 07 call tabular.standardize
from embedlab.training import fit

NUMERIC_NAMES = ("distance_km", "weight_kg", "hour")
TRAIT_NAMES = ("congestion", "remoteness")


@dataclass
class TabularData:
    depot: torch.Tensor  # (N,) int64 category ids
    numeric: torch.Tensor  # (N, 3) float32, raw units (km, kg, hour)
    label: torch.Tensor  # (N,) int64, 1 = late
    prob_late: torch.Tensor  # (N,) the true probability used to draw the label
    traits: torch.Tensor  # (num_depots, 2) hidden congestion and remoteness

    @property
    def num_depots(self) -> int:
        return int(self.traits.shape[0])

    def __len__(self) -> int:
        return int(self.label.shape[0])

    @property
    def bayes_accuracy(self) -> float:
        """Expected accuracy of predicting with the true probabilities: mean of max(p, 1 - p)."""
        return float(torch.maximum(self.prob_late, 1 - self.prob_late).mean())

    def subset(self, index: torch.Tensor) -> "TabularData":
        return TabularData(
            self.depot[index], self.numeric[index], self.label[index], self.prob_late[index], self.traits
        )


def generate_deliveries(n: int = 8000, *, num_depots: int = 300, seed: int = 0) -> TabularData:
    """Draw ``n`` parcels from the model in the module docstring."""
    whole_number("n", n, minimum=1)
    whole_number("num_depots", num_depots, minimum=2)
    g = torch.Generator().manual_seed(seed)
    traits = torch.randn(num_depots, 2, generator=g)  # (L, 2)
    popularity = 1.0 / (torch.arange(num_depots, dtype=torch.float64) + 10.0)
    depot = torch.multinomial(popularity, n, replacement=True, generator=g)  # (N,)
    distance = 1.0 + 79.0 * torch.rand(n, generator=g)
    weight = torch.exp(1.0 + 0.6 * torch.randn(n, generator=g))
    hour = torch.randint(6, 22, (n,), generator=g).float()
    z_dist, z_weight, z_hour = (distance - 40.5) / 39.5, (weight - 3.0) / 3.0, (hour - 13.5) / 7.5
    c, r = traits[depot, 0], traits[depot, 1]
    logit = 1.5 * c + (1.0 + r) * z_dist + 0.5 * z_weight + 0.4 * z_hour - 0.3
    prob = torch.sigmoid(logit)
    label = (torch.rand(n, generator=g) < prob).long()
    numeric = torch.stack([distance, weight, hour], dim=1).float()  # (N, 3)
    return TabularData(depot, numeric, label, prob.float(), traits)


class EmbeddingMLP(nn.Module):
    """Embed the category, concatenate with the numeric features, then a one-hidden-layer MLP.

    ``Embedding(num_levels, emb_dim)`` -> cat with (B, num_numeric) -> Linear -> ReLU -> Linear.
    """

    def __init__(
        self, num_levels: int, emb_dim: int, num_numeric: int, hidden: int, num_classes: int = 2
    ) -> None:
        super().__init__()
        self.embedding = nn.Embedding(num_levels, emb_dim)
        self.hidden = nn.Linear(emb_dim + num_numeric, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category: torch.Tensor, numeric: torch.Tensor) -> torch.Tensor:
        x = torch.cat([self.embedding(category), numeric], dim=1)  # (B, E + F)
        return self.out(F.relu(self.hidden(x)))  # (B, C)


class OneHotMLP(nn.Module):
    """The same MLP fed a one-hot vector of the category instead of an embedding.

    The first layer then holds a weight column per level: ``num_levels * hidden`` weights.
    """

    def __init__(self, num_levels: int, num_numeric: int, hidden: int, num_classes: int = 2) -> None:
        super().__init__()
        self.num_levels = num_levels
        self.hidden = nn.Linear(num_levels + num_numeric, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category: torch.Tensor, numeric: torch.Tensor) -> torch.Tensor:
        hot = F.one_hot(category, self.num_levels).to(numeric.dtype)  # (B, L)
        x = torch.cat([hot, numeric], dim=1)  # (B, L + F)
        return self.out(F.relu(self.hidden(x)))  # (B, C)


def count_parameters(model: nn.Module) -> int:
    """Number of trainable numbers in ``model``."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def train_tabular(model: nn.Module, category: torch.Tensor, numeric: torch.Tensor, label: torch.Tensor, *,
                  epochs: int = 20, lr: float = 0.01, weight_decay: float = 0.0, batch_size: int = 256,
                  seed: int = 0) -> list[float]:
    """Mini-batch Adam on cross-entropy; returns the mean training loss of each epoch.

    The epochs are :func:`embedlab.training.fit`, with batches shuffled by a local generator
    seeded with ``seed`` (torch's global random state is not used).
    """
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    model.train()
    history = fit(
        lambda idx: F.cross_entropy(model(category[idx], numeric[idx]), label[idx]),  # idx: (B,)
        optimizer,
        len(label),
        batch_size=batch_size,
        epochs=epochs,
        generator=torch.Generator().manual_seed(seed),
    )
    model.eval()
    return history.train
