"""pytest plugin: how nbval treats the lesson notebooks.

Solution notebooks (solutions/) run under strict nbval: every cell must run cleanly and
reproduce its stored outputs. Student notebooks (notebooks/) have no stored outputs and,
untouched, their exercises are unanswered: the answer and test cells of an exercise may
raise ``NotImplementedError`` -- and nothing else. Every other cell must run cleanly, which
proves that the lesson does not depend on the learner's answers. (``make test`` runs both; the
browser tests show the same in JupyterLab for one lesson.)

Floating-point results differ in their last digits from one CPU to another (different SIMD
paths round differently), so solution outputs are compared as text in which

* every decimal number printed with two or more decimals may differ from the stored one by
  one unit in its last printed digit (``0.683`` may come back as ``0.682`` or ``0.684``, never
  as ``0.690``); integers and everything that is not a number are compared exactly;
* a cell whose numbers come out of training, where a few epochs of SGD magnify rounding
  differences, states a wider tolerance in its metadata::

      "tolerance": {"numbers": 0.03, "words": 4}

  every number may then differ by at most ``numbers`` (absolute), and at most ``words``
  words may differ (say, two neighbours in a list that swapped places).

Such a cell still fails when a number moves further, a word list changes more, or the text
changes.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import nbformat
import pytest

from embedlab.notebook.cells import is_answer_cell, is_test_cell
from tests.support.lessons import NOTEBOOKS, is_under

ALLOWED = "NotImplementedError"
TOLERANCE_KEY = "tolerance"
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
TEXT_KEYS = ("text/plain", "text")


def _expect_only_not_implemented(item: pytest.Item) -> None:
    original = item.runtest

    def runtest() -> None:
        original()
        errors = [o for o in getattr(item, "test_outputs", []) if o.get("output_type") == "error"]
        wrong = [e for e in errors if e.get("ename") != ALLOWED]
        if wrong:
            e = wrong[0]
            raise AssertionError(
                f"exercise cell raised {e['ename']}: {e['evalue']} -- an untouched exercise may "
                f"only raise {ALLOWED}; every name it uses must be defined in the lesson itself"
            )

    item.runtest = runtest  # type: ignore[method-assign]


@dataclass(frozen=True)
class Tolerance:
    """How far a cell's printed numbers and words may move from the stored output."""

    numbers: float = 0.0
    words: int = 0

    @classmethod
    def from_metadata(cls, meta: object) -> Tolerance:
        if not isinstance(meta, dict) or not meta or set(meta) - {"numbers", "words"}:
            raise ValueError(
                f'cell metadata "{TOLERANCE_KEY}" must be a dict with "numbers" (a float >= 0) '
                f'and/or "words" (an int >= 0), got {meta!r}'
            )
        numbers, words = meta.get("numbers", 0.0), meta.get("words", 0)
        if not isinstance(numbers, (int, float)) or numbers < 0 or not isinstance(words, int) or words < 0:
            raise ValueError(f'"{TOLERANCE_KEY}": numbers must be >= 0 and words an int >= 0, got {meta!r}')
        return cls(float(numbers), words)


def split_text(text: str) -> tuple[str, list[str], list[str]]:
    """``(skeleton, numbers, words)``: the text with numbers as ``#`` and words as ``@``.

    >>> split_text("cos(good, bad) = 0.75")
    ('@(@, @) = #', ['0.75'], ['cos', 'good', 'bad'])
    """
    numbers = NUMBER.findall(text)
    masked = NUMBER.sub("#", text)
    words = WORD.findall(masked)
    return WORD.sub("@", masked), numbers, words


def last_digit(token: str) -> float:
    """One unit in the last printed digit of a decimal with 2+ decimals, else 0 (exact).

    >>> last_digit("0.683"), last_digit("-1.25e-03"), last_digit("0.5"), last_digit("42")
    (0.001, 1e-05, 0.0, 0.0)
    """
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2]) if "." in mantissa else 0
    if decimals < 2:
        return 0.0
    return float(f"1e{int(exponent or 0) - decimals}")


def compare_with_tolerance(stored: str, new: str, tol: Tolerance) -> list[str]:
    """What differs between two texts beyond ``tol`` (an empty list when they agree)."""
    skel_a, nums_a, words_a = split_text(stored)
    skel_b, nums_b, words_b = split_text(new)
    if skel_a != skel_b:
        return [f"the text differs beyond numbers and words:\n  stored: {stored!r}\n  new:    {new!r}"]
    problems = []
    for a, b in zip(nums_a, nums_b):
        allowed = max(tol.numbers, last_digit(a))
        if abs(float(a) - float(b)) > allowed * (1 + 1e-9):
            problems.append(f"{a} became {b} (allowed: +-{allowed:g})")
    changed = [(a, b) for a, b in zip(words_a, words_b) if a != b]
    if len(changed) > tol.words:
        problems.append(f"{len(changed)} words changed (allowed: {tol.words}): {changed}")
    return problems


def _mask_outputs(outputs: list, sanitize) -> tuple[list, list[str]]:
    """Copies of (already coalesced) outputs with their text replaced by skeletons, and the texts."""
    masked, texts = [], []
    for out in outputs:
        out = nbformat.from_dict(copy.deepcopy(dict(out)))
        for holder in (out, out.get("data", {})):
            for key in TEXT_KEYS:
                if isinstance(holder.get(key), str):
                    text = sanitize(holder[key])
                    texts.append(text)
                    holder[key] = split_text(text)[0]
        masked.append(out)
    return masked, texts


def _compare_with_tolerance(item: pytest.Item, tol: Tolerance) -> None:
    original = item.compare_outputs

    def compare_outputs(test, ref, skip_compare=None) -> bool:
        masked_test, new_texts = _mask_outputs(test, item.sanitize)
        masked_ref, stored_texts = _mask_outputs(ref, item.sanitize)
        if not original(masked_test, masked_ref, skip_compare):
            return False
        problems = [p for a, b in zip(stored_texts, new_texts) for p in compare_with_tolerance(a, b, tol)]
        if problems:
            item.comparison_traceback.append(
                f"outputs differ beyond the cell's tolerance {tol}:\n  " + "\n  ".join(problems)
            )
            return False
        return True

    item.compare_outputs = compare_outputs  # type: ignore[method-assign]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        cell = getattr(item, "cell", None)
        if cell is None:
            continue
        if is_under(item.path, NOTEBOOKS):
            if is_answer_cell(cell) or is_test_cell(cell):
                item.options["check_exception"] = True
                _expect_only_not_implemented(item)
        else:
            meta = cell.get("metadata", {})
            tol = Tolerance.from_metadata(meta[TOLERANCE_KEY]) if TOLERANCE_KEY in meta else Tolerance()
            _compare_with_tolerance(item, tol)
