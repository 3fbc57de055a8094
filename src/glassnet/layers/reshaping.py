"""Reshape: give each example a new shape with the same number of values."""

import numpy as np

from .. import _arguments
from .base import Layer


class Reshape(Layer):
    """Reshape each example to ``target_shape``, as ``keras.layers.Reshape``.

    Parameters
    ----------
    target_shape : tuple of int
        The shape of one example (no batch dimension); one entry may be -1, worked
        out from the others.

    Notes
    -----
    Forward: ``A = A_prev.reshape(m, *target_shape)``; backward reshapes ``dA`` back
    to ``A_prev``'s shape. No arithmetic, so the gradient passes unchanged.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.layers.Reshape((3, 2))(np.arange(6.0).reshape(1, 6)).shape
    (1, 3, 2)
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        target_shape = _arguments.sizes(target_shape, "target_shape",
                                        f"Reshape '{self.name}'", minimum=-1)
        if sum(n == -1 for n in target_shape) > 1 or any(n < 1 and n != -1 for n in
                                                          target_shape):
            raise ValueError(
                f"Reshape '{self.name}' expects a target_shape of positive sizes with at "
                f"most one -1, but got {target_shape}."
            )
        self.target_shape = target_shape

    def compute_output_shape(self, input_shape):
        size = 1
        for n in input_shape[1:]:
            size = None if (n is None or size is None) else size * n
        known = int(np.prod([n for n in self.target_shape if n != -1]))
        if size is None:
            return (input_shape[0], *(None if n == -1 else n for n in self.target_shape))
        if -1 in self.target_shape:
            if size % known:
                raise self._size_error(input_shape)
            return (input_shape[0], *(size // known if n == -1 else n
                                      for n in self.target_shape))
        if known != size:
            raise self._size_error(input_shape)
        return (input_shape[0], *self.target_shape)

    def _size_error(self, input_shape):
        return ValueError(
            f"Reshape '{self.name}' cannot reshape inputs of shape {input_shape} to "
            f"{self.target_shape}: the number of values per example must stay the same."
        )

    def call(self, A_prev, training=False):
        if training:
            self.input_array_shape = A_prev.shape
        return A_prev.reshape(len(A_prev), *self.target_shape)

    def call_backward(self, dA):
        return dA.reshape(self.input_array_shape)

    def get_config(self):
        return {**super().get_config(), "target_shape": list(self.target_shape)}
