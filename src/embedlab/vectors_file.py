"""Word vectors as text: the one reader of the ``word v1 v2 ... vd`` format, header or not.

Both common text formats hold one word per line, then the numbers of its vector, separated
by single spaces. GloVe files stop there; word2vec's text format (gensim's
``save_word2vec_format``) starts with a ``"<count> <dim>"`` header line. Lesson 02 reads the
course's GloVe sample (:func:`embedlab.data.load_glove_sample`), lesson 05 reads GloVe files
(:mod:`embedlab.glove`) and lesson 06 loads saved word2vec vectors
(:meth:`embedlab.word_vectors.WordVectors.load`); all three go through :func:`parse_vectors`
(pure: lines in, words and a tensor out) and :func:`read_vectors` (the file around it).
Every error names the file, the line and what to do about it.

Example:
    >>> words, vectors = parse_vectors(["2 3", "cat 1 0 0", "dog 0.5 0.5 0"], header=True)
    >>> words, tuple(vectors.shape), vectors.dtype
    (['cat', 'dog'], (2, 3), torch.float32)
    >>> parse_vectors(["cat 1 0", "dog 0.5"], source="pets.txt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    embedlab.vectors_file.VectorsFormatError: pets.txt, line 2: the vector of 'dog' has 1 numbers, ...
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import torch

from embedlab._checks import whole_number

__all__ = ["VectorsFormatError", "parse_vectors", "read_vectors"]


class VectorsFormatError(ValueError):
    """A word-vector text file or text is malformed (the message names the line and the problem)."""


def parse_vectors(
    lines: Iterable[str],
    *,
    source: str = "<text>",
    header: bool = False,
    max_words: int | None = None,
    dtype: torch.dtype = torch.float32,
) -> tuple[list[str], torch.Tensor]:
    """Parse ``word v1 ... vd`` lines into ``(words, vectors)``; ``vectors`` is (num_words, dim).

    ``header=False`` reads GloVe's format (no header; a ``"<count> <dim>"`` first line is
    refused with a hint); ``header=True`` reads word2vec's text format, whose first line must
    be that header and whose word count and length must then match it. Blank lines are
    skipped. ``max_words`` keeps only the first that many words (files are sorted by
    frequency). ``source`` names the text in error messages (a file's path).

    Raises:
        VectorsFormatError: no vectors at all; a missing or wrong header; a line with a word
            but no numbers; a line whose vector has a different length from the first (a
            "ragged" line); a value that is not a number; a word that appears twice.
        ValueError: ``max_words`` is not a whole number >= 1 (or None).
    """
    if max_words is not None:
        whole_number("max_words", max_words, minimum=1, hint="or None for all words")
    words: list[str] = []
    rows: list[list[float]] = []
    seen: dict[str, int] = {}
    dim: int | None = None
    announced: int | None = None  # the header's word count
    line_number = 0
    for line_number, line in enumerate(lines, start=1):
        parts = line.rstrip("\r\n").rstrip(" ").split(" ")
        if header and announced is None:
            announced, dim = _read_header(parts, source, line_number)
            continue
        if parts == [""]:
            continue  # blank line
        if len(parts) == 1:
            raise VectorsFormatError(
                f"{source}, line {line_number}: the word {parts[0]!r} has no vector; each line "
                "must be a word followed by its numbers, separated by single spaces"
            )
        if dim is None and len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
            raise VectorsFormatError(
                f"{source}, line {line_number}: {line.strip()!r} looks like a word2vec header "
                "('<count> <dim>'); this file is in word2vec text format: read it with "
                "embedlab.word_vectors.WordVectors.load (header=True), or drop the first line"
            )
        word, values = parts[0], parts[1:]
        if dim is None:
            dim = len(values)
        elif len(values) != dim:
            expected = "the header announces" if header else "the first line had"
            raise VectorsFormatError(
                f"{source}, line {line_number}: the vector of {word!r} has {len(values)} numbers, "
                f"but {expected} {dim}; the file is ragged (truncated download, or a word "
                "that contains a space?)"
            )
        try:
            row = [float(v) for v in values]
        except ValueError:
            bad = next(v for v in values if not _is_float(v))
            raise VectorsFormatError(
                f"{source}, line {line_number}: {bad!r} in the vector of {word!r} is not a number"
            ) from None
        if word in seen:
            raise VectorsFormatError(
                f"{source}, line {line_number}: the word {word!r} already appeared on line "
                f"{seen[word]}; every word must appear once"
            )
        if announced is not None and len(words) == announced:
            raise VectorsFormatError(
                f"{source}, line {line_number}: more words than the {announced} the header "
                "announces; correct the count in the first line"
            )
        seen[word] = line_number
        words.append(word)
        rows.append(row)
        if max_words is not None and len(words) >= max_words:
            break
    if header and announced is None:
        raise VectorsFormatError(
            f"{source} is empty: a word2vec text file starts with a 'num_words dim' line"
        )
    if not words:
        raise VectorsFormatError(f"{source} holds no vectors (it is empty or only blank lines)")
    if announced is not None and max_words is None and len(words) != announced:
        raise VectorsFormatError(
            f"{source}: the header announces {announced} words but the file has {len(words)} "
            "(a truncated file?); correct the count in the first line"
        )
    return words, torch.tensor(rows, dtype=dtype)  # (num_words, dim)


def read_vectors(
    path: str | os.PathLike[str],
    *,
    header: bool = False,
    max_words: int | None = None,
    dtype: torch.dtype = torch.float32,
    what: str = "word-vector file",
    missing_hint: str = "check the path",
) -> tuple[list[str], torch.Tensor]:
    """Read a UTF-8 word-vector text file into ``(words, vectors)`` with :func:`parse_vectors`.

    ``what`` and ``missing_hint`` word the error for a missing file (callers name their own
    kind of file and where to find one).

    Raises:
        FileNotFoundError: ``path`` is not a file (the message says where we looked).
        VectorsFormatError: the file is empty or malformed (see :func:`parse_vectors`).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no {what} at {path.resolve()}; {missing_hint}")
    with open(path, encoding="utf-8") as handle:
        return parse_vectors(handle, source=str(path), header=header, max_words=max_words, dtype=dtype)


def _read_header(parts: list[str], source: str, line_number: int) -> tuple[int, int]:
    """The ``(count, dim)`` of a word2vec header line, or a clear error."""
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or int(parts[1]) < 1:
        got = " ".join(parts)[:60]
        raise VectorsFormatError(
            f"{source}, line {line_number}: the first line must be 'num_words dim' (word2vec text "
            f"format), got {got!r}; for GloVe files (no header) read with header=False "
            "(embedlab.glove.read_glove) or add that line"
        )
    return int(parts[0]), int(parts[1])


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
