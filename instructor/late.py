"""The syllabus's late policy as nbgrader's late-submission plugin.

Homework loses 10 % of its score for each day, or part of a day, that it is late; a lab gets
half credit when it is less than a week late, and nothing after. Which lectures are labs is set
in ``nbgrader_config.py`` (``c.SyllabusLatePenalty.labs``); due dates are nbgrader's own
(``nbgrader db assignment add LECTURE --duedate=...``), and ``nbgrader autograde`` applies the
policy.

nbgrader keeps a submission's time in the gradebook and updates it only when the new
submission carries a ``timestamp.txt``: a resubmission without one would keep the penalty of an
earlier late one. The plugin therefore measures lateness from the submission that is being
graded, and treats one without a time as on time.
"""

import math
import os

from nbgrader.coursedir import CourseDirectory
from nbgrader.plugins import LateSubmissionPlugin
from nbgrader.utils import parse_utc
from traitlets import Float, List, Unicode

DAY = 24 * 3600


def homework_penalty(score, seconds_late, rate=0.1):
    """``rate`` of the score for each day or part of a day late, never more than the score."""
    return min(score, score * rate * math.ceil(seconds_late / DAY))


def lab_penalty(score, seconds_late, window_days=7):
    """Half the score when less than ``window_days`` late, all of it after."""
    return score / 2 if seconds_late < window_days * DAY else score


class SyllabusLatePenalty(LateSubmissionPlugin):
    """Homework: 10 % off per day late. Labs: half credit within a week, zero after."""

    labs = List(Unicode(), help="Lectures graded as labs; every other lecture is homework.").tag(config=True)
    homework_rate = Float(0.1, help="Fraction of the score lost per day (or part of a day) late.").tag(config=True)
    lab_window_days = Float(7, help="A lab this many days late, or more, gets nothing.").tag(config=True)

    def seconds_late(self, student_id, recorded):
        """Lateness of the submission on disk (its timestamp.txt against the due date)."""
        grader = self.parent  # nbgrader's AssignLatePenalties, which knows the assignment
        coursedir = CourseDirectory(config=self.config)
        folder = coursedir.format_path(coursedir.submitted_directory, student_id, grader.assignment_id)
        path = os.path.join(folder, "timestamp.txt")
        if not os.path.exists(path):
            if recorded > 0:
                self.log.warning("%s/%s has no timestamp.txt: graded as on time, although the gradebook "
                                 "still holds an earlier submission's late time", student_id, grader.assignment_id)
            return 0.0
        with open(path) as file:
            submitted = parse_utc(file.read().strip())
        due = grader.gradebook.find_assignment(grader.assignment_id).duedate  # nbgrader holds it open
        return 0.0 if due is None else max(0.0, (submitted - due).total_seconds())

    def late_submission_penalty(self, student_id, score, total_seconds_late):
        late = self.seconds_late(student_id, total_seconds_late)
        if late <= 0:
            return None
        if self.parent.assignment_id in self.labs:
            return lab_penalty(score, late, self.lab_window_days)
        return homework_penalty(score, late, self.homework_rate)
