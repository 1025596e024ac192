"""Every nbgrader command, Jupyter server and grading run starts a Python process that imports
nbformat, and through it jsonschema. jsonschema 4.24 and later also import rfc3987-syntax where it
is installed, which builds 38 Lark grammars on import (2-3 s per process on the course's CI
machine); pyproject.toml pins jsonschema 4.23.0, which does not import it. This test keeps a later
upgrade from bringing that cost back unnoticed.
"""

from __future__ import annotations

import subprocess
import sys


def test_nbformat_imports_without_building_grammars() -> None:
    code = ("import sys, nbformat\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'rfc3987_syntax', 'lark'}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", (
        f"importing nbformat also imported {done.stdout.strip()}: a jsonschema newer than the pin in "
        "pyproject.toml builds rfc3987-syntax's grammars on import (2-3 s per process)")
