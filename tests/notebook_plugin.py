"""pytest plugin: how nbval treats the generated student notebooks.

Solution notebooks (solutions/) run under strict nbval: every cell must run cleanly and
reproduce its stored outputs. Student notebooks (notebooks/) have no stored outputs and,
untouched, their exercises are unanswered: the answer and test cells of an exercise may
raise ``NotImplementedError`` -- and nothing else. Every other cell must run cleanly, which
proves that the lesson does not depend on the learner's answers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lessons import NOTEBOOKS, is_answer_cell, is_test_cell

ALLOWED = "NotImplementedError"


def _in_student_notebooks(item: pytest.Item) -> bool:
    try:
        Path(str(item.path)).resolve().relative_to(NOTEBOOKS)
    except ValueError:
        return False
    return True


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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        cell = getattr(item, "cell", None)
        if cell is None or not _in_student_notebooks(item):
            continue
        if is_answer_cell(cell) or is_test_cell(cell):
            item.options["check_exception"] = True
            _expect_only_not_implemented(item)
