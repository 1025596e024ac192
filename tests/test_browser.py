"""The learner's experience in a real browser: JupyterLab + ipywidgets + nbgrader's Validate button.

nbval proves the kernel side; these tests prove what a learner *sees*. For every lesson, the solution
notebook: Run All (Run menu) completes with no error; every figure is shown as an image; every
ipywidgets output is a live widget (never its text fallback such as ``IntSlider(value=3…)``); tqdm
bars are widget bars; changing a widget control round-trips to the kernel and changes what is shown.

What does not depend on the lesson is shown on one lesson (:data:`UI_LESSON`), not seven times:

* nbgrader's Validate reports success on the solution notebook;
* the student notebook, in the learner's lab (``make lab``: Validate on the toolbar, no instructor
  or exchange panel, a clean server log): Run All -- continued below each stopping error, as a
  learner would -- runs every cell, the only errors shown are NotImplementedError in exercise
  cells, and Validate lists every unanswered exercise.

For the other lessons other tests prove the same without a browser: nbval runs every untouched
student notebook (only NotImplementedError, only in exercises; tests/support/notebook_plugin.py), and
the grading round trip gives each solution full marks and each untouched notebook none
(tests/test_grading_roundtrip.py); their student notebooks show the solution's demo cells, whose
rendering is checked here.

Screenshots for people to look at go to artifacts/browser/: the widget cell before and after the
interaction, always; the whole notebook after Run All (a few tall images per lesson, about 3 s
each lesson) only with ``EMBEDLAB_SCREENSHOTS=1`` (``make screenshots``). On failure a screenshot,
a Playwright trace and the server log go to artifacts/browser/failures/.
Everything is data-driven from the notebooks, so a new lesson is covered without code changes.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import nbformat
import pytest

from embedlab.notebook.cells import is_answer_cell, is_test_cell, is_written_cell
from tests.support.browser import (
    _SHOWN_JS,
    ARTIFACTS,
    FIGURE_TEXT_FALLBACK,
    WIDGET_NOT_RENDERED,
    WIDGET_TEXT_FALLBACK,
    NotebookPage,
    ShownCell,
    require_chromium,
)
from tests.support.lessons import Lesson, lessons

pytestmark = [pytest.mark.browser, pytest.mark.timeout(1200)]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# tqdm.auto's widget bar carries its text bar as text/plain: "epochs:  40%|####   | 240/600 [...]"
TQDM_TEXT = re.compile(r"\d+%\|.*\|\s*\d+/\d+")
ALLOWED_IN_EXERCISES = "NotImplementedError"
# How many controls to try before concluding that no interaction changes what is shown.
MAX_CONTROLS_TRIED = 4
CHANGE_TIMEOUT_S = 90
# Whole-notebook screenshots (see the module docstring): on request only.
WHOLE_SCREENSHOTS = os.environ.get("EMBEDLAB_SCREENSHOTS") == "1"
# The lesson on which the lesson-independent parts (Validate, the student notebook) are shown: the
# quickest to run.
UI_LESSON = "02-tensors"


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
                problems.append(f"{_where(cell, nb)}: a figure is shown as text {out.text.strip()[:60]!r}, "
                                "not as an image")
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


def _screenshots(page: NotebookPage, name: str) -> str:
    """The whole notebook's screenshots (with ``EMBEDLAB_SCREENSHOTS=1``), as a line of the note."""
    if not WHOLE_SCREENSHOTS:
        return "screenshots of the whole notebook: not taken (EMBEDLAB_SCREENSHOTS=1 or make screenshots)"
    shots = page.screenshot_notebook(ARTIFACTS / f"{name}.png")
    return "screenshot: " + ", ".join(str(s.relative_to(ARTIFACTS.parent.parent)) for s in shots)


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
    assert len(shown) == len(nb.cells), (
        f"JupyterLab shows {len(shown)} cells, the notebook has {len(nb.cells)}")

    # 1. Run All completed: every code cell ran, and none shows an error.
    not_run = [_where(c, nb) for c in shown if c.type == "code" and not c.executed]
    errors = [f"{_where(c, nb)}: {', '.join(c.errors)}" for c in shown if c.errors]
    assert not errors, "Run All shows errors in the solution notebook:\n" + "\n".join(errors)
    assert not not_run, "Run All stopped before these cells:\n" + "\n".join(not_run)
    note.append(f"Run All: {sum(c.type == 'code' for c in shown)} code cells ran, no error "
                f"({run_s:.1f} s in the browser)")

    # 2. Figures, widgets, progress bars render as what they are.
    page.page.wait_for_timeout(1000)  # let widget views attach after the last reply
    shown = page.cells()
    rendering = _check_rendering(shown, nb)
    problems = list(rendering["problems"])  # type: ignore[arg-type]
    for i, want in stored.items():
        cell = shown[i]
        got_png = sum(img["ok"] for o in cell.outputs if not o.widgets for img in o.images)
        if got_png < want["png"]:
            problems.append(f"{_where(cell, nb)}: shows {got_png} figure image(s), "
                            f"the stored run had {want['png']}")
        got_widgets = sum(1 for o in cell.outputs if o.widgets)
        if got_widgets < want["widgets"]:
            problems.append(f"{_where(cell, nb)}: shows {got_widgets} rendered widget output(s), "
                            f"the stored run had {want['widgets']}")
        got_bars = sum(o.progress for o in cell.outputs)
        if got_bars < want["tqdm"]:
            problems.append(f"{_where(cell, nb)}: shows {got_bars} widget progress bar(s), "
                            f"the stored run had {want['tqdm']} tqdm bar(s) -- a tqdm bar shown as text, "
                            "or not at all")
    assert not problems, "what the learner sees is wrong:\n" + "\n".join(problems)
    tqdm_cells = [i for i, w in stored.items() if w["tqdm"]]
    note.append(f"rendered: {rendering['images']} figure image(s) (all loaded), "
                f"{rendering['widgets']} widget view(s), "
                f"{rendering['bars']} progress bar(s) in {len(tqdm_cells)} tqdm cell(s); no text fallback")
    note.append(_screenshots(page, f"{lesson.slug}-solution"))

    # 3. Changing a widget control round-trips to the kernel and changes what is shown.
    controls = page.controls()
    assert controls, (f"{lesson.slug}: no ipywidgets control is shown after Run All -- "
                      "the lesson contract asks for a widget where moving a value teaches something "
                      "(or its widgets did not render)")
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

    # 4. nbgrader's Validate button on the solved notebook (one lesson; see the module docstring).
    if lesson.slug != UI_LESSON:
        _write_note(f"{lesson.slug}-solution", note)
        return
    kind, text, validate_s = page.validate()
    assert kind == "success", f"Validate on the solution notebook reported {kind!r}:\n{text[:3000]}"
    page.close_dialog()
    note.append(f"Validate: success ({validate_s:.1f} s)")
    _write_note(f"{lesson.slug}-solution", note)


@pytest.mark.parametrize("lesson", [x for x in lessons() if x.slug == UI_LESSON], ids=str)
def test_student_notebook_in_the_learner_lab(lesson: Lesson, open_page, learner_server) -> None:
    """The untouched student notebook where a learner opens it: the learner's lab (``make lab``)."""
    nb = _served(learner_server, _student_path(lesson))
    note = [f"make lab (the learner's lab), {lesson.slug} -- untouched student notebook in JupyterLab "
            "(Chromium)"]
    exercise_cells = {i for i, c in enumerate(nb.cells) if is_answer_cell(c) or is_test_cell(c)}
    test_cells = [c for c in nb.cells if is_test_cell(c)]
    written_cells = [c for c in nb.cells if is_written_cell(c)]
    # the learner's lab is rooted at notebooks/
    page = open_page(learner_server, _student_path(lesson).removeprefix("notebooks/"))

    # 0. The lab is the learner's: Validate on the notebook toolbar, no instructor or exchange panel.
    toolbar = page.page.locator(".jp-NotebookPanel-toolbar .jp-ToolbarButtonComponent", has_text="Validate")
    assert toolbar.count() == 1, "the learner's lab should show nbgrader's Validate button"
    menus = _menu_bar(page)
    assert "Nbgrader" not in menus, f"the learner's lab shows the instructor's Nbgrader menu: {menus}"
    offered = {label: _palette_has(page, label) for label in
               ("Formgrader", "Create assignment", "Assignment List", "Course List")}
    assert not any(offered.values()), f"instructor/exchange commands offered to a learner: {offered}"
    assert (page.page.locator("text=Announcements").count() == 0
            and page.page.locator(".jp-Notification-Toast").count() == 0), \
        "a news or update pop-up is shown"
    note.append(f"toolbar has Validate; menus {menus}; no Formgrader / Create assignment / Assignment List / "
                "Course List command; no news pop-up")

    run_s = page.run_all_continuing()
    page.page.wait_for_timeout(1000)
    shown = page.cells()
    assert len(shown) == len(nb.cells), (
        f"JupyterLab shows {len(shown)} cells, the notebook has {len(nb.cells)}")

    # 1. Every cell ran; the only errors are NotImplementedError, in exercise cells.
    not_run = [_where(c, nb) for c in shown if c.type == "code" and not c.executed]
    assert not not_run, ("these cells never ran (Run All and Run Selected Cell and All Below):\n"
                         + "\n".join(not_run))
    wrong = [f"{_where(c, nb)}: {', '.join(c.errors)}" for c in shown
             if c.errors and (c.index not in exercise_cells or set(c.errors) != {ALLOWED_IN_EXERCISES})]
    assert not wrong, ("an untouched lesson may only fail inside exercises, with NotImplementedError; "
                       "the page shows:\n" + "\n".join(wrong))
    failing = [c.index for c in shown if c.errors]
    assert failing, "no exercise failed in the untouched notebook: are the solutions really removed?"
    note.append(f"Run All (continued after each stop): {sum(c.type == 'code' for c in shown)} "
                f"code cells ran; {len(failing)} exercise cell(s) show NotImplementedError and nothing else "
                f"({run_s:.1f} s)")

    rendering = _check_rendering(shown, nb)
    assert not rendering["problems"], "what the learner sees is wrong:\n" + "\n".join(rendering["problems"])  # type: ignore[arg-type]
    note.append(f"rendered: {rendering['images']} figure image(s), {rendering['widgets']} widget view(s), "
                f"{rendering['bars']} progress bar(s); no text fallback")
    note.append(_screenshots(page, f"{lesson.slug}-student"))

    # 2. Validate lists every unanswered exercise.
    kind, text, validate_s = page.validate()
    assert kind == "failed", (f"Validate on the untouched notebook reported {kind!r}, "
                              f"expected failures:\n{text[:3000]}")
    listed = {" ".join(line.split()) for line in text.splitlines()}
    missing = [c.metadata["nbgrader"]["grade_id"] for c in test_cells if _first_line(c.source) not in listed]
    assert not missing, f"Validate's list of failing cells leaves out the tests of: {missing}\n{text[:2000]}"
    # nbgrader also lists each unanswered written question ("YOUR ANSWER HERE").
    assert text.count("The following cell failed") == len(test_cells) + len(written_cells), (
        f"Validate lists {text.count('The following cell failed')} failing cells; the notebook has "
        f"{len(test_cells)} exercise tests and {len(written_cells)} written answers, all unanswered")
    assert ALLOWED_IN_EXERCISES in text, (
        "Validate's report should show the NotImplementedError of the unanswered exercises")
    page.close_dialog()
    note.append(f"Validate: lists all {len(test_cells)} exercise tests (with NotImplementedError) and "
                f"{len(written_cells)} written answer(s) as failing ({validate_s:.1f} s)")

    # 3. The server log stays clean, and the lab serves notebooks/.
    problems = _log_problems(learner_server)
    assert not problems, "the learner's lab server log shows problems:\n" + "\n".join(problems[:20])
    assert "Serving notebooks from local directory: " in learner_server.log_text()
    root = learner_server.log_text().split("Serving notebooks from local directory: ", 1)[1].splitlines()[0]
    assert Path(root).name == "notebooks", f"the learner's lab should be rooted at notebooks/, not {root}"
    note.append("server log: no traceback, no exchange or config complaint; rooted at notebooks/")
    _write_note(f"{lesson.slug}-student", note)


def test_the_ui_lesson_exists() -> None:
    """The lesson-independent browser checks run on UI_LESSON: renaming it must not silently drop them."""
    assert UI_LESSON in [x.slug for x in lessons()], f"UI_LESSON = {UI_LESSON!r} is not a lesson any more"


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


# --- the learner's lab (make lab), the instructor's lab (make instructor), check my work ---------------

# What the server log of a lab must never show: tracebacks, and nbgrader's exchange/config complaints.
LOG_PROBLEMS = re.compile(r"Traceback \(most recent call last\)|Unwritable directory|No nbgrader_config\.py|"
                          r"outside root contents directory|\[E \d")


def _log_problems(server) -> list[str]:
    return [line for line in server.log_text().splitlines() if LOG_PROBLEMS.search(line)]


def _menu_bar(page: NotebookPage) -> list[str]:
    return [t.strip() for t in page.page.locator(
        "#jp-menu-panel .lm-MenuBar-itemLabel, .lm-MenuBar-itemLabel").all_text_contents()]


def _palette_has(page: NotebookPage, label: str) -> bool:
    """Whether the command palette offers a command with this label.

    (Commands exist only when their plugin runs.)
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    palette = page.page.locator(".lm-CommandPalette-input").first
    # The palette is modal and closes itself when it loses focus. Right after a lab loads, JupyterLab is
    # still restoring its layout and moves the focus, which closed the palette between two steps in CI.
    # So: open it (Ctrl+Shift+C toggles), type, read, and if it closed at any step, start again.
    page.page.locator(".jp-DirListing-item").first.wait_for(timeout=60_000)  # the file browser has loaded
    labels: list[str] | None = None
    for _ in range(6):
        if not palette.is_visible():
            page.page.keyboard.press("Control+Shift+C")
            try:
                palette.wait_for(state="visible", timeout=5_000)
            except PlaywrightTimeout:
                continue
        try:
            palette.fill(label, timeout=3_000)
        except PlaywrightTimeout:
            continue
        page.page.wait_for_timeout(500)
        if not palette.is_visible():
            continue  # closed while filtering: what it lists now is not an answer
        labels = [t.strip() for t in page.page.locator(".lm-CommandPalette-itemLabel").all_text_contents()]
        page.page.keyboard.press("Escape")
        try:
            palette.wait_for(state="hidden", timeout=5_000)
        except PlaywrightTimeout:
            page.page.keyboard.press("Control+Shift+C")
        break
    assert labels is not None, "the command palette would not stay open long enough to search it (6 tries)"
    return label in labels


def test_instructor_lab_formgrader(open_page, instructor_server) -> None:
    note = ["make instructor (the instructor's lab) -- JupyterLab in Chromium"]
    page = open_page(instructor_server)
    menus = _menu_bar(page)
    assert "Nbgrader" in menus, f"the instructor's lab should have the Nbgrader menu: {menus}"
    assert _palette_has(page, "Create assignment"), "Create assignment should be available to the instructor"
    assert not _palette_has(page, "Assignment List"), "the student-side Assignment List should be off"
    page.menu("Nbgrader", "Formgrader")
    frame = page.page.frame_locator("#formgrader-iframe iframe").first
    rows = frame.locator("table tbody tr td.name a")
    rows.nth(len(lessons()) - 1).wait_for(timeout=60_000)
    names = sorted(t.strip() for t in rows.all_text_contents())
    assert names == [lesson.slug for lesson in lessons()], f"Formgrader lists {names}"
    warnings = frame.locator(".alert-warning, .alert-danger")
    assert warnings.count() == 0, f"Formgrader shows a warning: {warnings.all_inner_texts()}"
    page.page.wait_for_timeout(500)
    page.page.screenshot(path=str(ARTIFACTS / "instructor-formgrader.png"))
    note.append(f"Formgrader > Manage Assignments lists {len(names)} lessons: {', '.join(names)}")

    # Edit: the lesson's name opens its source folder, solutions/<lesson>/, in the file browser.
    first = lessons()[0]
    frame.locator("table tbody tr td.name a", has_text=first.slug).first.click()
    crumbs = page.page.locator(".jp-FileBrowser-crumbs")
    page.page.wait_for_function(
        "(want) => (document.querySelector('.jp-FileBrowser-crumbs') || {}).textContent?.includes(want)",
        arg="solutions", timeout=30_000)
    assert first.slug in crumbs.inner_text(), f"Edit went to {crumbs.inner_text()!r}"
    item = page.page.locator(".jp-DirListing-item", has_text=f"{first.slug}.ipynb").first
    item.dblclick()
    page.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first.wait_for(timeout=60_000)
    page.page.wait_for_function(
        "() => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)')"
        ".textContent.includes('BEGIN SOLUTION')",
        timeout=30_000)
    page.wait_idle(180)
    page.page.screenshot(path=str(ARTIFACTS / "instructor-edit-source.png"))
    note.append(f"Edit ({first.slug}): the file browser opens solutions/{first.slug}/ "
                "and the source notebook (with its BEGIN SOLUTION regions) opens from it")

    # Generate: the student version is rebuilt from the source (nbgrader generate_assignment).
    page.page.locator(".lm-TabBar-tab", has_text="Formgrader").first.click()
    second = lessons()[1]
    frame.locator("table tbody tr", has_text=second.slug).locator("td.assign a").first.click()
    outcome = frame.locator("#success-modal, #error-modal").first
    outcome.wait_for(timeout=300_000)
    assert outcome.get_attribute("id") == "success-modal", f"Generate failed: {outcome.inner_text()[:2000]}"
    frame.locator("#success-modal .modal-footer button").first.click()
    frame.locator("#success-modal").wait_for(state="detached", timeout=10_000)
    note.append(f"Generate ({second.slug}): Formgrader reports the student version generated")

    # Preview: the student version, notebooks/<lesson>/.
    frame.locator("table tbody tr", has_text=second.slug).locator("td.preview a").first.click()
    page.page.wait_for_function(
        "(want) => (document.querySelector('.jp-FileBrowser-crumbs') || {}).textContent?.includes(want)",
        arg="notebooks", timeout=30_000)
    assert second.slug in crumbs.inner_text(), f"Preview went to {crumbs.inner_text()!r}"
    assert page.page.locator(".jp-DirListing-item", has_text=f"{second.slug}.ipynb").count() == 1
    page.page.screenshot(path=str(ARTIFACTS / "instructor-preview.png"))
    note.append(f"Preview ({second.slug}): the file browser opens notebooks/{second.slug}/ "
                "with the student notebook")

    problems = _log_problems(instructor_server)
    assert not problems, "the instructor's lab server log shows problems:\n" + "\n".join(problems[:20])
    note.append("server log: no traceback, no 404 outside the root, no exchange or config complaint")
    note.append("screenshots: artifacts/browser/instructor-formgrader.png, instructor-edit-source.png, "
                "instructor-preview.png")
    _write_note("instructor-lab", note)


CHECK_CELL = "from embedlab.checkwork import check; check()"


def test_check_my_work_in_the_learner_lab(open_page, learner_server) -> None:
    from tests.support.lessons import cells_by_id, region

    lesson = lessons()[0]
    solution, student = lesson.solution(), lesson.student()
    answers = [c for c in student.cells if is_answer_cell(c)]
    right, wrong = answers[0], answers[1]
    right.source = "\n".join(line for line in
                             cells_by_id(solution)[right.metadata["nbgrader"]["grade_id"]].source.splitlines()
                             if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line)
    # encode() that passes the visible checks but ignores case, so a hidden one fails
    wrong.source = ("def encode(tokens, itos):\n    stoi = {t.lower(): i for i, t in enumerate(itos)}\n"
                    "    return [stoi.get(t.lower(), 0) for t in tokens]")
    assert wrong.metadata["nbgrader"]["grade_id"] == "encode", (
        "lesson 01's second exercise is no longer encode()")
    student.cells.append(nbformat.v4.new_code_cell(CHECK_CELL))
    name = "my-work.ipynb"
    nbformat.write(student, learner_server.course / "notebooks" / lesson.slug / name)

    page = open_page(learner_server, f"{lesson.slug}/{name}")
    last = page.cell_locator(len(student.cells) - 1)
    last.scroll_into_view_if_needed()
    last.locator(".jp-InputArea-prompt").click()
    page._run("Run Selected Cell", timeout=600)
    report = last.locator(".embedlab-checkwork")
    report.wait_for(timeout=60_000)
    text = report.inner_text()
    rows = [r.inner_text().split("\t") for r in report.locator("tr").all()[1:]]
    status = {r[0].strip(): r[1].strip() for r in rows}
    tests = [c.metadata["nbgrader"]["grade_id"] for c in solution.cells if is_test_cell(c)]
    want = {f"Exercise {i + 1} ({gid[5:]})": ("passed" if i == 0 else "failed" if i == 1 else "not attempted")
            for i, gid in enumerate(tests)}
    assert status == want, f"check my work reported {status}"
    from embedlab.checkwork.hints import hint_for
    assert hint_for(lesson.slug, "test_encode") in text

    # No hidden test text anywhere on the page (lines the student notebook also shows are visible anyway).
    visible = {line.strip() for c in student.cells for line in c.source.splitlines()}
    hidden = [line.strip() for c in solution.cells if is_test_cell(c)
              for line in region(c.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
              if len(line.strip()) > 6 and line.strip() not in visible]
    body = page.page.locator("body").inner_text()
    leaks = [line for line in hidden if line in body]
    assert not leaks, f"hidden test text on the page: {leaks[:5]}"
    last.screenshot(path=str(ARTIFACTS / "check-my-work.png"))
    _write_note("check-my-work", [f"check my work on {lesson.slug} with exercise 1 right "
                                  f"and exercise 2 wrong (a hidden test fails), cell `{CHECK_CELL}`:", text,
                                  f"no hidden-test line ({len(hidden)} checked) on the page",
                                  "screenshot: artifacts/browser/check-my-work.png"])
