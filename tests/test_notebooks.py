"""The conventions every lecture notebook follows (COURSE.md), checked on source/ and release/."""

import re

from instructor import notebooks
from instructor.course_dir import ROOT, lectures, notebook_path

HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", re.DOTALL)


def both(lecture):
    return [notebooks.read(notebook_path(lecture, kind)) for kind in ("source", "release")]


def test_there_are_lectures():
    assert lectures(), "source/ holds no lecture notebook"


def test_notebooks_are_committed_without_outputs(lecture):
    for nb in both(lecture):
        dirty = [i for i, cell in enumerate(nb.cells)
                 if cell.cell_type == "code" and (cell.outputs or cell.execution_count)]
        assert not dirty, f"cells {dirty} have outputs: clear them"


def test_release_has_no_solution_and_no_hidden_test(lecture):
    source, release = both(lecture)
    text = (ROOT / "release" / lecture / f"{lecture}.ipynb").read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS"):
        assert marker not in text
    released = "\n".join(cell.source for cell in release.cells)
    for cell in source.cells:
        for block in HIDDEN.findall(cell.source):
            assert block.strip() not in released, "a hidden test leaked into release/"
    reference = notebooks.reference_answers(source)
    for cell in release.cells:
        if notebooks.is_answer(cell):
            assert "raise NotImplementedError()" in cell.source
            assert cell.source != reference[notebooks.grading(cell)["grade_id"]]


def test_grade_ids_are_unique(lecture):
    ids = [notebooks.grading(cell)["grade_id"] for cell in both(lecture)[0].cells if notebooks.grading(cell)]
    assert len(ids) == len(set(ids)), f"repeated grade_ids: {sorted({i for i in ids if ids.count(i) > 1})}"


def test_every_test_cell_is_locked_and_worth_points(lecture):
    for nb in both(lecture):
        for cell in nb.cells:
            if notebooks.is_check(cell):
                meta = notebooks.grading(cell)
                assert meta["locked"] and meta["points"] > 0, meta["grade_id"]


def test_every_answer_cell_is_followed_by_its_visible_check(lecture):
    cells = both(lecture)[1].cells
    for i, cell in enumerate(cells):
        if notebooks.is_answer(cell):
            after = cells[i + 1] if i + 1 < len(cells) else None
            name = notebooks.grading(cell)["grade_id"]
            assert after is not None and notebooks.is_check(after), f"answer cell {name} has no check after it"
            assert after.source.strip(), "the visible part of a check cell is empty"


def test_first_cell_asks_for_the_students_name(lecture):
    """The syllabus asks for the student's name and the assignment's at the top of every notebook."""
    for nb in both(lecture):
        assert notebooks.is_name_cell(nb.cells[0]), "run `make release`: it adds the name cell"
        assert notebooks.written_name(nb) == "" and lecture in nb.cells[0].source


def test_first_code_cell_is_the_current_colab_setup(lecture):
    for nb in both(lecture):
        first = next(cell for cell in nb.cells if cell.cell_type == "code")
        assert notebooks.is_setup(first) and first.source == notebooks.setup_source(), "run `make release`"


def test_every_answer_cell_has_wrong_answers_to_catch(lecture):
    wrong, right = notebooks.load_answers(lecture)
    ids = notebooks.answer_ids(both(lecture)[0])
    assert {answer.cell for answer in wrong + right} <= set(ids), "answers name cells that do not exist"
    missing = set(ids) - {answer.cell for answer in wrong}
    assert not missing, f"no wrong answers (mutants) for {sorted(missing)} in tests/answers/{lecture}.py"


def test_text_form_round_trips(lecture):
    """jupytext's percent format keeps every cell and all of nbgrader's metadata, so a lecture can
    be edited as a Python file and turned back into its notebook (see the README)."""
    import jupytext

    def essence(nb):
        return [(c.cell_type, c.source, c.metadata) for c in nb.cells]

    source = both(lecture)[0]
    assert essence(jupytext.reads(jupytext.writes(source, fmt="py:percent"), fmt="py:percent")) == essence(source)
