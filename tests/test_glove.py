"""embedlab.glove: GloVe text files parse into words + a tensor; bad files get clear errors."""

from pathlib import Path

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from embedlab.data import datapath, load_glove_sample
from embedlab.glove import GloveFormatError, parse_glove_lines, read_glove


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "vectors.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_the_real_sample_like_the_lesson_01_loader() -> None:
    words, vectors = read_glove(datapath("glove_sample"))
    sample_words, sample_vectors = load_glove_sample()
    assert words == sample_words and torch.equal(vectors, sample_vectors)
    assert vectors.shape == (76, 50) and vectors.dtype == torch.float32
    assert words[0] == "the"


def test_small_file_values_blank_lines_and_crlf(tmp_path: Path) -> None:
    path = _write(tmp_path, "cat 1 0.5 -2\r\n\ndog 0 0 1e-1 \n")
    words, vectors = read_glove(path)
    assert words == ["cat", "dog"]
    expected = [[1.0, 0.5, -2.0], [0.0, 0.0, 0.1]]
    assert all(abs(a - b) < 1e-6 for got, want in zip(vectors.tolist(), expected) for a, b in zip(got, want))


def test_max_words_and_dtype(tmp_path: Path) -> None:
    path = _write(tmp_path, "a 1 2\nb 3 4\nc 5 6\n")
    words, vectors = read_glove(path, max_words=2, dtype=torch.float64)
    assert words == ["a", "b"] and vectors.dtype == torch.float64 and vectors.shape == (2, 2)
    with pytest.raises(ValueError, match="max_words must be a whole number >= 1"):
        read_glove(path, max_words=0)


def test_missing_file_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no GloVe file at .*nope.txt"):
        read_glove(tmp_path / "nope.txt")


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    with pytest.raises(GloveFormatError, match="holds no vectors"):
        read_glove(_write(tmp_path, text))


def test_ragged_line_names_the_line_and_the_lengths(tmp_path: Path) -> None:
    path = _write(tmp_path, "a 1 2 3\nb 4 5 6\nc 7 8\n")
    ragged = r"line 3: the vector of 'c' has 2 numbers, but the first line had 3"
    with pytest.raises(GloveFormatError, match=ragged):
        read_glove(path)


def test_word_without_vector(tmp_path: Path) -> None:
    with pytest.raises(GloveFormatError, match=r"line 2: the word 'lonely' has no vector"):
        read_glove(_write(tmp_path, "a 1 2\nlonely\n"))


def test_not_a_number() -> None:
    with pytest.raises(GloveFormatError, match=r"line 1: 'x1' in the vector of 'a' is not a number"):
        parse_glove_lines(["a 1 x1"])


def test_duplicate_word() -> None:
    with pytest.raises(GloveFormatError, match=r"line 3: the word 'a' already appeared on line 1"):
        parse_glove_lines(["a 1", "b 2", "a 3"])


def test_word2vec_header_is_recognised() -> None:
    with pytest.raises(GloveFormatError, match="word2vec header"):
        parse_glove_lines(["2 3", "a 1 2 3", "b 4 5 6"])


def test_format_error_is_a_value_error() -> None:
    assert issubclass(GloveFormatError, ValueError)


_no_space = st.characters(blacklist_categories=("Zs", "Cc", "Zl", "Zp", "Cs"))
_word = st.text(alphabet=_no_space, min_size=1, max_size=8)


@settings(max_examples=50, deadline=None)
@given(
    rows=st.dictionaries(_word, st.lists(st.floats(-1e6, 1e6, width=32), min_size=3, max_size=3),
                         min_size=1, max_size=6)
)
def test_round_trip_of_written_vectors(rows: dict[str, list[float]]) -> None:
    lines = [word + " " + " ".join(repr(v) for v in values) for word, values in rows.items()]
    words, vectors = parse_glove_lines(lines, dtype=torch.float64)
    assert words == list(rows)
    assert vectors.tolist() == [list(v) for v in rows.values()]
