"""The instructor's week under nbgrader itself: late penalties, an LMS zip, feedback without the
hidden tests, and grades out for an LMS (the course's plugins, set in nbgrader_config.py).

Late work and zip collection run on a small course made here (notebooks with one answer worth
10 points, under two lecture ids: 01_python_numpy is a lab, 02_mlp homework); feedback and
export run on the class that conftest.py has nbgrader grade.
"""

import csv
import re
import shutil
import zipfile
from datetime import datetime, timedelta

import nbformat
import pytest

from instructor import notebooks
from instructor.course_dir import ROOT, nbgrader, notebook_path
from instructor.feedback import HideHiddenTests, secret_lines, shown_lines
from instructor.late import homework_penalty, lab_penalty
from instructor.lms import squeeze

LAB, HOMEWORK = "01_python_numpy", "02_mlp"
DUE = datetime(2026, 10, 1, 12, 0, 0)
ROSTER = [  # id, first name, last name, what the file name tries
    ("ada", "Ada", "Lovelace", "Ada_Lovelace"),
    ("ben", "Benoît", "Dupré-Martin", "Benoit_Dupre-Martin"),  # accents and a hyphen, written without
    ("dee", "Dee Ann", "Smith", "DeeAnn_Smith"),  # a double first name, written as one word
    ("zoe", "Zoë", "Ørsted", "lms_48213_Zoe_Orsted"),  # letters that do not decompose; an LMS prefix
]


def lecture_notebook(lecture):
    answer = nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION")
    answer.metadata.nbgrader = {"grade": False, "grade_id": "x", "locked": False, "schema_version": 3,
                                "solution": True, "task": False}
    check = nbformat.v4.new_code_cell('assert x == 1, "x should be 1"\n### BEGIN HIDDEN TESTS\nassert x + 1 == 2\n'
                                      "### END HIDDEN TESTS")
    check.metadata.nbgrader = {"grade": True, "grade_id": "x_check", "locked": True, "points": 10,
                               "schema_version": 3, "solution": False, "task": False}
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# Lecture · {lecture}"), answer, check])
    notebooks.sync_name_cell(nb, lecture)
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A small course: two lectures released, a roster, due dates in the gradebook. The tests
    share it (each nbgrader command costs seconds), each with its own students or lecture."""
    tmp_path = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", tmp_path)
    for lecture in (LAB, HOMEWORK):
        path = notebook_path(lecture, "source", tmp_path)
        path.parent.mkdir(parents=True)
        notebooks.write(lecture_notebook(lecture), path)
        nbgrader("generate_assignment", lecture, "--force", root=tmp_path)
        nbgrader("db", "assignment", "add", lecture, f"--duedate={DUE} UTC", root=tmp_path)
    rows = ["id,first_name,last_name,email"] + [f"{i},{first},{last},{i}@example.edu" for i, first, last, _ in ROSTER]
    (tmp_path / "roster.csv").write_text("\n".join(rows) + "\n")
    nbgrader("db", "student", "import", "roster.csv", root=tmp_path)
    return tmp_path


def submit(root, student, lecture, late=None, name="A. Student"):
    """Put a right answer in submitted/, ``late`` seconds after the due date (no timestamp: None)."""
    nb = notebooks.fill(notebooks.read(notebook_path(lecture, "release", root)), {"x": "x = 1"})
    nb.cells[0].source = nb.cells[0].source.replace("**Name:** ", f"**Name:** {name}")
    folder = root / "submitted" / student / lecture
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    notebooks.write(nb, folder / f"{lecture}.ipynb")
    if late is not None:
        (folder / "timestamp.txt").write_text(f"{DUE + timedelta(seconds=late)} UTC")


def scores(root, lecture):
    """{student: score after the late penalty} from the gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        return {s.student_id: max(0.0, s.score - s.late_submission_penalty)
                for s in gradebook.assignment_submissions(lecture)}


DAY = 24 * 3600
LATE = {"on-time": -3600, "second": 1, "day1": DAY, "day3": 3 * DAY, "day11": 11 * DAY}


def test_penalties_follow_the_syllabus():
    assert [homework_penalty(10, late) for late in (1, DAY, DAY + 1, 3 * DAY, 11 * DAY)] == [1, 1, 2, 3, 10]
    assert [lab_penalty(10, late) for late in (1, 3 * DAY, 7 * DAY - 1, 7 * DAY)] == [5, 5, 5, 10]


def test_autograde_applies_the_late_policy_of_homework_and_labs(course):
    for lecture in (LAB, HOMEWORK):
        for student, late in LATE.items():
            submit(course, student, lecture, late, name="" if student == "day3" else "A. Student")
        log = nbgrader("autograde", lecture, "--force", root=course)
        named = [line for line in (log.stdout + log.stderr).splitlines() if "name cell" in line]
        assert len(named) == 1 and "empty" in named[0], "autograde logs the one empty name cell"
    assert scores(course, HOMEWORK) == pytest.approx(
        {"on-time": 10, "second": 9, "day1": 9, "day3": 7, "day11": 0})  # 11 days: 0, never below
    assert scores(course, LAB) == pytest.approx({"on-time": 10, "second": 5, "day1": 5, "day3": 5, "day11": 0})


def test_resubmitting_on_time_removes_an_earlier_penalty(course):
    """Also when the new submission has no timestamp.txt (zip_collect without times, a copy by
    hand): nbgrader then keeps the old late time in the gradebook, and would keep the penalty."""
    for late, expected in [(3 * DAY, 7), (-60, 10), (3 * DAY, 7), (None, 10)]:
        submit(course, "eve", HOMEWORK, late)
        nbgrader("autograde", HOMEWORK, "--student", "eve", "--force", root=course)
        assert scores(course, HOMEWORK)["eve"] == pytest.approx(expected), f"late by {late} s"


def zip_of(root, lecture, files):
    """An LMS download: the files, named as students uploaded them, in one zip."""
    folder = root / "downloaded" / lecture / "archive"
    folder.mkdir(parents=True, exist_ok=True)
    release = notebook_path(lecture, "release", root).read_text()
    with zipfile.ZipFile(folder / "submissions.zip", "w") as archive:
        for name, text in files.items():
            archive.writestr(name, release if text is None else text)


def test_zip_collect_matches_names_to_the_roster_and_reports_every_problem(course):
    files = {f"{name}_{LAB}.ipynb": None for _, _, _, name in ROSTER}
    files.update({
        f"Ada_Lovelace_{LAB} (1).ipynb": None,  # a second upload
        f"Grace_Hopper_{LAB}.ipynb": None,  # not on the roster
        f"Dee_Ann_Smith_{HOMEWORK}.ipynb": None,  # the wrong lecture
        f"Ben_Dupre-Martin_{LAB}.pdf": "%PDF-1.4",  # not a notebook
        f"Zoe_Orsted_{LAB}-2.ipynb": "{not json",  # a broken file
    })
    zip_of(course, LAB, files)
    nbgrader("zip_collect", LAB, root=course)
    roster = {student for student, *_ in ROSTER}
    collected = {p.parent.parent.name for p in (course / "submitted").glob(f"*/{LAB}/{LAB}.ipynb")}
    assert collected & roster == roster
    report = (course / "downloaded" / LAB / "report.txt").read_text()
    for name, reason in [(f"Ada_Lovelace_{LAB} (1).ipynb", "a second file for ada"),
                         (f"Grace_Hopper_{LAB}.ipynb", "matches no student"),
                         (f"Dee_Ann_Smith_{HOMEWORK}.ipynb", f"is for {HOMEWORK}, not {LAB}"),
                         (f"Ben_Dupre-Martin_{LAB}.pdf", "not a notebook (.pdf)"),
                         (f"Zoe_Orsted_{LAB}-2.ipynb", "not valid JSON"),
                         (f"Ada_Lovelace_{LAB}.ipynb", "collected for ada, but the name cell at the top is empty")]:
        assert re.search(rf"^{re.escape(name)}: .*{re.escape(reason)}", report, re.MULTILINE), (name, report)
    assert len(report.splitlines()) == 1 + 5 + 4  # the title, the 5 problem files, 4 empty name cells


def test_zip_collect_overwrites_a_collected_submission_only_when_told_and_says_so(course):
    submit(course, "ada", HOMEWORK, late=-60, name="Ada Lovelace")
    before = notebook_path(HOMEWORK, "submitted/ada", course).read_text()
    zip_of(course, HOMEWORK, {f"Ada_Lovelace_{HOMEWORK}.ipynb": None})
    refused = nbgrader("zip_collect", HOMEWORK, root=course, check=False)
    assert refused.returncode != 0 and "--force" in refused.stdout + refused.stderr
    assert notebook_path(HOMEWORK, "submitted/ada", course).read_text() == before
    report = (course / "downloaded" / HOMEWORK / "report.txt").read_text()
    assert "ada already has a submission" in report and "stops unless run with --force" in report
    nbgrader("zip_collect", HOMEWORK, "--force", root=course)
    assert "replaced (--force)" in (course / "downloaded" / HOMEWORK / "report.txt").read_text()
    assert notebook_path(HOMEWORK, "submitted/ada", course).read_text() != before


def test_names_are_compared_without_accents_case_or_separators():
    assert squeeze("Benoît Dupré-Martin") == squeeze("benoit_DUPRE_martin") == "benoitdupremartin"
    assert squeeze("Zoë Ørsted") == "zoeorsted" and squeeze("Łukasz Straße") == "lukaszstrasse"


# --- feedback and export, on the class that conftest.py grades ---------------------------

def test_feedback_shows_points_and_messages_but_no_hidden_test(graded_class, lecture):
    root, _ = graded_class
    nbgrader("generate_feedback", lecture, "--force", root=root)
    pages = sorted((root / "feedback").glob(f"*/{lecture}/{lecture}.html"))
    assert {p.parent.parent.name for p in pages} == {"reference", "noisy", "blank"}
    secret = secret_lines(notebooks.read(notebook_path(lecture)), notebook_path(lecture, "release").read_text())
    assert secret, "this lecture has no hidden test line to look for"
    for page in pages:
        shown = shown_lines(page.read_text(), secret)
        assert not shown, f"{page.relative_to(root)} shows hidden test lines: {shown[:3]}"
    blank = next(p for p in pages if p.parent.parent.name == "blank").read_text()
    assert "NotImplementedError" in blank and "Score: 0.0" in blank


def test_hide_hidden_tests_keeps_the_message_of_a_failure():
    cell = nbformat.v4.new_code_cell("check(x)\n### BEGIN HIDDEN TESTS\nsecret_check(x, 42)\n### END HIDDEN TESTS")
    cell.metadata.nbgrader = {"grade": True, "solution": False, "grade_id": "c", "points": 1}
    cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="x is 41, expected 42.",
                                           traceback=["----> 3 secret_check(x, 42)", "AssertionError: x is 41"])]
    cell, _ = HideHiddenTests().preprocess_cell(cell, {}, 0)
    assert "secret_check" not in cell.source + str(cell.outputs)
    assert cell.outputs[0].traceback == ["AssertionError: x is 41, expected 42."]


def test_export_writes_a_canvas_gradebook_csv(graded_class):
    root, scores = graded_class
    nbgrader("export", root=root)
    with open(root / "grades.csv", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert rows[1][0] == "Points Possible"
    lectures = rows[0][5:]
    table = {row[2]: dict(zip(lectures, map(float, row[5:]), strict=True)) for row in rows[2:]}
    for student in ("reference", "noisy", "blank"):
        for lecture in lectures:
            assert table[student][lecture] == pytest.approx(sum(scores[student][lecture].values()))
