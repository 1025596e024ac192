"""embedlab.sentiment: the polarity data, embeddings from pretrained vectors, folds, classifiers."""

import pytest
import torch

from embedlab.sentiment import (
    load_polarity,
    pretrained_embedding,
    random_embedding,
    stratified_folds,
)
from embedlab.sequences import last_real_output, packed


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


def test_seeded_helpers_leave_the_global_random_state_alone() -> None:
    labels = torch.tensor([i % 2 for i in range(24)])
    torch.manual_seed(123)
    before = torch.get_rng_state()
    random_embedding(12, 4, seed=1)
    stratified_folds(labels, k=3, seed=1)
    assert torch.equal(torch.get_rng_state(), before)


# -- the word-polarity experiment of lesson 07 ----------------------------------------------------
def test_vader_lexicon_holds_rated_lower_case_words() -> None:
    from embedlab.sentiment import load_vader_lexicon

    lexicon = load_vader_lexicon()
    assert len(lexicon) > 7000 and all(w.isalpha() and w.islower() for w in lexicon)
    assert all(-4.0 <= r <= 4.0 and r != 0.0 for r in lexicon.values())
    assert lexicon["good"] > 0 > lexicon["bad"] and ":)" not in lexicon


def test_split_words_holds_every_word_out_once_and_is_seeded() -> None:
    from embedlab.sentiment import split_words

    words = [f"w{i}" for i in range(50)]
    train, val, test = split_words(words, num_test=20, num_val=5, seed=3)
    assert (len(train), len(val), len(test)) == (25, 5, 20)
    assert sorted(train + val + test) == sorted(words) and not (set(train) & set(test))
    assert split_words(words, num_test=20, num_val=5, seed=3) == (train, val, test)
    assert split_words(words, num_test=20, num_val=5, seed=4) != (train, val, test)
    with pytest.raises(ValueError, match="distinct"):
        split_words(["a", "a", "b", "c"], num_test=1, num_val=1, seed=0)
    with pytest.raises(ValueError, match="training"):
        split_words(["a", "b", "c"], num_test=2, num_val=1, seed=0)


def test_one_hot_word_classifier_has_nothing_for_an_unseen_word() -> None:
    from embedlab.sentiment import OneHotWordClassifier, train_early_stopped

    torch.manual_seed(0)
    model = OneHotWordClassifier(6)
    before = model.out.weight.detach().clone()                     # (C, V)
    train_early_stopped(model, torch.tensor([0, 1, 2]), torch.tensor([1, 0, 1]), torch.tensor([0, 1]),
                        torch.tensor([1, 0]), steps=30, lr=0.1, weight_decay=0.0)
    after = model.out.weight.detach()
    assert torch.equal(after[:, 3:], before[:, 3:]), "columns of words never seen get no gradient"
    assert not torch.equal(after[:, :3], before[:, :3])
    assert model(torch.tensor([0, 1, 2])).argmax(dim=1).tolist() == [1, 0, 1]


def test_early_stopping_keeps_the_best_validation_weights() -> None:
    from embedlab.sentiment import WordClassifier, train_early_stopped

    # training words 0, 1 and validation words 2, 3 lie on one line: training helps validation at first;
    # validation word 3 is labelled against that line, so long training on 0, 1 makes its loss grow again
    table = torch.tensor([[1.0, 0.0], [-1.0, 0.0], [0.5, 0.2], [-0.5, 0.1]])
    torch.manual_seed(0)
    model = WordClassifier(torch.nn.Embedding.from_pretrained(table))
    run = train_early_stopped(model, torch.tensor([0, 1]), torch.tensor([1, 0]), torch.tensor([2, 3]),
                              torch.tensor([1, 1]), steps=100, lr=0.1, weight_decay=0.0, check_every=5)
    steps = [s for s, _ in run.checks]
    assert steps[0] == 0 and steps[-1] == 100 and all(b - a == 5 for a, b in zip(steps, steps[1:]))
    losses = dict(run.checks)
    assert losses[run.best_step] == min(losses.values())
    with torch.no_grad():
        kept = float(torch.nn.functional.cross_entropy(model(torch.tensor([2, 3])), torch.tensor([1, 1])))
    assert abs(kept - losses[run.best_step]) < 1e-6, "the model must be given back its best weights"
    assert not model.training


def test_paired_difference_matches_a_hand_computation() -> None:
    import math

    from embedlab.sentiment import paired_difference

    a = torch.tensor([True] * 60 + [False] * 40)
    b = torch.tensor([True] * 40 + [False] * 20 + [True] * 10 + [False] * 30)
    d = [1.0 if x and not y else -1.0 if y and not x else 0.0 for x, y in zip(a.tolist(), b.tolist())]
    mean = sum(d) / len(d)
    sd = math.sqrt(sum((v - mean) ** 2 for v in d) / (len(d) - 1))
    got = paired_difference(a, b)
    assert math.isclose(got.mean, 0.1) and math.isclose(got.se, sd / 10)
    assert math.isclose(got.low, mean - 1.96 * sd / 10) and math.isclose(got.high, mean + 1.96 * sd / 10)
    assert got.excludes_zero is False
    same = paired_difference(a, a)
    assert (same.mean, same.se, same.excludes_zero) == (0.0, 0.0, False)
    with pytest.raises(ValueError, match="same shape"):
        paired_difference(a, b[:10])
