"""The studio's points: a built-in 2-D set or a CSV file, split into train and test,
and the input features the network sees (x1, x2 and their crosses).

Every set is two columns ``P = (x1, x2)`` with labels ``y`` in {0, 1}. The network's
input is ``features(P, names)``: one column per ticked feature, e.g.
``[x1, x2, x1·x2]``.
"""

import io

import numpy as np

FEATURE_FUNCTIONS = {
    "x1": lambda P: P[:, 0],
    "x2": lambda P: P[:, 1],
    "x1^2": lambda P: P[:, 0] ** 2,
    "x2^2": lambda P: P[:, 1] ** 2,
    "x1x2": lambda P: P[:, 0] * P[:, 1],
    "sin_x1": lambda P: np.sin(P[:, 0]),
    "sin_x2": lambda P: np.sin(P[:, 1]),
}
FEATURE_LABELS = {"x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1x2": "x₁x₂",
                  "sin_x1": "sin x₁", "sin_x2": "sin x₂"}


def features(P, names):
    """The network's input (m, len(names)) for points ``P`` (m, 2)."""
    return np.column_stack([FEATURE_FUNCTIONS[name](P) for name in names]).astype(np.float64)


def builtin_points(config):
    """``(P, y)`` of a built-in set, from the config's dataset, points, noise and seed."""
    from .. import datasets

    name, n, noise, seed = (config[k] for k in ("dataset", "points", "noise", "seed"))
    if name in ("and", "or", "xor", "nand"):
        data = datasets.logic_gate(name)
        return data.X * 2 - 1, data.y  # corners at ±1, centred like the other sets
    if name == "moons":
        data = datasets.make_moons(n, noise=noise, seed=seed)
        return (data.X - [0.5, 0.25]) / 1.2, data.y
    if name == "circles":
        data = datasets.make_circles(n, noise=noise, seed=seed)
    elif name == "blobs":
        data = datasets.make_blobs(n, centers=[[-0.5, -0.5], [0.5, 0.5]],
                                   cluster_std=max(noise, 0.02) * 3, seed=seed)
    elif name == "spirals":
        data = datasets.make_spirals(n, noise=noise * 0.5, seed=seed)
    elif name == "xor_quadrants":
        data = datasets.make_gaussian_xor(n, noise=max(noise, 0.02) * 3, seed=seed)
        return data.X / 2, data.y
    else:
        raise ValueError(f"{name!r} is not a built-in data set.")
    return data.X, data.y


def read_csv_points(text, filename="the CSV file"):
    """``(P, y, names)`` from CSV text with two numeric feature columns and a label.

    The label column is the last one; it must hold exactly two distinct values (the
    smaller, in sorted order, becomes 0).
    """
    import pandas as pd

    try:
        table = pd.read_csv(io.StringIO(text))
    except Exception as error:  # pandas raises several kinds for a malformed file
        raise ValueError(f"{filename} is not a readable CSV file ({error}).") from None
    if table.shape[1] != 3:
        raise ValueError(
            f"{filename} has {table.shape[1]} column{'s' if table.shape[1] != 1 else ''} "
            f"({', '.join(map(str, table.columns))}); the studio needs exactly 3: two numeric "
            "feature columns and a label column last, e.g. 'x1,x2,label'."
        )
    if len(table) < 4:
        raise ValueError(f"{filename} has {len(table)} rows; give at least 4 points.")
    P = table.iloc[:, :2].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=np.float64)
    bad = np.argwhere(~np.isfinite(P))
    if len(bad):
        row, col = bad[0]
        raise ValueError(
            f"{filename}: column {table.columns[col]!r} must hold numbers, but row {row + 2} "
            f"has {table.iloc[row, col]!r}. The first two columns are the features."
        )
    labels = table.iloc[:, 2]
    classes = sorted(labels.dropna().unique().tolist(), key=str)
    if len(classes) != 2 or labels.isna().any():
        raise ValueError(
            f"{filename}: the label column {table.columns[2]!r} must hold exactly two "
            f"classes (such as 0 and 1), but it has {len(classes)}"
            f"{' and empty cells' if labels.isna().any() else ''}: "
            f"{', '.join(map(str, classes[:5]))}{'...' if len(classes) > 5 else ''}."
        )
    y = (labels.astype(str) == str(classes[1])).to_numpy().astype(np.int64)
    return P, y, [str(c) for c in table.columns]


def points_from_arrays(X, y):
    """``(P, y, names)`` from arrays: ``X`` (m, 2) numbers, ``y`` (m,) with two classes."""
    P = np.asarray(X, dtype=np.float64) if np.asarray(X).dtype.kind in "biuf" else None
    if P is None or P.ndim != 2 or P.shape[1] != 2 or len(P) < 4 or not np.all(np.isfinite(P)):
        raise ValueError(
            f"X must be an array of finite numbers with 2 columns (x1, x2) and at least 4 "
            f"rows, but got {np.shape(X)} of {np.asarray(X).dtype}."
        )
    labels = np.asarray(y).reshape(-1)
    classes = np.unique(labels)
    if len(labels) != len(P) or len(classes) != 2:
        raise ValueError(
            f"y must hold one label per row of X ({len(P)}) with exactly two classes, but "
            f"got {len(labels)} labels and {len(classes)} classes."
        )
    return P, (labels == classes[1]).astype(np.int64), ["x1", "x2", "label"]


def split(P, y, test_split, seed):
    """``(train rows, test rows)``: the last ``test_split`` of a seeded permutation is
    held out (at least one row each side); with 4 points or ``test_split = 0`` every
    point is used for both (the gates have nothing to spare)."""
    if test_split == 0 or len(y) <= 4:
        every = np.arange(len(y))
        return every, every
    order = np.random.default_rng(seed).permutation(len(y))
    n_test = min(len(y) - 1, max(1, int(round(test_split * len(y)))))
    return np.sort(order[n_test:]), np.sort(order[:n_test])


def domain(P):
    """The square ``[lo, hi] x [lo, hi]`` the surfaces are drawn on (the points, plus 10%)."""
    lo, hi = float(np.min(P)), float(np.max(P))
    pad = 0.1 * max(hi - lo, 1e-9)
    return [lo - pad, hi + pad]
