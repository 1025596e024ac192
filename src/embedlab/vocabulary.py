"""A vocabulary: the table that turns tokens into integer ids and back.

Introduced in lesson 01. Ids are assigned in a fixed, documented order so that results
are reproducible: special tokens first (the unknown token at id 0, or, when a padding token
is asked for, ``"<pad>"`` at id 0 and the unknown token at id 1), then the remaining tokens by
descending count, ties broken alphabetically.

Example:
    >>> vocab = Vocabulary.from_tokens("the cat sat on the mat".split())
    >>> vocab.itos[:3], vocab.encode(["the", "dog"])
    (['<unk>', 'the', 'cat'], [1, 0])
    >>> Vocabulary.from_tokens("the cat".split(), pad="<pad>").itos[:2]  # for padded batches
    ['<pad>', '<unk>']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from embedlab._checks import whole_number


class UnknownTokenError(KeyError):
    """A token is not in the vocabulary and the vocabulary has no unknown token."""

    def __str__(self) -> str:  # KeyError would print the repr of the message
        return str(self.args[0])


class Vocabulary:
    """A bidirectional token <-> id table.

    Args:
        counts: how often each token occurs (a ``collections.Counter`` or any mapping).
        min_count: keep tokens seen at least this many times (>= 1).
        unk: the unknown token, given id 0 (id 1 after ``pad``); ``None`` for a closed
            vocabulary, in which case encoding an unseen token raises :class:`UnknownTokenError`.
        specials: extra reserved tokens placed after ``unk``.
        pad: a padding token given id 0, before ``unk`` (``"<pad>"`` = 0, ``"<unk>"`` = 1, the
            course's convention wherever batches are padded); ``None`` (default) for none.
            Text never encodes to it unless the text contains the token itself.
    """

    def __init__(
        self,
        counts: Counter[str] | dict[str, int],
        min_count: int = 1,
        unk: str | None = "<unk>",
        specials: Sequence[str] = (),
        pad: str | None = None,
    ) -> None:
        whole_number("min_count", min_count, minimum=1)
        reserved = ([pad] if pad is not None else []) + ([unk] if unk is not None else []) + list(specials)
        if len(set(reserved)) != len(reserved):
            raise ValueError(f"special tokens must be distinct, got {reserved}")
        kept = [t for t, c in counts.items() if c >= min_count and t not in reserved]
        kept.sort(key=lambda t: (-counts[t], t))
        if not kept and not reserved:
            raise ValueError(
                f"the vocabulary is empty: no token occurs {min_count} or more times; "
                "lower min_count or pass more text"
            )
        self.unk = unk
        self.pad = pad
        self.min_count = min_count
        self.counts: dict[str, int] = {t: int(counts[t]) for t in kept}
        self.itos: list[str] = reserved + kept
        self.stoi: dict[str, int] = {t: i for i, t in enumerate(self.itos)}

    @classmethod
    def from_tokens(cls, tokens: Iterable[str], **kwargs: object) -> "Vocabulary":
        """Count a flat stream of tokens and build the vocabulary from the counts."""
        return cls(Counter(tokens), **kwargs)  # type: ignore[arg-type]

    @classmethod
    def from_sentences(cls, sentences: Iterable[Iterable[str]], **kwargs: object) -> "Vocabulary":
        """Count tokens over a list of tokenized sentences or documents."""
        return cls(Counter(t for s in sentences for t in s), **kwargs)  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, token: object) -> bool:
        return token in self.stoi

    def __repr__(self) -> str:
        head = ", ".join(self.itos[:5])
        return f"Vocabulary(size={len(self)}, unk={self.unk!r}, first=[{head}, ...])"

    def index(self, token: str) -> int:
        """The id of ``token``; unseen tokens map to the unknown token's id."""
        if token in self.stoi:
            return self.stoi[token]
        if self.unk is None:
            raise UnknownTokenError(
                f"{token!r} is not in the vocabulary and it has no unknown token; "
                "build it with unk='<unk>' or check the token's spelling"
            )
        return self.stoi[self.unk]

    def token(self, index: int) -> str:
        """The token with id ``index`` (a Python int in ``0 .. len(self) - 1``)."""
        if isinstance(index, bool) or not isinstance(index, int):
            # torch and NumPy integer scalars carry __index__; floats do not
            if hasattr(index, "__index__") and not isinstance(index, float):
                index = index.__index__()
            else:
                raise TypeError(
                    f"token ids must be integers, got {type(index).__name__} {index!r}; "
                    "convert with int() or tensor.long()"
                )
        if not 0 <= index < len(self.itos):
            raise IndexError(
                f"token id {index} is out of range for a vocabulary of {len(self)} tokens "
                f"(valid ids are 0..{len(self) - 1})"
            )
        return self.itos[index]

    def encode(self, tokens: Iterable[str]) -> list[int]:
        """Ids for a sequence of tokens."""
        if isinstance(tokens, str):
            raise TypeError("encode expects a list of tokens, not one string; split it first")
        return [self.index(t) for t in tokens]

    def decode(self, ids: Iterable[int]) -> list[str]:
        """Tokens for a sequence of ids (a list or a 1-D integer tensor)."""
        if hasattr(ids, "tolist") and hasattr(ids, "dtype"):
            if getattr(ids, "is_floating_point", lambda: False)():
                raise TypeError(f"token ids must be integers, got a {ids.dtype} tensor; use .long()")
            ids = ids.tolist()
        return [self.token(i) for i in ids]
