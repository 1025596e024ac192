"""How a run orders the test families and adds up their time, in one process or in ``make test``'s two
lanes (tests/support/families.py, tests/support/lanes.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support import families, lanes
from tests.support.lessons import NOTEBOOKS, ROOT, SOLUTIONS


@dataclass
class FakeItem:
    """What families reads of a collected test: its path, nodeid, markers and stash."""

    nodeid: str
    markers: tuple[str, ...] = ()
    fixturenames: tuple[str, ...] = ()
    stash: dict = field(default_factory=dict)
    added: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return ROOT / self.nodeid.split("::", 1)[0]

    def get_closest_marker(self, name: str):
        return name if name in self.markers or name in self.added else None

    def add_marker(self, marker) -> None:
        self.added.append(marker.name)


def test_one_process_runs_fast_families_first() -> None:
    solution = (SOLUTIONS / "01-x" / "01-x.ipynb").relative_to(ROOT).as_posix()
    notebook = (NOTEBOOKS / "01-x" / "01-x.ipynb").relative_to(ROOT).as_posix()
    items = [FakeItem("tests/test_browser.py::test_learner_lab", ("browser",)),
             FakeItem("tests/test_feedback.py::test_no_leak", ("grading",)),
             FakeItem("tests/test_checkwork.py::test_cli", ("notebook",)),
             FakeItem("tests/test_vocabulary.py::test_unk"),
             FakeItem(f"{solution}::Cell 0"), FakeItem(f"{solution}::Cell 1"),
             FakeItem(f"{notebook}::Cell 0")]
    families.order(items)
    assert [i.nodeid.rsplit("::", 1)[-1] for i in items] == [
        "test_unk", "Cell 0", "Cell 1", "Cell 0", "test_cli", "test_no_leak", "test_learner_lab"]
    assert [i.stash[families._KEY] for i in items] == [
        "unit", "nbval-solutions", "nbval-solutions", "nbval-notebooks", "notebook", "grading", "browser"]
    # nbval's items count as notebook tests for -m "not notebook"
    assert all("notebook" in i.added for i in items if i.nodeid.startswith(("solutions/", "notebooks/")))


def test_the_grading_files_of_the_shared_class_come_last_in_their_family() -> None:
    shared = families.SHARED_CLASS
    items = [FakeItem("tests/test_feedback.py::test_no_leak", ("grading",), (shared,)),
             FakeItem("tests/test_feedback.py::test_hide", ("grading",)),  # same file: moves with it
             FakeItem("tests/test_browser.py::test_learner_lab", ("browser",)),
             FakeItem("tests/test_adversarial_grading.py::test_case", ("grading",)),
             FakeItem("tests/test_grading_roundtrip.py::test_zero", ("grading",), ("tmp_path", shared)),
             FakeItem("tests/test_instructor_workflow.py::test_workflow", ("grading",)),
             FakeItem("tests/test_vocabulary.py::test_unk", (), (shared,))]
    families.order(items)
    assert [i.nodeid.rsplit("::", 1)[-1] for i in items] == [
        "test_unk", "test_case", "test_workflow", "test_no_leak", "test_hide", "test_zero",
        "test_learner_lab"]


def report(nodeid: str, seconds: float) -> pytest.TestReport:
    return pytest.TestReport(nodeid, ("x", 0, nodeid), {}, "passed", None, "call", duration=seconds)


def test_the_timer_adds_up_each_family_and_saves_it_for_the_lanes(monkeypatch, tmp_path) -> None:
    timer = families.Timer()
    timer.families = {"a": "unit", "b": "grading"}
    for nodeid, seconds in [("a", 1.0), ("a", 0.5), ("b", 30.0), ("not collected", 99.0)]:
        timer.report(report(nodeid, seconds))  # set-up and call of "a" are one test
    assert timer.counts() == {"unit": (1, 1.5), "grading": (1, 30.0)}
    assert families.table(timer.counts())[-1].split() == ["total", "2", "31.5"]

    monkeypatch.delenv(families.TIMES_ENV, raising=False)
    timer.save()  # nowhere to save: nothing written, no error
    monkeypatch.setenv(families.TIMES_ENV, str(tmp_path / "times.json"))
    timer.save()
    assert json.loads((tmp_path / "times.json").read_text()) == {"unit": [1, 1.5], "grading": [1, 30.0]}


TWO_LANES = """
import pytest

@pytest.mark.grading
def test_graded():
    pass

@pytest.mark.grading
@pytest.mark.others_lane
def test_graded_beside():
    pass

def test_other():
    assert False
"""


def test_the_lanes_split_the_run_and_report_both(tmp_path: Path) -> None:
    """A grading test runs in the grading lane, whose output is shown at the end; the others, and a
    grading test marked ``others_lane``, in the other; a failure in one lane is the run's exit status
    though the other passed (the statuses of every other combination: the doctest of
    ``lanes.exit_status``)."""
    (tmp_path / "test_two.py").write_text(TWO_LANES)
    log = tmp_path / "grading.log"
    done = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                           "from tests.support import lanes; "
                           f"sys.exit(lanes.main(['-p', 'no:cacheprovider', '-v', {str(tmp_path)!r}], "
                           f"log_path=Path({str(log)!r})))"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    out = done.stdout
    assert done.returncode == 1, out + done.stderr
    graded_log = log.read_text()
    assert "test_graded PASSED" in graded_log and "test_other" not in graded_log
    assert "test_graded_beside" not in graded_log
    assert graded_log in out  # shown whole at the end
    other_part = out.split("the grading tests (")[0]
    assert "test_other" in other_part and "test_graded PASSED" not in other_part
    assert "test_graded_beside PASSED" in other_part
    assert "test_other FAILED" in other_part
    assert "lane others" in out and "lane grading" in out and "wall-clock" in out


def test_the_lanes_refuse_a_marker_expression() -> None:
    with pytest.raises(SystemExit, match="chooses each lane's tests with -m"):
        lanes.main(["-m", "unit"])
