"""Time every lecture (``make bench``) and write the figures into the README.

For each lecture: ``nbgrader autograde`` of the reference solution (wall clock, nbgrader's
start-up included) with the score it got, and a full interactive run of the student's
notebook filled with the reference answers (no grading mode, so training runs in full).

Then grading at scale (``--grading``): a class of 40 submissions of one lecture (the reference
answers, 01_python_numpy unless told otherwise) graded four ways: ``nbgrader autograde`` without
the sandbox (grading as it was before), ``nbgrader autograde`` (one command, one submission after
another, sandboxed), ``python -m instructor.grade --jobs 1`` and ``--jobs N`` (N: the number of
cores). It gives the speed-up of ``--jobs N`` over nbgrader,
the time per submission, and grading's overhead: the time to grade one submission over the
*floor*, the time to execute the same notebook bare in grading mode (a fresh kernel, no sandbox,
nothing saved), the best of three.

Usage: ``python -m instructor.bench [LECTURE ...]``; with no lecture, all of them, then the
grading benchmark, and the README's tables are rewritten. ``python -m instructor.bench --grading
[--lecture L] [--students 40] [--jobs N] [--config FILE]`` runs the grading benchmark alone and
rewrites its README table (``--config``: grade with another nbgrader_config.py, e.g. an older one,
to compare; the README is left alone then).
"""

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from instructor import notebooks
from instructor.course_dir import ROOT, _environment, lectures, nbgrader, notebook_path

TABLE = re.compile(r"(<!-- bench:start -->\n).*?(<!-- bench:end -->)", re.DOTALL)
BEFORE = "nbgrader autograde, no sandbox"  # grading as it was before the sandbox and instructor.grade
GRADING = re.compile(r"(<!-- grading:start -->\n).*?(<!-- grading:end -->)", re.DOTALL)


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


def floor(lecture, folder, runs=3):
    """(wall, CPU) seconds to execute the reference notebook bare in grading mode: a fresh plain
    kernel, no nbgrader, no sandbox; the best of ``runs``."""
    from nbclient import NotebookClient

    workdir = folder / f"floor-{lecture}"
    shutil.copytree(ROOT / "source" / lecture, workdir, ignore=shutil.ignore_patterns("*.ipynb"))
    env = dict(os.environ, NBGRADER_EXECUTION="autograde", OMP_NUM_THREADS="1")
    best = (float("inf"), float("inf"))
    for _ in range(runs):
        client = NotebookClient(reference_notebook(lecture), timeout=600, kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": str(workdir)}})
        start, cpu = time.perf_counter(), own_cpu()
        client.execute(env=env)  # the kernel is this process's child, and waited for: its CPU time counts
        best = min(best, (time.perf_counter() - start, own_cpu() - cpu))
    return best


def own_cpu():
    """CPU seconds of this process and of its children that have ended."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cpu_group():
    """A new cgroup that counts the CPU time of every process in it (cgroup v1's cpuacct, or v2),
    with the function that reads it; (None, None) where this process may not make one (not root).
    A command's process tree is counted whole, sandboxed kernels included, which the rusage of
    the processes this one waits for misses."""
    v1 = (Path("/sys/fs/cgroup/cpuacct"), lambda group: int((group / "cpuacct.usage").read_text()) / 1e9)
    v2 = (Path("/sys/fs/cgroup"),
          lambda group: int(re.search(r"usage_usec (\d+)", (group / "cpu.stat").read_text())[1]) / 1e6)
    for base, read in (v1, v2):
        if (base / "cgroup.procs").exists():
            group = base / f"course-bench-{os.getpid()}-{time.monotonic_ns()}"
            try:
                group.mkdir()
                return group, read
            except OSError:
                continue
    return None, None


def grading_class(lecture, students, folder, config, extra=""):
    """A course folder with ``students`` submissions of the reference answers (``extra``: lines
    added to its nbgrader_config.py)."""
    folder.mkdir()
    shutil.copy(config, folder / "nbgrader_config.py")
    with open(folder / "nbgrader_config.py", "a") as file:
        file.write(extra)
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    shutil.copytree(ROOT / "source" / lecture, folder / "source" / lecture)
    nbgrader("generate_assignment", lecture, "--force", root=folder)
    nb = reference_notebook(lecture)
    for i in range(students):
        path = notebook_path(lecture, f"submitted/s{i:03d}", folder)
        path.parent.mkdir(parents=True)
        notebooks.write(nb, path)


def timed(command, folder):
    """(wall, CPU) seconds of a command and of everything it starts; CPU is None without a cgroup."""
    group, read = cpu_group()
    if group:
        command = ["sh", "-c", f'echo $$ > "{group}/cgroup.procs" && exec "$@"', "sh", *command]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=folder, env=_environment(), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode:
        print(result.stdout[-2000:], result.stderr[-2000:], file=sys.stderr)
    cpu = read(group) if group else None
    for _ in range(100):  # the group empties as its last processes are reaped
        try:
            group and group.rmdir()
            break
        except OSError:
            time.sleep(0.1)
    return seconds, cpu


def grading(lecture="01_python_numpy", students=40, jobs=None, config=ROOT / "nbgrader_config.py"):
    """The grading benchmark: {name: (wall, CPU) seconds} and its table as text."""
    jobs = jobs or os.cpu_count() or 1
    load = [os.getloadavg()[0]]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seconds = {"floor": floor(lecture, folder)}
        print(f"floor (bare run in grading mode): {seconds['floor'][0]:.1f} s", flush=True)
        grade = [sys.executable, "-m", "instructor.grade", lecture, "--force", "--root", "."]
        autograde = [sys.executable, "-m", "nbgrader", "autograde", lecture, "--force"]
        runs = [(BEFORE, autograde, "\nc.Sandbox.enabled = False\n"),  # nbgrader as it was: no sandbox
                ("nbgrader autograde", autograde, ""),
                ("instructor.grade --jobs 1", [*grade, "--jobs", "1"], ""),
                (f"instructor.grade --jobs {jobs}", [*grade, "--jobs", str(jobs)], "")]
        for name, command, extra in runs:
            course = folder / f"class-{len(seconds)}"
            grading_class(lecture, students, course, config, extra)
            load.append(os.getloadavg()[0])
            seconds[name] = timed(command, course)
            print(f"{name}: {seconds[name][0]:.1f} s for {students} submissions", flush=True)
    base, best, (bare, bare_cpu) = seconds["nbgrader autograde"][0], seconds[runs[-1][0]][0], seconds["floor"]
    lines = [f"Class of {students} submissions of {lecture} (reference answers), {os.cpu_count()} CPU cores, "
             f"load average {min(load):.1f} to {max(load):.1f} before the runs. Floor (the notebook run bare in "
             f"grading mode): {bare:.2f} s, {bare_cpu:.2f} s of CPU.", "",
             "| grading | wall clock (s) | per submission (s) | overhead (× floor) | CPU per submission (s) | "
             "CPU overhead (× floor) | speed-up |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, *_ in runs:
        (wall, cpu), workers = seconds[name], jobs if name.endswith(f"--jobs {jobs}") and jobs > 1 else 1
        cpu_cells = f"{cpu / students:.2f} | {cpu / students / bare_cpu:.2f}" if cpu is not None else "– | –"
        lines.append(f"| `{name}` | {wall:.0f} | {wall / students:.2f} | {wall * workers / students / bare:.2f} | "
                     f"{cpu_cells} | {base / wall:.2f} |")
    lines += ["", f"Speed-up of `--jobs {jobs}` over `nbgrader autograde`: **{base / best:.2f}×** (over nbgrader "
              f"without the sandbox: {seconds[BEFORE][0] / best:.2f}×). The overhead of "
              f"`--jobs {jobs}` counts each worker's time (wall clock × workers / submissions). CPU is the time "
              "of every process of the run, kernels included (where a cgroup can count it), which other users "
              "of the machine do not change."]
    return seconds, "\n".join(lines) + "\n"


def write_readme(pattern, text):
    readme = ROOT / "README.md"
    readme.write_text(pattern.sub(lambda match: match[1] + text + match[2], readme.read_text()))
    print("README.md updated")


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m instructor.bench")
    parser.add_argument("lectures", nargs="*")
    parser.add_argument("--grading", action="store_true", help="the grading benchmark alone")
    parser.add_argument("--lecture", default="01_python_numpy", help="lecture of the grading benchmark")
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=None, help="workers of the parallel run (default: cores)")
    parser.add_argument("--config", default=str(ROOT / "nbgrader_config.py"), help="nbgrader_config.py to grade with")
    args = parser.parse_args(argv)
    if args.grading:
        config = Path(args.config).resolve()
        _, text = grading(args.lecture, args.students, args.jobs, config)
        print(text)
        if config == ROOT / "nbgrader_config.py":
            write_readme(GRADING, text)
        return
    chosen = args.lectures or lectures()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        graded = autograde(chosen, folder)
        rows = []
        for lecture in chosen:
            rows.append((lecture, graded[lecture], interactive(lecture, folder)))
            print(f"{lecture}: autograde {graded[lecture][0]:.1f} s, interactive {rows[-1][2]:.1f} s", flush=True)
    text = f"Device: {device()}.\n\n{table(rows)}"
    print(text)
    if not args.lectures:
        write_readme(TABLE, text)
        _, text = grading(args.lecture, args.students, args.jobs)
        print(text)
        write_readme(GRADING, text)


if __name__ == "__main__":
    main(sys.argv[1:])
