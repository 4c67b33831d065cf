"""Helpers shared by the course notebooks.

Importing this package is cheap: NumPy, PyTorch and matplotlib are imported inside the
functions that need them, so a NumPy-only lecture never pays for PyTorch.
"""

from course.checks import (
    check_at_least,
    check_close,
    check_equal,
    check_fingerprint,
    check_moves_to_device,
    check_shape,
    check_shape_answer,
    check_true,
    check_type,
    fingerprint,
    to_numpy,
    torch_calls,
    trace_call,
)
from course.data import (
    DIGIT_TASKS,
    TEXTURE_CLASSES,
    DatasetUnavailable,
    League,
    Split,
    load_digit_strings,
    load_full_mnist,
    load_mnist_digits,
    load_sample_photos,
    load_small_digits,
    load_textures,
    make_digit_strings,
    make_textures,
    simulate_league,
)
from course.device import LeftOnCPU, get_device, run_on_meta, seed_everything
from course.grading import budget, is_grading
from course.plots import plot_history, show_images
from course.training import evaluate, fit

__all__ = [
    "DIGIT_TASKS",
    "DatasetUnavailable",
    "League",
    "LeftOnCPU",
    "Split",
    "TEXTURE_CLASSES",
    "budget",
    "check_at_least",
    "check_close",
    "check_equal",
    "check_fingerprint",
    "check_moves_to_device",
    "check_shape",
    "check_shape_answer",
    "check_true",
    "check_type",
    "evaluate",
    "fingerprint",
    "fit",
    "get_device",
    "is_grading",
    "load_digit_strings",
    "load_full_mnist",
    "load_mnist_digits",
    "load_sample_photos",
    "load_small_digits",
    "load_textures",
    "make_digit_strings",
    "make_textures",
    "plot_history",
    "run_on_meta",
    "seed_everything",
    "simulate_league",
    "show_images",
    "to_numpy",
    "torch_calls",
    "trace_call",
]
