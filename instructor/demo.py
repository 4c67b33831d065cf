"""The main job (``make demo``): release the lectures and grade a sample class with nbgrader.

Every step is one of nbgrader's own commands run in this folder, on its default SQLite
gradebook (``gradebook.db``):

1. ``nbgrader generate_assignment`` rebuilds ``release/`` from ``source/``;
2. a sample class is written into ``submitted/`` (see ``STUDENTS``);
3. ``nbgrader autograde``, ``generate_feedback`` (into ``feedback/``) and ``export``
   (into ``grades.csv``);
4. the grade table, student × lecture, is printed from ``grades.csv``.

Only ignored paths are written, and a second run prints the same table.
"""

import copy
import csv
import hashlib
import json
import re
import shutil
import subprocess

from instructor import notebooks
from instructor.course_dir import ROOT, lectures, nbgrader, notebook_path
from instructor.release import generate

STUDENTS = {
    "ada": "submits the reference solutions",
    "ben": "submits the blank release",
    "cy": "answers every other question right and the rest with a plausible wrong answer",
    "dee": "submits a broken notebook: invalid JSON, a deleted test cell, an endless loop (by lecture, in turn)",
}
NOISE = ("checksum", "Kernel is running over TCP", "Please see the the above traceback",
         "error processing assignment:", "Removing existing assignment")
WHERE = re.compile(r"/(?:submitted|autograded)/([^/]+)/([^/\s]+)")
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


def write_class(root=ROOT):
    """Write the sample class into ``submitted/``; return a line on each broken notebook."""
    broken = []
    for student in STUDENTS:
        shutil.rmtree(root / "submitted" / student, ignore_errors=True)
    for index, lecture in enumerate(lectures(root)):
        release = notebooks.read(notebook_path(lecture, "release", root))
        reference = notebooks.reference_answers(notebooks.read(notebook_path(lecture, "source", root)))
        wrong, _ = notebooks.load_answers(lecture, root)
        first_wrong = {}
        for answer in wrong:
            first_wrong.setdefault(answer.cell, answer.code)
        mixed = {cell: reference[cell] if i % 2 == 0 else first_wrong.get(cell, reference[cell])
                 for i, cell in enumerate(notebooks.answer_ids(release))}
        dee, what = _break(release, index, reference)
        for student, nb in [("ada", notebooks.fill(release, reference)), ("ben", release),
                            ("cy", notebooks.fill(release, mixed)), ("dee", dee)]:
            path = _submission(student, lecture, root)
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(nb, str):
                path.write_text(nb)
            else:
                notebooks.write(nb, path)
        broken.append(f"dee/{lecture}: {what}")
    return broken


def digest(folder):
    """One hash of every file below ``folder`` (names and contents)."""
    total = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        total.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return total.hexdigest()


def log_lines(log):
    """nbgrader's warnings and errors, each with the submission it concerns; of a traceback,
    only its last line (the exception)."""
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
        if ("| ERROR]" in line or "| WARNING]" in line) and not any(noise in line for noise in NOISE):
            message = line.split("] ", 1)[1]
            if message.startswith("Traceback"):
                traceback = ""
            else:
                lines.append(f"{where}: {WHERE.sub('', message).strip()}")
    return list(dict.fromkeys(lines))


def grade_table(csv_path, students):
    """The grade table, student × lecture (score / max), as text."""
    with open(csv_path) as file:
        rows = [row for row in csv.DictReader(file) if row["student_id"] in students]
    assignments = sorted({row["assignment"] for row in rows})
    score = {(row["student_id"], row["assignment"]): (float(row["score"]), float(row["max_score"])) for row in rows}
    return score_table(score, students, assignments)


def score_table(score, students, assignments):
    """The grade table as text, from ``score[(student, assignment)] = (score, max score)``."""
    header = ["student"] + [a.split("_")[0] for a in assignments] + ["total"]
    lines = [header]
    for student in students:
        cells = [score.get((student, a), (0.0, 0.0)) for a in assignments]
        got, most = sum(c[0] for c in cells), sum(c[1] for c in cells)
        lines.append([student] + [f"{c[0]:g} / {c[1]:g}" for c in cells] + [f"{got:g} / {most:g}"])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join("  ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)) for line in lines)


def tracked_changes(root):
    """How tracked files differ from the last commit (empty outside a git checkout)."""
    result = subprocess.run(["git", "diff", "HEAD"], cwd=root, capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else ""


def main(root=ROOT):
    tracked_before = tracked_changes(root)
    print(f"1. nbgrader generate_assignment: release/ from source/ for {', '.join(lectures(root))}")
    generate(root)
    print("2. sample class in submitted/:")
    for student, what in STUDENTS.items():
        print(f"   {student:4s} {what}")
    for line in write_class(root):
        print(f"   {line}")
    before = digest(root / "submitted")
    print("3. nbgrader autograde (this runs every notebook: a few minutes)")
    graded = nbgrader("autograde", "*", "--force", root=root, check=False)
    for line in log_lines(graded.stdout + graded.stderr):
        print(f"   {line}")
    print(f"   submitted/ unchanged by grading: {'yes' if digest(root / 'submitted') == before else 'NO'}")
    print("4. nbgrader generate_feedback → feedback/; nbgrader export → grades.csv")
    nbgrader("generate_feedback", "*", "--force", root=root)
    nbgrader("export", root=root)
    print(f"\nGrades (score / max), {root / 'grades.csv'}:\n")
    print(grade_table(root / "grades.csv", list(STUDENTS)))
    changed = tracked_changes(root) != tracked_before
    print(f"\nTracked files changed by the demo: {'YES, see git status' if changed else 'none'}")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
