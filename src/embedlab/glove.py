"""Read word vectors stored in GloVe's text format into a word list and a tensor.

Introduced in lesson 05 (``nn.Embedding.from_pretrained``). GloVe text files hold one word
per line: the word, then its vector's numbers, all separated by single spaces, with no
header line (word2vec's text format is the same plus a ``"<count> <dim>"`` header).
:func:`embedlab.data.load_glove_sample` reads the course's sample; :func:`read_glove`
reads any such file and explains what is wrong with a bad one. Both use the one reader of
word-vector text, :mod:`embedlab.vectors_file`; this module adds GloVe's names and errors.

Example:
    >>> from embedlab.data import datapath
    >>> words, vectors = read_glove(datapath("glove_sample"))
    >>> words[0], tuple(vectors.shape), vectors.dtype
    ('the', (76, 50), torch.float32)
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import torch

from embedlab.vectors_file import VectorsFormatError, parse_vectors, read_vectors

__all__ = ["GloveFormatError", "parse_glove_lines", "read_glove"]


class GloveFormatError(VectorsFormatError):
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
    The parsing itself is :func:`embedlab.vectors_file.parse_vectors` without a header.

    Raises:
        GloveFormatError: no vectors at all; a line with a word but no numbers; a line whose
            vector has a different length from the first (a "ragged" line); a value that is
            not a number; a word that appears twice; a word2vec-style header line.

    >>> words, vecs = parse_glove_lines(["cat 1 0", "dog 0.5 0.5"])
    >>> words, vecs.tolist()
    (['cat', 'dog'], [[1.0, 0.0], [0.5, 0.5]])
    """
    try:
        return parse_vectors(lines, source=source, header=False, max_words=max_words, dtype=dtype)
    except VectorsFormatError as err:
        raise GloveFormatError(str(err)) from None


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
    try:
        return read_vectors(
            path, header=False, max_words=max_words, dtype=dtype, what="GloVe file",
            missing_hint="check the path (the course's sample is embedlab.data.datapath('glove_sample'))",
        )
    except VectorsFormatError as err:
        raise GloveFormatError(str(err)) from None
