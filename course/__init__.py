"""Helpers shared by the course notebooks.

Importing this package is cheap: NumPy, PyTorch and matplotlib are imported inside the
functions that need them, so a NumPy-only lecture never pays for PyTorch.
"""

from course.checks import (
    check_at_least,
    check_close,
    check_equal,
    check_fingerprint,
    check_shape,
    check_shape_answer,
    check_true,
    check_type,
    fingerprint,
    to_numpy,
    trace_call,
)
from course.data import (
    TEXTURE_CLASSES,
    DatasetUnavailable,
    League,
    Split,
    load_full_mnist,
    load_mnist_digits,
    load_sample_photos,
    load_small_digits,
    load_textures,
    make_textures,
    sample_per_class,
    simulate_league,
    weights_reachable,
)
from course.device import get_device, seed_everything
from course.grading import budget, is_grading
from course.plots import plot_history, show_images
from course.training import evaluate, fit

__all__ = [
    "DatasetUnavailable",
    "League",
    "Split",
    "TEXTURE_CLASSES",
    "budget",
    "check_at_least",
    "check_close",
    "check_equal",
    "check_fingerprint",
    "check_shape",
    "check_shape_answer",
    "check_true",
    "check_type",
    "evaluate",
    "fingerprint",
    "fit",
    "get_device",
    "is_grading",
    "load_full_mnist",
    "load_mnist_digits",
    "load_sample_photos",
    "load_small_digits",
    "load_textures",
    "make_textures",
    "plot_history",
    "sample_per_class",
    "seed_everything",
    "simulate_league",
    "show_images",
    "to_numpy",
    "trace_call",
    "weights_reachable",
]
