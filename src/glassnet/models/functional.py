"""Functional: a model over any directed acyclic graph of layers.

Built from symbolic tensors, as in Keras::

    inputs = Input(shape=(30,))
    hidden = Dense(8, activation="relu")(inputs)
    outputs = Dense(1, activation="sigmoid")(hidden)
    model = Model(inputs=inputs, outputs=outputs)     # a Functional model

Forward runs the layers in topological order. Backward runs them in reverse; where
a tensor feeds several layers its gradient is the sum of theirs (the multivariate
chain rule).
"""

from ..layers.base import unique_name
from ..layers.core import InputLayer, KerasTensor
from .model import Model


class Functional(Model):
    """A model from ``inputs`` (Input tensors) to one ``outputs`` tensor.

    What ``Model(inputs=..., outputs=...)`` returns, as in Keras.

    Parameters
    ----------
    inputs : KerasTensor or list of KerasTensor
        What ``Input`` returned.
    outputs : KerasTensor
        The last layer's output tensor.
    name : str, optional
    dtype : str, optional

    Examples
    --------
    >>> import glassnet as gn
    >>> a, b = gn.Input((2,), name="a"), gn.Input((3,), name="b")
    >>> joined = gn.layers.Concatenate()([a, b])
    >>> model = gn.Model([a, b], gn.layers.Dense(1)(joined))
    >>> model.count_params()
    6
    """

    def __init__(self, inputs=None, outputs=None, name=None, dtype=None, **kwargs):
        if kwargs:
            raise TypeError(f"Model() got unexpected keyword argument(s) {sorted(kwargs)}.")
        super().__init__(name or unique_name("functional"), dtype)
        if inputs is None or outputs is None:
            raise ValueError(
                "Model needs inputs and outputs: Model(inputs=Input(shape=(n,)), "
                "outputs=Dense(1)(...)). For a stack of layers use Sequential."
            )
        self._inputs = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
        if len(outputs) != 1:
            raise ValueError(
                f"glassnet models have one output, but {len(outputs)} were given. "
                "Concatenate them into one output layer instead."
            )
        for t in [*self._inputs, *outputs]:
            if not isinstance(t, KerasTensor):
                raise TypeError(
                    f"Model inputs and outputs must be symbolic tensors from Input and "
                    f"layer calls, but got {type(t).__name__}."
                )
        for t in self._inputs:
            if not isinstance(t.layer, InputLayer):
                raise ValueError(f"Model inputs must come from Input(), but got {t}.")
        self._output = outputs[0]
        self._nodes = self._topological_order()
        self.layers = [t.layer for t in self._inputs] + [t.layer for t in self._nodes]
        self._check_unique_names()
        if self.dtype is not None:
            for layer in self.layers:
                if layer.dtype != self.dtype:
                    layer.cast(self.dtype)
        self._consumers = {}
        for t in self._nodes:
            for s in t.inbound:
                self._consumers[id(s)] = self._consumers.get(id(s), 0) + 1
            # a layer fed only by inputs need not compute the gradient of its input
            t.layer.propagate_gradient = not all(
                isinstance(s.layer, InputLayer) for s in t.inbound
            )
        self._input_specs = [(t.layer.name, t.shape) for t in self._inputs]
        self.built = True
        self._update_fused()

    def _topological_order(self):
        """Every non-input tensor the output depends on, producers first."""
        order, visiting, done = [], set(), set()
        input_ids = {id(t) for t in self._inputs}

        def visit(t):
            if id(t) in done:
                return
            if id(t) in visiting:
                raise ValueError("The layer graph has a cycle; models must be acyclic.")
            if isinstance(t.layer, InputLayer):
                if id(t) not in input_ids:
                    raise ValueError(
                        f"Graph disconnected: the output depends on Input "
                        f"'{t.layer.name}', which is not among the model's inputs."
                    )
                done.add(id(t))
                return
            visiting.add(id(t))
            for s in t.inbound:
                visit(s)
            visiting.discard(id(t))
            done.add(id(t))
            order.append(t)

        visit(self._output)
        return order

    # --- graph facts ----------------------------------------------------------
    @property
    def inputs(self):
        return list(self._inputs)

    @property
    def outputs(self):
        return [self._output]

    def build(self, input_shape=None):
        """A functional model is built when it is created; nothing to do."""

    # --- forward / backward ---------------------------------------------------
    def forward(self, X, training=False):
        """Run every layer in topological order; return the output ``A``."""
        Xs = X if isinstance(X, list) else [X]
        values = {id(t): x for t, x in zip(self._inputs, Xs)}
        for t in self._nodes:
            args = [values[id(s)] for s in t.inbound]
            values[id(t)] = t.layer.forward(args if t.takes_list else args[0], training)
        return values[id(self._output)]

    def backward(self, dA=None, *, dZ=None):
        """Backpropagate from ``dA`` of the output (or ``dZ`` of the output layer, fused).

        Gradients of tensors that feed several layers are summed.
        """
        grads = {}
        for t in reversed(self._nodes):
            if t is self._output:
                d_prev = t.layer.backward(dA, dZ=dZ)
            else:
                d = grads.pop(id(t), None)
                if d is None:
                    continue
                d_prev = t.layer.backward(d)
            if d_prev is None:
                continue
            for s, ds in zip(t.inbound, d_prev if t.takes_list else [d_prev]):
                if isinstance(s.layer, InputLayer):
                    continue
                grads[id(s)] = ds if id(s) not in grads else grads[id(s)] + ds

    # --- config -------------------------------------------------------------
    def get_config(self):
        from ..layers import serialize

        return {
            "name": self.name,
            "dtype": self.dtype,
            "input_layers": [t.layer.name for t in self._inputs],
            "layers": [
                {**serialize(t.layer), "inbound": [s.layer.name for s in t.inbound],
                 "takes_list": t.takes_list}
                for t in self._nodes
            ],
            "inputs": [serialize(t.layer) for t in self._inputs],
            "output_layer": self._output.layer.name,
        }

    @classmethod
    def from_config(cls, config):
        from ..layers import deserialize

        tensors = {}
        inputs = []
        for spec in config["inputs"]:
            layer = deserialize(spec)
            tensor = KerasTensor(layer.batch_input_shape, layer)
            tensors[layer.name] = tensor
            inputs.append(tensor)
        for spec in config["layers"]:
            layer = deserialize(spec)
            inbound = [tensors[name] for name in spec["inbound"]]
            tensors[layer.name] = layer(inbound if spec["takes_list"] else inbound[0])
        return cls(inputs=inputs, outputs=tensors[config["output_layer"]],
                   name=config["name"], dtype=config.get("dtype"))
