"""Check my work: a lesson's hidden tests run on a learner's notebook, without showing them.

Used at the end of every lesson, by self-paced learners: ``make check LESSON=01``, or the last cell
of a lesson, ``from embedlab.checkwork import check; check()``, or
``python -m embedlab.checkwork LESSON [NOTEBOOK]``.

How: the learner's notebook (as last saved) is copied; each exercise's test cell is replaced by the
full test cell of ``solutions/`` (visible *and* hidden tests); the demo cells that grading does not
run are left out; the copy runs on the course kernel in a temporary copy of the lesson folder, in
another process. Each test cell runs through a small
wrapper that records which line of the cell failed. Per exercise the report says only:

- **passed**;
- **failed**, with the message of the failing check when that check is one of the visible lines
  the learner can read in the notebook; when a hidden line fails, a hint written for that test
  (:mod:`embedlab.checkwork.hints`) -- never hidden source, expected values or a traceback;
- **not attempted** (the answer still raises ``NotImplementedError``).

For each written question answered (not left as "YOUR ANSWER HERE") it offers the model answer and
the rubric. A copy of the course without ``solutions/`` (a class hand-out) has no hidden tests: the
check then says that the instructor grades them.

The package, one module per part:

- :mod:`~embedlab.checkwork.verdicts`: which lines of a test cell are hidden, and what a failure may say;
- :mod:`~embedlab.checkwork.hints`: the hint per hidden test;
- :mod:`~embedlab.checkwork.report`: the report and how it is shown (text, HTML, JSON);
- :mod:`~embedlab.checkwork.course`: finding the course folder, the lesson and its source notebook;
- :mod:`~embedlab.checkwork.run`: running the hidden tests on a copy of the learner's notebook;
- :mod:`~embedlab.checkwork.cell`: ``check()``, for a notebook cell;
- ``__main__``: the command line (``make check``).

Example (the pure part: lines 2-4 of this test cell are hidden, so a failure there gets the hint):
    >>> cell = "assert f(1) == 1\\n### BEGIN HIDDEN TESTS\\nassert f(2) == 4\\n### END HIDDEN TESTS"
    >>> sorted(hidden_lines(cell))
    [2, 3, 4]
"""

from __future__ import annotations

from embedlab.checkwork.cell import check
from embedlab.checkwork.course import NoSolutions, find_repo, resolve_lesson
from embedlab.checkwork.report import ExerciseResult, Report, WrittenResult
from embedlab.checkwork.run import check_notebook
from embedlab.checkwork.verdicts import hidden_lines, verdict

__all__ = ["ExerciseResult", "WrittenResult", "Report", "NoSolutions", "hidden_lines", "verdict",
           "find_repo", "resolve_lesson", "check_notebook", "check"]
