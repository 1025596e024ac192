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


# --- families: fast ones first, and a table of each family's time at the end (tests/support/families.py)
import pytest  # noqa: E402

from tests.support import families  # noqa: E402

_TIMER = families.Timer()


@pytest.hookimpl(tryfirst=True)  # before -m deselects: nbval items get their notebook marker here
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    families.order(items)
    _TIMER.collected(items)


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(_TIMER, "test-family-timer")


def pytest_terminal_summary(terminalreporter) -> None:
    if _TIMER.tests:
        terminalreporter.write_sep("=", "time by test family")
        for row in families.table(_TIMER.counts()):
            terminalreporter.write_line(row)
    _TIMER.save()


# --- browser tests (tests/test_browser.py) -----------------------------------------------------
# One JupyterLab server per role and one Chromium for the whole session, a fresh browser context
# (and JupyterLab workspace) per test. The driver itself is tests/support/browser.py.
# pytest-playwright is not used: its --tracing records DOM snapshots and sources at every action,
# with no setting to leave them out, and snapshots made these tests a third slower (see open_page);
# its failure artifacts would also lack the JupyterLab server's log. The fixtures below are the part
# of it we need: one browser, a context per test with a trace, and what to keep on failure.
import re  # noqa: E402

from tests.support.browser import (  # noqa: E402
    CHROMIUM_ARGS,
    FAILURES,
    LabServer,
    NotebookPage,
    require_chromium,
)

# Fixtures that save screenshots and a Playwright trace on failure need to know how the test went.

@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return require_chromium()


def _serve(tmp_path_factory: pytest.TempPathFactory, name: str, role: str | None = None):
    """One JupyterLab server over a copy of the course, for the whole session; stopped at its end."""
    server = LabServer(tmp_path_factory.mktemp(name), role=role).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def lab_server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory):
    """JupyterLab over a copy of the course, rooted at it (the browser tests of every lesson)."""
    yield from _serve(tmp_path_factory, "jupyterlab")


@pytest.fixture(scope="session")
def learner_server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory):
    """JupyterLab as `make lab` starts it (the learner's lab), over a copy of the course."""
    yield from _serve(tmp_path_factory, "learner-lab", "learner")


@pytest.fixture(scope="session")
def instructor_server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory):
    """JupyterLab as `make instructor` starts it (the instructor's lab), over a copy of the course."""
    yield from _serve(tmp_path_factory, "instructor-lab", "instructor")


@pytest.fixture
def open_page(request: pytest.FixtureRequest, chromium):
    """``open_page(server, path=None) -> NotebookPage``: a notebook (``path``, relative to the server's
    root) or the bare lab (``path=None``) on any LabServer, in a fresh context with a trace; on
    failure the screenshot, trace and server log go to artifacts/browser/failures/."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    # The trace keeps every action, the console and the network, without DOM snapshots or a filmstrip of
    # screenshots (a failure saves its own screenshot): snapshotting JupyterLab's page at every action made
    # the lesson tests a third slower (02 and 06 side by side: 93 s with snapshots, 70 s without), and the
    # filmstrip about a sixth (02, 04 and 06, alternated on a loaded machine: 81 s without it, 97 s with it).
    context.tracing.start(screenshots=False, snapshots=False)
    opened: list[NotebookPage] = []
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name).strip("_")

    def _open(server: LabServer, path: str | None = None) -> NotebookPage:
        nb_page = NotebookPage(context.new_page(), server, path or "")
        opened.append(nb_page)
        workspace = f"{name}-{len(opened)}"
        if path:
            nb_page.open(workspace=workspace)
        else:
            url = f"{server.url}/lab/workspaces/{workspace}?reset&token={server.token}"
            nb_page.page.goto(url, timeout=180_000)
            nb_page.page.locator("#jp-main-dock-panel").wait_for(timeout=180_000)
        return nb_page

    try:
        yield _open
    finally:
        report = getattr(request.node, "rep_call", None)
        servers = {id(p.server): p.server for p in opened}
        if report is None or report.failed:
            FAILURES.mkdir(parents=True, exist_ok=True)
            for i, nb_page in enumerate(opened):
                try:
                    nb_page.page.screenshot(path=str(FAILURES / f"{name}-{i}.png"))
                except Exception:  # noqa: BLE001 -- best effort while reporting a failure
                    pass
            context.tracing.stop(path=str(FAILURES / f"{name}-trace.zip"))
            for i, server in enumerate(servers.values()):
                (FAILURES / f"{name}-jupyterlab-{i}.log").write_text(server.log_tail(200))
        else:
            context.tracing.stop()
        context.close()
        for server in servers.values():
            server.shutdown_kernels()


@pytest.fixture(scope="session")
def chromium(chromium_path: str):
    from playwright.sync_api import sync_playwright

    FAILURES.mkdir(parents=True, exist_ok=True)
    for old in FAILURES.iterdir():
        if old.is_file():
            old.unlink()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def open_notebook(open_page, lab_server):
    """``open_notebook(path) -> NotebookPage``: ``open_page`` on the shared lab (``make lab``'s layout without
    the learner/instructor roles), with the same trace, and screenshots and server log on failure."""
    return lambda path: open_page(lab_server, path)


# --- the shared graded course (tests/support/graded_course.py) --------------------------------
@pytest.fixture(scope="session")
def graded_course(tmp_path_factory: pytest.TempPathFactory):
    """Every lesson's grading-test submissions in one nbgrader course, graded and given feedback once."""
    from tests.support import graded_course as shared

    return shared.build(tmp_path_factory.mktemp("graded-course"))
