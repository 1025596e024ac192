"""Read word vectors stored in GloVe's text format into a word list and a tensor.

Introduced in lesson 05 (``nn.Embedding.from_pretrained``). GloVe text files hold one word
per line: the word, then its vector's numbers, all separated by single spaces, with no
header line (word2vec's text format is the same plus a ``"<count> <dim>"`` header).
:func:`embedlab.data.load_glove_sample` reads the course's sample; :func:`read_glove`
reads any such file and explains what is wrong with a bad one.

Example:
    >>> from embedlab.data import datapath
    >>> words, vectors = read_glove(datapath("glove_sample"))
    >>> words[0], tuple(vectors.shape), vectors.dtype
    ('the', (76, 50), torch.float32)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import torch

__all__ = ["GloveFormatError", "parse_glove_lines", "read_glove"]


class GloveFormatError(ValueError):
    """A GloVe-format file or text is malformed (the message names the line and the problem)."""


def parse_glove_lines(
    lines: Iterable[str],
    *,
    source: str = "<text>",
    max_words: int | None = None,
    dtype: torch.dtype = torch.float32,
) -> tuple[list[str], torch.Tensor]:
    """Parse GloVe-format lines into ``(words, vectors)``; ``vectors`` is (num_words, dim).

    Blank lines are skipped. Every vector must have the length of the first one.
    ``max_words`` keeps only the first that many words (GloVe files are sorted by frequency).

    Raises:
        GloveFormatError: no vectors at all; a line with a word but no numbers; a line whose
            vector has a different length from the first (a "ragged" line); a value that is
            not a number; a word that appears twice; a word2vec-style header line.

    >>> words, vecs = parse_glove_lines(["cat 1 0", "dog 0.5 0.5"])
    >>> words, vecs.tolist()
    (['cat', 'dog'], [[1.0, 0.0], [0.5, 0.5]])
    """
    if max_words is not None and max_words < 1:
        raise ValueError(f"max_words must be >= 1 (or None for all words), got {max_words}")
    words: list[str] = []
    rows: list[list[float]] = []
    seen: dict[str, int] = {}
    dim: int | None = None
    for line_number, line in enumerate(lines, start=1):
        parts = line.rstrip("\r\n").rstrip(" ").split(" ")
        if parts == [""]:
            continue  # blank line
        if len(parts) == 1:
            raise GloveFormatError(
                f"{source}, line {line_number}: the word {parts[0]!r} has no vector; each line "
                "must be a word followed by its numbers, separated by single spaces"
            )
        if dim is None and len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
            raise GloveFormatError(
                f"{source}, line {line_number}: {line.strip()!r} looks like a word2vec header "
                "('<count> <dim>'); this file is in word2vec text format: drop the first line "
                "or read it with gensim's KeyedVectors.load_word2vec_format"
            )
        word, values = parts[0], parts[1:]
        if dim is None:
            dim = len(values)
        elif len(values) != dim:
            raise GloveFormatError(
                f"{source}, line {line_number}: the vector of {word!r} has {len(values)} numbers, "
                f"but the first line had {dim}; the file is ragged (truncated download, or a word "
                "that contains a space?)"
            )
        try:
            row = [float(v) for v in values]
        except ValueError:
            bad = next(v for v in values if not _is_float(v))
            raise GloveFormatError(
                f"{source}, line {line_number}: {bad!r} in the vector of {word!r} is not a number"
            ) from None
        if word in seen:
            raise GloveFormatError(
                f"{source}, line {line_number}: the word {word!r} already appeared on line "
                f"{seen[word]}; every word must appear once"
            )
        seen[word] = line_number
        words.append(word)
        rows.append(row)
        if max_words is not None and len(words) >= max_words:
            break
    if not words:
        raise GloveFormatError(f"{source} holds no vectors (it is empty or only blank lines)")
    return words, torch.tensor(rows, dtype=dtype)  # (num_words, dim)


def read_glove(
    path: str | os.PathLike[str],
    *,
    max_words: int | None = None,
    dtype: torch.dtype = torch.float32,
) -> tuple[list[str], torch.Tensor]:
    """Read a GloVe text file (UTF-8) into ``(words, vectors)``, vectors of shape (num_words, dim).

    Raises:
        FileNotFoundError: ``path`` does not exist (the message says where we looked).
        GloveFormatError: the file is empty or malformed (see :func:`parse_glove_lines`).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"no GloVe file at {path.resolve()}; check the path (the course's sample is "
            "embedlab.data.datapath('glove_sample'))"
        )
    with open(path, encoding="utf-8") as handle:
        return parse_glove_lines(handle, source=str(path), max_words=max_words, dtype=dtype)


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
