"""Grade one lesson's answer files through the real grader, for authors (a minute or two).

Usage: python -m tools.grade_answers NN-slug [--workers 2]

Builds a course in a scratch folder with the lesson released, submits the solution, the untouched
student notebook and one notebook per K-th wrong answer / correct alternative of
tests/wrong_answers/lesson_NN.py, grades them with ``python -m embedlab_grader`` (nbgrader, the
sandbox, the judge), and prints each submission's points per test cell, then every wrong answer
that kept points and every correct one that lost some. The test suite proves the same for every
lesson at once (tests/test_grading_roundtrip.py); this is the quick loop while writing tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from embedlab_grader import cli
from tests.support import nbgrader_course as course
from tests.support.lessons import Lesson, correct_answers, wrong_answers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("lesson", help="the lesson's folder name, e.g. 01-one-hot-vs-embeddings")
    parser.add_argument("--workers", type=int, default=2, help="notebooks graded at a time")
    args = parser.parse_args(argv)
    lesson = Lesson(args.lesson)
    root = course.make_course(Path(tempfile.mkdtemp(prefix="grade-answers-")), [lesson])
    subs = {"solution": course.filled_submission(lesson, course.solution_answers(lesson)),
            "untouched": lesson.student()}
    plans: dict[str, dict[str, str]] = {}
    for prefix, answers in (("wrong", wrong_answers(lesson)), ("correct", correct_answers(lesson))):
        for k in range(max((len(v) for v in answers.values()), default=0)):
            picks = {gid: variants[k] for gid, variants in answers.items() if k < len(variants)}
            sources = {g: src for g, (_, src) in picks.items()}
            subs[f"{prefix}{k + 1}"] = course.filled_submission(lesson, sources)
            plans[f"{prefix}{k + 1}"] = {g: what for g, (what, _) in picks.items()}
    for student, nb in subs.items():
        course.submit(root, lesson, student, nb)
    jobs = cli.grade(root, [lesson.slug], workers=args.workers, timeout=60, progress=False)
    print(cli.summary(jobs))
    scores = course.class_scores(f"sqlite:///{root / 'gradebook.db'}", lesson)
    problems = []
    for student in subs:
        cells = {g: s for g, s in scores.get(student, {}).items() if g.startswith("test_")}
        got, total = sum(s.score for s in cells.values()), sum(s.max_score for s in cells.values())
        print(f"{student:>10} {got:g}/{total:g}  " + " ".join(f"{g}={s.score:g}" for g, s in cells.items()))
        for gid, what in plans.get(student, {}).items():
            cell = cells.get(f"test_{gid}")
            if cell is None:
                problems.append(f"{student} {gid}: not graded")
            elif student.startswith("wrong") and cell.score != 0:
                problems.append(f"{student} {gid}: wrong answer kept {cell.score:g} points: {what}")
            elif student.startswith("correct") and cell.score != cell.max_score:
                problems.append(f"{student} {gid}: correct answer lost points: {what}")
    solution = scores.get("solution", {})
    if any(s.score != s.max_score for g, s in solution.items() if g.startswith("test_")):
        problems.append("the solution lost points")
    if any(s.score for g, s in scores.get("untouched", {}).items() if g.startswith("test_")):
        problems.append("the untouched notebook earned points")
    print("\n".join(problems) or "every submission scored as it should")
    print(f"(course kept in {root})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
