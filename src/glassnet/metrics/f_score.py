"""F-scores: the weighted harmonic mean of precision and recall, per class."""

import numpy as np

from .. import _arguments, backend
from .base import Metric, _as_2d, _same_shape, _weights


class FBetaScore(Metric):
    """``F_beta = (1 + beta^2) P R / (beta^2 P + R)`` per class, as ``keras.metrics``.

    Predicted positive: ``y_pred > threshold``, or with ``threshold=None`` (the
    default) each row's largest output (if not 0). Weighted counts ``TP, FP, FN``
    are summed per column (or over everything with ``average="micro"``); with
    ``eps = 1e-7`` as Keras::

        P = TP / (TP + FP + eps),   R = TP / (TP + FN + eps)
        F = (1 + beta^2) P R / (beta^2 P + R + eps)

    ``average``: ``None`` (one score per class, an array), ``"micro"``, ``"macro"``
    (the mean of the class scores) or ``"weighted"`` (weighted by each class's
    count of positive targets). Inputs are ``(m, n_classes)`` one-hot or binary rows.

    Parameters
    ----------
    average : {None, "micro", "macro", "weighted"}, default None
    beta : float, default 1.0
        Recall counts ``beta`` times as much as precision.
    threshold : float, optional
        Predicted positive above it (default: each row's largest output).
    name : str, optional
        The name in the History (default: the metric's Keras name).

    Notes
    -----
    The inputs of ``update_state``/``__call__``: ``y_true`` and ``y_pred`` of shape
    ``(m, n_out)`` (``(m,)`` for one output), ``sample_weight`` of shape ``(m,)``.

    Examples
    --------
    Per class: ``P = 1, R = 1/3``; ``P = 2/3, R = 1``; ``P = 1/2, R = 1``:

    >>> m = gn.metrics.FBetaScore(beta=2.0, threshold=0.5)
    >>> y_true = [[1, 1, 1], [1, 0, 0], [1, 1, 0]]
    >>> y_pred = [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]]
    >>> m(y_true, y_pred).round(4)  # 5/13, 10/11, 5/6
    array([0.3846, 0.9091, 0.8333])
    """

    name = "fbeta_score"

    def __init__(self, average=None, beta=1.0, threshold=None, name=None):
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError(
                "FBetaScore expects average None, 'micro', 'macro' or 'weighted', but "
                f"got {average!r}."
            )
        beta = _arguments.real(beta, "beta", "FBetaScore")
        threshold = _arguments.real(threshold, "threshold", "FBetaScore", 0, 1, none_ok=True)
        if beta <= 0:
            raise ValueError(f"FBetaScore expects beta > 0, but got {beta!r}.")
        if threshold == 0:
            raise ValueError(f"FBetaScore expects 0 < threshold <= 1, but got {threshold!r}.")
        self.average, self.beta, self.threshold = average, beta, threshold
        super().__init__(name)

    def reset_state(self):
        self.tp = self.fp = self.fn = self.support = 0.0

    def update_state(self, y_true, y_pred, sample_weight=None):
        A = _as_2d(y_pred)
        Y = _same_shape(self.name, y_true, A).astype(np.float64)
        if self.threshold is None:  # the row's maximum; an all-zero row predicts nothing
            predicted = (A >= A.max(axis=-1, keepdims=True)) & (np.abs(A) > 1e-9)
        else:
            predicted = A > self.threshold
        predicted = predicted.astype(np.float64)
        w = _weights(sample_weight, len(A))[:, None]
        axis = None if self.average == "micro" else 0
        self.tp = self.tp + (w * predicted * Y).sum(axis=axis)
        self.fp = self.fp + (w * predicted * (1 - Y)).sum(axis=axis)
        self.fn = self.fn + (w * (1 - predicted) * Y).sum(axis=axis)
        self.support = self.support + (w * Y).sum(axis=axis)

    def result(self):
        eps = backend.epsilon()
        precision = self.tp / (self.tp + self.fp + eps)
        recall = self.tp / (self.tp + self.fn + eps)
        b2 = self.beta**2
        score = (1 + b2) * precision * recall / (b2 * precision + recall + eps)
        if self.average == "weighted":
            return float(np.sum(score * self.support / (np.sum(self.support) + eps)))
        if self.average is not None:
            return float(np.mean(score))
        return np.asarray(score, dtype=np.float64)

    def get_config(self):
        return {"name": self.name, "average": self.average, "beta": self.beta,
                "threshold": self.threshold}


class F1Score(FBetaScore):
    """``F_1 = 2 P R / (P + R)``: ``FBetaScore`` with ``beta = 1``.

    Parameters
    ----------
    average : {None, "micro", "macro", "weighted"}, default None
    threshold : float, optional
        Predicted positive above it (default: each row's largest output).
    name : str, optional
        The name in the History (default: the metric's Keras name).

    Notes
    -----
    The inputs of ``update_state``/``__call__``: ``y_true`` and ``y_pred`` of shape
    ``(m, n_out)`` (``(m,)`` for one output), ``sample_weight`` of shape ``(m,)``.

    Examples
    --------
    >>> m = gn.metrics.F1Score(threshold=0.5)
    >>> y_true = [[1, 1, 1], [1, 0, 0], [1, 1, 0]]
    >>> y_pred = [[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]]
    >>> m(y_true, y_pred).round(4)  # 2PR / (P + R) per class: 1/2, 4/5, 2/3
    array([0.5   , 0.8   , 0.6667])
    """

    name = "f1_score"

    def __init__(self, average=None, threshold=None, name=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name)

    def get_config(self):
        config = super().get_config()
        del config["beta"]
        return config
