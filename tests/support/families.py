"""The test families of one run: which family a test belongs to, their order, their time.

A run goes fast to slow, so that a quick failure is reported first:

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
as the shared graded course counts in the family of the first test that needs it).
"""

from __future__ import annotations

from collections import defaultdict

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


def order(items: list[pytest.Item]) -> None:
    """Sort ``items`` in place by family (fast first), keeping pytest's order within a family.

    nbval items get the ``notebook`` marker. Items of one notebook stay together and in order
    (the sort is stable), as nbval needs: they share the notebook's kernel.
    """
    for item in items:
        name = family(item)
        item.stash[_KEY] = name
        if name.startswith("nbval-"):
            item.add_marker(pytest.mark.notebook)
    items.sort(key=lambda item: ORDER.index(item.stash[_KEY]))


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

    def table(self) -> list[str]:
        rows = [f"{'family':16} {'tests':>6} {'seconds':>9}"]
        for name in ORDER:
            if self.tests.get(name):
                rows.append(f"{name:16} {len(self.tests[name]):6d} {self.seconds[name]:9.1f}")
        total = sum(self.seconds.values())
        rows.append(f"{'total':16} {sum(len(t) for t in self.tests.values()):6d} {total:9.1f}")
        return rows
