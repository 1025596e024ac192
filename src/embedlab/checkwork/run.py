"""Running a lesson's hidden tests on a copy of the learner's saved notebook, in another kernel.

Used by :mod:`embedlab.checkwork` (every lesson). The learner's notebook is copied; each test cell is
replaced by the source's full test cell (visible and hidden lines), wrapped so that the kernel
reports which line failed; the demo cells that grading leaves out (tagged ``grading-skip`` in the
source, :mod:`embedlab.notebook.demo_cells`) are left out here too; the copy runs in a temporary
copy of the lesson folder. Only what
:mod:`embedlab.checkwork.verdicts` allows reaches the :class:`~embedlab.checkwork.report.Report`.

Example (the wrapper the checking kernel runs first):
    >>> "def __embedlab_check__(source, grade_id)" in _WRAPPER
    True
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from embedlab.checkwork.hints import hint_for
from embedlab.checkwork.report import MIME, ExerciseResult, Report, WrittenResult
from embedlab.checkwork.verdicts import NOT_ATTEMPTED, hidden_lines, verdict
from embedlab.notebook.cells import grade_id, is_answer_cell, is_test_cell, is_written_cell, nbgrader_meta
from embedlab.notebook.roles import restore_roles, roles_of

__all__ = ["CELL_TIMEOUT_S", "RUNNING", "TEXT_STUB", "check_notebook"]

TEXT_STUB = "YOUR ANSWER HERE"
CELL_TIMEOUT_S = 300
# Set in the checking kernel's environment. The learner's notebook often ends in a check() cell; run
# there, it would start check my work again on the same notebook (and so on) until the cell timed out.
RUNNING = "EMBEDLAB_CHECKWORK_RUNNING"

# Runs in the checking kernel: each test cell becomes __embedlab_check__(source, grade_id). It records
# whether the cell passed and, if not, the exception and the cell's lines on the failing call stack.
_WRAPPER = r'''
def __embedlab_check__(source, grade_id):
    import traceback
    from IPython import get_ipython
    from IPython.display import display
    ip = get_ipython()
    name = "<check " + grade_id + ">"
    result = {"grade_id": grade_id, "ok": True}
    try:
        exec(compile(ip.transform_cell(source), name, "exec"), ip.user_ns)
    except BaseException as exc:  # noqa: BLE001 -- every failure is reported, none propagates
        lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == name]
        if isinstance(exc, SyntaxError) and exc.filename == name:
            lines.append(exc.lineno)
        result = {"grade_id": grade_id, "ok": False, "type": type(exc).__name__,
                  "message": str(exc)[:2000], "lines": lines}
    display({"%s": result}, raw=True)
''' % MIME


def _model_answer(source: str) -> str:
    return "\n".join(line for line in source.splitlines()
                     if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line).strip()


def _build(solution, learner, lesson: str):
    """The notebook to execute: the learner's, with every test cell replaced by the source's full
    test cell and wrapped; returns it and {cell index: (test source cell, hidden lines)}."""
    import nbformat

    source_tests = {grade_id(c): c for c in solution.cells if is_test_cell(c)}
    nb = nbformat.from_dict(json.loads(json.dumps(learner)))
    # Copied or pasted cells keep or lose their role as the grader decides (embedlab.notebook.roles).
    restore_roles(nb.cells, roles_of(solution))
    have = {grade_id(c) for c in nb.cells}
    # A test cell the learner deleted goes back after the cell that came before it in the source.
    order = [grade_id(c) for c in solution.cells]
    for gid, cell in source_tests.items():
        if gid in have:
            continue
        pos = len(nb.cells)
        for prev in reversed(order[:order.index(gid)]):
            idx = [i for i, c in enumerate(nb.cells) if prev and grade_id(c) == prev]
            if idx:
                pos = idx[0] + 1
                break
        nb.cells.insert(pos, nbformat.from_dict(json.loads(json.dumps(cell))))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            if grade_id(cell) in source_tests:
                cell.source = source_tests[grade_id(cell)].source
    # The demo cells the grader does not run are not run here either (what the full tests read is kept).
    from embedlab.notebook.demo_cells import skip_demo_cells

    skip_demo_cells(nb, solution)
    tests = {}
    for i, cell in enumerate(nb.cells):
        gid = grade_id(cell)
        if gid in source_tests and cell.cell_type == "code":
            full = source_tests[gid].source
            tests[i + 1] = (source_tests[gid], hidden_lines(full))  # +1: the wrapper cell goes first
            cell.source = f"__embedlab_check__({full!r}, {gid!r})"
    nb.cells.insert(0, nbformat.v4.new_code_cell(_WRAPPER))
    return nb, tests


def check_notebook(solution_path: Path, notebook_path: Path, lesson: str | None = None,
                   timeout: int = CELL_TIMEOUT_S) -> Report:
    """Run the hidden tests of ``solution_path`` on ``notebook_path``; the report shows none of them."""
    import nbformat
    from nbclient.exceptions import DeadKernelError

    from embedlab.notebook.client import SteppedNotebookClient

    lesson = lesson or notebook_path.parent.name
    solution = nbformat.read(solution_path, as_version=4)
    try:
        learner = nbformat.read(notebook_path, as_version=4)
    except Exception as exc:  # noqa: BLE001 -- a broken file is reported, in words
        raise ValueError(f"cannot read {notebook_path} as a notebook ({type(exc).__name__}): "
                         "is it saved and complete?") from None
    nb, tests = _build(solution, learner, lesson)
    report = Report(lesson, str(notebook_path), notebook_path.stat().st_mtime)

    with tempfile.TemporaryDirectory(prefix="checkwork-") as tmp:
        workdir = Path(tmp) / lesson
        shutil.copytree(notebook_path.parent, workdir,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.ipynb"))
        client = SteppedNotebookClient(nb, timeout=timeout, allow_errors=True, interrupt_on_timeout=True,
                                record_timing=False, resources={"metadata": {"path": str(workdir)}},
                                kernel_name=(learner.metadata.get("kernelspec") or {}).get("name", "python3"))
        stopped = ""
        try:
            # the kernel process's own stderr (jupyter_client's transport notice) is not for the learner
            client.execute(stderr=subprocess.DEVNULL, env={**os.environ, RUNNING: "1"})
        except DeadKernelError:
            stopped = "the kernel stopped (crashed or was ended) before this test ran"
        except Exception as exc:  # noqa: BLE001 -- reported per exercise below
            stopped = f"the check could not finish ({type(exc).__name__})"
        # On SIGINT/SIGTERM nbclient shuts the kernel down itself and the run ends in some error; this
        # process was asked to stop, so it stops (the temporary folder goes as the block ends).
        interrupted = getattr(client, "_async_cleanup_kernel_future", None) is not None
    if interrupted:
        raise KeyboardInterrupt("check my work was stopped")

    number = 0
    answer_errors: list[str] = []
    for i, cell in enumerate(nb.cells):
        if is_answer_cell(cell):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    answer_errors.append(out.get("ename", ""))
            continue
        if i not in tests:
            continue
        number += 1
        source_cell, hidden = tests[i]
        gid = grade_id(source_cell)
        name = gid[5:] if gid.startswith("test_") else gid
        label = f"Exercise {number} ({name})"
        results = [o.get("data", {}).get(MIME) for o in cell.get("outputs", []) if MIME in o.get("data", {})]
        points = float(nbgrader_meta(source_cell).get("points", 0))
        if not results:
            status, message = "not checked", stopped or "this test did not run"
        elif NOT_ATTEMPTED in answer_errors:
            status, message = "not attempted", "your answer still raises NotImplementedError"
        else:
            status, message = verdict(results[0], hidden, hint_for(lesson, gid))
            if status == "failed" and answer_errors and message != hint_for(lesson, gid):
                message += f" (your answer cell above raised {answer_errors[-1]})"
        report.exercises.append(ExerciseResult(gid, label, status, points, message))
        answer_errors = []

    learner_cells = {grade_id(c): c for c in learner.cells}
    for cell in solution.cells:
        if not is_written_cell(cell):
            continue
        gid = grade_id(cell)
        mine = learner_cells.get(gid)
        text = (mine.source if mine is not None else "").strip()
        answered = bool(text) and text != TEXT_STUB
        report.written.append(WrittenResult(gid, answered, float(nbgrader_meta(cell).get("points", 0)),
                                            _model_answer(cell.source) if answered else ""))
    return report
