"""embedlab.sentiment: the polarity data, embeddings from pretrained vectors, folds, classifiers."""

import pytest
import torch

from embedlab.sentiment import (
    BagClassifier,
    BagOfWordsClassifier,
    LSTMClassifier,
    accuracy,
    bag_of_words,
    cross_validate,
    fold_accuracies,
    load_polarity,
    pretrained_embedding,
    random_embedding,
    stratified_folds,
    summarize,
)
from embedlab.sequences import last_real_output, packed, pad_batch


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
    models = [BagClassifier(random_embedding(20, 4, seed=0)),
              LSTMClassifier(random_embedding(20, 4, seed=0), 5), BagOfWordsClassifier(20)]
    for model in models:
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


def test_bag_of_words_counts_real_tokens_only() -> None:
    ids, lengths = pad_batch([[3, 4, 3], [5]])
    counts = bag_of_words(ids, lengths, vocab_size=7)
    assert counts.dtype == torch.float32 and counts.shape == (2, 7)
    assert counts.tolist() == [[0, 0, 0, 2, 1, 0, 0], [0, 0, 0, 0, 0, 1, 0]]
    assert ids.tolist() == [[3, 4, 3], [5, 0, 0]], "the input is not modified"
    with pytest.raises(ValueError, match="lengths"):
        bag_of_words(ids, torch.tensor([3]), vocab_size=7)


def test_last_real_output_is_the_packed_final_state() -> None:
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(3, 4, batch_first=True)
    x = torch.randn(3, 5, 3)  # (B, T, D): the padded positions hold junk, as after an embedding
    lengths = torch.tensor([5, 2, 1])
    with torch.no_grad():
        out_padded, _ = lstm(x)
        _, (h_n, _) = lstm(packed(x, lengths))
    assert torch.allclose(last_real_output(out_padded, lengths), h_n[-1], atol=1e-6)
    assert not torch.allclose(out_padded[:, -1], h_n[-1], atol=1e-3)
    assert last_real_output(torch.zeros(0, 4, 2), torch.zeros(0, dtype=torch.long)).shape == (0, 2)
    for bad in [torch.tensor([0, 2, 1]), torch.tensor([6, 2, 1])]:
        with pytest.raises(ValueError, match="1..T"):
            last_real_output(out_padded, bad)


def test_fold_accuracies_reports_training_fit() -> None:
    ids = [[1, 2, 3]] * 10 + [[4, 5, 6]] * 10
    labels = torch.tensor([1] * 10 + [0] * 10)
    folds = stratified_folds(labels, k=5, seed=0)
    test, train = fold_accuracies(lambda f: BagOfWordsClassifier(7), ids, labels, folds, steps=60, lr=0.1)
    assert test == [1.0] * 5 and train == [1.0] * 5


def test_cross_validation_leaves_the_global_random_state_alone() -> None:
    id_lists = [[2 + (i % 7), 3 + (i % 5)] for i in range(24)]
    labels = torch.tensor([i % 2 for i in range(24)])
    folds = stratified_folds(labels, k=3, seed=0)

    def make(f: int) -> BagClassifier:  # nn.Linear draws its starting weights from the global RNG
        return BagClassifier(random_embedding(12, 4, seed=f))

    torch.manual_seed(123)
    before = torch.get_rng_state()
    scores = fold_accuracies(make, id_lists, labels, folds, steps=3)
    assert torch.equal(torch.get_rng_state(), before), "the caller's global RNG state must be untouched"
    torch.manual_seed(999)  # a different global state gives the same folds: fold f is seeded with f
    assert fold_accuracies(make, id_lists, labels, folds, steps=3) == scores
    before = torch.get_rng_state()
    random_embedding(12, 4, seed=1)
    stratified_folds(labels, k=3, seed=1)
    assert torch.equal(torch.get_rng_state(), before)
