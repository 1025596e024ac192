"""Running a notebook with nbclient without stalls: waits for kernel messages in short steps.

Used by the grader (:class:`embedlab.grading.preprocessors.GuardedExecute`), check my work
(:mod:`embedlab.checkwork.run`) and ``make timings`` (``tools/runall_times.py``).

nbclient waits for each kernel reply with one long ``get_msg(timeout)``. After a cell that
shows an ipywidget, the socket's wake-up for the reply is sometimes missed, and the wait then
runs to its end: a cell of half a second took the whole cell time limit (nbclient issue #312).
Waiting in steps of at most :data:`POLL_STEP` seconds sees the reply within one step.
:class:`SteppedWaits` is a mix-in for any nbclient ``NotebookClient`` (nbconvert's and nbgrader's
executors are ones) that puts the steps on the shell and iopub channels of every kernel it starts.

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

from jupyter_core.utils import run_sync
from nbclient import NotebookClient

__all__ = ["POLL_STEP", "SteppedNotebookClient", "SteppedWaits", "in_steps"]

POLL_STEP = 0.5  # seconds


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


class SteppedWaits:
    """Mix-in for an nbclient ``NotebookClient``: each kernel it starts waits in steps (:func:`in_steps`)."""

    async def async_start_new_kernel_client(self) -> Any:
        """Start the kernel as nbclient does, then make its channels wait in short steps."""
        kc = await super().async_start_new_kernel_client()  # type: ignore[misc]
        for channel in (kc.shell_channel, kc.iopub_channel):
            channel.get_msg = in_steps(channel.get_msg)
        return kc

    # nbclient binds the blocking version to its own coroutine; bind it to ours
    start_new_kernel_client = run_sync(async_start_new_kernel_client)


class SteppedNotebookClient(SteppedWaits, NotebookClient):
    """nbclient's ``NotebookClient``, waiting for kernel messages in steps (see the module docstring)."""
