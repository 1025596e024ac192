"""Drive JupyterLab in a real browser, as a learner does (used by tests/test_browser.py).

``LabServer`` starts JupyterLab on loopback, on a free port, with a token and with its own
Jupyter config/data/runtime/IPython/workspace directories, over a *copy* of the course (nbgrader's
Validate button saves the notebook). The lab extensions (nbgrader, ipywidgets) still load: they live
in the virtual environment's ``share/jupyter``, which stays on Jupyter's search path.

``Chromium`` finds the browser (Debian's ``chromium``; never downloaded) and launches it through
Playwright with the flags in ``CHROMIUM_ARGS``: headless, no sandbox (it runs as root in CI
containers), no GPU, no /dev/shm (small in containers) and no background network traffic.

``NotebookPage`` wraps one open notebook: Run All, wait for the kernel, read what the page shows
(errors, images, widgets, progress bars), change a widget control, press Validate.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.support.lessons import ROOT

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run",
]
IDLE = "Embeddings in PyTorch | Idle"  # the course kernel (share/jupyter/kernels)
# What the course copy needs: the lessons, the helper package's config, nbgrader's config.
COURSE_ITEMS = ("solutions", "notebooks", "nbgrader_config.py")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def find_chromium() -> str | None:
    """Path of the system Chromium (the project's `make system-deps` installs Debian's), or None."""
    override = os.environ.get("CHROMIUM")
    if override:
        return override if Path(override).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ----------------------------------------------------------------------------- the server

@dataclass
class LabServer:
    """A JupyterLab server over a temporary copy of the course.

    ``role=None`` serves the whole copy with every nbgrader panel (the lesson tests open both
    solutions/ and notebooks/); ``"learner"`` and ``"instructor"`` use exactly the configuration of
    ``make lab`` and ``make instructor`` (:mod:`embedlab.lab`): its root folder, disabled plugins and
    server extensions, and its Jupyter folders under the test's own directory.
    """

    workdir: Path
    role: str | None = None
    token: str = field(default_factory=lambda: hashlib.sha256(os.urandom(16)).hexdigest()[:32])
    port: int = 0
    proc: subprocess.Popen | None = None
    course: Path = field(init=False)
    log_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.course = self.workdir / "course"
        self.log_path = self.workdir / "jupyterlab.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def lab_url(self, path: str, workspace: str) -> str:
        # A fresh named workspace per page: nothing is restored from an earlier test.
        return f"{self.url}/lab/workspaces/{workspace}/tree/{path}?reset&token={self.token}"

    def _copy_course(self) -> None:
        self.course.mkdir(parents=True)
        for item in COURSE_ITEMS:
            src = ROOT / item
            if src.is_dir():
                shutil.copytree(src, self.course / item,
                                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
            elif src.exists():
                shutil.copy2(src, self.course / item)

    def _environment(self) -> dict[str, str]:
        dirs = {name: self.workdir / sub for name, sub in [
            ("JUPYTER_CONFIG_DIR", "jupyter-config"), ("JUPYTER_DATA_DIR", "jupyter-data"),
            ("JUPYTER_RUNTIME_DIR", "jupyter-runtime"), ("IPYTHONDIR", "ipython"),
            ("MPLCONFIGDIR", "matplotlib"),
        ]}
        for d in dirs.values():
            d.mkdir(parents=True, exist_ok=True)
        # The news/update pop-up would cover the notebook: disable the plugin for this config dir.
        labconfig = dirs["JUPYTER_CONFIG_DIR"] / "labconfig"
        labconfig.mkdir(exist_ok=True)
        (labconfig / "page_config.json").write_text(json.dumps(
            {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}))
        env = dict(os.environ)
        env.update({k: str(v) for k, v in dirs.items()})
        env.pop("JUPYTER_PATH", None)
        env.pop("JUPYTER_CONFIG_PATH", None)
        # Kernels (and nbgrader's Validate kernels) inherit these: one OpenMP thread (torch is
        # many times slower on small machines without it) and the hash seed the outputs need.
        env["OMP_NUM_THREADS"] = "1"
        env["PYTHONHASHSEED"] = "0"
        bin_dir = str(Path(sys.executable).parent)
        env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
        if self.role is not None:
            from embedlab.lab import write_config
            env.update(write_config(self.role, self.workdir / "state"))
        return env

    def start(self, timeout: float = 120) -> "LabServer":
        self._copy_course()
        env = self._environment()
        self.port = free_port()
        jupyter = Path(sys.executable).with_name("jupyter")
        cmd = [
            str(jupyter), "lab", "--no-browser",
            "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
        ]
        cwd = self.course
        if self.role is not None:  # what `make lab` / `make instructor` run
            from embedlab.lab import lab_arguments, root_dir
            cmd += lab_arguments(self.role, self.course, self.workdir / "state")
            cwd = root_dir(self.role, self.course)
        else:
            # No autosave: a Run All longer than the autosave interval (2 min on a busy machine) made
            # JupyterLab save mid-run, and the test's own save then met a "File Changed" dialog.
            docmanager = self.workdir / "user-settings" / "@jupyterlab" / "docmanager-extension"
            docmanager.mkdir(parents=True, exist_ok=True)
            (docmanager / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
            cmd += [
                f"--ServerApp.root_dir={self.course}",
                "--LanguageServerManager.autodetect=False",
                f"--LabApp.workspaces_dir={self.workdir / 'workspaces'}",
                f"--LabApp.user_settings_dir={self.workdir / 'user-settings'}",
                "--LabApp.extension_manager=readonly",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            ]
            if hasattr(os, "geteuid") and os.geteuid() == 0:
                cmd.append("--allow-root")
        self._log = open(self.log_path, "wb")
        # Its own session (process group), so stop() can end the server and its kernels together.
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                self.api("GET", "/api/status")
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def api(self, method: str, path: str, timeout: float = 10) -> object:
        req = urllib.request.Request(f"{self.url}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Stop every kernel the pages started (a page closing does not stop its kernel)."""
        try:
            for session in self.api("GET", "/api/sessions"):  # type: ignore[union-attr]
                self.api("DELETE", f"/api/sessions/{session['id']}")
            for kernel in self.api("GET", "/api/kernels"):  # type: ignore[union-attr]
                self.api("DELETE", f"/api/kernels/{kernel['id']}")
        except (urllib.error.URLError, OSError):
            pass

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.shutdown_kernels()
            try:
                self.api("POST", "/api/shutdown", timeout=5)
            except (urllib.error.URLError, OSError):
                pass
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        # Whatever is left in the server's process group (kernels, Validate's kernels) goes too.
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
            except (ProcessLookupError, PermissionError):
                break
            time.sleep(1)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        # Kernels run in sessions of their own: end any whose connection file is in our runtime dir.
        for pid in self.leftover_kernels():
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self._log.close()
        self.proc = None

    def leftover_kernels(self) -> list[int]:
        """PIDs of live processes started for this server's kernels (found by their connection file)."""
        marker = str(self.workdir / "jupyter-runtime").encode()
        pids = []
        for proc_dir in Path("/proc").glob("[0-9]*"):
            try:
                cmdline = (proc_dir / "cmdline").read_bytes()
            except OSError:
                continue
            if marker in cmdline and int(proc_dir.name) != os.getpid():
                pids.append(int(proc_dir.name))
        return pids

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


# ----------------------------------------------------------------------------- the page

# What the page shows, read in one pass: one entry per notebook cell, in order.
_READ_CELLS_JS = r"""
() => {
  const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  if (!notebook) return null;
  const hash = (s) => {
    let h = 0;
    for (let i = 0; i < s.length; i += 7) h = (h * 31 + s.charCodeAt(i)) | 0;
    return h + ':' + s.length;
  };
  return Array.from(notebook.querySelectorAll('.jp-Cell')).map((cell) => {
    const prompt = cell.querySelector('.jp-InputArea-prompt');
    const outputs = Array.from(cell.querySelectorAll('.jp-OutputArea-output')).filter(
      (o) => !o.parentElement.closest('.jp-OutputArea-output'));   // top-level outputs only
    return {
      type: cell.classList.contains('jp-CodeCell') ? 'code'
        : (cell.classList.contains('jp-MarkdownCell') ? 'markdown' : 'raw'),
      prompt: prompt ? prompt.textContent.trim() : '',
      outputs: outputs.map((o) => ({
        mime: o.getAttribute('data-mime-type') || '',
        text: (o.textContent || '').slice(0, 4000),
        stderr: Array.from(o.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]'))
                  .concat(o.getAttribute('data-mime-type') === 'application/vnd.jupyter.stderr' ? [o] : [])
                  .map((e) => e.textContent || '').join('\n'),
        widgets: o.querySelectorAll('.jupyter-widgets').length,
        widgetErrors: o.querySelectorAll('.jupyter-widgets-error-widget, .jp-RenderedWidget-error').length,
        progress: o.querySelectorAll('.widget-hprogress, .widget-vprogress').length,
        images: Array.from(o.querySelectorAll('img')).map((img) => ({
          ok: img.complete && img.naturalWidth > 0, width: img.naturalWidth, height: img.naturalHeight,
          hash: hash(img.getAttribute('src') || '')})),
      })),
    };
  });
}
"""

# A signature of what the learner sees as *results* (not the controls): images, Output widgets,
# HTML/Label widgets, and ordinary outputs. A slider's own readout is left out on purpose.
_SHOWN_JS = r"""
() => {
  const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  const hash = (s) => {
    let h = 0;
    for (let i = 0; i < s.length; i += 3) h = (h * 31 + s.charCodeAt(i)) | 0;
    return h + ':' + s.length;
  };
  const parts = [];
  for (const img of notebook.querySelectorAll('.jp-OutputArea-output img'))
    parts.push('img ' + hash(img.getAttribute('src') || ''));
  for (const el of notebook.querySelectorAll(
      '.widget-output, .widget-html-content, div.widget-label, .widget-htmlmath-content'))
    parts.push('w ' + hash(el.textContent || ''));
  return parts.join('\n');
}
"""

# Every widget control a learner can change, in document order; each is tagged so Python can find it.
_CONTROLS_JS = r"""
() => {
  const notebook = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  const found = [];
  const selector = [
    '.jupyter-widgets.widget-dropdown select', '.jupyter-widgets.widget-select select',
    '.jupyter-widgets.widget-slider', '.jupyter-widgets.widget-toggle-buttons',
    '.jupyter-widgets.widget-radio-box', '.jupyter-widgets.widget-checkbox input',
    '.jupyter-widgets.widget-toggle-button', '.jupyter-widgets.widget-button',
    '.jupyter-widgets.widget-text input', '.jupyter-widgets.widget-combobox input',
  ].join(', ');
  let i = 0;
  for (const el of notebook.querySelectorAll(
      '.jp-OutputArea-output ' + selector.split(', ').join(', .jp-OutputArea-output '))) {
    if (el.disabled || el.closest('.mod-disabled')) continue;
    const cls = el.classList;
    let kind = el.tagName === 'SELECT' ? 'select'
      : cls.contains('widget-slider') ? 'slider'
      : cls.contains('widget-toggle-buttons') ? 'toggle-buttons'
      : cls.contains('widget-radio-box') ? 'radio'
      : (el.type === 'checkbox') ? 'checkbox'
      : (cls.contains('widget-button') || cls.contains('widget-toggle-button')) ? 'button'
      : 'text';
    el.setAttribute('data-browser-test-control', String(i));
    const cell = el.closest('.jp-Cell');
    const cells = Array.from(notebook.querySelectorAll('.jp-Cell'));
    const label = el.closest('.jupyter-widgets')
      ? (el.closest('.jupyter-widgets').querySelector('.widget-label') || {}).textContent : '';
    found.push({index: i, kind, cell: cells.indexOf(cell), label: (label || '').trim()});
    i += 1;
  }
  return found;
}
"""

# The highest execution count shown, or -1 while any cell is queued/running ([*]).
_LAST_COUNT_JS = r"""
() => {
  let best = 0;
  for (const p of document.querySelectorAll(
      '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt')) {
    const t = p.textContent;
    if (t.includes('*')) return -1;
    const m = t.match(/\[(\d+)\]/);
    if (m) best = Math.max(best, Number(m[1]));
  }
  return best;
}
"""

_TRACEBACK = re.compile(r"^\s*-+\s*\n?(\w+)\s+Traceback \(most recent call last\)", re.M)
_ERROR_LAST_LINE = re.compile(r"^(\w+(?:Error|Exception|Interrupt|Exit|Warning))\b", re.M)
WIDGET_TEXT_FALLBACK = re.compile(
    r"^\s*(interactive|[A-Z][A-Za-z]*(Slider|Box|Progress|Dropdown|Text|Button|Buttons|Select|Checkbox|Output|Label|HTML|Play|Picker|Combobox|Tab|Accordion))"
    r"\((children|value|options|description|layout|min|max|index|outputs|_dom_classes)=", re.M)
WIDGET_NOT_RENDERED = ("Error displaying widget", "Loading widget...", "Widget Javascript not detected",
                       "model not found")
FIGURE_TEXT_FALLBACK = re.compile(r"^<Figure size \d+x\d+ with \d+ Axes>$", re.M)


@dataclass
class ShownOutput:
    mime: str
    text: str
    stderr: str
    widgets: int
    widget_errors: int
    progress: int
    images: list[dict]

    @property
    def error_name(self) -> str | None:
        """The exception's name when this output is a traceback, else None."""
        m = _TRACEBACK.search(self.stderr)
        if m:
            return m.group(1)
        if "Traceback (most recent call last)" in self.stderr:
            last = _ERROR_LAST_LINE.findall(self.stderr)
            return last[-1] if last else "UnknownError"
        return None


@dataclass
class ShownCell:
    index: int
    type: str
    prompt: str
    outputs: list[ShownOutput]

    @property
    def executed(self) -> bool:
        return bool(re.fullmatch(r"\[\d+\]:", self.prompt))

    @property
    def errors(self) -> list[str]:
        return [o.error_name for o in self.outputs if o.error_name]


class NotebookPage:
    """One notebook open in JupyterLab, driven through its menus and toolbar like a learner."""

    def __init__(self, page, server: LabServer, path: str) -> None:
        self.page = page
        self.server = server
        self.path = path

    # -- opening and running
    def open(self, workspace: str, timeout: float = 180) -> float:
        start = time.monotonic()
        self.page.goto(self.server.lab_url(self.path, workspace), timeout=timeout * 1000)
        self.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=timeout * 1000)
        self.wait_idle(timeout)
        return time.monotonic() - start

    def wait_idle(self, timeout: float = 300) -> None:
        """The kernel is idle (status bar) and no cell is queued or running (no ``[*]`` prompt)."""
        self.page.wait_for_function(
            """(idle) => {
                 const bar = document.querySelector('.jp-StatusBar-Widget, #jp-main-statusbar');
                 const text = bar ? bar.textContent : document.body.textContent;
                 const busy = Array.from(document.querySelectorAll(
                     '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputArea-prompt'))
                   .some((p) => p.textContent.includes('*'));
                 return text.includes(idle) && !busy;
               }""",
            arg=IDLE, timeout=timeout * 1000, polling=250)

    def menu(self, menu: str, item: str) -> None:
        self.page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{re.escape(menu)}$")).first.click()
        self.page.locator(".lm-Menu-content .lm-Menu-item",
                          has_text=re.compile(rf"^{re.escape(item)}")).first.click()

    def _last_count(self) -> int:
        return self.page.evaluate(_LAST_COUNT_JS)

    def _run(self, item: str, timeout: float) -> None:
        """Run menu ``item``.

        Waits until it has visibly started (a ``[*]`` or a new count), then until idle.
        """
        before = self._last_count()
        self.menu("Run", item)
        self.page.wait_for_function(
            f"(before) => {{ const n = ({_LAST_COUNT_JS.strip()})(); return n === -1 || n > before; }}",
            arg=before, timeout=60_000, polling=100)
        self.wait_idle(timeout)

    def run_all(self, timeout: float = 300) -> float:
        """Run > Run All Cells, then wait until every queued cell has run (it stops at an error)."""
        start = time.monotonic()
        self._run("Run All Cells", timeout)
        return time.monotonic() - start

    def run_all_continuing(self, timeout: float = 300) -> float:
        """Run All; whenever it stops at an error, select the next cell and Run Selected Cell and All
        Below -- what a learner does to see the rest of an untouched lesson."""
        start = time.monotonic()
        self.run_all(timeout)
        for _ in range(200):
            cells = self.cells()
            pending = [c for c in cells if c.type == "code" and not c.executed]
            if not pending:
                break
            self.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").nth(pending[0].index) \
                .locator(".jp-InputArea-prompt").click()
            self._run("Run Selected Cell and All Below", timeout)
        return time.monotonic() - start

    # -- reading what is shown
    def cells(self) -> list[ShownCell]:
        raw = self.page.evaluate(_READ_CELLS_JS)
        if raw is None:
            raise AssertionError(f"no notebook is shown for {self.path}")
        return [ShownCell(i, c["type"], c["prompt"], [
            ShownOutput(o["mime"], o["text"], o["stderr"], o["widgets"], o["widgetErrors"], o["progress"],
                        o["images"])
            for o in c["outputs"]]) for i, c in enumerate(raw)]

    def shown(self) -> str:
        return self.page.evaluate(_SHOWN_JS)

    def controls(self) -> list[dict]:
        return self.page.evaluate(_CONTROLS_JS)

    def cell_locator(self, index: int):
        return self.page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").nth(index)

    # -- changing a widget
    def change_control(self, control: dict) -> str:
        """Change one control as a learner would; returns a description of what was done."""
        el = self.page.locator(f"[data-browser-test-control='{control['index']}']")
        el.scroll_into_view_if_needed()
        kind = control["kind"]
        if kind == "select":
            current = el.evaluate("e => e.value")
            values = el.evaluate("e => Array.from(e.options).map(o => o.value)")
            others = [v for v in values if v != current]
            if not others:
                raise AssertionError("the dropdown has a single option: nothing to change")
            # a choice away from the first options, but deterministic
            target = others[len(others) // 2]
            el.select_option(target)
            return f"chose {target!r} instead of {current!r}"
        if kind == "slider":
            handle = el.locator(".noUi-handle").first
            before = (el.locator(".widget-readout").first.text_content()
                      if el.locator(".widget-readout").count() else "")
            handle.focus()
            for key in ("ArrowRight", "ArrowLeft"):
                for _ in range(3):
                    handle.press(key)
                after = (el.locator(".widget-readout").first.text_content()
                         if el.locator(".widget-readout").count() else "")
                if after != before:
                    return f"moved the slider from {before.strip()} to {after.strip()} ({key} x3)"
            box = handle.bounding_box()
            track = el.locator(".noUi-target, .slider").first.bounding_box()
            if box and track:
                self.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                self.page.mouse.down()
                self.page.mouse.move(track["x"] + track["width"] * 0.75, box["y"] + box["height"] / 2,
                                     steps=5)
                self.page.mouse.up()
            return "dragged the slider handle"
        if kind in ("toggle-buttons", "radio"):
            options = el.locator("button, input[type=radio]")
            for i in range(options.count()):
                option = options.nth(i)
                selected = option.evaluate("e => e.classList.contains('mod-active') || e.checked === true")
                if not selected:
                    option.click()
                    return f"picked option {i + 1}"
            raise AssertionError("no unselected option to pick")
        if kind == "checkbox":
            el.click()
            return "toggled the checkbox"
        if kind == "button":
            el.click()
            return f"clicked the button {el.text_content()!r}"
        current = el.input_value()
        el.fill(current[::-1] if len(current) > 1 else current + "a")
        el.press("Enter")
        return f"typed into the text box (was {current!r})"

    # -- nbgrader's Validate button
    def validate(self, timeout: float = 300) -> tuple[str, str, float]:
        """Press Validate; returns (result kind, dialog text, seconds).

        Kind: success/failed/changed/type-changed/error.
        """
        start = time.monotonic()
        self.page.locator(".jp-NotebookPanel-toolbar .jp-ToolbarButtonComponent",
                          has_text="Validate").first.click()
        dialog = self.page.locator(".jp-Dialog", has_text="Validation Results")
        dialog.wait_for(timeout=timeout * 1000)
        seconds = time.monotonic() - start
        body = dialog.locator(".jp-Dialog-body")
        kind = dialog.evaluate("""(b) => {
            const c = b.querySelector(
                '.validation-success, .validation-failed, .validation-changed, .validation-type-changed');
            return c ? c.className.match(/validation-([a-z-]+)/)[1] : 'error'; }""")
        text = body.inner_text()
        return kind, text, seconds

    def close_dialog(self) -> None:
        self.page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept").first.click()
        self.page.locator(".jp-Dialog").wait_for(state="detached", timeout=10_000)

    # -- pictures for people
    def screenshot_notebook(self, path: Path, part_height: int = 4000) -> list[Path]:
        """The whole notebook as a learner scrolls through it: PNGs of at most ``part_height`` pixels
        of notebook each, named ``<stem>-partN.png`` (older parts of the same name are removed)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{path.stem}-part*{path.suffix}"):
            old.unlink()
        viewport = self.page.viewport_size or {"width": 1280, "height": 900}
        scroller = self.page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").first
        chrome = viewport["height"] - scroller.evaluate("e => e.clientHeight")
        saved = []
        try:
            self.page.set_viewport_size({"width": viewport["width"], "height": part_height + chrome})
            # Where the last cell ends (scrollHeight also counts JupyterLab's "scroll past end" space).
            total = scroller.evaluate("""e => {
                const cells = e.querySelectorAll('.jp-Cell');
                const last = cells[cells.length - 1];
                if (!last) return e.scrollHeight;
                return Math.ceil(e.scrollTop + last.getBoundingClientRect().bottom
                                 - e.getBoundingClientRect().top) + 24;
            }""")
            offset, part = 0, 1
            while offset < total:
                height = min(part_height, total - offset)
                if height < part_height:  # the last part: only what is left, no repeated rows
                    self.page.set_viewport_size({"width": viewport["width"], "height": height + chrome})
                scroller.evaluate("(e, y) => { e.scrollTop = y; }", offset)
                self.page.wait_for_timeout(300)
                target = path.with_name(f"{path.stem}-part{part}{path.suffix}")
                self.page.screenshot(path=str(target))
                saved.append(target)
                offset += height
                part += 1
        finally:
            self.page.set_viewport_size(viewport)
            scroller.evaluate("e => { e.scrollTop = 0; }")
        return saved


# ----------------------------------------------------------------------------- for the fixtures
# The pytest fixtures themselves (one JupyterLab server per role and one Chromium for the whole
# session, a fresh browser context per test) are in tests/conftest.py.

ARTIFACTS = ROOT / "artifacts" / "browser"
FAILURES = ARTIFACTS / "failures"


def require_chromium() -> str:
    """The Chromium to drive.

    Missing: a clear failure under CI (CI=true), a skip that says so elsewhere.
    """
    path = find_chromium()
    if path is None:
        _unavailable(f"Chromium not found (looked for {', '.join(CHROMIUM_CANDIDATES)} "
                     "and `chromium` on PATH)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the Python package playwright is not installed (it is in the [test] extra)")
    return path  # type: ignore[return-value]


def _unavailable(reason: str) -> None:
    if in_ci():
        pytest.fail(f"browser tests cannot run in CI: {reason}. Install Debian's chromium "
                    "(`make system-deps` does it) -- in CI these tests must run, not skip.", pytrace=False)
    pytest.skip(f"{reason}; browser tests skipped outside CI (`make system-deps` installs chromium)")
