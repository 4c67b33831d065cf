"""The course folder: where things are, which lectures exist, and how nbgrader is run on it."""

import os
import subprocess
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent


def lectures(root=ROOT):
    """Lecture ids, one per folder of ``source/`` that holds a notebook of the same name."""
    return sorted(p.name for p in (Path(root) / "source").iterdir() if (p / f"{p.name}.ipynb").is_file())


def notebook_path(lecture, kind="source", root=ROOT):
    """Path of a lecture's notebook in ``source/``, ``release/`` or another nbgrader folder."""
    return Path(root) / kind / lecture / f"{lecture}.ipynb"


def settings(root=ROOT):
    """The ``[tool.course]`` table of pyproject.toml: where the course is published."""
    with open(Path(root) / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["course"]


def colab_url(lecture, root=ROOT):
    """The address that opens a lecture's release notebook in Colab."""
    config = settings(root)
    repository = config["repository"].removeprefix("https://github.com/")
    return (
        f"https://colab.research.google.com/github/{repository}/blob/{config['branch']}/"
        f"release/{lecture}/{lecture}.ipynb"
    )


def nbgrader_config(root=ROOT):
    """The settings of ``nbgrader_config.py``, as nbgrader reads them (a traitlets ``Config``)."""
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()


def _environment():
    bin_dir = str(Path(sys.executable).parent)  # nbgrader calls the tools installed beside it
    # The course's nbgrader plugins (instructor/) load in a copy of the course folder too.
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""), PYTHONPATH=python_path)


def nbgrader(*args, root=ROOT, check=True):
    """Run an ``nbgrader`` command in the course folder; return the finished process."""
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, env=_environment(),
                          capture_output=True, text=True, check=check)


def start_nbgrader(*args, root=ROOT, log):
    """Start an ``nbgrader`` command in the background, its output going to the file ``log``."""
    with open(log, "w") as output:
        return subprocess.Popen([sys.executable, "-m", "nbgrader", *args], cwd=root, env=_environment(),
                                stdout=output, stderr=subprocess.STDOUT)
