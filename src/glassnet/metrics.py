"""Metrics: numbers reported during training that the optimizer does not minimise.

Each metric accumulates over batches (``update_state(y_true, y_pred,
sample_weight)``), reports ``result()`` and starts again with ``reset_state()``,
as in Keras. ``y_true`` and ``y_pred`` are ``(m, n_out)``; class indices
``(m,)`` are accepted where the metric is about classes.

``"accuracy"`` is resolved from the shapes, as Keras does: one output unit means
binary accuracy (threshold 0.5); integer labels against several units mean sparse
categorical accuracy; one-hot targets mean categorical accuracy.
"""

import numpy as np


def _as_2d(y):
    y = np.asarray(y)
    if y.ndim == 1:
        y = y[:, None]
    return y


def _labels(y_true, y_pred):
    """Class index of each example, from one-hot rows or from labels."""
    y_true = np.asarray(y_true)
    if y_true.ndim == 2 and y_true.shape[-1] == y_pred.shape[-1] and y_pred.shape[-1] > 1:
        return y_true.argmax(axis=-1)
    return y_true.reshape(-1).astype(np.int64)


class Metric:
    """Base class: a weighted mean of per-example values by default."""

    name = "metric"

    def __init__(self, name=None):
        if name is not None:
            self.name = name
        self.reset_state()

    def reset_state(self):
        self.total = 0.0
        self.count = 0.0

    def values(self, y_true, y_pred):
        """Per-example values, shape ``(m,)``."""
        raise NotImplementedError

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = _as_2d(y_pred)
        v = self.values(y_true, y_pred)
        if sample_weight is None:
            self.total += float(v.sum())
            self.count += v.shape[0]
        else:
            w = np.asarray(sample_weight).reshape(-1)
            self.total += float((v * w).sum())
            self.count += float(w.sum())

    def result(self):
        return self.total / self.count if self.count else 0.0

    def __call__(self, y_true, y_pred, sample_weight=None):
        """Return the metric of one batch (the state is reset first)."""
        self.reset_state()
        self.update_state(y_true, y_pred, sample_weight)
        return self.result()

    def get_config(self):
        return {"name": self.name}

    def __repr__(self):
        return f"{type(self).__name__}(name={self.name!r})"


class BinaryAccuracy(Metric):
    """Fraction of outputs where ``(y_pred > threshold) == y_true``."""

    name = "binary_accuracy"

    def __init__(self, name=None, threshold=0.5):
        self.threshold = float(threshold)
        super().__init__(name)

    def values(self, y_true, y_pred):
        y_true = _as_2d(y_true).reshape(y_pred.shape)
        return ((y_pred > self.threshold) == (y_true > 0.5)).mean(axis=-1)

    def get_config(self):
        return {"name": self.name, "threshold": self.threshold}


class CategoricalAccuracy(Metric):
    """Fraction of examples whose arg-max output is the one-hot target's class."""

    name = "categorical_accuracy"

    def values(self, y_true, y_pred):
        return (_labels(y_true, y_pred) == y_pred.argmax(axis=-1)).astype(float)


class SparseCategoricalAccuracy(CategoricalAccuracy):
    """Fraction of examples whose arg-max output equals the integer label."""

    name = "sparse_categorical_accuracy"


class MeanAbsoluteError(Metric):
    """Mean of ``|y_true - y_pred|``."""

    name = "mean_absolute_error"

    def values(self, y_true, y_pred):
        return np.abs(_as_2d(y_true).reshape(y_pred.shape) - y_pred).mean(axis=-1)


class MeanSquaredError(Metric):
    """Mean of ``(y_true - y_pred)^2``."""

    name = "mean_squared_error"

    def values(self, y_true, y_pred):
        D = _as_2d(y_true).reshape(y_pred.shape) - y_pred
        return (D * D).mean(axis=-1)


class RootMeanSquaredError(MeanSquaredError):
    """Square root of the mean squared error."""

    name = "root_mean_squared_error"

    def result(self):
        return float(np.sqrt(super().result()))


class _ConfusionMetric(Metric):
    """Counts of true/false positives/negatives at the threshold 0.5."""

    def __init__(self, name=None, thresholds=0.5):
        self.thresholds = float(thresholds)
        super().__init__(name)

    def reset_state(self):
        self.tp = self.fp = self.fn = 0.0

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = _as_2d(y_pred)
        positive = _as_2d(y_true).reshape(y_pred.shape) > 0.5
        predicted = y_pred > self.thresholds
        w = np.ones(len(y_pred)) if sample_weight is None else np.asarray(sample_weight)
        w = w.reshape(-1, 1)
        self.tp += float((w * (positive & predicted)).sum())
        self.fp += float((w * (~positive & predicted)).sum())
        self.fn += float((w * (positive & ~predicted)).sum())

    def get_config(self):
        return {"name": self.name, "thresholds": self.thresholds}


class Precision(_ConfusionMetric):
    """``TP / (TP + FP)``: of the examples predicted positive, how many are."""

    name = "precision"

    def result(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0


class Recall(_ConfusionMetric):
    """``TP / (TP + FN)``: of the positive examples, how many were found."""

    name = "recall"

    def result(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


class AUC(Metric):
    """Area under the ROC curve, from counts at ``num_thresholds`` thresholds (Keras).

    Thresholds are ``[-eps, 1/(n-1), 2/(n-1), ..., 1 + eps]``; the area is summed
    with the trapezoidal rule over (false-positive rate, true-positive rate).
    """

    name = "auc"

    def __init__(self, name=None, num_thresholds=200):
        if num_thresholds < 2:
            raise ValueError(f"num_thresholds must be > 1, but got {num_thresholds!r}.")
        self.num_thresholds = int(num_thresholds)
        inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        self.thresholds = np.array([-1e-7] + inner + [1.0 + 1e-7])
        super().__init__(name)

    def reset_state(self):
        n = self.num_thresholds
        self.tp, self.fp, self.tn, self.fn = (np.zeros(n) for _ in range(4))

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = _as_2d(y_pred)
        positive = (_as_2d(y_true).reshape(y_pred.shape) > 0.5).reshape(-1)
        scores = y_pred.reshape(-1)
        w = np.ones(len(y_pred)) if sample_weight is None else np.asarray(sample_weight)
        w = np.repeat(w.reshape(-1), y_pred.shape[-1])
        above = scores[None, :] > self.thresholds[:, None]  # (n_thresholds, N)
        self.tp += (above & positive) @ w
        self.fp += (above & ~positive) @ w
        self.fn += (~above & positive) @ w
        self.tn += (~above & ~positive) @ w

    def result(self):
        tpr = self.tp / np.maximum(self.tp + self.fn, 1e-12)
        fpr = self.fp / np.maximum(self.fp + self.tn, 1e-12)
        return float(np.sum((fpr[:-1] - fpr[1:]) * (tpr[:-1] + tpr[1:]) / 2))

    def get_config(self):
        return {"name": self.name, "num_thresholds": self.num_thresholds}


METRICS = {
    cls.name: cls
    for cls in (
        BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
        MeanAbsoluteError, MeanSquaredError, RootMeanSquaredError,
        Precision, Recall, AUC,
    )
}
ALIASES = {
    "mae": "mean_absolute_error",
    "mse": "mean_squared_error",
    "rmse": "root_mean_squared_error",
    "acc": "accuracy",
}


def get(identifier, output_units=None, targets_are_labels=False):
    """Return a ``Metric`` for a name or an instance.

    ``"accuracy"`` needs ``output_units`` (and whether the targets are class
    indices) to choose binary, categorical or sparse categorical accuracy. The
    metric keeps the name it was asked by, as Keras reports it.
    """
    if isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, dict):
        cls = METRICS.get(identifier.get("class_name"))
        if cls is not None:
            return cls(**identifier.get("config", {}))
    if isinstance(identifier, str):
        key = ALIASES.get(identifier.lower(), identifier.lower())
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
        f"{sorted(METRICS) + sorted(ALIASES)}, or a glassnet.metrics.Metric instance."
    )


def serialize(metric):
    """Return the JSON-ready config of a built-in metric."""
    for key, cls in METRICS.items():
        if type(metric) is cls:
            return {"class_name": key, "config": metric.get_config()}
    raise ValueError(f"Cannot save the custom metric {metric!r}.")


def binary_accuracy(y_true, y_pred, threshold=0.5):
    """Per-example binary accuracy, shape ``(m,)``."""
    return BinaryAccuracy(threshold=threshold).values(y_true, _as_2d(y_pred))


def categorical_accuracy(y_true, y_pred):
    """Per-example categorical accuracy (1.0 or 0.0), shape ``(m,)``."""
    return CategoricalAccuracy().values(y_true, _as_2d(y_pred))


def sparse_categorical_accuracy(y_true, y_pred):
    """Per-example accuracy against integer labels, shape ``(m,)``."""
    return SparseCategoricalAccuracy().values(y_true, _as_2d(y_pred))
