"""Kernel start and stop benchmark: a warm sandboxed kernel, jupyter_client's ways and ours side by side.

    python -m tools.bench_kernel_start            # 8 rounds

Each round starts and stops two grading kernels (forked from a warm template, as ``python -m
embedlab_grader`` does), alternately:

* jupyter_client's way: its ``AsyncKernelClient``, and its wait for a stopped kernel (a look every 0.1 s);
* ours: :class:`embedlab.notebook.client.ReadyKernelClient`, and
  :class:`embedlab_grader.sandbox.SandboxedKernelManager`'s wait (a look every 10 ms).

It times ``start_kernel`` plus ``wait_for_ready``, then ``shutdown_kernel(now=True)``, and prints
the median of each and their ratios. Needs bubblewrap (``make system-deps``). Not part of
``make test``.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from tempfile import TemporaryDirectory

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager

from embedlab.notebook.client import ReadyKernelClient
from embedlab_grader import sandbox, warm_kernels

KERNEL = "embeddings-in-pytorch"


class StockWaitKernelManager(sandbox.SandboxedKernelManager):
    """The grading kernel manager with jupyter_client's own wait for a stopped kernel."""

    _async_wait = AsyncKernelManager._async_wait


async def start_and_stop(factory: type, manager: type, folder: Path) -> tuple[float, float]:
    """Seconds from ``start_kernel`` to the end of ``wait_for_ready``, and of ``shutdown_kernel``."""
    km = manager(kernel_name=KERNEL, client_factory=factory)
    start = time.perf_counter()
    await km.start_kernel(cwd=str(folder))
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=60)
        ready = time.perf_counter() - start
    finally:
        kc.stop_channels()
        stop = time.perf_counter()
        await km.shutdown_kernel(now=True)
    return ready, time.perf_counter() - stop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args(argv)
    if reason := sandbox.probe():
        sys.exit(f"no sandbox here ({reason}): install bubblewrap (make system-deps)")
    warm_kernels.TEMPLATE = template = warm_kernels.KernelTemplate()
    try:
        if not template.ready():
            sys.exit("the warm kernel template did not start (see the grader's sandbox line)")
        ways = {"jupyter_client": (AsyncKernelClient, StockWaitKernelManager),
                "ours": (ReadyKernelClient, sandbox.SandboxedKernelManager)}
        times: dict[str, list[tuple[float, float]]] = {way: [] for way in ways}
        with TemporaryDirectory(prefix="bench-kernel-") as tmp:
            folder = Path(tmp, "01-lesson")
            folder.mkdir()
            for _ in range(args.rounds):
                for way, (factory, manager) in ways.items():
                    times[way].append(asyncio.run(start_and_stop(factory, manager, folder)))
    finally:
        template.close()
    for i, what in enumerate(("start to ready", "stop")):
        stock, ours = (statistics.median(t[i] for t in times[way]) for way in ways)
        print(f"warm kernel, {what}, median of {args.rounds}: jupyter_client's way {stock:.3f} s, "
              f"ours {ours:.3f} s; RATIO {ours / stock:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
