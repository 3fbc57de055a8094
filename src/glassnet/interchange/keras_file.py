"""Keras 3 ``.keras`` files, read and written without Keras or TensorFlow.

A ``.keras`` file is a zip of three members (Keras's ``saving/saving_lib.py``):

- ``config.json``: the model as ``serialize_keras_object`` writes it (Sequential or
  Functional, each layer's class and arguments, the compile settings),
- ``metadata.json``: the Keras version and the date,
- ``model.weights.h5``: an HDF5 file (read and written with h5py) holding each
  layer's variables at ``layers/<name>/vars/0, 1, ...`` and the optimizer's at
  ``optimizer/vars/...``, where ``<name>`` is the snake-case class name counted per
  class in ``model.layers`` order (``dense``, ``dense_1``, ``batch_normalization``...).

The model is rebuilt with glassnet's own layers, so it predicts as the Keras model
did; what glassnet cannot represent is one ``KerasConversionError`` naming it.
"""

import datetime
import io
import json
import os
import zipfile

from ._graph import model_dtype, tensors_in_order
from ._keras_layers import layer_from_keras, layer_to_keras, weights_from_keras, weights_to_keras
from ._keras_objects import (
    KerasConversionError,
    dtype_from_keras,
    dtype_to_keras,
    loss_from_keras,
    loss_to_keras,
    metric_from_keras,
    metric_to_keras,
    optimizer_from_keras,
    optimizer_to_keras,
    snake_case,
)
from ._keras_optimizer import optimizer_state_from_keras, optimizer_state_to_keras

KERAS_VERSION = "3.15.1"  # the format written: that of the Keras release tested against


# --- which layers, in Keras's order ----------------------------------------------------------
def keras_layers(model):
    """``model``'s layers in the order Keras's ``model.layers`` has them.

    Sequential: its layers (no InputLayer). Functional: Keras's ``map_graph`` order,
    deepest first (farthest from the outputs), ties in depth-first visiting order.
    """
    from ..models import Sequential

    if isinstance(model, Sequential):
        return list(model.layers)
    post, index, done = [], {}, set()

    def visit(t):
        if id(t) in done:
            return
        index.setdefault(id(t.layer), len(index))
        for s in t.inbound:
            visit(s)
        done.add(id(t))
        post.append(t)

    for output in model.outputs:
        visit(output)
    node_depth, layer_depth, layers = {}, {}, {}
    for t in reversed(post):
        depth = max(node_depth.setdefault(id(t), 0), layer_depth.get(id(t.layer), 0))
        layer_depth[id(t.layer)] = node_depth[id(t)] = depth
        layers[id(t.layer)] = t.layer
        for s in t.inbound:
            node_depth[id(s)] = max(depth + 1, node_depth.get(id(s), 0))
    for t in model.inputs:  # an input no output depends on
        if id(t.layer) not in layers:
            layers[id(t.layer)], layer_depth[id(t.layer)], index[id(t.layer)] = t.layer, 0, -1
    return sorted(layers.values(), key=lambda la: (-layer_depth[id(la)], index[id(la)]))


def weight_paths(layers):
    """``layers/<snake_case class>[_k]`` for each layer, as Keras names the groups."""
    used, paths = {}, []
    for layer in layers:
        base = snake_case(_keras_class(layer))
        paths.append(f"layers/{base}" if base not in used else f"layers/{base}_{used[base] + 1}")
        used[base] = used.get(base, -1) + 1
    return paths


def _keras_class(layer):
    from ._keras_layers import keras_class_name

    return keras_class_name(layer)


# --- writing -----------------------------------------------------------------------------
def model_config(model):
    """The model as Keras's ``config.json`` holds it (without compile settings)."""
    from ..models import Sequential

    layers = keras_layers(model)
    policy = dtype_to_keras(model_dtype(model))
    if isinstance(model, Sequential):
        first = model.layers[0].input_shape
        input_layer = _input_layer_spec(first, model_dtype(model))
        config = {"name": model.name, "trainable": True, "dtype": policy,
                  "layers": [input_layer, *(layer_to_keras(la) for la in layers)],
                  "build_input_shape": list(first)}
        return {"module": "keras", "class_name": "Sequential", "config": config,
                "registered_name": None, "build_config": {"input_shape": list(first)}}
    specs = []
    for layer in layers:
        spec = layer_to_keras(layer)
        spec["name"] = layer.name
        spec["inbound_nodes"] = _inbound_nodes(model, layer)
        specs.append(spec)
    inputs = [[t.layer.name, 0, 0] for t in model.inputs]
    outputs = [[t.layer.name, 0, 0] for t in model.outputs]
    config = {"name": model.name, "trainable": True, "layers": specs,
              "input_layers": inputs if len(inputs) > 1 else inputs[0],
              "output_layers": outputs if len(outputs) > 1 else outputs[0]}
    return {"module": "keras.src.models.functional", "class_name": "Functional", "config": config,
            "registered_name": "Functional"}


def _input_layer_spec(batch_shape, dtype):
    return {"module": "keras.layers", "class_name": "InputLayer",
            "config": {"batch_shape": list(batch_shape), "dtype": dtype, "sparse": False,
                       "ragged": False, "name": "input_layer", "optional": False},
            "registered_name": None}


def _inbound_nodes(model, layer):
    """Keras's ``inbound_nodes`` of ``layer``: one per call, each naming its inputs."""
    calls = [t for t in tensors_in_order(model) if t.layer is layer and t.inbound]
    if len(calls) > 1:
        raise KerasConversionError(
            f"Layer '{layer.name}' is used in {len(calls)} places; writing shared layers "
            "to a .keras file is not supported yet."
        )
    nodes = []
    for t in calls:
        args = [{"class_name": "__keras_tensor__",
                 "config": {"shape": list(s.shape), "dtype": s.layer.dtype or "float32",
                            "keras_history": [s.layer.name, 0, 0]}} for s in t.inbound]
        nodes.append({"args": [args] if t.takes_list else args, "kwargs": {}})
    return nodes


def compile_config(model):
    if not model.compiled:
        return None
    weighted = getattr(model, "_weighted_metric_ids", None)
    return {
        "optimizer": optimizer_to_keras(model.optimizer),
        "loss": loss_to_keras(model.loss),
        "loss_weights": None,
        "metrics": [metric_to_keras(m) for m in model._metric_ids] or None,
        "weighted_metrics": [metric_to_keras(m) for m in weighted] if weighted else None,
        "run_eagerly": False, "steps_per_execution": 1, "jit_compile": False,
    }


def save_keras(model, filepath, include_optimizer=True):
    """Write ``model`` as a Keras 3 ``.keras`` file that ``keras.saving.load_model`` reads."""
    import h5py

    from ..saving import atomic_write

    model._require_built("save")
    config = model_config(model)
    if include_optimizer and model.compiled:
        config["compile_config"] = compile_config(model)
    metadata = {"keras_version": KERAS_VERSION,
                "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")}
    layers = keras_layers(model)
    buffer = io.BytesIO()
    with h5py.File(buffer, "w") as h5:
        h5.create_group("vars").attrs["name"] = model.name
        for layer, path in zip(layers, weight_paths(layers)):
            group = h5.create_group(path).create_group("vars")
            group.attrs["name"] = layer.name
            for i, w in enumerate(weights_to_keras(layer)):
                group.create_dataset(str(i), data=w)
        state = optimizer_state_to_keras(model, layers) if include_optimizer else None
        if state:
            group = h5.create_group("optimizer").create_group("vars")
            group.attrs["name"] = model.optimizer.name
            for i, a in enumerate(state):
                group.create_dataset(str(i), data=a)

    def write(f):
        with zipfile.ZipFile(f, "w") as archive:
            archive.writestr("metadata.json", json.dumps(metadata))
            archive.writestr("config.json", json.dumps(config))
            archive.writestr("model.weights.h5", buffer.getvalue())

    atomic_write(filepath, write)


# --- reading -----------------------------------------------------------------------------
def _read_zip(filepath):
    filepath = os.fspath(filepath)
    if not os.path.exists(filepath):
        raise FileNotFoundError(f"No model file at {filepath!r}.")
    try:
        with zipfile.ZipFile(filepath) as archive:
            names = archive.namelist()
            if "config.json" not in names or "model.weights.h5" not in names:
                raise KerasConversionError(
                    f"{filepath!r} is not a Keras 3 model file: it lacks config.json or "
                    f"model.weights.h5 (it holds {names})."
                )
            return json.loads(archive.read("config.json")), archive.read("model.weights.h5")
    except zipfile.BadZipFile:
        raise KerasConversionError(
            f"{filepath!r} is not a Keras 3 .keras file (not a zip archive)."
        ) from None


def model_from_keras_config(spec, custom_objects=None):
    """A glassnet model from Keras's model config (``config.json`` or ``model.get_config``)."""
    from ..models import Model, Sequential

    class_name = spec.get("class_name")
    config = spec.get("config", {})
    if class_name == "Sequential":
        model = Sequential(name=config.get("name"))
        dtype = dtype_from_keras(config.get("dtype"), f"Model '{config.get('name')}'")
        for layer_spec in config.get("layers", []):
            model.add(layer_from_keras(layer_spec, dtype, custom_objects))
        if not model.built and config.get("build_input_shape"):
            model.build(tuple(config["build_input_shape"]))
        return model
    if class_name not in ("Functional", "Model"):
        raise KerasConversionError(
            f"The Keras model class {class_name!r} has no glassnet equivalent (glassnet "
            "reads Sequential and Functional models)."
        )
    tensors, layers = {}, {}
    for layer_spec in config["layers"]:
        layer = layer_from_keras(layer_spec, custom_objects=custom_objects)
        layers[layer_spec.get("name", layer.name)] = layer
        if type(layer).__name__ == "InputLayer":
            from ..layers.core import KerasTensor

            tensors[(layer.name, 0)] = KerasTensor(layer.batch_input_shape, layer)
            continue
        for node_index, node in enumerate(layer_spec.get("inbound_nodes", [])):
            args = _node_inputs(node, tensors, layer.name)
            tensors[(layer.name, node_index)] = layer(args)
    inputs = [tensors[(h[0], h[1])] for h in _histories(config["input_layers"])]
    outputs = [tensors[(h[0], h[1])] for h in _histories(config["output_layers"])]
    return Model(inputs=inputs if len(inputs) > 1 else inputs[0],
                 outputs=outputs if len(outputs) > 1 else outputs[0], name=config.get("name"))


def _histories(value):
    return [value] if value and isinstance(value[0], str) else list(value)


def _node_inputs(node, tensors, name):
    kwargs = {k: v for k, v in node.get("kwargs", {}).items() if v is not None}
    if kwargs:
        raise KerasConversionError(
            f"Keras layer '{name}' is called with {sorted(kwargs)}, which glassnet's "
            "layer calls do not take."
        )
    args = node["args"]

    def tensor(arg):
        history = arg["config"]["keras_history"]
        return tensors[(history[0], history[1])]

    first = args[0]
    if isinstance(first, list):
        return [tensor(a) for a in first]
    return tensor(first)


def load_keras(filepath, compile=True, custom_objects=None):
    """Read a Keras 3 ``.keras`` file into a glassnet model (same predictions)."""
    import h5py

    spec, weights = _read_zip(filepath)
    model = model_from_keras_config(spec, custom_objects)
    layers = keras_layers(model)
    with h5py.File(io.BytesIO(weights), "r") as h5:
        for layer, path in zip(layers, weight_paths(layers)):
            group = h5.get(f"{path}/vars")
            arrays = [] if group is None else [group[str(i)][()] for i in range(len(group))]
            weights_from_keras(layer, arrays, path)
        optimizer_group = h5.get("optimizer/vars")
        optimizer_arrays = ([] if optimizer_group is None else
                            [optimizer_group[str(i)][()] for i in range(len(optimizer_group))])
    compiled = spec.get("compile_config")
    if compile and compiled:
        kwargs = {}
        if compiled.get("weighted_metrics"):
            kwargs["weighted_metrics"] = [metric_from_keras(m)
                                          for m in compiled["weighted_metrics"]]
        if compiled.get("loss_weights") is not None:
            kwargs["loss_weights"] = compiled["loss_weights"]
        model.compile(optimizer=optimizer_from_keras(compiled["optimizer"]),
                      loss=loss_from_keras(compiled["loss"]),
                      metrics=[metric_from_keras(m) for m in compiled.get("metrics") or []],
                      **kwargs)
        optimizer_state_from_keras(model, layers, optimizer_arrays)
    return model


__all__ = ["KerasConversionError", "load_keras", "save_keras", "model_config",
           "model_from_keras_config", "keras_layers"]
