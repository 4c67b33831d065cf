"""Grading at scale (``python -m instructor.grade``): the grades are those of sequential
``nbgrader autograde`` (the class that conftest.py grades), test cell by test cell, whether the
class is graded by local worker processes on the SQLite gradebook, or on a Dask cluster and a
PostgreSQL gradebook, one of the cluster's workers being killed mid-run. The PostgreSQL server and the Dask
cluster are real ones, started here on 127.0.0.1 and stopped at the end."""

import glob
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from instructor import grade
from instructor.course_dir import ROOT, nbgrader

BIN = Path(sys.executable).parent
ENV = dict(os.environ, PYTHONPATH=str(ROOT), PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")


def listening(pid):
    """The addresses on which a process and its children accept connections."""
    import psutil

    top = psutil.Process(pid)
    return {f"{c.laddr.ip}:{c.laddr.port}" for process in [top, *top.children(recursive=True)]
            for c in process.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}


def on_loopback_only(pid):
    addresses = listening(pid)
    assert addresses and all(a.startswith("127.0.0.1:") for a in addresses), addresses


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Postgres:
    """A PostgreSQL server of its own, in a temporary folder, on 127.0.0.1 (as a user other than
    root, which PostgreSQL refuses to run as)."""

    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [shutil.which("initdb") or ""]
        if not found[-1]:
            pytest.fail("PostgreSQL is not installed: `make test` installs it (.ci/system-packages)")
        self.bindir, self.port = Path(found[-1]).parent, free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="gradebook-postgres-"))
        self.run_as = []
        if os.geteuid() == 0:
            user = "postgres" if "postgres" in {entry.pw_name for entry in pwd.getpwall()} else "nobody"
            shutil.chown(self.folder, user)
            self.run_as = ["runuser", "-u", user, "--"]

    def pg(self, program, *args):
        return subprocess.run([*self.run_as, str(self.bindir / program), *args], capture_output=True, text=True,
                              check=True, cwd=self.folder)

    def start(self):
        data = self.folder / "data"
        self.pg("initdb", "-D", str(data), "-U", "grader", "--auth=trust", "-E", "UTF8", "--no-sync")
        self.pg("pg_ctl", "-D", str(data), "-l", str(self.folder / "log"), "-w", "-t", "60", "-o",
                f"-h 127.0.0.1 -p {self.port} -k {self.folder} -F", "start")
        on_loopback_only(int((data / "postmaster.pid").read_text().split()[0]))

    def stop(self):
        self.pg("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def database(self, name):
        """A new database; its URL for nbgrader (``c.CourseDirectory.db_url``)."""
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user="grader", dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql+psycopg://grader@127.0.0.1:{self.port}/{name}"


@pytest.fixture(scope="module")
def postgres():
    server = Postgres()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """A Dask scheduler and two workers (one thread each, under a nanny that restarts a dead one), all
    listening on 127.0.0.1 alone, stopped at the end."""
    from distributed import Client

    folder, port = tmp_path_factory.mktemp("dask"), free_port()
    address, processes = f"tcp://127.0.0.1:{port}", []

    def start(*args, name):
        with open(folder / f"{name}.log", "w") as log:
            processes.append(subprocess.Popen([str(BIN / "dask"), *args], env=ENV, cwd=folder, stdout=log,
                                              stderr=subprocess.STDOUT, start_new_session=True))

    try:
        # no dashboard, but an HTTP server (health, metrics) all the same: on loopback too
        start("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard", "--dashboard-address",
              "127.0.0.1:0", name="scheduler")
        for i in range(2):
            start("worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
                  "--dashboard-address", "127.0.0.1:0", "--name", f"w{i}",
                  "--local-directory", str(folder / f"w{i}"), "--death-timeout", "60", name=f"w{i}")
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        for process in processes:
            on_loopback_only(process.pid)
        yield address
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def chosen(scores):
    """The cheapest lecture that the sequential class was graded on."""
    lectures = sorted(scores["reference"])
    return "01_python_numpy" if "01_python_numpy" in lectures else lectures[0]


def sequential(scores, lecture):
    return {student: scores[student][lecture] for student in scores if student != "log"}


def class_copy(graded_root, lecture, folder, db_url=None):
    """A course folder with the same submissions as the sequential class, none graded yet."""
    folder.mkdir(parents=True)
    for name in ("nbgrader_config.py", "pyproject.toml"):
        shutil.copy(ROOT / name, folder / name)
    if db_url:
        with open(folder / "nbgrader_config.py", "a") as config:
            config.write(f"\nc.CourseDirectory.db_url = {db_url!r}\n")
    shutil.copytree(graded_root / "source" / lecture, folder / "source" / lecture)
    nbgrader("generate_assignment", lecture, "--force", root=folder)
    for submission in sorted((graded_root / "submitted").glob(f"*/{lecture}")):
        shutil.copytree(submission, folder / "submitted" / submission.parent.name / lecture)
    return folder


def cell_scores(db_url, lecture):
    from nbgrader.api import Gradebook

    with Gradebook(db_url) as gradebook:
        return {sub.student_id: {grade.name: grade.score for grade in sub.notebooks[0].grades}
                for sub in gradebook.assignment_submissions(lecture)}


def grade_command(folder, *args):
    return [sys.executable, "-m", "instructor.grade", *args, "--root", str(folder)]


def workers(folder):
    """{worker: submissions it graded} from grade.log."""
    found = {}
    for student, _, worker in re.findall(r"^=== (\S+)/(\S+) on (\S+):", (folder / "grade.log").read_text(),
                                               re.MULTILINE):
        found.setdefault(worker, []).append(student)
    return found


def test_parallel_grades_equal_sequential_nbgrader(graded_class, tmp_path):
    graded_root, scores = graded_class
    lecture = chosen(scores)
    folder = class_copy(graded_root, lecture, tmp_path / "course")
    result = subprocess.run(grade_command(folder, lecture, "--jobs", "2"), env=ENV, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert cell_scores(f"sqlite:///{folder / 'gradebook.db'}", lecture) == sequential(scores, lecture)
    assert "Grades (score / max)" in result.stdout and "reference" in result.stdout
    # the workers log at nbgrader's level: DEBUG lines (every kernel message) tripled grading's CPU
    assert "| DEBUG]" not in (folder / "grade.log").read_text()
    graded_by = workers(folder)
    assert len(graded_by) == 2 and sum(map(len, graded_by.values())) == len(sequential(scores, lecture))
    # a second run would skip what is graded, as nbgrader autograde does
    assert grade.plan(grade.Course(folder), [lecture], [], force=False) == ([lecture], [])


def _write(url, name):
    """Ten times: a transaction that reads, then writes (a student who may exist already)."""
    from nbgrader.api import Gradebook

    grade.serialize_sqlite()
    for i in range(10):
        with Gradebook(url) as gradebook:
            gradebook.update_or_create_student(f"{name}-{i}")
            gradebook.update_or_create_student("shared", last_name=name)


def test_sqlite_writers_take_turns(tmp_path, monkeypatch):
    """Three processes writing the SQLite gradebook at once all succeed, each transaction taking
    the write lock at its start and waiting for it."""
    import multiprocessing

    from nbgrader.api import Gradebook

    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    monkeypatch.setenv("PATH", ENV["PATH"])  # nbgrader runs alembic to create a gradebook
    Gradebook(url).close()
    context = multiprocessing.get_context("fork")  # nbgrader is imported already
    writers = [context.Process(target=_write, args=(url, f"w{i}")) for i in range(3)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=300)
    assert [writer.exitcode for writer in writers] == [0] * 3
    with Gradebook(url) as gradebook:
        assert len(gradebook.students) == 3 * 10 + 1


def test_dask_cluster_on_postgresql_loses_no_submission_when_a_worker_dies(graded_class, postgres, dask_cluster,
                                                                            tmp_path):
    """The instructor sets c.CourseDirectory.db_url to a PostgreSQL database: nbgrader's commands
    and the cluster's workers all use it (no SQLite file appears)."""
    from distributed import Client

    graded_root, scores = graded_class
    lecture, url = chosen(scores), postgres.database("cluster")
    folder = class_copy(graded_root, lecture, tmp_path / "course", db_url=url)
    with open(tmp_path / "grade.out", "w") as out:
        command = subprocess.Popen(grade_command(folder, lecture, "--scheduler", dask_cluster), env=ENV,
                                   stdout=out, stderr=subprocess.STDOUT)
    killed, lost = None, []
    with Client(dask_cluster, timeout="60s") as client:
        deadline = time.monotonic() + 300
        while killed is None and command.poll() is None and time.monotonic() < deadline:
            busy = client.run(lambda dask_worker: [str(task.key) for task in dask_worker.state.executing])
            victim = next((worker for worker, keys in busy.items() if keys), None)
            if victim:
                time.sleep(1.5)  # its kernel is running the student's notebook now
                pid = client.run(os.getpid, workers=[victim])[victim]
                lost = client.run(lambda dask_worker: [str(task.key) for task in dask_worker.state.executing],
                                  workers=[victim])[victim]
                os.kill(pid, signal.SIGKILL)
                killed = pid
            time.sleep(0.2)
    assert command.wait(timeout=600) == 0, (tmp_path / "grade.out").read_text()
    assert killed and lost, "no worker was killed while grading"
    assert cell_scores(url, lecture) == sequential(scores, lecture)
    assert not (folder / "gradebook.db").exists()
    graded_by = workers(folder)
    assert not any(worker.endswith(f":{killed}") for worker in graded_by)
    student = lost[0].split(f"-{lecture}-")[1].rsplit("-", 1)[0]
    assert any(student in students for students in graded_by.values())  # redone by another worker
    assert sum(map(len, graded_by.values())) == len(sequential(scores, lecture))
