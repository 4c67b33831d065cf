"""nbgrader notebooks as data: answer and check cells, reference answers, filled-in copies,
and the Colab set-up cell that every lecture starts with."""

import copy
import importlib.util
import re
import textwrap
from dataclasses import dataclass

import nbformat

from instructor.course_dir import ROOT, settings

SOLUTION_MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)
SETUP_TAG = "colab-setup"
NAME_TAG = "student-name"
NAME_TEMPLATE = "**Name:** \n\n**Assignment:** {lecture} · {title}"
NAME_LINE = re.compile(r"\*\*Name:\*\*(.*)")
SETUP_TEMPLATE = '''\
# Set-up. In Colab this installs the course helpers; elsewhere `make` has installed them.
import sys

if "google.colab" in sys.modules:
    import subprocess

    package = "dl-course @ git+{repository}@{branch}"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", package], check=True)'''


def read(path):
    return nbformat.read(path, as_version=4)


def write(nb, path):
    nbformat.write(nb, path)


def grading(cell):
    """The cell's nbgrader metadata (empty for ordinary cells)."""
    return cell.get("metadata", {}).get("nbgrader", {})


def is_answer(cell):
    """An autograded answer cell: the student writes code here."""
    meta = grading(cell)
    return cell.cell_type == "code" and meta.get("solution", False) and not meta.get("grade", False)


def is_check(cell):
    """An autograded test cell: locked, worth points, fails on a wrong answer."""
    meta = grading(cell)
    return cell.cell_type == "code" and meta.get("grade", False) and not meta.get("solution", False)


def answer_ids(nb):
    return [grading(cell)["grade_id"] for cell in nb.cells if is_answer(cell)]


def reference_answers(source_nb):
    """The instructor's solution of every answer cell, with the solution markers removed."""
    cells = [cell for cell in source_nb.cells if is_answer(cell)]
    return {grading(cell)["grade_id"]: SOLUTION_MARKER.sub("", cell.source) for cell in cells}


def fill(nb, answers):
    """A copy of ``nb`` whose answer cells hold ``answers`` (grade_id → code); others unchanged."""
    unknown = set(answers) - set(answer_ids(nb))
    if unknown:
        raise KeyError(f"no answer cells {sorted(unknown)} in this notebook")
    filled = copy.deepcopy(nb)
    for cell in filled.cells:
        if is_answer(cell) and grading(cell)["grade_id"] in answers:
            cell.source = answers[grading(cell)["grade_id"]]
    return filled


def setup_source(root=ROOT):
    """The set-up cell's code, for the repository that pyproject.toml names."""
    return SETUP_TEMPLATE.format(**settings(root))


def is_setup(cell):
    return SETUP_TAG in cell.get("metadata", {}).get("tags", [])


def is_name_cell(cell):
    return NAME_TAG in cell.get("metadata", {}).get("tags", [])


def title(nb):
    """The lecture's title: the first heading, without its "Lecture NN ·" prefix."""
    first = next(c for c in nb.cells if c.cell_type == "markdown" and not is_name_cell(c)).source.split("\n")[0]
    return re.sub(r"^#+\s*(Lecture \d+\s*·\s*)?", "", first).strip()


def sync_name_cell(nb, lecture):
    """Give ``nb`` its first cell: where the student writes their name, with the assignment's name
    (the syllabus asks for both at the top of every notebook). True when it changed."""
    source = NAME_TEMPLATE.format(lecture=lecture, title=title(nb))
    if nb.cells and is_name_cell(nb.cells[0]):
        changed, nb.cells[0].source = nb.cells[0].source != source, source
        return changed
    cell = nbformat.v4.new_markdown_cell(source, id=NAME_TAG)
    cell.metadata["tags"] = [NAME_TAG]
    nb.cells.insert(0, cell)
    return True


def written_name(nb):
    """What the student wrote after "Name:" in the name cell: None without a name cell, '' when
    left empty. ``nb`` may be a notebook or the plain JSON of one."""
    for cell in nb.get("cells", []):
        if is_name_cell(cell):
            source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
            match = NAME_LINE.search(source)
            return match[1].strip() if match else ""
    return None


def sync_setup(nb, root=ROOT):
    """Give ``nb`` the current set-up cell, replacing its old one; True when it changed."""
    cells = [cell for cell in nb.cells if is_setup(cell)]
    if len(cells) != 1:
        raise ValueError(f"a lecture notebook needs exactly one cell tagged {SETUP_TAG!r}, found {len(cells)}")
    changed = cells[0].source != setup_source(root)
    cells[0].source = setup_source(root)
    return changed


@dataclass(frozen=True)
class Answer:
    """Code for one answer cell: a plausible wrong answer (mutant) or a correct alternative.

    ``passes_visible`` marks a wrong answer that the visible check lets through, so that
    only the hidden tests can catch it; the harness checks both halves of that claim. It holds
    the reason the visible check may let it through, which can only be that the answer fits
    the visible case alone (a hard-coded value or size): every conceptual mistake is caught,
    and named, by the visible check.
    """

    cell: str
    name: str
    code: str
    passes_visible: str = ""

    def __post_init__(self):  # answers are written indented in triple quotes
        object.__setattr__(self, "code", textwrap.dedent(self.code).strip("\n"))


def function_cell(signature, body, imports="import numpy as np"):
    """Code for an answer cell that defines one function, ``def <signature>:``, with ``body``
    indented under it: how the answers in tests/answers/ spell a function with one change."""
    lines = "".join(f"    {line}\n" if line else "\n" for line in body.split("\n"))
    return f"{imports}\n\ndef {signature}:\n{lines}"


def load_answers(lecture, root=ROOT):
    """The wrong and right answers kept for a lecture in ``tests/answers/<lecture>.py``:
    two lists of :class:`Answer`, ``WRONG`` and ``RIGHT``."""
    path = root / "tests" / "answers" / f"{lecture}.py"
    spec = importlib.util.spec_from_file_location(f"answers_{lecture}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WRONG, module.RIGHT
