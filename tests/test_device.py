"""Every training exercise runs unchanged on a GPU: a forgotten ``.to(device)`` is caught without one.

On a CPU a training loop that leaves its batches on the CPU works, since the model is on the
CPU too; on a GPU the same loop crashes. So that a grader with a GPU never crashes on a right
answer nor passes a wrong one, and a student without a GPU still learns of the mistake, each
training exercise is run here with its model on PyTorch's ``meta`` device
(:func:`course.run_on_meta`): like a GPU it refuses to mix its tensors with CPU ones, and it
computes shapes only, so it is fast. Reading a meta value (``loss.item()``) gives zeros, so
the whole function runs, its validation part included.

The convention, in ``tests/answers/<lecture>.py`` (add a lecture by adding both):

- ``DEVICE_PROBES = {grade_id: {"setup": CODE, "run": CODE}}``, one entry per answer cell that
  trains or evaluates a model on a device. ``setup`` runs first (the imports the notebook has
  made by the time of the exercise), then the answer's code, then ``run``, which must define
  ``call(device)``: it builds a small model, moves it to ``device``, keeps its data on the CPU
  and calls the exercise's function.
- ``FORGETS_DEVICE``: wrong answers of those cells that leave a tensor on the CPU (inputs,
  targets, validation batches...). They must also be in ``WRONG``, so that the harness shows
  that the notebook's own check catches them, visibly and under grading (the check cell calls
  ``course.check_moves_to_device``).

The reference answer and every right answer of each probed cell must run on ``meta``; every
``FORGETS_DEVICE`` answer must be caught.
"""

import pytest
from conftest import LECTURES

from instructor import notebooks
from instructor.course_dir import ROOT, notebook_path


def bank(lecture):
    """The lecture's answers module (tests/answers/<lecture>.py)."""
    import importlib.util

    path = ROOT / "tests" / "answers" / f"{lecture}.py"
    spec = importlib.util.spec_from_file_location(f"device_answers_{lecture}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def probed():
    """(lecture, probes, forgetting answers, right answers) for the lectures that declare probes."""
    for lecture in LECTURES:
        module = bank(lecture)
        probes = getattr(module, "DEVICE_PROBES", {})
        if probes:
            yield lecture, probes, getattr(module, "FORGETS_DEVICE", []), module.RIGHT, module.WRONG


def run_on_meta(probe, code):
    """Run ``code`` (an answer cell) with ``probe`` on the meta device; None, or the LeftOnCPU error."""
    import course

    namespace = {"__name__": "device_probe"}
    exec(compile(probe["setup"], "<setup>", "exec"), namespace)
    exec(compile(code, "<answer>", "exec"), namespace)
    exec(compile(probe["run"], "<probe>", "exec"), namespace)
    try:
        course.run_on_meta(namespace["call"])
    except course.LeftOnCPU as error:
        return error
    return None


def cases(kind):
    params = []
    for lecture, probes, forgets, right, _ in probed():
        reference = notebooks.reference_answers(notebooks.read(notebook_path(lecture)))
        for cell, probe in probes.items():
            if kind == "forgets":
                answers = [a for a in forgets if a.cell == cell]
            else:
                answers = [notebooks.Answer(cell, "reference", reference[cell])] + [a for a in right if a.cell == cell]
            params += [pytest.param(probe, answer, id=f"{lecture}:{cell}:{answer.name}") for answer in answers]
    return params


@pytest.mark.parametrize("probe, answer", cases("right"))
def test_right_training_code_runs_on_another_device(probe, answer):
    error = run_on_meta(probe, answer.code)
    assert error is None, f"{answer.name!r} leaves a tensor on the CPU: {error}"


@pytest.mark.parametrize("probe, answer", cases("forgets"))
def test_forgotten_to_device_is_caught(probe, answer):
    assert run_on_meta(probe, answer.code) is not None, f"{answer.name!r} runs on meta: it moves every tensor"


def test_every_probed_cell_has_answers_that_forget_the_device():
    for lecture, probes, forgets, _, wrong in probed():
        missing = set(probes) - {answer.cell for answer in forgets}
        assert not missing, f"{lecture}: no FORGETS_DEVICE answers for {sorted(missing)}"
        not_graded = [answer.name for answer in forgets if answer not in wrong]
        assert not not_graded, f"{lecture}: FORGETS_DEVICE answers missing from WRONG: {not_graded}"


def test_probed_cells_exist():
    for lecture, probes, _, _, _ in probed():
        ids = notebooks.answer_ids(notebooks.read(notebook_path(lecture)))
        assert set(probes) <= set(ids), f"{lecture}: DEVICE_PROBES names cells that do not exist"
