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


# --- the on-disk cache of the parsed Wikipedia articles (lessons 06 and 07) -------------------

@pytest.fixture(scope="module")
def parsed_wiki():
    from embedlab import data

    return data._parse_wiki()  # gensim's parse, done once for these tests


@pytest.fixture
def wiki_cache(tmp_path, monkeypatch, parsed_wiki):
    """An empty cache folder and a counting stand-in for gensim's parse."""
    from embedlab import data

    calls = []
    monkeypatch.setenv("EMBEDLAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(data, "_parse_wiki", lambda: calls.append(1) or parsed_wiki)
    return calls


def _load_uncached():
    from embedlab import data

    return data._wiki_corpus_cached.__wrapped__()  # skip the in-memory lru_cache


def test_wiki_cache_is_written_then_read_without_parsing(wiki_cache, parsed_wiki) -> None:
    from embedlab.data import wiki_cache_path

    assert _load_uncached() == parsed_wiki and len(wiki_cache) == 1
    path = wiki_cache_path()
    assert path.exists() and path.name.startswith("enwiki-") and "gensim" in path.name
    assert _load_uncached() == parsed_wiki and len(wiki_cache) == 1, "the second load must come from the file"


def test_truncated_or_foreign_wiki_cache_is_parsed_again(wiki_cache, parsed_wiki) -> None:
    from embedlab.data import wiki_cache_path

    _load_uncached()
    path = wiki_cache_path()
    lines = path.read_text().split("\n")
    path.write_text("\n".join(lines[:50]) + "\n")  # an interrupted copy: too few articles
    assert _load_uncached() == parsed_wiki and len(wiki_cache) == 2
    assert path.read_text().split("\n") == lines, "the cache was rewritten whole"
    path.write_text("something else entirely\n")
    assert _load_uncached() == parsed_wiki and len(wiki_cache) == 3


def test_unwritable_wiki_cache_still_returns_the_corpus(tmp_path, monkeypatch, parsed_wiki) -> None:
    from embedlab import data

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("EMBEDLAB_CACHE", str(blocker / "cache"))  # mkdir under a file fails
    monkeypatch.setattr(data, "_parse_wiki", lambda: parsed_wiki)
    assert _load_uncached() == parsed_wiki
    assert not (blocker / "cache").exists()


def test_tokens_with_spaces_are_not_cached(tmp_path, monkeypatch) -> None:
    from embedlab import data

    monkeypatch.setenv("EMBEDLAB_CACHE", str(tmp_path))
    odd = (("new york", "city"),)
    monkeypatch.setattr(data, "_parse_wiki", lambda: odd)
    assert _load_uncached() == odd
    assert not list(tmp_path.iterdir()), "a format that would split 'new york' must not be written"
