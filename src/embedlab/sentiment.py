"""Sentiment from embeddings: data, word classifiers, and honest evaluation.

Introduced in lesson 07 (embeddings inside models). The 200 labelled movie-review sentences that
gensim ships (:func:`load_polarity`; ``pang_lee_polarity.cor``, a sample of the sentence polarity
data of Pang and Lee, 2005: 100 positive, 100 negative) are the lesson's small contrast, with
:func:`stratified_folds` and :func:`accuracy`; tables for them come from :func:`random_embedding`
and :func:`pretrained_embedding`.

Lesson 07 also asks a question those 200 sentences cannot answer: do pretrained vectors let a
model judge words it never saw labelled? The data for that are the human ratings of VADER's
lexicon (:func:`load_vader_lexicon`: about 7,000 words rated from -4 to 4, MIT licence, shipped
with the ``vaderSentiment`` package). Words, not sentences, are split into training, validation
and test sets (:func:`split_words`); a word is classified from its own id
(:class:`OneHotWordClassifier`, no embedding: an unseen word has nothing but the bias) or from its
row of an embedding table (:class:`WordClassifier`), every model trained the same way with early
stopping (:func:`train_early_stopped`), and two models are compared on the same test words by
:func:`paired_difference`.

Example:
    >>> sentences, labels = load_polarity()
    >>> len(sentences), labels.sum().item()
    (200, 100)
    >>> random_embedding(50, 8, seed=0).weight.shape
    torch.Size([50, 8])
"""

from __future__ import annotations

import importlib.resources
import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

from embedlab._checks import whole_number
from embedlab.data import datapath, tokenize
from embedlab.sequences import PAD_ID

__all__ = [
    "load_polarity", "random_embedding", "pretrained_embedding", "stratified_folds", "accuracy",
    "load_vader_lexicon", "split_words", "OneHotWordClassifier", "WordClassifier", "EarlyStopped",
    "train_early_stopped", "PairedDifference", "paired_difference",
]


def load_polarity() -> tuple[list[list[str]], torch.Tensor]:
    """The 200 polarity sentences as token lists, and their labels (int64, 1 = positive).

    The file is Windows-1252 encoded (it holds a few em dashes), one sentence per line,
    each starting with ``__label__pos`` or ``__label__neg``.
    """
    sentences: list[list[str]] = []
    labels: list[int] = []
    with open(datapath("polarity"), encoding="cp1252") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            tag, _, text = line.strip().partition(" ")
            if tag not in ("__label__pos", "__label__neg"):
                raise ValueError(f"line {line_number}: expected __label__pos or __label__neg, got {tag!r}")
            sentences.append(tokenize(text))
            labels.append(1 if tag == "__label__pos" else 0)
    return sentences, torch.tensor(labels, dtype=torch.long)


def random_embedding(num_embeddings: int, dim: int, *, seed: int, std: float = 1.0,
                     padding_idx: int = PAD_ID, freeze: bool = False) -> nn.Embedding:
    """A trainable (or frozen) embedding drawn from N(0, std²), with a zero padding row."""
    weight = std * torch.randn(num_embeddings, dim, generator=torch.Generator().manual_seed(seed))
    weight[padding_idx] = 0.0
    return nn.Embedding.from_pretrained(weight, freeze=freeze, padding_idx=padding_idx)


def pretrained_embedding(itos: Sequence[str], vectors: object, *, seed: int, freeze: bool,
                         padding_idx: int = PAD_ID) -> tuple[nn.Embedding, int]:
    """An embedding whose row i is the pretrained vector of ``itos[i]``.

    ``vectors`` is anything with ``word in vectors`` and ``vectors[word]`` (our
    :class:`embedlab.word_vectors.WordVectors`, or gensim's ``KeyedVectors``). Words without a
    pretrained vector get random rows with the same standard deviation as the pretrained ones;
    the padding row is zero. Returns the embedding and how many words were found.
    """
    found_rows: dict[int, torch.Tensor] = {}
    for i, word in enumerate(itos):
        if i != padding_idx and word in vectors:  # type: ignore[operator]
            found_rows[i] = torch.as_tensor(vectors[word], dtype=torch.float32)  # type: ignore[index]
    if not found_rows:
        raise ValueError("none of the words has a pretrained vector: are both lower-cased the same way?")
    stacked = torch.stack(list(found_rows.values()))  # (F, D)
    g = torch.Generator().manual_seed(seed)
    weight = stacked.std() * torch.randn(len(itos), stacked.shape[1], generator=g)  # (V, D)
    for i, row in found_rows.items():
        weight[i] = row
    weight[padding_idx] = 0.0
    return nn.Embedding.from_pretrained(weight, freeze=freeze, padding_idx=padding_idx), len(found_rows)


def stratified_folds(
    labels: torch.Tensor, k: int = 5, seed: int = 0
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """k (train_index, test_index) pairs; each class is shuffled and dealt round-robin to the folds."""
    whole_number("k", k, minimum=2)
    g = torch.Generator().manual_seed(seed)
    fold_of = torch.empty(len(labels), dtype=torch.long)
    for cls in labels.unique().tolist():
        members = (labels == cls).nonzero(as_tuple=True)[0]
        if len(members) < k:
            raise ValueError(f"class {cls} has {len(members)} examples, fewer than k={k} folds")
        members = members[torch.randperm(len(members), generator=g)]
        fold_of[members] = torch.arange(len(members)) % k
    return [
        ((fold_of != f).nonzero(as_tuple=True)[0], (fold_of == f).nonzero(as_tuple=True)[0]) for f in range(k)
    ]


def accuracy(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """Fraction of rows whose largest logit is at the true label."""
    if logits.dim() != 2 or labels.shape != logits.shape[:1]:
        raise ValueError(
            f"need logits (B, C) and labels (B,); got {tuple(logits.shape)} and {tuple(labels.shape)}"
        )
    return float((logits.argmax(dim=1) == labels).float().mean())


# -- word polarity: VADER's lexicon, held-out words, early stopping, paired differences -----------
_WORD = re.compile(r"[a-z]+")


def load_vader_lexicon() -> dict[str, float]:
    """VADER's human ratings of single lower-case words: ``{word: mean rating}``, -4 (most negative) to 4.

    The lexicon is ``vader_lexicon.txt`` of the ``vaderSentiment`` package (release 3.3.2, MIT
    licence; Hutto and Gilbert, 2014): each entry is the mean of ten people's ratings. Entries that
    are not a plain word of letters (emoticons such as ``:-)``, abbreviations with digits) are left
    out. Used in lesson 07, where the sign of the rating is the label (no entry is rated 0).

    >>> lexicon = load_vader_lexicon()
    >>> lexicon["good"] > 0 > lexicon["bad"], all(w.isalpha() and w.islower() for w in lexicon)
    (True, True)
    """
    text = (importlib.resources.files("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8")
    lexicon: dict[str, float] = {}
    for line_number, line in enumerate(text.splitlines(), start=1):
        fields = line.split("\t")
        if len(fields) < 2:
            raise ValueError(f"vader_lexicon.txt line {line_number}: expected word<TAB>rating, got {line!r}")
        if _WORD.fullmatch(fields[0]):
            lexicon[fields[0]] = float(fields[1])
    return lexicon


def split_words(words: Sequence[str], *, num_test: int, num_val: int, seed: int
                ) -> tuple[list[str], list[str], list[str]]:
    """Shuffle ``words`` (seeded) and deal them into ``(train, validation, test)`` lists.

    The first ``num_test`` shuffled words are the test words, the next ``num_val`` the validation
    words, the rest the training words: no word is in two sets, so a model is tested on words it
    never saw labelled. Lesson 07 splits VADER's words this way.

    >>> train, val, test = split_words(list("abcdefghij"), num_test=3, num_val=2, seed=0)
    >>> len(train), len(val), len(test), sorted(train + val + test) == list("abcdefghij")
    (5, 2, 3, True)
    """
    whole_number("num_test", num_test, minimum=1)
    whole_number("num_val", num_val, minimum=1)
    if len(set(words)) != len(words):
        raise ValueError("the words must be distinct: a word in two sets would not be held out")
    if num_test + num_val >= len(words):
        raise ValueError(f"{len(words)} words cannot give {num_test} test and {num_val} validation words "
                         "and still leave some for training")
    shuffled = list(words)
    random.Random(seed).shuffle(shuffled)
    return shuffled[num_test + num_val:], shuffled[num_test:num_test + num_val], shuffled[:num_test]


class OneHotWordClassifier(nn.Module):
    """A word's one-hot vector -> linear layer -> logits (B, C): one weight per word and class.

    This is :class:`BagOfWordsClassifier` on one-word sentences: logistic regression with no
    embedding. A word that never occurred in training has a weight column that no gradient ever
    reached, so the model has nothing to say about it beyond its bias.
    """

    def __init__(self, vocab_size: int, num_classes: int = 2) -> None:
        super().__init__()
        self.vocab_size = vocab_size
        self.out = nn.Linear(vocab_size, num_classes)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.out(F.one_hot(ids, self.vocab_size).to(self.out.weight.dtype))  # (B, V) -> (B, C)


class WordClassifier(nn.Module):
    """A word's row of an embedding table -> linear layer -> logits (B, C)."""

    def __init__(self, embedding: nn.Embedding, num_classes: int = 2) -> None:
        super().__init__()
        self.embedding = embedding
        self.out = nn.Linear(embedding.embedding_dim, num_classes)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.out(self.embedding(ids))  # (B, D) -> (B, C)


@dataclass
class EarlyStopped:
    """What :func:`train_early_stopped` did: the step whose weights were kept, and every check."""

    best_step: int
    checks: list[tuple[int, float]]  # (step, validation loss) at each check


def train_early_stopped(model: nn.Module, ids: torch.Tensor, labels: torch.Tensor, val_ids: torch.Tensor,
                        val_labels: torch.Tensor, *, steps: int, lr: float, weight_decay: float,
                        check_every: int = 5) -> EarlyStopped:
    """Full-batch Adam with weight decay, stopped early: the model keeps its best validation weights.

    Every ``check_every`` steps (and before the first) the cross-entropy on the validation words
    is measured; after ``steps`` steps the model is given back the weights of the check with the
    lowest validation loss. Every model of lesson 07's word experiment gets the same ``steps``,
    ``lr``, ``weight_decay`` and checks. ``ids``/``val_ids`` are int64 (N,), labels int64 (N,).

    >>> torch.manual_seed(0) is not None
    True
    >>> model = WordClassifier(nn.Embedding.from_pretrained(torch.tensor([[1.0], [-1.0], [2.0], [-2.0]])))
    >>> run = train_early_stopped(model, torch.tensor([0, 1]), torch.tensor([1, 0]), torch.tensor([2, 3]),
    ...                           torch.tensor([1, 0]), steps=20, lr=0.1, weight_decay=0.0)
    >>> run.best_step > 0, accuracy(model(torch.tensor([2, 3])), torch.tensor([1, 0]))
    (True, 1.0)
    """
    whole_number("steps", steps, minimum=0)
    whole_number("check_every", check_every, minimum=1)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.Adam(params, lr=lr, weight_decay=weight_decay)
    best_loss, best_step, best_state = math.inf, 0, None
    checks: list[tuple[int, float]] = []
    for step in range(steps + 1):
        if step % check_every == 0 or step == steps:
            model.eval()
            with torch.no_grad():
                val_loss = float(F.cross_entropy(model(val_ids), val_labels))
            checks.append((step, val_loss))
            if val_loss < best_loss:
                best_loss, best_step = val_loss, step
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        if step == steps:
            break
        model.train()
        optimizer.zero_grad()
        F.cross_entropy(model(ids), labels).backward()
        optimizer.step()
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    return EarlyStopped(best_step, checks)


@dataclass
class PairedDifference:
    """Accuracy of model A minus model B on the same items, with its standard error and 95% interval."""

    mean: float
    se: float
    low: float
    high: float

    @property
    def excludes_zero(self) -> bool:
        """Whether the 95% interval lies entirely on one side of 0."""
        return self.low > 0.0 or self.high < 0.0


def paired_difference(correct_a: torch.Tensor, correct_b: torch.Tensor) -> PairedDifference:
    """Compare two models item by item: ``correct_a``, ``correct_b`` are bool (M,), one entry per test item.

    Each item contributes ``d = a - b`` in {-1, 0, 1}; the mean of ``d`` is the difference in
    accuracy, its standard error ``sd(d) / sqrt(M)`` (``N - 1`` in the sd), and the 95% interval
    ``mean ± 1.96 se`` (a normal approximation, fine for hundreds of items). Pairing removes the
    items both models get right or wrong, so the interval is narrower than one from two separate
    accuracies. Used in lesson 07.

    >>> a, b = torch.tensor([True, True, True, False]), torch.tensor([True, False, False, False])
    >>> d = paired_difference(a, b)
    >>> round(d.mean, 3), round(d.se, 3), d.excludes_zero
    (0.5, 0.289, False)
    """
    if correct_a.shape != correct_b.shape or correct_a.dim() != 1 or len(correct_a) < 2:
        raise ValueError(f"need two (M,) tensors of the same shape with M >= 2; got {tuple(correct_a.shape)} "
                         f"and {tuple(correct_b.shape)}")
    d = correct_a.to(torch.float64) - correct_b.to(torch.float64)  # (M,)
    mean, se = float(d.mean()), float(d.std() / math.sqrt(len(d)))
    return PairedDifference(mean, se, mean - 1.96 * se, mean + 1.96 * se)
