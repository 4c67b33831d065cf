"""`make lab` and `make formgrader`: the student's work/ copy, the extensions each one gets, root."""

import json
import os

from instructor import lab
from instructor.course_dir import ROOT


def test_work_copy_adds_new_lectures_and_keeps_the_students_files(tmp_path):
    release, work = tmp_path / "release", tmp_path / "work"
    (release / "01_a").mkdir(parents=True)
    (release / "01_a" / "01_a.ipynb").write_text("release 1")
    assert lab.update_work(release, work) == ([lab.Path("01_a/01_a.ipynb")], [])
    (work / "01_a" / "01_a.ipynb").write_text("my answers")
    assert lab.update_work(release, work) == ([], [])  # the student's answers alone: nothing to say
    # git pull brings a new lecture and a fix to the first one
    (release / "01_a" / "01_a.ipynb").write_text("release 1, fixed")
    (release / "02_b" / "data").mkdir(parents=True)
    (release / "02_b" / "02_b.ipynb").write_text("release 2")
    (release / "02_b" / "data" / "table.csv").write_text("1,2")
    copied, kept = lab.update_work(release, work)
    assert sorted(map(str, copied)) == ["02_b/02_b.ipynb", "02_b/data/table.csv"]
    assert kept == [lab.Path("01_a/01_a.ipynb")]
    assert (work / "01_a" / "01_a.ipynb").read_text() == "my answers"
    assert lab.update_work(release, work) == ([], kept)


def test_work_is_not_tracked():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "work/" in ignored and ".jupyter/" in ignored


def test_student_lab_has_only_the_student_extensions():
    args, env = lab.command(instructor=False)
    config = json.loads((lab.student_config() / "labconfig" / "page_config.json").read_text())
    assert set(config["disabledExtensions"]) == set(lab.INSTRUCTOR_LAB_EXTENSIONS)
    assert env["JUPYTER_CONFIG_DIR"] == str(lab.student_config())
    assert any("nbgrader.server_extensions.formgrader': False" in arg for arg in args)
    assert f"--ServerApp.root_dir={ROOT / 'work'}" in args
    instructor, env = lab.command(instructor=True)
    assert "JUPYTER_CONFIG_DIR" not in env or env["JUPYTER_CONFIG_DIR"] == os.environ.get("JUPYTER_CONFIG_DIR")
    assert f"--ServerApp.root_dir={ROOT}" in instructor


def test_root_gets_allow_root(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert "--allow-root" in lab.command()[0] and "--allow-root" in lab.command(instructor=True)[0]
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "--allow-root" not in lab.command()[0]
