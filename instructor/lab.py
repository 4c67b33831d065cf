"""JupyterLab for the course: ``make lab`` for a student, ``make formgrader`` for the instructor.

A student works in ``work/`` (never committed), not in ``release/``: each ``make lab`` copies
into it the release files it does not have yet and keeps every file the student has, so that
``git pull`` brings new lectures without touching the student's answers, and the next
``make lab`` adds them. The student's JupyterLab has only nbgrader's student extensions
(Validate and the assignment list); the instructor's (*Create Assignment*, the formgrader and
its menu) are turned off with nbgrader's documented ``jupyter labextension disable`` commands,
in a configuration folder of the course's own (``.jupyter/student``), so the Python
environment shared with the instructor's JupyterLab and the tests is left as it is.

Usage: ``python -m instructor.lab [--instructor] [JUPYTER LAB OPTIONS]``. As root (containers,
CI), JupyterLab refuses to start without ``--allow-root``, so it is added then.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from instructor.course_dir import ROOT

# nbgrader's instructor tools in JupyterLab (nbgrader's installation guide lists these ids).
INSTRUCTOR_LAB_EXTENSIONS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:menu",
    "@jupyter/nbgrader:course-list",
    # and JupyterLab's own pop-up asking whether to fetch news from the internet
    "@jupyterlab/apputils-extension:announcements",
)
# Their server side. `jupyter server extension disable` refuses nbgrader's modules here (it
# finds no extension point in them), so this one is turned off on the command line.
INSTRUCTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")


def jupyter():
    return str(Path(sys.executable).parent / "jupyter")


MANIFEST = ".release.json"  # in work/: the checksum of each release file when it was copied


def update_work(release, work):
    """Copy into ``work`` every file of ``release`` that it lacks; keep every file it has.

    Returns ``(copied, kept)``: the relative paths copied, and those of the student's files whose
    release has changed since they were copied (kept as the student left them).
    """
    release, work = Path(release), Path(work)
    manifest_path = work / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    copied, kept = [], []
    for path in sorted(p for p in release.rglob("*") if p.is_file()):
        relative = path.relative_to(release)
        if ".ipynb_checkpoints" in relative.parts:
            continue
        target, digest = work / relative, hashlib.sha256(path.read_bytes()).hexdigest()
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            manifest[str(relative)] = digest
            copied.append(relative)
        elif manifest.get(str(relative), digest) != digest:
            kept.append(relative)
    work.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return copied, kept


def student_config(folder=ROOT / ".jupyter" / "student"):
    """A Jupyter configuration folder with nbgrader's instructor extensions disabled, made once
    with nbgrader's documented commands (``--level=user`` of this folder)."""
    folder = Path(folder)
    if not (folder / "labconfig" / "page_config.json").is_file():
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(folder))
        for extension in INSTRUCTOR_LAB_EXTENSIONS:
            subprocess.run([jupyter(), "labextension", "disable", "--level=user", extension], env=env,
                           check=True, capture_output=True)
    return folder


def command(instructor=False, root_dir=None, extra=()):
    """The ``jupyter lab`` command line and environment for a student (in ``work/``) or the
    instructor (in the course folder, with the formgrader), to be run in the course folder (where
    nbgrader's Validate button reads ``nbgrader_config.py``)."""
    args = [jupyter(), "lab"]
    env = dict(os.environ)
    if instructor:
        args.append(f"--ServerApp.root_dir={root_dir or ROOT}")
    else:
        env["JUPYTER_CONFIG_DIR"] = str(student_config())
        off = ", ".join(f"'{name}': False" for name in INSTRUCTOR_SERVER_EXTENSIONS)
        args += [f"--ServerApp.root_dir={root_dir or ROOT / 'work'}", f"--ServerApp.jpserver_extensions={{{off}}}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")  # containers and CI run as root; JupyterLab refuses it otherwise
    return args + list(extra), env


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    instructor = "--instructor" in argv
    extra = [arg for arg in argv if arg != "--instructor"]
    if not instructor:
        copied, kept = update_work(ROOT / "release", ROOT / "work")
        for path in copied:
            print(f"new in work/: {path}")
        for path in kept:
            print(f"kept your work/{path} (release/{path} has changed since you copied it; "
                  "to start it afresh, rename yours and run make lab again)")
    args, env = command(instructor, extra=extra)
    os.chdir(ROOT)
    os.execve(args[0], args, env)


if __name__ == "__main__":
    main()
