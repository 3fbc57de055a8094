"""The Metric base class and the helpers every metric uses to read its inputs."""

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
    A metric of your own gives its per-example ``values``:

    >>> import numpy as np
    >>> class MaxError(gn.metrics.Metric):
    ...     name = "max_error"
    ...     direction = "down"
    ...     def values(self, y_true, y_pred):
    ...         return np.abs(np.asarray(y_true) - y_pred).max(axis=-1)
    >>> m = MaxError()
    >>> m([[0.0, 1.0]], [[0.5, 3.0]])  # max(0.5, 2)
    2.0
    >>> m([[0.0, 0.0]], [[1.0, 0.0]])  # the mean over both batches: (2 + 1) / 2
    1.5
    """

    name = "metric"
    direction = "up"

    def __init__(self, name=None):
        if name is not None and not isinstance(name, str):
            raise TypeError(f"{type(self).__name__} expects name to be a string, but got "
                            f"{name!r}.")
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


class MeanMetricWrapper(Metric):
    """A metric from a plain function ``fn(y_true, y_pred) -> values``, as Keras's.

    ``values`` may be per example ``(m,)``, per output ``(m, n_out)`` (averaged over
    the outputs first) or one number for the batch (each batch then counts once
    when there are no sample weights). The result is the weighted mean over
    examples; the metric is named after the function, so ``compile(metrics=[fn])``
    reports ``fn.__name__`` in the History.

    Parameters
    ----------
    fn : callable
        ``fn(y_true, y_pred, **kwargs) -> values``.
    name : str, optional
        Default: ``fn.__name__``.
    **kwargs
        Passed on to ``fn``.

    Examples
    --------
    >>> import numpy as np
    >>> def max_error(y_true, y_pred):
    ...     return np.abs(np.asarray(y_true) - y_pred).max(axis=-1)
    >>> m = gn.metrics.MeanMetricWrapper(max_error)
    >>> m.name
    'max_error'
    >>> m([[0.0, 1.0], [0.0, 0.0]], [[0.5, 3.0], [1.0, 0.0]])  # (2 + 1) / 2
    1.5

    In a model, ``compile(metrics=[max_error])`` wraps the function so.
    """

    def __init__(self, fn, name=None, **kwargs):
        if not callable(fn):
            raise TypeError(f"MeanMetricWrapper needs a function, but got {fn!r}.")
        self.fn, self.fn_kwargs = fn, kwargs
        super().__init__(name or getattr(fn, "__name__", "mean_metric_wrapper"))

    def update_state(self, y_true, y_pred, sample_weight=None):
        values = np.asarray(self.fn(y_true, y_pred, **self.fn_kwargs), dtype=np.float64)
        if values.ndim == 0:  # one number for the batch
            w = 1.0 if sample_weight is None else _weights(sample_weight, len(y_pred))
            self.total += float(values * np.sum(w))
            self.count += float(np.sum(w))
            return
        values = values.reshape(len(values), -1).mean(axis=-1)
        w = _weights(sample_weight, len(values))
        self.total += float(values @ w)
        self.count += float(w.sum())

    def get_config(self):
        return {"name": self.name, "fn": getattr(self.fn, "__name__", repr(self.fn))}
