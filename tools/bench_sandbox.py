"""Cost of the grading sandbox: the same submissions graded with and without bubblewrap, side by side.

Not a test (no timing is asserted): ``python -m tools.bench_sandbox --students 4 --rounds 2`` builds
a course with lesson 01 and N copies of the solution, then grades them alternately with the sandbox
and with ``--unsafe-no-sandbox`` (one worker, so submissions do not compete), and prints the median
seconds per submission of each and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from embedlab_grader import cli
from tests.support import nbgrader_course
from tests.support.lessons import Lesson

LESSON = Lesson("01-one-hot-vs-embeddings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    root = nbgrader_course.make_course(Path(tempfile.mkdtemp(prefix="bench-sandbox-")) / "course", [LESSON])
    nb = nbgrader_course.filled_submission(LESSON, nbgrader_course.solution_answers(LESSON))
    for i in range(args.students):
        nbgrader_course.submit(root, LESSON, f"s{i:02d}", nb)
    seconds: dict[str, list[float]] = {"sandbox": [], "no sandbox": []}
    for _ in range(args.rounds):
        for label, unsafe in (("sandbox", False), ("no sandbox", True)):
            jobs = cli.grade(root, [LESSON.slug], workers=1, progress=False, unsafe_no_sandbox=unsafe)
            assert all(j.graded for j in jobs), cli.summary(jobs)
            seconds[label] += [j.seconds for j in jobs]
    med = {k: statistics.median(v) for k, v in seconds.items()}
    for label, values in seconds.items():
        print(f"{label:>10}: median {med[label]:.2f} s per submission over {len(values)} submissions")
    print(f"sandbox / no sandbox: {med['sandbox'] / med['no sandbox']:.2f}x")


if __name__ == "__main__":
    main()
