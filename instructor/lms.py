"""Submissions in from a learning-management system, grades out to it, and the name cell.

In: students upload ``FirstName_LastName_Lecture.ipynb`` and the LMS hands the instructor a
zip of them. ``nbgrader zip_collect LECTURE`` with :class:`RosterCollector` (set in
``nbgrader_config.py``) matches each file to a student of the gradebook's roster (imported with
``nbgrader db student import roster.csv``) and copies it into ``submitted/``. Names are compared
without accents, case, spaces, hyphens or underscores, so ``Benoit_Dupre-Martin`` finds Benoît
Dupré-Martin and ``Dee_Ann_Smith`` and ``DeeAnn_Smith`` both find Dee Ann Smith; a prefix that
the LMS adds to the name, and a copy's " (1)", are ignored. Every file that is not collected, and every collected file
that needs a look, gets a line in ``downloaded/LECTURE/report.txt`` (and in nbgrader's log).

Out: ``nbgrader export`` with :class:`CanvasExport` writes ``grades.csv`` in the layout of
Canvas's gradebook import (see the README), late penalties applied.

Every lecture notebook starts with a markdown cell (``instructor.notebooks.sync_name_cell``) where the student
writes their name, as the syllabus asks; :class:`CheckNameCell`, one of nbgrader's sanitizing
steps in ``autograde``, logs each submission that left it empty.
"""

import csv
import json
import os
import re
import unicodedata

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin, FileNameCollectorPlugin
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Dict, Unicode

from instructor.notebooks import written_name

# What a browser or an LMS appends to a second upload of the same name: " (1)", "-1".
COPY_MARK = re.compile(r"(?: \(\d+\)|-\d+)$")
# Letters that Unicode does not decompose into a base letter and an accent.
LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
                         "ı": "i"})


def squeeze(text):
    """``text`` without accents, case or anything but letters and digits: 'Dupré-Martin' → 'dupremartin'."""
    plain = unicodedata.normalize("NFKD", text.casefold().translate(LETTERS))
    return "".join(c for c in plain if c.isalnum() and not unicodedata.combining(c))


class RosterCollector(FileNameCollectorPlugin):
    """``FirstName_LastName_Lecture.ipynb`` → the roster's student, with a report of every problem.

    On the first file nbgrader hands it, it looks at every extracted file at once, so that of two
    files for one student it keeps the one without a copy mark (" (1)"), whatever their order.
    """

    report_name = Unicode("report.txt", help="The report, written beside the archive folder.").tag(config=True)

    def collect(self, submitted_file):
        if not hasattr(self, "plan"):
            self.plan = self._plan()
        return self.plan.get(submitted_file)

    def _plan(self):
        """{extracted file: what to tell nbgrader (None: skip it)}, and the report written."""
        app = self.parent
        self.lecture, self.notes = app.coursedir.assignment_id, []
        with Gradebook(app.coursedir.db_url, app.coursedir.course_id) as gradebook:
            self.students = {squeeze(s.first_name or "") + squeeze(s.last_name or ""): s.id
                             for s in gradebook.students if s.first_name or s.last_name}
            self.lectures = sorted((a.name for a in gradebook.assignments), key=len, reverse=True)
        folder = app._format_collect_path(app.extracted_directory)
        files = sorted(os.path.join(top, name) for top, _, names in os.walk(folder) for name in names)
        owners = {path: self._owner(path) for path in files}
        plan = {}
        for student in sorted({owner for owner in owners.values() if owner}):
            mine = sorted((path for path, owner in owners.items() if owner == student),
                          key=lambda path: (bool(COPY_MARK.search(os.path.splitext(path)[0])), path))
            plan[mine[0]] = {"student_id": student, "file_id": f"{self.lecture}.ipynb"}
            for other in mine[1:]:
                self._note(other, f"a second file for {student}: skipped, {os.path.basename(mine[0])} collected")
            self._check(mine[0], student, app)
        self.notes.sort()
        report = os.path.join(os.path.dirname(app._format_collect_path(app.archive_directory)), self.report_name)
        with open(report, "w") as file:
            file.write(f"nbgrader zip_collect {self.lecture}: files not collected, or to look at\n")
            file.writelines(f"{line}\n" for line in self.notes)
        return plan

    def _note(self, path, text):
        line = f"{os.path.basename(path)}: {text}"
        self.log.warning(line)
        self.notes.append(line)

    def _owner(self, path):
        """The student a file belongs to, or None (with a note saying why)."""
        stem, extension = os.path.splitext(os.path.basename(path))
        if extension != ".ipynb":
            return self._note(path, f"not a notebook ({extension or 'no extension'}): skipped")
        try:
            with open(path, encoding="utf-8") as file:
                json.load(file)
        except (ValueError, UnicodeDecodeError) as error:
            return self._note(path, f"not a notebook (not valid JSON: {error}): skipped")
        squeezed = squeeze(COPY_MARK.sub("", stem))
        lecture = next((name for name in self.lectures if squeezed.endswith(squeeze(name))), None)
        if lecture is None:
            return self._note(path, f"names no lecture (expected FirstName_LastName_{self.lecture}): skipped")
        if lecture != self.lecture:
            return self._note(path, f"is for {lecture}, not {self.lecture}: skipped")
        name = squeezed[: -len(squeeze(lecture))]
        found = [known for known in self.students if known and name.endswith(known)]
        if not found:
            return self._note(path, "matches no student on the roster (nbgrader db student list): skipped")
        return self.students[max(found, key=len)]

    def _check(self, path, student, app):
        """Notes on a collected file: an empty name cell, a submission it replaces."""
        with open(path, encoding="utf-8") as file:
            if written_name(json.load(file)) == "":
                self._note(path, f"collected for {student}, but the name cell at the top is empty")
        folder = app.coursedir.format_path(app.coursedir.submitted_directory, student, self.lecture)
        if os.path.isdir(folder) and os.listdir(folder):
            self._note(path, f"{student} already has a submission in {folder}: "
                       + ("replaced (--force)" if app.force else "zip_collect stops unless run with --force"))


class CheckNameCell(NbGraderPreprocessor):
    """Log a submission whose name cell is empty (one of autograde's sanitizing steps)."""

    def preprocess(self, nb, resources):
        if written_name(nb) == "":
            self.log.warning("The name cell at the top of the notebook is empty")
        return nb, resources


class CanvasExport(ExportPlugin):
    """Grades in the layout of Canvas's gradebook CSV, late penalties applied.

    Columns: ``Student`` ("Last, First"), ``ID`` (the student's ``lms_user_id`` on the roster),
    ``SIS User ID`` (the nbgrader student id), ``SIS Login ID`` (the email), ``Section``, then one
    column per lecture; the second row gives each lecture's points. Canvas matches a column to
    its assignment by the name it exports (``Lecture 02 (1234)``): map lecture ids to those
    names with ``c.CanvasExport.columns``.
    """

    columns = Dict(Unicode(), help="Lecture id → the column name of its Canvas assignment.").tag(config=True)
    section = Unicode("", help="The Section column's value.").tag(config=True)

    def export(self, gradebook):
        lectures = [a for a in gradebook.assignments if not self.assignment or a.name in self.assignment]
        students = [s for s in gradebook.students if not self.student or s.id in self.student]
        header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
        with open(self.to or "grades.csv", "w", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(header + [self.columns.get(a.name, a.name) for a in lectures])
            writer.writerow(["Points Possible", "", "", "", ""] + [f"{a.max_score:g}" for a in lectures])
            for student in students:
                name = ", ".join(part for part in (student.last_name, student.first_name) if part) or student.id
                row = [name, student.lms_user_id or "", student.id, student.email or "", self.section]
                writer.writerow(row + [f"{self._score(gradebook, a.name, student.id):g}" for a in lectures])

    @staticmethod
    def _score(gradebook, lecture, student):
        """The score after the late penalty; 0 without a submission."""
        try:
            submission = gradebook.find_submission(lecture, student)
        except MissingEntry:
            return 0.0
        return max(0.0, submission.score - submission.late_submission_penalty)
