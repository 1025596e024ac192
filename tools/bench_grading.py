"""Grading benchmark: a generated class graded with and without the demo cells, side by side.

    python -m tools.bench_grading                 # 30 students, every lesson, 2 workers
    python -m tools.bench_grading --students 6 --workers 2 --lessons 01-one-hot-vs-embeddings

Each student submits every lesson; students cycle through three kinds: the solution, the
untouched notebook, and wrong answers (the k-th plausible wrong answer of every exercise, from
tests/wrong_answers/). The same class is graded twice by ``python -m embedlab.grading all
--workers N``, in two course directories: as configured (the demo cells tagged ``grading-skip``
are not run, src/embedlab/grading/skip_demo_cells.py) and with every notebook run whole
(``SkipDemoCells.run_whole_for`` lists every student). Prints both times, their ratio, the load
average, the estimated time of 30 students x 7 lessons, and whether both gave the same grades
(exit status 1 if not). Not part of ``make test``.
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
    """Wall seconds of ``python -m embedlab.grading all`` in ``root``, and the load average after."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "embedlab.grading", "all", "--workers", str(workers)],
                          cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    seconds = time.perf_counter() - start
    print("  " + (done.stdout.strip().splitlines() or ["(no summary)"])[-1], flush=True)
    return seconds, os.getloadavg()[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lessons", nargs="*", help="lesson slugs (default: every lesson)")
    args = parser.parse_args(argv)
    chosen = [lesson for lesson in lessons() if not args.lessons or lesson.slug in args.lessons]
    if not chosen:
        parser.error(f"no lesson among {args.lessons}; the lessons are {[x.slug for x in lessons()]}")
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONHASHSEED="0",
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    names = [f"student{i + 1:02d}" for i in range(args.students)]
    with TemporaryDirectory(prefix="bench-grading-") as tmp:
        skip_root, whole_root = Path(tmp, "skip"), Path(tmp, "whole")
        build_class(skip_root, chosen, args.students)
        build_class(whole_root, chosen, args.students)
        with (whole_root / "nbgrader_config.py").open("a") as f:
            f.write(f"\nc.SkipDemoCells.run_whole_for = {names!r}\n")
        print(f"{args.students} students x {len(chosen)} lessons ({', '.join(x.slug[:2] for x in chosen)}), "
              f"{args.workers} workers, {os.cpu_count()} CPUs, load average before: {os.getloadavg()[0]:.1f}",
              flush=True)
        print("demo cells skipped:", flush=True)
        skip, load_skip = grade(skip_root, args.workers, env)
        print("every cell run:", flush=True)
        whole, load_whole = grade(whole_root, args.workers, env)
        same = all(nbgrader_course.class_scores(f"sqlite:///{skip_root / 'gradebook.db'}", lesson)
                   == nbgrader_course.class_scores(f"sqlite:///{whole_root / 'gradebook.db'}", lesson)
                   for lesson in chosen)
    jobs = args.students * len(chosen)
    for label, took, load in (("demo cells skipped", skip, load_skip), ("every cell run", whole, load_whole)):
        print(f"{label:18}: {took / 60:6.2f} min  {took / jobs:5.1f} s/submission  (load after {load:.1f})")
    print(f"RATIO skipped/whole: {skip / whole:.2f}; same grades: {same}")
    full = 30 * len(lessons()) / jobs / 60  # minutes per second of this run, scaled to 30 students
    print(f"estimate for 30 students x {len(lessons())} lessons, {args.workers} workers (from these lessons' "
          f"mean per submission): {skip * full:.1f} min skipped, {whole * full:.1f} min whole")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
