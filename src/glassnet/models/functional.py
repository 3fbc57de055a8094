"""Functional: a model over any directed acyclic graph of layers.

Built from symbolic tensors, as in Keras::

    inputs = Input(shape=(30,))
    hidden = Dense(8, activation="relu")(inputs)
    outputs = Dense(1, activation="sigmoid")(hidden)
    model = Model(inputs=inputs, outputs=outputs)     # a Functional model

Forward runs the layers in topological order. Backward runs them in reverse; where
a tensor feeds several layers its gradient is the sum of theirs (the multivariate
chain rule).

Several outputs: ``Model(inputs, [out_1, out_2])``; ``forward`` then returns a list
and each output has its own loss (see ``_outputs.py``).

A layer used in several places (called on several tensors, its weights shared):
each call is a node of the graph with its own forward cache, kept here while the
other calls run and put back before that call's backward; the layer's gradients are
the sum over its calls (``dW = sum_calls A_prev^T dZ``), its penalty added once.
"""

from ..layers.base import unique_name
from ..layers.core import InputLayer, KerasTensor
from .model import Model


def depth_first(outputs):
    """``(first_visits, finished)``: the tensors ``outputs`` depend on, depth first.

    ``first_visits`` in the order the walk first reaches them (pre-order),
    ``finished`` each after the tensors it is computed from (post-order). The walk
    keeps its own stack instead of recursing, so that a model 1,000 layers deep is
    no RecursionError: each entry is a tensor and whether the tensors it is computed
    from are already on the stack above it (then, popped again, it is finished).
    """
    first_visits, finished, seen = [], [], set()
    stack = [(t, False) for t in reversed(outputs)]
    while stack:
        t, inbound_done = stack.pop()
        if inbound_done:
            finished.append(t)
            continue
        if id(t) in seen:
            continue
        seen.add(id(t))
        first_visits.append(t)
        stack.append((t, True))
        stack.extend((s, False) for s in reversed(t.inbound))
    return first_visits, finished


class Functional(Model):
    """A model from ``inputs`` (Input tensors) to ``outputs`` (one tensor or a list).

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
        self._single_output = len(outputs) == 1
        if not outputs:
            raise ValueError("Model needs at least one output tensor.")
        for t in [*self._inputs, *outputs]:
            if not isinstance(t, KerasTensor):
                raise TypeError(
                    f"Model inputs and outputs must be symbolic tensors from Input and "
                    f"layer calls, but got {type(t).__name__}."
                )
        for t in self._inputs:
            if not isinstance(t.layer, InputLayer):
                raise ValueError(f"Model inputs must come from Input(), but got {t}.")
        if len({id(t) for t in outputs}) != len(outputs):
            raise ValueError("The same tensor is given twice among the model's outputs.")
        self._outputs = outputs
        self._nodes = self._topological_order()
        self.layers = self._layers_in_keras_order()  # each layer once, even if shared
        for t in self._nodes:  # a layer called at several nodes keeps one cache per call
            t.shared = sum(1 for u in self._nodes if u.layer is t.layer) > 1
        self._node_caches = {}  # id(node) -> that call's forward cache (shared layers)
        self._check_unique_names()
        if self.dtype is not None:
            for layer in self.layers:
                if layer.dtype != self.dtype:
                    layer.cast(self.dtype)
        self._consumers = {}
        for t in self._nodes:
            for s in t.inbound:
                self._consumers[id(s)] = self._consumers.get(id(s), 0) + 1
        for layer in self.layers:
            # a layer fed only by inputs (at every call) need not compute dL/dinput
            layer.propagate_gradient = not all(
                isinstance(s.layer, InputLayer)
                for t in self._nodes if t.layer is layer for s in t.inbound
            )
        self._input_specs = [(t.layer.name, t.shape) for t in self._inputs]
        self.built = True
        self._update_heads()

    def _topological_order(self):
        """Every non-input tensor the output depends on, producers first."""
        input_ids = {id(t) for t in self._inputs}
        order = []
        for t in depth_first(self._outputs)[1]:
            if not isinstance(t.layer, InputLayer):
                order.append(t)
            elif id(t) not in input_ids:
                raise ValueError(
                    f"Graph disconnected: the output depends on Input "
                    f"'{t.layer.name}', which is not among the model's inputs."
                )
        return order

    def _layers_in_keras_order(self):
        """Each layer once, in the order of Keras's ``model.layers`` (its ``map_graph``).

        A layer's depth is its distance from the outputs (the largest over its calls);
        the deepest come first (the inputs), ties in the order a depth-first walk from
        the outputs meets them. ``get_weights`` follows this order, as in Keras.
        """
        first_visits, post = depth_first(self._outputs)
        index = {}
        for t in first_visits:
            index.setdefault(id(t.layer), len(index))
        node_depth, layer_depth, layers = {}, {}, {}
        for t in reversed(post):
            depth = max(node_depth.setdefault(id(t), 0), layer_depth.get(id(t.layer), 0))
            layer_depth[id(t.layer)] = node_depth[id(t)] = depth
            layers[id(t.layer)] = t.layer
            for s in t.inbound:
                node_depth[id(s)] = max(depth + 1, node_depth.get(id(s), 0))
        for t in self._inputs:  # an input no output depends on
            if id(t.layer) not in layers:
                layers[id(t.layer)], layer_depth[id(t.layer)] = t.layer, 0
                index[id(t.layer)] = -1
        return sorted(layers.values(), key=lambda la: (-layer_depth[id(la)], index[id(la)]))

    # --- graph facts ----------------------------------------------------------
    @property
    def inputs(self):
        return list(self._inputs)

    @property
    def outputs(self):
        return list(self._outputs)

    @property
    def output_layer(self):
        return self._outputs[0].layer

    @property
    def output_layers(self):
        return [t.layer for t in self._outputs]

    def _feeds_nothing_else(self, output_layer):
        # an output tensor that also feeds another layer gets dA from there as well
        return not any(s is t for t in self._outputs if t.layer is output_layer
                       for node in self._nodes for s in node.inbound)

    def build(self, input_shape=None):
        """A functional model is built when it is created; nothing to do."""

    # --- forward / backward ---------------------------------------------------
    def forward(self, X, training=False):
        """Run every layer in topological order; return the output ``A`` (a list of
        them for several outputs)."""
        Xs = X if isinstance(X, list) else [X]
        values = {id(t): x for t, x in zip(self._inputs, Xs)}
        for t in self._nodes:
            args = [values[id(s)] for s in t.inbound]
            values[id(t)] = t.layer.forward(args if t.takes_list else args[0], training)
            if training and t.shared:  # this call's cache, kept aside
                self._node_caches[id(t)] = dict(vars(t.layer))
        As = [values[id(t)] for t in self._outputs]
        return As[0] if self._single_output else As

    def backward(self, dA=None, *, dZ=None):
        """Backpropagate from ``dA`` of the output (or ``dZ`` of the output layer, fused).

        With several outputs ``dA`` and ``dZ`` are lists, one entry per output (None
        where the other is given). Gradients of tensors that feed several layers are
        summed, and so are the weight gradients of a layer called in several places.
        """
        dAs = dA if isinstance(dA, list) else [dA]
        dZs = dZ if isinstance(dZ, list) else [dZ] * len(dAs)
        grads, from_dZ = {}, {}
        for t, dA_k, dZ_k in zip(self._outputs, dAs, dZs):
            if dZ_k is not None:
                from_dZ[id(t)] = dZ_k
            elif dA_k is not None:
                grads[id(t)] = dA_k
        sums = {}  # id(layer) -> its weight gradients summed over the calls so far
        for t in reversed(self._nodes):
            d = grads.pop(id(t), None)
            if d is None and id(t) not in from_dZ:
                continue
            shared = t.shared
            if shared:  # this call's forward cache, and its penalty gradient once only
                vars(t.layer).update(self._node_caches[id(t)])
                regularizers = t.layer.regularizers
                if id(t.layer) in sums:
                    t.layer.regularizers = {}
            d_prev = t.layer.backward(d, dZ=from_dZ.get(id(t)))
            if shared:
                t.layer.regularizers = regularizers
                total = sums.setdefault(id(t.layer), {k: 0.0 for k in t.layer.grads})
                for k, g in t.layer.grads.items():
                    total[k] = total[k] + g
            if d_prev is None:
                continue
            for s, ds in zip(t.inbound, d_prev if t.takes_list else [d_prev]):
                if isinstance(s.layer, InputLayer):
                    continue
                grads[id(s)] = ds if id(s) not in grads else grads[id(s)] + ds
        for t in self._nodes:  # each shared layer ends with the sum over its calls
            if id(t.layer) in sums:
                for k, g in sums.pop(id(t.layer)).items():
                    t.layer.grads[k][...] = g

    # --- config -------------------------------------------------------------
    def _node_keys(self):
        """A name for each node's output tensor: the layer's name, then ``name#2``,
        ``name#3``... for a layer's second and later calls."""
        keys, count = {}, {}
        for t in self._inputs + self._nodes:
            n = count[id(t.layer)] = count.get(id(t.layer), 0) + 1
            keys[id(t)] = t.layer.name if n == 1 else f"{t.layer.name}#{n}"
        return keys

    def get_config(self):
        from ..layers import serialize

        keys, seen, layers = self._node_keys(), set(), []
        for t in self._nodes:
            # a layer's first call holds its config; later calls only name it
            spec = {"shared": t.layer.name} if id(t.layer) in seen else serialize(t.layer)
            seen.add(id(t.layer))
            layers.append({**spec, "inbound": [keys[id(s)] for s in t.inbound],
                           "takes_list": t.takes_list})
        config = {
            "name": self.name,
            "dtype": self.dtype,
            "input_layers": [t.layer.name for t in self._inputs],
            "layers": layers,
            "inputs": [serialize(t.layer) for t in self._inputs],
        }
        if self._single_output:
            config["output_layer"] = keys[id(self._outputs[0])]
        else:
            config["output_layers"] = [keys[id(t)] for t in self._outputs]
        return config

    @classmethod
    def from_config(cls, config):
        from ..layers import deserialize

        tensors, layers, inputs = {}, {}, []
        for spec in config["inputs"]:
            layer = deserialize(spec)
            tensor = KerasTensor(layer.batch_input_shape, layer)
            tensors[layer.name] = tensor
            inputs.append(tensor)
        for spec in config["layers"]:
            if "shared" in spec:  # a later call of a layer built above
                layer = layers[spec["shared"]]
            else:
                layer = layers[spec["config"].get("name")] = deserialize(spec)
            inbound = [tensors[key] for key in spec["inbound"]]
            calls = sum(1 for key in tensors if key.split("#")[0] == layer.name)
            key = layer.name if calls == 0 else f"{layer.name}#{calls + 1}"
            tensors[key] = layer(inbound if spec["takes_list"] else inbound[0])
        if "output_layers" in config:
            outputs = [tensors[key] for key in config["output_layers"]]
        else:
            outputs = tensors[config["output_layer"]]
        return cls(inputs=inputs, outputs=outputs, name=config["name"],
                   dtype=config.get("dtype"))
