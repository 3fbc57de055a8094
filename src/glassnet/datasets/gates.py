"""Logic gates: the four examples of a two-input truth table.

These are the first seed's data set (the AND gate) and the lab's XOR problem::

    x1 x2 | and or xor nand
     0  0 |  0   0   0    1
     0  1 |  0   1   1    1
     1  0 |  0   1   1    1
     1  1 |  1   1   0    0
"""

import numpy as np

from ._dataset import Dataset

GATES = {
    "and": np.logical_and,
    "or": np.logical_or,
    "xor": np.logical_xor,
    "nand": lambda a, b: ~np.logical_and(a, b),
}


def logic_gate(name):
    """Return the truth table of a gate as a Dataset.

    Parameters
    ----------
    name : {"and", "or", "xor", "nand"}

    Returns
    -------
    Dataset
        ``X`` of shape (4, 2) with rows 00, 01, 10, 11 and ``y`` of shape (4,)
        holding 0 or 1 (integers).

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.logic_gate("and")
    >>> y.tolist()
    [0, 0, 0, 1]
    """
    key = str(name).lower()
    if key not in GATES:
        raise ValueError(f"Unknown logic gate {name!r}. Expected one of {sorted(GATES)}.")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    y = GATES[key](X[:, 0] > 0.5, X[:, 1] > 0.5).astype(np.int64)
    return Dataset(X, y, key, ["x1", "x2"], key, "binary", classes=[0, 1],
                   description=f"the {key.upper()} gate's truth table (4 examples)")


def load_and():
    """AND gate: ``y = x1 and x2`` (see ``logic_gate``).

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.datasets.load_and().y.tolist()
    [0, 0, 0, 1]
    """
    return logic_gate("and")


def load_or():
    """OR gate: ``y = x1 or x2`` (see ``logic_gate``).

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.datasets.load_or().y.tolist()
    [0, 1, 1, 1]
    """
    return logic_gate("or")


def load_xor():
    """XOR gate: ``y = x1 xor x2``, not linearly separable (see ``logic_gate``).

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.datasets.load_xor().y.tolist()
    [0, 1, 1, 0]
    """
    return logic_gate("xor")


def load_nand():
    """NAND gate: ``y = not (x1 and x2)`` (see ``logic_gate``).

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.datasets.load_nand().y.tolist()
    [1, 1, 1, 0]
    """
    return logic_gate("nand")
