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


# Messages PyTorch gives when one operation mixes tensors of two devices.
_MISMATCH = ("is not on the expected device", "Expected all tensors to be on the same device",
             "found at least two devices", "should be the same device", "Expected a 'meta' device",
             "not at the same device")


class LeftOnCPU(RuntimeError):
    """A tensor stayed on the CPU while the model lives on another device."""


def _meta_reads():
    """Let a meta tensor be read as if it held zeros (``item``, ``float``, ``tolist``, ``cpu``,
    ``numpy``): a training loop then runs to its end on the meta device, which computes shapes
    only. Returns a function that undoes the change."""
    import numpy as np
    import torch

    patched = {}

    def patch(name, read):
        own = torch.Tensor.__dict__.get(name)
        original = getattr(torch.Tensor, name)
        patched[name] = own

        def method(self, *args, **kwargs):
            if self.is_meta:
                return read(self)
            return original(self, *args, **kwargs)

        setattr(torch.Tensor, name, method)

    def zero(tensor):
        return False if tensor.dtype == torch.bool else 0 if not tensor.is_floating_point() else 0.0

    patch("item", zero)
    patch("__float__", lambda t: 0.0)
    patch("__int__", lambda t: 0)
    patch("__index__", lambda t: 0)
    patch("__bool__", lambda t: True)  # `if loss < best:` takes the branch that saves a checkpoint
    patch("tolist", lambda t: torch.zeros(t.shape, dtype=t.dtype).tolist())
    patch("cpu", lambda t: torch.zeros(t.shape, dtype=t.dtype))
    patch("numpy", lambda t: np.zeros(tuple(t.shape), dtype=torch.zeros(0, dtype=t.dtype).numpy().dtype))

    # The meta device's embedding looks up CPU indices in a meta table without complaint, where a
    # GPU refuses (positions made by torch.arange(n) without device=...): refuse as a GPU does.
    functional = torch.nn.functional
    embedding = functional.embedding

    def checked_embedding(input, weight, *args, **kwargs):
        if weight.is_meta and isinstance(input, torch.Tensor) and not input.is_meta:
            raise RuntimeError(f"Expected all tensors to be on the same device, but found at least two devices, "
                               f"meta and {input.device} (embedding indices)")
        return embedding(input, weight, *args, **kwargs)

    functional.embedding = checked_embedding

    def undo():
        functional.embedding = embedding
        for name, own in patched.items():
            if own is None:
                delattr(torch.Tensor, name)
            else:
                setattr(torch.Tensor, name, own)

    return undo


def run_on_meta(function):
    """Call ``function(device)`` with PyTorch's ``meta`` device, which holds shapes but no values
    and refuses to mix its tensors with CPU ones, as a GPU does: a model moved there and given a
    batch left on the CPU fails at once, without a GPU. Reading a meta tensor's value
    (``loss.item()``, ``float(...)``, ``.cpu()``) gives zeros, so the whole function runs.

    Returns what ``function`` returned. Raises :class:`LeftOnCPU` (with PyTorch's message) when
    an operation met a CPU tensor and a meta one; other errors pass through unchanged.
    """
    import torch

    undo = _meta_reads()
    try:
        return function(torch.device("meta"))
    except (RuntimeError, NotImplementedError) as error:
        if any(text in str(error) for text in _MISMATCH):
            raise LeftOnCPU(str(error).strip().split("\n")[0]) from None
        raise
    finally:
        undo()
