"""Running a notebook with nbclient without stalls: waits for kernel messages in short steps.

Used by the grader (:class:`embedlab_grader.preprocessors.GuardedExecute`), check my work
(:mod:`embedlab.checkwork.run`) and ``make timings`` (``tools/runall_times.py``).

nbclient waits for each kernel reply with one long ``get_msg(timeout)``. After a cell that
shows an ipywidget, the socket's wake-up for the reply is sometimes missed, and the wait then
runs to its end: a cell of half a second took the whole cell time limit (nbclient issue #312).
Waiting in steps of at most :data:`POLL_STEP` seconds sees the reply within one step.
:class:`SteppedWaits` is a mix-in for any nbclient ``NotebookClient`` (nbconvert's and nbgrader's
executors are ones) that puts the steps on the shell and iopub channels of every kernel it starts.

nbgrader's Validate (the learner's button and ``nbgrader validate``) builds its own executor, which
no mix-in reaches: the course's ``nbgrader_config.py`` gives it :class:`SteppedKernelManager`,
whose kernel clients (:class:`SteppedKernelClient`) put the same steps on their channels.

Every kernel start also waited 0.2 s for nothing: jupyter_client's ``wait_for_ready`` ends by
reading iopub until it has been silent that long. :class:`ReadyKernelClient` stops as soon as
the idle status of its own ``kernel_info`` request has come; the grader's sandboxed kernels
(:class:`embedlab_grader.sandbox.SandboxedKernelManager`) use it.

Example (a one-cell notebook, run on the default kernel):
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("6 * 7")])
    >>> _ = SteppedNotebookClient(nb, timeout=60).execute()
    >>> nb.cells[0].outputs[0]["data"]["text/plain"]
    '42'
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from traitlets import Type

__all__ = ["POLL_STEP", "ReadyKernelClient", "SteppedKernelClient", "SteppedKernelManager",
           "SteppedNotebookClient", "SteppedWaits", "in_steps", "step_channels"]

POLL_STEP = 0.5  # seconds
IOPUB_WAIT = 0.2  # seconds without an iopub message before kernel_info is asked again (jupyter_client's)


def in_steps(get_msg: Any, step: float = POLL_STEP) -> Any:
    """Wrap a channel's async ``get_msg(timeout)`` so it never waits more than ``step`` at a time.

    Same contract (a message, or ``queue.Empty`` once ``timeout`` has passed; ``None`` waits
    for ever), but a message is seen within ``step`` seconds even when the socket's wake-up
    was missed.
    """

    async def get_msg_in_steps(timeout: float | None = None) -> Any:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = step if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return await get_msg(timeout=min(step, left))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    get_msg_in_steps.__wrapped__ = get_msg  # type: ignore[attr-defined]
    return get_msg_in_steps


def step_channels(kc: Any) -> None:
    """Make the shell and iopub channels of kernel client ``kc`` wait in steps (once)."""
    for channel in (kc.shell_channel, kc.iopub_channel):
        if not hasattr(channel.get_msg, "__wrapped__"):
            channel.get_msg = in_steps(channel.get_msg)


class SteppedWaits:
    """Mix-in for an nbclient ``NotebookClient``: each kernel it starts waits in steps (:func:`in_steps`)."""

    async def async_start_new_kernel_client(self) -> Any:
        """Start the kernel as nbclient does, then make its channels wait in short steps."""
        kc = await super().async_start_new_kernel_client()  # type: ignore[misc]
        step_channels(kc)
        return kc

    # nbclient binds the blocking version to its own coroutine; bind it to ours
    start_new_kernel_client = run_sync(async_start_new_kernel_client)


class SteppedNotebookClient(SteppedWaits, NotebookClient):
    """nbclient's ``NotebookClient``, waiting for kernel messages in steps (see the module docstring)."""


class SteppedKernelClient(AsyncKernelClient):
    """jupyter_client's async kernel client; its shell and iopub channels wait in steps (:func:`in_steps`)."""

    def start_channels(self, *args: Any, **kwargs: Any) -> None:
        super().start_channels(*args, **kwargs)
        step_channels(self)


class SteppedKernelManager(AsyncKernelManager):
    """A kernel manager whose clients wait in steps: for an nbclient executor built where the
    :class:`SteppedWaits` mix-in cannot reach, such as nbgrader's Validate
    (``c.Execute.kernel_manager_class`` in nbgrader_config.py)."""

    client_factory = Type(default_value=SteppedKernelClient, klass=AsyncKernelClient)


class ReadyKernelClient(AsyncKernelClient):
    """jupyter_client's async kernel client, whose ``wait_for_ready`` ends when the kernel is ready.

    Like jupyter_client's, it asks ``kernel_info`` until a reply comes on shell and iopub is
    connected; it then stops at the ``idle`` status of its own request on iopub, where
    jupyter_client's waits for :data:`IOPUB_WAIT` seconds without any message. What the request
    published is read either way, so the first cell's messages come first. If the status does
    not come within :data:`IOPUB_WAIT` seconds (iopub not connected yet), it asks again.
    """

    async def _async_wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            request = self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            replied = reply is not None and reply["msg_type"] == "kernel_info_reply"
            if replied and await self._idle_after(request):
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

    async def _idle_after(self, request: str) -> bool:
        """Read iopub up to the ``idle`` status of ``request``; False after IOPUB_WAIT s without a message."""
        while True:
            try:
                msg = await self.iopub_channel.get_msg(timeout=IOPUB_WAIT)
            except Empty:
                return False
            if (msg["msg_type"] == "status" and msg["content"].get("execution_state") == "idle"
                    and msg["parent_header"].get("msg_id") == request):
                return True

    wait_for_ready = _async_wait_for_ready
