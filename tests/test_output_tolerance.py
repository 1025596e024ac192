"""The tolerance that cells printing training results may state (tests/support/notebook_plugin.py)."""

from __future__ import annotations

import pytest

from tests.support.lessons import lessons
from tests.support.notebook_plugin import TOLERANCE_KEY, Tolerance, compare_with_tolerance, split_text


def test_split_text_masks_numbers_and_words():
    assert split_text("acc 0.683 on 2000 rows; r2=-1e-3") == (
        "@ # @ # @; @#=#",
        ["0.683", "2000", "2", "-1e-3"],
        ["acc", "on", "rows", "r"],
    )


def test_numbers_within_tolerance_pass_and_beyond_fail():
    tol = Tolerance(numbers=0.02)
    assert compare_with_tolerance("test accuracy 0.682", "test accuracy 0.683", tol) == []
    assert compare_with_tolerance("cosine = 0.72", "cosine = 0.74", tol) == []
    problems = compare_with_tolerance("cosine = 0.72", "cosine = 0.75", tol)
    assert problems and "0.72 became 0.75" in problems[0]


def test_without_a_stated_tolerance_only_the_last_printed_digit_may_move():
    exact = Tolerance()
    assert compare_with_tolerance("test accuracy 0.683", "test accuracy 0.682", exact) == []
    assert compare_with_tolerance("loss 4.16", "loss 4.17", exact) == []
    assert compare_with_tolerance("loss 4.16", "loss 4.18", exact)  # two units
    assert compare_with_tolerance("tensor([1., 2.])", "tensor([1., 3.])", exact)  # no decimals: exact
    assert compare_with_tolerance("p = 0.5", "p = 0.6", exact)  # one decimal: exact
    assert compare_with_tolerance("9002 words", "9001 words", exact)  # integers: exact
    assert compare_with_tolerance("film -> films, award", "film -> award, films", exact)  # words: exact


def test_integers_and_text_are_exact():
    tol = Tolerance(numbers=0.05)
    assert compare_with_tolerance("9002 words", "9003 words", tol)  # 1 > 0.05
    assert compare_with_tolerance("train accuracy 0.77", "test accuracy 0.77", tol)
    assert compare_with_tolerance("a, b", "a; b", tol)  # punctuation is exact
    assert compare_with_tolerance("0.5 0.5", "0.5", tol)  # a missing number changes the text


def test_word_budget():
    stored = "film -> films, feature, award, awards, director"
    reordered = "film -> films, award, feature, awards, director"
    assert compare_with_tolerance(stored, reordered, Tolerance(words=2)) == []
    assert compare_with_tolerance(stored, reordered, Tolerance(words=1))
    assert compare_with_tolerance(stored, "film -> a, b, c, d, e", Tolerance(words=2))


@pytest.mark.parametrize("bad", [{}, {"numbers": -1}, {"words": 1.5}, {"digits": 2}, 0.1])
def test_malformed_tolerance_is_refused(bad):
    with pytest.raises(ValueError, match=TOLERANCE_KEY):
        Tolerance.from_metadata(bad)


@pytest.mark.parametrize("lesson", lessons(), ids=str)
def test_every_stated_tolerance_is_well_formed_and_modest(lesson):
    """A tolerance wide enough to hide a wrong result would make the check meaningless."""
    for cell in lesson.solution().cells:
        meta = cell.get("metadata", {})
        if TOLERANCE_KEY in meta:
            tol = Tolerance.from_metadata(meta[TOLERANCE_KEY])
            assert tol.numbers <= 0.1 and tol.words <= 8, f"{lesson}: tolerance {tol} is too wide"
            assert cell.get("outputs"), f"{lesson}: a cell with a tolerance must have stored outputs"



CASES = [  # (stored output, cell metadata, should pass); the cell prints "accuracy 0.683, cosine 0.75"
    ("accuracy 0.683, cosine 0.75", {}, True),
    ("accuracy 0.682, cosine 0.75", {}, True),  # the last digit may move
    ("accuracy 0.685, cosine 0.75", {}, False),
    ("accuracy 0.683, cosine 0.72", {}, False),
    ("accuracy 0.683, cosine 0.72", {TOLERANCE_KEY: {"numbers": 0.05}}, True),
    ("accuracy 0.683, cosine 0.65", {TOLERANCE_KEY: {"numbers": 0.05}}, False),
    ("accuracy 0.683, sine 0.75", {TOLERANCE_KEY: {"numbers": 0.05}}, False),
    ("accuracy 0.683, sine 0.75", {TOLERANCE_KEY: {"words": 1}}, True),
]


@pytest.mark.notebook
def test_nbval_applies_the_tolerance_to_stored_outputs(tmp_path):
    """The plugin really changes how nbval compares: within tolerance passes, beyond fails."""
    import re
    import subprocess
    import sys

    import nbformat

    from tests.support.lessons import ROOT

    cells = []
    for stored, metadata, _ in CASES:
        cell = nbformat.v4.new_code_cell("print('accuracy 0.683, cosine 0.75')", metadata=metadata)
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=stored + "\n")]
        cell.execution_count = len(cells) + 1
        cells.append(cell)
    nbformat.write(nbformat.v4.new_notebook(cells=cells), tmp_path / "lesson.ipynb")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "--rootdir", str(ROOT),
         "-c", str(ROOT / "pyproject.toml"), str(tmp_path / "lesson.ipynb")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    found = re.findall(r"^(PASSED|FAILED) \S*::Cell (\d+)", run.stdout, re.M)
    outcome = {int(n): word == "PASSED" for word, n in found}
    assert outcome == {i: passes for i, (_, _, passes) in enumerate(CASES)}, run.stdout[-3000:]
