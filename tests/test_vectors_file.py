"""embedlab.vectors_file: the one reader of word-vector text, with and without a header."""

from pathlib import Path

import pytest
import torch

from embedlab.vectors_file import VectorsFormatError, parse_vectors, read_vectors


def test_header_mode_reads_word2vec_text() -> None:
    words, vectors = parse_vectors(["2 3", "cat 1 0 0", "", "dog 0.5 0.5 0"], header=True)
    assert words == ["cat", "dog"]
    assert vectors.tolist() == [[1.0, 0.0, 0.0], [0.5, 0.5, 0.0]] and vectors.dtype == torch.float32


def test_header_mode_with_max_words_does_not_need_the_full_count() -> None:
    words, vectors = parse_vectors(["3 1", "a 1", "b 2", "c 3"], header=True, max_words=2)
    assert words == ["a", "b"] and vectors.shape == (2, 1)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["the 0.1 0.2"], r"src.txt, line 1: the first line must be 'num_words dim'.*header=False"),
        ([], r"src.txt is empty.*'num_words dim'"),
        (["2 2", "a 0.1 0.2", "b 0.3"],
         r"line 3: the vector of 'b' has 1 numbers, but the header announces 2"),
        (["3 2", "a 0.1 0.2"], r"header announces 3 words but the file has 1.*correct the count"),
        (["1 2", "a 0.1 0.2", "b 0.3 0.4"], r"line 3: more words than the 1 the header announces"),
        (["1 2", "a 0.1 x"], r"line 2: 'x' in the vector of 'a' is not a number"),
        (["2 1", "a 1", "a 2"], r"line 3: the word 'a' already appeared on line 2"),
    ],
)
def test_header_mode_errors_name_the_source_the_line_and_the_fix(lines: list[str], message: str) -> None:
    with pytest.raises(VectorsFormatError, match=message):
        parse_vectors(lines, source="src.txt", header=True)


def test_no_header_mode_refuses_a_header_with_a_hint() -> None:
    with pytest.raises(VectorsFormatError, match=r"word2vec header.*WordVectors.load \(header=True\)"):
        parse_vectors(["2 3", "a 1 2 3"])


def test_read_vectors_names_the_missing_file_and_the_caller_s_hint(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"no GloVe file at .*gone.txt; look elsewhere"):
        read_vectors(tmp_path / "gone.txt", what="GloVe file", missing_hint="look elsewhere")
    path = tmp_path / "v.txt"
    path.write_text("1 2\nword 3 4\n", encoding="utf-8")
    words, vectors = read_vectors(path, header=True, dtype=torch.float64)
    assert words == ["word"] and vectors.tolist() == [[3.0, 4.0]] and vectors.dtype == torch.float64
    with pytest.raises(VectorsFormatError, match=str(path)):
        read_vectors(path)  # the header refused in GloVe mode, naming the file


def test_format_errors_are_value_errors() -> None:
    assert issubclass(VectorsFormatError, ValueError)
