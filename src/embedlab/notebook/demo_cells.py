"""Which demo cells of a submission need not run: the lessons' ``grading-skip`` cells, decided safely.

Used by the grader (:class:`embedlab_grader.skip_demo_cells.SkipDemoCells`) and by check my work
(:mod:`embedlab.checkwork`). A lesson's source notebook (``solutions/``) tags with
``grading-skip`` the code cells that only show something -- a benchmark, a plot, a training run
that no exercise uses. :func:`skip_demo_cells` replaces their source with a one-line comment, so
the kernel does not spend time on them; every other cell runs as before and the grades are the
same (tests/test_grading_skip.py grades every lesson both ways and compares each test cell).

What is skipped is decided from the instructor's SOURCE notebook, never from the submission:
a submission's own ``grading-skip`` tags count for nothing (a student could tag a test cell).
A submitted cell is skipped only when its cell id AND its source both equal those of a
tagged cell of the source notebook. As a safety net for answers that use a demo's result,
a matched cell is run after all when a later cell that does run reads a name it assigns or
stores into (:func:`plan`, a static check of the submission itself).

Example (the static check):
    >>> demo = "import time\\nfig = plot(losses)\\n"
    >>> sorted(assigned_names(demo))
    ['fig', 'time']
    >>> sorted(needed_names("loss = f(x)\\nprint(fig, loss)"))
    ['f', 'fig', 'print', 'x']
"""

from __future__ import annotations

import ast
import functools
from typing import NamedTuple

from nbformat import NotebookNode

TAG = "grading-skip"
SKIPPED_SOURCE = "# (demo cell: not run when grading; it changes no grade)\n"


@functools.lru_cache(maxsize=4096)
def parse_cell(source: str) -> ast.Module | None:
    """The cell's AST (IPython magics turned into Python first); None if it does not parse.

    Cached: every check below parses the same cells again. Callers must not change the tree.
    """
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError:
        return None


def assigned_names(source: str) -> set[str]:
    """Names a cell binds at any level: assignments, imports, ``def``/``class``, ``del``.

    An unparsable cell binds nothing we can see; it is then never skipped (see :func:`plan`).
    """
    tree = parse_cell(source)
    return _names_bound_by(list(ast.walk(tree))) if tree else set()


def _names_bound_by(nodes: list[ast.AST]) -> set[str]:
    """Names that ``nodes`` bind: assignment and loop targets, ``del``, ``def``/``class`` names, imports."""
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def changed_names(source: str) -> set[str]:
    """Names a cell binds, and those whose object it stores into: ``x.a = 1``, ``x[i] = 1``, ``x += 1``.

    Changes made by method calls (``model.train()``, ``items.append(1)``) are beyond this check.

    >>> sorted(changed_names("table[0] = 1\\nmodel.lr = 0.1\\ntotal += 2\\nnew = 3"))
    ['model', 'new', 'table', 'total']
    """
    return set(_names(source).changed)


def _changed_names(tree: ast.Module) -> set[str]:
    """:func:`changed_names` of a parsed cell, from one walk of its tree."""
    nodes = list(ast.walk(tree))
    names = _names_bound_by(nodes)
    for node in nodes:
        if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            root = node.value
            while isinstance(root, (ast.Attribute, ast.Subscript)):
                root = root.value
            if isinstance(root, ast.Name):
                names.add(root.id)
    return names


class CellNames(NamedTuple):
    """What :func:`plan` needs to know of one cell."""

    parses: bool
    needed: frozenset[str]  # needed_names
    bound: frozenset[str]  # bound_names
    changed: frozenset[str]  # changed_names


@functools.lru_cache(maxsize=4096)
def _names(source: str) -> CellNames:
    """The cell's names, from one walk of its tree; cached, as every submission repeats the lesson's cells."""
    tree = parse_cell(source)
    if tree is None:
        return CellNames(False, frozenset(), frozenset(), frozenset())
    bound: set[str] = set()
    needed = _block(list(tree.body), bound)
    return CellNames(True, frozenset(needed), frozenset(bound), frozenset(_changed_names(tree)))


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
           ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


def _parts_run_outside(scope: ast.AST) -> list[ast.AST]:
    """The parts of a nested scope that run in the scope around it: decorators, defaults, bases..."""
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        args = scope.args
        parts: list[ast.AST] = [*args.defaults, *(d for d in args.kw_defaults if d is not None)]
        if not isinstance(scope, ast.Lambda):
            every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
            parts += [*scope.decorator_list, *(a.annotation for a in every if a is not None and a.annotation),
                      *([scope.returns] if scope.returns else [])]
        return parts
    if isinstance(scope, ast.ClassDef):
        return [*scope.decorator_list, *scope.bases, *scope.keywords]
    return [scope.generators[0].iter]  # a comprehension's first iterable


def _parts_run_inside(scope: ast.AST) -> list[ast.AST]:
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return list(scope.body)
    if isinstance(scope, ast.Lambda):
        return [scope.body]
    first, *rest = scope.generators
    heads = [scope.key, scope.value] if isinstance(scope, ast.DictComp) else [scope.elt]
    return [*heads, first.target, *first.ifs,
            *(part for g in rest for part in (g.target, g.iter, *g.ifs))]


def _own_nodes(roots: list[ast.AST]) -> tuple[list[ast.AST], list[ast.AST]]:
    """(the nodes that run in this scope, the nested scopes met) -- nested bodies are not entered."""
    nodes: list[ast.AST] = []
    nested: list[ast.AST] = []
    stack = list(roots)
    while stack:
        node = stack.pop()
        nodes.append(node)
        if isinstance(node, _SCOPES):
            nested.append(node)
            stack.extend(_parts_run_outside(node))
        else:
            stack.extend(ast.iter_child_nodes(node))
    return nodes, nested


def _local_names(scope: ast.AST, nodes: list[ast.AST]) -> set[str]:
    """Names a nested scope binds for itself: its parameters, and what its own ``nodes`` bind."""
    names = _names_bound_by(nodes)
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        args = scope.args
        names |= {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
                  if a is not None}
    return names


def _global_reads(scope: ast.AST, enclosing: frozenset[str]) -> set[str]:
    """Names the nested ``scope`` (and scopes inside it) read from the cell's global namespace.

    A name counts unless the scope, or a function around it, binds it for itself; ``global``
    names always count. A class body's names are not seen by the functions inside it.
    """
    nodes, nested = _own_nodes(_parts_run_inside(scope))
    declared = {name for node in nodes if isinstance(node, (ast.Global, ast.Nonlocal)) for name in node.names}
    local = _local_names(scope, nodes) - declared
    reads = {node.id for node in nodes if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    found = {name for name in reads if name not in local and (name in declared or name not in enclosing)}
    inner = enclosing if isinstance(scope, ast.ClassDef) else enclosing | frozenset(local)
    for child in nested:
        found |= _global_reads(child, inner)
    return found


def _reads_and_binds(parts: list[ast.AST]) -> tuple[set[str], set[str]]:
    """(names read, names bound) by code that runs in the cell's global scope; reads include every
    global that a function, lambda, class or comprehension among ``parts`` reads."""
    nodes, nested = _own_nodes(parts)
    reads = {node.id for node in nodes if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    reads |= {node.target.id for node in nodes  # x += 1 reads x
              if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name)}
    binds = _names_bound_by(nodes)
    for scope in nested:
        reads |= _global_reads(scope, frozenset())
    return reads, binds


def _targets(node: ast.AST | None) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} if node is not None else set()


def _blocks(stmt: ast.stmt) -> tuple[list[ast.AST], list[tuple[list[ast.stmt], set[str], bool]]] | None:
    """A compound statement as (header parts, [(body, names bound for that body, whether what the
    body binds is surely bound after the statement)]); None for a simple statement."""
    if isinstance(stmt, ast.If):
        return [stmt.test], [(stmt.body, set(), False), (stmt.orelse, set(), False)]
    if isinstance(stmt, (ast.For, ast.AsyncFor)):
        return [stmt.iter], [(stmt.body, _targets(stmt.target), False), (stmt.orelse, set(), False)]
    if isinstance(stmt, ast.While):
        return [stmt.test], [(stmt.body, set(), False), (stmt.orelse, set(), False)]
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        bound = set().union(*(_targets(item.optional_vars) for item in stmt.items))
        return [item.context_expr for item in stmt.items], [(stmt.body, bound, True)]
    if isinstance(stmt, ast.Try):
        handlers = [(h.body, {h.name} if h.name else set(), False) for h in stmt.handlers]
        return ([h.type for h in stmt.handlers if h.type is not None],
                [(stmt.body, set(), False), *handlers, (stmt.orelse, set(), False),
                 (stmt.finalbody, set(), False)])
    return None


def _block(stmts: list[ast.stmt], bound: set[str]) -> set[str]:
    """Names ``stmts`` read that were not surely bound before; adds to ``bound`` what they surely bind.

    Only straight-line code binds surely: what a branch, loop or ``try`` binds is not counted after
    it (the loop may not run), but a loop's body sees its own loop variable.
    """
    needs: set[str] = set()
    for stmt in stmts:
        compound = _blocks(stmt)
        if compound is None and not isinstance(stmt, _SCOPES) and any(
                isinstance(child, ast.stmt) for child in ast.iter_child_nodes(stmt)):
            reads, _ = _reads_and_binds([stmt])  # match, try*: every read counts, nothing is surely bound
            needs |= reads - bound
            continue
        if compound is None:
            reads, binds = _reads_and_binds([stmt])
            needs |= reads - bound
            bound |= binds
            continue
        header, bodies = compound
        reads, _ = _reads_and_binds(header)
        needs |= reads - bound
        for body, own, surely in bodies:
            inner = bound | own
            needs |= _block(body, inner)
            if surely:
                bound |= inner
    return needs


def needed_names(source: str) -> set[str]:
    """Names a cell reads before (or without) binding them itself: what it needs from earlier cells.

    At the cell's top level a name counts unless a statement before it surely bound it (so
    ``x = x + 1`` needs ``x``, and a name first bound inside a loop, read after the loop, counts).
    Inside a function, lambda, class or comprehension a name counts unless that scope binds it for
    itself (a parameter, a loop variable, a local assignment): ``def f(dim): return dim`` and
    ``[t for t in ts]`` do not need ``dim`` or ``t``, but do need any global they read.

    >>> sorted(needed_names("def f(dim=10):\\n    return dim * scale\\nsquares = [t * t for t in ts]"))
    ['scale', 'ts']
    """
    return set(_names(source).needed)


def bound_names(source: str) -> set[str]:
    """Names the cell surely binds: by straight-line statements at its top level.

    Assignments, imports, ``def`` and ``class``, and ``with ... as``; not what an ``if``, a loop or a
    ``try`` block may bind, nor a function when called. A cell that binds ``x`` surely hides any
    earlier ``x`` from the cells after it.

    >>> sorted(bound_names("a, b = 1, 2\\nimport numpy as np\\nif ok:\\n    c = 3\\ndef f():\\n    d = 4"))
    ['a', 'b', 'f', 'np']
    """
    return set(_names(source).bound)


def plan(cells: list[NotebookNode], candidates: set[int]) -> set[int]:
    """The candidate cell indices that may be skipped: none changes a name a later kept cell needs.

    Walks the notebook backwards keeping the names still needed; a candidate that binds or
    stores into one of them (:func:`changed_names`), or does not parse, runs after all.
    """
    needed: set[str] = set()
    skipped: set[int] = set()
    for index in reversed(range(len(cells))):
        cell = cells[index]
        if cell.cell_type != "code":
            continue
        names = _names(cell.source)
        if index in candidates and names.parses and not names.changed & needed:
            skipped.add(index)
            continue
        needed = names.needed | (needed - names.bound)
    return skipped


def tagged_cells(source_nb: NotebookNode, tag: str = TAG) -> dict[str, str]:
    """{cell id: source} of the source notebook's code cells tagged ``tag``.

    Cells with nbgrader metadata (answers, tests, written answers) never count, tagged or not.
    """
    return {cell.id: cell.source for cell in source_nb.cells
            if cell.cell_type == "code" and tag in cell.get("metadata", {}).get("tags", [])
            and not cell.get("metadata", {}).get("nbgrader") and cell.get("id")}


def skip_demo_cells(nb: NotebookNode, source_nb: NotebookNode, tag: str = TAG) -> list[int]:
    """Blank in ``nb`` the demo cells that ``source_nb`` (the instructor's) tags; return their indices.

    A cell of ``nb`` is blanked when its id and source equal those of a tagged cell of the source
    and :func:`plan` finds that no later cell of ``nb`` needs it. Used by :class:`SkipDemoCells`
    at autograde and by check my work (:mod:`embedlab.checkwork.run`), so both run the same cells.
    """
    tagged = tagged_cells(source_nb, tag)
    matched = {i for i, cell in enumerate(nb.cells)
               if cell.cell_type == "code" and not cell.get("metadata", {}).get("nbgrader")
               and cell.get("id") in tagged and cell.source.strip() == tagged[cell.get("id")].strip()}
    skipped = sorted(plan(nb.cells, matched))
    for index in skipped:
        nb.cells[index].source = SKIPPED_SOURCE
    return skipped


