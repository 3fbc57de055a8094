"""skl2onnx converters for ``GlassnetClassifier`` and ``GlassnetRegressor``.

Importing this module registers them, so a whole scikit-learn Pipeline converts::

    import glassnet.interchange.skl2onnx_converters  # noqa: F401  (registers)
    from skl2onnx import to_onnx
    onx = to_onnx(pipeline, X[:1].astype(np.float32))

The estimator's network is written by the same code as ``model.export``
(``onnx_export.write_model``). The classifier's outputs are skl2onnx's usual pair:
the label (``classes_[argmax]``) and the probabilities (``predict_proba``'s columns:
``[1 - a, a]`` for a sigmoid output); the regressor's is ``predict`` as ``(m, n)``.
"""

import numpy as np
from onnx import TensorProto, helper

from ._graph import model_dtype
from .onnx_export import Graph, write_model


def _network(scope, operator, container, estimator):
    """Write the estimator's model; return the name of its output ``A`` (input dtype)."""
    model = estimator.model_
    dtype = np.dtype(model_dtype(model))
    wanted = operator.inputs[0].type.to_onnx_type().tensor_type.elem_type
    ours = TensorProto.DOUBLE if dtype == np.float64 else TensorProto.FLOAT
    g = Graph(dtype, prefix=scope.get_unique_operator_name("Glassnet") + "/")
    X = operator.inputs[0].full_name
    if wanted != ours:
        X = g.node("Cast", [X], to=ours)
    (A,) = write_model(g, model, [X])
    if wanted != ours:
        A = g.node("Cast", [A], to=wanted)
    for tensor in g.initializers:
        container.initializers.append(tensor)
    for node in g.nodes:
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        container.add_node(node.op_type, list(node.input), list(node.output),
                           name=node.name, **attrs)
    return g, A, wanted


def convert_classifier(scope, operator, container):
    estimator = operator.raw_operator
    if estimator._label_binarizer.y_type_ == "multilabel-indicator":
        raise ValueError("GlassnetClassifier fitted on multi-label targets does not convert "
                         "to ONNX yet; fit it on binary or multi-class labels.")
    g, A, elem = _network(scope, operator, container, estimator)
    label, probabilities = operator.outputs[0].full_name, operator.outputs[1].full_name
    if len(estimator.classes_) == 2:  # sigmoid unit a: columns [1 - a, a]
        one = g.name("one")
        container.add_initializer(one, elem, [], [1.0])
        complement = g.name("complement")
        container.add_node("Sub", [one, A], [complement], name=g.name("Sub_node"))
        container.add_node("Concat", [complement, A], [probabilities], axis=1,
                           name=g.name("Concat_node"))
    else:
        container.add_node("Identity", [A], [probabilities], name=g.name("Identity_node"))
    index = g.name("argmax")
    container.add_node("ArgMax", [probabilities], [index], axis=1, keepdims=0,
                       name=g.name("ArgMax_node"))
    classes = estimator.classes_
    names = g.name("classes")
    if classes.dtype.kind in "iub":
        container.add_initializer(names, TensorProto.INT64, [len(classes)],
                                  classes.astype(np.int64).tolist())
    else:
        container.add_initializer(names, TensorProto.STRING, [len(classes)],
                                  [str(c).encode("utf-8") for c in classes])
    container.add_node("Gather", [names, index], [label], axis=0, name=g.name("Gather_node"))


def convert_regressor(scope, operator, container):
    """``predict``: the network's ``A`` back in the target's units, ``A y_scale_ + y_mean_``."""
    estimator = operator.raw_operator
    g, A, elem = _network(scope, operator, container, estimator)
    dtype = np.float64 if elem == TensorProto.DOUBLE else np.float32
    scale, mean = g.name("y_scale"), g.name("y_mean")
    n = estimator.n_outputs_
    for name, value in ((scale, getattr(estimator, "y_scale_", np.ones(n))),
                        (mean, getattr(estimator, "y_mean_", np.zeros(n)))):
        container.add_initializer(name, elem, [n], np.asarray(value, dtype).tolist())
    scaled = g.name("scaled")
    container.add_node("Mul", [A, scale], [scaled], name=g.name("Mul_node"))
    container.add_node("Add", [scaled, mean], [operator.outputs[0].full_name],
                       name=g.name("Add_node"))


def _regressor_shape(operator):
    from skl2onnx.common.data_types import DoubleTensorType, FloatTensorType

    n = operator.raw_operator.n_outputs_
    kind = DoubleTensorType if isinstance(operator.inputs[0].type, DoubleTensorType) else \
        FloatTensorType
    operator.outputs[0].type = kind([None, n])


def register():
    """Register both estimators with skl2onnx (done on import; calling again is harmless).

    Examples
    --------
    >>> import numpy as np, onnxruntime
    >>> from skl2onnx import to_onnx
    >>> import glassnet.interchange.skl2onnx_converters  # registers the estimators
    >>> from glassnet.sklearn import GlassnetRegressor
    >>> X = np.linspace(-1, 1, 50)[:, None]
    >>> reg = GlassnetRegressor(hidden_layer_sizes=(), learning_rate=0.1, random_state=0)
    >>> reg = reg.fit(X, 2 * X[:, 0] + 1)
    >>> onx = to_onnx(reg, X[:1].astype(np.float32))
    >>> session = onnxruntime.InferenceSession(onx.SerializeToString())
    >>> (P,) = session.run(None, {session.get_inputs()[0].name: X.astype(np.float32)})
    >>> bool(np.allclose(P.ravel(), reg.predict(X), atol=1e-5))
    True
    """
    from skl2onnx import update_registered_converter
    from skl2onnx.common.shape_calculator import calculate_linear_classifier_output_shapes

    from ..sklearn import GlassnetClassifier, GlassnetRegressor

    update_registered_converter(
        GlassnetClassifier, "GlassnetClassifier", calculate_linear_classifier_output_shapes,
        convert_classifier, options={"zipmap": [True, False, "columns"], "nocl": [True, False]},
    )
    update_registered_converter(GlassnetRegressor, "GlassnetRegressor", _regressor_shape,
                                convert_regressor)


register()


__all__ = ["register"]
