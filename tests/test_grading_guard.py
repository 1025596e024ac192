"""The grading guard blocks kernel exits in the kernel, not in processes the notebook forks.

gensim's Wikipedia parser (lesson 06/07 when no parsed copy is cached, as in the sandbox)
runs a multiprocessing pool: its forked workers end with ``os._exit`` and must be allowed to.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent('''
    import multiprocessing, os
    from embedlab_grader import guard
    guard.install()
    try:
        os._exit(3)
    except RuntimeError as exc:
        print("blocked in the kernel:", exc)
    def square(x):
        return x * x
    with multiprocessing.get_context("fork").Pool(2) as pool:
        print("pool:", pool.map(square, range(4)))
    child = multiprocessing.get_context("fork").Process(target=square, args=(3,))
    child.start()
    child.join()
    print("child exit code:", child.exitcode)
''')


def test_forked_workers_may_exit_but_the_kernel_may_not() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "blocked in the kernel: os._exit() is disabled" in done.stdout
    assert "pool: [0, 1, 4, 9]" in done.stdout
    assert "child exit code: 0" in done.stdout
