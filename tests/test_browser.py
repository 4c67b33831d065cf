"""The course as its users see it: `make lab` and `make formgrader` in headless Chromium.

One student JupyterLab (``instructor.lab``, as ``make lab`` starts it, on a copy of ``work/``)
serves the student's steps, one instructor JupyterLab (as ``make formgrader``) the formgrader's;
both listen on 127.0.0.1 with a token and stop at the end. Chromium is Debian's
(``apt-get install chromium``; ``make test`` installs it: ``.ci/system-packages``), driven by Playwright, which never
downloads a browser here. Each step saves a screenshot in ``screenshots/`` (not committed).
"""

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from instructor import lab, notebooks
from instructor.course_dir import ROOT, notebook_path
from tests.conftest import LECTURES

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("COURSE_SCREENSHOTS", ROOT / "screenshots"))
LECTURE = "01_python_numpy"  # short and quick: the tests are about the clients, not a lecture
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "course-browser-test"
TIMEOUT = 120_000  # ms: a whole notebook run, or a validation, on a loaded 2-core machine

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Chromium: apt-get install -y chromium"),
    pytest.mark.skipif(LECTURE not in LECTURES, reason=f"a run of other lectures: the browser tests drive {LECTURE} "
                       "and run with the whole suite"),
]


def expect(locator):
    from playwright.sync_api import expect

    return expect(locator)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(instructor, root_dir, log):
    """Start JupyterLab as ``make lab`` (or ``make formgrader``) does; return (process, url)."""
    port = free_port()
    args, env = lab.command(instructor, root_dir=root_dir, extra=[
        "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
        f"--IdentityProvider.token={TOKEN}", "--ServerApp.port_retries=0"])
    process = subprocess.Popen(args, cwd=root_dir if instructor else ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            return process, url
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"JupyterLab did not start: {Path(log.name).read_text()[-3000:]}")


def stop(process):
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=FLAGS, viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(30_000)
        yield context
        context.close()
    print(f"\nscreenshots: {SHOTS}")


@pytest.fixture(scope="module")
def student(tmp_path_factory, browser):
    """The student's JupyterLab on a fresh ``work/`` (made by ``make lab``'s copy), with one more
    notebook, ``filled/<lecture>.ipynb``: the release with the reference answers."""
    work = tmp_path_factory.mktemp("work")
    lab.update_work(ROOT / "release", work)
    answers = notebooks.reference_answers(notebooks.read(notebook_path(LECTURE)))
    (work / "filled").mkdir()
    notebooks.write(notebooks.fill(notebooks.read(notebook_path(LECTURE, "release")), answers),
                    work / "filled" / f"{LECTURE}.ipynb")
    with open(SHOTS / "student-lab.log", "w") as log:
        process, url = serve(False, work, log)
        yield url, work, answers
        stop(process)


def open_notebook(page, url, *folders_and_name):
    """Open a notebook from the file browser, double-clicking each folder, then the file."""
    if "/lab" not in page.url:
        page.goto(f"{url}/lab?reset&token={TOKEN}")
    # Opened before JupyterLab knows the kernels, a notebook asks which kernel to start: wait for
    # the launcher's kernel card, and answer the question (with the default) should it come.
    page.locator(".jp-LauncherCard", has_text="Python 3").first.wait_for()
    page.add_locator_handler(page.locator(".jp-Dialog", has_text="Select Kernel"),
                             lambda dialog: dialog.locator(".jp-mod-accept").click())
    for name in folders_and_name:
        page.locator(".jp-DirListing-item", has_text=name).first.dblclick()
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for()
    page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for()


def run_all(page):
    """Run > Run All Cells; return when the first code cell has run (the rest may still be)."""
    first = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt").first
    before = first.inner_text()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    expect(first).not_to_have_text(before, timeout=TIMEOUT)


def cell_of(page, text):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell", has_text=text).first


def test_student_runs_a_lecture(browser, student):
    url, work, answers = student
    page = browser.new_page()
    try:
        student_steps(page, url, answers)
    finally:
        page.screenshot(path=SHOTS / "student-last.png")
        page.close()


def student_steps(page, url, answers):
    page.goto(f"{url}/lab?reset&token={TOKEN}")
    page.locator(".jp-DirListing-item", has_text=LECTURE).first.wait_for()
    # Only the student's extensions: Validate and the assignment list, no instructor tools.
    assert page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").count() == 0
    page.screenshot(path=SHOTS / "1-student-file-browser.png")

    open_notebook(page, url, LECTURE, f"{LECTURE}.ipynb")
    assert page.locator(".jp-NotebookPanel .validate-button").count() == 1
    assert page.locator(".jp-SideBar [title*='Create Assignment'], #create_assignment_widget").count() == 0
    run_all(page)
    release = notebooks.read(notebook_path(LECTURE, "release"))
    first = notebooks.answer_ids(release)[0]
    answer_cell = next(c for c in release.cells if notebooks.grading(c).get("grade_id") == first)
    check_cell = release.cells[release.cells.index(answer_cell) + 1]
    check = cell_of(page, check_cell.source.splitlines()[-1])
    error = check.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    expect(error).to_contain_text("NotImplementedError", timeout=TIMEOUT)
    error.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "2-student-blank-check-fails.png")

    answer = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell", has_text="YOUR CODE HERE")
    editor = answer.filter(has_text=answer_cell.source.splitlines()[0]).first.locator(".cm-content")
    editor.scroll_into_view_if_needed()
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(answers[first])
    run_all(page)
    expect(check.locator(".jp-OutputArea")).to_contain_text("visible checks passed", timeout=TIMEOUT)
    expect(error).to_have_count(0)
    check.locator(".jp-OutputArea").scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "3-student-check-passes.png")


@pytest.mark.parametrize("kind", ["filled", "blank"])
def test_validate_button(browser, student, kind):
    url, work, _ = student
    page = browser.new_page()
    path = ["filled", f"{LECTURE}.ipynb"] if kind == "filled" else [LECTURE, f"{LECTURE}.ipynb"]
    open_notebook(page, url, *path)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .validate-button").click()
    dialog = page.locator(".jp-Dialog")
    dialog.get_by_text("Validation Results").wait_for(timeout=TIMEOUT)
    page.screenshot(path=SHOTS / f"4-validate-{kind}.png")
    text = dialog.inner_text()
    if kind == "filled":
        assert "Success! Your notebook passes all the tests." in text
    else:
        assert "Tests failed" in text or "failed" in text.lower(), text
        assert "NotImplementedError" in text
    page.close()


def test_instructor_formgrader(browser, graded_class):
    root, scores = graded_class
    with open(SHOTS / "instructor-lab.log", "w") as log:
        process, url = serve(True, root, log)
        try:
            page = browser.new_page()
            page.goto(f"{url}/lab?reset&token={TOKEN}")
            page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").first.wait_for()
            page.goto(f"{url}/formgrader?token={TOKEN}")
            for lecture in LECTURES:
                page.get_by_text(lecture, exact=True).first.wait_for(timeout=TIMEOUT)
            page.screenshot(path=SHOTS / "5-formgrader-assignments.png", full_page=True)
            page.goto(f"{url}/formgrader/manage_submissions/{LECTURE}?token={TOKEN}")
            for name in scores:
                if name != "log":
                    page.get_by_text(name).first.wait_for()
            page.screenshot(path=SHOTS / "6-formgrader-submissions.png", full_page=True)
            page.close()
        finally:
            stop(process)
