"""Wrong answers that must lose points, and right answers that must get them all, for 01_python_numpy.

Each answer replaces one answer cell (named by its grade_id). ``passes_visible`` marks a wrong
answer that the visible check lets through, with the reason (only an answer that fits the visible
case alone may): only the hidden tests catch it. Every other wrong answer fails the visible check
with a message that names its mistake.
"""

from instructor.notebooks import Answer, function_cell


def slicing(column="A[:, j]", trim="A[k:A.shape[0] - k, j]", every="A[::2]", reverse="A[:, ::-1]"):
    """The slicing answer cell with one function changed."""
    return f"""
        import numpy as np

        def column(A, j):
            return {column}

        def trim_rows(A, k, j):
            return {trim}

        def every_other_row(A):
            return {every}

        def reverse_columns(A):
            return {reverse}
        """


def thirds(body):
    return function_cell("thirds(start, stop, step)", body, imports="")


def grid(body):
    return function_cell("make_grid(n_rows)", body, imports="")


def softmax(body):
    return function_cell("softmax(Z)", body)


def distances(body):
    return function_cell("pairwise_distances(P, Q)", body)


def shapes(column="(50,)", trimmed="(44,)", kept="(50, 1)"):
    return f"shape_column = {column}\nshape_trimmed = {trimmed}\nshape_kept = {kept}"


def matmul(ab="(10, 5)", btat="(5, 10)", batched="(32, 10, 5)"):
    return f"shape_AB = {ab}\nshape_BtAt = {btat}\nshape_batched = {batched}"


EXPANSION = "squared = (P ** 2).sum(1)[:, None] + (Q ** 2).sum(1)[None, :] - 2 * P @ Q.T\n"

WRONG = [
    # thirds
    Answer("thirds", "integer division", thirds("return [(x - 1) // 3 for x in range(start, stop, step)]")),
    Answer("thirds", "stop included", thirds("return [(x - 1) / 3 for x in range(start, stop + 1, step)]")),
    Answer("thirds", "step ignored", thirds("return [(x - 1) / 3 for x in range(start, stop)]")),
    Answer("thirds", "a generator, not a list", thirds("return ((x - 1) / 3 for x in range(start, stop, step))")),
    Answer("thirds", "x / 3 - 1", thirds("return [x / 3 - 1 for x in range(start, stop, step)]")),
    Answer("thirds", "a negative step counts up", thirds(
        "return [(x - 1) / 3 for x in range(min(start, stop), max(start, stop), abs(step))]")),
    Answer("thirds", "rule broken: the loop itself", thirds(
        "result = []\nfor x in range(start, stop, step):\n    result.append((x - 1) / 3)\nreturn result")),
    Answer("thirds", "rule broken: map and lambda", thirds(
        "return list(map(lambda x: (x - 1) / 3, range(start, stop, step)))")),
    Answer("thirds", "rule broken: list of a generator", thirds(
        "return list((x - 1) / 3 for x in range(start, stop, step))")),
    # make_grid
    Answer("grid", "six columns", grid("return [[5 * i + j for j in range(6)] for i in range(n_rows)]")),
    Answer("grid", "always seven rows", grid(
        "grid = []\nfor i in range(7):\n    grid.append([5 * i + j for j in range(5)])\nreturn grid")),
    Answer("grid", "one row list reused", grid(
        "grid, row = [], [0] * 5\nfor i in range(n_rows):\n    for j in range(5):\n        row[j] = 5 * i + j\n"
        "    grid.append(row)\nreturn grid")),
    Answer("grid", "rows and columns swapped", grid("return [[5 * j + i for j in range(n_rows)] for i in range(5)]")),
    Answer("grid", "i and j swapped in the formula",
           grid("return [[5 * j + i for j in range(5)] for i in range(n_rows)]")),
    Answer("grid", "rows are tuples", grid("return [tuple(5 * i + j for j in range(5)) for i in range(n_rows)]")),
    Answer("grid", "one flat list", grid("return [5 * i + j for i in range(n_rows) for j in range(5)]")),
    Answer("grid", "a NumPy array", """
        import numpy as np

        def make_grid(n_rows):
            return np.arange(5 * n_rows).reshape(n_rows, 5)
        """),
    Answer("grid", "rule broken: one loop, rows from range", grid(
        "grid = []\nfor i in range(n_rows):\n    grid.append(list(range(5 * i, 5 * i + 5)))\nreturn grid")),
    # shapes
    Answer("shapes", "column as a row", shapes(column="(1, 50)")),
    Answer("shapes", "3:-3 drops three rows in all", shapes(trimmed="(47,)")),
    Answer("shapes", "trimmed column kept 2-D", shapes(trimmed="(44, 1)")),
    Answer("shapes", "a list index drops the axis", shapes(kept="(50,)")),
    Answer("shapes", "an int, not a tuple", shapes(column="(50)")),
    Answer("shapes", "a string", shapes(column='"(50,)"')),
    # slicing
    Answer("slicing", "trim with -k fails for k = 0", slicing(trim="A[k:-k, j]")),
    Answer("slicing", "row instead of column", slicing(column="A[j]")),
    Answer("slicing", "column kept 2-D", slicing(column="A[:, [j]]")),
    Answer("slicing", "odd rows", slicing(every="A[1::2]")),
    Answer("slicing", "rows reversed", slicing(reverse="A[::-1]")),
    Answer("slicing", "trims the first k rows only", slicing(trim="A[k:, j]")),
    Answer("slicing", "rule broken: a column by a comprehension", slicing(column="np.array([row[j] for row in A])")),
    Answer("slicing", "rule broken: every other row by a loop",
           slicing(every="np.array([A[i] for i in range(0, len(A), 2)])")),
    # matmul_shapes
    Answer("matmul_shapes", "product takes the inner sizes", matmul(ab="(20, 5)")),
    Answer("matmul_shapes", "outer sizes swapped", matmul(ab="(5, 10)")),
    Answer("matmul_shapes", "transposes ignored", matmul(btat="(10, 5)")),
    Answer("matmul_shapes", "batch axis dropped", matmul(batched="(10, 5)")),
    Answer("matmul_shapes", "batch axis last", matmul(batched="(10, 5, 32)")),
    # softmax
    Answer("softmax", "no shift: overflows", softmax(
        "exps = np.exp(Z)\nreturn exps / exps.sum(axis=1, keepdims=True)")),
    Answer("softmax", "one shift for the whole batch", softmax(
        "exps = np.exp(Z - Z.max())\nreturn exps / exps.sum(axis=1, keepdims=True)")),
    Answer("softmax", "sum without keepdims", softmax(
        "exps = np.exp(Z - Z.max(axis=1, keepdims=True))\nreturn exps / exps.sum(axis=1)")),
    Answer("softmax", "normalized over columns", softmax(
        "exps = np.exp(Z - Z.max(axis=0))\nreturn exps / exps.sum(axis=0)")),
    Answer("softmax", "normalized over the whole batch", softmax(
        "exps = np.exp(Z - Z.max())\nreturn exps / exps.sum()")),
    Answer("softmax", "shift without keepdims", softmax(
        "exps = np.exp(Z - Z.max(axis=1))\nreturn exps / exps.sum(axis=1, keepdims=True)")),
    Answer("softmax", "rule broken: a loop over the rows", softmax(
        "rows = []\nfor z in Z:\n    exps = np.exp(z - z.max())\n    rows.append(exps / exps.sum())\n"
        "return np.array(rows)")),
    # distances
    Answer("distances", "squared distances", distances(
        "return ((P[:, None, :] - Q[None, :, :]) ** 2).sum(axis=-1)")),
    Answer("distances", "expansion without clipping", distances(EXPANSION + "return np.sqrt(squared)")),
    Answer("distances", "expansion clipped at 0: still cancels far from the origin", distances(
        EXPANSION + "return np.sqrt(np.maximum(squared, 0))")),
    Answer("distances", "summed over the wrong axis", distances(
        "return np.sqrt(((P[:, None, :] - Q[None, :, :]) ** 2).sum(axis=0))")),
    Answer("distances", "absolute differences (L1)", distances(
        "return np.abs(P[:, None, :] - Q[None, :, :]).sum(axis=-1)")),
    Answer("distances", "Q paired with itself", distances(
        "return np.sqrt(((Q[:, None, :] - Q[None, :, :]) ** 2).sum(axis=-1))[:len(P)]")),
    Answer("distances", "rule broken: still two loops", distances(
        "D = np.zeros((len(P), len(Q)))\nfor i in range(len(P)):\n    for j in range(len(Q)):\n"
        "        D[i, j] = np.sqrt(np.sum((P[i] - Q[j]) ** 2))\nreturn D")),
    Answer("distances", "rule broken: a comprehension over the rows of P", distances(
        "return np.array([np.sqrt(((p - Q) ** 2).sum(axis=1)) for p in P])")),
    Answer("distances", "rule broken: map over the rows of P", distances(
        "return np.array(list(map(lambda p: np.sqrt(((p - Q) ** 2).sum(axis=1)), P)))")),
    Answer("distances", "rule broken: np.vectorize over the pairs", distances(
        "pair = np.vectorize(lambda i, j: np.sqrt(((P[i] - Q[j]) ** 2).sum()))\n"
        "return pair(*np.indices((len(P), len(Q))))")),
]

RIGHT = [
    Answer("thirds", "the result named first", thirds(
        "values = [(x - 1) / 3 for x in range(start, stop, step)]\nreturn values")),
    Answer("thirds", "a lambda", "thirds = lambda start, stop, step: [(x - 1) / 3 for x in range(start, stop, step)]"),
    Answer("thirds", "warns about an empty range (stderr costs nothing)", """
        import warnings

        def thirds(start, stop, step):
            if not range(start, stop, step):
                warnings.warn(f"range({start}, {stop}, {step}) is empty", stacklevel=2)
            return [float(x - 1) / 3 for x in range(start, stop, step)]
        """),
    Answer("grid", "nested comprehension", grid("return [[5 * i + j for j in range(5)] for i in range(n_rows)]")),
    Answer("grid", "while loops", grid(
        "grid, i = [], 0\nwhile i < n_rows:\n    row = []\n    for j in range(5):\n        row.append(5 * i + j)\n"
        "    grid.append(row)\n    i += 1\nreturn grid")),
    Answer("grid", "a progress bar on stderr", """
        from tqdm.auto import tqdm

        def make_grid(n_rows):
            grid = []
            for i in tqdm(range(n_rows), desc="rows"):
                grid.append([5 * i + j for j in range(5)])
            return grid
        """),
    Answer("shapes", "lists", shapes("[50]", "[44]", "[50, 1]")),
    Answer("shapes", "computed", "shape_column = my_array[:, col_idx].shape\n"
           "shape_trimmed = my_array[3:-3, col_idx].shape\nshape_kept = my_array[:, [col_idx]].shape"),
    Answer("slicing", "len and explicit starts", slicing(trim="A[k:len(A) - k, j]", every="A[0::2]")),
    Answer("slicing", "NumPy functions", slicing(column="np.take(A, j, axis=1)", reverse="np.fliplr(A)",
                                                 trim="column(A, j)[k:A.shape[0] - k]")),
    Answer("slicing", "transposes and copies", slicing(column="A.T[j].copy()", every="A[range(0, len(A), 2)]",
                                                       reverse="A[:, A.shape[1] - 1::-1]")),
    Answer("matmul_shapes", "computed", matmul("(A @ B).shape", "(B.T @ A.T).shape",
                                                "(np.ones((32, 10, 20)) @ B).shape")),
    Answer("matmul_shapes", "lists", matmul("[10, 5]", "[5, 10]", "[32, 10, 5]")),
    Answer("softmax", "SciPy", """
        from scipy.special import softmax as scipy_softmax

        def softmax(Z):
            return scipy_softmax(Z, axis=1)
        """),
    Answer("softmax", "log-sum-exp and None indexing", softmax(
        "shifted = Z - Z.max(axis=1)[:, None]\nreturn np.exp(shifted - np.log(np.exp(shifted).sum(axis=1))[:, None])")),
    Answer("softmax", "PyTorch", """
        import torch

        def softmax(Z):
            return torch.softmax(torch.as_tensor(Z), dim=1).numpy()
        """),
    Answer("softmax", "transposed twice", softmax(
        "exps = np.exp(Z.T - Z.T.max(axis=0))\nreturn (exps / exps.sum(axis=0)).T")),
    Answer("distances", "SciPy's cdist", """
        from scipy.spatial.distance import cdist

        def pairwise_distances(P, Q):
            return cdist(P, Q)
        """),
    Answer("distances", "norm of the differences", distances(
        "return np.linalg.norm(P[:, None] - Q[None], axis=-1)")),
    Answer("distances", "einsum", distances(
        "diff = P[:, None, :] - Q[None, :, :]\nreturn np.sqrt(np.einsum('nmd,nmd->nm', diff, diff))")),
    Answer("distances", "a loop over the coordinates, not the points", distances(
        "squared = np.zeros((len(P), len(Q)))\nfor c in range(P.shape[1]):\n"
        "    squared += (P[:, c][:, None] - Q[:, c][None, :]) ** 2\nreturn np.sqrt(squared)")),
]
