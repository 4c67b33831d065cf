"""Performance bars at several seeds (``make bars``): every right answer clears every bar, with room.

A check cell that trains a model and measures it calls ``course.check_at_least``, which prints
``<measure> = <value> (bar <threshold>)``. For each such check, this runs the reference answer
and every right answer kept in ``tests/answers/`` for the answer cells the check depends on,
in grading mode (as nbgrader runs it) and as a student runs it, at ``COURSE_SEED`` = 0, 1, …,
and reports the lowest value each one reached beside its bar.

Usage: ``python -m instructor.bars [--seeds N] [LECTURE ...]``; with no lecture, all of them,
and the README's table is rewritten.
"""

import argparse
import re

from instructor import notebooks
from instructor.course_dir import ROOT, lectures, notebook_path
from instructor.harness import Runner, needed_cells

LINE = re.compile(r"^(.+) = (\S+) \(bar (\S+)\)$", re.MULTILINE)
TABLE = re.compile(r"(<!-- bars:start -->\n).*?(<!-- bars:end -->)", re.DOTALL)
MODES = {"grading": "autograde", "interactive": ""}


def bar_checks(source):
    """Indices of the test cells that measure against a bar."""
    return [i for i, cell in enumerate(source.cells) if notebooks.is_check(cell) and "check_at_least(" in cell.source]


def answers_for(lecture, source, check):
    """The reference (None) and the right answers of the answer cells that ``check`` depends on."""
    cells = {notebooks.grading(source.cells[i]).get("grade_id") for i in needed_cells(source, [check])
             if notebooks.is_answer(source.cells[i])}
    _, right = notebooks.load_answers(lecture)
    return [None] + [answer for answer in right if answer.cell in cells]


def measure(lecture, seeds):
    """Rows (check, measure, answer, mode, lowest value, bar, runs that failed) for one lecture."""
    source = notebooks.read(notebook_path(lecture))
    reference = notebooks.reference_answers(source)
    runner, rows = Runner(ROOT / "source" / lecture, timeout=600), []
    try:
        for check in bar_checks(source):
            grade_id = notebooks.grading(source.cells[check])["grade_id"]
            for answer in answers_for(lecture, source, check):
                answers = reference if answer is None else dict(reference, **{answer.cell: answer.code})
                nb = notebooks.fill(source, answers)
                for mode, execution in MODES.items():
                    values, failed = {}, 0
                    for seed in range(seeds):
                        env = {"NBGRADER_EXECUTION": execution, "COURSE_SEED": str(seed)}
                        failed += not all(runner.run(nb, [check], env=env).values())
                        for name, value, bar in LINE.findall(runner.printed.get(grade_id, "")):
                            values.setdefault((name, float(bar)), []).append(float(value))
                    name = "reference" if answer is None else answer.name
                    for (measured, bar), found in values.items():
                        rows.append((grade_id, measured, name, mode, min(found), bar, failed))
                        print(f"{lecture} {grade_id} {name} ({mode}): {measured} ≥ {min(found):.4f} over "
                              f"{len(found)} seeds, bar {bar:g}, {failed} failed", flush=True)
    finally:
        runner.close()
    return rows


def table(results, seeds):
    lines = [f"Lowest value over seeds 0–{seeds - 1} (`COURSE_SEED`); *failed* counts the runs below the bar.",
             "", "| lecture | check | measure | answer | mode | lowest | bar | failed |",
             "|---|---|---|---|---|---:|---:|---:|"]
    for lecture, rows in results.items():
        for check, measured, answer, mode, lowest, bar, failed in rows:
            cells = [lecture, check, measured, answer.replace("|", "&#124;"), mode, f"{lowest:.3f}", f"{bar:g}", failed]
            lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("lectures", nargs="*")
    args = parser.parse_args(argv)
    results = {lecture: measure(lecture, args.seeds) for lecture in args.lectures or lectures()}
    text = table(results, args.seeds)
    print(text)
    if not args.lectures:
        readme = ROOT / "README.md"
        readme.write_text(TABLE.sub(lambda match: match[1] + text + match[2], readme.read_text()))
        print("README.md updated")
    return 1 if any(row[-1] for rows in results.values() for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
