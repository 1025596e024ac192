"""The check-my-work report: per exercise passed / failed / not attempted, and the written answers.

Used by :mod:`embedlab.checkwork` (every lesson). It holds only what may be shown: statuses, visible
messages or hints, and model answers of written questions already answered. It travels from the
checking process to the notebook as JSON.

Example:
    >>> r = Report("01-one-hot-vs-embeddings", "my.ipynb", 0.0,
    ...            [ExerciseResult("test_encode", "Exercise 2 (encode)", "passed", 3.0)])
    >>> r.summary()
    '1 passed (3 of 3 points from the tests)'
    >>> Report.from_json(r.to_json()) == r
    True
"""

from __future__ import annotations

import html
import json
import time
from dataclasses import asdict, dataclass, field

__all__ = ["MIME", "ExerciseResult", "WrittenResult", "Report"]

MIME = "application/vnd.embedlab.checkwork+json"


@dataclass
class ExerciseResult:
    grade_id: str      # the test cell's id, e.g. "test_build_vocab"
    exercise: str      # what the learner calls it, e.g. "Exercise 1 (build_vocab)"
    status: str        # "passed", "failed", "not attempted" or "not checked"
    points: float
    message: str = ""


@dataclass
class WrittenResult:
    grade_id: str
    answered: bool
    points: float
    model_answer: str = ""  # model answer and rubric, only when answered


@dataclass
class Report:
    lesson: str
    notebook: str
    saved: float  # the notebook's modification time (seconds since the epoch)
    exercises: list[ExerciseResult] = field(default_factory=list)
    written: list[WrittenResult] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.exercises:
            out[e.status] = out.get(e.status, 0) + 1
        return out

    def summary(self) -> str:
        c = self.counts()
        parts = [f"{c[k]} {k}" for k in ("passed", "failed", "not attempted", "not checked") if c.get(k)]
        points = sum(e.points for e in self.exercises if e.status == "passed")
        total = sum(e.points for e in self.exercises)
        return f"{', '.join(parts)} ({points:g} of {total:g} points from the tests)"

    def text(self) -> str:
        saved = time.strftime("%H:%M:%S", time.localtime(self.saved))
        out = [f"Check my work: {self.lesson}",
               f"Checked {self.notebook} as saved at {saved} (save first: unsaved edits are not checked).",
               "Hidden tests ran on your answers; they are not shown.", ""]
        for e in self.exercises:
            out.append(f"  {e.exercise}: {e.status}" + (f" -- {e.message}" if e.message else ""))
        out += ["", f"Exercises: {self.summary()}"]
        for w in self.written:
            out.append("")
            if w.answered:
                out.append(f"Written question {w.grade_id} ({w.points:g} points, graded by a person): "
                           "compare your answer with the model answer and rubric:")
                out += ["    " + line for line in w.model_answer.splitlines()]
            else:
                out.append(f"Written question {w.grade_id}: not answered yet; the model answer is shown "
                           "once you have written yours.")
        return "\n".join(out)

    def html(self) -> str:
        e = html.escape
        colour = {"passed": "#1a7f37", "failed": "#cf222e", "not attempted": "#6e7781",
                  "not checked": "#9a6700"}
        rows = "".join(
            f"<tr><td style='text-align:left'>{e(x.exercise)}</td><td style='text-align:left;"
            f"color:{colour.get(x.status, '#000')};font-weight:bold'>{e(x.status)}</td>"
            f"<td style='text-align:left'>{e(x.message)}</td></tr>" for x in self.exercises)
        saved = time.strftime("%H:%M:%S", time.localtime(self.saved))
        parts = [f"<div class='embedlab-checkwork'><h4>Check my work: {e(self.lesson)}</h4>",
                 f"<p>Checked <code>{e(self.notebook)}</code> as saved at {saved} (save first: unsaved edits "
                 "are not checked). Hidden tests ran on your answers; they are not shown.</p>",
                 "<table><tr><th style='text-align:left'>Exercise</th><th style='text-align:left'>Result</th>"
                 f"<th style='text-align:left'>Message</th></tr>{rows}</table>",
                 f"<p><b>Exercises:</b> {e(self.summary())}</p>"]
        for w in self.written:
            if w.answered:
                parts.append(f"<details><summary>Written question <code>{e(w.grade_id)}</code>: "
                             "show the model answer and rubric</summary>"
                             f"<pre style='white-space:pre-wrap'>{e(w.model_answer)}</pre></details>")
            else:
                parts.append(f"<p>Written question <code>{e(w.grade_id)}</code>: not answered yet; the model "
                             "answer is offered once you have written yours.</p>")
        return "".join(parts) + "</div>"

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> "Report":
        d = json.loads(text)
        return cls(d["lesson"], d["notebook"], d["saved"], [ExerciseResult(**x) for x in d["exercises"]],
                   [WrittenResult(**x) for x in d["written"]])
