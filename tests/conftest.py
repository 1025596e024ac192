"""Test-session set-up shared by every test module."""

import os
import sys
from pathlib import Path

# nbgrader shells out to `alembic`, and the notebook tests start `jupyter` tools: make the
# virtual environment's bin/ come first even when pytest is run as `.venv/bin/python -m pytest`.
_BIN = str(Path(sys.executable).parent)
if os.environ.get("PATH", "").split(os.pathsep)[0] != _BIN:
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")
# Kernels started by the tests inherit these: one OpenMP thread (torch is many times slower on
# small machines without it) and a fixed hash seed (the order of a set of strings depends on it,
# and stored outputs must not).
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("PYTHONHASHSEED", "0")

# No test may depend on what an earlier run left behind: hypothesis neither reads nor writes its
# example database (.hypothesis/), and draws the same examples on every run and every machine.
from hypothesis import settings  # noqa: E402

settings.register_profile("course", database=None, derandomize=True)
settings.load_profile("course")


# --- browser tests (tests/test_browser.py) -----------------------------------------------------
# Fixtures that save screenshots and a Playwright trace on failure need to know how the test went.
import pytest  # noqa: E402


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
