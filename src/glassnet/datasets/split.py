"""Train / validation / test splits, stratified by class for classification."""

import numpy as np


def _check_fraction(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) \
            or not 0 <= value < 1:
        raise ValueError(f"{name} must be a fraction in [0, 1), such as 0.2, but got {value!r}.")
    return float(value)


def split_indices(y, validation_split=0.2, test_split=0.2, stratify=True, seed=None):
    """Row indices of a random train / validation / test split.

    Parameters
    ----------
    y : array of shape (m,)
        Targets; with ``stratify=True`` each split keeps the class proportions of
        ``y`` (use class labels, not floats).
    validation_split, test_split : float in [0, 1)
        Fractions of the rows held out (rounded up, as scikit-learn does).
    stratify : bool
    seed : int or None
        The same seed gives the same split.

    Returns
    -------
    train, validation, test : ndarrays of int
        Disjoint indices covering ``0 .. m-1``; an unused split is empty.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> train, val, test = gn.datasets.split_indices(np.array([0, 1] * 50), seed=0)
    >>> len(train), len(val), len(test)
    (60, 20, 20)
    """
    from sklearn.model_selection import train_test_split

    validation_split = _check_fraction(validation_split, "validation_split")
    test_split = _check_fraction(test_split, "test_split")
    if validation_split + test_split >= 1:
        raise ValueError(
            f"validation_split + test_split must be below 1 to leave training data, but "
            f"they add up to {validation_split + test_split:g}."
        )
    y = np.asarray(y)
    m = len(y)
    index = np.arange(m)
    empty = np.array([], dtype=np.int64)
    rng = np.random.RandomState(seed) if seed is not None else None

    def cut(rows, fraction):
        if fraction == 0:
            return rows, empty
        labels = y[rows] if stratify else None
        try:
            keep, held = train_test_split(rows, test_size=fraction, random_state=rng,
                                          stratify=labels)
        except ValueError as error:
            raise ValueError(
                f"Cannot hold out {fraction:g} of {len(rows)} rows"
                f"{' with every class represented' if stratify else ''}: {error} Use "
                "more data, smaller splits, or 0 to skip a split."
            ) from None
        return np.sort(keep), np.sort(held)

    rest, test = cut(index, test_split)
    train, validation = cut(rest, validation_split / (1 - test_split))
    return train, validation, test


def train_val_test_split(X, y, validation_split=0.2, test_split=0.2, stratify=True,
                         seed=None):
    """Split ``X`` and ``y`` three ways (see ``split_indices``).

    Parameters
    ----------
    X : array (m, n)
    y : array (m,) or (m, k)
    validation_split, test_split : float
        Fractions of the rows for validation and test.
    stratify : bool
        Keep the class proportions in each part (classification targets).
    seed : int, optional


    Returns
    -------
    X_train, X_val, X_test, y_train, y_val, y_test
        In scikit-learn's ``train_test_split`` order.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("iris")
    >>> X_train, X_val, X_test, y_train, y_val, y_test = gn.datasets.train_val_test_split(
    ...     X, y, seed=0)
    >>> len(X_train), len(X_val), len(X_test)
    (90, 30, 30)
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}: give one target per row.")
    train, val, test = split_indices(y, validation_split, test_split, stratify, seed)
    return X[train], X[val], X[test], y[train], y[val], y[test]
