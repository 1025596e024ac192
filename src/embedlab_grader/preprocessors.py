"""nbgrader preprocessors that make autograding and feedback trustworthy (instructor tooling).

Configured in the course's ``nbgrader_config.py``; nothing in the lessons has to change.

* :class:`GuardedExecute` replaces nbgrader's ``Execute`` in ``Autograde.autograde_preprocessors``.
  It runs the learner's cells in a sandboxed kernel and every test cell in the judge
  (:mod:`embedlab_grader.judge`), in this process: the test's code, its hidden part and its
  expected values never enter the kernel, which only answers the judge's requests. It also
  survives a cell that kills the kernel (the notebook is run again in a fresh kernel with that
  cell skipped and marked as failed), and writes what it saw -- timeouts, kernel deaths, errors
  outside exercises, huge outputs -- to ``grading_reports/<lesson>/<student>.json`` under the
  course directory.
  It waits for kernel messages in short steps (:mod:`embedlab.notebook.client`): with a single
  long wait, a reply that arrived after a widget cell was sometimes only noticed when the wait
  ran out (up to ``Execute.timeout``; nbclient issue #312). Measured here (28 notebooks, 3
  workers on 2 busy cores): without the steps each of 2 runs had 4 or more 120 s stalls (320 s
  wall); with them neither run had a gap over 10 s (143 s and 182 s).
  Every kernel runs in the bubblewrap sandbox of :mod:`embedlab_grader.sandbox` (refused
  without one unless ``GuardedExecute.unsafe_no_sandbox``). A cell past ``Execute.timeout`` is
  interrupted (SIGINT to the kernel itself, inside the sandbox); one that ignores the interrupt
  for ``interrupt_grace`` seconds has its kernel stopped and is skipped like a kernel death.
  After every cell, processes it left running beyond a quarter of the process limit are killed
  (they would starve the kernel of threads) and a full private ``/tmp`` is reported. A test cell
  passes when its code runs to its end in the judge.
* :class:`SaveVerdicts` replaces nbgrader's ``SaveAutoGrades``: test cells score full marks when
  their verdict is "passed", else 0; numeric results (nbgrader's partial credit), stderr and
  printed text play no part.
* :class:`HideHiddenTests` goes in ``GenerateFeedback.preprocessors``: it removes the
  ``### BEGIN HIDDEN TESTS`` regions (like nbgrader's ``ClearHiddenTests``) AND the lines of
  error tracebacks and messages that quote them, so feedback never shows a hidden test; test
  cells keep only their error (the visible assertion message), never printed output, and answer
  cells' outputs longer than a screen are cut.

Example (nbgrader_config.py, where nbgrader provides ``c``):
    >>> from traitlets.config import Config
    >>> c = Config()
    >>> c.Autograde.autograde_preprocessors = [
    ...     "embedlab_grader.preprocessors.GuardedExecute", ...]
"""

from __future__ import annotations

import copy
import json
import os
import re
from typing import Any

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute, NbGraderPreprocessor, SaveAutoGrades
from traitlets import Bool, Enum, Integer, Unicode

from embedlab.notebook.cells import grade_id, hidden_lines, is_answer_cell, is_test_cell
from embedlab.notebook.client import SteppedWaits
from embedlab_grader import course_layout, judge, sandbox
from embedlab_grader.report import REPORT_DIR, report_path  # noqa: F401 - REPORT_DIR re-exported

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# the header of a notebook-cell frame in an IPython traceback: "Cell In[13], line 7" (IPython 8+)
_CELL_FRAME = re.compile(r"(?:Cell In\s*\[\d*\],\s*line|Input In\s*\[\d*\],\s*in <cell line:)\s*(\d+)")


def _cell_label(cell: NotebookNode, index: int) -> str:
    gid = grade_id(cell)
    return f"cell {index} ({gid})" if gid else f"cell {index}"


class _KernelDied(Exception):
    """The kernel is gone (or had to be stopped) while running cell ``index``."""

    def __init__(self, index: int, hung: bool = False) -> None:
        super().__init__(index)
        self.index = index
        self.hung = hung  # True: the cell ignored the interrupt after its timeout, so the kernel was stopped


class GuardedExecute(SteppedWaits, Execute):
    """nbgrader's Execute, with the sandbox, the judge and a per-student report."""

    large_output_bytes = Integer(
        1_000_000, help="Report cells whose outputs exceed this size.").tag(config=True)
    max_kernel_deaths = Integer(
        3, help="Give up after this many cells killed the kernel.").tag(config=True)
    report_root = Unicode(
        "", help="Course directory for grading_reports/ (default: CourseDirectory.root or cwd)."
    ).tag(config=True)
    shutdown_kernel = Enum(
        ["graceful", "immediate"], default_value="immediate",
        help="How the kernel is stopped once the notebook has run: 'immediate' kills it (about 1 s "
        "sooner per submission; the outputs are all in by then, and the sandbox goes with it), "
        "'graceful' asks it to exit first (nbclient's default).").tag(config=True)
    unsafe_no_sandbox = Bool(
        False, help="Run submissions WITHOUT the bubblewrap sandbox (they can then reach "
        "the course directory and the grader's processes). Refused by default.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: Any = None, km: Any = None) -> tuple[NotebookNode, Any]:
        self._events: list[dict[str, Any]] = []
        self._verdicts: dict[str, dict[str, Any]] = {}
        if resources is not None:
            resources["embedlab_verdicts"] = self._verdicts
        self._sandbox = "none: --unsafe-no-sandbox (GuardedExecute.unsafe_no_sandbox=True)"
        if not self.unsafe_no_sandbox:
            reason = sandbox.probe()
            if reason:
                raise sandbox.SandboxUnavailable(
                    f"refusing to run a submission without a sandbox: {reason}. Install bubblewrap, or pass "
                    "--unsafe-no-sandbox (GuardedExecute.unsafe_no_sandbox=True) to grade unprotected.")
            self._sandbox = sandbox.describe(sandbox.SandboxedKernelManager.limits)
        self._iopub_timeout = self.iopub_timeout
        self._judge_base = self._lesson_imports(resources)
        self._skip: dict[int, bool] = {}  # cell index -> skipped because it hung (else: it killed the kernel)
        self._outside_errors = 0
        original = copy.deepcopy(nb.cells)
        try:
            while True:
                self._tmp_full = False
                try:
                    return super().preprocess(nb, resources, km)
                except _KernelDied as died:
                    self._skip[died.index] = died.hung
                    if died.hung:
                        self._event("timeout", died.index, nb.cells[died.index],
                                    "the cell ignored the interrupt after its time limit; "
                                    "the kernel was stopped, the cell skipped and the notebook run again")
                    else:
                        self._event("kernel died", died.index, nb.cells[died.index],
                                    "the kernel stopped while running this cell; "
                                    "it was skipped and the notebook run again")
                    if len(self._skip) > self.max_kernel_deaths:
                        raise DeadKernelError(f"the kernel died {len(self._skip)} times") from None
                    nb.cells[:] = copy.deepcopy(original)
                    self._outside_errors = 0
                    self._verdicts.clear()
        finally:
            self._write_report(resources)

    # -- the kernel side -------------------------------------------------------------------
    def create_kernel_manager(self) -> Any:
        """nbclient's, with the sandboxed kernel manager unless ``unsafe_no_sandbox``.

        Chosen here, where the manager is made, and not from configuration: nbconvert's
        ``preprocess`` loads the configuration again, and a ``kernel_manager_class`` set there (the
        course sets ``c.Execute.kernel_manager_class`` for nbgrader's Validate) would otherwise
        replace the sandbox.
        """
        if not self.unsafe_no_sandbox:
            self.kernel_manager_class = sandbox.SandboxedKernelManager
        return super().create_kernel_manager()

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> tuple[NotebookNode, Any]:
        if cell.cell_type != "code":
            return cell, resources
        if index in self._skip:
            ename, what = (("CellTimeoutError",
                            f"this cell did not finish within {self.timeout} s and ignored the interrupt")
                           if self._skip[index] else ("KernelDied", "this cell stopped the Python kernel"))
            cell.outputs = [NotebookNode(output_type="error", ename=ename, evalue=f"{what} during grading",
                                         traceback=[f"{ename}: {what} during grading; it was skipped"])]
            return cell, resources
        self.iopub_timeout = self._iopub_timeout
        try:
            if is_test_cell(cell):
                cell, resources = self._judge_test(cell, resources, index)
            else:
                cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            raise _KernelDied(index) from None
        except ValueError as exc:
            if "Invalid Signature" not in str(exc):
                raise
            # a garbled message: the kernel is broken (seen when a flood of processes starved it)
            raise _KernelDied(index) from None
        except CellTimeoutError:
            # interrupted after Execute.timeout, yet still busy: nbclient stops this kernel on the way out
            raise _KernelDied(index, hung=True) from None
        self._after_cell(cell, index)
        return cell, resources

    def _lesson_imports(self, resources: Any) -> dict[str, Any]:
        """The judge's namespace: what the import statements of the lesson's source notebook bind
        (the instructor's notebook, never the submission: nothing of the learner's is imported here)."""
        info = (resources or {}).get("nbgrader", {})
        if not info.get("assignment") or not info.get("notebook"):
            return {}
        path = course_layout.source_notebook(self.config, info["assignment"], info["notebook"])
        if not path.exists():
            self.log.warning("GuardedExecute: no source notebook %s; the tests get no lesson imports", path)
            return {}
        source = nbformat.read(path, as_version=4)
        return judge.lesson_imports(c for c in source.cells if not is_answer_cell(c) and not is_test_cell(c))

    def _ask(self, expression: str) -> str:
        """Evaluate ``expression`` in the kernel (for the judge); its ``text/plain`` result."""
        assert self.kc is not None
        msg_id = self.kc.execute("", silent=True, store_history=False, user_expressions={"r": expression})
        try:
            reply = self.wait_for_reply(msg_id)
            if reply is None:  # past Execute.timeout: nbclient has interrupted the kernel
                timeout, self.timeout = self.timeout, self.interrupt_grace
                try:
                    reply = self.wait_for_reply(msg_id)
                finally:
                    self.timeout = timeout
                if reply is None:
                    raise judge.KernelGone("the learner's code ignored the interrupt after its time limit",
                                           hung=True)
                raise judge.KernelGone(f"the learner's code ran past the time limit ({self.timeout} s)")
        except DeadKernelError:
            raise judge.KernelGone("the kernel stopped", dead=True) from None
        result = reply.get("content", {}).get("user_expressions", {}).get("r", {})
        if result.get("status") != "ok":
            why = f"the kernel could not answer: {result.get('evalue')}"
            return repr(json.dumps({"error": {"type": str(result.get("ename")), "builtin": "RuntimeError",
                                              "message": why}}))
        return result.get("data", {}).get("text/plain", "")

    def _judge_test(self, cell: NotebookNode, resources: Any, index: int) -> tuple[NotebookNode, Any]:
        """Run a test cell in the judge (:mod:`embedlab_grader.judge`): nothing of it enters the kernel."""
        link = judge.Link(self._ask)
        try:
            verdict = judge.run_test(cell.source, self._judge_base, link,
                                     hidden_lines(cell.source), label=str(index))
        except judge.KernelGone as gone:
            if gone.dead or gone.hung:
                raise _KernelDied(index, hung=gone.hung) from None
            self._event("timeout", index, cell, str(gone))
            verdict = judge.Verdict(False, {"output_type": "error", "ename": "TimeoutError",
                                            "evalue": str(gone), "traceback": [f"TimeoutError: {gone}"]})
        cell.outputs = [] if verdict.passed else [NotebookNode(verdict.output)]
        cell.execution_count = None
        why = "" if verdict.passed else f"{verdict.output['ename']}: {str(verdict.output['evalue'])[:120]}"
        self._verdicts[grade_id(cell) or str(index)] = {"passed": verdict.passed, "why": why}
        return cell, resources

    interrupt_grace = Integer(
        15, help="Seconds a timed-out cell gets to stop after the interrupt before its "
        "kernel is killed (a long C call only sees the interrupt when it returns).").tag(config=True)

    async def _async_handle_timeout(self, timeout: int, cell: NotebookNode | None = None) -> Any:
        if cell is not None:
            index = next((i for i, c in enumerate(self.nb.cells) if c is cell), -1)
            self._event("timeout", index, cell, f"stopped after {timeout} s (Execute.timeout)")
        # nbclient then waits iopub_timeout for the cell to end; past that, the cell counts as hung
        self.iopub_timeout = max(self.iopub_timeout, self.interrupt_grace)
        return await super()._async_handle_timeout(timeout, cell)

    # -- the report ------------------------------------------------------------------------
    def _event(self, kind: str, index: int, cell: NotebookNode, detail: str) -> None:
        event = {"kind": kind, "cell": _cell_label(cell, index), "detail": detail}
        if event in self._events:
            return  # seen already, before a kernel death made us run the notebook again
        self._events.append(event)
        self.log.warning("[grading] %s: %s: %s", kind, _cell_label(cell, index), detail)

    # up to 2 s, until the kernel has no child left to wait for
    _REAP = ("import os, time\nend = time.monotonic() + 2\nwhile time.monotonic() < end:\n    try:\n"
             "        if os.waitpid(-1, os.WNOHANG)[0] == 0:\n            time.sleep(0.05)\n"
             "    except ChildProcessError:\n        break\n")

    def _reap(self) -> None:
        """Have the kernel collect the children the grader just killed (zombies count against its
        process limit until their parent waits for them)."""
        assert self.kc is not None
        self.wait_for_reply(self.kc.execute(self._REAP, silent=True, store_history=False))

    def _check_sandbox(self, cell: NotebookNode, index: int) -> None:
        """Processes left running by the cell (they would starve the kernel) and a full /tmp."""
        km = self.km
        if not isinstance(km, sandbox.SandboxedKernelManager):
            return
        max_tasks = max(16, km.limits.processes // 4)
        killed = km.stop_leftovers(max_tasks)
        if killed:
            # killed children stay zombies (still counted by the limit) until the kernel waits for them
            self._reap()
            self._event("processes stopped", index, cell,
                        f"{killed} processes it left running (over {max_tasks} tasks, of a limit of "
                        f"{km.limits.processes}) were killed so that the kernel could go on")
        used, size = km.tmp_used()
        if size and used >= 0.9 * size and not self._tmp_full:
            self._tmp_full = True
            self._event("tmp full", index, cell,
                        f"the private /tmp is full ({used >> 20} of {size >> 20} MB)")

    def _after_cell(self, cell: NotebookNode, index: int) -> None:
        self._check_sandbox(cell, index)
        size = len(json.dumps(cell.get("outputs", [])))
        if size > self.large_output_bytes:
            self._event("large output", index, cell,
                        f"{size / 1e6:.1f} MB of output (truncated by LimitOutput)")
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if grade_id(cell):
            return
        for out in errors[:1]:
            self._outside_errors += 1
            if self._outside_errors == 1:
                self._event("error outside exercises", index, cell,
                            f"{out.get('ename')}: {str(out.get('evalue'))[:200]}")

    def _write_report(self, resources: Any) -> None:
        if self._outside_errors > 1:
            self._events.append({
                "kind": "error outside exercises", "cell": "later cells",
                "detail": f"{self._outside_errors - 1} more cells outside the exercises failed"})
        info = (resources or {}).get("nbgrader", {})
        student, lesson = info.get("student"), info.get("assignment")
        if not student or not lesson:
            return
        root = self.report_root or self.config.get("CourseDirectory", {}).get("root") or os.getcwd()
        path = report_path(root, lesson, student)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"student": student, "lesson": lesson, "sandbox": self._sandbox,
                                          "events": self._events}, indent=1))


class SaveVerdicts(SaveAutoGrades):
    """nbgrader's SaveAutoGrades, with test cells scored from :class:`GuardedExecute`'s verdicts only.

    A test cell earns its points when its code ran to its end in the judge (``GuardedExecute._judge_test``),
    else 0: a numeric result (nbgrader's partial credit), a swallowed traceback or printed text
    change nothing. Answer and written cells are scored as nbgrader does (manual grading).
    """

    def preprocess(self, nb: NotebookNode, resources: Any) -> tuple[NotebookNode, Any]:
        if "embedlab_verdicts" not in resources:
            raise RuntimeError("SaveVerdicts needs GuardedExecute earlier in "
                               "Autograde.autograde_preprocessors (it records which test cells passed)")
        return super().preprocess(nb, resources)

    def _add_score(self, cell: NotebookNode, resources: Any) -> None:
        if not is_test_cell(cell):
            return super()._add_score(cell, resources)
        gid = cell.metadata["nbgrader"]["grade_id"]
        verdict = resources["embedlab_verdicts"].get(gid, {"passed": False})
        grade = self.gradebook.find_grade(gid, self.notebook_id, self.assignment_id, self.student_id)
        grade.auto_score = float(cell.metadata["nbgrader"]["points"]) if verdict["passed"] else 0.0
        grade.needs_manual_grade = grade.manual_score is not None
        self.gradebook.db.commit()


class HideHiddenTests(NbGraderPreprocessor):
    """Feedback preprocessor: drop hidden-test regions and every traceback line that quotes them."""

    begin = Unicode("BEGIN HIDDEN TESTS").tag(config=True)
    end = Unicode("END HIDDEN TESTS").tag(config=True)
    notice = Unicode(
        "(a hidden test failed here; hidden tests are not shown -- check the edge cases)").tag(config=True)

    def _split(self, source: str) -> tuple[list[str], list[str]]:
        visible, hidden, inside = [], [], False
        for line in source.split("\n"):
            if self.begin in line:
                inside = True
            elif self.end in line:
                inside = False
            elif inside:
                hidden.append(line)
            else:
                visible.append(line)
        return visible, hidden

    @staticmethod
    def _failing_line(traceback: list[str]) -> int | None:
        """The line of the test cell that was running when the error was raised (its outermost frame)."""
        for frame in traceback:
            found = _CELL_FRAME.search(_ANSI.sub("", frame))
            if found:
                return int(found.group(1))
        return None

    screen_lines = Integer(
        40, help="Answer-cell output longer than this many lines is cut in feedback.").tag(config=True)
    screen_chars = Integer(4000, help="... or longer than this many characters.").tag(config=True)

    def _quiet_test(self, cell: NotebookNode) -> None:
        """Test cells show pass/fail and the assertion message only: nothing they printed or displayed."""
        cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]

    def _truncate(self, cell: NotebookNode) -> None:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                out["text"] = self._cut(str(out.get("text", "")))
            elif out.get("output_type") in ("execute_result", "display_data"):
                data = out.get("data", {})
                for mime in [m for m in data if m.startswith("text/")]:
                    value = data[mime] if isinstance(data[mime], str) else "".join(data[mime])
                    data[mime] = self._cut(value)

    def _cut(self, text: str) -> str:
        lines = text.split("\n")
        if len(lines) <= self.screen_lines and len(text) <= self.screen_chars:
            return text
        kept = "\n".join(lines[: self.screen_lines])[: self.screen_chars]
        return kept + f"\n... [output truncated in feedback: {len(lines)} lines, {len(text)} characters]\n"

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> tuple[NotebookNode, Any]:
        if cell.cell_type != "code":
            return cell, resources
        if is_test_cell(cell):
            self._quiet_test(cell)
        else:
            self._truncate(cell)
        if self.begin not in cell.source:
            return cell, resources
        visible, hidden = self._split(cell.source)
        hidden_numbers = hidden_lines(cell.source, self.begin, self.end)
        shown = [v.strip() for v in visible]
        # a hidden line that is part of a visible one reveals nothing (and must not hide the visible one)
        secret = {h.strip() for h in hidden if len(h.strip()) >= 3 and not any(h.strip() in v for v in shown)}
        for out in cell.get("outputs", []):
            if out.get("output_type") != "error":
                continue
            evalue = str(out.get("evalue", ""))
            failing = self._failing_line(out.get("traceback", []))
            if failing is None or failing in hidden_numbers:
                # the test failed on a hidden line (or we cannot tell where): its message, values and
                # traceback may all describe the hidden test, so only the notice is shown
                out["evalue"] = self.notice
                out["traceback"] = [f"{out.get('ename')}: {self.notice}"]
                continue
            hidden_msg = bool(evalue) and any(evalue in h for h in hidden)
            if hidden_msg:
                out["evalue"] = self.notice
            lines, dropped = [], False
            for frame in out.get("traceback", []):
                keep = []
                for line in frame.split("\n"):
                    plain = _ANSI.sub("", line)
                    code = re.sub(r"^\s*-*>?\s*\d+\s", "", plain).strip()
                    leak = (code in secret or self.begin in plain or self.end in plain
                            or (hidden_msg and evalue in plain)
                            or any(s in plain for s in secret if len(s) >= 12))
                    if leak:
                        dropped = True
                    else:
                        keep.append(line)
                lines.append("\n".join(keep))
            if dropped or hidden_msg:
                lines.append(f"{out.get('ename')}: {self.notice}")
            out["traceback"] = lines
        cell.source = "\n".join(visible)
        return cell, resources
