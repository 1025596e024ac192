"""Build what an instructor hands out: the student notebooks and set-up, never the solutions.

The repository holds ``solutions/`` -- every solution, hidden test, model answer and rubric -- and
the instructor's tests. ``make student-release`` (``python -m embedlab_grader.student_release``)
copies only an allow-list (``notebooks/``, the ``embedlab`` package, the set-up files, README and
licences) into ``build/student-release/`` and a zip next to it, then checks the result: no
``solutions/`` or ``tests/`` folder, no nbgrader solution or hidden-test markers, no rubric, no
gradebook or course configuration. Note that the ``embedlab`` package itself contains working
implementations of several exercises (the lessons use them later); the grader's static scan
(:mod:`embedlab_grader.scan`) reports answers that import them.

Example:
    >>> problems_in({"notebooks/01-x/01-x.ipynb": b"### BEGIN HIDDEN TESTS"})
    ['notebooks/01-x/01-x.ipynb: contains BEGIN HIDDEN TESTS']
"""

from __future__ import annotations

import argparse
import shutil
import sys
import zipfile
from pathlib import Path

FILES = ("pyproject.toml", "setup.py", "environment.yml", "constraints.txt", "Makefile", "README.md",
         "LICENSE", "LICENSE-CONTENT.md", "CITATION.cff", "docs/learners.md")
FOLDERS = ("notebooks", "src/embedlab", "share")
SKIP = ("__pycache__", ".ipynb_checkpoints", ".egg-info")
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "Model answer",
           "Rubric (")
FORBIDDEN_PARTS = {"solutions", "tests", "source", "autograded", "submitted", "feedback", "gradebook.db",
                   "nbgrader_config.py", "grading_reports"}


def files_of(repo: Path) -> dict[str, bytes]:
    """{relative path: bytes} of everything the student release contains."""
    out: dict[str, bytes] = {}
    for name in FILES:
        if (repo / name).is_file():
            out[name] = (repo / name).read_bytes()
    for folder in FOLDERS:
        for path in sorted((repo / folder).rglob("*")):
            rel = path.relative_to(repo).as_posix()
            if path.is_file() and not any(s in rel for s in SKIP):
                out[rel] = path.read_bytes()
    return out


def problems_in(files: dict[str, bytes]) -> list[str]:
    """Why these files must not go to students ([] when they may)."""
    out = []
    for rel, data in files.items():
        parts = set(Path(rel).parts)
        if parts & FORBIDDEN_PARTS:
            out.append(f"{rel}: instructor-only path")
        if rel.endswith(".ipynb"):  # the docs may name the markers; a notebook must not contain them
            text = data.decode("utf-8", errors="replace")
            out += [f"{rel}: contains {m}" for m in MARKERS if m in text]
    return out


def build(repo: Path, out: Path) -> Path:
    """Write ``out/`` and ``out.zip``; raise ValueError naming any file that would leak."""
    files = files_of(repo)
    if not any(k.startswith("notebooks/") for k in files):
        raise ValueError(f"no notebooks/ in {repo}: run `make release` first")
    problems = problems_in(files)
    if problems:
        raise ValueError("refusing to build the student release:\n  " + "\n  ".join(problems[:20]))
    if out.exists():
        shutil.rmtree(out)
    for rel, data in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    archive = out.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for rel, data in files.items():
            z.writestr(f"{out.name}/{rel}", data)
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m embedlab_grader.student_release",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=Path.cwd())
    parser.add_argument("--out", type=Path, default=Path("build/student-release"))
    args = parser.parse_args(argv)
    try:
        archive = build(args.repo.resolve(), args.out.resolve())
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"student release: {args.out}/ and {archive} -- hand out this, never the repository")
    return 0


if __name__ == "__main__":
    sys.exit(main())
