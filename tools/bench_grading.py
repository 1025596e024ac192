"""Grading benchmark: a generated class graded with and without the demo cells, side by side.

    python -m tools.bench_grading                 # 30 students x every lesson skipped, 6 of them whole
    python -m tools.bench_grading --students 6 --whole-students 6 --lessons 01-one-hot-vs-embeddings

Each student submits every lesson; students cycle through three kinds: the solution, the
untouched notebook, and wrong answers (the k-th plausible wrong answer of every exercise, from
tests/wrong_answers/). ``python -m embedlab_grader all --workers N`` grades, in two course
directories one after the other:

* the whole class as configured (the demo cells tagged ``grading-skip`` are not run,
  src/embedlab_grader/skip_demo_cells.py): with the defaults, this is the time an instructor
  waits for 30 students x 7 lessons;
* the first ``--whole-students`` of them with every notebook run whole
  (``SkipDemoCells.run_whole_for`` lists every student): the untagged path, at a reduced size
  because it takes about three times as long.

Prints both times, the ratio of their seconds per submission, the load average, and whether
the students graded both ways got the same grades (exit status 1 if not). When the skipped run
is smaller than 30 students x 7 lessons, also an estimate of that, scaled from its time per
submission. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

import nbformat

from tests.support import nbgrader_course
from tests.support.lessons import Lesson, lessons, wrong_answers


def submission(lesson: Lesson, kind: str, k: int, release: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """One generated student's notebook: 'solution', 'untouched' or 'wrong' (k-th wrong answers)."""
    nb = nbformat.from_dict(release)
    if kind == "untouched":
        return nb
    if kind == "solution":
        answers = nbgrader_course.solution_answers(lesson)  # code cells only are filled in below
    else:
        try:
            wrong = wrong_answers(lesson)
        except ModuleNotFoundError:
            wrong = {}
        answers = {g: v[k % len(v)][1] for g, v in wrong.items() if v}
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    for gid, source in answers.items():
        if gid in by_id and by_id[gid].cell_type == "code":
            by_id[gid].source = source
    return nb


def build_class(root: Path, chosen: list[Lesson], students: int) -> None:
    nbgrader_course.make_course(root, chosen)
    kinds = ["solution", "untouched", "wrong"]
    for lesson in chosen:
        release = nbformat.read(root / "notebooks" / lesson.slug / f"{lesson.slug}.ipynb", as_version=4)
        for i in range(students):
            nb = submission(lesson, kinds[i % 3], i // 3, release)
            nbgrader_course.submit(root, lesson, f"student{i + 1:02d}", nb)


def grade(root: Path, workers: int, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds of ``python -m embedlab_grader all`` in ``root``, and the load average after."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "embedlab_grader", "all", "--workers", str(workers)],
                          cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    seconds = time.perf_counter() - start
    print("  " + (done.stdout.strip().splitlines() or ["(no summary)"])[-1], flush=True)
    return seconds, os.getloadavg()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=30,
                        help="students graded with the demo cells skipped")
    parser.add_argument("--whole-students", type=int, default=6,
                        help="how many of them are also graded with every cell run (at most --students)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lessons", nargs="*", help="lesson slugs (default: every lesson)")
    args = parser.parse_args(argv)
    chosen = [lesson for lesson in lessons() if not args.lessons or lesson.slug in args.lessons]
    if not chosen:
        parser.error(f"no lesson among {args.lessons}; the lessons are {[x.slug for x in lessons()]}")
    if not 1 <= args.whole_students <= args.students:
        parser.error(f"--whole-students must be between 1 and --students ({args.students}), "
                     f"not {args.whole_students}")
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONHASHSEED="0",
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    names = [f"student{i + 1:02d}" for i in range(args.whole_students)]
    with TemporaryDirectory(prefix="bench-grading-") as tmp:
        skip_root, whole_root = Path(tmp, "skip"), Path(tmp, "whole")
        build_class(skip_root, chosen, args.students)
        build_class(whole_root, chosen, args.whole_students)
        with (whole_root / "nbgrader_config.py").open("a") as f:
            f.write(f"\nc.SkipDemoCells.run_whole_for = {names!r}\n")
        print(f"{len(chosen)} lessons ({', '.join(x.slug[:2] for x in chosen)}), {args.workers} workers, "
              f"{os.cpu_count()} CPUs, load average before: {os.getloadavg()[0]:.1f}", flush=True)
        print(f"{args.students} students, demo cells skipped:", flush=True)
        skip, load_skip = grade(skip_root, args.workers, env)
        print(f"{args.whole_students} of them, every cell run:", flush=True)
        whole, load_whole = grade(whole_root, args.workers, env)
        same = all({s: c for s, c in class_scores(skip_root, lesson).items() if s in names}
                   == class_scores(whole_root, lesson) for lesson in chosen)
    rows = (("demo cells skipped", skip, load_skip, args.students * len(chosen)),
            ("every cell run", whole, load_whole, args.whole_students * len(chosen)))
    for label, took, load, jobs in rows:
        print(f"{label:18}: {took / 60:6.2f} min for {jobs:3d} submissions  {took / jobs:5.1f} s/submission  "
              f"(load after {load:.1f})")
    per_skip, per_whole = skip / rows[0][3], whole / rows[1][3]
    print(f"RATIO skipped/whole, per submission: {per_skip / per_whole:.2f}; same grades for the "
          f"{args.whole_students} students graded both ways: {same}")
    full = 30 * len(lessons())
    if rows[0][3] < full:
        print(f"estimate for 30 students x {len(lessons())} lessons, {args.workers} workers (from these "
              f"lessons' mean per submission): {per_skip * full / 60:.1f} min skipped, "
              f"{per_whole * full / 60:.1f} min whole")
    else:
        print(f"30 students x {len(lessons())} lessons, demo cells skipped, {args.workers} workers: "
              f"{skip / 60:.1f} min, measured")
    return 0 if same else 1


def class_scores(root: Path, lesson: Lesson) -> dict:
    return nbgrader_course.class_scores(f"sqlite:///{root / 'gradebook.db'}", lesson)


if __name__ == "__main__":
    sys.exit(main())
