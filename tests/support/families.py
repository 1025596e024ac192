"""The test families of one run: which family a test belongs to, their order, their time.

One pytest process runs them fast to slow, so that a quick failure is reported first; ``make test``
runs the grading family in a second process beside the others (tests/support/lanes.py):

==================  =========================================================================
unit                tests/ without a slow marker (seconds to a few minutes)
nbval-solutions     nbval over solutions/ (every lesson executed, stored outputs compared)
nbval-notebooks     nbval over notebooks/ (untouched: only NotImplementedError, only in exercises)
notebook            other tests that execute lesson notebooks (``notebook`` marker)
grading             nbgrader's autograder in temporary courses (``grading`` marker)
browser             JupyterLab driven in Chromium (``browser`` marker)
==================  =========================================================================

nbval's items get the ``notebook`` marker here, so ``-m "not notebook"`` leaves them out as it
leaves out the other notebook-executing tests. At the end of a run a table gives each family's
number of tests and seconds (set-up, call and tear-down of its tests, so a session fixture such
as the shared graded course counts in the family of the first test that needs it). With
``EMBEDLAB_TEST_TIMES`` set to a file name, the same counts are written there as JSON, for
tests/support/lanes.py to add up.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

from tests.support.lessons import NOTEBOOKS, SOLUTIONS, is_under

ORDER = ["unit", "nbval-solutions", "nbval-notebooks", "notebook", "grading", "browser"]
_KEY = pytest.StashKey[str]()


def family(item: pytest.Item) -> str:
    """The family of a collected test (see the module docstring)."""
    if is_under(item.path, SOLUTIONS):
        return "nbval-solutions"
    if is_under(item.path, NOTEBOOKS):
        return "nbval-notebooks"
    for marker in ("browser", "grading", "notebook"):
        if item.get_closest_marker(marker) is not None:
            return marker
    return "unit"


# The session fixture that grades the shared class (tests/support/graded_course.py) with two workers.
SHARED_CLASS = "graded_course"


def order(items: list[pytest.Item]) -> None:
    """Sort ``items`` in place by family (fast first), keeping pytest's order within a family, except
    that in the grading family the test files that read the shared graded class come last.

    That class is the longest piece of the grading lane. Graded last, its two workers use both
    cores once the other lane has ended, where a lane of one-process tests would leave one idle;
    and the grading tests that do not need it report a failure sooner. A file moves as a whole, so
    that its module fixtures are made once.

    nbval items get the ``notebook`` marker. Items of one notebook stay together and in order
    (the sort is stable), as nbval needs: they share the notebook's kernel.
    """
    for item in items:
        name = family(item)
        item.stash[_KEY] = name
        if name.startswith("nbval-"):
            item.add_marker(pytest.mark.notebook)
    shared = {item.path for item in items
              if item.stash[_KEY] == "grading" and SHARED_CLASS in getattr(item, "fixturenames", ())}
    items.sort(key=lambda item: (ORDER.index(item.stash[_KEY]),
                                 item.stash[_KEY] == "grading" and item.path in shared))


class Timer:
    """Adds up each family's tests and seconds from the run's reports."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.tests: dict[str, set[str]] = defaultdict(set)
        self.families: dict[str, str] = {}

    def collected(self, items: list[pytest.Item]) -> None:
        self.families = {item.nodeid: item.stash.get(_KEY, "unit") for item in items}

    def report(self, report: pytest.TestReport) -> None:
        name = self.families.get(report.nodeid)
        if name is not None:
            self.seconds[name] += report.duration
            self.tests[name].add(report.nodeid)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """The hook, with the timer registered as a plugin: a conftest's hooks never see the reports of
        tests outside its folder, such as nbval's items of solutions/."""
        self.report(report)

    def counts(self) -> dict[str, tuple[int, float]]:
        """{family: (tests, seconds)} of the families that ran."""
        return {name: (len(self.tests[name]), self.seconds[name]) for name in ORDER if self.tests.get(name)}

    def save(self) -> None:
        """Write :meth:`counts` as JSON to the file ``$EMBEDLAB_TEST_TIMES`` names, if set."""
        if os.environ.get(TIMES_ENV):
            Path(os.environ[TIMES_ENV]).write_text(json.dumps(self.counts()))


TIMES_ENV = "EMBEDLAB_TEST_TIMES"


def table(counts: dict[str, tuple[int, float]]) -> list[str]:
    """Rows of a table of each family's tests and seconds, in :data:`ORDER`, and their total.

    >>> print("\\n".join(table({"grading": (2, 30.0), "unit": (3, 1.5)})))
    family            tests   seconds
    unit                  3       1.5
    grading               2      30.0
    total                 5      31.5
    """
    rows = [f"{'family':16} {'tests':>6} {'seconds':>9}"]
    for name in ORDER:
        if name in counts:
            rows.append(f"{name:16} {counts[name][0]:6d} {counts[name][1]:9.1f}")
    tests = sum(n for n, _ in counts.values())
    rows.append(f"{'total':16} {tests:6d} {sum(s for _, s in counts.values()):9.1f}")
    return rows
