"""The learner's experience in a real browser: JupyterLab + ipywidgets + nbgrader's Validate button.

nbval proves the kernel side; these tests prove what a learner *sees*. For every lesson:

* the solution notebook: Run All (Run menu) completes with no error; every figure is shown as an
  image; every ipywidgets output is a live widget (never its text fallback such as
  ``IntSlider(value=3…)``); tqdm bars are widget bars; changing a widget control round-trips to the
  kernel and changes what is shown; nbgrader's Validate reports success;
* the student notebook: Run All -- continued below each stopping error, as a learner would --
  runs every cell, and the only errors shown are NotImplementedError in exercise cells; Validate
  lists every unanswered exercise.

A screenshot of each lesson after Run All is kept in artifacts/browser/ for people to look at;
on failure a screenshot, a Playwright trace and the server log go to artifacts/browser/failures/.
Everything is data-driven from the notebooks, so a new lesson is covered without code changes.
"""

from __future__ import annotations

import re
import time

import nbformat
import pytest

from tests.browser import (  # noqa: F401 -- fixtures
    ARTIFACTS, FIGURE_TEXT_FALLBACK, WIDGET_NOT_RENDERED, WIDGET_TEXT_FALLBACK, NotebookPage, ShownCell,
    chromium, chromium_path, lab_server, open_notebook, require_chromium, _SHOWN_JS,
)
from tests.lessons import Lesson, is_answer_cell, is_test_cell, is_written_cell, lessons

pytestmark = [pytest.mark.browser, pytest.mark.timeout(1200)]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# tqdm.auto's widget bar carries its text bar as text/plain: "epochs:  40%|####   | 240/600 [...]"
TQDM_TEXT = re.compile(r"\d+%\|.*\|\s*\d+/\d+")
ALLOWED_IN_EXERCISES = "NotImplementedError"
# How many controls to try before concluding that no interaction changes what is shown.
MAX_CONTROLS_TRIED = 4
CHANGE_TIMEOUT_S = 90


def _solution_path(lesson: Lesson) -> str:
    return f"solutions/{lesson.slug}/{lesson.slug}.ipynb"


def _student_path(lesson: Lesson) -> str:
    return f"notebooks/{lesson.slug}/{lesson.slug}.ipynb"


def _served(server, path: str) -> nbformat.NotebookNode:
    """The notebook as the server has it (its copy of the course, taken when the session started)."""
    file = server.course / path
    assert file.exists(), (f"{path} does not exist (in the copy of the course served to the browser): "
                           "generate student notebooks with `make release LESSON=NN-slug`")
    return nbformat.read(file, as_version=4)


def _first_line(source: str) -> str:
    lines = [" ".join(line.split()) for line in source.splitlines() if line.strip()]
    return lines[0] if lines else ""


def _stored(nb: nbformat.NotebookNode) -> dict[int, dict[str, int]]:
    """Per code cell of a stored notebook: how many PNG figures, widget views and tqdm bars it shows."""
    out = {}
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        data = [o.get("data", {}) for o in cell.get("outputs", [])]
        out[i] = {"png": sum("image/png" in d for d in data), "widgets": sum(WIDGET_VIEW in d for d in data),
                  "tqdm": sum(WIDGET_VIEW in d and bool(TQDM_TEXT.search(str(d.get("text/plain", ""))))
                              for d in data)}
    return out


def _where(cell: ShownCell, nb: nbformat.NotebookNode) -> str:
    first = nb.cells[cell.index].source.strip().splitlines()[:1]
    return f"cell {cell.index} ({first[0][:70]!r})" if first else f"cell {cell.index}"


def _check_rendering(shown: list[ShownCell], nb: nbformat.NotebookNode) -> dict[str, int]:
    """Figures are images, widgets are widgets, tqdm bars are widget bars. Returns counts."""
    problems = []
    images = widgets = bars = 0
    for cell in shown:
        for out in cell.outputs:
            for img in out.images:
                images += 1
                if not img["ok"]:
                    problems.append(f"{_where(cell, nb)}: an image did not load (naturalWidth 0)")
            if FIGURE_TEXT_FALLBACK.search(out.text) and not out.images:
                problems.append(f"{_where(cell, nb)}: a figure is shown as text {out.text.strip()[:60]!r}, not as an image")
            if out.widgets == 0 and WIDGET_TEXT_FALLBACK.search(out.text):
                problems.append(f"{_where(cell, nb)}: a widget is shown as its text fallback "
                                f"{out.text.strip()[:80]!r} instead of a control")
            if out.widgets == 0 and TQDM_TEXT.search(out.text):
                problems.append(f"{_where(cell, nb)}: a tqdm bar is shown as text {out.text.strip()[:60]!r}, "
                                "not as a widget bar")
            for marker in WIDGET_NOT_RENDERED:
                if marker in out.text:
                    problems.append(f"{_where(cell, nb)}: widget not rendered ({marker!r})")
            if out.widget_errors:
                problems.append(f"{_where(cell, nb)}: a widget failed to render (error widget shown)")
            widgets += out.widgets
            bars += out.progress
    return {"problems": problems, "images": images, "widgets": widgets, "bars": bars}  # type: ignore[dict-item]


def _write_note(name: str, lines: list[str]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.txt").write_text("\n".join(lines) + "\n")


def _wait_for_change(page: NotebookPage, before: str, timeout_s: float) -> bool:
    try:
        page.page.wait_for_function(f"(before) => ({_SHOWN_JS.strip()})() !== before", arg=before,
                                    timeout=timeout_s * 1000, polling=250)
    except Exception as exc:  # playwright TimeoutError
        if "Timeout" in type(exc).__name__ or "Timeout" in str(exc):
            return False
        raise
    return True


@pytest.mark.parametrize("lesson", lessons(), ids=str)
def test_solution_notebook_in_browser(lesson: Lesson, open_notebook, lab_server) -> None:
    nb = _served(lab_server, _solution_path(lesson))
    stored = _stored(nb)
    note = [f"{lesson.slug} -- solution notebook in JupyterLab (Chromium)"]

    page = open_notebook(_solution_path(lesson))
    run_s = page.run_all()
    shown = page.cells()
    assert len(shown) == len(nb.cells), f"JupyterLab shows {len(shown)} cells, the notebook has {len(nb.cells)}"

    # 1. Run All completed: every code cell ran, and none shows an error.
    not_run = [_where(c, nb) for c in shown if c.type == "code" and not c.executed]
    errors = [f"{_where(c, nb)}: {', '.join(c.errors)}" for c in shown if c.errors]
    assert not errors, "Run All shows errors in the solution notebook:\n" + "\n".join(errors)
    assert not not_run, "Run All stopped before these cells:\n" + "\n".join(not_run)
    note.append(f"Run All: {sum(c.type == 'code' for c in shown)} code cells ran, no error ({run_s:.1f} s in the browser)")

    # 2. Figures, widgets, progress bars render as what they are.
    page.page.wait_for_timeout(1000)  # let widget views attach after the last reply
    shown = page.cells()
    rendering = _check_rendering(shown, nb)
    problems = list(rendering["problems"])  # type: ignore[arg-type]
    for i, want in stored.items():
        cell = shown[i]
        got_png = sum(img["ok"] for o in cell.outputs if not o.widgets for img in o.images)
        if got_png < want["png"]:
            problems.append(f"{_where(cell, nb)}: shows {got_png} figure image(s), the stored run had {want['png']}")
        got_widgets = sum(1 for o in cell.outputs if o.widgets)
        if got_widgets < want["widgets"]:
            problems.append(f"{_where(cell, nb)}: shows {got_widgets} rendered widget output(s), "
                            f"the stored run had {want['widgets']}")
        got_bars = sum(o.progress for o in cell.outputs)
        if got_bars < want["tqdm"]:
            problems.append(f"{_where(cell, nb)}: shows {got_bars} widget progress bar(s), the stored run had "
                            f"{want['tqdm']} tqdm bar(s) -- a tqdm bar shown as text, or not at all")
    assert not problems, "what the learner sees is wrong:\n" + "\n".join(problems)
    tqdm_cells = [i for i, w in stored.items() if w["tqdm"]]
    note.append(f"rendered: {rendering['images']} figure image(s) (all loaded), {rendering['widgets']} widget view(s), "
                f"{rendering['bars']} progress bar(s) in {len(tqdm_cells)} tqdm cell(s); no text fallback")
    shots = page.screenshot_notebook(ARTIFACTS / f"{lesson.slug}-solution.png")
    note.append("screenshot: " + ", ".join(str(s.relative_to(ARTIFACTS.parent.parent)) for s in shots))

    # 3. Changing a widget control round-trips to the kernel and changes what is shown.
    controls = page.controls()
    assert controls, (f"{lesson.slug}: no ipywidgets control is shown after Run All -- the lesson contract asks "
                      "for a widget where moving a value teaches something (or its widgets did not render)")
    tried = []
    for control in controls[:MAX_CONTROLS_TRIED]:
        cell_shot = page.cell_locator(control["cell"])
        cell_shot.scroll_into_view_if_needed()
        cell_shot.screenshot(path=str(ARTIFACTS / f"{lesson.slug}-interaction-before.png"))
        before = page.shown()
        start = time.monotonic()
        action = page.change_control(control)
        changed = _wait_for_change(page, before, CHANGE_TIMEOUT_S)
        page.wait_idle()
        took = time.monotonic() - start
        tried.append(f"{control['kind']} {control['label']!r} in cell {control['cell']}: {action} -> "
                     + ("output changed" if changed else "nothing changed"))
        if changed:
            page.page.wait_for_timeout(500)
            cell_shot.screenshot(path=str(ARTIFACTS / f"{lesson.slug}-interaction-after.png"))
            after_errors = [f"{_where(c, nb)}: {', '.join(c.errors)}" for c in page.cells() if c.errors]
            assert not after_errors, f"after {tried[-1]}: errors shown:\n" + "\n".join(after_errors)
            note.append(f"interaction: {tried[-1]} ({took:.1f} s round trip)")
            break
    else:
        raise AssertionError(f"{lesson.slug}: no widget interaction changed what is shown within "
                             f"{CHANGE_TIMEOUT_S} s:\n" + "\n".join(tried))

    # 4. nbgrader's Validate button on the solved notebook.
    kind, text, validate_s = page.validate()
    assert kind == "success", f"Validate on the solution notebook reported {kind!r}:\n{text[:3000]}"
    page.close_dialog()
    note.append(f"Validate: success ({validate_s:.1f} s)")
    _write_note(f"{lesson.slug}-solution", note)


@pytest.mark.parametrize("lesson", lessons(), ids=str)
def test_student_notebook_in_browser(lesson: Lesson, open_notebook, lab_server) -> None:
    nb = _served(lab_server, _student_path(lesson))
    note = [f"{lesson.slug} -- untouched student notebook in JupyterLab (Chromium)"]
    exercise_cells = {i for i, c in enumerate(nb.cells) if is_answer_cell(c) or is_test_cell(c)}
    test_cells = [c for c in nb.cells if is_test_cell(c)]
    written_cells = [c for c in nb.cells if is_written_cell(c)]

    page = open_notebook(_student_path(lesson))
    run_s = page.run_all_continuing()
    page.page.wait_for_timeout(1000)
    shown = page.cells()
    assert len(shown) == len(nb.cells), f"JupyterLab shows {len(shown)} cells, the notebook has {len(nb.cells)}"

    # 1. Every cell ran; the only errors are NotImplementedError, in exercise cells.
    not_run = [_where(c, nb) for c in shown if c.type == "code" and not c.executed]
    assert not not_run, "these cells never ran (Run All and Run Selected Cell and All Below):\n" + "\n".join(not_run)
    wrong = [f"{_where(c, nb)}: {', '.join(c.errors)}" for c in shown
             if c.errors and (c.index not in exercise_cells or set(c.errors) != {ALLOWED_IN_EXERCISES})]
    assert not wrong, ("an untouched lesson may only fail inside exercises, with NotImplementedError; "
                       "the page shows:\n" + "\n".join(wrong))
    failing = [c.index for c in shown if c.errors]
    assert failing, "no exercise failed in the untouched notebook: are the solutions really removed?"
    note.append(f"Run All (continued after each stop): {sum(c.type == 'code' for c in shown)} code cells ran; "
                f"{len(failing)} exercise cell(s) show NotImplementedError and nothing else ({run_s:.1f} s)")

    rendering = _check_rendering(shown, nb)
    assert not rendering["problems"], "what the learner sees is wrong:\n" + "\n".join(rendering["problems"])  # type: ignore[arg-type]
    note.append(f"rendered: {rendering['images']} figure image(s), {rendering['widgets']} widget view(s), "
                f"{rendering['bars']} progress bar(s); no text fallback")
    shots = page.screenshot_notebook(ARTIFACTS / f"{lesson.slug}-student.png")
    note.append("screenshot: " + ", ".join(str(s.relative_to(ARTIFACTS.parent.parent)) for s in shots))

    # 2. Validate lists every unanswered exercise.
    kind, text, validate_s = page.validate()
    assert kind == "failed", f"Validate on the untouched notebook reported {kind!r}, expected failures:\n{text[:3000]}"
    listed = {" ".join(line.split()) for line in text.splitlines()}
    missing = [c.metadata["nbgrader"]["grade_id"] for c in test_cells if _first_line(c.source) not in listed]
    assert not missing, f"Validate's list of failing cells leaves out the tests of: {missing}\n{text[:2000]}"
    # nbgrader also lists each unanswered written question ("YOUR ANSWER HERE").
    assert text.count("The following cell failed") == len(test_cells) + len(written_cells), (
        f"Validate lists {text.count('The following cell failed')} failing cells; the notebook has "
        f"{len(test_cells)} exercise tests and {len(written_cells)} written answers, all unanswered")
    assert ALLOWED_IN_EXERCISES in text, "Validate's report should show the NotImplementedError of the unanswered exercises"
    page.close_dialog()
    note.append(f"Validate: lists all {len(test_cells)} exercise tests (with NotImplementedError) and "
                f"{len(written_cells)} written answer(s) as failing ({validate_s:.1f} s)")
    _write_note(f"{lesson.slug}-student", note)


# --- without Chromium: a clear failure in CI, a skip that says so elsewhere (no browser needed) ---

def test_missing_chromium_fails_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-chromium"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run in CI.*Chromium not found"):
        require_chromium()


def test_missing_chromium_skips_outside_ci(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-such-chromium"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium not found.*skipped outside CI"):
        require_chromium()
