"""Run the lectures on the oldest versions that pyproject.toml allows (``make oldest``; not part of
``make test``: it downloads from PyPI).

Colab (and a student's old laptop) keeps the versions it has; pyproject.toml's lower bounds say
which ones the course accepts. For every dependency but PyTorch and torchvision, this finds the
oldest version at or above its bound that has a wheel for this Python, installs those together in
a fresh environment (pip chooses their own dependencies), links PyTorch and torchvision from the
running environment (old PyTorch wheels take gigabytes; ``--with-torch`` installs the oldest ones
too), and runs every lecture's reference solution there in grading mode: every visible check must
pass. A bound that fails is to be raised.

Usage: ``python -m instructor.oldest [--keep FOLDER] [--with-torch] [LECTURE ...]``.
"""

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tomllib
from packaging.requirements import Requirement
from packaging.version import Version

from instructor import notebooks
from instructor.colab import colab_notebook, failed_checks, make_environment, pip, run
from instructor.course_dir import ROOT, lectures, notebook_path

LINKED = ("torch", "torchvision")


def bounds(root=ROOT):
    """The ``name>=version`` requirements of the course package."""
    with open(Path(root) / "pyproject.toml", "rb") as file:
        return [Requirement(line) for line in tomllib.load(file)["project"]["dependencies"]]


def versions(python, name):
    """Versions of ``name`` on the index, oldest first."""
    out = pip(python, "index", "versions", name, "--only-binary=:all:")
    listed = next(line for line in out.splitlines() if line.startswith("Available versions:"))
    return sorted((Version(v.strip()) for v in listed.split(":", 1)[1].split(",")), key=lambda v: v)


def oldest_installable(python, requirement):
    """The oldest version allowed by ``requirement`` with a wheel for this Python."""
    for version in versions(python, requirement.name):
        if version.is_prerelease or version not in requirement.specifier:
            continue
        trial = subprocess.run([str(python), "-m", "pip", "install", "--dry-run", "--no-deps", "-q",
                                "--only-binary=:all:", f"{requirement.name}=={version}"], capture_output=True)
        if trial.returncode == 0:
            return version
    raise RuntimeError(f"no wheel of {requirement} for this Python")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("lectures", nargs="*", default=lectures())
    parser.add_argument("--keep", help="make the environment in this folder (kept)")
    parser.add_argument("--with-torch", action="store_true", help="install the oldest PyTorch too")
    args = parser.parse_args(argv)
    base = Path(args.keep or tempfile.mkdtemp(prefix="oldest-"))
    linked = () if args.with_torch else LINKED
    python, kernel = make_environment(base, preinstalled=list(linked) + ["ipykernel"],
                                      exclude=[r.name for r in bounds() if r.name not in linked], colab=False)
    pins = []
    for requirement in bounds():
        if requirement.name not in linked:
            pins.append(f"{requirement.name}=={oldest_installable(python, requirement)}")
    print("oldest versions with a wheel for this Python:", " ".join(pins), flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--only-binary=:all:", *pins], check=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (Path(site) / "course-folder.pth").write_text(f"{ROOT}\n")  # the course helpers, from this folder
    freeze = pip(python, "freeze", "--all")
    print("environment:", " ".join(line for line in freeze.splitlines()
                                   if line.split("==")[0].lower() in {r.name.lower() for r in bounds()}))
    (base / "content").mkdir(exist_ok=True)
    failures = {}
    for lecture in args.lectures:
        start = time.perf_counter()
        answers = notebooks.reference_answers(notebooks.read(notebook_path(lecture)))
        nb = run(colab_notebook(lecture, answers=answers), kernel, base / "content")
        failed = failed_checks(nb)
        others = [f"{e.ename}: {e.evalue}" for cell in nb.cells if cell.cell_type == "code" and not
                  notebooks.is_check(cell) for e in cell.get("outputs", []) if e.output_type == "error"]
        print(f"{lecture}: {'ok' if not failed and not others else 'FAILED'} ({time.perf_counter() - start:.0f} s)")
        for grade_id, error in failed.items():
            print(f"    {grade_id}: {error.splitlines()[-1][:300]}")
        for error in others:
            print(f"    (cell) {error[:300]}")
        if failed or others:
            failures[lecture] = failed
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
