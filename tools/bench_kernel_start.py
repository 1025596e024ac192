"""Kernel start benchmark: a warm sandboxed kernel from start to ready, two kernel clients side by side.

    python -m tools.bench_kernel_start            # 8 rounds

Each round starts one grading kernel (forked from a warm template, as ``python -m embedlab.grading``
does) with jupyter_client's ``AsyncKernelClient`` and one with
:class:`embedlab.notebook.client.ReadyKernelClient`, alternately, and times ``start_kernel`` plus
``wait_for_ready``. Prints the median of each and their ratio. Needs bubblewrap (``make
system-deps``). Not part of ``make test``.
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

from embedlab.grading import sandbox, warm_kernels
from embedlab.notebook.client import ReadyKernelClient

KERNEL = "embeddings-in-pytorch"


async def start_to_ready(factory: type, folder: Path) -> float:
    """Seconds from ``start_kernel`` to the end of ``wait_for_ready`` for one kernel."""
    km = sandbox.SandboxedKernelManager(kernel_name=KERNEL, client_factory=factory)
    start = time.perf_counter()
    await km.start_kernel(cwd=str(folder))
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=60)
        return time.perf_counter() - start
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)


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
        times: dict[type, list[float]] = {AsyncKernelClient: [], ReadyKernelClient: []}
        with TemporaryDirectory(prefix="bench-kernel-") as tmp:
            folder = Path(tmp, "01-lesson")
            folder.mkdir()
            for _ in range(args.rounds):
                for factory in times:
                    times[factory].append(asyncio.run(start_to_ready(factory, folder)))
    finally:
        template.close()
    stock, ready = (statistics.median(times[f]) for f in (AsyncKernelClient, ReadyKernelClient))
    print(f"warm kernel, start to ready, median of {args.rounds}: jupyter_client's AsyncKernelClient "
          f"{stock:.3f} s, ReadyKernelClient {ready:.3f} s; RATIO {ready / stock:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
