"""Nearest-neighbour search over embeddings: exact (normalise, matmul, topk) and an inverted file.

Introduced in lesson 08 (beyond word vectors). Exact search scores every row of the table for a
batch of queries with one matrix product. An inverted file (IVF) first groups the rows with
spherical k-means; a query then scores only the rows of its ``nprobe`` nearest groups, trading a
little recall for scanning a fraction of the table. FAISS and similar libraries do the same with
compressed vectors, several threads or a GPU.

Example:
    >>> table = torch.tensor([[1.0, 0.0], [0.0, 2.0], [-1.0, 0.1]])
    >>> scores, ids = exact_topk(torch.tensor([[3.0, 0.5]]), table, k=2)
    >>> ids.tolist()
    [[0, 1]]
    >>> index = IVFIndex.build(table, num_lists=2, iters=5, seed=0)
    >>> found, scanned = index.search(torch.tensor([[3.0, 0.5]]), k=1, nprobe=2)
    >>> found.tolist(), scanned.tolist()
    ([[0]], [3])
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from embedlab._checks import whole_number

__all__ = ["IVFIndex", "exact_topk", "recall_at_k", "spherical_kmeans"]


def _check_pair(queries: torch.Tensor, table: torch.Tensor) -> None:
    if queries.dim() != 2 or table.dim() != 2 or queries.shape[1] != table.shape[1]:
        raise ValueError(
            f"need queries (B, D) and table (N, D); got {tuple(queries.shape)} and {tuple(table.shape)}"
        )


def exact_topk(queries: torch.Tensor, table: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The ``k`` rows of ``table`` (N, D) most cosine-similar to each query (B, D).

    Returns ``(scores, ids)``, both (B, k), best first. Zero rows score 0.
    """
    _check_pair(queries, table)
    whole_number("k", k, minimum=1, maximum=table.shape[0], hint="at most the number of rows")
    q = F.normalize(queries, dim=1)  # (B, D)
    t = F.normalize(table, dim=1)  # (N, D)
    return (q @ t.T).topk(k, dim=1)  # (B, k), (B, k)


def spherical_kmeans(
    x: torch.Tensor, num_clusters: int, iters: int = 15, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """Group the rows of ``x`` (N, D) by direction: returns unit centroids (C, D) and each row's
    cluster (N,). Starts from ``num_clusters`` distinct rows chosen with ``seed``; an empty
    cluster keeps its centroid."""
    whole_number("num_clusters", num_clusters, minimum=1, maximum=x.shape[0], hint="at most one per row")
    unit = F.normalize(x, dim=1)  # (N, D)
    g = torch.Generator().manual_seed(seed)
    centroids = unit[torch.randperm(x.shape[0], generator=g)[:num_clusters]].clone()  # (C, D)
    for _ in range(iters):
        assign = (unit @ centroids.T).argmax(dim=1)  # (N,)
        sums = torch.zeros_like(centroids).index_add_(0, assign, unit)  # (C, D)
        filled = torch.bincount(assign, minlength=num_clusters) > 0  # (C,)
        centroids[filled] = F.normalize(sums[filled], dim=1)
    return centroids, (unit @ centroids.T).argmax(dim=1)


@dataclass
class IVFIndex:
    """An inverted file: unit ``vectors`` (N, D), ``centroids`` (C, D) and each row's ``lists`` id (N,)."""

    vectors: torch.Tensor
    centroids: torch.Tensor
    lists: torch.Tensor

    @classmethod
    def build(cls, table: torch.Tensor, num_lists: int, iters: int = 15, seed: int = 0) -> "IVFIndex":
        centroids, lists = spherical_kmeans(table, num_lists, iters, seed)
        return cls(F.normalize(table, dim=1), centroids, lists)

    def search(self, queries: torch.Tensor, k: int, nprobe: int) -> tuple[torch.Tensor, torch.Tensor]:
        """Ids (B, k) of the best rows among the ``nprobe`` nearest lists, best first (-1 where
        fewer than ``k`` rows were scanned), and how many rows each query scanned (B,)."""
        _check_pair(queries, self.vectors)
        whole_number("k", k, minimum=1)
        whole_number("nprobe", nprobe, minimum=1, maximum=self.centroids.shape[0], hint="at most the lists")
        q = F.normalize(queries, dim=1)  # (B, D)
        probed = (q @ self.centroids.T).topk(nprobe, dim=1).indices  # (B, nprobe)
        ids = torch.full((q.shape[0], k), -1, dtype=torch.long)  # (B, k)
        scanned = torch.zeros(q.shape[0], dtype=torch.long)  # (B,)
        for b in range(q.shape[0]):
            rows = torch.isin(self.lists, probed[b]).nonzero().squeeze(1)  # (n_b,)
            scanned[b] = rows.numel()
            top = (self.vectors[rows] @ q[b]).topk(min(k, rows.numel())).indices  # (<= k,)
            ids[b, : top.numel()] = rows[top]
        return ids, scanned


def recall_at_k(found: torch.Tensor, truth: torch.Tensor) -> float:
    """The share of the true neighbours (B, k) that were found (B, k'), averaged over queries."""
    if found.dim() != 2 or truth.dim() != 2 or found.shape[0] != truth.shape[0]:
        raise ValueError(
            f"need found (B, k') and truth (B, k); got {tuple(found.shape)} and {tuple(truth.shape)}"
        )
    hits = (found[:, :, None] == truth[:, None, :]).any(dim=1)  # (B, k)
    return hits.float().mean().item()
