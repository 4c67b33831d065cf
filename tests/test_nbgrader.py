"""What nbgrader itself does with this course (the class is graded in the background while the
harness tests run; see conftest.py): release/ is what it generates, the reference gets full
marks, the blank release gets nothing, and what a submission prints to stderr changes nothing."""

from instructor import notebooks
from instructor.course_dir import ROOT, notebook_path


def check_points(lecture):
    nb = notebooks.read(notebook_path(lecture))
    return {notebooks.grading(c)["grade_id"]: float(notebooks.grading(c)["points"]) for c in nb.cells
            if notebooks.is_check(c)}


def test_release_is_what_nbgrader_generates(graded_class, lecture):
    root, _ = graded_class
    generated, committed = root / "release" / lecture, ROOT / "release" / lecture
    names = sorted(p.name for p in generated.iterdir())
    assert sorted(p.name for p in committed.iterdir()) == names, "release/ has other files: run `make release`"
    for name in names:
        assert (committed / name).read_bytes() == (generated / name).read_bytes(), (
            f"release/{lecture}/{name} is not current: run `make release` and commit"
        )


def test_reference_gets_full_marks_from_nbgrader(graded_class, lecture):
    _, scores = graded_class
    lost = {cell: (scores["reference"][lecture].get(cell), points) for cell, points in check_points(lecture).items()
            if scores["reference"][lecture].get(cell) != points}
    assert not lost, f"reference solution loses points (got, max): {lost}\n{scores['log'][-3000:]}"


def test_blank_release_scores_zero_on_every_check(graded_class, lecture):
    _, scores = graded_class
    blank = scores["blank"][lecture]
    assert set(blank) == set(check_points(lecture)), "nbgrader did not grade every test cell of the blank release"
    assert not {cell: score for cell, score in blank.items() if score}, "the blank release earns points"


def test_warnings_and_progress_bars_cost_no_points(graded_class, lecture):
    """The same answers get the same score, cell by cell, when every test cell also writes a warning
    and a progress bar to stderr (nbgrader would give such a cell 0 without the course's
    IgnorePattern setting)."""
    _, scores = graded_class
    assert scores["noisy"][lecture] == scores["reference"][lecture]
    assert "a harmless warning" not in scores["log"]  # stderr was dropped, not reported as an error
