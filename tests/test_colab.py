"""The course in Colab, reproduced here (Colab itself cannot be reached).

A fresh virtual environment holds only what Colab preinstalls that the course uses: NumPy,
PyTorch, torchvision, matplotlib (with Pillow), scikit-learn, mlxtend, tqdm and ipykernel, with
their dependencies, and no nbgrader, JupyterLab or course helpers. Installing PyTorch takes
minutes and gigabytes, so those packages are not installed: a folder outside the environment
holds links to them in the shared ``.venv``, and a ``.pth`` file puts it on the environment's
path (pip sees them as installed, and would install into the environment, not through the
links, were it to change one). A fake ``google.colab`` module tells the notebook it runs in
Colab, and the set-up cell's repository is a ``file://`` clone of the current commit.

How it differs from Colab: the versions are those of ``.venv`` (Colab's move every few months:
``instructor/oldest.py`` checks the oldest ones pyproject.toml allows); Colab's other packages
(pandas, TensorFlow, ...) are absent; there is no GPU; the kernel is a plain ipykernel, not
Colab's; building the course package needs setuptools from PyPI, as in Colab.

To keep ``make test`` short, the kernels run in grading mode (``NBGRADER_EXECUTION``, so
training shrinks as when nbgrader grades); ``COLAB_FULL=1`` runs them as a learner does.

Each lecture of ``COLAB_LECTURES`` (default 01 and 05, a representative pair: plain Python and
NumPy, and PyTorch training with plots and progress bars; ``all`` for every lecture) runs twice:
with the reference answers, every visible check passes; blank, every visible check fails with
its own message (an AssertionError from the check, the stub's NotImplementedError, or a
NameError for a value the blank answer cell did not set), never an unrelated error.
"""

import os
import re
import subprocess

import pytest

from instructor import notebooks
from instructor.colab import colab_notebook, errors, failed_checks, make_environment, pip, report, run
from instructor.course_dir import ROOT, notebook_path
from tests.conftest import LECTURES

CHOSEN = os.environ.get("COLAB_LECTURES", "01_python_numpy,05_pooling")
COLAB_LECTURES = [lecture for lecture in LECTURES if CHOSEN == "all" or lecture in CHOSEN.split(",")]
EXPECTED_ERRORS = ("AssertionError", "NotImplementedError", "NameError")


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    """The Colab-like environment: ``(python, kernel manager factory, clone address, folder)``."""
    base = tmp_path_factory.mktemp("colab")
    python, kernel = make_environment(base, grading=not os.environ.get("COLAB_FULL"))
    clone, branch = base / "repository", "course-test"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", "-B", branch, head], check=True)
    (base / "content").mkdir()  # the kernel's working folder, as Colab's /content: no course files
    return python, kernel, f"git+file://{clone}@{branch}", base


def defined_in(message, source):
    """Whether the name of a NameError's message is defined (assigned, def, class, import) in ``source``."""
    name = re.search(r"name '(\w+)'", message)
    return bool(name) and re.search(rf"(^|[\s,(])({name[1]}\s*(,[^=\n]*)?=[^=]|def {name[1]}\b|class {name[1]}\b|"
                                    rf"import .*\b{name[1]}\b)", source, re.MULTILINE) is not None


@pytest.mark.parametrize("lecture", COLAB_LECTURES)
def test_colab_reference_answers_pass(colab, lecture):
    python, kernel, address, base = colab
    before = pip(python, "freeze", "--all")
    answers = notebooks.reference_answers(notebooks.read(notebook_path(lecture)))
    nb = run(colab_notebook(lecture, address, answers), kernel, base / "content")
    after = pip(python, "freeze", "--all")
    setup = next(cell for cell in nb.cells if notebooks.is_setup(cell))
    assert not errors(setup), report(setup)
    added = set(after.splitlines()) - set(before.splitlines())
    removed = set(before.splitlines()) - set(after.splitlines())
    # Installed once (by the first lecture run): the course helpers and nothing else, no package changed.
    assert not removed, f"the set-up cell changed preinstalled packages: {sorted(removed)} -> {sorted(added)}"
    assert all(line.startswith("dl-course @ ") for line in added), sorted(added)
    assert any(line.startswith("dl-course @ ") for line in after.splitlines())
    assert not failed_checks(nb), failed_checks(nb)
    others = [report(cell) for cell in nb.cells if cell.cell_type == "code" and errors(cell)]
    assert not others, others


def test_colab_setup_again_does_nothing(colab):
    python, kernel, address, base = colab
    nb = colab_notebook((COLAB_LECTURES or LECTURES)[0], address)
    setup = next(cell for cell in nb.cells if notebooks.is_setup(cell))
    for _ in range(2):  # the first run installs (unless a lecture's test has), the second must not
        before = pip(python, "freeze", "--all")
        nb.cells = [setup]
        run(nb, kernel, base / "content")
        assert not errors(setup), report(setup)
    assert pip(python, "freeze", "--all") == before


@pytest.mark.parametrize("lecture", COLAB_LECTURES)
def test_colab_blank_checks_fail_with_their_message(colab, lecture):
    python, kernel, address, base = colab
    nb = run(colab_notebook(lecture, address), kernel, base / "content")
    setup = next(cell for cell in nb.cells if notebooks.is_setup(cell))
    assert not errors(setup), report(setup)
    # A NameError must name something the reference solution defines (in an answer cell, or in a cell that
    # failed on a blank answer above the check): never a name that nothing defines.
    reference = "\n".join(cell.source for cell in notebooks.read(notebook_path(lecture)).cells)
    unrelated, passed = {}, []
    for cell in nb.cells:
        if not notebooks.is_check(cell):
            continue
        grade_id = notebooks.grading(cell)["grade_id"]
        found = errors(cell)
        if not found:
            passed.append(grade_id)
        elif found[0].ename not in EXPECTED_ERRORS or (
                found[0].ename == "NameError" and not defined_in(found[0].evalue, reference)):
            unrelated[grade_id] = report(cell)
    assert not passed, f"blank answers pass these visible checks: {passed}"
    assert not unrelated, f"visible checks failing with an unrelated error: {unrelated}"

