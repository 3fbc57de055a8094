"""PReLU: a leaky ReLU whose negative slope is learned, one per unit."""

import numpy as np

from .. import _arguments, initializers, regularizers
from .base import Layer


class PReLU(Layer):
    """Parametric ReLU (He et al., 2015), as ``keras.layers.PReLU``.

    Parameters
    ----------
    alpha_initializer : default ``"zeros"`` (starts as a plain ReLU, as Keras)
    alpha_regularizer : optional
    shared_axes : int or list of int, optional
        Axes (1 = the first after the batch) along which one slope is shared.

    Notes
    -----
    With the learned slopes ``alpha`` (one per unit, shape ``(n,)``)::

        A = max(A_prev, 0) - alpha * max(-A_prev, 0)     (A_prev if > 0 else alpha A_prev)

    Backward::

        dalpha  = sum over rows (and shared axes) of dA * min(A_prev, 0)
        dA_prev = dA * (1 if A_prev > 0 else alpha)

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> layer = gn.layers.PReLU(alpha_initializer=gn.initializers.Constant(0.25))
    >>> layer(np.array([[-2.0, 3.0]])).tolist()
    [[-0.5, 3.0]]
    """

    def __init__(self, alpha_initializer="zeros", alpha_regularizer=None, shared_axes=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer, "alpha_initializer")
        self.alpha_regularizer = regularizers.get(alpha_regularizer, "alpha_regularizer")
        if shared_axes is not None and not isinstance(shared_axes, (list, tuple)):
            shared_axes = [shared_axes]
        self.shared_axes = None if shared_axes is None else \
            list(_arguments.sizes(shared_axes, "shared_axes", f"PReLU '{self.name}'"))

    def build(self, input_shape):
        shape = list(input_shape[1:])
        for axis in self.shared_axes or []:
            if not 1 <= axis < len(input_shape):
                raise ValueError(
                    f"PReLU '{self.name}' has shared_axes {self.shared_axes}, but inputs "
                    f"of shape {input_shape} have axes 1..{len(input_shape) - 1}."
                )
            shape[axis - 1] = 1
        self.add_weight("alpha", tuple(shape), self.alpha_initializer, self.alpha_regularizer)
        self.built = True

    def call(self, A_prev, training=False):
        alpha = self.params["alpha"]
        if training:
            self.A_prev = A_prev
        return np.maximum(A_prev, 0) - alpha * np.maximum(-A_prev, 0)

    def call_backward(self, dA):
        A_prev, alpha = self.A_prev, self.params["alpha"]
        negative = np.minimum(A_prev, 0)  # dA/dalpha = min(A_prev, 0)
        dalpha = dA * negative
        # sum over the batch and over every shared axis (where alpha has size 1)
        axes = (0, *(i + 1 for i, n in enumerate(alpha.shape) if n == 1 and
                     A_prev.shape[i + 1] != 1))
        self.grads["alpha"][...] = dalpha.sum(axis=axes).reshape(alpha.shape)
        if self.regularizers:
            self.add_regularization_gradients()
        if not self.propagate_gradient:
            return None
        return dA * np.where(A_prev > 0, 1.0, alpha)

    def get_config(self):
        return {
            **super().get_config(),
            "alpha_initializer": initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
            "shared_axes": self.shared_axes,
        }
