"""The main job's own logic: the sample class it writes, the log it reports, the table it prints."""

import json
import shutil

import pytest

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
    rows = ["assignment,student_id,score,max_score", "01_a,ada,3.0,3.0", "02_b,ada,2.0,4.0", "01_a,ben,0.0,3.0"]
    (tmp_path / "grades.csv").write_text("\n".join(rows) + "\n")
    table = demo.grade_table(tmp_path / "grades.csv", ["ada", "ben"]).splitlines()
    assert table[0].split() == ["student", "01", "02", "total"]
    assert table[1].split() == ["ada", "3", "/", "3", "2", "/", "4", "5", "/", "7"]
    assert table[2].split()[:4] == ["ben", "0", "/", "3"]


def test_sample_class_has_the_four_kinds_of_student(tmp_path):
    for name in ("source", "release", "tests"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    broken = demo.write_class(tmp_path)
    for index, lecture in enumerate(lectures(tmp_path)):
        release = notebooks.read(notebook_path(lecture, "release"))
        reference = notebooks.reference_answers(notebooks.read(notebook_path(lecture)))
        submitted = {s: notebook_path(lecture, f"submitted/{s}", tmp_path) for s in demo.STUDENTS}
        assert notebooks.read(submitted["ada"]) == notebooks.fill(release, reference)
        assert notebooks.read(submitted["ben"]) == release
        cy = notebooks.reference_answers(notebooks.read(submitted["cy"]))
        assert cy != reference and any(cy[cell] == reference[cell] for cell in cy)
        assert broken[index].startswith(f"dee/{lecture}: ")
        if index % 3 == 0:
            with pytest.raises(json.JSONDecodeError):
                json.loads(submitted["dee"].read_text())
