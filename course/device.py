"""Where tensors live, and how runs are made repeatable."""

import os
import random


def get_device(prefer=None):
    """Return the best available ``torch.device``: CUDA, then Apple's MPS, then the CPU.

    ``prefer`` (for example ``"cpu"``) overrides the choice, as does the environment
    variable ``COURSE_DEVICE``; both are handy to compare devices or to debug on the CPU.
    """
    import torch

    name = prefer or os.environ.get("COURSE_DEVICE")
    if name:
        return torch.device(name)
    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def seed_everything(seed=0):
    """Seed Python's, NumPy's and (when installed) PyTorch's random number generators.

    The environment variable ``COURSE_SEED``, when set, adds to ``seed``: a notebook run with
    ``COURSE_SEED=1, 2, ...`` trains from other starting points (``make bench`` does this to
    show that a performance bar is met at every seed, not only at the notebook's own).
    """
    import numpy as np

    seed += int(os.environ.get("COURSE_SEED", 0))
    random.seed(seed)
    np.random.seed(seed)
    try:
        import torch
    except ImportError:
        return
    torch.manual_seed(seed)  # seeds the CPU and every CUDA device
