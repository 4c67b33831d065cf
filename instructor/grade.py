"""Autograde a class at once (``make grade``): every submission in ``submitted/`` of one lecture, or
of all of them, graded by nbgrader's own Autograde converter in several worker processes, or on a
Dask cluster, with a progress bar per lecture and the grade table at the end.

Usage::

    python -m instructor.grade [LECTURE ...] [--jobs N] [--scheduler tcp://HOST:8786]
                               [--student ID[,ID...]] [--force]

With no lecture, every lecture in the gradebook that has submissions. Like ``nbgrader autograde``,
a submission already graded is skipped unless ``--force`` is given or it was submitted again
since. The exit status is 1 when a submission could not be graded (nbgrader's own rule).

How it works. A *task* grades one submission, from scratch, with the converter that
``nbgrader autograde`` uses and the configuration it reads (``nbgrader_config.py``), so the grades
are nbgrader's. Each worker process builds that converter once (nbgrader's imports, its
configuration, the sandbox check) and then grades one submission after another: nbgrader's
start-up is paid once per worker, not once per submission. Locally the workers are ``--jobs``
processes (default: one per core); with ``--scheduler`` they are the workers of a Dask cluster,
which share the course folder (same path everywhere) and the gradebook (PostgreSQL, set with
``c.CourseDirectory.db_url``).

A task is idempotent: it removes what an earlier attempt left in ``autograded/`` and writes the
submission's grades again, so Dask may run it again when a worker dies mid-task (a lost worker's
tasks are rescheduled; ``--retries`` more attempts after an error). Students are created in the
gradebook before the tasks start, so that no two tasks create the same one.

The gradebook is written by several processes at once. PostgreSQL handles that itself. SQLite
lets one writer in at a time; Python's driver gives up with "database is locked" after waiting
5 s, and a transaction that has read may not be allowed to write when another writer went first.
So every worker begins each SQLite transaction with ``BEGIN IMMEDIATE``: it takes the write lock
at once, before reading, and waits for it up to ten minutes. Transactions then run one at a
time, none fails for the lock, and none sees data that changes before it writes. nbgrader's
transactions are short (the notebook runs outside them), so nobody waits long.
"""

import argparse
import concurrent.futures
import io
import logging
import multiprocessing
import os
import sys
import threading
import time
import uuid
from pathlib import Path

from instructor.course_dir import ROOT, nbgrader_config
from instructor.demo import log_lines

LOG_FORMAT = "[%(name)s | %(levelname)s] %(message)s"  # nbgrader's, which demo.log_lines reads
_GRADERS = {}  # course folder → Grader, one per worker process
_LOCK = threading.Lock()  # one submission at a time per process (nbgrader changes the working directory)


def serialize_sqlite():
    """Make every SQLite transaction of this process start with ``BEGIN IMMEDIATE`` and wait for the
    lock (SQLAlchemy events on every engine: nbgrader's Gradebook makes its own)."""
    import sqlite3

    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if getattr(serialize_sqlite, "done", False):
        return

    def connect(dbapi_connection, _record):
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.isolation_level = None  # the driver's own BEGIN (deferred) is never sent
            dbapi_connection.execute("PRAGMA busy_timeout = 600000")

    def begin(connection):
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    event.listen(Engine, "connect", connect)
    event.listen(Engine, "begin", begin)
    serialize_sqlite.done = True


class Grader:
    """nbgrader's Autograde converter for one course folder, built once, grading one submission
    after another (what ``nbgrader autograde LECTURE --student ID --force`` does, without its
    start-up)."""

    def __init__(self, root):
        from nbgrader.apps.autogradeapp import AutogradeApp
        from nbgrader.converters import Autograde

        serialize_sqlite()
        os.chdir(root)
        self.app = AutogradeApp()
        self.app.initialize([])  # reads nbgrader_config.py as nbgrader autograde does
        self.handler = logging.StreamHandler(io.StringIO())
        self.handler.setFormatter(logging.Formatter(LOG_FORMAT))
        # nbgrader's level (INFO), as its own handler has: the logger itself lets DEBUG through, and
        # nbclient's DEBUG lines (every kernel message, plots included) would cost more than grading.
        self.handler.setLevel(self.app.log_level)
        self.app.log.setLevel(self.app.log_level)
        self.app.log.handlers[:] = [self.handler]
        self.app.log.propagate = False
        self.converter = Autograde(coursedir=self.app.coursedir, parent=self.app)
        self.converter.force = True  # a task always grades from scratch

    def grade(self, lecture, student):
        from nbgrader.converters import NbGraderException

        self.app.coursedir.assignment_id, self.app.coursedir.student_id = lecture, student
        log = io.StringIO()
        self.handler.setStream(log)
        start, ok = time.perf_counter(), True
        try:
            self.converter.start()
        except NbGraderException:
            ok = False
        return {"lecture": lecture, "student": student, "ok": ok, "seconds": time.perf_counter() - start,
                "log": log.getvalue(), "worker": f"{os.uname().nodename}:{os.getpid()}"}


def grade_submission(root, lecture, student):
    """The task: grade one submission from scratch in this process's :class:`Grader`."""
    with _LOCK:
        if root not in _GRADERS:
            _GRADERS[root] = Grader(root)
        return _GRADERS[root].grade(lecture, student)


def _start_worker(root, log_path):
    """A local worker: its output and its kernels' go to the log file; the converter is built now."""
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    with _LOCK:
        _GRADERS[root] = Grader(root)


def _outcome(future, lecture, student):
    """The task's result, or a failed one when the task itself raised (after its retries)."""
    try:
        return future.result()
    except Exception as error:  # reported with this submission; the others go on
        return {"lecture": lecture, "student": student, "ok": False, "seconds": 0.0, "worker": "?",
                "log": f"[AutogradeApp | ERROR] /submitted/{student}/{lecture}: the task failed: {error!r}\n"}


def run_local(root, tasks, jobs, log_path, done):
    # Workers fork from a fresh server process that has imported nbgrader once for all of them (no
    # threads or locks of this process copied, and one import instead of one per worker).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["instructor.grade", "instructor.sandbox", "nbgrader.apps.autogradeapp"])
    with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                                                initargs=(str(root), str(log_path))) as pool:
        futures = {pool.submit(grade_submission, str(root), *task): task for task in tasks}
        try:
            for future in concurrent.futures.as_completed(futures):
                done(_outcome(future, *futures[future]))
        except KeyboardInterrupt:  # the workers got it too; their kernels die with them
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def run_dask(address, root, tasks, retries, done):
    from distributed import Client, as_completed

    from instructor.grade import grade_submission as task  # by name, also when this module is __main__

    run = uuid.uuid4().hex[:8]
    with Client(address, timeout="60s") as client:
        futures = {client.submit(task, str(root), lecture, student, pure=False, retries=retries,
                                 key=f"autograde-{lecture}-{student}-{run}"): (lecture, student)
                   for lecture, student in tasks}
        for future in as_completed(futures):
            done(_outcome(future, *futures[future]))


class Course:
    """The course folder as nbgrader's configuration describes it: gradebook, folders, submissions."""

    def __init__(self, root=ROOT):
        from nbgrader.coursedir import CourseDirectory

        self.config = nbgrader_config(root)
        self.coursedir = CourseDirectory(config=self.config)
        self.root = Path(self.coursedir.root)
        self.db_url, self.course_id = self.coursedir.db_url, self.coursedir.course_id

    def gradebook(self):
        from nbgrader.api import Gradebook

        return Gradebook(self.db_url, self.course_id)

    def submissions(self, lecture):
        folder = self.root / self.coursedir.submitted_directory
        return sorted(path.parent.name for path in folder.glob(f"*/{lecture}") if path.is_dir())

    def graded(self, lecture, student):
        """Whether nbgrader autograde (without --force) would skip this submission."""
        dest = self.root / self.coursedir.autograded_directory / student / lecture
        if not dest.exists():
            return False
        new = self.coursedir.get_existing_timestamp(str(self.root / self.coursedir.submitted_directory / student /
                                                        lecture))
        old = self.coursedir.get_existing_timestamp(str(dest))
        return not (new and old and new > old)


def plan(course, lectures, students, force):
    """The lectures to grade and the (lecture, student) tasks; creates the students in the gradebook."""
    with course.gradebook() as gradebook:
        known = [assignment.name for assignment in gradebook.assignments]
        missing = [lecture for lecture in lectures if lecture not in known]
        if missing:
            raise SystemExit(f"not in the gradebook: {', '.join(missing)} (run nbgrader generate_assignment first)")
        lectures = lectures or [lecture for lecture in sorted(known) if course.submissions(lecture)]
        tasks = [(lecture, student) for lecture in lectures for student in course.submissions(lecture)
                 if (not students or student in students) and (force or not course.graded(lecture, student))]
        for student in sorted({student for _, student in tasks}):
            gradebook.update_or_create_student(student)
    return lectures, tasks


def score_table(score, students, lectures):
    """The grade table as text, from ``score[(student, lecture)] = (score, max score)``."""
    lines = [["student"] + [lecture.split("_")[0] for lecture in lectures] + ["total"]]
    for student in students:
        cells = [score.get((student, lecture), (0.0, 0.0)) for lecture in lectures]
        got, most = sum(c[0] for c in cells), sum(c[1] for c in cells)
        lines.append([student] + [f"{c[0]:g} / {c[1]:g}" for c in cells] + [f"{got:g} / {most:g}"])
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    return "\n".join("  ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)) for line in lines)


def table(course, lectures, students=None):
    """The grade table of ``lectures`` from the gradebook (every student with a submission)."""
    from nbgrader.api import MissingEntry

    everyone = sorted({s for lecture in lectures for s in course.submissions(lecture)} if students is None
                      else students)
    score = {}
    with course.gradebook() as gradebook:
        for lecture in lectures:
            for student in everyone:
                try:
                    submission = gradebook.find_submission(lecture, student)
                except MissingEntry:
                    continue
                score[student, lecture] = (submission.score, submission.max_score)
    return score_table(score, everyone, lectures)


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m instructor.grade", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lectures", nargs="*", help="lecture ids (comma-separated lists too); default: all")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="worker processes on this machine (default: the number of cores)")
    parser.add_argument("--scheduler", help="a Dask scheduler's address (tcp://HOST:PORT): grade on its workers")
    parser.add_argument("--student", default="", help="only these students (comma-separated ids)")
    parser.add_argument("--force", "-f", action="store_true", help="grade again what was graded already")
    parser.add_argument("--retries", type=int, default=2, help="with --scheduler: more attempts after an error")
    parser.add_argument("--root", default=str(ROOT), help="the course folder (default: this one)")
    args = parser.parse_args(argv)
    args.lectures = [item for text in args.lectures for item in text.split(",") if item]
    args.student = [item for item in args.student.split(",") if item]
    return args


def main(argv=None):
    from tqdm import tqdm

    args = parse(sys.argv[1:] if argv is None else argv)
    course = Course(Path(args.root).resolve())
    lectures, tasks = plan(course, args.lectures, args.student, args.force)
    if not tasks:
        print("Nothing to grade (use --force to grade again).")
        return 0
    log_path = course.root / "grade.log"
    log_path.write_text("")
    if args.scheduler:
        print(f"Grading {len(tasks)} submissions on the Dask cluster at {args.scheduler}")
    else:
        from instructor.sandbox import Sandbox

        jobs = max(1, min(args.jobs, len(tasks)))
        sandbox = Sandbox(config=course.config).describe()
        print(f"Grading {len(tasks)} submissions with {jobs} worker processes; {sandbox}")
    counts = {lecture: sum(task[0] == lecture for task in tasks) for lecture in lectures}
    bars = {lecture: tqdm(total=counts[lecture], desc=lecture, unit="submission", position=i, leave=True,
                          dynamic_ncols=True) for i, lecture in enumerate(lecture for lecture in lectures
                                                                          if counts[lecture])}
    results = []

    def done(result):
        results.append(result)
        bars[result["lecture"]].update()
        with open(log_path, "a") as log:
            log.write(f"=== {result['student']}/{result['lecture']} on {result['worker']}: "
                      f"{result['seconds']:.1f} s\n{result['log']}")

    start = time.perf_counter()
    try:
        if args.scheduler:
            run_dask(args.scheduler, course.root, tasks, args.retries, done)
        else:
            run_local(course.root, tasks, jobs, log_path, done)
    finally:
        for bar in bars.values():
            bar.close()
    seconds = time.perf_counter() - start
    problems = list(dict.fromkeys(line for result in results for line in log_lines(result["log"])))
    failed = [f"{r['student']}/{r['lecture']}" for r in results if not r["ok"]]
    print(f"\n{len(results)} submissions graded in {seconds:.1f} s; nbgrader's log: {log_path}")
    for line in problems:
        print(f"  {line}")
    if failed:
        print(f"Could not be graded (see the log): {', '.join(failed)}")
    print(f"\nGrades (score / max):\n\n{table(course, lectures)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
