"""A Colab-like Python environment made cheaply, and notebooks run in it (``tests/test_colab.py``,
``instructor/oldest.py``).

The environment is a fresh virtual environment; the packages it should have "preinstalled" are
not installed but linked: a folder outside it holds links to their files in the running Python's
environment (the shared ``.venv``), and a ``.pth`` file puts that folder on its path. pip sees
them as installed and, were it to change one, would install into the environment (a package
outside it is never uninstalled), so ``pip freeze`` before and after shows any change.
"""

import json
import os
import subprocess
import venv
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from instructor import notebooks
from instructor.course_dir import notebook_path, settings

# What Colab preinstalls that the course uses (Pillow comes with matplotlib; Colab has mlxtend).
PREINSTALLED = ["numpy", "torch", "torchvision", "matplotlib", "pillow", "scikit-learn", "mlxtend", "tqdm",
                "ipykernel"]


def closure(names, exclude=()):
    """The distributions ``names`` need, recursively, with the extras asked for (markers evaluated
    here), leaving out those named in ``exclude`` and what only they need."""
    found, done, todo = {}, set(), [(name, "") for name in names]
    skip = {canonicalize_name(name) for name in exclude}
    while todo:
        name, extra = todo.pop()
        name = canonicalize_name(name)
        if (name, extra) in done or name in skip:
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


def link_distributions(names, target, exclude=()):
    """Link every top-level entry (packages, modules, dist-info) of ``closure(names, exclude)`` into ``target``."""
    target.mkdir(parents=True)
    for dist in closure(names, exclude).values():
        site = Path(dist.locate_file(""))
        for top in {Path(str(file)).parts[0] for file in dist.files or []}:
            source = site / top
            if top != ".." and source.exists() and not (target / top).exists():
                (target / top).symlink_to(source)


def pip(python, *args):
    """Run the environment's pip as Colab would: without our PYTHONPATH (the checkout, where
    ``pip install -e .`` leaves a ``dl_course.egg-info`` that pip would count as installed)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run([str(python), "-m", "pip", *args], capture_output=True, text=True, check=True,
                          env=env).stdout


def make_environment(base, preinstalled=PREINSTALLED, exclude=(), colab=True, grading=True):
    """A fresh environment in ``base`` with ``preinstalled`` linked (but not ``exclude``): returns
    ``(python, kernel)``, ``kernel()`` a new kernel manager for it. ``colab``: its kernels import a
    fake ``google.colab`` at start, as Colab's do; ``grading``: they run in grading mode
    (``NBGRADER_EXECUTION``), so that training shrinks as when nbgrader grades."""
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    base = Path(base)
    venv.create(base / "env", with_pip=True, upgrade_deps=True)  # a current pip, as Colab has
    python = base / "env" / "bin" / "python"
    link_distributions(preinstalled, base / "preinstalled", exclude)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (Path(site) / "linked-preinstalled.pth").write_text(f"{base / 'preinstalled'}\n")
    fake = base / "fake" / "google" / "colab"
    fake.mkdir(parents=True)
    (fake.parent / "__init__.py").write_text("")
    (fake / "__init__.py").write_text('"""Stands in for Colab\'s module (the set-up cell looks for it)."""\n')

    env = {"PYTHONPATH": str(base / "fake"), "PATH": f"{python.parent}{os.pathsep}{os.environ['PATH']}",
           "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "2"),
           "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    if grading:
        env["NBGRADER_EXECUTION"] = "autograde"
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    if colab:
        argv.append("--IPKernelApp.exec_lines=['import google.colab']")  # Colab's kernel imports it at start
    (base / "kernels" / "course").mkdir(parents=True)
    (base / "kernels" / "course" / "kernel.json").write_text(json.dumps({
        "argv": argv, "display_name": "Colab-like", "language": "python", "env": env}))
    specs = KernelSpecManager(kernel_dirs=[str(base / "kernels")])

    def kernel():
        return KernelManager(kernel_name="course", kernel_spec_manager=specs)

    return python, kernel


def colab_notebook(lecture, address=None, answers=None):
    """The release notebook, its set-up cell pointed at ``address`` (a pip address of the course
    package), answers filled in if given."""
    nb = notebooks.read(notebook_path(lecture, "release"))
    config = settings()
    published = f"git+{config['repository']}@{config['branch']}"
    for cell in nb.cells:
        if notebooks.is_setup(cell) and address:
            if published not in cell.source:
                raise ValueError(f"the set-up cell of {lecture} does not install {published}")
            cell.source = cell.source.replace(published, address)
    return notebooks.fill(nb, answers) if answers else nb


def run(nb, kernel, cwd):
    """Run every cell of ``nb`` in a new kernel, going on after errors; return ``nb``."""
    from nbclient import NotebookClient

    NotebookClient(nb, km=kernel(), timeout=600, allow_errors=True,
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def errors(cell):
    return [output for output in cell.get("outputs", []) if output.output_type == "error"]


def report(cell):
    return "\n".join(f"{e.ename}: {e.evalue}" for e in errors(cell)) or "no error"


def failed_checks(nb):
    """grade_id → error, for every visible check that raised."""
    return {notebooks.grading(cell)["grade_id"]: report(cell) for cell in nb.cells
            if notebooks.is_check(cell) and errors(cell)}
