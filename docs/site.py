"""Build the course website offline: ``make site`` (``python docs/site.py [--out build/site]``).

Sphinx with MyST-NB (``nb_execution_mode = "off"``: nothing is executed) and the book theme. One
page per lesson, from the **student** notebook in ``notebooks/``, which holds no outputs. The
outputs of its demo cells come from the solution notebook's stored outputs (``solutions/``), and
only for a cell whose id and source are the student cell's own: an exercise's answer and test
cells, a written answer, and any cell whose source differs (nbgrader changed it) keep the student
source and get no output. No solution, hidden test, model answer or rubric can come along: the
sources are the student's, and the outputs of exercise cells are never taken.

The landing page holds the README's course map; the learners', instructors', maintainers' and
credits pages are the files of ``docs/``. Links to repository files that are not pages become
plain text.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["learners", "instructors", "maintainers", "credits"]

CONF = '''"""Sphinx configuration of the course website (written by docs/site.py)."""
project = "Embeddings in PyTorch"
author = "The Embeddings in PyTorch authors"
extensions = ["myst_nb"]
nb_execution_mode = "off"
nb_output_stderr = "remove"
html_theme = "sphinx_book_theme"
html_title = "Embeddings in PyTorch"
html_theme_options = {"show_toc_level": 2}
exclude_patterns = ["_build"]
myst_heading_anchors = 3
suppress_warnings = ["mystnb.unknown_mime_type"]
'''


def is_exercise(cell) -> bool:
    """Answer, test and written-answer cells: anything nbgrader grades or locks with a solution."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("solution") or meta.get("grade") or meta.get("task"))


def lesson_page(student: Path, solution: Path) -> nbformat.NotebookNode:
    """The student notebook with the solution's stored outputs on its unchanged demo cells."""
    nb = nbformat.read(student, as_version=4)
    stored = {c.get("id"): c for c in nbformat.read(solution, as_version=4).cells}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs, cell.execution_count = [], None
        source = stored.get(cell.get("id"))
        if is_exercise(cell) or source is None or source.cell_type != "code" or source.source != cell.source:
            continue
        cell.outputs = [o for o in source.outputs if o.get("output_type") != "error"]
        cell.execution_count = source.get("execution_count")
    nb.metadata.pop("widgets", None)
    return nb


def page_text(text: str, pages: set[str], to_root: str) -> str:
    """Rewrite links: docs/X.md and README.md to site pages, other repository files to plain text."""
    def link(m: re.Match) -> str:
        label, target = m.group(1), m.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            return m.group(0)
        path, _, anchor = target.partition("#")
        name = Path(path).stem
        if path.endswith(".md") and name in pages:
            return f"[{label}]({name}.md{'#' + anchor if anchor else ''})"
        if path.endswith("README.md"):
            return f"[{label}](index.md)"
        lesson = re.match(r"^(?:\.\./)?notebooks/([\w-]+)/\1\.ipynb$", path)
        if lesson:
            return f"[{label}](lessons/{lesson.group(1)}.ipynb)"
        return label
    return re.sub(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)", link, text)


def course_map() -> str:
    readme = (ROOT / "README.md").read_text()
    table = re.search(r"^## Course map\n(.*?)(?=^## )", readme, re.S | re.M).group(1)
    return "## Course map\n" + table


def write_sources(src: Path) -> list[str]:
    """The Sphinx project: conf.py, index.md, the docs pages and one notebook per lesson."""
    if src.exists():
        shutil.rmtree(src)
    (src / "lessons").mkdir(parents=True)
    (src / "conf.py").write_text(CONF)
    slugs = sorted(p.name for p in (ROOT / "notebooks").iterdir() if re.match(r"^\d\d-", p.name))
    for slug in slugs:
        nb = lesson_page(ROOT / "notebooks" / slug / f"{slug}.ipynb",
                         ROOT / "solutions" / slug / f"{slug}.ipynb")
        nbformat.write(nb, src / "lessons" / f"{slug}.ipynb")
    pages = set(PAGES)
    for name in PAGES:
        (src / f"{name}.md").write_text(page_text((ROOT / "docs" / f"{name}.md").read_text(), pages, ".."))
    readme = (ROOT / "README.md").read_text()
    intro = readme.split("\n## ", 1)[0]
    intro = re.sub(r"^\[!\[.*\n", "", intro, flags=re.M)  # badges (their links need the published address)
    intro = re.sub(r"^> \*\*Placeholder:\*\*.*?(?=\n\n)\n\n", "", intro, flags=re.M | re.S)
    index = page_text(intro, pages, ".") + "\n" + page_text(course_map(), pages, ".") + f"""
```{{toctree}}
:caption: Lessons
:maxdepth: 1

{chr(10).join(f"lessons/{s}" for s in slugs)}
```

```{{toctree}}
:caption: Guides
:maxdepth: 1

{chr(10).join(PAGES)}
```
"""
    (src / "index.md").write_text(index)
    return slugs


def build(out: Path) -> Path:
    """Write the sources to ``out/src`` and the HTML to ``out/html``; return the HTML folder."""
    src, html = out / "src", out / "html"
    write_sources(src)
    if html.exists():
        shutil.rmtree(html)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "1",
                    "-d", str(out / "doctrees"), str(src), str(html)], check=True)
    return html


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python docs/site.py", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site")
    args = parser.parse_args(argv)
    html = build(args.out.resolve())
    print(f"The course website is in {html} (open {html / 'index.html'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
