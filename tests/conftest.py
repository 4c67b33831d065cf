"""Shared fixtures: the lectures, a class graded by nbgrader itself, and harness kernels."""

import shutil
import tempfile
from pathlib import Path

import pytest

from instructor import notebooks
from instructor.course_dir import ROOT, lectures, nbgrader, notebook_path, start_nbgrader

LECTURES = lectures()
# Students of the nbgrader-graded class; "again" submits the reference a second time.
GRADED_STUDENTS = ("reference", "again", "blank")
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
    nbgrader("generate_assignment", "*", "--force", root=root)
    for lecture in LECTURES:
        release = notebooks.read(notebook_path(lecture, "release", root))
        reference = notebooks.fill(release, notebooks.reference_answers(notebooks.read(notebook_path(lecture))))
        for student, nb in [("reference", reference), ("again", reference), ("blank", release)]:
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
    from harness import Runner

    started = {}

    def get(lecture):
        if lecture not in started:
            started[lecture] = Runner(ROOT / "source" / lecture)
        return started[lecture]

    yield get
    for runner in started.values():
        runner.close()
