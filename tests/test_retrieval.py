"""embedlab.retrieval: exact top-k, spherical k-means, the inverted file and recall."""

import pytest
import torch
import torch.nn.functional as F

from embedlab.retrieval import IVFIndex, exact_topk, recall_at_k, spherical_kmeans


def test_exact_topk_is_cosine_not_dot_product() -> None:
    table = torch.tensor([[10.0, 10.0], [1.0, 0.0], [0.0, 1.0]])
    scores, ids = exact_topk(torch.tensor([[1.0, 0.1]]), table, k=2)
    assert ids.tolist() == [[1, 0]]
    assert scores.shape == (1, 2) and scores[0, 0] > scores[0, 1]


def test_exact_topk_matches_brute_force() -> None:
    g = torch.Generator().manual_seed(0)
    table, queries = torch.randn(50, 6, generator=g), torch.randn(4, 6, generator=g)
    _, ids = exact_topk(queries, table, k=5)
    sims = F.cosine_similarity(queries[:, None, :], table[None, :, :], dim=2)
    assert torch.equal(ids, sims.argsort(dim=1, descending=True)[:, :5])


def test_exact_topk_refuses_bad_k_and_shapes() -> None:
    with pytest.raises(ValueError, match="k"):
        exact_topk(torch.zeros(1, 2), torch.ones(3, 2), k=4)
    with pytest.raises(ValueError, match="queries"):
        exact_topk(torch.zeros(1, 3), torch.ones(3, 2), k=1)


def test_kmeans_finds_separated_groups() -> None:
    g = torch.Generator().manual_seed(1)
    x = torch.cat([torch.tensor([1.0, 0.0]) + 0.05 * torch.randn(20, 2, generator=g),
                   torch.tensor([0.0, 1.0]) + 0.05 * torch.randn(20, 2, generator=g)])
    centroids, assign = spherical_kmeans(x, 2, iters=10, seed=0)
    assert torch.allclose(centroids.norm(dim=1), torch.ones(2))
    assert len(set(assign[:20].tolist())) == 1 and len(set(assign[20:].tolist())) == 1
    assert assign[0] != assign[20]


def test_ivf_with_every_list_probed_is_exact() -> None:
    g = torch.Generator().manual_seed(2)
    table, queries = torch.randn(200, 8, generator=g), torch.randn(10, 8, generator=g)
    index = IVFIndex.build(table, num_lists=8, iters=5)
    found, scanned = index.search(queries, k=10, nprobe=8)
    _, truth = exact_topk(queries, table, k=10)
    assert torch.equal(found, truth) and scanned.tolist() == [200] * 10
    few, scanned1 = index.search(queries, k=10, nprobe=1)
    assert (scanned1 < 200).all()
    assert 0.0 < recall_at_k(few, truth) <= 1.0


def test_ivf_pads_with_minus_one() -> None:
    index = IVFIndex.build(torch.tensor([[1.0, 0.0], [0.0, 1.0], [0.1, 1.0]]), num_lists=2, iters=3)
    found, scanned = index.search(torch.tensor([[1.0, 0.0]]), k=2, nprobe=1)
    assert scanned.tolist() == [1] and found.tolist() == [[0, -1]]


def test_recall() -> None:
    assert recall_at_k(torch.tensor([[1, 2], [3, 4]]), torch.tensor([[2, 9], [3, 4]])) == 0.75
    with pytest.raises(ValueError):
        recall_at_k(torch.tensor([1, 2]), torch.tensor([[1, 2]]))
