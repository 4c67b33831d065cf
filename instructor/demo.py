"""The main job (``make demo``): release the lectures and take a sample class through the
instructor's week, every step one of nbgrader's own commands run in this folder, on its default
SQLite gradebook (``gradebook.db``):

1. ``nbgrader generate_assignment`` rebuilds ``release/`` from ``source/``;
2. ``nbgrader db student import`` reads the roster (``roster.csv``), and
   ``nbgrader db assignment add --duedate`` sets each lecture's due date;
3. the class's submissions go into ``submitted/`` as ``nbgrader collect`` leaves them (with
   ``timestamp.txt``; see ``STUDENTS``), and lecture 01's LMS download, a zip of
   ``FirstName_LastName_Lecture.ipynb`` files with a few broken names, is collected by
   ``nbgrader zip_collect`` (its report: ``downloaded/01_python_numpy/report.txt``);
4. ``nbgrader autograde`` grades it all, late penalties included (``instructor.late``);
5. ``nbgrader generate_feedback`` writes ``feedback/``, without hidden tests (``instructor.feedback``);
6. ``nbgrader export`` writes ``grades.csv`` for Canvas (``instructor.lms``), and the grade
   table, student × lecture, is printed from it.

Only ignored paths are written, and a second run prints the same table.
"""

import copy
import csv
import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from datetime import datetime, timedelta

import nbformat

from instructor import notebooks
from instructor.course_dir import ROOT, lectures, nbgrader, nbgrader_config, notebook_path
from instructor.feedback import secret_lines, shown_lines
from instructor.release import generate

STUDENTS = {  # id: first name, last name, what they submit
    "ada": ("Ada", "Lovelace", "the reference solutions"),
    "ben": ("Benoît", "Dupré-Martin", "the blank release, name cell left empty"),
    "cy": ("Cy", "Young", "every other answer right, the rest plausibly wrong"),
    "dee": ("Dee Ann", "Smith", "a broken notebook: invalid JSON, a deleted test cell, an endless loop, in turn"),
    "eve": ("Ève", "Léger", "the reference solutions late: 1 second, 1 day, 3 days, 11 days, in turn"),
}
LMS_STUDENTS = {  # students of lecture 01 who upload to the LMS instead
    "fay": ("Fay", "O'Neil", "the reference solutions, through the LMS"),
    "gus": ("Gus", "Ørsted", "every other answer right, through the LMS, twice, name cell left empty"),
}
FIRST_DUE = datetime(2026, 9, 14, 23, 59)  # lecture 01; one lecture a week after it
LATE = (timedelta(seconds=1), timedelta(days=1), timedelta(days=3), timedelta(days=11))
NOISE = ("checksum", "Kernel is running over TCP", "Please see the the above traceback",
         "error processing assignment:", "Removing existing assignment", "Removing failed assignment",
         "seconds late", "Late submission penalty", "name cell")
WHERE = re.compile(r"\S*/(?:submitted|autograded)/([^/]+)/([^/\s]+)")
SUMMARY = re.compile(r"assignment '([^']+)' for student '([^']+)'")


def _submission(student, lecture, root):
    return notebook_path(lecture, f"submitted/{student}", root)


def _break(nb, lecture_index, reference):
    """Dee's notebook for the lecture: a string (invalid JSON) or a broken notebook, and what broke."""
    kind, nb = lecture_index % 3, copy.deepcopy(nb)
    if kind == 0:
        text = json.dumps(nb, indent=1)
        return text[: len(text) // 2], "invalid JSON (the file stops half-way)"
    if kind == 1:
        check = next(cell for cell in nb.cells if notebooks.is_check(cell))
        nb.cells.remove(check)
        return notebooks.fill(nb, reference), f"test cell {notebooks.grading(check)['grade_id']!r} deleted"
    first = notebooks.answer_ids(nb)[0]
    answers = dict(reference, **{first: "while True:  # an endless loop\n    pass"})
    return notebooks.fill(nb, answers), f"endless loop in answer cell {first!r}"


def signed(nb, student):
    """``nb`` with the student's name in its name cell (as a student fills it in)."""
    first, last, _ = {**STUDENTS, **LMS_STUDENTS}[student]
    nb = copy.deepcopy(nb)
    nb.cells[0].source = nb.cells[0].source.replace("**Name:** ", f"**Name:** {first} {last}", 1)
    return nb


def due_date(index):
    return FIRST_DUE + timedelta(weeks=index)


def answers_of(lecture, root):
    """The reference answers, and a mix: every other answer right, the rest the bank's first wrong one."""
    release = notebooks.read(notebook_path(lecture, "release", root))
    reference = notebooks.reference_answers(notebooks.read(notebook_path(lecture, "source", root)))
    wrong, _ = notebooks.load_answers(lecture, root)
    first_wrong = {}
    for answer in wrong:
        first_wrong.setdefault(answer.cell, answer.code)
    mixed = {cell: reference[cell] if i % 2 == 0 else first_wrong.get(cell, reference[cell])
             for i, cell in enumerate(notebooks.answer_ids(release))}
    return release, reference, mixed


def write_class(root=ROOT):
    """Write the class's submissions into ``submitted/``, each with the ``timestamp.txt`` that
    ``nbgrader collect`` writes; return a line on each late or broken notebook."""
    notes = []
    for student in STUDENTS:
        shutil.rmtree(root / "submitted" / student, ignore_errors=True)
    for index, lecture in enumerate(lectures(root)):
        release, reference, mixed = answers_of(lecture, root)
        dee, what = _break(signed(release, "dee"), index, reference)
        late = LATE[index % len(LATE)]
        for student, nb, when in [("ada", signed(notebooks.fill(release, reference), "ada"), -timedelta(hours=2)),
                                  ("ben", release, -timedelta(days=1)),
                                  ("cy", signed(notebooks.fill(release, mixed), "cy"), -timedelta(minutes=5)),
                                  ("dee", dee, -timedelta(hours=1)),
                                  ("eve", signed(notebooks.fill(release, reference), "eve"), late)]:
            path = _submission(student, lecture, root)
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(nb, str):
                path.write_text(nb)
            else:
                notebooks.write(nb, path)
            (path.parent / "timestamp.txt").write_text(f"{due_date(index) + when} UTC")
        notes += [f"dee/{lecture}: {what}", f"eve/{lecture}: submitted {late} after the due date"]
    return sorted(notes)


def write_lms_download(root=ROOT, lecture="01_python_numpy"):
    """Lecture 01's LMS download: ``downloaded/<lecture>/archive/submissions.zip``, the files named
    as the students uploaded them, a few of them wrongly; return the file names."""
    release, reference, mixed = answers_of(lecture, root)
    other = lectures(root)[1] if len(lectures(root)) > 1 else "99_other"
    files = {
        f"Fay_ONeil_{lecture}.ipynb": signed(notebooks.fill(release, reference), "fay"),
        f"lms_20417_Gus_Orsted_{lecture}.ipynb": notebooks.fill(release, mixed),  # the LMS added a prefix
        f"Gus_Orsted_{lecture} (1).ipynb": notebooks.fill(release, mixed),  # uploaded twice
        f"Grace_Hopper_{lecture}.ipynb": notebooks.fill(release, reference),  # not on the roster
        f"Fay_ONeil_{other}.ipynb": release,  # another lecture's file
        f"Fay_ONeil_{lecture}.pdf": None,  # not a notebook
    }
    for student in LMS_STUDENTS:
        shutil.rmtree(root / "submitted" / student, ignore_errors=True)
    shutil.rmtree(root / "downloaded" / lecture, ignore_errors=True)
    folder = root / "downloaded" / lecture / "archive"
    folder.mkdir(parents=True)
    with zipfile.ZipFile(folder / "submissions.zip", "w") as archive:
        for name, nb in files.items():
            archive.writestr(name, "%PDF-1.4 (a printout)" if nb is None else nbformat.writes(nb))
    return list(files)


def write_roster(root=ROOT):
    """The roster as an LMS exports it (``roster.csv``), and due dates, into the gradebook."""
    rows = ["id,first_name,last_name,email,lms_user_id"]
    for number, (student, (first, last, _)) in enumerate({**STUDENTS, **LMS_STUDENTS}.items()):
        rows.append(f"{student},{first},\"{last}\",{student}@example.edu,{7001 + number}")
    (root / "roster.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    nbgrader("db", "student", "import", "roster.csv", root=root)
    for index, lecture in enumerate(lectures(root)):
        nbgrader("db", "assignment", "add", lecture, f"--duedate={due_date(index)} UTC", root=root)


def late_lines(root=ROOT):
    """One line per late submission: how late, which policy, the score before and after."""
    from nbgrader.api import Gradebook

    labs = nbgrader_config(root).SyllabusLatePenalty.labs
    lines = []
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        for lecture in lectures(root):
            for s in gradebook.assignment_submissions(lecture):
                if s.total_seconds_late > 0:
                    kind = "lab" if lecture in labs else "homework"
                    lines.append(f"{s.student_id}/{lecture} ({kind}, {timedelta(seconds=s.total_seconds_late)} late): "
                                 f"{s.score:g} - {s.late_submission_penalty:g} = "
                                 f"{max(0, s.score - s.late_submission_penalty):g}")
    return lines


def feedback_check(root=ROOT):
    """(pages, hidden-test lines they show) for every feedback page."""
    pages, shown = 0, []
    for lecture in lectures(root):
        secret = secret_lines(notebooks.read(notebook_path(lecture, "source", root)),
                              notebook_path(lecture, "release", root).read_text())
        for page in sorted((root / "feedback").glob(f"*/{lecture}/{lecture}.html")):
            pages += 1
            shown += [f"{page.relative_to(root)}: {line}" for line in shown_lines(page.read_text(), secret)]
    return pages, shown


def digest(folder):
    """One hash of every file below ``folder`` (names and contents)."""
    total = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        total.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return total.hexdigest()


def log_lines(log, noise=NOISE):
    """nbgrader's warnings and errors, each with the submission it concerns; of a traceback,
    only its last line (the exception); none that contains a string of ``noise``."""
    where, lines, traceback = "", [], None
    for line in log.splitlines() + ["[end]"]:
        if not line.startswith("["):  # a traceback continues
            traceback = line.strip() or traceback if traceback is not None else None
            continue
        if traceback:
            lines.append(f"{where}: {traceback[:150]}")
        traceback = None
        match, summary = WHERE.search(line), SUMMARY.search(line)
        if match:
            where = f"{match[1]}/{match[2]}"
        if summary:
            where = f"{summary[2]}/{summary[1]}"
        if ("| ERROR]" in line or "| WARNING]" in line) and not any(text in line for text in noise):
            message = line.split("] ", 1)[1]
            if message.startswith("Traceback"):
                traceback = ""
            else:
                lines.append(f"{where}: {WHERE.sub('', message).strip()}")
    return list(dict.fromkeys(lines))


def grade_table(csv_path, students):
    """The grade table, student × lecture (score / max), as text, from the Canvas CSV that
    ``nbgrader export`` writes (student ids in its "SIS User ID" column)."""
    with open(csv_path, newline="", encoding="utf-8") as file:
        header, points, *rows = list(csv.reader(file))
    first = header.index("Section") + 1
    assignments, most = header[first:], [float(p) for p in points[first:]]
    score = {row[header.index("SIS User ID")]: [float(x) for x in row[first:]] for row in rows}
    lines = [["student"] + [a.split("_")[0] for a in assignments] + ["total"]]
    for student in students:
        got = score.get(student, [0.0] * len(assignments))
        lines.append([student] + [f"{g:g} / {m:g}" for g, m in zip(got, most, strict=True)]
                     + [f"{sum(got):g} / {sum(most):g}"])
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    return "\n".join("  ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)) for line in lines)


def tracked_changes(root):
    """How tracked files differ from the last commit (empty outside a git checkout)."""
    result = subprocess.run(["git", "diff", "HEAD"], cwd=root, capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else ""


def main(root=ROOT):
    tracked_before = tracked_changes(root)
    print(f"1. nbgrader generate_assignment: release/ from source/ for {', '.join(lectures(root))}")
    generate(root)
    print("2. nbgrader db student import roster.csv; nbgrader db assignment add --duedate (one lecture a week,"
          f" from {FIRST_DUE:%Y-%m-%d %H:%M} UTC)")
    write_roster(root)
    print("3. the class's submissions in submitted/ (as nbgrader collect leaves them, with timestamp.txt):")
    for student, (_, _, what) in STUDENTS.items():
        print(f"   {student:4s} {what}")
    for line in write_class(root):
        print(f"   {line}")
    lecture = lectures(root)[0]
    print(f"   and lecture {lecture}'s LMS download, downloaded/{lecture}/archive/submissions.zip:")
    for student, (_, _, what) in LMS_STUDENTS.items():
        print(f"   {student:4s} {what}")
    print(f"   {', '.join(write_lms_download(root, lecture))}")
    nbgrader("zip_collect", lecture, root=root)
    report = root / "downloaded" / lecture / "report.txt"
    print(f"   nbgrader zip_collect {lecture} → submitted/; its report, {report.relative_to(root)}:")
    for line in report.read_text(encoding="utf-8").splitlines()[1:]:
        print(f"     {line}")
    before = digest(root / "submitted")
    print("4. nbgrader autograde, late penalties included (this runs every notebook: a few minutes)")
    graded = nbgrader("autograde", "*", "--force", root=root, check=False)
    log = graded.stdout + graded.stderr
    for line in log_lines(log):
        print(f"   {line}")
    unnamed = sorted({line.split("/")[0] for line in log_lines(log, noise=()) if "name cell" in line})
    print(f"   left the name cell empty: {', '.join(unnamed) or 'nobody'}")
    for line in late_lines(root):
        print(f"   late: {line}")
    print(f"   submitted/ unchanged by grading: {'yes' if digest(root / 'submitted') == before else 'NO'}")
    nbgrader("generate_feedback", "*", "--force", root=root)
    pages, shown = feedback_check(root)
    print(f"5. nbgrader generate_feedback → feedback/<student>/<lecture>/<lecture>.html: {pages} pages, "
          f"{len(shown)} lines of hidden tests shown")
    for line in shown:
        print(f"   SHOWN: {line}")
    nbgrader("export", root=root)
    print(f"6. nbgrader export → {root / 'grades.csv'} (Canvas's gradebook layout); the grades (score / max):\n")
    print(grade_table(root / "grades.csv", list(STUDENTS) + list(LMS_STUDENTS)))
    changed = tracked_changes(root) != tracked_before
    print(f"\nTracked files changed by the demo: {'YES, see git status' if changed else 'none'}")
    return 1 if changed or shown else 0


if __name__ == "__main__":
    raise SystemExit(main())
