"""Metrics: numbers reported during training that the optimizer does not minimise.

Each metric accumulates over batches (``update_state(y_true, y_pred,
sample_weight)``), reports ``result()`` and starts again with ``reset_state()``,
as in Keras, so the result over several batches equals the result over their
concatenation. ``y_true`` and ``y_pred`` are ``(m, n_out)`` (``(m,)`` means one
output); class indices ``(m,)`` are accepted where the metric is about classes.

``"accuracy"`` is resolved from the shapes, as Keras does: one output unit means
binary accuracy (threshold 0.5); integer labels against several units (a sparse
loss) mean sparse categorical accuracy; otherwise categorical accuracy. A metric
asked for by name keeps that name in the history (``"mae"`` -> ``"mae"``,
``"val_mae"``); a metric object reports its ``name``.

``direction`` says whether larger is better (``"up"``) or smaller (``"down"``);
``EarlyStopping(mode="auto")`` and ``ModelCheckpoint`` read it.
"""

from .._registry import registry
from .accuracy import (
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    TopKCategoricalAccuracy,
)
from .auc import AUC
from .base import MeanMetricWrapper, Metric, _as_2d
from .confusion import Precision, Recall
from .f_score import F1Score, FBetaScore
from .regression import MeanAbsoluteError, MeanSquaredError, R2Score, RootMeanSquaredError

METRICS = registry(
    BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
    TopKCategoricalAccuracy, MeanAbsoluteError, MeanSquaredError, RootMeanSquaredError,
    R2Score, Precision, Recall, AUC, FBetaScore, F1Score,
)
ALIASES = {
    "mae": "mean_absolute_error",
    "mse": "mean_squared_error",
    "rmse": "root_mean_squared_error",
    "acc": "accuracy",
}
# Keras's class names work too: "RootMeanSquaredError", "F1Score", "AUC"...
CLASS_NAMES = {cls.__name__.lower(): key for key, cls in METRICS.items()}


def get(identifier, output_units=None, targets_are_labels=False):
    """Return a ``Metric`` for a name (case-insensitive), an instance or a config dict.

    ``"accuracy"`` (or ``"acc"``) needs ``output_units`` (and whether the targets are
    class indices) to choose binary, categorical or sparse categorical accuracy. A
    metric asked for by name keeps that name, as Keras reports it. A plain function
    ``fn(y_true, y_pred)`` becomes a ``MeanMetricWrapper`` named ``fn.__name__``.

    Parameters
    ----------
    identifier : str, dict, Metric, Metric subclass or callable
    output_units : int, optional
        The model's number of outputs, for ``"accuracy"``.
    targets_are_labels : bool, default False
        Whether the targets are class indices, for ``"accuracy"``.

    Examples
    --------
    >>> gn.metrics.get("mae")
    MeanAbsoluteError(name='mae')
    >>> gn.metrics.get("accuracy", output_units=1)
    BinaryAccuracy(name='accuracy')
    >>> gn.metrics.get("accuracy", output_units=3, targets_are_labels=True)
    SparseCategoricalAccuracy(name='accuracy')
    """
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Metric):
        return identifier()
    if callable(identifier) and not isinstance(identifier, type):
        return MeanMetricWrapper(identifier)
    if isinstance(identifier, dict):
        key = str(identifier.get("class_name"))
        cls = METRICS.get(key) or METRICS.get(CLASS_NAMES.get(key.lower(), ""))
        if cls is not None:
            return cls(**identifier.get("config", {}))
    if isinstance(identifier, str):
        key = identifier.lower()
        key = ALIASES.get(key) or CLASS_NAMES.get(key) or key
        if key == "accuracy":
            if output_units == 1:
                return BinaryAccuracy(name=identifier)
            if targets_are_labels:
                return SparseCategoricalAccuracy(name=identifier)
            return CategoricalAccuracy(name=identifier)
        if key in METRICS:
            return METRICS[key](name=identifier)
    raise ValueError(
        f"Unknown metric {identifier!r}. Expected 'accuracy', one of "
        f"{sorted(METRICS) + sorted(ALIASES)}, a glassnet.metrics.Metric instance or "
        "a function (y_true, y_pred) -> values."
    )


def serialize(metric):
    """Return the JSON-ready config of a built-in metric.

    Parameters
    ----------
    metric : Metric

    Examples
    --------
    >>> gn.metrics.serialize(gn.metrics.Precision())
    {'class_name': 'precision', 'config': {'name': 'precision', 'thresholds': 0.5}}
    """
    for key, cls in METRICS.items():
        if type(metric) is cls:
            return {"class_name": key, "config": metric.get_config()}
    raise ValueError(f"Cannot save the custom metric {metric!r}.")


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """Per-example binary accuracy, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)`` (or class indices ``(m,)`` where it says so).
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.
    threshold : float, default 0.5

    Returns
    -------
    ndarray
        One value per example, shape ``(m,)``.

    Examples
    --------
    >>> gn.metrics.binary_accuracy([[1], [0]], [[0.7], [0.7]])
    array([1., 0.])
    """
    return BinaryAccuracy(threshold=threshold).values(y_true, _as_2d(y_pred))


def categorical_accuracy(y_true, y_pred):
    """Per-example categorical accuracy (1.0 or 0.0), shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)`` (or class indices ``(m,)`` where it says so).
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.

    Returns
    -------
    ndarray
        One value per example, shape ``(m,)``.

    Examples
    --------
    >>> gn.metrics.categorical_accuracy([[0, 1], [0, 1]], [[0.2, 0.8], [0.6, 0.4]])
    array([1., 0.])
    """
    return CategoricalAccuracy().values(y_true, _as_2d(y_pred))


def sparse_categorical_accuracy(y_true, y_pred):
    """Per-example accuracy against integer labels, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)`` (or class indices ``(m,)`` where it says so).
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.

    Returns
    -------
    ndarray
        One value per example, shape ``(m,)``.

    Examples
    --------
    >>> gn.metrics.sparse_categorical_accuracy([1, 1], [[0.2, 0.8], [0.6, 0.4]])
    array([1., 0.])
    """
    return SparseCategoricalAccuracy().values(y_true, _as_2d(y_pred))


# the classes, then the functions
__all__ = ["Metric", "MeanMetricWrapper", *(cls.__name__ for cls in METRICS.values()),
           "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "get",
           "serialize"]
