"""Regression metrics: mean absolute and squared errors, their root."""

import warnings

import numpy as np

from .. import _arguments
from .base import Metric, _as_2d, _same_shape, _weights


class MeanAbsoluteError(Metric):
    """Mean over outputs, then over examples, of ``|y_true - y_pred|``.

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
    >>> gn.metrics.MeanAbsoluteError()([[1.0, 2.0]], [[1.5, 1.0]])  # (0.5 + 1) / 2
    0.75
    """

    name = "mean_absolute_error"
    direction = "down"

    def values(self, y_true, y_pred):
        return np.abs(_same_shape(self.name, y_true, y_pred) - y_pred).mean(axis=-1)


class MeanSquaredError(Metric):
    """Mean over outputs, then over examples, of ``(y_true - y_pred)^2``.

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
    >>> gn.metrics.MeanSquaredError()([[1.0, 2.0]], [[1.5, 1.0]])  # (0.25 + 1) / 2
    0.625
    """

    name = "mean_squared_error"
    direction = "down"

    def values(self, y_true, y_pred):
        D = _same_shape(self.name, y_true, y_pred) - y_pred
        return (D * D).mean(axis=-1)


class RootMeanSquaredError(MeanSquaredError):
    """Square root of the mean squared error.

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
    >>> gn.metrics.RootMeanSquaredError()([[0.0], [0.0]], [[1.0], [7.0]])  # sqrt((1 + 49) / 2)
    5.0
    """

    name = "root_mean_squared_error"

    def result(self):
        return float(np.sqrt(super().result()))


class R2Score(Metric):
    """Coefficient of determination ``R^2 = 1 - SS_res / SS_tot``, per output, as Keras.

    Over every example seen, per output column ``k`` (weights ``w_i``)::

        SS_res_k = sum_i w_i (y_ik - a_ik)^2
        SS_tot_k = sum_i w_i y_ik^2 - (sum_i w_i y_ik)^2 / sum_i w_i

    A column with ``SS_tot = 0`` scores 0 (Keras replaces the infinite value by 0).
    ``class_aggregation``: ``"uniform_average"`` (the mean over outputs, default),
    ``"variance_weighted_average"`` (weighted by ``SS_tot``) or ``None`` (the array).
    ``num_regressors = p > 0`` gives the adjusted ``1 - (1 - R^2)(n - 1)/(n - p - 1)``
    with ``n`` the number of target values seen.

    Parameters
    ----------
    class_aggregation : str or None, default ``"uniform_average"``
    num_regressors : int, default 0
    name : str, optional
        The name in the History (default: the metric's Keras name).

    Notes
    -----
    The inputs of ``update_state``/``__call__``: ``y_true`` and ``y_pred`` of shape
    ``(m, n_out)`` (``(m,)`` for one output), ``sample_weight`` of shape ``(m,)``.

    Examples
    --------
    >>> r2 = gn.metrics.R2Score()
    >>> float(r2([[1.0], [2.0], [3.0]], [[1.0], [2.0], [4.0]]))  # 1 - SS_res / SS_tot = 1 - 1/2
    0.5
    """

    name = "r2_score"

    def __init__(self, class_aggregation="uniform_average", num_regressors=0, name=None):
        if class_aggregation not in (None, "uniform_average", "variance_weighted_average"):
            raise ValueError(
                "R2Score expects class_aggregation None, 'uniform_average' or "
                f"'variance_weighted_average', but got {class_aggregation!r}."
            )
        num_regressors = _arguments.whole(num_regressors, "num_regressors", "R2Score")
        self.class_aggregation, self.num_regressors = class_aggregation, num_regressors
        super().__init__(name)

    def reset_state(self):
        self.sum = self.squared_sum = self.residual = self.weight = 0.0
        self.num_samples = 0

    def update_state(self, y_true, y_pred, sample_weight=None):
        A = _as_2d(y_pred).astype(np.float64)
        Y = _same_shape(self.name, y_true, A).astype(np.float64)
        w = _weights(sample_weight, len(A))[:, None]
        self.sum = self.sum + (w * Y).sum(axis=0)
        self.squared_sum = self.squared_sum + (w * Y * Y).sum(axis=0)
        self.residual = self.residual + (w * (Y - A) ** 2).sum(axis=0)
        self.weight = self.weight + np.broadcast_to(w, Y.shape).sum(axis=0)
        self.num_samples += Y.size

    def result(self):
        if not self.num_samples:
            return float("nan")  # as Keras: 0 / 0 before any example
        with np.errstate(divide="ignore", invalid="ignore"):
            total = self.squared_sum - self.sum * (self.sum / self.weight)
            raw = 1.0 - self.residual / total
        raw = np.where(np.isinf(raw), 0.0, raw)
        if self.class_aggregation == "uniform_average":
            score = float(np.mean(raw))
        elif self.class_aggregation == "variance_weighted_average":
            score = float(np.sum(total * raw) / np.sum(total))
        else:
            score = raw
        n, p = self.num_samples, self.num_regressors
        if p and n - p - 1 > 0:  # as Keras, the plain R^2 (and a warning) otherwise
            score = 1.0 - (1.0 - score) * (n - 1) / (n - p - 1)
        elif p:
            warnings.warn(
                f"R2Score: {p} regressors for {n} target values leave no degrees of "
                "freedom for the adjusted R^2; the plain R^2 is reported.", stacklevel=2)
        return score

    def get_config(self):
        return {"name": self.name, "class_aggregation": self.class_aggregation,
                "num_regressors": self.num_regressors}
