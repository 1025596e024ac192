"""embedlab.sentiment: the polarity data, embeddings from pretrained vectors, folds, classifiers."""

import pytest
import torch

from embedlab.sentiment import (
    BagClassifier, LSTMClassifier, accuracy, cross_validate, load_polarity, pretrained_embedding,
    random_embedding, stratified_folds, summarize,
)
from embedlab.sequences import pad_batch


def test_polarity_data_is_balanced_and_tokenized() -> None:
    sentences, labels = load_polarity()
    assert len(sentences) == 200 and labels.dtype == torch.long
    assert int(labels.sum()) == 100
    assert all(s and all(t == t.lower() for t in s) for s in sentences)


def test_pretrained_embedding_copies_known_rows_and_zeroes_padding() -> None:
    vectors = {"cat": [1.0, 2.0], "dog": [3.0, 4.0]}
    emb, found = pretrained_embedding(["<pad>", "cat", "zebra", "dog"], vectors, seed=0, freeze=True)
    assert found == 2 and not emb.weight.requires_grad
    assert emb.weight[1].tolist() == [1.0, 2.0] and emb.weight[3].tolist() == [3.0, 4.0]
    assert emb.weight[0].tolist() == [0.0, 0.0] and emb.padding_idx == 0
    tuned, _ = pretrained_embedding(["<pad>", "cat"], vectors, seed=0, freeze=False)
    assert tuned.weight.requires_grad
    with pytest.raises(ValueError, match="lower-cased"):
        pretrained_embedding(["<pad>", "CAT"], vectors, seed=0, freeze=True)


def test_random_embedding_is_seeded() -> None:
    a, b = random_embedding(10, 4, seed=1), random_embedding(10, 4, seed=1)
    assert torch.equal(a.weight, b.weight) and a.weight[0].abs().sum() == 0


def test_stratified_folds_partition_and_balance() -> None:
    labels = torch.tensor([0] * 10 + [1] * 10)
    folds = stratified_folds(labels, k=5, seed=0)
    tests = torch.cat([te for _, te in folds]).tolist()
    assert sorted(tests) == list(range(20))
    for train, test in folds:
        assert len(set(train.tolist()) & set(test.tolist())) == 0
        assert labels[test].tolist().count(1) == 2
    with pytest.raises(ValueError, match="fewer than k"):
        stratified_folds(torch.tensor([0, 0, 1]), k=2)


def test_classifiers_ignore_padding() -> None:
    torch.manual_seed(0)
    for model in [BagClassifier(random_embedding(20, 4, seed=0)), LSTMClassifier(random_embedding(20, 4, seed=0), 5)]:
        short, short_len = pad_batch([[3, 4]])
        both, both_len = pad_batch([[3, 4], [5, 6, 7, 8, 9]])
        with torch.no_grad():
            assert torch.allclose(model(short, short_len)[0], model(both, both_len)[0], atol=1e-6)


def test_cross_validation_learns_a_separable_toy_task() -> None:
    ids = [[1, 2, 3]] * 10 + [[4, 5, 6]] * 10
    labels = torch.tensor([1] * 10 + [0] * 10)
    folds = stratified_folds(labels, k=5, seed=0)
    scores = cross_validate(lambda f: BagClassifier(random_embedding(7, 4, seed=f)), ids, labels, folds,
                            steps=60, lr=0.05)
    assert scores == [1.0] * 5
    (name, mean, std), = summarize({"toy": scores})
    assert name == "toy" and mean == 1.0 and std == 0.0
    assert accuracy(torch.tensor([[2.0, 1.0], [0.0, 3.0]]), torch.tensor([0, 0])) == 0.5
