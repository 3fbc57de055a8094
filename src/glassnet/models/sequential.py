"""Sequential: a plain stack of layers, each feeding the next."""

from ..layers.base import Layer
from ..layers.core import InputLayer, KerasTensor
from .model import Model


class Sequential(Model):
    """A linear stack of layers, as ``keras.Sequential``.

    Forward: ``A[0] = X``, ``A[l] = layer_l(A[l-1])``. Backward runs the layers in
    reverse, each turning ``dA[l]`` into ``dA[l-1]`` (``Model.forward`` and
    ``Model.backward``: a Sequential is the chain they run).

    Parameters
    ----------
    layers : list of Layer, optional
        The layers in order; the first may be an ``Input`` or carry ``input_shape``.
    name : str, optional
    dtype : str, optional
        ``"float32"`` or ``"float64"`` for every layer; default ``floatx()``.
    trainable : bool

    Examples
    --------
    The slides' AND network, trained with gradient descent:

    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("and")
    >>> model = gn.Sequential([
    ...     gn.layers.Dense(2, activation="sigmoid", input_shape=(2,)),
    ...     gn.layers.Dense(1, activation="sigmoid"),
    ... ])
    >>> model.compile(optimizer=gn.optimizers.SGD(1.0), loss="binary_crossentropy")
    >>> history = model.fit(X, y, epochs=2000, batch_size=4, verbose=0)
    >>> (model.predict(X, verbose=0).ravel() > 0.5).astype(int).tolist()
    [0, 0, 0, 1]
    """

    def __init__(self, layers=None, name=None, dtype=None, trainable=True):
        from ..layers.base import unique_name

        if layers is not None and not isinstance(layers, (list, tuple)):
            raise TypeError(f"Sequential expects a list of layers, but got {layers!r}.")
        super().__init__(name or unique_name("sequential"), dtype)
        self._input_shape = None
        self._input_specs = [("input", None)]  # (name, batch shape): inputs.check_x
        self._tensors = None  # the symbolic inputs and outputs, made when asked for
        for layer in layers or []:
            self.add(layer)

    def add(self, layer):
        """Append a layer (or set the input shape with an ``Input``)."""
        if isinstance(layer, KerasTensor) and isinstance(layer.layer, InputLayer):
            layer = layer.layer
        if isinstance(layer, InputLayer):
            if self.layers:
                raise ValueError("An Input can only be the first element of a Sequential.")
            self._input_shape = layer.batch_input_shape
            return
        if not isinstance(layer, Layer):
            raise TypeError(
                f"Sequential.add expects a glassnet layer, but got {type(layer).__name__}."
            )
        if any(existing is layer for existing in self.layers):
            raise ValueError(f"Layer '{layer.name}' is already in this model.")
        if any(existing.name == layer.name for existing in self.layers):
            raise ValueError(
                f"This model already has a layer named '{layer.name}': give each layer its "
                "own name (the optimizer keeps its state by layer name)."
            )
        if not self.layers and self._input_shape is None and layer.batch_input_shape:
            self._input_shape = layer.batch_input_shape
        self.layers.append(layer)
        Layer.arrays_changed()  # the model has parameters to list again
        self.built = False
        self._tensors = None
        if self._input_shape is not None:
            self.build(self._input_shape)

    def pop(self):
        """Remove and return the last layer."""
        if not self.layers:
            raise IndexError("pop() from a Sequential model with no layers.")
        layer = self.layers.pop()
        Layer.arrays_changed()
        self.built = bool(self.layers) and self.built
        self._tensors = None
        self._update_heads()
        return layer

    def build(self, input_shape=None):
        """Create every layer's weights for inputs of ``input_shape`` ``(None, n_in)``."""
        if input_shape is None:
            input_shape = self._input_shape
        if input_shape is None:
            raise ValueError(
                "Cannot build a Sequential model without knowing its input shape: give "
                "the first layer input_shape=(n_features,)."
            )
        if not self.layers:
            raise ValueError("This Sequential model has no layers; add some first.")
        shape = (None, *tuple(input_shape)[1:])
        self._input_shape = shape
        for layer in self.layers:
            layer._ensure_built(shape, self.dtype)
            if layer.input_shape is not None and tuple(layer.input_shape) != tuple(shape):
                raise ValueError(
                    f"Layer '{layer.name}' was built for inputs of shape "
                    f"{layer.input_shape}, but receives {shape} in this model."
                )
            shape = layer.output_shape
            layer.propagate_gradient = True
        self.layers[0].propagate_gradient = False  # nothing needs dL/dX
        self._input_specs = [(self.layers[0].name, self._input_shape)]
        self._tensors = None
        self.built = True
        self._update_heads()

    # --- the symbolic graph, as Keras shows it ---------------------------------
    def _graph(self):
        """``(inputs, outputs)``: KerasTensors of an input layer and of each layer."""
        if not self.built:
            raise ValueError(
                f"Sequential model '{self.name}' has no defined inputs yet: build it "
                "(give the first layer input_shape=(n_features,), or fit it) first."
            )
        if self._tensors is None:
            source = InputLayer(shape=self._input_shape[1:], name=f"{self.name}_input",
                                dtype=self.layers[0].dtype)
            tensor = first = KerasTensor(self._input_shape, source)
            for layer in self.layers:
                tensor = KerasTensor(layer.output_shape, layer, [tensor])
            self._tensors = ([first], [tensor])
        return self._tensors

    @property
    def inputs(self):
        return list(self._graph()[0])

    @property
    def outputs(self):
        return list(self._graph()[1])

    # --- config -------------------------------------------------------------
    def get_config(self):
        from ..layers import serialize

        return {
            "name": self.name,
            "dtype": self.dtype,
            "input_shape": None if self._input_shape is None else list(self._input_shape[1:]),
            "layers": [serialize(layer) for layer in self.layers],
        }

    @classmethod
    def from_config(cls, config):
        from ..layers import deserialize

        model = cls(name=config["name"], dtype=config.get("dtype"))
        for spec in config["layers"]:
            model.add(deserialize(spec))
        if config.get("input_shape") is not None and not model.built:
            model.build((None, *config["input_shape"]))
        return model
