"""Input, the symbolic tensors of the functional API, and Flatten."""

import numpy as np

from .base import Layer


def _dims(shape):
    """A shape (or list of shapes) as nested tuples, for comparing."""
    if isinstance(shape, list):
        return [tuple(s) for s in shape]
    return tuple(shape)


class KerasTensor:
    """A symbolic tensor: the shape of a value in a functional model's graph.

    ``shape`` includes the batch dimension as ``None``. ``layer`` is the layer that
    produces it and ``inbound`` the tensors that layer was called on.

    Parameters
    ----------
    shape : tuple
        ``(None, n)``: the batch dimension is ``None``.
    layer : Layer
        The layer whose output this is.
    inbound : tuple of KerasTensor
        The tensors the layer was called on.
    takes_list : bool
        Whether the layer was called on a list.

    Examples
    --------
    >>> import glassnet as gn
    >>> x = gn.Input((3,))
    >>> h = gn.layers.Dense(8)(x)
    >>> h.shape
    (None, 8)
    """

    def __init__(self, shape, layer, inbound=(), takes_list=False):
        self.shape = tuple(shape)
        self.layer = layer
        self.inbound = list(inbound)
        self.takes_list = takes_list
        self.shared = False  # set by the model: is its layer called at other nodes too?

    @classmethod
    def from_call(cls, layer, inputs):
        """Record ``layer(inputs)`` in the graph and return its output tensor."""
        takes_list = isinstance(inputs, (list, tuple))
        tensors = list(inputs) if takes_list else [inputs]
        for t in tensors:
            if not isinstance(t, KerasTensor):
                raise TypeError(
                    f"Layer '{layer.name}' was called on a mix of symbolic tensors and "
                    f"{type(t).__name__}: in a functional model every input must come "
                    "from glassnet.Input or another layer."
                )
        shapes = [t.shape for t in tensors]
        shape = shapes if takes_list else shapes[0]
        if layer.built and layer.input_shape is not None and _dims(layer.input_shape) != \
                _dims(shape):
            raise ValueError(
                f"Layer '{layer.name}' was built for inputs of shape {layer.input_shape}, "
                f"but is now called on {shape}. A layer used in several places (its "
                "weights shared) needs inputs of the same shape each time."
            )
        layer._ensure_built(shape, tensors[0].layer.dtype)
        return cls(layer.output_shape, layer, tensors, takes_list)

    @property
    def name(self):
        return self.layer.name

    def __repr__(self):
        return f"<KerasTensor shape={self.shape} from '{self.layer.name}'>"


class InputLayer(Layer):
    """The layer behind ``Input``: passes its input through unchanged.

    Parameters
    ----------
    shape : tuple
        Shape of one example, without the batch dimension.
    batch_size, dtype, name : optional
        As ``Input``.

    Examples
    --------
    >>> import glassnet as gn
    >>> layer = gn.layers.InputLayer(shape=(3,))
    >>> layer.output_shape
    (None, 3)
    """

    def __init__(self, shape=None, batch_size=None, dtype=None, name=None, **kwargs):
        if "input_shape" in kwargs and shape is None:
            shape = kwargs.pop("input_shape")
        kwargs.pop("batch_input_shape", None)
        if shape is None:
            raise ValueError("Input needs a shape, e.g. Input(shape=(n_features,)).")
        shape = tuple(np.atleast_1d(shape).tolist()) if not isinstance(shape, tuple) else shape
        for n in shape:
            if n is not None and (not isinstance(n, (int, np.integer)) or n < 1):
                raise ValueError(
                    f"Input shape must hold positive integers, but got {shape}. "
                    "Give the shape of one example, e.g. shape=(30,)."
                )
        super().__init__(name=name, dtype=dtype, input_shape=None, **kwargs)
        self.shape = tuple(int(n) for n in shape)
        self.batch_input_shape = (None, *self.shape)
        self._ensure_built(self.batch_input_shape)

    def call(self, A_prev, training=False):
        return A_prev

    def call_backward(self, dA):
        return dA

    def get_config(self):
        return {"name": self.name, "shape": list(self.shape), "dtype": self.dtype}


def Input(shape=None, batch_size=None, dtype=None, name=None, **kwargs):
    """Return a symbolic input tensor of ``shape`` (one example, no batch dimension).

    Parameters
    ----------
    shape : tuple
        Shape of one example, e.g. ``(n_features,)``.
    batch_size : int, optional
        Accepted for Keras compatibility; batches may have any size.
    dtype : str, optional
    name : str, optional

    Examples
    --------
    >>> import glassnet as gn
    >>> x = gn.Input(shape=(4,))
    >>> y = gn.layers.Dense(1, activation="sigmoid")(x)
    >>> model = gn.Model(x, y)
    >>> model.count_params()
    5
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, name=name, **kwargs)
    return KerasTensor(layer.batch_input_shape, layer)


class Flatten(Layer):
    """Reshape ``(m, d1, d2, ...)`` to ``(m, d1*d2*...)``; backward reshapes back.

    Parameters
    ----------
    name, trainable, dtype, input_shape, input_dim : optional
        As ``Layer``.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.layers.Flatten()(np.zeros((5, 2, 3))).shape
    (5, 6)
    """

    def compute_output_shape(self, input_shape):
        size = 1
        for n in input_shape[1:]:
            size = None if (n is None or size is None) else size * n
        return (input_shape[0], size)

    def call(self, A_prev, training=False):
        self.input_array_shape = A_prev.shape
        return A_prev.reshape(len(A_prev), -1)

    def call_backward(self, dA):
        return dA.reshape(self.input_array_shape)


