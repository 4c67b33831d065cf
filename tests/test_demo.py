"""The main job's own logic: the sample class it writes, the log it reports, the table it prints."""

import json
import shutil
import zipfile

import pytest
from nbgrader.utils import parse_utc

from instructor import demo, notebooks
from instructor.course_dir import ROOT, lectures, notebook_path

LOG = """\
[AutogradeApp | INFO] Sanitizing /c/submitted/dee/01_a/01_a.ipynb
[AutogradeApp | ERROR] There was an error processing assignment: /c/submitted/dee/01_a
[AutogradeApp | ERROR] Traceback (most recent call last):
      File "reader.py", line 25, in parse_json
    nbformat.reader.NotJSONError: Notebook does not appear to be JSON: '{...
[AutogradeApp | INFO] Sanitizing /c/submitted/dee/02_b/02_b.ipynb
[AutogradeApp | WARNING] Attribute 'checksum' for cell x_check has changed!
[AutogradeApp | WARNING] Missing grade cell x_check encountered, adding to notebook
[AutogradeApp | INFO] Autograding /c/autograded/dee/03_c/03_c.ipynb
[AutogradeApp | ERROR] Timeout waiting for execute reply (60s).
[AutogradeApp | ERROR] There was an error processing assignment '01_a' for student 'dee'
"""


def test_log_lines_name_the_submission_and_the_exception():
    assert demo.log_lines(LOG) == [
        "dee/01_a: nbformat.reader.NotJSONError: Notebook does not appear to be JSON: '{...",
        "dee/02_b: Missing grade cell x_check encountered, adding to notebook",
        "dee/03_c: Timeout waiting for execute reply (60s).",
        "dee/01_a: There was an error processing assignment '01_a' for student 'dee'",
    ]


def test_grade_table_puts_students_by_lectures(tmp_path):
    rows = ["Student,ID,SIS User ID,SIS Login ID,Section,01_a,02_b", "Points Possible,,,,,3,4",
            '"Lovelace, Ada",7001,ada,ada@example.edu,,3,2', '"Young, Cy",7003,cy,,,0,4']
    (tmp_path / "grades.csv").write_text("\n".join(rows) + "\n")
    table = demo.grade_table(tmp_path / "grades.csv", ["ada", "ben"]).splitlines()
    assert table[0].split() == ["student", "01", "02", "total"]
    assert table[1].split() == ["ada", "3", "/", "3", "2", "/", "4", "5", "/", "7"]
    assert table[2].split() == ["ben", "0", "/", "3", "0", "/", "4", "0", "/", "7"]


@pytest.fixture
def course_copy(tmp_path):
    """The course's lectures and answer banks in a scratch folder, every notebook with its name cell."""
    for name in ("source", "release", "tests"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for lecture in lectures(tmp_path):
        for kind in ("source", "release"):
            nb = notebooks.read(notebook_path(lecture, kind, tmp_path))
            notebooks.sync_name_cell(nb, lecture)
            notebooks.write(nb, notebook_path(lecture, kind, tmp_path))
    return tmp_path


def test_sample_class_has_every_kind_of_student(course_copy):
    notes = demo.write_class(course_copy)
    for index, lecture in enumerate(lectures(course_copy)):
        release = notebooks.read(notebook_path(lecture, "release", course_copy))
        reference = notebooks.reference_answers(notebooks.read(notebook_path(lecture, "source", course_copy)))
        submitted = {s: notebook_path(lecture, f"submitted/{s}", course_copy) for s in demo.STUDENTS}
        assert notebooks.read(submitted["ada"]) == demo.signed(notebooks.fill(release, reference), "ada")
        assert notebooks.written_name(notebooks.read(submitted["ada"])) == "Ada Lovelace"
        assert notebooks.read(submitted["ben"]) == release and notebooks.written_name(release) == ""
        cy = notebooks.reference_answers(notebooks.read(submitted["cy"]))
        assert cy != reference and any(cy[cell] == reference[cell] for cell in cy)
        assert f"dee/{lecture}: " in "\n".join(notes)
        if index % 3 == 0:
            with pytest.raises(json.JSONDecodeError):
                json.loads(submitted["dee"].read_text())
        due = demo.due_date(index)
        times = {s: parse_utc((submitted[s].parent / "timestamp.txt").read_text()) for s in demo.STUDENTS}
        assert all(times[s] < due for s in ("ada", "ben", "cy", "dee")) and times["eve"] > due


def test_lms_download_holds_right_and_wrong_names(course_copy):
    names = demo.write_lms_download(course_copy, "01_python_numpy")
    with zipfile.ZipFile(course_copy / "downloaded" / "01_python_numpy" / "archive" / "submissions.zip") as archive:
        assert sorted(archive.namelist()) == sorted(names)
        assert archive.read("Fay_ONeil_01_python_numpy.pdf").startswith(b"%PDF")
    assert any(name.endswith(" (1).ipynb") for name in names) and any("Grace_Hopper" in name for name in names)
