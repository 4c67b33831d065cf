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
    """Seed Python's, NumPy's and (when installed) PyTorch's random number generators."""
    import numpy as np

    random.seed(seed)
    np.random.seed(seed)
    try:
        import torch
    except ImportError:
        return
    torch.manual_seed(seed)  # seeds the CPU and every CUDA device
