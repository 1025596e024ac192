"""embedlab_grader.judge: a test cell runs in the judge; the learner's kernel only answers requests.

The kernel is simulated in this process by embedlab.kernel_side.serve over the same JSON the real
one answers through the kernel protocol (the real path is graded end to end in
tests/test_adversarial_grading.py and tests/test_grading_roundtrip.py).
"""

from __future__ import annotations

from typing import Any

import pytest
import torch

from embedlab import kernel_side
from embedlab_grader.judge import KernelGone, Link, _request_of, lesson_imports, run_test

BASE = lesson_imports([{"cell_type": "code", "source": "import math\nimport torch\nimport torch.nn as nn"}])


def kernel(ns: dict[str, Any], log: list[str] | None = None) -> Link:
    def ask(expression: str) -> str:
        request = _request_of(expression)
        if log is not None:
            log.append(request)
        return repr(kernel_side.serve(request, ns))
    return Link(ask)


def test_a_correct_answer_passes_and_a_wrong_one_fails_with_its_message() -> None:
    def square(x):
        return x * x

    ns = {"square": square}
    assert run_test("assert square(torch.tensor([2.0])).tolist() == [4.0]", BASE, kernel(ns)).passed
    bad = run_test("x = 1\nassert square(3) == 10, 'square(3) should be 10'", BASE, kernel(ns))
    assert not bad.passed and bad.output["ename"] == "AssertionError"
    assert bad.output["evalue"] == "square(3) should be 10" and bad.output["traceback"][0].endswith("line 2")


def test_arguments_changed_by_the_answer_come_back_changed() -> None:
    def sneaky(xs, t, d):
        xs.sort()
        t.mul_(2)
        d["k"] = 1
        return None

    source = ("xs, t, d = [3, 1, 2], torch.tensor([1.0, 2.0]), {}\nsneaky(xs, t, d)\n"
              "assert xs == [1, 2, 3] and t.tolist() == [2.0, 4.0] and d == {'k': 1}")
    assert run_test(source, BASE, kernel({"sneaky": sneaky})).passed


def test_gradients_set_by_the_answer_reach_the_judges_tensor() -> None:
    def backward_into(w):
        (w * w).sum().backward()

    source = ("w = torch.tensor([1.0, 3.0], requires_grad=True)\nbackward_into(w)\n"
              "assert w.grad.tolist() == [2.0, 6.0]")
    assert run_test(source, BASE, kernel({"backward_into": backward_into})).passed


def test_exceptions_cross_as_pythons_own_types_with_their_messages() -> None:
    class BadId(IndexError):
        pass

    def check(i):
        raise BadId(f"id {i} is outside 0..4")

    source = ("try:\n    check(7)\nexcept IndexError as e:\n    assert 'BadId: id 7' in str(e), str(e)\n"
              "else:\n    raise AssertionError('no error')")
    assert run_test(source, BASE, kernel({"check": check})).passed


def test_a_missing_answer_or_name_fails_the_test() -> None:
    verdict = run_test("encode([1])", BASE, kernel({}))
    assert not verdict.passed and verdict.output["ename"] == "NameError"

    def todo(x):
        raise NotImplementedError()

    assert run_test("todo(1)", BASE, kernel({"todo": todo})).output["ename"] == "NotImplementedError"


def test_the_kernel_never_receives_the_test_or_its_expected_values() -> None:
    log: list[str] = []

    def f(x):
        return x + 1

    source = ("SECRET_EXPECTED = 41 + 1\nassert f(41) == SECRET_EXPECTED\n"
              "### BEGIN HIDDEN TESTS\nassert f(-1) == 0\n")
    assert run_test(source, BASE, kernel({"f": f}, log)).passed
    sent = "\n".join(log)
    assert "SECRET" not in sent and "assert" not in sent and "42" not in sent


def test_objects_that_cannot_cross_stay_behind_handles_the_judge_can_use() -> None:
    def make(n):
        return torch.nn.Linear(n, 2)

    source = ("lin = make(3)\nassert type(lin).__name__ == 'KernelObject' and lin.type.endswith('Linear')\n"
              "assert lin.in_features == 3 and lin.weight.shape == (2, 3)\n"
              "assert lin(torch.zeros(1, 3)).shape == (1, 2)")
    assert run_test(source, BASE, kernel({"make": make})).passed


def test_a_judge_function_cannot_be_handed_to_the_kernel() -> None:
    def apply(fn):
        return fn(2)

    verdict = run_test("apply(lambda x: x)", BASE, kernel({"apply": apply}))
    assert not verdict.passed and "cannot cross" in verdict.output["evalue"]


def test_in_kernel_helpers_run_in_the_kernel_and_never_from_the_hidden_part() -> None:
    ns = {"torch": torch, "emb_dim": lambda e: e.embedding_dim}
    helper = ("from embedlab.kernel_side import in_kernel\n\n@in_kernel\ndef probe(n):\n"
              "    return emb_dim(torch.nn.Embedding(n, 4))\n")
    assert run_test(helper + "assert probe(3) == 4\n", BASE, kernel(ns)).passed
    hidden = "### BEGIN HIDDEN TESTS\n" + helper + "probe(3)\n### END HIDDEN TESTS\n"
    from embedlab.notebook.cells import hidden_lines

    verdict = run_test(hidden, BASE, kernel(ns), hidden_lines(hidden))
    assert not verdict.passed and "hidden" in verdict.output["evalue"]
    assert kernel_side._judge is None, "the judge's hook is removed after the test"


@pytest.mark.parametrize("reply", ["'not json'", "42", repr('{"ok": {"$pickle": 1}}'),
                                   repr('{"ok": 1, "x": 2}'), repr('{"error": "x"}'), repr("[" * 100000)])
def test_forged_or_garbled_replies_fail_the_test(reply: str) -> None:
    verdict = run_test("assert f(1) == 2", BASE, Link(lambda expression: reply))
    assert not verdict.passed


def test_an_interrupted_or_dead_kernel_ends_the_test_and_is_not_swallowed() -> None:
    def hang(x):
        raise KeyboardInterrupt

    with pytest.raises(KernelGone):
        run_test("try:\n    hang(1)\nexcept Exception:\n    pass", BASE, kernel({"hang": hang}))

    def gone(expression: str) -> str:
        raise KernelGone("the kernel stopped", dead=True)

    with pytest.raises(KernelGone):
        run_test("try:\n    f(1)\nexcept BaseException as e:\n    raise e", BASE, Link(gone))


def test_lesson_imports_runs_only_import_statements() -> None:
    ns = lesson_imports([{"cell_type": "code", "source": "import math\nraise SystemExit('no')\n"},
                         {"cell_type": "code",
                          "source": "%matplotlib inline\nfrom collections import Counter"},
                         {"cell_type": "markdown", "source": "import os"}])
    assert "math" in ns and "Counter" in ns and "os" not in ns
