"""Normalization: standardize features inside the model, with statistics it keeps."""

import numpy as np

from .. import _arguments, backend, initializers
from .base import Layer


def _axis(axis):
    """Keras's ``axis`` as a tuple: ``-1`` or ``(-1,)`` per feature, ``None`` or ``()`` all."""
    axes = () if axis is None else (axis,) if isinstance(axis, (int, np.integer)) \
        else tuple(axis) if isinstance(axis, (list, tuple)) else None
    if axes not in ((), (-1,), (1,)):
        raise ValueError(
            f"Normalization supports axis=-1 (one mean per feature) or axis=None (one mean "
            f"for all values) on 2-D inputs, but got axis={axis!r}."
        )
    return (-1,) if axes else ()


def _floats(value, name, layer):
    """``mean``/``variance`` as a float array (None stays None), or a clear error."""
    if value is None:
        return None
    array = np.asarray(value)
    if array.dtype.kind not in "iuf" or not np.all(np.isfinite(array)):
        raise TypeError(f"Normalization '{layer}' expects {name} to be finite numbers, but "
                        f"got {value!r}.")
    return array.astype(float)


class Normalization(Layer):
    """Standardize features: ``A = (X - mean) / sqrt(variance)``, as Keras's layer.

    Call ``adapt(X_train)`` once (or pass ``mean`` and ``variance``). Adapted
    statistics are non-trainable weights (``mean``, ``variance`` and Keras's
    ``count``), so ``model.save`` keeps them; statistics given to the constructor are
    constants in the config and no weights, as in Keras. With ``invert=True`` the
    layer undoes the transform.

    Parameters
    ----------
    axis : -1 or None
        -1: one mean and variance per feature (column); None: one for all values.
    mean, variance : float or array of shape (n,), optional
        Fixed statistics, instead of ``adapt``.
    invert : bool
        Apply ``X * sqrt(variance) + mean`` instead.

    Attributes
    ----------
    mean, variance : arrays of shape (1, n) (``axis=None``: (1, 1))
        The statistics in use, shaped to broadcast against ``X`` as Keras's are.

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
        self.axis = _axis(axis)
        if (mean is None) != (variance is None):
            raise ValueError(
                f"Normalization '{self.name}' needs both mean and variance, or neither "
                "(then call adapt(X) on the training data)."
            )
        self.input_mean = _floats(mean, "mean", self.name)
        self.input_variance = _floats(variance, "variance", self.name)
        if self.input_variance is not None and np.any(self.input_variance < 0):
            raise ValueError(f"Normalization '{self.name}': variance must be >= 0.")
        if self.input_mean is not None and self.input_mean.ndim > len(self.axis):
            raise ValueError(
                f"Normalization '{self.name}': with axis={axis!r} the mean must be "
                f"{'a number' if not self.axis else 'a number or a 1-D array'}, but got "
                f"shape {self.input_mean.shape}."
            )
        self.invert = _arguments.flag(invert, "invert", f"Normalization '{self.name}'")
        self.adapted = mean is not None

    def build(self, input_shape):
        if len(input_shape) != 2:
            raise ValueError(
                f"Normalization '{self.name}' expects 2-D inputs (m, n), but got "
                f"{input_shape}. Add a Flatten layer before it."
            )
        shape = (input_shape[-1],) if self.axis else ()
        if self.input_mean is None:
            self.add_weight("mean", shape, initializers.Zeros(), trainable=False)
            self.add_weight("variance", shape, initializers.Ones(), trainable=False)
            self.add_weight("count", (), initializers.Zeros(), trainable=False)
        self.built = True

    @property
    def mean(self):
        return self._statistic("mean", self.input_mean)

    @property
    def variance(self):
        return self._statistic("variance", self.input_variance)

    def _statistic(self, name, given):
        if not self.built:
            return None
        value = self.state[name] if given is None else given
        width = self.input_shape[-1] if self.axis else 1
        return np.broadcast_to(value, (width,)).reshape(1, width).astype(self.dtype, copy=False)

    def adapt(self, data):
        """Compute the mean and (population) variance of ``data`` (m, n).

        Per feature with ``axis=-1``, over all values with ``axis=None``. An unbuilt
        layer is built for ``data``'s width, so a model starting with it knows its
        input shape.
        """
        X = np.asarray(data.to_numpy() if hasattr(data, "to_numpy") else data, dtype=float)
        if X.ndim == 1:
            X = X[:, None]
        if X.ndim != 2 or len(X) == 0 or not np.all(np.isfinite(X)):
            raise ValueError(
                f"Normalization.adapt expects a non-empty 2-D array (m, n) of finite "
                f"numbers, but got shape {X.shape}."
            )
        if self.input_mean is not None:
            raise ValueError(
                f"Normalization '{self.name}' was given mean and variance, so there is "
                "nothing to adapt. Create it without them to adapt it to data."
            )
        self._ensure_built((None, X.shape[1]))
        if X.shape[1] != self.input_shape[-1]:
            raise ValueError(
                f"Normalization '{self.name}' was built for {self.input_shape[-1]} "
                f"features, but adapt got {X.shape[1]}."
            )
        if not self.batch_input_shape:
            self.batch_input_shape = (None, X.shape[1])
        over = 0 if self.axis else None
        self.state["mean"][...] = X.mean(axis=over)
        self.state["variance"][...] = X.var(axis=over)
        self.adapted = True

    def _scale(self):
        return np.maximum(np.sqrt(self.variance), backend.epsilon())

    def call(self, A_prev, training=False):
        if self.invert:
            return A_prev * self._scale() + self.mean
        return (A_prev - self.mean) / self._scale()

    def call_backward(self, dA):
        return dA * self._scale() if self.invert else dA / self._scale()

    def get_config(self):
        return {
            **super().get_config(),
            "axis": list(self.axis),
            "invert": self.invert,
            "mean": None if self.input_mean is None else self.input_mean.tolist(),
            "variance": None if self.input_variance is None else self.input_variance.tolist(),
        }
