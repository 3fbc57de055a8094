"""LayerNormalization: normalise each example over its features, then scale and shift."""


from .. import _arguments, initializers, regularizers
from .base import Layer
from .normalization import (
    normalization_backward,
    normalize,
    scale_and_shift,
    scale_and_shift_backward,
)


class LayerNormalization(Layer):
    """Layer normalization (Ba et al., 2016), as ``keras.layers.LayerNormalization``.

    Unlike BatchNormalization the statistics are per example (over the ``n``
    features of a row), so training and inference compute the same thing and there
    are no moving statistics.

    Parameters
    ----------
    axis : int
        The feature axis; -1 (the last) only.
    epsilon : float
        Added to the variance (default 1e-3, as Keras).
    center, scale : bool
        Whether to learn ``beta`` (shift) and ``gamma`` (scale), shape ``(n,)``.
    beta_initializer, gamma_initializer, beta_regularizer, gamma_regularizer

    Notes
    -----
    Forward, per row ``x`` of ``A_prev (m, n)``::

        mu = mean_k x_k,   var = mean_k (x_k - mu)^2
        x_hat = (x - mu) / sqrt(var + epsilon)
        A = gamma * x_hat + beta

    Backward (``dA`` given), with sums over the features of each row::

        dgamma = sum_i dA * x_hat,    dbeta = sum_i dA        (over the rows)
        dx_hat = dA * gamma
        dx = (1/n) / sqrt(var + eps) * (n dx_hat - sum_k dx_hat - x_hat sum_k dx_hat x_hat)

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> layer = gn.layers.LayerNormalization()
    >>> layer(np.array([[1.0, 2.0, 3.0]])).round(3)
    array([[-1.224,  0.   ,  1.224]], dtype=float32)
    """

    def __init__(self, axis=-1, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, **kwargs):
        super().__init__(**kwargs)
        if axis not in (-1, [-1]):
            raise ValueError(
                f"LayerNormalization '{self.name}' supports axis=-1 (the features) only, "
                f"but got axis={axis!r}."
            )
        owner = f"LayerNormalization '{self.name}'"
        epsilon = _arguments.real(epsilon, "epsilon", owner)
        if not epsilon > 0:
            raise ValueError(f"LayerNormalization expects epsilon > 0, got {epsilon!r}.")
        self.axis, self.epsilon = -1, epsilon
        self.center = _arguments.flag(center, "center", owner)
        self.scale = _arguments.flag(scale, "scale", owner)
        self.beta_initializer = initializers.get(beta_initializer, "beta_initializer")
        self.gamma_initializer = initializers.get(gamma_initializer, "gamma_initializer")
        self.beta_regularizer = regularizers.get(beta_regularizer, "beta_regularizer")
        self.gamma_regularizer = regularizers.get(gamma_regularizer, "gamma_regularizer")

    def build(self, input_shape):
        n = (input_shape[-1],)
        if self.scale:
            self.add_weight("gamma", n, self.gamma_initializer, self.gamma_regularizer)
        if self.center:
            self.add_weight("beta", n, self.beta_initializer, self.beta_regularizer)
        self.built = True

    def call(self, A_prev, training=False):
        X_hat, inv_std = normalize(A_prev, A_prev.mean(axis=-1, keepdims=True),
                                   A_prev.var(axis=-1, keepdims=True), self.epsilon)
        return scale_and_shift(self, X_hat, inv_std, training)

    def call_backward(self, dA):
        rows = tuple(range(dA.ndim - 1))  # every axis but the features
        dX_hat = scale_and_shift_backward(self, dA, rows)
        if not self.propagate_gradient:
            return None
        return normalization_backward(dX_hat, self.X_hat, self.inv_std, axis=-1)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
        }
