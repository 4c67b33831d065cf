"""nbgrader's configuration for this course; every nbgrader command run in this folder reads it.

The assignments are the folders of ``source/`` (one lecture notebook each): nbgrader finds
them there, and ``generate_assignment`` records each one in the gradebook, so no list of
assignments is kept here. The gradebook is nbgrader's default SQLite file, ``gradebook.db``.
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (nbgrader defines get_config when it reads this file)

ROOT = str(Path(__file__).resolve().parent)
c.CourseDirectory.course_id = "dl-course"
c.CourseDirectory.root = ROOT
if ROOT not in sys.path:  # the plugins below live in instructor/, wherever nbgrader runs
    sys.path.insert(0, ROOT)

# What replaces the instructor's solution in the student's notebook.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# Per cell. A reference notebook grades in well under 30 s in all (training shrinks while
# nbgrader runs it, see course.budget); 60 s leaves a slow student's cell room to finish,
# and stops an endless loop without holding up the rest of the class for long.
c.Execute.timeout = 60

# The kernels nbgrader starts inherit this process's environment. One thread each: the models
# graded are small, so one thread is as fast, and several processes grading at once (CI grades
# in the background while other tests run) do not fight over the cores, which slows PyTorch
# tenfold. Set OMP_NUM_THREADS yourself to choose otherwise.
os.environ.setdefault("OMP_NUM_THREADS", "1")

# A test cell earns its points unless it raises. nbgrader also gives 0 to a cell that writes to
# stderr, so a right answer whose code makes PyTorch or NumPy warn, or draws a progress bar,
# would lose points; nbgrader's IgnorePattern drops every stderr output before grading.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"[\s\S]"  # any character: every stderr output

# A student who deletes a test cell gets it back from the gradebook, with a warning in the
# log, and is graded on it like everyone else (instead of "needs manual grading" forever).
c.OverwriteCells.add_missing_cells = True

# --- The instructor's week (README, "The instructor's week") ------------------------------

# Late work, by the syllabus: homework loses 10 % per day late, labs get half credit within a
# week and nothing after. Due dates live in the gradebook: nbgrader db assignment add ID --duedate=...
c.AssignLatePenalties.plugin_class = "instructor.late.SyllabusLatePenalty"
c.SyllabusLatePenalty.labs = ["01_python_numpy"]

# Submissions downloaded from an LMS as FirstName_LastName_Lecture.ipynb: nbgrader zip_collect LECTURE.
c.ZipCollectApp.collector_plugin = "instructor.lms.RosterCollector"

# Autograde logs every submission that left the name cell at the top empty.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
    "instructor.lms.CheckNameCell",
]

# Feedback shows each test cell as released (no hidden test) and each failure as its message.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "instructor.feedback.HideHiddenTests",
]

# Grades out in the layout of Canvas's gradebook import, late penalties applied: nbgrader export.
c.ExportApp.plugin_class = "instructor.lms.CanvasExport"
