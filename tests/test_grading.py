"""The graders are fair (every right answer gets every point) and sharp (every plausible wrong
answer loses points), checked with the harness (instructor/harness.py) on the answers kept in
tests/answers/. Under nbgrader itself: tests/test_nbgrader.py."""

import pytest
from conftest import LECTURES

from instructor import notebooks
from instructor.course_dir import notebook_path
from instructor.harness import check_indices, dependent_checks, needed_cells


def filled(lecture, answer=None, kind="source"):
    """The lecture's ``kind`` notebook with the reference answers, and ``answer`` in its cell."""
    answers = notebooks.reference_answers(notebooks.read(notebook_path(lecture)))
    if answer is not None:
        answers[answer.cell] = answer.code
    return notebooks.fill(notebooks.read(notebook_path(lecture, kind)), answers)


def targets(lecture, answer, nb, kind="source"):
    """The test cells an answer can change: those that depend on its cell, with the reference
    answer or with this one."""
    reference = filled(lecture, kind=kind)
    ids = {notebooks.grading(reference.cells[i])["grade_id"] for i in dependent_checks(reference, answer.cell)}
    ids |= {notebooks.grading(nb.cells[i])["grade_id"] for i in dependent_checks(nb, answer.cell)}
    return [i for i, cell in enumerate(nb.cells) if notebooks.grading(cell).get("grade_id") in ids]


def cases(kind, only_sneaky=False):
    """pytest parameters (lecture, answer) for the wrong or the right answers of every lecture."""
    params = []
    for lecture in LECTURES:
        wrong, right = notebooks.load_answers(lecture)
        for answer in wrong if kind == "wrong" else right:
            if answer.passes_visible or not only_sneaky:
                params.append(pytest.param(lecture, answer, id=f"{lecture}:{answer.cell}:{answer.name}"))
    return params


def test_reference_passes_every_slice(runners, lecture):
    """The harness's slices are complete: the reference passes each test cell run alone."""
    nb = filled(lecture)
    for index in check_indices(nb):
        passed = runners(lecture).run(nb, [index])
        assert all(passed.values()), f"cells {needed_cells(nb, [index])} do not suffice for {passed}"


@pytest.mark.parametrize("lecture, answer", cases("wrong"))
def test_wrong_answer_loses_points(runners, lecture, answer):
    """A wrong answer fails a check. Unless it is marked passes_visible, the visible part of a check
    (the release) already fails: the learner sees the mistake named, and since the visible part
    begins the test cell that nbgrader runs, the answer also loses that cell's points."""
    kind = "source" if answer.passes_visible else "release"
    nb = filled(lecture, answer, kind=kind)
    passed = runners(lecture).run(nb, targets(lecture, answer, nb, kind=kind), until_failure=True)
    where = "the hidden tests" if answer.passes_visible else "the visible checks"
    assert passed and not all(passed.values()), f"{where} let {answer.name!r} through: {sorted(passed)}"


def test_answers_that_pass_the_visible_check_say_why(lecture):
    """A wrong answer may pass the visible check only when it fits the visible case alone (a
    hard-coded value or size): its passes_visible holds that reason, in words."""
    wrong, _ = notebooks.load_answers(lecture)
    unexplained = [a.name for a in wrong if a.passes_visible and not (isinstance(a.passes_visible, str)
                                                                       and len(a.passes_visible.split()) >= 3)]
    assert not unexplained, f"passes_visible must give the reason, not True: {unexplained}"


@pytest.mark.parametrize("lecture, answer", cases("wrong", only_sneaky=True))
def test_sneaky_wrong_answer_passes_the_visible_check(runners, lecture, answer):
    """Marked passes_visible: only the hidden tests can catch it, and the student sees no failure."""
    nb = filled(lecture, answer, kind="release")
    passed = runners(lecture).run(nb, targets(lecture, answer, nb, kind="release"))
    assert passed and all(passed.values()), f"the visible checks already catch {answer.name!r}: {passed}"


@pytest.mark.parametrize("lecture, answer", cases("right"))
def test_right_answer_gets_every_point(runners, lecture, answer):
    nb = filled(lecture, answer)
    passed = runners(lecture).run(nb, targets(lecture, answer, nb))
    assert passed and all(passed.values()), f"{answer.name!r} loses points: {passed}"
