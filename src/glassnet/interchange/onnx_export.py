"""ONNX export of a glassnet model, as Keras 3's ``model.export(path, format="onnx")``.

The graph is written with the ``onnx`` package's helper API: each layer becomes the
ONNX operators of its inference-mode forward pass (Dense: ``MatMul``, ``Add`` and
its activation; Dropout: ``Identity``; BatchNormalization: its moving statistics
applied with ``Sub``, ``Mul`` and ``Add``; Normalization: ``Sub`` and ``Div`` by
``max(sqrt(variance), eps)``; merges: ``Concat``, ``Sum``...). Inputs and outputs
have a dynamic batch dimension ``"batch"``; weights are initializers in the model's
dtype (float32 or float64).

``LAYERS`` and ``ACTIVATIONS`` map each glassnet class and activation name to the
function that writes it; a layer without one is a clear error naming it.
"""

import os

import numpy as np

from ._graph import model_dtype, tensors_in_order

OPSET = 17


class Graph:
    """Collects ONNX nodes and initializers under unique names.

    ``node(op, inputs, **attrs)`` appends one node and returns its output's name;
    ``const(array)`` adds an initializer (cast to the graph's dtype unless given
    one) and returns its name. A layer's weight (named ``"layer/param"``) is stored
    once: the calls of a layer used in several places read the same initializer.
    """

    def __init__(self, dtype, prefix=""):
        self.dtype = np.dtype(dtype)
        self.prefix = prefix
        self.nodes, self.initializers, self._used = [], [], set()
        self._weights = {}  # "layer/param" -> (the array, its initializer's name)

    def name(self, base):
        base = f"{self.prefix}{base}"
        name, k = base, 0
        while name in self._used:
            k += 1
            name = f"{base}_{k}"
        self._used.add(name)
        return name

    def const(self, array, base="const", dtype=None):
        from onnx import numpy_helper

        seen = self._weights.get(base) if "/" in base else None
        if seen is not None and seen[0] is array:  # a shared layer's weight, again
            return seen[1]
        name = self.name(base)
        if "/" in base:
            self._weights[base] = (array, name)
        array = np.asarray(array, dtype=dtype or self.dtype)
        self.initializers.append(numpy_helper.from_array(array, name))
        return name

    def node(self, op, inputs, base=None, output=None, **attrs):
        from onnx import helper

        output = output or self.name(base or op.lower())
        self.nodes.append(helper.make_node(op, list(inputs), [output],
                                           name=self.name(f"{op}_node"), **attrs))
        return output


# --- activations ------------------------------------------------------------------------
def _gelu(g, x, act):
    if getattr(act, "approximate", False):  # 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
        x3 = g.node("Mul", [g.node("Mul", [x, x]), x])
        inner = g.node("Add", [x, g.node("Mul", [x3, g.const(0.044715)])])
        t = g.node("Tanh", [g.node("Mul", [inner, g.const(np.sqrt(2 / np.pi))])])
        half = g.node("Mul", [x, g.const(0.5)])
        return g.node("Mul", [half, g.node("Add", [t, g.const(1.0)])])
    u = g.node("Div", [x, g.const(np.sqrt(2.0))])  # 0.5 x (1 + erf(x / sqrt 2))
    if g.dtype == np.float64:  # onnxruntime's Erf is float32 only: erf rounds to float32
        u = g.node("Cast", [u], to=1)
        erf = g.node("Cast", [g.node("Erf", [u])], to=11)
    else:
        erf = g.node("Erf", [u])
    return g.node("Mul", [g.node("Mul", [x, g.const(0.5)]), g.node("Add", [erf, g.const(1.0)])])


def _swish(g, x, act):
    return g.node("Mul", [x, g.node("Sigmoid", [x])])


# onnxruntime has no float64 kernels for Elu, LeakyRelu, Selu, Softplus, Softsign or
# HardSigmoid, so these are written with elementary operators (which have both).
def _elu(g, x, act, alpha=None, scale=None):
    """``z if z > 0 else alpha (e^z - 1)`` (times ``scale``: selu)."""
    alpha = float(act.alpha) if alpha is None else alpha
    negative = g.node("Mul", [g.node("Sub", [g.node("Exp", [g.node("Min", [x, g.const(0.0)])]),
                                             g.const(1.0)]), g.const(alpha)])
    A = g.node("Where", [g.node("Greater", [x, g.const(0.0)]), x, negative])
    return A if scale is None else g.node("Mul", [A, g.const(scale)])


def _relu(g, x, act):
    """``min(z if z > threshold else 0, max_value) - negative_slope max(threshold - z, 0)``.

    The same steps as ``activations.ReLU.forward`` (the first term is clipped below at
    0 when ``max_value`` is set); the plain ``max(0, z)`` is ONNX's Relu.
    """
    if act._plain:
        return g.node("Relu", [x])
    A = g.node("Where", [g.node("Greater", [x, g.const(act.threshold)]), x, g.const(0.0)])
    if act.max_value is not None:
        A = g.node("Min", [g.node("Max", [A, g.const(0.0)]), g.const(act.max_value)])
    if act.negative_slope:
        below = g.node("Max", [g.node("Sub", [g.const(act.threshold), x]), g.const(0.0)])
        A = g.node("Sub", [A, g.node("Mul", [below, g.const(act.negative_slope)])])
    return A


def _leaky_relu(g, x, act):
    slope = g.node("Mul", [x, g.const(float(act.alpha))])
    return g.node("Where", [g.node("Greater", [x, g.const(0.0)]), x, slope])


def _softplus(g, x, act):
    """``log(1 + e^z)`` as ``max(z, 0) + log(1 + e^-|z|)`` (no overflow)."""
    tail = g.node("Log", [g.node("Add", [g.const(1.0),
                                         g.node("Exp", [g.node("Neg", [g.node("Abs", [x])])])])])
    return g.node("Add", [g.node("Max", [x, g.const(0.0)]), tail])


def _softsign(g, x, act):
    return g.node("Div", [x, g.node("Add", [g.node("Abs", [x]), g.const(1.0)])])


def _hard_sigmoid(g, x, act):
    """``clip(z / 6 + 1/2, 0, 1)`` (Keras 3's ``relu6(z + 3) / 6``)."""
    line = g.node("Add", [g.node("Mul", [x, g.const(1 / 6)]), g.const(0.5)])
    return g.node("Min", [g.node("Max", [line, g.const(0.0)]), g.const(1.0)])


ACTIVATIONS = {
    "linear": lambda g, x, act: x,
    "sigmoid": lambda g, x, act: g.node("Sigmoid", [x]),
    "tanh": lambda g, x, act: g.node("Tanh", [x]),
    "relu": _relu,
    "leaky_relu": _leaky_relu,
    "elu": _elu,
    "softmax": lambda g, x, act: g.node("Softmax", [x], axis=-1),
    "selu": lambda g, x, act: _elu(g, x, act, float(act.alpha), float(act.scale)),
    "gelu": _gelu,
    "silu": _swish,
    "swish": _swish,
    "softplus": _softplus,
    "softsign": _softsign,
    "hard_sigmoid": _hard_sigmoid,
    "exponential": lambda g, x, act: g.node("Exp", [x]),
}


def activation(g, x, act, where):
    write = ACTIVATIONS.get(act.name)
    if write is None:
        raise ValueError(
            f"{where}: the activation {act!r} has no ONNX form in glassnet's exporter; "
            f"the ones that export are {sorted(ACTIVATIONS)}."
        )
    return write(g, x, act)


# --- layers -----------------------------------------------------------------------------
def _dense(g, layer, X):
    Z = g.node("MatMul", [X, g.const(layer.params["kernel"], f"{layer.name}/kernel")])
    if layer.use_bias:
        Z = g.node("Add", [Z, g.const(layer.params["bias"], f"{layer.name}/bias")])
    return activation(g, Z, layer.activation, f"Layer '{layer.name}'")


def _activation_layer(g, layer, X):
    return activation(g, X, layer.activation, f"Layer '{layer.name}'")


def _batch_norm(g, layer, X):
    """Inference: ``(X - moving_mean) / sqrt(moving_variance + eps) * gamma + beta``.

    Written with elementary operators, as glassnet computes it: ONNX's own
    BatchNormalization keeps ``epsilon`` as a float32 attribute.
    """
    mean, var = layer.state["moving_mean"], layer.state["moving_variance"]
    inv_std = 1.0 / np.sqrt(var + layer.epsilon)
    A = g.node("Mul", [g.node("Sub", [X, g.const(mean, f"{layer.name}/moving_mean")]),
                       g.const(inv_std, f"{layer.name}/inv_std")])
    if layer.scale:
        A = g.node("Mul", [A, g.const(layer.params["gamma"], f"{layer.name}/gamma")])
    if layer.center:
        A = g.node("Add", [A, g.const(layer.params["beta"], f"{layer.name}/beta")])
    return A


def _normalization(g, layer, X):
    from .. import backend

    mean = g.const(layer.mean, f"{layer.name}/mean")
    scale = g.const(np.maximum(np.sqrt(layer.variance), backend.epsilon()), f"{layer.name}/scale")
    if layer.invert:
        return g.node("Add", [g.node("Mul", [X, scale]), mean])
    return g.node("Div", [g.node("Sub", [X, mean]), scale])


def _layer_norm(g, layer, X):
    """Per row: ``(X - mean) / sqrt(var + eps) * gamma + beta``, in elementary operators
    (ONNX's LayerNormalization keeps ``epsilon`` as a float32 attribute)."""
    D = g.node("Sub", [X, g.node("ReduceMean", [X], axes=[-1], keepdims=1)])
    var = g.node("ReduceMean", [g.node("Mul", [D, D])], axes=[-1], keepdims=1)
    inv_std = g.node("Div", [g.const(1.0), g.node("Sqrt", [g.node("Add", [
        var, g.const(layer.epsilon)])])])
    A = g.node("Mul", [D, inv_std])
    if layer.scale:
        A = g.node("Mul", [A, g.const(layer.params["gamma"], f"{layer.name}/gamma")])
    if layer.center:
        A = g.node("Add", [A, g.const(layer.params["beta"], f"{layer.name}/beta")])
    return A


def _rescaling(g, layer, X):
    return g.node("Add", [g.node("Mul", [X, g.const(layer.scale)]), g.const(layer.offset)])


def _reshape(g, layer, X):
    shape = g.const([0, *layer.target_shape], f"{layer.name}/shape", dtype=np.int64)
    return g.node("Reshape", [X, shape])


def _prelu(g, layer, X):
    return g.node("PRelu", [X, g.const(layer.params["alpha"], f"{layer.name}/alpha")])


def _identity(g, layer, X):
    return g.node("Identity", [X])


def _merge(op):
    def write(g, layer, Xs):
        return g.node(op, Xs)
    return write


def _subtract(g, layer, Xs):
    return g.node("Sub", Xs)


def _average(g, layer, Xs):
    return g.node("Div", [g.node("Sum", Xs), g.const(len(Xs))])


LAYERS = {
    "InputLayer": _identity,
    "Dense": _dense,
    "Activation": _activation_layer,
    "ReLU": _activation_layer,   # its ReLU activation carries the three arguments
    "LeakyReLU": _activation_layer,
    "ELU": _activation_layer,
    "Softmax": _activation_layer,
    "PReLU": _prelu,
    "Dropout": _identity,  # inference: every unit kept, no scaling (inverted dropout)
    "GaussianNoise": _identity,
    "GaussianDropout": _identity,
    "BatchNormalization": _batch_norm,
    "LayerNormalization": _layer_norm,
    "Normalization": _normalization,
    "Rescaling": _rescaling,
    "Flatten": lambda g, layer, X: g.node("Flatten", [X], axis=1),
    "Reshape": _reshape,
    "Concatenate": lambda g, layer, Xs: g.node("Concat", Xs, axis=-1),
    "Add": _merge("Sum"),
    "Multiply": _merge("Mul"),
    "Subtract": _subtract,
    "Average": _average,
    "Maximum": _merge("Max"),
    "Minimum": _merge("Min"),
}


def write_layer(g, layer, inputs):
    """Append ``layer``'s inference forward pass; return the name of its output."""
    write = LAYERS.get(type(layer).__name__)
    if write is None:
        raise ValueError(
            f"Layer '{layer.name}' ({type(layer).__name__}) has no ONNX form in glassnet's "
            f"exporter; the layers that export are {sorted(LAYERS)}."
        )
    return write(g, layer, inputs)


# --- the model ------------------------------------------------------------------------
def write_model(g, model, input_names):
    """Append ``model``'s graph to ``g``; ``input_names`` feed its inputs in order.

    Returns the names of the model's outputs.
    """
    from ..models import Sequential

    if isinstance(model, Sequential):
        (x,) = input_names
        for layer in model.layers:
            x = write_layer(g, layer, x)
        return [x]
    values = {id(t): name for t, name in zip(model.inputs, input_names)}
    for t in tensors_in_order(model):
        if id(t) in values:
            continue
        args = [values[id(s)] for s in t.inbound]
        values[id(t)] = write_layer(g, t.layer, args if t.takes_list else args[0])
    return [values[id(t)] for t in model.outputs]


def input_and_output_widths(model):
    """``[(input name, width)...]`` and ``[output width...]``."""
    from ..models import Sequential

    if isinstance(model, Sequential):
        return [("input", model.layers[0].input_shape[-1])], [model.layers[-1].output_shape[-1]]
    return [(t.layer.name, t.shape[-1]) for t in model.inputs], [t.shape[-1] for t in model.outputs]


def to_onnx(model, opset=OPSET):
    """The ``onnx.ModelProto`` of ``model``'s inference forward pass.

    Parameters
    ----------
    model : Model
        Built; its layers each need a row in ``LAYERS``.
    opset : int
        The ONNX opset to write.

    Returns
    -------
    onnx.ModelProto

    Examples
    --------
    >>> import numpy as np
    >>> model = gn.Sequential([gn.Input((3,)), gn.layers.Dense(2, activation="relu"),
    ...                        gn.layers.Dense(1)])
    >>> import onnxruntime
    >>> from glassnet.interchange import onnx_export
    >>> proto = onnx_export.to_onnx(model)
    >>> session = onnxruntime.InferenceSession(proto.SerializeToString())
    >>> x = np.ones((2, 3), dtype="float32")
    >>> (A,) = session.run(None, {"input": x})
    >>> bool(np.allclose(A, model.predict(x, verbose=0), atol=1e-6))
    True
    """
    from onnx import TensorProto, checker, helper

    model._require_built("export")
    dtype = np.dtype(model_dtype(model))
    elem = TensorProto.DOUBLE if dtype == np.float64 else TensorProto.FLOAT
    g = Graph(dtype)
    inputs, widths = input_and_output_widths(model)
    for name, _ in inputs:
        g._used.add(name)
    outputs = write_model(g, model, [name for name, _ in inputs])
    out_names = []
    for i, name in enumerate(outputs):  # stable output names, as Keras's export has
        final = "output" if len(outputs) == 1 else f"output_{i}"
        g.node("Identity", [name], output=final)
        out_names.append(final)
    graph = helper.make_graph(
        g.nodes, model.name,
        [helper.make_tensor_value_info(n, elem, ["batch", w]) for n, w in inputs],
        [helper.make_tensor_value_info(n, elem, ["batch", w]) for n, w in zip(out_names, widths)],
        initializer=g.initializers,
    )
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                              producer_name="glassnet")
    checker.check_model(proto)
    return proto


def export_onnx(model, filepath, opset=OPSET):
    """Write ``model`` to ``filepath`` as ONNX (atomically).

    Parameters
    ----------
    model : Model
        Built.
    filepath : str or path-like
    opset : int
        The ONNX opset to write.

    Returns
    -------
    The ``filepath`` written.

    Examples
    --------
    >>> import numpy as np
    >>> model = gn.Sequential([gn.Input((3,)), gn.layers.Dense(2, activation="relu"),
    ...                        gn.layers.Dense(1)])
    >>> model.export("model.onnx", format="onnx")  # calls export_onnx
    >>> import onnx
    >>> [node.op_type for node in onnx.load("model.onnx").graph.node]
    [...'Relu'...]
    """
    from ..saving import atomic_write

    proto = to_onnx(model, opset)
    atomic_write(os.fspath(filepath), lambda f: f.write(proto.SerializeToString()))
    return filepath


__all__ = ["export_onnx", "to_onnx"]
