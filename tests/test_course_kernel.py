"""The course kernel "Embeddings in PyTorch" is installed with the package and brings its settings.

Installing the package (make, conda's environment.yml, `pip install .` or `pip install -e .`)
puts share/jupyter/kernels/embeddings-in-pytorch/kernel.json into the environment. Its env block
sets OMP_NUM_THREADS=1 (torch is many times slower with one thread per core on small
machines) and PYTHONHASHSEED=0, so a kernel gets both however JupyterLab was started.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.manager import KernelManager

from tests.support.lessons import ROOT

NAME = "embeddings-in-pytorch"
SHIPPED = ROOT / "share" / "jupyter" / "kernels" / NAME / "kernel.json"
REINSTALL = "reinstall the package (make .venv/.installed-test, or pip install -e '.[test]')"

# What the kernel reports: thread count, the hash seed it sees, and a string hash that only
# a seeded interpreter reproduces.
PROBE = (
    "import os, torch, json; print(json.dumps({'threads': torch.get_num_threads(), "
    "'seed': os.environ.get('PYTHONHASHSEED'), 'hash': hash('embeddings')}))"
)


def test_shipped_kernelspec_says_what_the_course_needs() -> None:
    spec = json.loads(SHIPPED.read_text())
    assert spec["display_name"] == "Embeddings in PyTorch"
    assert spec["language"] == "python"
    # jupyter_client runs a bare "python" as the interpreter that runs Jupyter itself
    assert spec["argv"] == ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    assert spec["env"] == {"OMP_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}


def test_installed_kernelspec_is_the_shipped_one() -> None:
    installed = Path(sys.prefix) / "share" / "jupyter" / "kernels" / NAME / "kernel.json"
    assert installed.is_file(), f"{installed} is missing; {REINSTALL}"
    assert json.loads(installed.read_text()) == json.loads(SHIPPED.read_text()), (
        f"{installed} differs from {SHIPPED.relative_to(ROOT)}; {REINSTALL}"
    )
    # and Jupyter resolves the name to it (a stale copy in a user folder would shadow it)
    try:
        found = KernelSpecManager().get_kernel_spec(NAME)
    except NoSuchKernel:
        pytest.fail(f"Jupyter finds no kernel named {NAME}; {REINSTALL}")
    assert Path(found.resource_dir).resolve() == installed.parent.resolve(), (
        f"Jupyter uses {found.resource_dir} for {NAME}, not {installed.parent}; remove that copy"
    )


def _seeded_hash() -> int:
    out = subprocess.run(
        [sys.executable, "-c", "print(hash('embeddings'))"],
        env={**os.environ, "PYTHONHASHSEED": "0"}, capture_output=True, text=True, check=True,
    ).stdout
    return int(out)


def test_kernel_started_without_the_variables_gets_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a conda learner's `jupyter lab` would: the server's environment lacks both variables."""
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.delenv("PYTHONHASHSEED", raising=False)
    km = KernelManager(kernel_name=NAME)
    km.start_kernel(env=dict(os.environ))
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        outputs: list[str] = []
        reply = kc.execute_interactive(
            PROBE, timeout=120,
            output_hook=lambda msg: outputs.append(msg["content"].get("text", ""))
            if msg["msg_type"] == "stream" else None,
        )
        kc.stop_channels()
    finally:
        km.shutdown_kernel(now=True)
    assert reply["content"]["status"] == "ok", reply["content"]
    seen = json.loads("".join(outputs))
    assert seen["seed"] == "0"
    assert seen["threads"] == 1, f"the course kernel runs torch on {seen['threads']} threads, not 1"
    assert seen["hash"] == _seeded_hash(), "the kernel's string hashes are not seeded with 0"
