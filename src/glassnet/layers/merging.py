"""Layers that merge several inputs in a functional graph: Concatenate and Add."""

import numpy as np

from .base import Layer


class _Merge(Layer):
    """Base for layers called on a list of tensors."""

    def build(self, input_shape):
        if not isinstance(input_shape, list) or len(input_shape) < 2:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' must be called on a list of at "
                f"least 2 tensors, but got {input_shape}."
            )
        self.built = True


class Concatenate(_Merge):
    """Join inputs ``(m, n_1), (m, n_2), ...`` side by side into ``(m, n_1 + n_2 + ...)``.

    Backward splits ``dA`` back into the pieces: ``dA_k = dA[:, offset_k : offset_k + n_k]``.

    Parameters
    ----------
    axis : int
        Only the last axis (-1) is supported.

    Examples
    --------
    >>> import glassnet as gn
    >>> a, b = gn.Input((2,)), gn.Input((3,))
    >>> gn.layers.Concatenate()([a, b]).shape
    (None, 5)
    """

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        if axis not in (-1, 1):
            raise ValueError(f"Concatenate supports axis=-1 only, but got axis={axis!r}.")
        self.axis = -1

    def compute_output_shape(self, input_shape):
        widths = [shape[-1] for shape in input_shape]
        for shape in input_shape:
            if len(shape) != 2:
                raise ValueError(
                    f"Concatenate '{self.name}' expects 2-D inputs, but got {input_shape}."
                )
        total = None if None in widths else sum(widths)
        return (None, total)

    def call(self, A_prev, training=False):
        if len({len(a) for a in A_prev}) > 1:
            raise ValueError(
                f"Concatenate '{self.name}' joins inputs row by row, so they need the "
                f"same number of rows (examples), but got shapes "
                f"{[a.shape for a in A_prev]}."
            )
        self.widths = [a.shape[-1] for a in A_prev]
        return np.concatenate(A_prev, axis=-1)

    def call_backward(self, dA):
        cuts = np.cumsum(self.widths)[:-1]
        return np.split(dA, cuts, axis=-1)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


class Add(_Merge):
    """Element-wise sum of inputs of the same shape; each input gets ``dA`` back.

    Parameters
    ----------
    name, trainable, dtype, input_shape, input_dim : optional
        As ``Layer``.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.layers.Add()([np.array([[1.0, 2.0]]), np.array([[10.0, 20.0]])])
    array([[11., 22.]], dtype=float32)
    """

    def compute_output_shape(self, input_shape):
        if len({tuple(shape) for shape in input_shape}) != 1:
            raise ValueError(
                f"Add '{self.name}' expects inputs of one shape, but got {input_shape}."
            )
        return input_shape[0]

    def call(self, A_prev, training=False):
        if len({a.shape for a in A_prev}) > 1:  # no silent broadcasting
            raise ValueError(
                f"Add '{self.name}' expects inputs of one shape, but got "
                f"{[a.shape for a in A_prev]}."
            )
        self.n_inputs = len(A_prev)
        A = A_prev[0].copy()
        for a in A_prev[1:]:
            A += a
        return A

    def call_backward(self, dA):
        return [dA] * self.n_inputs
