"""No visible cell gives an answer away (COURSE.md: "A visible cell never holds a working answer").

A student sees every cell of the release but the hidden tests. Three ways an answer leaks, and
the test that catches each:

- the text or a visible cell states the value a data answer asks for, such as the shape of a
  shape question (``test_no_visible_cell_states_a_data_answer``);
- a visible cell computes it, so that ``print(expected)`` answers the question
  (``test_no_visible_cell_computes_a_data_answer``);
- a visible cell defines a function or class that does what an exercise asks, so that copying
  it earns the points (``test_no_visible_function_or_class_earns_the_points``).
"""

import ast
import re

import nbformat
from test_grading import filled

from instructor import notebooks
from instructor.course_dir import notebook_path
from instructor.harness import cell_names, dependent_checks
from instructor.notebooks import Answer

# Runs in the kernel: turns a value into a flat float array when it looks like the answer to a
# data question (a shape, a count, an array of results), else None.
KERNEL_TOOLS = '''
def _leak_data(value):
    import numpy as np

    if type(value).__module__.startswith("torch") and hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    if value is None or isinstance(value, (bool, np.bool_, str)):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        number = float(value)
        return np.array([number]) if abs(number) >= 100 or number != int(number) else None
    if isinstance(value, (tuple, list, np.ndarray)):
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return None
        return array if 0 < array.size <= 100_000 else None
    return None


def _leak_same(a, b):
    import numpy as np

    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-6, atol=1e-9))
'''


def answer_cells(nb):
    return [i for i, cell in enumerate(nb.cells) if notebooks.is_answer(cell)]


def independent_bindings(source, tainted):
    """Names a cell binds from values that do not depend on the names in ``tainted`` (what the
    student's answers bound, and what was computed from them); ``tainted`` grows with the rest."""
    from IPython.core.inputtransformer2 import TransformerManager

    independent = set()
    for statement in ast.parse(TransformerManager().transform_cell(source)).body:
        reads = {n.id for n in ast.walk(statement) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        binds = cell_names(ast.unparse(statement)).binds
        if reads & tainted:
            tainted |= binds
            independent -= binds
        else:
            independent |= binds
    return independent


RUNS = {}  # lecture -> what data_answers found, computed once for both tests that need it


def data_answers(runner, lecture):
    if lecture not in RUNS:
        RUNS[lecture] = _data_answers(runner, lecture)
    return RUNS[lecture]


def _data_answers(runner, lecture):
    """Run the release filled with the reference answers, as a student would see it, and return
    ``(values, leaks)``: ``values[cell_id]`` the data each answer cell binds ({name: flat array}),
    and ``leaks`` one line for each value that a later visible cell computes without the answers."""
    nb = filled(lecture, kind="release")
    runner.fresh_namespace()
    runner.execute(KERNEL_TOOLS)
    tainted, leaks = set(), []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        runner.execute(cell)
        names = cell_names(cell.source)
        if notebooks.is_answer(cell):
            tainted |= names.binds
            cell_id = notebooks.grading(cell)["grade_id"]
            runner.execute(f"_leak_answers = globals().setdefault('_leak_answers', {{}})\n"
                           f"_leak_answers[{cell_id!r}] = {{n: _leak_data(globals().get(n)) for n in "
                           f"{sorted(names.binds)!r}}}")
            continue
        candidates = sorted(independent_bindings(cell.source, tainted))
        found = runner.execute(
            f"for _name in {candidates!r}:\n"
            "    _value = _leak_data(globals().get(_name))\n"
            "    for _cell, _bound in globals().get('_leak_answers', {}).items():\n"
            "        for _answer, _data in _bound.items():\n"
            "            if _value is not None and _data is not None and _leak_same(_value, _data):\n"
            "                print(f'{_name} holds the answer {_answer} of cell {_cell}')")
        leaks += [f"cell {i}: {line}" for o in found.outputs if o.get("name") == "stdout" for line in o.text.split("\n")
                  if line]
    values = runner.execute("print(repr({c: {n: None if v is None else v.tolist() for n, v in bound.items()} "
                            "for c, bound in globals().get('_leak_answers', {}).items()}))")
    text = "".join(o.get("text", "") for o in values.outputs)
    return ast.literal_eval(text or "{}"), leaks


def literal_patterns(value):
    """Regular expressions for the ways a text can write ``value`` (numbers, from a tuple or an
    array, nested lists flattened); none for values that are not whole numbers."""
    value = list(_flatten(value))
    if not value or any(float(v) != int(v) for v in value) or len(value) > 30:
        return []
    numbers = [str(int(v)) for v in value]
    if len(numbers) == 1:
        n = int(value[0])
        forms = {f"{n}", f"{n:,}", f"{n:,}".replace(",", " ")} if abs(n) >= 100 else set()
        scalar = [rf"(?<![\d.,]){re.escape(form)}(?![\d])" for form in forms]
        return scalar + [rf"\(\s*{numbers[0]}\s*,\s*\)"]  # a one-axis shape, (50,)
    separator = r"[\s,\[\]()]*(?:,|×|\\times|x)?[\s,\[\]()]*"
    return [r"(?<![\d.])" + separator.join(numbers) + r"(?![\d.])"]


def test_no_visible_cell_states_a_data_answer(runners, lecture):
    """Neither the text nor a visible cell writes the value a data answer asks for (a shape, a
    count, a result worked by hand)."""
    values, _ = data_answers(runners(lecture), lecture)
    release = notebooks.read(notebook_path(lecture, "release"))
    found = []
    for cell_id, bound in values.items():
        others = [c for c in release.cells if notebooks.grading(c).get("grade_id") != cell_id]
        for name, value in bound.items():
            flat = [] if value is None else list(_flatten(value))
            for pattern in literal_patterns(value or []):
                for cell in others:
                    match = re.search(pattern, cell.source)
                    if match:
                        found.append(f"{name} = {flat} ({cell_id}) is written as {match[0]!r} in a "
                                     f"{cell.cell_type} cell: {cell.source[:60]!r}")
    assert not found, "\n".join(found)


def _flatten(value):
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def test_no_visible_cell_computes_a_data_answer(runners, lecture):
    """No visible cell computes, without the student's answers, a value that an answer cell asks
    for (``expected = ...`` in a check shows the answer to whoever prints it)."""
    _, leaks = data_answers(runners(lecture), lecture)
    assert not leaks, "\n".join(leaks)


def visible_definitions(release):
    """Every function and class defined at the top of a visible code cell that is not an answer
    cell: ``(name, kind, positional parameters (required, most), source with its cell's imports)``."""
    found = []
    for cell in release.cells:
        if cell.cell_type != "code" or notebooks.is_answer(cell):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:  # IPython magics: no definitions to copy there
            continue
        imports = "\n".join(ast.unparse(n) for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom)))
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                found.append((node.name, _signature(node), imports + "\n\n" + ast.unparse(node)))
    return found


def _signature(node):
    """('class',) or ('function', required positional parameters, most positional (None: any))."""
    if isinstance(node, ast.ClassDef):
        return ("class",)
    args = node.args
    positional = len(args.posonlyargs) + len(args.args)
    return ("function", positional - len(args.defaults), None if args.vararg else positional)


def stolen_answers(lecture):
    """For each answer cell that defines functions or classes: the reference answer with one of
    them replaced by a visible definition of the same kind that can take the same arguments."""
    source = notebooks.read(notebook_path(lecture))
    release = notebooks.read(notebook_path(lecture, "release"))
    reference = notebooks.reference_answers(source)
    definitions = visible_definitions(release)
    answers = []
    for cell_id, code in reference.items():
        for node in ast.parse(code).body:
            if not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                continue
            kind, wanted = _signature(node), None
            for name, signature, definition in definitions:
                if signature[0] != kind[0]:
                    continue
                if kind[0] == "function":
                    wanted = kind[2] if kind[2] is not None else kind[1]
                    if not (signature[1] <= wanted and (signature[2] is None or signature[2] >= wanted)):
                        continue
                answers.append(Answer(cell_id, f"{node.name} copied from the visible {name}",
                                      f"{code}\n\n{definition}\n\n{node.name} = {name}\n"))
    return answers


def test_no_visible_function_or_class_earns_the_points(runners, lecture):
    """Copying a function or class defined in a visible cell, in place of the one an exercise
    asks for, earns none of that exercise's points."""
    earned = []
    for answer in stolen_answers(lecture):
        nb = filled(lecture, answer)
        index = next(i for i, c in enumerate(nb.cells) if notebooks.grading(c).get("grade_id") == answer.cell)
        targets = dependent_checks(nb, answer.cell) or [index + 1]
        passed = runners(lecture).run(nb, targets, until_failure=True)
        if passed and all(passed.values()):
            earned.append(answer.name)
    assert not earned, f"a visible cell holds a working answer: {earned}"


def test_leak_finders_find_leaks():
    """The finders above catch what they look for (so that a quiet run means something)."""
    def written(value, text):
        return any(re.search(pattern, text) for pattern in literal_patterns(value))

    assert written([50.0], "| `my_array[:, 5]` | column 5 | `(50,)` |")
    assert written([32.0, 50.0], "the output has shape (32, 50), one row per sample")
    assert written([15200.0], "200 filters have 15,200 parameters")
    assert written([[10.0, 7.0], [27.0, 24.0]], "[[10, 7], [27, 24]]")
    assert not written([32.0, 50.0], "a batch of 32, 500 features")
    assert not written([50.0], "50 rows")
    assert independent_bindings("expected = A @ B\ngot = f(A)\nbetter = got + 1", {"f"}) == {"expected"}
    cell = nbformat.v4.new_code_cell("import numpy as np\n\ndef reference(x, y=1):\n    return x\n")
    release = nbformat.v4.new_notebook(cells=[cell])
    assert [d[:2] for d in visible_definitions(release)] == [("reference", ("function", 1, 2))]
