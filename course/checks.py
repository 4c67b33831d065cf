"""Answer checks for the visible tests: plain Python, so they work in Colab without nbgrader.

Each check tests one thing and, when it fails, raises an ``AssertionError`` whose message
names the answer, says what was expected and what came back, and adds a hint. Student
values are turned into plain Python values or NumPy arrays before any comparison, so an
object that claims to equal anything cannot pass.
"""

import numbers


def _fail(message, hint):
    raise AssertionError(f"{message} {hint}".strip())


def _is_tensor(value):
    return type(value).__module__.startswith("torch") and hasattr(value, "detach")


def to_numpy(value, name="value"):
    """Return ``value`` (NumPy array, PyTorch tensor, number or nested list) as a NumPy array.

    Raises ``AssertionError`` when the value is not made of numbers.
    """
    import numpy as np

    if _is_tensor(value):
        value = value.detach().cpu().numpy()
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:
        _fail(f"{name} is a {type(value).__name__}, which is not an array of numbers ({error}).", "")
    if array.dtype.kind not in "biuf":
        _fail(f"{name} is a {type(value).__name__} holding {array.dtype} values, not numbers.", "")
    return array


def _plain(value, name):
    """Turn ``value`` into builtin Python values (NumPy scalars become ints, floats or bools)."""
    import numpy as np

    if (isinstance(value, np.ndarray) or _is_tensor(value)) and value.ndim == 0:
        value = value.item()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, tuple):
        return tuple(_plain(item, name) for item in value)
    if isinstance(value, list):
        return [_plain(item, name) for item in value]
    if isinstance(value, dict):
        return {_plain(key, name): _plain(item, name) for key, item in value.items()}
    _fail(f"{name} is a {type(value).__name__}; expected plain values (numbers, strings, lists, tuples).", "")


def check_type(value, expected, name, hint=""):
    """Check that ``value`` is an instance of ``expected`` (a type or a tuple of types)."""
    if not isinstance(value, expected):
        names = " or ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
        _fail(f"{name} should be a {names}, but it is a {type(value).__name__}.", hint)


def check_true(condition, message, hint=""):
    """Fail with ``message`` (and ``hint``) unless ``condition`` holds."""
    if not condition:
        _fail(message, hint)


def check_equal(got, expected, name, hint=""):
    """Check exact equality of plain values (numbers, strings, lists, tuples, dicts) or arrays."""
    import numpy as np

    if isinstance(expected, np.ndarray) or _is_tensor(expected):
        got_array, expected_array = to_numpy(got, name), to_numpy(expected, "expected")
        check_shape(got_array, expected_array.shape, name, hint)
        wrong = np.argwhere(got_array != expected_array)
        if len(wrong):
            index = tuple(int(i) for i in wrong[0])
            _fail(
                f"{name} differs from the expected array in {len(wrong)} of {got_array.size} entries; "
                f"the first is at index {index}: got {got_array[index]}, expected {expected_array[index]}.",
                hint,
            )
        return
    got_plain, expected_plain = _plain(got, name), _plain(expected, "expected")
    if type(got_plain) is not type(expected_plain):
        _fail(
            f"{name} should be a {type(expected_plain).__name__}, but it is a {type(got).__name__}: {got!r}.",
            hint,
        )
    if got_plain != expected_plain:
        _fail(f"{name} is {got_plain!r}, expected {expected_plain!r}.", hint)


def check_shape(value, expected, name, hint=""):
    """Check the shape of an array or tensor against the tuple ``expected``."""
    shape = getattr(value, "shape", None)
    if shape is None:
        _fail(f"{name} should be an array or tensor, but it is a {type(value).__name__} (it has no .shape).", hint)
    got = tuple(int(n) for n in shape)
    expected = tuple(int(n) for n in expected)
    if got != expected:
        _fail(f"{name} has shape {got}, expected {expected}.", hint)


def check_shape_answer(answer, expected, name, hint=""):
    """Check a written answer to "what is the shape?": a tuple of whole numbers.

    ``expected`` is the right shape, or its :func:`fingerprint` (a string) in a visible check,
    which must not show the answer."""
    if not isinstance(answer, (tuple, list)) or not all(
        isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in answer
    ):
        _fail(f"{name} should be a tuple of whole numbers such as (3, 4), but it is {answer!r}.", hint)
    if isinstance(expected, str):  # a fingerprint: the check does not show the right shape
        if fingerprint(tuple(int(n) for n in answer)) != expected:
            _fail(f"{name} is {tuple(int(n) for n in answer)}, which is not the right shape.", hint)
        return
    expected = tuple(int(n) for n in expected)
    if len(answer) != len(expected):
        _fail(f"{name} has {len(answer)} dimensions, but the output has {len(expected)}.", hint)
    if tuple(int(n) for n in answer) != expected:
        _fail(f"{name} is {tuple(answer)}, which is not the shape of the output.", hint)


def check_close(got, expected, name, atol=1e-6, rtol=1e-5, hint=""):
    """Check that arrays or tensors ``got`` and ``expected`` agree within tolerances."""
    import numpy as np

    got_array = to_numpy(got, name).astype(np.float64)
    expected_array = to_numpy(expected, "expected").astype(np.float64)
    check_shape(got_array, expected_array.shape, name, hint)
    if np.isnan(got_array).any() and not np.isnan(expected_array).any():
        _fail(f"{name} contains NaN values.", hint)
    close = np.isclose(got_array, expected_array, atol=atol, rtol=rtol)
    if not close.all():
        error = np.where(close, 0.0, np.abs(got_array - expected_array))
        index = np.unravel_index(np.argmax(error), error.shape)
        shown = tuple(int(i) for i in index)
        _fail(
            f"{name} differs from the expected values in {int((~close).sum())} of {close.size} entries; "
            f"the largest difference is {error[index]:.3g} at index {shown} "
            f"(got {got_array[index]:.6g}, expected {expected_array[index]:.6g}).",
            hint,
        )


BAR_LINE = "{name} = {value:.4f} (bar {threshold:g})"


def check_at_least(value, threshold, name, hint=""):
    """Check that a measured number (an accuracy, a speed-up) reaches ``threshold``.

    It prints ``<name> = <value> (bar <threshold>)`` either way: the student sees the margin,
    and ``make bench`` reads the line to show the margin of every right answer at several seeds.
    """
    value = _plain(value, name)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        _fail(f"{name} should be a number, but it is {value!r}.", hint)
    print(BAR_LINE.format(name=name, value=value, threshold=threshold))
    if not value >= threshold:  # also fails for NaN
        _fail(f"{name} is {value:.4f}, below the bar of {threshold:g}.", hint)


def fingerprint(value):
    """A short code, made of letters, for a value made of numbers (a shape, a list of results).

    Equal values give the same code whatever their type (``9``, ``9.0`` and ``np.int64(9)``;
    ``(2, 3)`` and ``[2, 3]``), and the code does not show the value. A visible check compares a
    student's answer with the fingerprint of the right one: it recognises the answer without
    stating it. ``python -c "import course; print(course.fingerprint((32, 50)))"`` makes one.
    """
    import hashlib

    import numpy as np

    array = to_numpy(value, "value").astype(np.float64)
    numbers = [round(float(x), 6) + 0.0 for x in array.ravel()]  # + 0.0 turns -0.0 into 0.0
    code = hashlib.sha256(f"{array.shape}:{numbers}".encode()).hexdigest()[:16]
    return code.translate(str.maketrans("0123456789", "ghijklmnop"))


def check_fingerprint(got, expected, name, mistakes=None, hint=""):
    """Check that ``got`` is the value whose :func:`fingerprint` is ``expected``. ``mistakes`` maps
    the fingerprints of known wrong answers to what each one gets wrong, so that the check can
    name a mistake without showing the right answer. A tuple is read as a shape: it must hold
    whole numbers."""
    if isinstance(got, tuple) and not all(isinstance(n, numbers.Integral) and not isinstance(n, bool) for n in got):
        _fail(f"{name} should be a tuple of whole numbers such as (3, 4), but it is {got!r}.", hint)
    shown = to_numpy(got, name)
    code = fingerprint(shown)
    if code == expected:
        return
    if mistakes and code in mistakes:
        _fail(f"{name} is {shown.tolist()!r}: {mistakes[code]}", hint)
    _fail(f"{name} is {shown.tolist()!r}, which is not the right value.", hint)


class Trace:
    """What :func:`trace_call` saw: the ``result``, the ``steps`` and the ``libraries``."""

    def __init__(self, result, steps, libraries):
        self.result, self.steps, self.libraries = result, steps, frozenset(libraries)

    def __repr__(self):
        return f"Trace(steps={self.steps}, libraries={sorted(self.libraries)})"


def _package(filename):
    """The installed package a Python file belongs to ("numpy", "torch"), or None."""
    import re

    found = re.search(r"[/\\](?:site|dist)-packages[/\\]([A-Za-z0-9_]+)", filename)
    return found[1] if found else None


def trace_call(function, *args, **kwargs):
    """Call ``function(*args, **kwargs)`` and watch it run. Returns a :class:`Trace` with its
    ``result``, the number of Python lines it executed (``steps``: its own and those of every
    Python function it calls, NumPy's included) and the installed ``libraries`` whose functions
    it called (top-level names such as ``"numpy"``, ``"torch"`` or ``"scipy"``).

    A Python loop (``for``, a comprehension, ``map`` with a Python function, ``np.vectorize``)
    runs its lines once per item, so its ``steps`` grow with the size of the input; whole-array
    code takes the same steps at any size. Comparing the steps for a small and a large input
    tells, on any machine and unlike a timing, whether a function loops over the data.
    """
    import sys

    steps = 0
    libraries = set()

    def on_line(frame, event, arg):
        nonlocal steps
        if event == "line":
            steps += 1
        return on_line

    def on_call(frame, event, arg):
        if event == "call":
            name = _package(frame.f_code.co_filename)
        elif event == "c_call":
            name = getattr(arg, "__module__", None) or type(getattr(arg, "__self__", None)).__module__
        else:
            return
        if name:
            libraries.add(name.split(".")[0])

    old_trace, old_profile = sys.gettrace(), sys.getprofile()
    sys.settrace(on_line)
    sys.setprofile(on_call)
    try:
        result = function(*args, **kwargs)
    finally:
        sys.settrace(old_trace)
        sys.setprofile(old_profile)
    return Trace(result, steps, libraries)
