"""Precision and recall: weighted counts of true/false positives at a threshold."""

from .. import _arguments
from .base import Metric, _as_2d, _same_shape, _weights


class _ConfusionMetric(Metric):
    """Weighted counts of true/false positives/negatives at a threshold.

    An output is predicted positive when ``y_pred > thresholds`` and is positive
    when ``y_true != 0`` (Keras casts it to bool); every output of every example
    counts once, weighted by its example's sample weight.
    """

    def __init__(self, name=None, thresholds=0.5):
        self.thresholds = _arguments.real(thresholds, "thresholds", type(self).__name__, 0, 1)
        super().__init__(name)

    def reset_state(self):
        self.tp = self.fp = self.fn = 0.0

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = _as_2d(y_pred)
        positive = _same_shape(self.name, y_true, y_pred) != 0
        predicted = y_pred > self.thresholds
        w = _weights(sample_weight, len(y_pred))[:, None]
        self.tp += float((w * (positive & predicted)).sum())
        self.fp += float((w * (~positive & predicted)).sum())
        self.fn += float((w * (positive & ~predicted)).sum())

    def get_config(self):
        return {"name": self.name, "thresholds": self.thresholds}


class Precision(_ConfusionMetric):
    """``TP / (TP + FP)``: of the outputs predicted positive, how many are (0 if none).

    Parameters
    ----------
    name : str, optional
        The name in the History (default: the metric's Keras name).
    thresholds : float, default 0.5
        An output above it is predicted positive.

    Notes
    -----
    The inputs of ``update_state``/``__call__``: ``y_true`` and ``y_pred`` of shape
    ``(m, n_out)`` (``(m,)`` for one output), ``sample_weight`` of shape ``(m,)``.

    Examples
    --------
    >>> m = gn.metrics.Precision()
    >>> round(m([[1], [0], [1], [1]], [[0.9], [0.8], [0.3], [0.7]]), 4)  # TP 2, FP 1
    0.6667
    """

    name = "precision"

    def result(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0


class Recall(_ConfusionMetric):
    """``TP / (TP + FN)``: of the positive outputs, how many were found (0 if none).

    Parameters
    ----------
    name : str, optional
        The name in the History (default: the metric's Keras name).
    thresholds : float, default 0.5
        An output above it is predicted positive.

    Notes
    -----
    The inputs of ``update_state``/``__call__``: ``y_true`` and ``y_pred`` of shape
    ``(m, n_out)`` (``(m,)`` for one output), ``sample_weight`` of shape ``(m,)``.

    Examples
    --------
    >>> m = gn.metrics.Recall()
    >>> m([[1], [0], [1], [1]], [[0.9], [0.8], [0.3], [0.2]])  # TP 1, FN 2
    0.3333...
    """

    name = "recall"

    def result(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
