"""Grading on a scheduler: a Slurm job array, one task per student (README "Beyond one machine").

A private single-node Slurm cluster (munge, slurmctld and slurmd from Debian's ``slurm-wlm``,
on their own ports, with every file in a temporary directory) runs the README's job array: each
task runs ``nbgrader autograde LESSON --student S --force`` in the course directory, with the
course's sandboxed, guarded grading and a shared gradebook; two tasks run at once. The grades
must be those of the course's own grader, ``python -m embedlab_grader``, for the same
submissions (read from the shared graded class, tests/support/graded_course.py, which holds the
same solution and untouched notebooks under the same names), and every task must have graded its
student.

Skipped, with the reason, where Slurm is not installed (``apt-get install slurm-wlm``).
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import nbgrader_course
from tests.support.graded_course import GradedCourse, submissions
from tests.support.lessons import Lesson

pytestmark = pytest.mark.grading
LESSON = Lesson("02-tensors")  # the quickest lesson to grade
TOOLS = ("munged", "slurmctld", "slurmd", "sbatch", "sinfo")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def slurm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Environment for sbatch talking to a private one-node cluster; stopped afterwards."""
    missing = [t for t in TOOLS if not shutil.which(t) and not Path("/usr/sbin", t).exists()]
    if missing:
        pytest.skip(f"Slurm is not installed (no {', '.join(missing)}): apt-get install slurm-wlm")
    if os.geteuid() != 0:
        pytest.skip("the private Slurm cluster is started as root (slurmd runs the jobs as their user)")
    base = tmp_path_factory.mktemp("slurm")
    for sub in ("state", "spool", "log"):
        (base / sub).mkdir()
    host = socket.gethostname()
    (base / "slurm.conf").write_text("\n".join([
        "ClusterName=embedlab-test", f"SlurmctldHost={host}",
        f"SlurmctldPort={_free_port()}", f"SlurmdPort={_free_port()}",
        "AuthType=auth/munge", f"AuthInfo=socket={base}/munge.socket", "CredType=cred/munge",
        "SlurmUser=root", "SlurmdUser=root", f"StateSaveLocation={base}/state",
        f"SlurmdSpoolDir={base}/spool", f"SlurmctldPidFile={base}/slurmctld.pid",
        f"SlurmdPidFile={base}/slurmd.pid", f"SlurmctldLogFile={base}/log/slurmctld.log",
        f"SlurmdLogFile={base}/log/slurmd.log", "ProctrackType=proctrack/linuxproc",
        "TaskPlugin=task/none", "SelectType=select/cons_tres", "SelectTypeParameters=CR_CPU",
        "ReturnToService=2", "MpiDefault=none", "JobAcctGatherType=jobacct_gather/none",
        "AccountingStorageType=accounting_storage/none",
        # keep finished jobs' records (the cluster lives for one test): `sbatch --wait` then polls every
        # 2 s, rather than after 2, 8 and then every 10 s or more, which a larger MinJobAge allows
        "MinJobAge=0",
        f"NodeName={host} CPUs={os.cpu_count() or 2} State=UNKNOWN",
        f"PartitionName=test Nodes={host} Default=YES MaxTime=INFINITE State=UP", ""]))
    key = base / "munge.key"
    key.write_bytes(os.urandom(1024))
    key.chmod(0o400)
    env = dict(os.environ, SLURM_CONF=str(base / "slurm.conf"))
    sbin = lambda name: shutil.which(name) or f"/usr/sbin/{name}"  # noqa: E731
    started = []
    try:
        subprocess.run([sbin("munged"), f"--key-file={key}", f"--socket={base}/munge.socket",
                        f"--pid-file={base}/munged.pid", f"--log-file={base}/log/munged.log",
                        f"--seed-file={base}/munge.seed", "--force"], check=True, env=env)
        started.append(base / "munged.pid")
        for daemon in ("slurmctld", "slurmd"):
            subprocess.run([sbin(daemon), "-f", env["SLURM_CONF"]], check=True, env=env)
            started.append(base / f"{daemon}.pid")
        deadline = time.monotonic() + 60
        while "idle" not in subprocess.run(["sinfo", "-h", "-o", "%t"], env=env, capture_output=True,
                                           text=True).stdout:
            assert time.monotonic() < deadline, "the Slurm node never became idle:\n" + \
                (base / "log" / "slurmctld.log").read_text(errors="replace")[-2000:]
            time.sleep(0.5)
        yield env
    finally:
        for pidfile in reversed(started):  # only the daemons this fixture started, by their pid
            if pidfile.exists():
                try:
                    os.kill(int(pidfile.read_text().split()[0]), 15)
                except (ProcessLookupError, ValueError):
                    pass


def _class(root: Path) -> list[str]:
    nbgrader_course.make_course(root, [LESSON])
    every = submissions(LESSON, {})  # the shared class's notebooks, under the same names
    students = {student: every[student] for student in ("solution", "untouched")}
    for student, nb in students.items():
        nbgrader_course.submit(root, LESSON, student, nb)
    return sorted(students)


def test_slurm_job_array_grades_like_the_course_grader(graded_course: GradedCourse, slurm: dict[str, str],
                                                       tmp_path: Path) -> None:
    root = tmp_path / "course"
    students = _class(root)
    (root / "students.txt").write_text("\n".join(students) + "\n")
    with sqlite3.connect(root / "gradebook.db") as con:  # parallel writers share a SQLite file in WAL mode
        con.execute("PRAGMA journal_mode=WAL")
    venv = str(Path(sys.executable).parent)
    task = ('S=$(sed -n "${SLURM_ARRAY_TASK_ID}p" students.txt); '
            f'PATH={venv}:$PATH OMP_NUM_THREADS=1 nbgrader autograde {LESSON.slug} --student "$S" --force')
    done = subprocess.run(["sbatch", "--wait", f"--array=1-{len(students)}%2", "--cpus-per-task=1",
                           f"--chdir={root}", f"--output={root}/slurm-%a.log", "--wrap", task],
                          env=slurm, capture_output=True, text=True, timeout=1200)
    logs = "\n".join(p.read_text(errors="replace")[-1500:] for p in sorted(root.glob("slurm-*.log")))
    assert done.returncode == 0, f"sbatch: {done.stdout}{done.stderr}\n{logs}"
    on_slurm = nbgrader_course.class_scores(f"sqlite:///{root / 'gradebook.db'}", LESSON)
    assert sorted(on_slurm) == students, logs

    by_course_grader = graded_course.scores(LESSON)
    assert on_slurm == {student: by_course_grader[student] for student in students}
    assert sum(s.score for s in on_slurm["solution"].values()) > 0, "the comparison must not be all zeros"
