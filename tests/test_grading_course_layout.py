"""The course's folders come from its nbgrader_config.py, however the setting is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from embedlab_grader import cli, integrity
from embedlab_grader.course_layout import CONFIG, CourseConfigError, CourseFolders, folders


@pytest.mark.parametrize("body, expected", [
    ("", CourseFolders("source", "release")),
    ("c = get_config()\nc.CourseDirectory.source_directory = 'solutions'\n",
     CourseFolders("solutions", "release")),
    # written in ways a pattern over the text would miss
    ("c = get_config()\nSRC, REL = 'lessons', 'student'\n"
     "c.CourseDirectory.source_directory = SRC\nc.CourseDirectory.release_directory = REL\n",
     CourseFolders("lessons", "student")),
    ("c = get_config()\nc.CourseDirectory.update(source_directory='a', release_directory='b')\n",
     CourseFolders("a", "b")),
    # a commented-out setting does not count
    ("c = get_config()\n# c.CourseDirectory.source_directory = 'old'\n", CourseFolders("source", "release")),
])
def test_folders_follow_the_configuration(tmp_path: Path, body: str, expected: CourseFolders) -> None:
    (tmp_path / CONFIG).write_text(body)
    assert folders(tmp_path) == expected


def test_a_broken_configuration_is_named_with_its_line(tmp_path: Path) -> None:
    (tmp_path / CONFIG).write_text("c = get_config()\nc.CourseDirectory.source_directory = \n")
    with pytest.raises(CourseConfigError) as caught:
        folders(tmp_path)
    message = str(caught.value)
    assert str(tmp_path / CONFIG) in message and "line 2" in message and "Fix" in message


def test_the_grading_command_says_so_without_a_traceback(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / CONFIG).write_text("c = get_config()\nc.CourseDirectory.source_directory = \n")
    assert cli.main(["all", "--root", str(tmp_path), "--unsafe-no-sandbox"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("embedlab_grader: ") and "line 2" in err and "Traceback" not in err


def test_grading_and_integrity_use_the_configured_folders(tmp_path: Path) -> None:
    (tmp_path / CONFIG).write_text("c = get_config()\nc.CourseDirectory.source_directory = 'lessons'\n"
                                   "c.CourseDirectory.release_directory = 'handout'\n")
    for folder in ("lessons/01-x", "lessons/02-y", "handout/01-x", "source/99-decoy"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "nb.ipynb").write_text("{}")
    assert cli._lessons_in(tmp_path) == ["01-x", "02-y"]
    hashed = integrity.fingerprint(tmp_path)
    assert {"lessons/01-x/nb.ipynb", "lessons/02-y/nb.ipynb", "handout/01-x/nb.ipynb"} <= set(hashed)
    assert "source/99-decoy/nb.ipynb" not in hashed


@pytest.mark.parametrize("changed", [
    "open(MARKER, 'w')\nc = get_config()\nc.CourseDirectory.source_directory = 'elsewhere'\n",  # runs code
    "c = get_config()\nc.CourseDirectory.source_directory = \n",  # does not load
])
def test_a_config_changed_during_grading_is_reported_and_put_back_not_loaded(tmp_path: Path,
                                                                             changed: str) -> None:
    """The integrity check keeps the folders read when grading began: a submission could change the config."""
    from embedlab_grader.report import Job

    good = "c = get_config()\nc.CourseDirectory.source_directory = 'lessons'\n"
    (tmp_path / CONFIG).write_text(good)
    (tmp_path / "lessons" / "01-x").mkdir(parents=True)
    (tmp_path / "lessons" / "01-x" / "nb.ipynb").write_text("{}")
    layout = folders(tmp_path)
    saved = integrity.snapshot_files(tmp_path, layout)
    baseline = integrity.fingerprint(tmp_path, None, layout)
    marker = tmp_path / "loaded"
    (tmp_path / CONFIG).write_text(changed.replace("MARKER", repr(str(marker))))
    job = Job("01-x", "mallory")
    cli._check_integrity(tmp_path, None, layout, baseline, saved, set(), [job])
    assert not marker.exists(), "the changed config was loaded"
    assert (tmp_path / CONFIG).read_text() == good
    assert any(f.kind == "tampering" and "changed: nbgrader_config.py" in f.detail for f in job.findings)
    assert any(f.kind == "course repaired" for f in job.findings)
