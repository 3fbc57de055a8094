"""BatchNormalization: normalise each feature over the batch, then scale and shift."""

import numpy as np

from .. import _arguments, initializers, regularizers
from .base import Layer


def scale_and_shift(layer, X_hat, inv_std, training):
    """``A = γ X̂ + β`` (each part when the layer has it), keeping ``X̂`` and ``1/σ``.

    The last step of BatchNormalization and LayerNormalization, which differ only in
    the axis their mean and variance run over.
    """
    A = X_hat
    if layer.scale:
        A = A * layer.params["gamma"]
    if layer.center:
        A = A + layer.params["beta"]
    if training:
        layer.X_hat, layer.inv_std = X_hat, inv_std
    return A


def scale_and_shift_backward(layer, dA, rows):
    """Fill ``dγ = Σ dA X̂`` and ``dβ = Σ dA`` (sums over ``rows``, plus penalties);
    return ``dX̂ = dA γ`` for the normalization's own backward."""
    if layer.center:
        np.sum(dA, axis=rows, out=layer.grads["beta"])
    if layer.scale:
        np.sum(dA * layer.X_hat, axis=rows, out=layer.grads["gamma"])
    if layer.regularizers:
        layer.add_regularization_gradients()
    return dA * layer.params["gamma"] if layer.scale else dA


def normalize(X, mu, var, epsilon):
    """``X̂ = (X − μ) / √(σ² + ε)``; returns ``(X̂, 1/√(σ² + ε))``."""
    inv_std = 1.0 / np.sqrt(var + epsilon)
    return (X - mu) * inv_std, inv_std


def normalization_backward(dX_hat, X_hat, inv_std, axis):
    """``dX = (1/n)(1/√(σ² + ε)) (n dX̂ − Σ dX̂ − X̂ Σ dX̂ X̂)``, the sums over ``axis``
    (of length ``n``): the gradient through the mean and the variance."""
    n = dX_hat.shape[axis]
    return (inv_std / n) * (n * dX_hat - dX_hat.sum(axis=axis, keepdims=True)
                            - X_hat * (dX_hat * X_hat).sum(axis=axis, keepdims=True))

class BatchNormalization(Layer):
    """Batch normalization, as ``keras.layers.BatchNormalization`` (2-D inputs).

    Parameters
    ----------
    axis : int, default -1
        The feature axis (the statistics are over the others); only -1 (or 1 for 2-D
        input) is supported.
    momentum : float
        Weight of the old moving statistics (default 0.99).
    epsilon : float
        Added to the variance (default 1e-3).
    center, scale : bool
        Whether to learn ``beta`` (shift) and ``gamma`` (scale).
    beta_initializer, gamma_initializer : str or Initializer
        Default ``"zeros"`` and ``"ones"``.
    moving_mean_initializer, moving_variance_initializer : str or Initializer
        Default ``"zeros"`` and ``"ones"``.
    beta_regularizer, gamma_regularizer : str or Regularizer, optional
    **kwargs
        ``name``, ``trainable``, ``dtype``... as ``Layer``.

    Notes
    -----
    Training, over the batch of ``m`` rows, per feature::

        mu = mean(X),  var = mean((X - mu)^2)
        X_hat = (X - mu) / sqrt(var + epsilon)
        A = gamma * X_hat + beta
        moving_mean <- momentum * moving_mean + (1 - momentum) * mu   (same for var)

    Inference uses ``moving_mean`` and ``moving_variance`` instead of ``mu, var``.

    Backward (``dA`` given)::

        dgamma = sum_i dA * X_hat,    dbeta = sum_i dA
        dX_hat = dA * gamma
        dX = (1/m) / sqrt(var + eps) * (m dX_hat - sum_i dX_hat - X_hat sum_i dX_hat X_hat)

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> layer = gn.layers.BatchNormalization()
    >>> A = layer(np.array([[1.0], [3.0]]), training=True)   # (x - mean) / sqrt(var + eps)
    >>> np.round(A, 4)                                       # 1 / sqrt(1.001)
    array([[-0.9995],
           [ 0.9995]], dtype=float32)
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, **kwargs):
        super().__init__(**kwargs)
        if axis not in (-1, 1):
            raise ValueError(f"BatchNormalization supports axis=-1 only, got {axis!r}.")
        owner = f"BatchNormalization '{self.name}'"
        momentum = _arguments.real(momentum, "momentum", owner)
        epsilon = _arguments.real(epsilon, "epsilon", owner)
        if not 0 <= momentum <= 1 or epsilon <= 0:
            raise ValueError(
                f"BatchNormalization '{self.name}' expects 0 <= momentum <= 1 and "
                f"epsilon > 0, but got momentum={momentum!r}, epsilon={epsilon!r}."
            )
        self.momentum, self.epsilon = float(momentum), float(epsilon)
        self.center = _arguments.flag(center, "center", owner)
        self.scale = _arguments.flag(scale, "scale", owner)
        self.beta_initializer = initializers.get(beta_initializer, "beta_initializer")
        self.gamma_initializer = initializers.get(gamma_initializer, "gamma_initializer")
        self.moving_mean_initializer = initializers.get(moving_mean_initializer,
                                                        "moving_mean_initializer")
        self.moving_variance_initializer = initializers.get(moving_variance_initializer,
                                                            "moving_variance_initializer")
        self.beta_regularizer = regularizers.get(beta_regularizer, "beta_regularizer")
        self.gamma_regularizer = regularizers.get(gamma_regularizer, "gamma_regularizer")

    def build(self, input_shape):
        if len(input_shape) != 2:
            raise ValueError(
                f"BatchNormalization '{self.name}' expects 2-D inputs (m, n), but got "
                f"{input_shape}. Add a Flatten layer before it."
            )
        n = (input_shape[-1],)
        if self.scale:
            self.add_weight("gamma", n, self.gamma_initializer, self.gamma_regularizer)
        if self.center:
            self.add_weight("beta", n, self.beta_initializer, self.beta_regularizer)
        self.add_weight("moving_mean", n, self.moving_mean_initializer, trainable=False)
        self.add_weight("moving_variance", n, self.moving_variance_initializer, trainable=False)
        self.built = True

    def call(self, A_prev, training=False):
        if training:
            mu = A_prev.mean(axis=0)
            var = A_prev.var(axis=0)
            keep = self.momentum
            self.state["moving_mean"] *= keep
            self.state["moving_mean"] += (1 - keep) * mu
            self.state["moving_variance"] *= keep
            self.state["moving_variance"] += (1 - keep) * var
        else:
            mu, var = self.state["moving_mean"], self.state["moving_variance"]
        X_hat, inv_std = normalize(A_prev, mu, var, self.epsilon)
        return scale_and_shift(self, X_hat, inv_std, training)

    def call_backward(self, dA):
        dX_hat = scale_and_shift_backward(self, dA, rows=(0,))
        return normalization_backward(dX_hat, self.X_hat, self.inv_std, axis=0)

    def get_config(self):
        return {
            **super().get_config(),
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(
                self.moving_variance_initializer
            ),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
        }
