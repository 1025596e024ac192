"""Kernel messages are awaited in short steps (embedlab.notebook.client), by every tool that runs notebooks.

A single long wait sometimes missed the reply to a widget cell and ran to its end (nbclient issue
#312): a half-second cell took the whole cell time limit. The grader, check my work and
``make timings`` all start their kernels through :class:`~embedlab.notebook.client.SteppedWaits`.
The grader's kernels are also ready as soon as they answer, with nothing of that exchange left
to read (:class:`~embedlab.notebook.client.ReadyKernelClient`).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest


def _run_async(coro):
    """asyncio.run in a thread of its own: other tests (Playwright) may leave a loop running here."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _fake_channel(arrives_after: float | None):
    """An async get_msg whose message 'arrives' after some seconds but is only seen by a new poll.

    This is the failure we saw: a single long wait is not woken by the message; only a poll that
    starts after it arrived sees it.
    """
    import asyncio
    from queue import Empty

    start = time.monotonic()
    calls: list[float | None] = []

    async def get_msg(timeout: float | None = None):
        calls.append(timeout)
        began = time.monotonic()
        if arrives_after is not None and began - start >= arrives_after:
            return {"msg": "reply"}
        await asyncio.sleep(timeout if timeout is not None else 3600)
        raise Empty

    return get_msg, calls


def test_in_steps_sees_a_message_a_long_wait_would_miss() -> None:

    from embedlab.notebook.client import in_steps

    get_msg, calls = _fake_channel(arrives_after=0.3)
    began = time.monotonic()
    assert _run_async(in_steps(get_msg, step=0.1)(timeout=120)) == {"msg": "reply"}
    assert time.monotonic() - began < 5, "the reply must be seen within a few steps, not after 120 s"
    assert all(t is not None and t <= 0.1 for t in calls), calls
    # without the wrapper the same channel only answers when the whole wait has run out
    get_msg, _ = _fake_channel(arrives_after=0.3)
    from queue import Empty

    with pytest.raises(Empty):
        _run_async(get_msg(timeout=0.5))


def test_in_steps_keeps_the_timeout_contract() -> None:
    from queue import Empty

    from embedlab.notebook.client import in_steps

    get_msg, calls = _fake_channel(arrives_after=None)  # nothing ever comes
    began = time.monotonic()
    with pytest.raises(Empty):
        _run_async(in_steps(get_msg, step=0.1)(timeout=0.45))
    waited = time.monotonic() - began
    assert 0.4 <= waited < 3, waited
    assert len(calls) >= 4, "the wait was split into steps"
    # timeout=None waits until a message comes, however long that is
    get_msg, calls = _fake_channel(arrives_after=0.35)
    assert _run_async(in_steps(get_msg, step=0.1)(timeout=None)) == {"msg": "reply"}


def test_guarded_execute_installs_the_short_steps(tmp_path: Path, monkeypatch) -> None:
    """Both ways nbclient starts a kernel (blocking and async) go through our override."""
    import nbformat

    from embedlab.notebook import client
    from embedlab_grader import preprocessors as gp

    wrapped = []
    real = client.in_steps
    monkeypatch.setattr(client, "in_steps", lambda f, *a: wrapped.append(f) or real(f, *a))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("6 * 7")])
    gp.GuardedExecute(timeout=60).preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    assert nb.cells[0].outputs[0]["data"]["text/plain"] == "42"
    assert len(wrapped) == 2, "shell and iopub channels"


def test_stepped_notebook_client_runs_a_notebook_with_both_channels_wrapped(monkeypatch) -> None:
    import nbformat

    from embedlab.notebook import client

    wrapped = []
    real = client.in_steps
    monkeypatch.setattr(client, "in_steps", lambda f, *a: wrapped.append(f) or real(f, *a))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    client.SteppedNotebookClient(nb, timeout=60).execute()
    assert nb.cells[0].outputs[0]["text"] == "42\n"
    assert len(wrapped) == 2, "shell and iopub channels"


def test_check_my_work_waits_in_steps(monkeypatch) -> None:
    from embedlab.checkwork import run
    from embedlab.notebook import client
    from tests.support.lessons import lessons

    wrapped = []
    real = client.in_steps
    monkeypatch.setattr(client, "in_steps", lambda f, *a: wrapped.append(f) or real(f, *a))
    lesson = next(x for x in lessons() if x.slug.startswith("02-"))  # a short lesson to run
    report = run.check_notebook(lesson.solution_path, lesson.student_path, lesson.slug)
    assert len(wrapped) == 2, "check my work runs the learner's notebook with both channels in steps"
    assert report.exercises and all(e.status == "not attempted" for e in report.exercises)


# --- ReadyKernelClient: ready when the kernel is, with nothing of kernel_info left on iopub ---------
async def _ready_client(drop_first_idle: bool = False):
    """A kernel on the default kernel spec, its ReadyKernelClient after wait_for_ready, and every
    kernel_info request the client sent; with ``drop_first_idle`` the iopub channel loses the idle
    status of the first request, as when iopub is not connected yet."""
    from jupyter_client.manager import AsyncKernelManager

    from embedlab.notebook.client import ReadyKernelClient

    km = AsyncKernelManager(client_factory=ReadyKernelClient)
    await km.start_kernel()
    kc = km.client()
    kc.start_channels()
    sent: list[str] = []
    kernel_info, get_msg = kc.kernel_info, kc.iopub_channel.get_msg

    def counted_kernel_info():
        sent.append(kernel_info())
        return sent[-1]

    async def lossy_get_msg(timeout=None):
        while True:
            msg = await get_msg(timeout=timeout)
            first_idle = (msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"
                          and msg["parent_header"].get("msg_id") == sent[0])
            if not (drop_first_idle and first_idle):
                return msg

    handled: list[str] = []
    kc._handle_kernel_info_reply = lambda msg: handled.append(msg["parent_header"]["msg_id"])
    kc.kernel_info = counted_kernel_info
    kc.iopub_channel.get_msg = lossy_get_msg
    try:
        await kc.wait_for_ready(timeout=60)
        kc.kernel_info, kc.iopub_channel.get_msg = kernel_info, get_msg
        run = kc.execute("6 * 7")
        first = await kc.iopub_channel.get_msg(timeout=30)
        return sent, first["parent_header"].get("msg_id") == run, handled
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)


def test_ready_kernel_client_leaves_nothing_of_kernel_info_on_iopub() -> None:
    # a busy machine may need a second request (iopub not connected in time), as with jupyter_client
    sent, first_is_the_cells, handled = _run_async(_ready_client())
    assert first_is_the_cells, "the first iopub message after wait_for_ready must belong to the first cell"
    assert handled and handled[-1] in sent, "a kernel_info reply must be handled (protocol version)"


def test_ready_kernel_client_asks_again_when_iopub_misses_the_status() -> None:
    sent, first_is_the_cells, handled = _run_async(_ready_client(drop_first_idle=True))
    assert len(sent) >= 2, f"expected another kernel_info request after the lost status, sent {len(sent)}"
    assert first_is_the_cells
    assert handled and handled[-1] in sent


def test_the_grading_kernels_use_the_ready_kernel_client() -> None:
    from embedlab.notebook.client import ReadyKernelClient
    from embedlab_grader.sandbox import SandboxedKernelManager

    assert isinstance(SandboxedKernelManager().client(), ReadyKernelClient)


# --- nbgrader's Validate builds its own executor: the course config gives it stepped waits ---------
def test_validate_runs_on_kernels_whose_channels_wait_in_steps(tmp_path: Path, monkeypatch) -> None:
    import nbformat
    from nbgrader.validator import Validator

    from embedlab.notebook.client import SteppedKernelClient
    from tests.support.nbgrader_course import course_config

    stepped: list[bool] = []
    start_channels = SteppedKernelClient.start_channels

    def recorded(self, *args, **kwargs):
        start_channels(self, *args, **kwargs)
        channels = (self.shell_channel, self.iopub_channel)
        stepped.append(all(hasattr(channel.get_msg, "__wrapped__") for channel in channels))

    monkeypatch.setattr(SteppedKernelClient, "start_channels", recorded)
    path = tmp_path / "nb.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 6 * 7")]), path)
    monkeypatch.chdir(tmp_path)
    Validator(config=course_config(tmp_path)).validate(str(path))
    assert stepped == [True], f"Validate's kernel clients: {stepped} (True: shell and iopub wait in steps)"
