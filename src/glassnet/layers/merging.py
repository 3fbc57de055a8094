"""Layers that merge several inputs in a functional graph: Concatenate, and the
element-wise Add, Subtract, Multiply, Average, Maximum, Minimum (with their lower-case
helpers ``concatenate``, ``add``... as ``keras.layers`` has them)."""

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


class _Elementwise(_Merge):
    """Base of the merges of inputs of one shape (no silent broadcasting)."""

    def compute_output_shape(self, input_shape):
        if len({tuple(shape) for shape in input_shape}) != 1:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expects inputs of one shape, but got "
                f"{input_shape}."
            )
        return input_shape[0]

    def _check_shapes(self, A_prev):
        if len({a.shape for a in A_prev}) > 1:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' expects inputs of one shape, but got "
                f"{[a.shape for a in A_prev]}."
            )


class Add(_Elementwise):
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

    def call(self, A_prev, training=False):
        self._check_shapes(A_prev)
        self.n_inputs = len(A_prev)
        A = A_prev[0].copy()
        for a in A_prev[1:]:
            A += a
        return A

    def call_backward(self, dA):
        return [dA] * self.n_inputs


class Subtract(_Elementwise):
    """``A = A_1 - A_2`` for exactly two inputs; ``dA_1 = dA``, ``dA_2 = -dA``.

    Parameters
    ----------
    name, trainable, dtype, input_shape, input_dim : optional
        As ``Layer``.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.layers.Subtract()([np.array([[5.0, 2.0]]), np.array([[1.0, 3.0]])])
    array([[ 4., -1.]], dtype=float32)
    """

    def build(self, input_shape):
        if not isinstance(input_shape, list) or len(input_shape) != 2:
            raise ValueError(
                f"Subtract '{self.name}' must be called on a list of exactly 2 tensors, "
                f"but got {input_shape}."
            )
        self.built = True

    def call(self, A_prev, training=False):
        self._check_shapes(A_prev)
        return A_prev[0] - A_prev[1]

    def call_backward(self, dA):
        return [dA, -dA]


class Multiply(_Elementwise):
    """Element-wise product ``A = A_1 * A_2 * ...``; ``dA_k = dA * (product of the others)``.

    Parameters
    ----------
    name, trainable, dtype, input_shape, input_dim : optional
        As ``Layer``.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.layers.Multiply()([np.array([[2.0, 3.0]]), np.array([[4.0, 0.5]])])
    array([[8. , 1.5]], dtype=float32)
    """

    def call(self, A_prev, training=False):
        self._check_shapes(A_prev)
        A = A_prev[0].copy()
        for a in A_prev[1:]:
            A *= a
        if training:
            self.A_prev = A_prev
        return A

    def call_backward(self, dA):
        grads = []
        for k in range(len(self.A_prev)):  # the product of the others, without dividing
            d = dA.copy()
            for j, a in enumerate(self.A_prev):
                if j != k:
                    d *= a
            grads.append(d)
        return grads


class Average(_Elementwise):
    """Element-wise mean ``A = (A_1 + ... + A_K) / K``; each input gets ``dA / K``.

    Parameters
    ----------
    name, trainable, dtype, input_shape, input_dim : optional
        As ``Layer``.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.layers.Average()([np.array([[1.0, 2.0]]), np.array([[3.0, 6.0]])])
    array([[2., 4.]], dtype=float32)
    """

    def call(self, A_prev, training=False):
        self._check_shapes(A_prev)
        self.n_inputs = len(A_prev)
        A = A_prev[0].copy()
        for a in A_prev[1:]:
            A += a
        A /= self.n_inputs
        return A

    def call_backward(self, dA):
        return [dA / self.n_inputs] * self.n_inputs


class Maximum(_Elementwise):
    """Element-wise maximum; ``dA`` goes to the input that is largest (the first on ties).

    Parameters
    ----------
    name, trainable, dtype, input_shape, input_dim : optional
        As ``Layer``.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.layers.Maximum()([np.array([[1.0, 5.0]]), np.array([[3.0, 2.0]])])
    array([[3., 5.]], dtype=float32)
    """

    pick = staticmethod(np.argmax)

    def call(self, A_prev, training=False):
        self._check_shapes(A_prev)
        stacked = np.stack(A_prev)
        winner = self.pick(stacked, axis=0)  # which input gives each element
        if training:
            self.A_prev, self.winner = A_prev, winner
        return np.take_along_axis(stacked, winner[None], axis=0)[0]

    def call_backward(self, dA):
        return [np.where(self.winner == k, dA, 0).astype(dA.dtype)
                for k in range(len(self.A_prev))]


class Minimum(Maximum):
    """Element-wise minimum; ``dA`` goes to the input that is smallest (the first on ties).

    Parameters
    ----------
    name, trainable, dtype, input_shape, input_dim : optional
        As ``Layer``.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.layers.Minimum()([np.array([[1.0, 5.0]]), np.array([[3.0, 2.0]])])
    array([[1., 2.]], dtype=float32)
    """

    pick = staticmethod(np.argmin)


# The lower-case helpers of keras.layers: build the layer and call it on the inputs.
def concatenate(inputs, axis=-1, **kwargs):
    """``Concatenate(axis=axis, **kwargs)(inputs)``, as ``keras.layers.concatenate``.

    Parameters
    ----------
    inputs : list of tensors (symbolic, or arrays)
    axis : int
        Only -1 (the last).
    **kwargs
        Passed to ``Concatenate`` (``name``...).

    Examples
    --------
    >>> import glassnet as gn
    >>> a, b = gn.Input(shape=(2,)), gn.Input(shape=(2,))
    >>> gn.layers.concatenate([a, b]).shape
    (None, 4)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)


def add(inputs, **kwargs):
    """``Add(**kwargs)(inputs)``, as ``keras.layers.add``.

    Parameters
    ----------
    inputs : list of tensors (symbolic, or arrays)
    **kwargs
        Passed to ``Add`` (``name``...).

    Examples
    --------
    >>> import glassnet as gn
    >>> a, b = gn.Input(shape=(2,)), gn.Input(shape=(2,))
    >>> gn.layers.add([a, b]).shape
    (None, 2)
    """
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """``Subtract(**kwargs)(inputs)``, as ``keras.layers.subtract``.

    Parameters
    ----------
    inputs : list of tensors (symbolic, or arrays)
    **kwargs
        Passed to ``Subtract`` (``name``...).

    Examples
    --------
    >>> import glassnet as gn
    >>> a, b = gn.Input(shape=(2,)), gn.Input(shape=(2,))
    >>> gn.layers.subtract([a, b]).shape
    (None, 2)
    """
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """``Multiply(**kwargs)(inputs)``, as ``keras.layers.multiply``.

    Parameters
    ----------
    inputs : list of tensors (symbolic, or arrays)
    **kwargs
        Passed to ``Multiply`` (``name``...).

    Examples
    --------
    >>> import glassnet as gn
    >>> a, b = gn.Input(shape=(2,)), gn.Input(shape=(2,))
    >>> gn.layers.multiply([a, b]).shape
    (None, 2)
    """
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """``Average(**kwargs)(inputs)``, as ``keras.layers.average``.

    Parameters
    ----------
    inputs : list of tensors (symbolic, or arrays)
    **kwargs
        Passed to ``Average`` (``name``...).

    Examples
    --------
    >>> import glassnet as gn
    >>> a, b = gn.Input(shape=(2,)), gn.Input(shape=(2,))
    >>> gn.layers.average([a, b]).shape
    (None, 2)
    """
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """``Maximum(**kwargs)(inputs)``, as ``keras.layers.maximum``.

    Parameters
    ----------
    inputs : list of tensors (symbolic, or arrays)
    **kwargs
        Passed to ``Maximum`` (``name``...).

    Examples
    --------
    >>> import glassnet as gn
    >>> a, b = gn.Input(shape=(2,)), gn.Input(shape=(2,))
    >>> gn.layers.maximum([a, b]).shape
    (None, 2)
    """
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """``Minimum(**kwargs)(inputs)``, as ``keras.layers.minimum``.

    Parameters
    ----------
    inputs : list of tensors (symbolic, or arrays)
    **kwargs
        Passed to ``Minimum`` (``name``...).

    Examples
    --------
    >>> import glassnet as gn
    >>> a, b = gn.Input(shape=(2,)), gn.Input(shape=(2,))
    >>> gn.layers.minimum([a, b]).shape
    (None, 2)
    """
    return Minimum(**kwargs)(inputs)
