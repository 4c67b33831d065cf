"""Score answers the way nbgrader's autograder does, running only the cells a question needs.

nbgrader grades a submission by putting the instructor's test cells back (hidden parts
included), executing the notebook, and giving each test cell its points when it runs
without an error (:func:`earns_points`: nbgrader's rule under this course's settings).
:class:`Runner` does the same in one kernel per lecture, but for a question it executes
only the cells that the question's test cells depend on (found from the names each cell
binds and uses; a cell that uses a name may also change it), after clearing the kernel's
namespace and moving to a fresh folder. Skipping a cell that none
of the tests depend on cannot change their outcome; tests/test_grading.py checks that the
reference answers pass every such slice and that nbgrader itself agrees on the totals.
"""

import ast
import builtins
import copy
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from instructor import notebooks
from instructor.course_dir import nbgrader_config

NOT_DATA = set(dir(builtins)) | {"get_ipython", "display", "In", "Out", "exit", "quit"}


@dataclass
class Names:
    """What a code cell does with global names."""

    binds: set = field(default_factory=set)  # assigns, defines or imports at top level
    needs: set = field(default_factory=set)  # reads before binding them itself: earlier cells provide them
    touches: set = field(default_factory=set)  # may change in place: calls x.f(), passes x to f(x), sets x[i]
    calls: set = field(default_factory=set)  # functions it calls by name
    imports: dict = field(default_factory=dict)  # name -> what it imports
    functions: dict = field(default_factory=dict)  # function or class it defines -> the globals its body reads


def _base(node):
    """The name at the root of ``x``, ``x.a.b`` or ``x[i][j]``, if any."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


class _Collector(ast.NodeVisitor):
    def __init__(self):
        self.names = Names()
        self.scopes = []  # names local to the functions and comprehensions being visited
        self.reads = None  # set collecting a function body's global reads

    def _read(self, name):
        if any(name in scope for scope in self.scopes):
            return
        if self.reads is not None:
            self.reads.add(name)
        if name not in self.names.binds:
            self.names.needs.add(name)

    def _bind(self, *names):
        if not self.scopes:
            self.names.binds.update(names)

    def _touch(self, node):
        name = _base(node)
        if name and not any(name in scope for scope in self.scopes):
            self.names.touches.add(name)

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            self._read(node.id)
        else:
            self._bind(node.id)

    def visit_Assign(self, node):  # the value is read before the targets are bound
        self.visit(node.value)
        if not self.scopes:  # x = y[...] may make x a view of y: a later change to x changes y
            for name in (n for n in ast.walk(node.value) if isinstance(n, ast.Name)):
                self._touch(name)
        for target in node.targets:
            self.visit(target)

    def visit_AugAssign(self, node):  # x += 1 reads x first
        self._touch(node.target)
        if isinstance(node.target, ast.Name):
            self._read(node.target.id)
        self.generic_visit(node)

    def visit_Subscript(self, node):
        if not isinstance(node.ctx, ast.Load):
            self._touch(node)
        self.generic_visit(node)

    visit_Attribute = visit_Subscript

    def visit_Call(self, node):
        if isinstance(node.func, ast.Name):
            self.names.calls.add(node.func.id)
        self._touch(node.func)  # model(x) and x.append(1) may change model and x
        for argument in node.args + [keyword.value for keyword in node.keywords]:
            if isinstance(argument, (ast.Name, ast.Starred)):
                self._touch(argument)
        self.generic_visit(node)

    def visit_Global(self, node):
        self.names.binds.update(node.names)

    def visit_ExceptHandler(self, node):
        if node.name:
            self._bind(node.name)
        self.generic_visit(node)

    def _import(self, node):
        for alias in node.names:
            name = (alias.asname or alias.name).split(".")[0]
            self._bind(name)
            if not self.scopes:
                self.names.imports[name] = f"{getattr(node, 'module', '')}:{alias.name}"

    visit_Import = visit_ImportFrom = _import

    def _definition(self, node):
        outer, self.reads = self.reads, set()
        self._nested(node)  # decorators, defaults and the body are read before the name is bound
        reads, self.reads = self.reads, outer
        if outer is not None:
            outer |= reads
        if not self.scopes:
            self._bind(node.name)
            self.names.functions[node.name] = reads

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _definition

    def _nested(self, node):
        local = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
        local |= {n.arg for n in ast.walk(node) if isinstance(n, ast.arg)}
        local |= {n.name for n in ast.walk(node) if isinstance(n, ast.ExceptHandler) and n.name}  # except E as name
        self.scopes.append(local)
        self.generic_visit(node)
        self.scopes.pop()

    visit_Lambda = visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _nested


@cache
def cell_names(source):
    from IPython.core.inputtransformer2 import TransformerManager

    collector = _Collector()
    collector.visit(ast.parse(TransformerManager().transform_cell(source)))
    return collector.names


def needed_cells(nb, targets):
    """Indices of the code cells that must run, in order, for the cells ``targets`` to behave
    as in a run of the whole notebook."""
    names = {i: cell_names(cell.source) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"}
    functions = {f: reads for n in names.values() for f, reads in n.functions.items()}
    imported = {}
    for n in names.values():
        for name, what in n.imports.items():
            imported.setdefault(name, set()).add(what)
    # A name bound only by imports of one and the same thing is the same object wherever it is bound.
    same_import = {name for name, whats in imported.items() if len(whats) == 1} - {
        name for n in names.values() for name in n.binds if name not in n.imports
    }
    fixed = set(imported) | set(functions) | NOT_DATA
    changes = {}  # cell -> names it may bind or change, counting what the functions it calls change
    for i, n in names.items():
        called = set().union(*(functions[f] for f in n.calls if f in functions))
        changes[i] = n.binds | ((n.touches | called) - fixed)
    last = max(targets)
    keep, work = set(targets), list(targets)
    while work:
        i = work.pop()
        for name in names[i].needs - NOT_DATA:
            if name in same_import:
                if not any(j < i and name in names[j].binds for j in keep):
                    first = min(j for j, n in names.items() if name in n.imports)
                    keep.add(first)
                    work.append(first)
                continue
            # Every cell up to the last target that may change `name`, back to the binding that i sees.
            for j in range(last, -1, -1):
                if j != i and name in changes.get(j, ()):
                    if j not in keep:
                        keep.add(j)
                        work.append(j)
                    if j < i and name in names[j].binds:
                        break
    return sorted(keep)


def check_indices(nb):
    return [i for i, cell in enumerate(nb.cells) if notebooks.is_check(cell)]


def answer_index(nb, cell_id):
    return next(i for i, cell in enumerate(nb.cells) if notebooks.grading(cell).get("grade_id") == cell_id)


def dependent_checks(nb, cell_id):
    """The test cells whose outcome depends on the answer cell ``cell_id``."""
    answer = answer_index(nb, cell_id)
    return [i for i in check_indices(nb) if answer in needed_cells(nb, [i])]


@cache
def _ignore_pattern():
    from nbgrader.preprocessors import IgnorePattern

    return IgnorePattern(config=nbgrader_config())


def earns_points(cell):
    """Whether nbgrader gives an executed test cell all its points: the course's IgnorePattern
    setting first drops the stderr outputs it matches, then nbgrader's ``determine_grade``
    decides (an error, or stderr left over, gives 0)."""
    from nbgrader.utils import determine_grade

    ignore = _ignore_pattern()
    cell, _ = ignore.preprocess_cell(cell, {}, 0) if ignore.enabled else (cell, None)
    score, most = determine_grade(cell)
    return score == most


class Runner:
    """One kernel for a lecture, executing slices of filled-in notebooks as nbgrader would.

    ``env`` adds to the kernel's environment: by default it runs in grading mode, as nbgrader
    does; ``{"NBGRADER_EXECUTION": ""}`` runs it as a student does, ``{"COURSE_SEED": "2"}``
    from other random starting points.
    """

    def __init__(self, lecture_dir, timeout=60, env=None):
        from nbclient import NotebookClient

        self.lecture_dir = Path(lecture_dir)
        self.workdir = Path(tempfile.mkdtemp(prefix="harness-"))
        env = dict(os.environ, NBGRADER_EXECUTION="autograde", **(env or {}))
        env = {key: value for key, value in env.items() if value != ""}
        env.setdefault("OMP_NUM_THREADS", "1")  # as nbgrader_config.py sets it for nbgrader's kernels
        self.client = NotebookClient(
            notebooks.read(next(self.lecture_dir.glob("*.ipynb"))), timeout=timeout, allow_errors=True,
            kernel_name="python3", resources={"metadata": {"path": str(self.workdir)}},
        )
        self.client.km = self.client.create_kernel_manager()
        self.client.start_new_kernel(env=env, cwd=str(self.workdir))
        self.client.start_new_kernel_client()
        self.runs = 0

    def execute(self, cell):
        """Execute a copy of ``cell`` (a notebook cell, or code) in the kernel; return the copy."""
        import nbformat

        cell = nbformat.v4.new_code_cell(cell) if isinstance(cell, str) else copy.deepcopy(cell)
        cell.outputs = []
        self.client.execute_cell(cell, 0)
        return cell

    def fresh_namespace(self):
        """Empty the kernel's namespace and move it to a new copy of the lecture's folder."""
        self.runs += 1
        folder = self.workdir / f"run{self.runs}"
        shutil.copytree(self.lecture_dir, folder, ignore=shutil.ignore_patterns("*.ipynb"))
        cell = self.execute(f"%reset -f\nimport os\nos.chdir({str(folder)!r})")
        assert not cell.outputs, cell.outputs

    def run(self, nb, targets, until_failure=False, env=None):
        """Execute the slice of ``nb`` needed by the cells ``targets``; return {grade_id: passed}.
        What the targets printed is kept in ``self.printed`` ({grade_id: text}).

        With ``until_failure``, stop after the first target that fails (enough to show that an
        answer loses points). ``env`` changes the kernel's environment first, as the ``env`` of
        :class:`Runner` does, for this run and the next ones."""
        self.fresh_namespace()
        if env:
            self.execute(f"import os\nos.environ.update({env!r})\n"
                         "[os.environ.pop(k) for k, v in list(os.environ.items()) if v == '']\ndel os")
        passed, self.printed = {}, {}
        for i in needed_cells(nb, targets):
            cell = self.execute(nb.cells[i])
            if i in targets:
                grade_id = notebooks.grading(cell)["grade_id"]
                passed[grade_id] = earns_points(cell)
                self.printed[grade_id] = "".join(o.text for o in cell.outputs if o.get("name") == "stdout")
                if not passed[grade_id] and until_failure:
                    break
        return passed

    def close(self):
        self.client._cleanup_kernel()
        shutil.rmtree(self.workdir, ignore_errors=True)
