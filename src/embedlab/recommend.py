"""Collaborative filtering: synthetic ratings with a known answer, and a dot-product model.

Introduced in lesson 07. No rating data set ships offline, so :func:`generate_ratings`
draws ratings from a documented low-rank model; because the truth is returned too, a
learner can check what a trained model recovered.

The generative model (all draws from one seeded ``torch.Generator``):

* every item has a hidden **genre** ``g(i)`` in ``0..num_genres-1`` (uniform);
* item factors ``q_i = genre_strength * c_{g(i)} + item_spread * N(0, I)``, where the
  genre centres ``c_g`` are ``rank``-dimensional, unit length and spread evenly;
* user factors ``p_u ~ N(0, I)`` (``rank`` dimensions); user and item biases
  ``b_u ~ N(0, user_bias_std²)``, ``b_i ~ N(0, item_bias_std²)``;
* a random fraction ``density`` of all (user, item) pairs is observed, with rating
  ``r_ui = mean + b_u + b_i + p_u · q_i + sigma * N(0, 1)``.

Ratings are *not* rounded or clipped to stars, so ``sigma`` is exactly the noise floor:
no model can have an expected RMSE below it on fresh ratings.

Example:
    >>> data = generate_ratings(num_users=50, num_items=40, density=0.2, seed=0)
    >>> data.users.shape == data.items.shape == data.ratings.shape
    True
    >>> model = DotProductModel(50, 40, dim=3, global_mean=float(data.ratings.mean()))
    >>> model(data.users[:4], data.items[:4]).shape
    torch.Size([4])
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn as nn

from embedlab._checks import in_unit_interval, positive_number, whole_number
from embedlab.training import train_steps


@dataclass
class RatingData:
    """Observed ratings as parallel 1-D tensors, plus the hidden truth that produced them."""

    users: torch.Tensor  # (N,) int64 user ids
    items: torch.Tensor  # (N,) int64 item ids
    ratings: torch.Tensor  # (N,) float32
    user_factors: torch.Tensor  # (U, rank) true p_u
    item_factors: torch.Tensor  # (I, rank) true q_i
    user_bias: torch.Tensor  # (U,)
    item_bias: torch.Tensor  # (I,)
    item_genre: torch.Tensor  # (I,) int64 hidden genre of each item
    mean: float
    sigma: float

    @property
    def num_users(self) -> int:
        return int(self.user_factors.shape[0])

    @property
    def num_items(self) -> int:
        return int(self.item_factors.shape[0])

    def __len__(self) -> int:
        return int(self.ratings.shape[0])

    def split(self, test_fraction: float = 0.2, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
        """Random (train_index, test_index) over the observed ratings (int64 tensors)."""
        in_unit_interval("test_fraction", test_fraction, include_high=False,
                         hint="the share of ratings held out for testing")
        order = torch.randperm(len(self), generator=torch.Generator().manual_seed(seed))
        n_test = max(1, round(test_fraction * len(self)))
        return order[n_test:], order[:n_test]


def genre_centres(num_genres: int, rank: int) -> torch.Tensor:
    """Unit-length, evenly spread genre centres: (num_genres, rank).

    In 2 dimensions they sit on a circle; with ``rank >= num_genres`` they are the first
    ``num_genres`` axes.
    """
    if rank >= num_genres:
        return torch.eye(rank)[:num_genres].clone()
    angles = torch.arange(num_genres, dtype=torch.float64) * (2 * math.pi / num_genres)
    centres = torch.zeros(num_genres, rank, dtype=torch.float64)
    centres[:, 0] = angles.cos()
    if rank > 1:
        centres[:, 1] = angles.sin()
    return centres.float()


def generate_ratings(
    num_users: int = 400,
    num_items: int = 300,
    *,
    rank: int = 3,
    num_genres: int = 3,
    density: float = 0.1,
    mean: float = 3.5,
    user_bias_std: float = 0.4,
    item_bias_std: float = 0.4,
    genre_strength: float = 1.0,
    item_spread: float = 0.3,
    sigma: float = 0.5,
    seed: int = 0,
) -> RatingData:
    """Draw ratings from the low-rank model in the module docstring (seedable, exact)."""
    for name, value in [("num_users", num_users), ("num_items", num_items), ("rank", rank),
                        ("num_genres", num_genres)]:
        whole_number(name, value, minimum=1)
    in_unit_interval("density", density, hint="it is the observed fraction of (user, item) pairs")
    positive_number("sigma", sigma, allow_zero=True, hint="it is the standard deviation of the rating noise")
    g = torch.Generator().manual_seed(seed)
    genre = torch.randint(0, num_genres, (num_items,), generator=g)  # (I,)
    centres = genre_centres(num_genres, rank)  # (G, rank)
    item_factors = genre_strength * centres[genre] + item_spread * torch.randn(num_items, rank, generator=g)
    user_factors = torch.randn(num_users, rank, generator=g)  # (U, rank)
    user_bias = user_bias_std * torch.randn(num_users, generator=g)
    item_bias = item_bias_std * torch.randn(num_items, generator=g)
    observed = torch.rand(num_users, num_items, generator=g) < density  # (U, I)
    users, items = observed.nonzero(as_tuple=True)  # (N,), (N,)
    if users.numel() == 0:
        raise ValueError("no rating was drawn: raise density or the number of users/items")
    clean = mean + user_bias[users] + item_bias[items] + (user_factors[users] * item_factors[items]).sum(1)
    ratings = clean + sigma * torch.randn(users.shape[0], generator=g)
    return RatingData(users=users, items=items, ratings=ratings.float(), user_factors=user_factors,
                      item_factors=item_factors, user_bias=user_bias, item_bias=item_bias,
                      item_genre=genre, mean=mean, sigma=sigma)


class DotProductModel(nn.Module):
    """Predict a rating as ``global_mean + b_u + b_i + <p_u, q_i>`` from learned embeddings.

    ``user_factors``/``item_factors`` are ``nn.Embedding`` tables of size ``dim``;
    biases are 1-wide embeddings. Factors start small (std ``init_std``), biases at 0.
    """

    def __init__(self, num_users: int, num_items: int, dim: int, global_mean: float = 0.0,
                 init_std: float = 0.1) -> None:
        super().__init__()
        self.user_factors = nn.Embedding(num_users, dim)
        self.item_factors = nn.Embedding(num_items, dim)
        self.user_bias = nn.Embedding(num_users, 1)
        self.item_bias = nn.Embedding(num_items, 1)
        self.global_mean = float(global_mean)
        with torch.no_grad():
            self.user_factors.weight.normal_(0.0, init_std)
            self.item_factors.weight.normal_(0.0, init_std)
            self.user_bias.weight.zero_()
            self.item_bias.weight.zero_()

    def forward(self, users: torch.Tensor, items: torch.Tensor) -> torch.Tensor:
        """(B,) user ids, (B,) item ids -> (B,) predicted ratings."""
        if users.dtype != torch.long or items.dtype != torch.long:
            raise TypeError(
                f"user and item ids must be int64 tensors, got {users.dtype} and {items.dtype}; use .long()"
            )
        if users.shape != items.shape:
            raise ValueError(
                f"need one item per user: got shapes {tuple(users.shape)} and {tuple(items.shape)}"
            )
        dot = (self.user_factors(users) * self.item_factors(items)).sum(dim=-1)  # (B, D) -> (B,)
        bias = self.user_bias(users).squeeze(-1) + self.item_bias(items).squeeze(-1)  # (B,)
        return self.global_mean + bias + dot


def rmse(pred: torch.Tensor, target: torch.Tensor) -> float:
    """Root mean squared error between two tensors of the same shape, as a float."""
    if pred.shape != target.shape:
        raise ValueError(
            f"pred and target must have the same shape, got {tuple(pred.shape)} and {tuple(target.shape)} "
            "(a (B, 1) prediction against a (B,) target would broadcast to (B, B): squeeze it)"
        )
    if pred.numel() == 0:
        raise ValueError("rmse of zero ratings is undefined")
    return float(((pred.detach().double() - target.detach().double()) ** 2).mean().sqrt())


def recommend_unrated(
    user_vecs: torch.Tensor,
    item_vecs: torch.Tensor,
    item_bias: torch.Tensor,
    rated_users: torch.Tensor,
    rated_items: torch.Tensor,
    users: torch.Tensor,
    k: int,
) -> list[list[int]]:
    """Each user's ``k`` best-scoring items among those they have not rated, best first.

    An item's score for user ``u`` is ``b_i + p_u · q_i``; the mean and ``b_u`` are the same
    for every item of one user, so they cannot change the order. Rating ``n`` says that user
    ``rated_users[n]`` rated item ``rated_items[n]``. Ties go to the smaller item id. A user
    with fewer than ``k`` unrated items gets all of them. Returns one list of item ids
    (Python ints) per entry of ``users``.

    >>> P = torch.tensor([[1.0, 0.0], [0.0, 1.0]])             # 2 users, D = 2
    >>> Q = torch.tensor([[3.0, 0.0], [2.0, 1.0], [0.0, 2.0]])  # 3 items
    >>> recommend_unrated(P, Q, torch.zeros(3), torch.tensor([0]), torch.tensor([0]), torch.tensor([0, 1]), 2)
    [[1, 2], [2, 1]]
    """
    k = whole_number("k", k, minimum=0)
    if user_vecs.dim() != 2 or item_vecs.dim() != 2 or user_vecs.shape[1] != item_vecs.shape[1]:
        raise ValueError(
            f"need user_vecs (U, D) and item_vecs (I, D) with the same D, got {tuple(user_vecs.shape)} "
            f"and {tuple(item_vecs.shape)}"
        )
    if item_bias.shape != (item_vecs.shape[0],):
        raise ValueError(f"item_bias must have shape ({item_vecs.shape[0]},), got {tuple(item_bias.shape)}")
    if rated_users.shape != rated_items.shape:
        raise ValueError(
            f"rated_users and rated_items must be parallel, got shapes {tuple(rated_users.shape)} "
            f"and {tuple(rated_items.shape)}"
        )
    with torch.no_grad():
        p = user_vecs.detach().double()[users]  # (B, D): the requested users' rows
        scores = item_bias.detach().double() + p @ item_vecs.detach().double().T  # (B, I)
        rated = torch.zeros(user_vecs.shape[0], item_vecs.shape[0], dtype=torch.bool)  # (U, I)
        rated[rated_users, rated_items] = True
        seen = rated[users]  # (B, I)
    out = []
    for row, done in zip(scores.tolist(), seen.tolist()):
        candidates = [i for i in range(len(row)) if not done[i]]
        candidates.sort(key=lambda i: (-row[i], i))
        out.append(candidates[:k])
    return out


def train_dot_product(
    data: RatingData,
    train_index: torch.Tensor,
    *,
    dim: int = 3,
    weight_decay: float = 1e-3,
    lr: float = 0.05,
    steps: int = 300,
    seed: int = 0,
) -> tuple[DotProductModel, list[float]]:
    """Fit a :class:`DotProductModel` on the ratings in ``train_index`` (full batch, Adam).

    ``weight_decay`` is Adam's L2 penalty on every parameter (embeddings and biases).
    ``seed`` fixes the model's starting weights: they are drawn inside
    ``torch.random.fork_rng()``, so the caller's global random state is left as it was.
    Returns the model and the training MSE before each step (:func:`embedlab.training.train_steps`).
    """
    users, items, ratings = data.users[train_index], data.items[train_index], data.ratings[train_index]
    with torch.random.fork_rng(devices=[]):
        # nn.Embedding draws its starting weights from torch's global RNG: seed it only inside the fork
        torch.manual_seed(seed)
        model = DotProductModel(data.num_users, data.num_items, dim, global_mean=float(ratings.mean()))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    losses = train_steps(lambda: ((model(users, items) - ratings) ** 2).mean(), optimizer, steps)
    return model, losses


def align(learned: torch.Tensor, truth: torch.Tensor) -> tuple[torch.Tensor, float]:
    """Best linear map of ``learned`` (N, D) onto ``truth`` (N, K) by least squares.

    Embeddings are only defined up to an invertible linear map (``p·q = (pA)·(qA^{-T})``),
    so we compare after fitting one. Returns the mapped vectors (N, K) and R² (fraction of
    the variance of ``truth`` explained; 1 is perfect recovery).
    """
    if learned.dim() != 2 or truth.dim() != 2 or learned.shape[0] != truth.shape[0]:
        raise ValueError(
            f"need (N, D) and (N, K) with the same N, got {tuple(learned.shape)} and {tuple(truth.shape)}"
        )
    x = learned.detach().double()
    y = truth.detach().double()
    x1 = torch.cat([x, torch.ones(x.shape[0], 1, dtype=x.dtype)], dim=1)  # (N, D+1)
    coef = torch.linalg.lstsq(x1, y).solution  # (D+1, K)
    mapped = x1 @ coef
    resid = ((y - mapped) ** 2).sum()
    total = ((y - y.mean(0)) ** 2).sum()
    return mapped.float(), float(1.0 - resid / total)
