"""Generated two-dimensional data sets for classification, with noise and a seed.

Each function returns a ``Dataset`` with ``X`` of shape (m, 2) and integer class
labels ``y`` of shape (m,), rows shuffled. ``noise`` is the standard deviation of the
Gaussian noise added to each coordinate; the same ``seed`` gives the same points.
The shapes are the ones decision-boundary plots are drawn on: two half moons, two
circles, interleaved spirals, blobs and the Gaussian XOR.
"""

import numpy as np

from ._dataset import Dataset


def _check(n_samples, noise, minimum=2):
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) \
            or n_samples < minimum:
        raise ValueError(f"n_samples must be an integer >= {minimum}, but got {n_samples!r}.")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a number >= 0 (a standard deviation), but got {noise!r}.")


def _finish(X, y, rng, noise, shuffle, name, description, n_classes):
    X = X + rng.normal(scale=noise, size=X.shape) if noise > 0 else X
    if shuffle:
        order = rng.permutation(len(X))
        X, y = X[order], y[order]
    task = "binary" if n_classes == 2 else "multiclass"
    return Dataset(X, y.astype(np.int64), name, ["x1", "x2"], "label", task,
                   classes=list(range(n_classes)), description=description)


def make_moons(n_samples=200, noise=0.1, seed=None, shuffle=True):
    """Two interleaving half circles (as ``sklearn.datasets.make_moons``).

    Class 0: ``(cos t, sin t)``; class 1: ``(1 - cos t, 0.5 - sin t)``, with ``t``
    evenly spaced in ``[0, pi]``; ``n_samples // 2`` points in class 0.

    Parameters
    ----------
    n_samples : int
        Points in all, split evenly between the two classes.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    seed : int, optional
        Seed of the draw; default glassnet's generator.
    shuffle : bool
        Shuffle the rows (else class 0 comes first).

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.make_moons(100, noise=0.1, seed=0)
    >>> X.shape, sorted(set(y.tolist()))
    ((100, 2), [0, 1])
    """
    _check(n_samples, noise)
    rng = np.random.default_rng(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    t_out = np.linspace(0, np.pi, n_out)
    t_in = np.linspace(0, np.pi, n_in)
    X = np.vstack([
        np.column_stack([np.cos(t_out), np.sin(t_out)]),
        np.column_stack([1 - np.cos(t_in), 1 - np.sin(t_in) - 0.5]),
    ])
    y = np.repeat([0, 1], [n_out, n_in])
    return _finish(X, y, rng, noise, shuffle, "moons", "two interleaving half moons", 2)


def make_circles(n_samples=200, noise=0.05, factor=0.5, seed=None, shuffle=True):
    """A small circle (class 1, radius ``factor``) inside a unit circle (class 0).

    Parameters
    ----------
    n_samples : int
        Points in all, split evenly between the circles.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    factor : float
        Radius of the inner circle (the outer one has radius 1).
    seed : int, optional
        Seed of the draw; default glassnet's generator.
    shuffle : bool
        Shuffle the rows.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.make_circles(100, seed=0)
    >>> X.shape
    (100, 2)
    """
    _check(n_samples, noise)
    if not 0 < factor < 1:
        raise ValueError(f"factor must be between 0 and 1 (exclusive), but got {factor!r}.")
    rng = np.random.default_rng(seed)
    n_out = n_samples // 2
    n_in = n_samples - n_out
    t_out = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    t_in = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([
        np.column_stack([np.cos(t_out), np.sin(t_out)]),
        factor * np.column_stack([np.cos(t_in), np.sin(t_in)]),
    ])
    y = np.repeat([0, 1], [n_out, n_in])
    return _finish(X, y, rng, noise, shuffle, "circles", "a circle inside a circle", 2)


def make_spirals(n_samples=300, n_classes=2, noise=0.05, turns=1.5, seed=None, shuffle=True):
    """``n_classes`` interleaved spiral arms.

    Arm ``j`` at radius ``r`` in ``[0.05, 1]`` sits at angle
    ``theta = 2 pi (turns r + j / n_classes)``: point ``(r cos theta, r sin theta)``.

    Parameters
    ----------
    n_samples : int
        Points in all, split evenly between the arms.
    n_classes : int
        Number of arms (classes).
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate.
    turns : float
        How many times each arm winds around the centre.
    seed : int, optional
        Seed of the draw; default glassnet's generator.
    shuffle : bool
        Shuffle the rows.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.make_spirals(90, n_classes=3, seed=0)
    >>> X.shape, sorted(set(y.tolist()))
    ((90, 2), [0, 1, 2])
    """
    _check(n_samples, noise, minimum=n_classes)
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) \
            or n_classes < 2:
        raise ValueError(f"n_classes must be an integer >= 2, but got {n_classes!r}.")
    rng = np.random.default_rng(seed)
    sizes = np.full(n_classes, n_samples // n_classes)
    sizes[: n_samples % n_classes] += 1
    X, y = [], []
    for j, n_j in enumerate(sizes):
        r = np.linspace(0.05, 1.0, n_j)
        theta = 2 * np.pi * (turns * r + j / n_classes)
        X.append(np.column_stack([r * np.cos(theta), r * np.sin(theta)]))
        y.append(np.full(n_j, j))
    return _finish(np.vstack(X), np.concatenate(y), rng, noise, shuffle, "spirals",
                   f"{n_classes} interleaved spiral arms", n_classes)


def make_blobs(n_samples=200, centers=3, cluster_std=1.0, center_box=(-10.0, 10.0),
               seed=None, shuffle=True):
    """Gaussian blobs: class ``j`` is drawn around ``centers[j]`` with ``cluster_std``.

    ``centers`` is a number of blobs (centers drawn uniformly in ``center_box``) or
    an array of shape (k, 2).

    Parameters
    ----------
    n_samples : int
        Points in all, split evenly between the blobs.
    centers : int or array (k, 2)
        Number of blobs, or their centres.
    cluster_std : float
        Standard deviation of each blob.
    center_box : (float, float)
        Range of the randomly drawn centres.
    seed : int, optional
        Seed of the draw; default glassnet's generator.
    shuffle : bool
        Shuffle the rows.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.make_blobs(60, centers=[[0, 0], [5, 5]], seed=0)
    >>> X.shape, sorted(set(y.tolist()))
    ((60, 2), [0, 1])
    """
    _check(n_samples, cluster_std)
    rng = np.random.default_rng(seed)
    if isinstance(centers, (int, np.integer)) and not isinstance(centers, bool):
        if centers < 2:
            raise ValueError(f"centers must be at least 2 blobs, but got {centers!r}.")
        centers = rng.uniform(center_box[0], center_box[1], size=(int(centers), 2))
    centers = np.asarray(centers, dtype=np.float64)
    if centers.ndim != 2 or centers.shape[1] != 2 or len(centers) < 2:
        raise ValueError(
            f"centers must be an integer >= 2 or an array of shape (k, 2) with k >= 2, "
            f"but got shape {centers.shape}."
        )
    k = len(centers)
    sizes = np.full(k, n_samples // k)
    sizes[: n_samples % k] += 1
    X = np.repeat(centers, sizes, axis=0)
    y = np.repeat(np.arange(k), sizes)
    return _finish(X, y, rng, cluster_std, shuffle, "blobs", f"{k} Gaussian blobs", k)


def make_gaussian_xor(n_samples=200, noise=0.35, seed=None, shuffle=True):
    """The XOR problem with noise: four Gaussian clouds around ``(+-1, +-1)``.

    A point is class 1 when its cloud's two coordinates have different signs
    (``(-1, 1)`` and ``(1, -1)``), class 0 otherwise: ``x1 xor x2`` by quadrant.

    Parameters
    ----------
    n_samples : int
        Points in all, split evenly between the four clouds.
    noise : float
        Standard deviation of each cloud.
    seed : int, optional
        Seed of the draw; default glassnet's generator.
    shuffle : bool
        Shuffle the rows.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.make_gaussian_xor(100, seed=0)
    >>> X.shape
    (100, 2)
    """
    _check(n_samples, noise, minimum=4)
    rng = np.random.default_rng(seed)
    corners = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], dtype=np.float64)
    labels = np.array([0, 1, 1, 0])
    sizes = np.full(4, n_samples // 4)
    sizes[: n_samples % 4] += 1
    X = np.repeat(corners, sizes, axis=0)
    y = np.repeat(labels, sizes)
    return _finish(X, y, rng, noise, shuffle, "gaussian_xor",
                   "XOR of four Gaussian clouds", 2)
