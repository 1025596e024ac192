"""A grading kernel that cannot import the course package stops the class before anyone is graded,
with one line that says what to fix (instead of a class of zeros)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from embedlab_grader import cli, kernel_check
from tests.support import nbgrader_course
from tests.support.lessons import Lesson

LESSON = Lesson("01-one-hot-vs-embeddings")


def test_the_course_python_passes_in_the_sandbox() -> None:
    assert kernel_check.problem_with(sys.executable) == ""


def test_a_missing_module_is_named_with_the_fix_in_one_line() -> None:
    why = kernel_check.problem_with(sys.executable, modules=("embedlab_missing_module",))
    assert "No module named 'embedlab_missing_module'" in why and "pip install -e ." in why
    assert "\n" not in why


@pytest.mark.grading
def test_a_kernel_without_the_course_stops_the_class(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    bare = tmp_path / "bare"                        # a Python environment without the course
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    spec = tmp_path / "jupyter" / "kernels" / "embeddings-in-pytorch"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(bare / "bin" / "python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Embeddings in PyTorch", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    root = nbgrader_course.make_course(tmp_path / "course", [LESSON])
    nbgrader_course.submit(root, LESSON, "ann", LESSON.student())
    with pytest.raises(kernel_check.KernelEnvironmentError, match="cannot import"):
        cli.grade(root, [LESSON.slug], workers=1, progress=False)
    assert not (root / "autograded").exists(), "a submission was graded with a broken kernel"
    assert cli.main(["--root", str(root), LESSON.slug]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(bare) in err and "pip install -e ." in err
