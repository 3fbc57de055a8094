"""Normalization: standardize features inside the model, with statistics it keeps."""

import numpy as np

from .. import backend, initializers
from .base import Layer


class Normalization(Layer):
    """Standardize each feature: ``A = (X - mean) / sqrt(variance)``, as Keras's layer.

    Call ``adapt(X_train)`` once (or pass ``mean`` and ``variance``): the statistics
    are non-trainable weights, so ``model.save`` keeps them and ``predict`` applies
    the same transform to new data. With ``invert=True`` the layer undoes it.

    Parameters
    ----------
    axis : int
        -1 only: one mean and variance per feature (column).
    mean, variance : float or array of shape (n,), optional
        Fixed statistics, instead of ``adapt``.
    invert : bool
        Apply ``X * sqrt(variance) + mean`` instead.

    Notes
    -----
    Forward, with ``s = max(sqrt(variance), eps)`` per feature::

        A = (A_prev - mean) / s

    Backward: ``dA_prev = dA / s`` (``dA * s`` when inverted). Nothing is trained.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> layer = gn.layers.Normalization()
    >>> layer.adapt(np.array([[1.0], [3.0]]))                # mean 2, variance 1
    >>> layer(np.array([[4.0]]))
    array([[2.]], dtype=float32)
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        if axis not in (-1, 1):
            raise ValueError(f"Normalization supports axis=-1 only, but got axis={axis!r}.")
        if (mean is None) != (variance is None):
            raise ValueError(
                f"Normalization '{self.name}' needs both mean and variance, or neither "
                "(then call adapt(X) on the training data)."
            )
        self.mean_arg = None if mean is None else np.asarray(mean, dtype=float)
        self.variance_arg = None if variance is None else np.asarray(variance, dtype=float)
        if self.variance_arg is not None and np.any(self.variance_arg < 0):
            raise ValueError(f"Normalization '{self.name}': variance must be >= 0.")
        self.invert = bool(invert)
        self.adapted = mean is not None

    def build(self, input_shape):
        if len(input_shape) != 2:
            raise ValueError(
                f"Normalization '{self.name}' expects 2-D inputs (m, n), but got "
                f"{input_shape}. Add a Flatten layer before it."
            )
        n = (input_shape[-1],)
        self.add_weight("mean", n, initializers.Zeros(), trainable=False)
        self.add_weight("variance", n, initializers.Ones(), trainable=False)
        if self.mean_arg is not None:
            self.state["mean"][...] = np.broadcast_to(self.mean_arg, n)
            self.state["variance"][...] = np.broadcast_to(self.variance_arg, n)
        self.built = True

    def adapt(self, data):
        """Compute each feature's mean and (population) variance from ``data`` (m, n)."""
        X = np.asarray(data.to_numpy() if hasattr(data, "to_numpy") else data, dtype=float)
        if X.ndim == 1:
            X = X[:, None]
        if X.ndim != 2 or len(X) == 0 or not np.all(np.isfinite(X)):
            raise ValueError(
                f"Normalization.adapt expects a non-empty 2-D array (m, n) of finite "
                f"numbers, but got shape {X.shape}."
            )
        self._ensure_built((None, X.shape[1]))
        if X.shape[1] != self.input_shape[-1]:
            raise ValueError(
                f"Normalization '{self.name}' was built for {self.input_shape[-1]} "
                f"features, but adapt got {X.shape[1]}."
            )
        self.state["mean"][...] = X.mean(axis=0)
        self.state["variance"][...] = X.var(axis=0)
        self.adapted = True

    def _scale(self):
        return np.maximum(np.sqrt(self.state["variance"]), backend.epsilon())

    def call(self, A_prev, training=False):
        if self.invert:
            return A_prev * self._scale() + self.state["mean"]
        return (A_prev - self.state["mean"]) / self._scale()

    def call_backward(self, dA):
        return dA * self._scale() if self.invert else dA / self._scale()

    def get_config(self):
        config = {**super().get_config(), "invert": self.invert}
        if self.mean_arg is not None:
            config["mean"] = self.mean_arg.tolist()
            config["variance"] = self.variance_arg.tolist()
        return config
