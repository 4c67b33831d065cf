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

import json
import os
import re
import subprocess
import venv
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from instructor import notebooks
from instructor.course_dir import ROOT, notebook_path, settings
from tests.conftest import LECTURES

PREINSTALLED = ["numpy", "torch", "torchvision", "matplotlib", "pillow", "scikit-learn", "mlxtend", "tqdm",
                "ipykernel"]
CHOSEN = os.environ.get("COLAB_LECTURES", "01_python_numpy,05_pooling")
COLAB_LECTURES = [lecture for lecture in LECTURES if CHOSEN == "all" or lecture in CHOSEN.split(",")]
EXPECTED_ERRORS = ("AssertionError", "NotImplementedError", "NameError")


def closure(names):
    """The distributions ``names`` need, recursively, with the extras asked for (markers evaluated here)."""
    found, done, todo = {}, set(), [(name, "") for name in names]
    while todo:
        name, extra = todo.pop()
        name = canonicalize_name(name)
        if (name, extra) in done:
            continue
        done.add((name, extra))
        try:
            found[name] = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for line in found[name].requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": extra}):
                todo += [(requirement.name, "")] + [(requirement.name, wanted) for wanted in requirement.extras]
    return found


def link_preinstalled(target):
    """Link every top-level entry of those distributions (packages, modules, dist-info) into ``target``."""
    target.mkdir()
    for dist in closure(PREINSTALLED).values():
        site = Path(dist.locate_file(""))
        for top in {Path(str(file)).parts[0] for file in dist.files or []}:
            source = site / top
            if top != ".." and source.exists() and not (target / top).exists():
                (target / top).symlink_to(source)


def pip(python, *args):
    return subprocess.run([str(python), "-m", "pip", *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def colab(tmp_path_factory):
    """The Colab-like environment: ``(python, kernel manager factory, clone address)``."""
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    base = tmp_path_factory.mktemp("colab")
    venv.create(base / "env", with_pip=True, upgrade_deps=True)  # a current pip, as Colab has
    python = base / "env" / "bin" / "python"
    link_preinstalled(base / "preinstalled")
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "colab-preinstalled.pth").write_text(f"{base / 'preinstalled'}\n")
    fake = base / "fake" / "google" / "colab"
    fake.mkdir(parents=True)
    (fake.parent / "__init__.py").write_text("")
    (fake / "__init__.py").write_text('"""Stands in for Colab\'s module (the set-up cell looks for it)."""\n')

    clone, branch = base / "repository", "course-test"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", "-B", branch, subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()],
        check=True)

    kernels = base / "kernels"
    (kernels / "colab").mkdir(parents=True)
    env = {"PYTHONPATH": str(base / "fake"), "PATH": f"{python.parent}{os.pathsep}{os.environ['PATH']}",
           "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "2"), "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    if not os.environ.get("COLAB_FULL"):  # training shrinks as when nbgrader grades (course.budget)
        env["NBGRADER_EXECUTION"] = "autograde"
    (kernels / "colab" / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}",
                 "--IPKernelApp.exec_lines=['import google.colab']"],  # Colab's kernel imports it at start
        "display_name": "Colab-like", "language": "python", "env": env}))
    specs = KernelSpecManager(kernel_dirs=[str(kernels)])
    (base / "content").mkdir()  # the kernel's working folder, as Colab's /content: no course files

    def kernel():
        return KernelManager(kernel_name="colab", kernel_spec_manager=specs)

    return python, kernel, f"git+file://{clone}@{branch}", base


def colab_notebook(lecture, address, answers=None):
    """The release notebook, its set-up cell pointed at ``address``, answers filled in if given."""
    nb = notebooks.read(notebook_path(lecture, "release"))
    config = settings()
    published = f"git+{config['repository']}@{config['branch']}"
    for cell in nb.cells:
        if notebooks.is_setup(cell):
            assert published in cell.source, "the set-up cell installs the published repository"
            cell.source = cell.source.replace(published, address)
    return notebooks.fill(nb, answers) if answers else nb


def run(nb, kernel, cwd):
    from nbclient import NotebookClient

    client = NotebookClient(nb, km=kernel(), timeout=600, allow_errors=True, resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


def named_in(message, text):
    """Whether the name of a NameError's message occurs in ``text``."""
    name = re.search(r"name '(\w+)'", message)
    return bool(name and re.search(rf"\b{name[1]}\b", text))


def errors(cell):
    return [output for output in cell.get("outputs", []) if output.output_type == "error"]


def report(cell):
    return "\n".join(f"{e.ename}: {e.evalue}" for e in errors(cell)) or "no error"


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
    failed = {notebooks.grading(cell)["grade_id"]: report(cell) for cell in nb.cells
              if notebooks.is_check(cell) and errors(cell)}
    assert not failed, failed
    others = [report(cell) for cell in nb.cells if cell.cell_type == "code" and errors(cell)]
    assert not others, others


def test_colab_setup_again_does_nothing(colab):
    python, kernel, address, base = colab
    nb = colab_notebook(COLAB_LECTURES[0], address)
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
    # A NameError must name something an answer cell asks for (in code or comment), or that a cell
    # failing on a blank answer did not set (its error, shown above the check, says why).
    answer_text = ""
    unrelated, passed = {}, []
    for cell in nb.cells:
        if notebooks.is_answer(cell) or (cell.cell_type == "code" and not notebooks.is_check(cell) and errors(cell)):
            answer_text += cell.source + "\n"  # or a cell that failed on them: the learner sees why above
        if not notebooks.is_check(cell):
            continue
        grade_id = notebooks.grading(cell)["grade_id"]
        found = errors(cell)
        if not found:
            passed.append(grade_id)
        elif found[0].ename not in EXPECTED_ERRORS or (
                found[0].ename == "NameError" and not named_in(found[0].evalue, answer_text)):
            unrelated[grade_id] = report(cell)
    assert not passed, f"blank answers pass these visible checks: {passed}"
    assert not unrelated, f"visible checks failing with an unrelated error: {unrelated}"

