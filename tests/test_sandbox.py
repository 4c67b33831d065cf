"""Student code in the sandbox (instructor/sandbox.py): a class of a tiny two-exercise notebook,
graded by nbgrader's converter, where some students attack: open connections, allocate 50 GB, fork
without end, burn CPU, loop forever, look for the hidden tests and the other students' files on
disk, and try to overwrite the gradebook, source/, release/ and another student's work. Each one
fails its own cells only; everyone else is graded as usual and nothing outside the attacker's own
submission copy changes."""

import hashlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile

import nbformat
import pytest

from instructor import notebooks
from instructor.course_dir import ROOT, nbgrader
from instructor.sandbox import LAUNCHER, Sandbox, python_folders, reclaim, size

SECRET = "SECRET-HIDDEN-TEST-7f3a"  # in the hidden tests only
# Quick limits for the test class (nbgrader_config.py has the course's own).
TEST_CONFIG = """
c.Execute.timeout = 20
c.Sandbox.memory = "1G"
c.Sandbox.cpu_time = 2
c.Sandbox.processes = 32
c.Sandbox.required = True
"""
ADD, MUL = "def add(a, b):\n    return a + b\n", "def mul(a, b):\n    return a * b\n"


def meta(grade_id, grade=False, solution=False, points=None):
    data = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        data["points"] = points
    return {"nbgrader": data}


def tiny_notebook():
    code = nbformat.v4.new_code_cell
    cells = [
        nbformat.v4.new_markdown_cell("# A tiny assignment"),
        code("import os, resource\nprint('threads', os.environ.get('OMP_NUM_THREADS'), 'uid', os.getuid(),\n"
             "      'memory', resource.getrlimit(resource.RLIMIT_DATA)[0])", metadata=meta("environment")),
        code("def add(a, b):\n    ### BEGIN SOLUTION\n    return a + b\n    ### END SOLUTION",
             metadata=meta("add", solution=True)),
        code(f"assert add(2, 3) == 5\n### BEGIN HIDDEN TESTS\nassert add(-1, 1) == 0  # {SECRET}\n"
             "### END HIDDEN TESTS", metadata=meta("add_check", grade=True, points=1)),
        code("def mul(a, b):\n    ### BEGIN SOLUTION\n    return a * b\n    ### END SOLUTION",
             metadata=meta("mul", solution=True)),
        code(f"assert mul(2, 3) == 6\n### BEGIN HIDDEN TESTS\nassert mul(-1, 4) == -4  # {SECRET}\n"
             "### END HIDDEN TESTS", metadata=meta("mul_check", grade=True, points=1)),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def attacks(root, port):
    """Answers to the first exercise (each defines ``add`` first, then attacks); the expected score."""
    skip = ("/proc", "/sys", "/usr", "/dev", "/etc", *python_folders())  # big, and the same for everyone
    targets = [str(root / p) for p in ("gradebook.db", "source/tiny/tiny.ipynb", "release/tiny/tiny.ipynb",
                                       "submitted/ada/tiny/tiny.ipynb", "autograded/ada/tiny/tiny.ipynb")]
    return {
        "net": (ADD + "import socket\nreached = []\n"
                f"for address in [('127.0.0.1', {port}), ('1.1.1.1', 53), ('pypi.org', 443)]:\n"
                "    try:\n        socket.create_connection(address, timeout=3).close()\n"
                "        reached.append(address)\n    except OSError as error:\n"
                "        print('blocked', address, type(error).__name__)\n"
                "print('reached', reached)", 2),
        "mem": (ADD + "chunks = []\nfor _ in range(50):  # 50 GB, each page written\n"
                "    chunks.append(b'x' * (1 << 30))", 2),
        "fork": (ADD + "import os\nwhile True:\n    os.fork()", 2),
        "cpu": (ADD + "while True:  # burns CPU until the kernel is killed\n    pass", 1),
        "loop": (ADD + "import time\nwhile True:  # sleeps until nbgrader's timeout interrupts it\n"
                 "    time.sleep(1)", 2),
        "peek": (ADD + "import os\nfound = []\n"
                 f"needle = {SECRET[:6]!r}.encode() + {SECRET[6:]!r}.encode()\n"
                 "def look(path):\n    try:\n        with open(path, 'rb') as file:\n"
                 "            if needle in file.read():\n                found.append(path)\n"
                 "    except OSError as error:\n        print('hidden', path, type(error).__name__)\n"
                 f"for path in {targets + ['tiny.ipynb']!r}:\n    look(path)\n"
                 "for top, dirs, files in os.walk('/'):\n"
                 f"    dirs[:] = [d for d in dirs if os.path.join(top, d) not in {skip!r}]\n"
                 "    for name in files:\n        look(os.path.join(top, name))\n"
                 "print('found', found)", 2),
        "vandal": (ADD + "import os, sqlite3\nwritten = []\n"
                   f"for path in {targets!r}:\n"
                   "    try:\n        with open(path, 'w') as file:\n            file.write('vandalized')\n"
                   "        written.append(path)\n"
                   "    except OSError as error:\n        print('refused', path, type(error).__name__)\n"
                   "try:\n"
                   f"    sqlite3.connect({targets[0]!r}).execute('update grade set auto_score = 99')\n"
                   "    written.append('sql')\n"
                   "except sqlite3.Error as error:\n    print('refused sql', error)\n"
                   "print('written', written)\n"
                   "# nbgrader writes here next, following links: point some at the gradebook and the tests\n"
                   "try:\n    os.remove('tiny.ipynb')\n    os.symlink"
                   f"({targets[0]!r}, 'tiny.ipynb')\nexcept OSError as error:\n    print('refused', error)\n"
                   f"os.symlink({targets[0]!r}, 'gradebook-link')\nos.symlink({targets[1]!r}, 'hidden-tests.ipynb')",
                   2),
    }


def digest(*folders):
    total = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            total.update(str(path).encode() + path.read_bytes())
    return total.hexdigest()


def make_course(folder, extra_config=TEST_CONFIG):
    for name in ("nbgrader_config.py", "pyproject.toml"):
        shutil.copy(ROOT / name, folder / name)
    with open(folder / "nbgrader_config.py", "a") as config:
        config.write(extra_config)
    (folder / "source" / "tiny").mkdir(parents=True)
    notebooks.write(tiny_notebook(), folder / "source" / "tiny" / "tiny.ipynb")
    nbgrader("generate_assignment", "tiny", "--force", root=folder)
    return notebooks.read(folder / "release" / "tiny" / "tiny.ipynb")


def submit(folder, student, release, answers):
    path = folder / "submitted" / student / "tiny" / "tiny.ipynb"
    path.parent.mkdir(parents=True)
    notebooks.write(notebooks.fill(release, answers), path)


def scores(folder, db="gradebook.db"):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{folder / db}") as gradebook:
        return {s.student_id: s.score for s in gradebook.assignment_submissions("tiny")}


def outputs(folder, student, grade_id):
    nb = notebooks.read(folder / "autograded" / student / "tiny" / "tiny.ipynb")
    cell = next(c for c in nb.cells if notebooks.grading(c).get("grade_id") == grade_id)
    return "\n".join(o.get("text", "") or f"{o.get('ename')}: {o.get('evalue')}" for o in cell.outputs)


def test_sizes_read_like_people_write_them():
    assert size("4G") == 4 << 30 and size("512M") == 512 << 20 and size("1.5G") == 3 << 29 and size(1024) == 1024
    with pytest.raises(ValueError):
        size("four gigabytes")


def test_reading_the_config_leaves_this_process_environment_alone(monkeypatch):
    """Grading-only settings reach the graded kernels alone, not `make lab`'s kernels."""
    from instructor.course_dir import nbgrader_config

    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    config = nbgrader_config()
    assert "OMP_NUM_THREADS" not in os.environ
    assert config.Sandbox.env == {"OMP_NUM_THREADS": "1"}


def test_reclaim_removes_what_nbgrader_would_follow(tmp_path):
    (tmp_path / "work.txt").write_text("kept")
    (tmp_path / "tiny.ipynb").symlink_to(tmp_path / "elsewhere")
    os.mkfifo(tmp_path / "pipe")
    reclaim(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work.txt"]


def test_bubblewrap_sandbox_works_here():
    """The attacks below need the real sandbox: bubblewrap installed (`make test` installs it:
    .ci/system-packages) and allowed."""
    sandbox = Sandbox()
    assert sandbox.mode() == "bwrap", sandbox.describe()


def test_an_instructor_who_is_not_root_gets_the_sandbox_too():
    """Not root, bubblewrap maps the instructor's user in a user namespace (as root, the test runs
    the launcher as nobody, with a Python that nobody may run)."""
    from instructor.sandbox_launch import open_to_all

    python = next((p for p in (os.path.realpath(sys.executable), "/usr/bin/python3", "/usr/local/bin/python3")
                   if os.path.exists(p) and open_to_all(p, LAUNCHER)), None)
    assert python, "no Python that another user may run, to test the sandbox as another user"
    folder = tempfile.mkdtemp(prefix="sandbox-user-")
    as_user = []
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
        as_user = ["runuser", "-u", "nobody", "--"]
    settings = {"mode": "bwrap", "bwrap": shutil.which("bwrap"), "uid_base": 0, "tmp_size": 1 << 26, "workdir": folder,
                "read_write": [folder], "read_only": [], "env": {"PATH": "/usr/bin:/bin"}, "pass_env": [],
                "devices": [], "limits": {"memory": 1 << 30, "cpu_time": 10, "processes": 64, "file_size": 1 << 20}}
    code = ("import os, resource; open('written', 'w').write('ok'); print(os.getuid() == int(os.environ['WHO']), "
            "[p for p in ('/', '/dev', '/dev/shm', '/tmp', '.') if os.access(p, os.W_OK)], "
            "os.path.exists(os.environ['HIDDEN']), resource.getrlimit(resource.RLIMIT_DATA)[0])")
    settings["env"].update(WHO=str(os.stat(folder).st_uid), HIDDEN=str(ROOT / "source"))
    result = subprocess.run([*as_user, python, LAUNCHER, json.dumps(settings), "--", python, "-c", code],
                            capture_output=True, text=True, timeout=60)
    shutil.rmtree(folder, ignore_errors=True)
    assert result.stdout.split("\n")[0] == f"True ['/dev/shm', '/tmp', '.'] False {1 << 30}", result.stderr


def test_a_class_with_attackers_is_graded_as_usual(tmp_path):
    from instructor import grade

    release = make_course(tmp_path)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    reference = {"add": ADD, "mul": MUL}
    for student in ("ada", "ben"):
        submit(tmp_path, student, release, reference)
    submit(tmp_path, "zoe", release, {})  # the blank release
    expected = {"ada": 2, "ben": 2, "zoe": 0}
    for student, (code, points) in attacks(tmp_path, listener.getsockname()[1]).items():
        submit(tmp_path, student, release, {"add": code, "mul": MUL})
        expected[student] = points
    before = {name: digest(tmp_path / name) for name in ("source", "release", "submitted")}
    mode = (tmp_path / "gradebook.db").stat().st_mode
    with sqlite3.connect(tmp_path / "gradebook.db") as db:
        cells_before = db.execute("select name, source, checksum from source_cell order by name").fetchall()

    status = grade.main(["tiny", "--jobs", "2", "--root", str(tmp_path)])

    log = (tmp_path / "grade.log").read_text()
    assert status == 0, log[-3000:]
    assert scores(tmp_path) == expected, log[-3000:]
    # the other students' work, the release, the source and the gradebook's hidden tests are intact
    assert {name: digest(tmp_path / name) for name in before} == before
    assert (tmp_path / "gradebook.db").stat().st_mode == mode
    with sqlite3.connect(tmp_path / "gradebook.db") as db:
        assert db.execute("pragma integrity_check").fetchone() == ("ok",)
        assert db.execute("select name, source, checksum from source_cell order by name").fetchall() == cells_before
    assert json.loads((tmp_path / "autograded" / "ada" / "tiny" / "tiny.ipynb").read_text())["cells"]
    # what each attacker saw
    assert "threads 1" in outputs(tmp_path, "ada", "environment")
    assert "reached []" in outputs(tmp_path, "net", "add")
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody connected
    assert "MemoryError" in outputs(tmp_path, "mem", "add")
    assert "BlockingIOError" in outputs(tmp_path, "fork", "add")
    assert "KernelDied" in outputs(tmp_path, "cpu", "add")
    assert "KeyboardInterrupt" in outputs(tmp_path, "loop", "add") or "Timeout" in outputs(tmp_path, "loop", "add")
    assert "found []" in outputs(tmp_path, "peek", "add")
    assert "written []" in outputs(tmp_path, "vandal", "add")
    vandal = tmp_path / "autograded" / "vandal" / "tiny"
    assert not any(p.is_symlink() for p in vandal.iterdir())
    listener.close()


def test_without_bubblewrap_grading_warns_and_goes_on(tmp_path):
    """nbgrader autograde itself, with bubblewrap missing: a warning, the limits, the same grades."""
    release = make_course(tmp_path, TEST_CONFIG.replace("required = True", "bwrap = 'no-such-bwrap'"))
    submit(tmp_path, "mem", release, {"add": attacks(tmp_path, 9)["mem"][0], "mul": MUL})
    result = nbgrader("autograde", "tiny", root=tmp_path)
    assert "WARNING: no sandbox" in result.stderr
    assert scores(tmp_path) == {"mem": 2}
    assert "MemoryError" in outputs(tmp_path, "mem", "add")


def test_a_required_sandbox_refuses_to_grade_without_bubblewrap():
    from traitlets.config import Config

    config = Config()
    config.Sandbox.bwrap, config.Sandbox.required = "no-such-bwrap", True
    with pytest.raises(RuntimeError, match="required"):
        Sandbox(config=config).mode()
