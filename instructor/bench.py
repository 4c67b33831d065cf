"""Time every lecture (``make bench``) and write the figures into the README.

For each lecture: ``nbgrader autograde`` of the reference solution (wall clock, nbgrader's
start-up included) with the score it got, and a full interactive run of the student's
notebook filled with the reference answers (no grading mode, so training runs in full).

Usage: ``python -m instructor.bench [LECTURE ...]``; with no lecture, all of them, and the
README's table is rewritten.
"""

import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from instructor import notebooks
from instructor.course_dir import ROOT, lectures, nbgrader, notebook_path

TABLE = re.compile(r"(<!-- bench:start -->\n).*?(<!-- bench:end -->)", re.DOTALL)


def reference_notebook(lecture):
    release = notebooks.read(notebook_path(lecture, "release"))
    return notebooks.fill(release, notebooks.reference_answers(notebooks.read(notebook_path(lecture))))


def autograde(chosen, folder):
    """{lecture: (seconds, score, max score)} for nbgrader autograde of the reference solution."""
    from nbgrader.api import Gradebook

    for name in ("nbgrader_config.py", "pyproject.toml"):
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "source", folder / "source")
    nbgrader("generate_assignment", "*", "--force", root=folder)
    results = {}
    for lecture in chosen:
        path = notebook_path(lecture, "submitted/bench", folder)
        path.parent.mkdir(parents=True)
        notebooks.write(reference_notebook(lecture), path)
        start = time.perf_counter()
        nbgrader("autograde", lecture, "--student", "bench", "--force", root=folder, check=False)
        seconds = time.perf_counter() - start
        with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gradebook:
            submission = gradebook.find_submission(lecture, "bench")
            results[lecture] = (seconds, submission.score, submission.max_score)
    return results


def interactive(lecture, folder):
    """Seconds for a full run of the reference notebook, as a student runs it."""
    from nbclient import NotebookClient

    workdir = folder / f"run-{lecture}"
    shutil.copytree(ROOT / "source" / lecture, workdir, ignore=shutil.ignore_patterns("*.ipynb"))
    env = {key: value for key, value in os.environ.items() if key != "NBGRADER_EXECUTION"}
    client = NotebookClient(reference_notebook(lecture), timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(workdir)}})
    start = time.perf_counter()
    client.execute(env=env)
    return time.perf_counter() - start


def device():
    """The device the notebooks train on, in words: on a GPU its name, so that GPU figures can sit
    beside the CPU ones in the README."""
    import torch

    from course import get_device

    chosen = get_device()
    name = torch.cuda.get_device_name(chosen) if chosen.type == "cuda" else chosen.type
    return f"{name} (torch {torch.__version__}, {os.cpu_count()} CPU cores)"


def table(rows):
    lines = ["| lecture | autograde (s) | reference score | interactive run (s) |", "|---|---:|---:|---:|"]
    for lecture, (seconds, score, most), run in rows:
        lines.append(f"| {lecture} | {seconds:.1f} | {score:g} / {most:g} | {run:.1f} |")
    total_grade, total_run = sum(r[1][0] for r in rows), sum(r[2] for r in rows)
    lines.append(f"| **total** | **{total_grade:.1f}** | | **{total_run:.1f}** |")
    return "\n".join(lines) + "\n"


def main(argv):
    chosen = argv or lectures()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        graded = autograde(chosen, folder)
        rows = []
        for lecture in chosen:
            rows.append((lecture, graded[lecture], interactive(lecture, folder)))
            print(f"{lecture}: autograde {graded[lecture][0]:.1f} s, interactive {rows[-1][2]:.1f} s", flush=True)
    text = f"Device: {device()}.\n\n{table(rows)}"
    print(text)
    if not argv:
        readme = ROOT / "README.md"
        readme.write_text(TABLE.sub(lambda match: match[1] + text + match[2], readme.read_text()))
        print("README.md updated")


if __name__ == "__main__":
    main(sys.argv[1:])
