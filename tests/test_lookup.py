"""embedlab.lookup: saved tables, validated lookups, pretrained vectors + <pad> and <unk> rows."""

from pathlib import Path

import pytest
import torch

from embedlab.lookup import SavedLookup, pretrained_with_unk


@pytest.fixture
def saved(tmp_path: Path) -> tuple[SavedLookup, torch.Tensor]:
    weight = torch.arange(12, dtype=torch.float32).reshape(4, 3)  # (V=4, D=3)
    SavedLookup.save(weight, tmp_path / "w.pt")
    return SavedLookup(tmp_path / "w.pt"), weight


def test_saved_lookup_round_trip_and_shapes(saved) -> None:
    lookup, weight = saved
    assert (lookup.num_embeddings, lookup.embedding_dim) == (4, 3)
    assert torch.equal(lookup.weight, weight)
    out = lookup(torch.tensor([[3, 0], [1, 1]]))
    assert out.shape == (2, 2, 3) and torch.equal(out, weight[torch.tensor([[3, 0], [1, 1]])])
    assert lookup(torch.tensor(2)).tolist() == weight[2].tolist()
    assert "num_embeddings=4" in repr(lookup)


@pytest.mark.parametrize("bad", [torch.tensor([4]), torch.tensor([0, -1]), torch.tensor([[1, 9]])])
def test_out_of_range_ids_name_the_id_and_the_range(saved, bad: torch.Tensor) -> None:
    lookup, _ = saved
    first_bad = int(bad[(bad < 0) | (bad >= 4)][0])
    message = rf"id {first_bad} is out of range for 4 rows \(valid ids are 0\.\.3\)"
    with pytest.raises(IndexError, match=message):
        lookup(bad)


@pytest.mark.parametrize("bad", [torch.tensor([1.0]), torch.tensor([True])])
def test_non_integer_ids_are_rejected(saved, bad: torch.Tensor) -> None:
    lookup, _ = saved
    with pytest.raises(TypeError, match="integer tensor"):
        lookup(bad)


def test_missing_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no saved embedding matrix at"):
        SavedLookup(tmp_path / "nope.pt")
    torch.save(torch.arange(5), tmp_path / "ints.pt")
    with pytest.raises(ValueError, match="2-D float tensor"):
        SavedLookup(tmp_path / "ints.pt")
    torch.save({"weight": torch.ones(2, 2)}, tmp_path / "dict.pt")
    with pytest.raises(ValueError, match="found dict"):
        SavedLookup(tmp_path / "dict.pt")
    with pytest.raises(ValueError, match="2-D float tensor"):
        SavedLookup.save(torch.ones(3), tmp_path / "x.pt")


def test_pretrained_with_unk() -> None:
    vectors = torch.tensor([[1.0, 0.0], [3.0, 2.0]], dtype=torch.float64)
    emb, itos = pretrained_with_unk(["a", "b"], vectors)
    assert itos == ["<pad>", "<unk>", "a", "b"]
    assert emb.weight.dtype == torch.float32 and not emb.weight.requires_grad and emb.padding_idx == 0
    assert emb.weight.tolist() == [[0.0, 0.0], [2.0, 1.0], [1.0, 0.0], [3.0, 2.0]]
    emb2, _ = pretrained_with_unk(["a", "b"], vectors, freeze=False)
    with torch.no_grad():
        emb2.weight.add_(1.0)
    assert vectors.tolist() == [[1.0, 0.0], [3.0, 2.0]], "the layer must not share memory with the input"
    assert emb2.weight.requires_grad


def test_pretrained_with_unk_pad_row_is_frozen_and_unk_row_learns() -> None:
    emb, _ = pretrained_with_unk(["a", "b"], torch.tensor([[1.0, 0.0], [3.0, 2.0]]), freeze=False)
    emb(torch.tensor([[2, 1, 0, 0]])).sum().backward()  # "a", "<unk>", then padding
    assert emb.weight.grad.tolist() == [[0.0, 0.0], [1.0, 1.0], [1.0, 1.0], [0.0, 0.0]]


def test_pretrained_with_unk_errors() -> None:
    with pytest.raises(ValueError, match="one vector per word"):
        pretrained_with_unk(["a"], torch.ones(2, 3))
    with pytest.raises(ValueError, match="one vector per word"):
        pretrained_with_unk([], torch.ones(0, 3))
    for special in ["<unk>", "<pad>"]:
        with pytest.raises(ValueError, match="already one of the words"):
            pretrained_with_unk([special], torch.ones(1, 3))
