"""Rescaling: multiply the inputs by a constant and add an offset."""

import numpy as np

from .. import _arguments
from .base import Layer


def _numbers(value, name, owner):
    """A finite number (or array of them) for ``scale``/``offset``."""
    if np.ndim(value) == 0:
        return _arguments.real(value, name, owner)
    array = np.asarray(value)
    if array.dtype.kind not in "iuf" or not np.all(np.isfinite(array)):
        raise TypeError(f"{owner} expects {name} to be a finite number (or an array of "
                        f"them), but got {value!r}.")
    return value


class Rescaling(Layer):
    """``A = A_prev * scale + offset``, as ``keras.layers.Rescaling`` (nothing learned).

    Parameters
    ----------
    scale : float or array broadcastable to one example
        E.g. ``1 / 255`` for pixel values.
    offset : float or array, default 0

    Notes
    -----
    Backward: ``dA_prev = dA * scale``.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.layers.Rescaling(1 / 255)(np.array([[0.0, 255.0]])).tolist()
    [[0.0, 1.0]]
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale = _numbers(scale, "scale", f"Rescaling '{self.name}'")
        self.offset = _numbers(offset, "offset", f"Rescaling '{self.name}'")

    def call(self, A_prev, training=False):
        scale = np.asarray(self.scale, dtype=A_prev.dtype)
        return A_prev * scale + np.asarray(self.offset, dtype=A_prev.dtype)

    def call_backward(self, dA):
        return dA * np.asarray(self.scale, dtype=dA.dtype)

    def get_config(self):
        def plain(v):
            return np.asarray(v).tolist()

        return {**super().get_config(), "scale": plain(self.scale),
                "offset": plain(self.offset)}
