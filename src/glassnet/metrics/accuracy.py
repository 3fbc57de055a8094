"""Accuracy metrics: binary (a threshold), categorical (arg-max), sparse (labels)."""

import numpy as np

from .. import _arguments
from .base import Metric, _labels, _same_shape


class BinaryAccuracy(Metric):
    """Fraction of outputs where ``(y_pred > threshold) == (y_true > 0.5)``.

    Parameters
    ----------
    name : str, optional
        The name in the History (default: the metric's Keras name).
    threshold : float, default 0.5
        An output above it is predicted 1.

    Notes
    -----
    The inputs of ``update_state``/``__call__``: ``y_true`` and ``y_pred`` of shape
    ``(m, n_out)`` (``(m,)`` for one output), ``sample_weight`` of shape ``(m,)``.

    Examples
    --------
    >>> m = gn.metrics.BinaryAccuracy()
    >>> m([[1], [0], [1], [0]], [[0.9], [0.6], [0.4], [0.2]])  # right, wrong, wrong, right
    0.5
    """

    name = "binary_accuracy"

    def __init__(self, name=None, threshold=0.5):
        self.threshold = _arguments.real(threshold, "threshold", "BinaryAccuracy")
        super().__init__(name)

    def values(self, y_true, y_pred):
        y_true = _same_shape(self.name, y_true, y_pred)
        return ((y_pred > self.threshold) == (y_true > 0.5)).mean(axis=-1)

    def get_config(self):
        return {"name": self.name, "threshold": self.threshold}


class CategoricalAccuracy(Metric):
    """Fraction of examples whose arg-max output is the one-hot target's class.

    Parameters
    ----------
    name : str, optional
        The name in the History (default: the metric's Keras name).

    Notes
    -----
    The inputs of ``update_state``/``__call__``: ``y_true`` and ``y_pred`` of shape
    ``(m, n_out)`` (``(m,)`` for one output), ``sample_weight`` of shape ``(m,)``.

    Examples
    --------
    >>> m = gn.metrics.CategoricalAccuracy()
    >>> m([[0, 1], [1, 0], [0, 1], [1, 0]], [[0.3, 0.7], [0.4, 0.6], [0.1, 0.9], [0.8, 0.2]])
    0.75
    """

    name = "categorical_accuracy"

    def values(self, y_true, y_pred):
        return (_labels(y_true, y_pred) == y_pred.argmax(axis=-1)).astype(np.float64)


class SparseCategoricalAccuracy(CategoricalAccuracy):
    """Fraction of examples whose arg-max output equals the integer label.

    Parameters
    ----------
    name : str, optional
        The name in the History (default: the metric's Keras name).

    Notes
    -----
    The inputs of ``update_state``/``__call__``: ``y_true`` and ``y_pred`` of shape
    ``(m, n_out)`` (``(m,)`` for one output), ``sample_weight`` of shape ``(m,)``.

    Examples
    --------
    >>> m = gn.metrics.SparseCategoricalAccuracy()
    >>> y_pred = [[0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.2, 0.2, 0.6], [0.5, 0.25, 0.25]]
    >>> m([1, 0, 2, 0], y_pred)  # the second arg-max is 2, not 0
    0.75
    """

    name = "sparse_categorical_accuracy"


class TopKCategoricalAccuracy(Metric):
    """Fraction of examples whose target class is among the ``k`` largest outputs.

    As Keras: the target is the arg-max of the one-hot ``y_true`` (or a class index);
    it counts as found when its score is ``>=`` the ``k``-th largest score, so ties
    with the ``k``-th score count. ``k`` defaults to 5.

    Parameters
    ----------
    k : int, default 5
        How many of the largest outputs count.
    name : str, optional
        The name in the History (default: the metric's Keras name).

    Notes
    -----
    The inputs of ``update_state``/``__call__``: ``y_true`` and ``y_pred`` of shape
    ``(m, n_out)`` (``(m,)`` for one output), ``sample_weight`` of shape ``(m,)``.

    Examples
    --------
    >>> m = gn.metrics.TopKCategoricalAccuracy(k=2)
    >>> m([[0, 0, 1], [1, 0, 0]], [[0.1, 0.5, 0.4], [0.2, 0.3, 0.5]])  # class 0 is 3rd
    0.5
    """

    name = "top_k_categorical_accuracy"

    def __init__(self, k=5, name=None):
        self.k = _arguments.whole(k, "k", "TopKCategoricalAccuracy", 1)
        super().__init__(name)

    def values(self, y_true, y_pred):
        labels = _labels(y_true, y_pred)
        target = y_pred[np.arange(len(y_pred)), labels]
        k = min(self.k, y_pred.shape[-1])
        kth = np.partition(y_pred, -k, axis=-1)[:, -k]  # the k-th largest score per row
        return (target >= kth).astype(np.float64)

    def get_config(self):
        return {"name": self.name, "k": self.k}
