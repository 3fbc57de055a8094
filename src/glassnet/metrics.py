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

import numpy as np


def _as_2d(y, what="y_pred"):
    y = np.asarray(y)
    if y.ndim == 1:
        y = y[:, None]
    if y.ndim != 2:
        raise ValueError(f"Metrics expect {what} of shape (m,) or (m, n_out), but got {y.shape}.")
    return y


def _same_shape(name, y_true, y_pred):
    """``y_true`` reshaped to ``y_pred``'s ``(m, n_out)`` shape, or a clear error."""
    y_true = np.asarray(y_true)
    if y_true.size != y_pred.size or len(y_true) != len(y_pred):
        raise ValueError(
            f"Metric '{name}' expects y_true with the shape of y_pred {y_pred.shape}, but "
            f"got {y_true.shape}."
        )
    return y_true.reshape(y_pred.shape)


def _weights(sample_weight, m):
    """Per-example weights, shape ``(m,)`` (ones when none are given)."""
    if sample_weight is None:
        return np.ones(m)
    w = np.asarray(sample_weight, dtype=np.float64).reshape(-1)
    if len(w) != m:
        raise ValueError(f"sample_weight has {len(w)} values but there are {m} examples.")
    return w


def _labels(y_true, y_pred):
    """Class index of each example, from one-hot rows or from labels."""
    y_true = np.asarray(y_true)
    if y_true.ndim == 2 and y_true.shape[-1] == y_pred.shape[-1] and y_pred.shape[-1] > 1:
        return y_true.argmax(axis=-1)
    if y_true.size != len(y_pred):
        raise ValueError(
            f"Expected one class index per example ({len(y_pred)}) or one-hot rows of "
            f"shape {y_pred.shape}, but got y_true of shape {y_true.shape}."
        )
    return y_true.reshape(-1).astype(np.int64)


class Metric:
    """Base class: the weighted mean over examples of ``values(y_true, y_pred)``.

    ``result() = sum_i w_i v_i / sum_i w_i`` over every example seen since the
    last ``reset_state()`` (``w_i = 1`` without sample weights).
    """

    name = "metric"
    direction = "up"

    def __init__(self, name=None):
        if name is not None:
            self.name = str(name)
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
        w = _weights(sample_weight, len(y_pred))
        self.total += float(v @ w)
        self.count += float(w.sum())

    def result(self):
        return self.total / self.count if self.count else 0.0

    def __call__(self, y_true, y_pred, sample_weight=None):
        """Update the state with one batch and return the result, as Keras 3."""
        self.update_state(y_true, y_pred, sample_weight)
        return self.result()

    def get_config(self):
        return {"name": self.name}

    def __repr__(self):
        return f"{type(self).__name__}(name={self.name!r})"


class BinaryAccuracy(Metric):
    """Fraction of outputs where ``(y_pred > threshold) == (y_true > 0.5)``."""

    name = "binary_accuracy"

    def __init__(self, name=None, threshold=0.5):
        self.threshold = float(threshold)
        super().__init__(name)

    def values(self, y_true, y_pred):
        y_true = _same_shape(self.name, y_true, y_pred)
        return ((y_pred > self.threshold) == (y_true > 0.5)).mean(axis=-1)

    def get_config(self):
        return {"name": self.name, "threshold": self.threshold}


class CategoricalAccuracy(Metric):
    """Fraction of examples whose arg-max output is the one-hot target's class."""

    name = "categorical_accuracy"

    def values(self, y_true, y_pred):
        return (_labels(y_true, y_pred) == y_pred.argmax(axis=-1)).astype(np.float64)


class SparseCategoricalAccuracy(CategoricalAccuracy):
    """Fraction of examples whose arg-max output equals the integer label."""

    name = "sparse_categorical_accuracy"


class MeanAbsoluteError(Metric):
    """Mean over outputs, then over examples, of ``|y_true - y_pred|``."""

    name = "mean_absolute_error"
    direction = "down"

    def values(self, y_true, y_pred):
        return np.abs(_same_shape(self.name, y_true, y_pred) - y_pred).mean(axis=-1)


class MeanSquaredError(Metric):
    """Mean over outputs, then over examples, of ``(y_true - y_pred)^2``."""

    name = "mean_squared_error"
    direction = "down"

    def values(self, y_true, y_pred):
        D = _same_shape(self.name, y_true, y_pred) - y_pred
        return (D * D).mean(axis=-1)


class RootMeanSquaredError(MeanSquaredError):
    """Square root of the mean squared error."""

    name = "root_mean_squared_error"

    def result(self):
        return float(np.sqrt(super().result()))


class _ConfusionMetric(Metric):
    """Weighted counts of true/false positives/negatives at a threshold.

    An output is predicted positive when ``y_pred > thresholds`` and is positive
    when ``y_true > 0.5``; every output of every example counts once, weighted by
    its example's sample weight.
    """

    def __init__(self, name=None, thresholds=0.5):
        self.thresholds = float(thresholds)
        super().__init__(name)

    def reset_state(self):
        self.tp = self.fp = self.fn = 0.0

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = _as_2d(y_pred)
        positive = _same_shape(self.name, y_true, y_pred) > 0.5
        predicted = y_pred > self.thresholds
        w = _weights(sample_weight, len(y_pred))[:, None]
        self.tp += float((w * (positive & predicted)).sum())
        self.fp += float((w * (~positive & predicted)).sum())
        self.fn += float((w * (positive & ~predicted)).sum())

    def get_config(self):
        return {"name": self.name, "thresholds": self.thresholds}


class Precision(_ConfusionMetric):
    """``TP / (TP + FP)``: of the outputs predicted positive, how many are (0 if none)."""

    name = "precision"

    def result(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0


class Recall(_ConfusionMetric):
    """``TP / (TP + FN)``: of the positive outputs, how many were found (0 if none)."""

    name = "recall"

    def result(self):
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


class AUC(Metric):
    """Area under the ROC curve from counts at ``num_thresholds`` thresholds, as Keras.

    Thresholds are ``[-1e-7, 1/(n-1), 2/(n-1), ..., (n-2)/(n-1), 1 + 1e-7]``. At each
    threshold ``t_j`` the weighted counts give ``TPR_j = TP/(TP+FN)`` and
    ``FPR_j = FP/(FP+TN)``; the area is the trapezoidal sum
    ``sum_j (FPR_j - FPR_{j+1}) (TPR_j + TPR_{j+1}) / 2``. It approaches the exact
    ROC AUC (scikit-learn's ``roc_auc_score``) as ``num_thresholds`` grows.
    """

    name = "auc"

    def __init__(self, name=None, num_thresholds=200):
        if isinstance(num_thresholds, bool) or not isinstance(num_thresholds, int) \
                or num_thresholds < 2:
            raise ValueError(f"num_thresholds must be an integer > 1, but got {num_thresholds!r}.")
        self.num_thresholds = num_thresholds
        inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        self.thresholds = np.array([-1e-7] + inner + [1.0 + 1e-7])
        super().__init__(name)

    def reset_state(self):
        n = self.num_thresholds
        self.tp, self.fp, self.tn, self.fn = (np.zeros(n) for _ in range(4))

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = _as_2d(y_pred)
        positive = (_same_shape(self.name, y_true, y_pred) > 0.5).reshape(-1)
        w = np.repeat(_weights(sample_weight, len(y_pred)), y_pred.shape[-1])
        # k = how many thresholds lie strictly below each score: the score counts as
        # predicted positive at thresholds 0..k-1. Bucket the weights by k, then
        # TP_j = weight of positives with k > j (a suffix sum).
        k = np.searchsorted(self.thresholds, y_pred.reshape(-1), side="left")
        for is_pos, hits, misses in ((True, self.tp, self.fn), (False, self.fp, self.tn)):
            mask = positive == is_pos
            buckets = np.bincount(k[mask], weights=w[mask], minlength=self.num_thresholds + 1)
            above = np.cumsum(buckets[::-1])[::-1][1:]  # sum of buckets[j+1:]
            hits += above
            misses += buckets.sum() - above

    def result(self):
        tpr = np.divide(self.tp, self.tp + self.fn, out=np.zeros_like(self.tp),
                        where=(self.tp + self.fn) > 0)
        fpr = np.divide(self.fp, self.fp + self.tn, out=np.zeros_like(self.fp),
                        where=(self.fp + self.tn) > 0)
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
    """Return a ``Metric`` for a name (case-insensitive), an instance or a config dict.

    ``"accuracy"`` (or ``"acc"``) needs ``output_units`` (and whether the targets are
    class indices) to choose binary, categorical or sparse categorical accuracy. A
    metric asked for by name keeps that name, as Keras reports it.
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
