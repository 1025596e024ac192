"""What a failing test may tell the learner, given which lines of the test cell are hidden.

Used by :mod:`embedlab.checkwork.run` (check my work, every lesson). Pure functions: no notebook runs.
Which lines are hidden is :func:`embedlab.notebook.cells.hidden_lines`'s to say (the grader uses it too).

Example:
    >>> source = ("assert f(1) == 1, 'f(1) should be 1'\\n### BEGIN HIDDEN TESTS\\n"
    ...           "assert f(2) == 4\\n### END HIDDEN TESTS")
    >>> sorted(hidden_lines(source))
    [2, 3, 4]
    >>> verdict({"ok": False, "type": "AssertionError", "message": "f(1) should be 1", "lines": [1]},
    ...         hidden={2, 3, 4}, hint="think about 2")
    ('failed', 'f(1) should be 1')
    >>> verdict({"ok": False, "type": "AssertionError", "message": "secret", "lines": [3]},
    ...         hidden={2, 3, 4}, hint="think about 2")
    ('failed', 'think about 2')
"""

from __future__ import annotations

from embedlab.notebook.cells import BEGIN_HIDDEN, END_HIDDEN, hidden_lines

__all__ = ["BEGIN_HIDDEN", "END_HIDDEN", "NOT_ATTEMPTED", "hidden_lines", "verdict"]

NOT_ATTEMPTED = "NotImplementedError"


def verdict(result: dict, hidden: set[int], hint: str) -> tuple[str, str]:
    """(status, message) for one test cell's wrapper result; never quotes a hidden line."""
    if result.get("ok"):
        return "passed", ""
    kind, message, lines = result.get("type", ""), result.get("message", ""), result.get("lines", [])
    if kind == NOT_ATTEMPTED:
        return "not attempted", "your answer still raises NotImplementedError"
    if lines and not (set(lines) & hidden):  # every line of the test cell on the failing path is visible
        last = lines[-1]
        if kind == "AssertionError":
            return "failed", message or f"the visible check on line {last} of the test cell fails"
        return "failed", f"{kind}: {message}" if message else f"{kind} on line {last} of the test cell"
    return "failed", hint
