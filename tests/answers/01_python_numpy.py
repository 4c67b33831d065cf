"""Wrong answers that must lose points, and right answers that must get them all, for 01_python_numpy.

Each answer replaces one answer cell (named by its grade_id). ``passes_visible=True``
marks a wrong answer that the visible check lets through: only the hidden tests catch it.
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


def softmax(body):
    return function_cell("softmax(Z)", body)


def distances(body):
    return function_cell("pairwise_distances(P, Q)", body)


def shapes(column="(50,)", trimmed="(44,)", kept="(50, 1)"):
    return f"shape_column = {column}\nshape_trimmed = {trimmed}\nshape_kept = {kept}"


def matmul(ab="(10, 5)", btat="(5, 10)", batched="(32, 10, 5)"):
    return f"shape_AB = {ab}\nshape_BtAt = {btat}\nshape_batched = {batched}"


WRONG = [
    # thirds
    Answer("thirds", "integer division", """
        def thirds(start, stop, step):
            return [(x - 1) // 3 for x in range(start, stop, step)]
        """, passes_visible=True),
    Answer("thirds", "stop included", """
        def thirds(start, stop, step):
            return [(x - 1) / 3 for x in range(start, stop + 1, step)]
        """, passes_visible=True),
    Answer("thirds", "step ignored", """
        def thirds(start, stop, step):
            return [(x - 1) / 3 for x in range(start, stop)]
        """),
    Answer("thirds", "a generator, not a list", """
        def thirds(start, stop, step):
            return ((x - 1) / 3 for x in range(start, stop, step))
        """),
    Answer("thirds", "x / 3 - 1", """
        def thirds(start, stop, step):
            return [x / 3 - 1 for x in range(start, stop, step)]
        """),
    # make_grid
    Answer("grid", "six columns", """
        def make_grid(n_rows):
            return [[5 * i + j for j in range(6)] for i in range(n_rows)]
        """),
    Answer("grid", "always seven rows", """
        def make_grid(n_rows):
            grid = []
            for i in range(7):
                grid.append([5 * i + j for j in range(5)])
            return grid
        """, passes_visible=True),
    Answer("grid", "one row list reused", """
        def make_grid(n_rows):
            grid, row = [], [0] * 5
            for i in range(n_rows):
                for j in range(5):
                    row[j] = 5 * i + j
                grid.append(row)
            return grid
        """),
    Answer("grid", "rows and columns swapped", """
        def make_grid(n_rows):
            return [[5 * j + i for j in range(n_rows)] for i in range(5)]
        """),
    Answer("grid", "rows are tuples", """
        def make_grid(n_rows):
            return [tuple(5 * i + j for j in range(5)) for i in range(n_rows)]
        """),
    Answer("grid", "a NumPy array", """
        import numpy as np

        def make_grid(n_rows):
            return np.arange(5 * n_rows).reshape(n_rows, 5)
        """),
    # shapes
    Answer("shapes", "column as a row", shapes(column="(1, 50)")),
    Answer("shapes", "3:-3 drops three rows in all", shapes(trimmed="(47,)")),
    Answer("shapes", "a list index drops the axis", shapes(kept="(50,)")),
    Answer("shapes", "an int, not a tuple", shapes(column="(50)")),
    Answer("shapes", "a string", shapes(column='"(50,)"')),
    # slicing
    Answer("slicing", "trim with -k fails for k = 0", slicing(trim="A[k:-k, j]"), passes_visible=True),
    Answer("slicing", "row instead of column", slicing(column="A[j]")),
    Answer("slicing", "column kept 2-D", slicing(column="A[:, [j]]")),
    Answer("slicing", "odd rows", slicing(every="A[1::2]")),
    Answer("slicing", "rows reversed", slicing(reverse="A[::-1]")),
    Answer("slicing", "trims the first k rows only", slicing(trim="A[k:, j]")),
    # matmul_shapes
    Answer("matmul_shapes", "product takes the inner sizes", matmul(ab="(20, 5)")),
    Answer("matmul_shapes", "transposes ignored", matmul(btat="(10, 5)")),
    Answer("matmul_shapes", "batch axis dropped", matmul(batched="(10, 5)")),
    Answer("matmul_shapes", "batch axis last", matmul(batched="(10, 5, 32)")),
    # softmax
    Answer("softmax", "no shift: overflows", softmax(
        "exps = np.exp(Z)\nreturn exps / exps.sum(axis=1, keepdims=True)"), passes_visible=True),
    Answer("softmax", "one shift for the whole batch", softmax(
        "exps = np.exp(Z - Z.max())\nreturn exps / exps.sum(axis=1, keepdims=True)"), passes_visible=True),
    Answer("softmax", "sum without keepdims", softmax(
        "exps = np.exp(Z - Z.max(axis=1, keepdims=True))\nreturn exps / exps.sum(axis=1)")),
    Answer("softmax", "normalized over columns", softmax(
        "exps = np.exp(Z - Z.max(axis=0))\nreturn exps / exps.sum(axis=0)")),
    Answer("softmax", "normalized over the whole batch", softmax(
        "exps = np.exp(Z - Z.max())\nreturn exps / exps.sum()")),
    # distances
    Answer("distances", "squared distances", distances(
        "return ((P[:, None, :] - Q[None, :, :]) ** 2).sum(axis=-1)")),
    Answer("distances", "still two loops", distances(
        "D = np.zeros((len(P), len(Q)))\nfor i in range(len(P)):\n    for j in range(len(Q)):\n"
        "        D[i, j] = np.sqrt(np.sum((P[i] - Q[j]) ** 2))\nreturn D")),
    Answer("distances", "expansion without clipping gives NaN", distances(
        "squared = (P ** 2).sum(1)[:, None] + (Q ** 2).sum(1)[None, :] - 2 * P @ Q.T\n"
        "return np.sqrt(squared)"), passes_visible=True),
    Answer("distances", "summed over the wrong axis", distances(
        "return np.sqrt(((P[:, None, :] - Q[None, :, :]) ** 2).sum(axis=0))")),
    Answer("distances", "absolute differences (L1)", distances(
        "return np.abs(P[:, None, :] - Q[None, :, :]).sum(axis=-1)")),
]

RIGHT = [
    Answer("thirds", "the loop itself", """
        def thirds(start, stop, step):
            result = []
            for x in range(start, stop, step):
                result.append((x - 1) / 3)
            return result
        """),
    Answer("thirds", "map and lambda", """
        def thirds(start, stop, step):
            return list(map(lambda x: (x - 1) / 3, range(start, stop, step)))
        """),
    Answer("grid", "nested comprehension", """
        def make_grid(n_rows):
            return [[5 * i + j for j in range(5)] for i in range(n_rows)]
        """),
    Answer("grid", "rows from ranges", """
        def make_grid(n_rows):
            grid = []
            for i in range(n_rows):
                grid.append(list(range(5 * i, 5 * i + 5)))
            return grid
        """),
    Answer("shapes", "lists", shapes("[50]", "[44]", "[50, 1]")),
    Answer("shapes", "computed", "shape_column = my_array[:, col_idx].shape\n"
           "shape_trimmed = my_array[3:-3, col_idx].shape\nshape_kept = my_array[:, [col_idx]].shape"),
    Answer("slicing", "len and explicit starts", slicing(trim="A[k:len(A) - k, j]", every="A[0::2]")),
    Answer("slicing", "NumPy functions", slicing(column="np.take(A, j, axis=1)", reverse="np.fliplr(A)",
                                                 trim="column(A, j)[k:A.shape[0] - k]")),
    Answer("matmul_shapes", "computed", matmul("(A @ B).shape", "(B.T @ A.T).shape",
                                                "(np.ones((32, 10, 20)) @ B).shape")),
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
    Answer("distances", "SciPy's cdist", """
        from scipy.spatial.distance import cdist

        def pairwise_distances(P, Q):
            return cdist(P, Q)
        """),
    Answer("distances", "norm of the differences", distances(
        "return np.linalg.norm(P[:, None] - Q[None], axis=-1)")),
    Answer("distances", "expansion, clipped at 0", distances(
        "squared = (P ** 2).sum(1)[:, None] + (Q ** 2).sum(1)[None, :] - 2 * P @ Q.T\n"
        "return np.sqrt(np.maximum(squared, 0))")),
]
