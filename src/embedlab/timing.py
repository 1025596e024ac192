"""Measure how long code takes, fairly: repeat it and keep the median.

Introduced in lesson 01 for the one-hot @ W versus index-lookup measurement.

Example:
    >>> t = Timer()
    >>> with t:
    ...     _ = sum(range(1000))
    >>> t.times[-1] >= 0
    True
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from embedlab._checks import whole_number


class Timer:
    """Collect wall-clock durations; use as a context manager or call :meth:`start`/:meth:`stop`."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self._start: float | None = None

    def start(self) -> None:
        self._start = time.perf_counter()

    def stop(self) -> float:
        if self._start is None:
            raise RuntimeError("Timer.stop() called before Timer.start()")
        self.times.append(time.perf_counter() - self._start)
        self._start = None
        return self.times[-1]

    def __enter__(self) -> "Timer":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def median(self) -> float:
        if not self.times:
            raise RuntimeError("no times recorded yet")
        return statistics.median(self.times)


def median_time(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Median seconds of ``repeat`` calls of ``fn`` after ``warmup`` untimed calls."""
    whole_number("repeat", repeat, minimum=1)
    whole_number("warmup", warmup, minimum=0)
    for _ in range(warmup):
        fn()
    timer = Timer()
    for _ in range(repeat):
        with timer:
            fn()
    return timer.median()
