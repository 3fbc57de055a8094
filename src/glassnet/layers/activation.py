"""Layers that only apply an activation: Activation, ReLU, LeakyReLU, ELU, Softmax.

PReLU, whose slope is learned, is in ``prelu.py``."""

from .. import _arguments, activations
from .base import Layer


class Activation(Layer):
    """Apply ``A = g(Z)`` to the previous layer's output ``Z`` (same shape).

    Backward: ``dZ = dA * g'(Z)`` (softmax: its Jacobian-vector product).

    Parameters
    ----------
    activation : str or callable
        A name (``"relu"``, ``"sigmoid"``, ...) or an activation object.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.layers.Activation("relu")(np.array([[-1.0, 2.0]]))
    array([[0., 2.]], dtype=float32)
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, A_prev, training=False):
        A = self.activation.forward(A_prev)
        if training:
            self.Z, self.A = A_prev, A
        return A

    def call_backward_from_dZ(self, dZ):
        """``dZ = dA * g'(Z)`` (the base's ``backward`` takes it), or the fused loss
        gradient: either is already ``dA_prev``."""
        return dZ

    def get_config(self):
        return {**super().get_config(), "activation": activations.serialize(self.activation)}


class ReLU(Activation):
    """``max(0, z)`` as a layer, with Keras's ``max_value``, ``negative_slope``, ``threshold``.

    ``g(z) = min(z if z > threshold else 0, max_value) - negative_slope max(threshold - z, 0)``
    (see ``glassnet.activations.ReLU``).

    Parameters
    ----------
    max_value : float >= 0, optional
        Cap on the output (``max_value=6`` is ReLU6).
    negative_slope : float >= 0, default 0
        Slope below ``threshold``.
    threshold : float >= 0, default 0
        Inputs up to it give 0 (or the negative slope).

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.layers.ReLU()(np.array([[-1.0, 2.0]]))
    array([[0., 2.]], dtype=float32)
    >>> gn.layers.ReLU(max_value=1.0)(np.array([[-1.0, 2.0]]))
    array([[0., 1.]], dtype=float32)
    """

    def __init__(self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs):
        max_value = _arguments.real(max_value, "max_value", "ReLU", low=0, none_ok=True)
        negative_slope = _arguments.real(negative_slope, "negative_slope", "ReLU", low=0)
        threshold = _arguments.real(threshold, "threshold", "ReLU", low=0)
        super().__init__(activations.ReLU(negative_slope, max_value, threshold), **kwargs)
        self.max_value = max_value
        self.negative_slope, self.threshold = negative_slope, threshold

    def get_config(self):
        return {**Layer.get_config(self), "max_value": self.max_value,
                "negative_slope": self.negative_slope, "threshold": self.threshold}


class LeakyReLU(Activation):
    """``z if z > 0 else negative_slope * z``; Keras's layer default slope is 0.3.

    ``alpha`` is accepted as the older Keras name of ``negative_slope``.

    Parameters
    ----------
    negative_slope : float
        Slope for ``z < 0`` (Keras's layer default 0.3).
    alpha : float, optional
        The old Keras name of ``negative_slope``.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.layers.LeakyReLU(negative_slope=0.1)(np.array([[-1.0, 2.0]]))
    array([[-0.1,  2. ]], dtype=float32)
    """

    def __init__(self, negative_slope=0.3, alpha=None, **kwargs):
        slope = _arguments.real(negative_slope if alpha is None else alpha, "negative_slope",
                                "LeakyReLU")
        super().__init__(activations.LeakyReLU(slope), **kwargs)
        self.negative_slope = float(slope)

    def get_config(self):
        return {**Layer.get_config(self), "negative_slope": self.negative_slope}


class ELU(Activation):
    """``z if z > 0 else alpha (e^z - 1)`` (default ``alpha=1``).

    Parameters
    ----------
    alpha : float
        Scale of the negative part.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.layers.ELU()(np.array([[0.0, 1.0]]))
    array([[0., 1.]], dtype=float32)
    """

    def __init__(self, alpha=1.0, **kwargs):
        alpha = _arguments.real(alpha, "alpha", "ELU")
        super().__init__(activations.ELU(alpha), **kwargs)
        self.alpha = float(alpha)

    def get_config(self):
        return {**Layer.get_config(self), "alpha": self.alpha}


class Softmax(Activation):
    """Row-wise softmax over the last axis.

    Parameters
    ----------
    axis : int
        Only the last axis (-1) is supported.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.layers.Softmax()(np.array([[0.0, 0.0]]))
    array([[0.5, 0.5]], dtype=float32)
    """

    def __init__(self, axis=-1, **kwargs):
        if axis != -1:
            raise ValueError(f"Softmax supports axis=-1 only, but got axis={axis!r}.")
        super().__init__("softmax", **kwargs)

    def get_config(self):
        return Layer.get_config(self)
