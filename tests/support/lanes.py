"""``make test``: every test family, in two pytest processes side by side.

The grading family (nbgrader's autograder in temporary courses) takes about half of a run, the
other families (unit, nbval, notebook, browser) the other half, and one pytest process keeps only
one of this machine's two cores busy most of the time. So two processes run at once:

=========  ==================================  ================================================
lane       pytest ``-m``                       output
=========  ==================================  ================================================
others     ``not grading or others_lane``      this terminal, as it runs: fast families first,
                                               so a quick failure shows within a minute or two
grading    ``grading and not others_lane``     ``artifacts/test-grading.log``, shown here whole
                                               once it ends
=========  ==================================  ================================================

The ``others_lane`` marker moves a grading test that needs no shared fixture into the others lane,
to even out the two lanes' times: a run keeps both cores busy, so the lanes should end together.

No test of one lane reads what a test of the other writes: each builds its own temporary
courses (pytest's ``tmp_path``), JupyterLab servers and gradebooks, on free ports.

At the end one table adds up each family's tests and seconds from both processes
(tests/support/families.py), with the wall-clock time of each lane and of the run. The exit
status is pytest's: 0 when both lanes passed (a lane that selects no test counts as passed when
the other ran tests).

Arguments go to both pytest processes::

    python -m tests.support.lanes --durations=15
    python -m tests.support.lanes tests/test_grading_skip.py     # only that module, in both lanes
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support import families
from tests.support.lessons import ROOT

LOG = ROOT / "artifacts" / "test-grading.log"
NO_TESTS = 5  # pytest's exit status when it selected no test


@dataclass
class Lane:
    """One pytest process: its name, its ``-m`` expression, and how it ended."""

    name: str
    marks: str
    returncode: int | None = None
    seconds: float = 0.0


def exit_status(codes: list[int]) -> int:
    """pytest's exit status for the whole run, from the lanes' statuses.

    >>> [exit_status(codes) for codes in ([0, 0], [0, 5], [5, 5], [5, 1], [2, 1])]
    [0, 0, 5, 1, 2]
    """
    failed = [c for c in codes if c not in (0, NO_TESTS)]
    if failed:
        return max(failed)
    return NO_TESTS if all(c == NO_TESTS for c in codes) else 0


def merged(counts: list[dict[str, list]]) -> dict[str, tuple[int, float]]:
    """Each family's tests and seconds, added up over the lanes' counts.

    >>> merged([{"unit": [3, 1.5]}, {"grading": [2, 30.0], "unit": [1, 0.5]}])
    {'unit': (4, 2.0), 'grading': (2, 30.0)}
    """
    out: dict[str, tuple[int, float]] = {}
    for lane in counts:
        for name, (tests, seconds) in lane.items():
            before = out.get(name, (0, 0.0))
            out[name] = (before[0] + tests, before[1] + seconds)
    return out


def pytest_command(lane: Lane, args: list[str]) -> list[str]:
    return [sys.executable, "-m", "pytest", "-m", lane.marks, *args]


def main(argv: list[str] | None = None, log_path: Path = LOG) -> int:
    """Run both lanes with the pytest arguments ``argv``; the grading lane's output goes to ``log_path``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "-m" in args or any(a.startswith("-m=") for a in args):
        sys.exit("tests.support.lanes chooses each lane's tests with -m: run pytest itself to pass -m")
    background = Lane("grading", "grading and not others_lane")
    foreground = Lane("others", "not grading or others_lane")
    log_path.parent.mkdir(exist_ok=True)
    shown = log_path.relative_to(ROOT) if log_path.is_relative_to(ROOT) else log_path
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="test-lanes-") as tmp:
        times = {lane.name: Path(tmp, f"{lane.name}.json") for lane in (background, foreground)}

        def env(lane: Lane) -> dict[str, str]:
            return dict(os.environ, **{families.TIMES_ENV: str(times[lane.name])})

        print(f"The grading tests run beside these, in a second pytest process; their output goes to "
              f"{shown} and is shown here when they end.", flush=True)
        with log_path.open("w") as log:
            process = subprocess.Popen(pytest_command(background, args), stdout=log, stderr=subprocess.STDOUT,
                                       env=env(background), cwd=ROOT)
            try:
                foreground.returncode = subprocess.call(pytest_command(foreground, args), env=env(foreground),
                                                        cwd=ROOT)
                foreground.seconds = time.monotonic() - start
                if process.poll() is None:
                    print(f"\nWaiting for the grading tests ({shown}) ...", flush=True)
                background.returncode = process.wait()
                background.seconds = time.monotonic() - start
            finally:
                if process.poll() is None:  # interrupted: stop the other lane too
                    process.terminate()
                    process.wait()
        print(f"\n{'=' * 30} the grading tests ({shown}) {'=' * 30}", flush=True)
        sys.stdout.write(log_path.read_text(errors="replace"))
        counts = [json.loads(p.read_text()) for p in times.values() if p.exists()]
    print(f"\n{'=' * 30} time by test family, both lanes {'=' * 30}")
    print("\n".join(families.table(merged(counts))))
    for lane in (foreground, background):
        print(f"lane {lane.name:8} (-m {lane.marks!r}): pytest exit status {lane.returncode}, "
              f"{lane.seconds:.0f} s")
    print(f"wall-clock: {time.monotonic() - start:.0f} s")
    return exit_status([foreground.returncode, background.returncode])


if __name__ == "__main__":
    sys.exit(main())
