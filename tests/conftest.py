"""Shared fixtures: the lectures, a class graded by nbgrader itself, and harness kernels."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from instructor import notebooks
from instructor.course_dir import ROOT, lectures, nbgrader, notebook_path, start_nbgrader

# `make test LECTURE=02_mlp` (or LECTURE=02_mlp,03_embeddings) tests those lectures alone.
LECTURES = [lecture for lecture in lectures() if lecture in (os.environ.get("LECTURE") or lecture).split(",")]
# Students of the nbgrader-graded class: "noisy" submits the reference answers too, with code that
# makes every later cell warn and write a progress bar to stderr.
GRADED_STUDENTS = ("reference", "noisy", "blank")
NOISE = """\
import sys
import warnings


def _noise(result):
    warnings.warn("a harmless warning from the student's code", UserWarning, stacklevel=1)
    print("epochs: 100%|##########| 3/3 [00:01<00:00, 2.9it/s]", file=sys.stderr)


warnings.simplefilter("always")
get_ipython().events.register("post_run_cell", _noise)
"""
GRADED = {}  # its folder and the nbgrader process grading it


def pytest_generate_tests(metafunc):
    """A test that takes ``lecture`` runs once per lecture, unless it parametrizes it itself."""
    explicit = any("lecture" in mark.args[0] for mark in metafunc.definition.iter_markers("parametrize"))
    if "lecture" in metafunc.fixturenames and not explicit:
        metafunc.parametrize("lecture", LECTURES)


def pytest_collection_finish(session):
    """When a collected test needs the nbgrader-graded class, start grading it at once, in the
    background: nbgrader then runs on one core while the harness tests use the other."""
    if not any("graded_class" in getattr(item, "fixturenames", ()) for item in session.items):
        return
    root = GRADED["root"] = Path(tempfile.mkdtemp(prefix="graded-class-"))
    for name in ("nbgrader_config.py", "pyproject.toml"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "source", root / "source")
    for lecture in LECTURES:
        nbgrader("generate_assignment", lecture, "--force", root=root)
        release = notebooks.read(notebook_path(lecture, "release", root))
        answers = notebooks.reference_answers(notebooks.read(notebook_path(lecture)))
        first = notebooks.answer_ids(release)[0]
        noisy = dict(answers, **{first: NOISE + answers[first]})
        for student, nb in [("reference", notebooks.fill(release, answers)), ("noisy", notebooks.fill(release, noisy)),
                            ("blank", release)]:
            path = notebook_path(lecture, f"submitted/{student}", root)
            path.parent.mkdir(parents=True)
            notebooks.write(nb, path)
    GRADED["process"] = start_nbgrader("autograde", "*", "--force", root=root, log=root / "autograde.log")


def pytest_sessionfinish(session):
    if "root" in GRADED:
        GRADED["process"].kill()
        GRADED["process"].wait()
        shutil.rmtree(GRADED["root"], ignore_errors=True)


@pytest.fixture(scope="session")
def graded_class():
    """The copy of the course in which nbgrader generated the releases and autograded a class
    (started by :func:`pytest_collection_finish`).

    Returns ``(root, scores)`` with ``scores[student][lecture][grade_id]`` the points nbgrader
    gave each test cell, and ``scores["log"]`` nbgrader's output.
    """
    from nbgrader.api import Gradebook

    root = GRADED["root"]
    GRADED["process"].wait()
    scores = {student: {lecture: {} for lecture in LECTURES} for student in GRADED_STUDENTS}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        for lecture in LECTURES:
            for submission in gradebook.assignment_submissions(lecture):
                for grade in submission.notebooks[0].grades:
                    scores[submission.student_id][lecture][grade.name] = grade.score
    scores["log"] = (root / "autograde.log").read_text()
    return root, scores


@pytest.fixture(scope="session")
def runners():
    """One harness kernel per lecture, started when first needed."""
    from instructor.harness import Runner

    started = {}

    def get(lecture):
        if lecture not in started:
            started[lecture] = Runner(ROOT / "source" / lecture)
        return started[lecture]

    yield get
    for runner in started.values():
        runner.close()
