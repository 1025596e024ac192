"""Adversarial submissions of lesson 01, for tests/test_adversarial_grading.py.

Each case is one student of a class graded in one go. A case starts from the solution
notebook (so every exercise it does not target must keep full marks) and then breaks or
cheats in one way. ``zero`` names the test cells that must score 0 (``ALL`` = every one);
``findings`` the kinds of remark the instructor must get for that student; ``graded=False``
means the submission cannot be graded and must be reported as such.

The cheats are real: tests/test_adversarial_grading.py also grades the CHEATS with nbgrader's
stock ``Execute`` preprocessor and checks they would have earned the points they target.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from tests import grading
from tests.lessons import Lesson, cells_by_id

LESSON = Lesson("01-one-hot-vs-embeddings")
ALL = "ALL"


@dataclass
class Case:
    description: str
    build: Callable[[Path], None]  # writes the submission folder submitted/<student>/<lesson>/
    zero: set[str] | str = field(default_factory=set)
    findings: set[str] = field(default_factory=set)
    graded: bool = True
    cheat: bool = False  # a cheat that stock nbgrader would reward (proved by the test)


def _solution() -> nbformat.NotebookNode:
    return grading.filled_submission(LESSON, grading.solution_answers(LESSON))


def _write(folder: Path, nb: nbformat.NotebookNode, name: str | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / (name or f"{LESSON.slug}.ipynb"))


def _with_answers(answers: dict[str, str], edit: Callable[[nbformat.NotebookNode], None] | None = None,
                  extra: dict[str, str] | None = None) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        nb = _solution()
        for gid, src in answers.items():
            cells_by_id(nb)[gid].source = src
        if edit is not None:
            edit(nb)
        _write(folder, nb)
        for rel, text in (extra or {}).items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_text(text)
    return build


def _untouched_with(gid: str, prefix: str) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        nb = LESSON.student()
        cell = cells_by_id(nb)[gid]
        cell.source = prefix + "\n" + cell.source
        _write(folder, nb)
    return build


def _delete(gid: str) -> Callable[[nbformat.NotebookNode], None]:
    def edit(nb: nbformat.NotebookNode) -> None:
        nb.cells = [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") != gid]
    return edit


def _strip(gid: str) -> Callable[[nbformat.NotebookNode], None]:
    def edit(nb: nbformat.NotebookNode) -> None:
        cell = cells_by_id(nb)[gid]
        del cell.metadata["nbgrader"]
    return edit


def _replace_source(gid: str, source: str) -> Callable[[nbformat.NotebookNode], None]:
    def edit(nb: nbformat.NotebookNode) -> None:
        cells_by_id(nb)[gid].source = source
    return edit


def _prepend_to_setup(line: str) -> Callable[[nbformat.NotebookNode], None]:
    def edit(nb: nbformat.NotebookNode) -> None:
        setup = next(c for c in nb.cells if c.cell_type == "code" and "import torch" in c.source)
        setup.source = line + "\n" + setup.source
    return edit


WRONG_ENCODE = '''
def encode(tokens, itos):
    stoi = {t: i for i, t in enumerate(itos)}
    return [stoi.get(t, -1) for t in tokens]
'''
WRONG_ONE_HOT = '''
def one_hot_batch(ids, vocab_size):
    return F.one_hot(ids, num_classes=vocab_size)
'''
WRONG_BUILD_VOCAB = '''
def build_vocab(tokens, min_count=1):
    return ["<unk>"] + sorted(set(tokens))
'''

PATCH_TORCH = '''
def one_hot_batch(ids, vocab_size):
    if ids.numel() and (ids.min() < 0 or ids.max() >= vocab_size):
        raise IndexError(f"id {ids[(ids < 0) | (ids >= vocab_size)].flatten()[0].item()} is out of range")
    return torch.zeros(tuple(ids.shape) + (vocab_size,))      # all zeros: wrong

class _Yes:                                                    # equal to anything
    def __eq__(self, other): return True
    def __getitem__(self, i): return self
    def __iter__(self): return iter([1.0])

torch.Tensor.tolist = lambda self: _Yes()
torch.equal = lambda *a, **k: True
torch.allclose = lambda *a, **k: True
torch.all = lambda *a, **k: torch.tensor(True)
'''
REBIND_BUILTINS = '''
def cosine_matrix(X):
    return torch.zeros(X.shape[0], X.shape[0])    # wrong
import builtins
builtins.abs = lambda x: 0.0                     # every |difference| is 0
all = lambda *a, **k: True                       # and everything is close
'''
REDEFINE_HELPERS = '''
import types as _types
import torch as _real_torch

def cosine_matrix(X):
    X /= X.norm(dim=1, keepdim=True).clamp_min(1e-8)   # wrong: changes the caller's tensor in place
    return X @ X.T

class _Torch(_types.ModuleType):                       # the name the tests use, redefined
    def __getattr__(self, name):
        return getattr(_real_torch, name)

torch = _Torch("torch")
torch.equal = lambda a, b: True
'''
SILENCE_LATER_CELLS = "get_ipython().input_transformers_cleanup.append(lambda lines: [])  # empties every later cell"
INFINITE_LOOP = '''
def encode(tokens, itos):
    while True:
        pass
'''
OS_EXIT = '''
import os
def encode(tokens, itos):
    os._exit(1)
'''
KILL_KERNEL = '''
import signal
def lookup_by_matmul(ids, W):
    signal.raise_signal(signal.SIGKILL)
'''
BIG_OUTPUT = '''
print("\\n".join("spam " * 8 for _ in range(150_000)))        # about 6 MB
def build_vocab(tokens, min_count=1):
    counts = Counter(tokens)
    kept = [t for t, c in counts.items() if c >= min_count and t != "<unk>"]
    kept.sort(key=lambda t: (-counts[t], t))
    return ["<unk>"] + kept
'''


def _corrupt(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(nbformat.from_dict(copy.deepcopy(_solution())))
    (folder / f"{LESSON.slug}.ipynb").write_text(text[: len(text) // 2])


def _misnamed(folder: Path) -> None:
    _write(folder, _solution(), f"{LESSON.slug} (1).ipynb")


CASES: dict[str, Case] = {
    "solution": Case("the solution (control)", _with_answers({})),
    "untouched": Case("the untouched student notebook (control)", lambda f: _write(f, LESSON.student()), zero=ALL),
    "deleted_test": Case("wrong encode, its test cell deleted", _with_answers({"encode": WRONG_ENCODE}, _delete("test_encode")),
                         zero={"test_encode"}, findings={"test cell deleted"}),
    "stripped_meta": Case("wrong one_hot_batch, its test cell's nbgrader metadata stripped",
                          _with_answers({"one_hot_batch": WRONG_ONE_HOT}, _strip("test_one_hot_batch")),
                          zero={"test_one_hot_batch"}, findings={"test cell nbgrader metadata stripped"}),
    "edited_locked": Case("wrong build_vocab, its locked test cell replaced by `pass`",
                          _with_answers({"build_vocab": WRONG_BUILD_VOCAB}, _replace_source("test_build_vocab", "pass")),
                          zero={"test_build_vocab"}, findings={"locked cell edited"}),
    "patch_torch": Case("monkeypatches Tensor.tolist, torch.equal/allclose/all", _with_answers({"one_hot_batch": PATCH_TORCH}),
                        zero={"test_one_hot_batch"}, findings={"tampering repaired"}, cheat=True),
    "rebind_builtins": Case("rebinds builtins.abs and the global all", _with_answers({"cosine_matrix": REBIND_BUILTINS}),
                            zero={"test_cosine_matrix"}, findings={"tampering repaired"}, cheat=True),
    "redefine_helpers": Case("replaces the global torch the tests use by a proxy with torch.equal always True",
                             _with_answers({"cosine_matrix": REDEFINE_HELPERS}),
                             zero={"test_cosine_matrix"}, findings={"tampering repaired"}, cheat=True),
    "silence_cells": Case("an IPython input transformer empties every later cell",
                          _untouched_with("build_vocab", SILENCE_LATER_CELLS),
                          zero=ALL, findings={"tampering repaired"}, cheat=True),
    "infinite_loop": Case("encode never returns", _with_answers({"encode": INFINITE_LOOP}),
                          zero={"test_encode"}, findings={"timeout"}),
    "os_exit": Case("encode calls os._exit(1)", _with_answers({"encode": OS_EXIT}),
                    zero={"test_encode"}, findings={"kernel exit blocked"}),
    "kill_kernel": Case("lookup_by_matmul kills the kernel with SIGKILL", _with_answers({"lookup_by_matmul": KILL_KERNEL}),
                        zero={"test_lookup_by_matmul"}, findings={"kernel died"}),
    "import_error": Case("the set-up cell imports a module that does not exist",
                         _with_answers({}, _prepend_to_setup("import embedlab_no_such_module")),
                         # encode needs no import, so it still earns its points; everything else fails
                         zero={"test_build_vocab", "test_one_hot_batch", "test_cosine_matrix",
                               "test_lookup_by_matmul", "test_embedding_as_linear"},
                         findings={"error outside exercises"}),
    "big_output": Case("build_vocab's cell prints 6 MB", _with_answers({"build_vocab": BIG_OUTPUT}),
                       findings={"large output"}),
    "corrupt": Case("the .ipynb file is cut in half", _corrupt, findings={"corrupt notebook"}, graded=False),
    "misnamed": Case("the notebook is saved as '01-one-hot-vs-embeddings (1).ipynb'", _misnamed,
                     findings={"misnamed notebook"}),
    "extra_files": Case("solution plus torch.py (raises on import), notes.txt and data/blob.bin",
                        _with_answers({}, extra={"torch.py": "raise RuntimeError('a submitted torch.py was imported')\n",
                                                 "notes.txt": "my notes\n", "data/blob.bin": "x" * 100_000}),
                        findings={"extra files"}),
}
