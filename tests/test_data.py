"""embedlab.data: the offline corpora load, and bad names get a clear error."""

import pytest
import torch

from embedlab.data import DATA_FILES, datapath, load_glove_sample, load_lee_corpus, tokenize


def test_every_course_file_ships_with_gensim() -> None:
    for name in DATA_FILES:
        assert datapath(name).stat().st_size > 1000, name


def test_unknown_data_set_lists_the_choices() -> None:
    with pytest.raises(KeyError, match="unknown data set 'imdb'.*glove_sample"):
        datapath("imdb")


def test_tokenize() -> None:
    assert tokenize("The cat's mat -- 2 CATS!") == ["the", "cat's", "mat", "cats"]
    with pytest.raises(TypeError, match="str"):
        tokenize(["a"])  # type: ignore[arg-type]


def test_lee_corpus() -> None:
    docs = load_lee_corpus()
    assert len(docs) == 300
    assert sum(map(len, docs)) > 50_000
    assert docs[0][:4] == ["hundreds", "of", "people", "have"]


def test_glove_sample() -> None:
    words, vectors = load_glove_sample()
    assert vectors.shape == (len(words), 50) and vectors.dtype == torch.float32
    assert words[0] == "the" and len(set(words)) == len(words)
