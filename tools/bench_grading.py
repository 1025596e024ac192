"""Grading benchmark: a generated class graded sequentially and in parallel, in one run.

    python -m tools.bench_grading                 # 30 students, every lesson, 2 workers
    python -m tools.bench_grading --students 6 --workers 2 --lessons 01-one-hot-vs-embeddings

Each student submits every lesson; students cycle through three kinds: the solution, the
untouched notebook, and wrong answers (the k-th plausible wrong answer of every exercise, from
tests/wrong_answers/). The same class is graded twice, in two course directories:
with ``python -m embedlab.grading all --workers N`` and then sequentially with one
``nbgrader autograde LESSON`` process per lesson (nbgrader's own way). Prints students/minute for both, the
speed-up, the load average, and whether both gave the same grades. Not part of ``make test``.
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--lessons", nargs="*", help="lesson slugs (default: every lesson)")
    args = parser.parse_args(argv)
    chosen = [lesson for lesson in lessons() if not args.lessons or lesson.slug in args.lessons]
    env = dict(os.environ, OMP_NUM_THREADS="1", PYTHONHASHSEED="0",
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    with TemporaryDirectory(prefix="bench-grading-") as tmp:
        seq_root, par_root = Path(tmp, "sequential"), Path(tmp, "parallel")
        build_class(seq_root, chosen, args.students)
        build_class(par_root, chosen, args.students)
        print(f"{args.students} students x {len(chosen)} lessons ({', '.join(l.slug[:2] for l in chosen)}), "
              f"{os.cpu_count()} CPUs, load average before: {os.getloadavg()[0]:.1f}", flush=True)

        # The parallel run goes first so its figure exists even if the long sequential run is cut short.
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "embedlab.grading", "all", "--workers", str(args.workers)],
                              cwd=par_root, env=env, stdout=subprocess.PIPE, text=True)
        par = time.perf_counter() - start
        load_par = os.getloadavg()[0]
        print(done.stdout.strip().splitlines()[-1])
        print(f"embedlab.grading --workers {args.workers:<2}: {par / 60:6.1f} min  "
              f"{args.students / (par / 60):6.2f} students/minute  (load {load_par:.1f})", flush=True)

        start = time.perf_counter()
        for lesson in chosen:
            subprocess.run([sys.executable, "-m", "nbgrader", "autograde", lesson.slug, "--force"], cwd=seq_root,
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print(f"  sequential: {lesson.slug} done after {(time.perf_counter() - start) / 60:.1f} min", flush=True)
        seq = time.perf_counter() - start
        load_seq = os.getloadavg()[0]

        same = all(nbgrader_course.class_scores(f"sqlite:///{seq_root / 'gradebook.db'}", lesson)
                   == nbgrader_course.class_scores(f"sqlite:///{par_root / 'gradebook.db'}", lesson) for lesson in chosen)
    rate_seq, rate_par = args.students / (seq / 60), args.students / (par / 60)
    print(f"sequential nbgrader autograde : {seq / 60:6.1f} min  {rate_seq:6.2f} students/minute  (load {load_seq:.1f})")
    print(f"embedlab.grading --workers {args.workers:<2}: {par / 60:6.1f} min  {rate_par:6.2f} students/minute  (load {load_par:.1f})")
    print(f"speed-up: {seq / par:.2f}x; same grades: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
