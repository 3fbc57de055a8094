"""Dense: the fully connected layer ``A = g(A_prev W + b)``."""

import numpy as np

from .. import _arguments, activations, initializers, regularizers
from .base import Layer


class Dense(Layer):
    """Fully connected layer, as ``keras.layers.Dense``.

    Parameters
    ----------
    units : int
        Number of neurons ``n_out``.
    activation : str or Activation, optional
        ``g``; ``None`` means linear.
    use_bias : bool
        Whether to add ``b`` (default True).
    kernel_initializer, bias_initializer
        Default ``"glorot_uniform"`` and ``"zeros"``, as in Keras.
    kernel_regularizer, bias_regularizer
        Optional penalties on ``W`` and ``b``.

    Shapes
    ------
    ``A_prev (m, n_in)``, ``W (n_in, n_out)`` (the Keras kernel), ``b (n_out,)``,
    ``Z, A (m, n_out)``. The slides write ``W[l]`` as ``(n_out, n_in)``, examples in
    columns: that ``W[l]`` is this ``W.T``.

    Notes
    -----
    Forward::

        Z = A_prev W + b
        A = g(Z)

    Backward, given ``dA = dL/dA``::

        dZ      = dA * g'(Z)
        dW      = A_prev^T dZ          (the sum over the batch is in the product)
        db      = sum over rows of dZ
        dA_prev = dZ W^T

    (The first line is the layer template's, ``Layer.backward``; the other three are
    ``call_backward_from_dZ``.) The loss's gradient already carries its ``1/m``, so
    nothing here divides by m.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> layer = gn.layers.Dense(2, activation="relu")
    >>> _ = layer(np.zeros((1, 3)))                  # builds W (3, 2) and b (2,)
    >>> layer.set_weights([np.array([[1.0, -1.0], [2.0, 0.0], [0.0, 1.0]]), np.array([0.5, 0.0])])
    >>> layer(np.array([[1.0, 1.0, 1.0]]))            # Z = x W + b = [3.5, 0], A = relu(Z)
    array([[3.5, 0. ]], dtype=float32)
    """

    def __init__(self, units, activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(units, bool) or not isinstance(units, (int, np.integer)) or units < 1:
            raise ValueError(
                f"Dense '{self.name}' expects units to be a positive integer, but got "
                f"{units!r}."
            )
        self.units = int(units)
        self.activation = activations.get(activation)
        self.use_bias = _arguments.flag(use_bias, "use_bias", f"Dense '{self.name}'")
        self.kernel_initializer = initializers.get(kernel_initializer, "kernel_initializer")
        self.bias_initializer = initializers.get(bias_initializer, "bias_initializer")
        self.kernel_regularizer = regularizers.get(kernel_regularizer, "kernel_regularizer")
        self.bias_regularizer = regularizers.get(bias_regularizer, "bias_regularizer")

    def build(self, input_shape):
        if len(input_shape) != 2:
            raise ValueError(
                f"Dense '{self.name}' expects 2-D inputs (m, n_in), but got inputs of "
                f"shape {input_shape}. Add a Flatten layer before it."
            )
        n_in = input_shape[-1]
        self.add_weight("kernel", (n_in, self.units), self.kernel_initializer,
                        self.kernel_regularizer)
        if self.use_bias:
            self.add_weight("bias", (self.units,), self.bias_initializer,
                            self.bias_regularizer)
        self.built = True

    # Keras's names and the math's names for the same arrays.
    @property
    def kernel(self):
        return self.params["kernel"]

    @property
    def bias(self):
        return self.params.get("bias")

    W, b = kernel, bias

    @property
    def dW(self):
        return self.grads["kernel"]

    @property
    def db(self):
        return self.grads.get("bias")

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def call(self, A_prev, training=False):
        """``Z = A_prev W + b``, ``A = g(Z)``; keeps ``A_prev, Z, A`` when training."""
        Z = A_prev @ self.params["kernel"]
        if self.use_bias:
            Z += self.params["bias"]
        A = self.activation.forward(Z)
        if training:  # inference keeps nothing, so predict holds no batch in memory
            self.A_prev, self.Z, self.A = A_prev, Z, A
            self.dA = None  # set by backward; stays None when the loss gives dZ directly
        return A

    def call_backward_from_dZ(self, dZ):
        """Given ``dZ = dL/dZ`` (the base's ``backward`` takes ``dZ = dA * g'(Z)``):
        fill ``dW, db`` and return ``dA_prev = dZ W^T``."""
        self.dZ = dZ
        np.matmul(self.A_prev.T, dZ, out=self.grads["kernel"])  # dW = A_prev^T dZ
        if self.use_bias:
            dZ.sum(axis=0, out=self.grads["bias"])  # db = sum_i dZ_i
        if self.regularizers:
            self.add_regularization_gradients()
        if not self.propagate_gradient:
            return None
        return dZ @ self.params["kernel"].T  # dA_prev = dZ W^T

    def get_config(self):
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
        }
