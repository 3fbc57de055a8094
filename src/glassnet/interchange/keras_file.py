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
    """``model``'s layers in the order Keras's ``model.layers`` has them: a
    Sequential's (no InputLayer), a functional model's own (Keras's ``map_graph``
    order, see ``Functional._layers_in_keras_order``).

    Parameters
    ----------
    model : Model

    Examples
    --------
    >>> import numpy as np
    >>> model = gn.Sequential([gn.Input((3,)), gn.layers.Dense(2, activation="relu"),
    ...                        gn.layers.Dense(1)])
    >>> from glassnet.interchange import keras_file
    >>> [layer.name for layer in keras_file.keras_layers(model)]
    ['dense', 'dense_1']
    """
    return list(model.layers)


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
    """The model as Keras's ``config.json`` holds it (without compile settings).

    Parameters
    ----------
    model : Model

    Examples
    --------
    >>> import numpy as np
    >>> model = gn.Sequential([gn.Input((3,)), gn.layers.Dense(2, activation="relu"),
    ...                        gn.layers.Dense(1)])
    >>> from glassnet.interchange import keras_file
    >>> config = keras_file.model_config(model)
    >>> config["class_name"], [layer["class_name"] for layer in config["config"]["layers"]]
    ('Sequential', ['InputLayer', 'Dense', 'Dense'])
    """
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
    node_index = _node_indices(model)
    specs = []
    for layer in layers:
        spec = layer_to_keras(layer)
        spec["name"] = layer.name
        spec["inbound_nodes"] = _inbound_nodes(model, layer, node_index)
        specs.append(spec)
    inputs = [[t.layer.name, 0, 0] for t in model.inputs]
    outputs = [[t.layer.name, node_index[id(t)], 0] for t in model.outputs]
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


def _node_indices(model):
    """For each tensor, which call of its layer made it (Keras's ``node_index``).

    A layer used in several places has one node per call, numbered in an order where
    each call's inputs come first (as Keras rebuilds them, in order).
    """
    index, calls = {}, {}
    for t in tensors_in_order(model):
        index[id(t)] = calls.get(id(t.layer), 0)
        calls[id(t.layer)] = index[id(t)] + 1
    return index


def _inbound_nodes(model, layer, node_index):
    """Keras's ``inbound_nodes`` of ``layer``: one per call, each naming its inputs
    as ``keras_history = [layer name, node index, 0]``."""
    calls = [t for t in tensors_in_order(model) if t.layer is layer and t.inbound]
    nodes = []
    for t in calls:
        args = [{"class_name": "__keras_tensor__",
                 "config": {"shape": list(s.shape), "dtype": s.layer.dtype or "float32",
                            "keras_history": [s.layer.name, node_index[id(s)], 0]}}
                for s in t.inbound]
        nodes.append({"args": [args] if t.takes_list else args, "kwargs": {}})
    return nodes


def compile_config(model):
    """Keras's ``compile_config``; several outputs as lists in output order (one loss,
    loss weight and metric list per output), as ``keras.Model.compile`` takes them."""
    if not model.compiled:
        return None
    heads = model._heads

    def metric_lists(attribute):
        lists = [[metric_to_keras(m) for m in getattr(h, attribute)] for h in heads]
        if not any(lists):
            return None
        return lists[0] if len(heads) == 1 else lists

    weights = [h.weight for h in heads]
    return {
        "optimizer": optimizer_to_keras(model.optimizer),
        "loss": (loss_to_keras(heads[0].loss) if len(heads) == 1
                 else [loss_to_keras(h.loss) for h in heads]),
        "loss_weights": (None if all(w == 1.0 for w in weights)
                         else weights[0] if len(heads) == 1 else weights),
        "metrics": metric_lists("metric_ids"),
        "weighted_metrics": metric_lists("weighted_metric_ids"),
        "run_eagerly": False, "steps_per_execution": 1, "jit_compile": False,
    }


def save_keras(model, filepath, include_optimizer=True):
    """Write ``model`` as a Keras 3 ``.keras`` file that ``keras.saving.load_model`` reads.

    Parameters
    ----------
    model : Model
        Built.
    filepath : str or path-like
    include_optimizer : bool, default True
        Write the compile settings and the optimizer's state too.

    Examples
    --------
    >>> import numpy as np
    >>> model = gn.Sequential([gn.Input((3,)), gn.layers.Dense(2, activation="relu"),
    ...                        gn.layers.Dense(1)])
    >>> model.compile(optimizer="adam", loss="mse")
    >>> model.save("model.keras")  # calls save_keras
    >>> import zipfile
    >>> sorted(zipfile.ZipFile("model.keras").namelist())
    ['config.json', 'metadata.json', 'model.weights.h5']
    """
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
    """A glassnet model from Keras's model config (``config.json`` or ``model.get_config``).

    Parameters
    ----------
    spec : dict
        ``{"class_name": "Sequential" or "Functional", "config": {...}}``.
    custom_objects : dict, optional
        Class name -> class, for layers of your own.

    Examples
    --------
    >>> import numpy as np
    >>> model = gn.Sequential([gn.Input((3,)), gn.layers.Dense(2, activation="relu"),
    ...                        gn.layers.Dense(1)])
    >>> from glassnet.interchange import keras_file
    >>> rebuilt = keras_file.model_from_keras_config(keras_file.model_config(model))
    >>> type(rebuilt).__name__, [layer.units for layer in rebuilt.layers]
    ('Sequential', [2, 1])
    """
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
    from ..layers.core import InputLayer, KerasTensor

    tensors, waiting = {}, []  # (layer, its calls not made yet), in the config's order
    for layer_spec in config["layers"]:
        layer = layer_from_keras(layer_spec, custom_objects=custom_objects)
        if isinstance(layer, InputLayer):
            tensors[(layer.name, 0)] = KerasTensor(layer.batch_input_shape, layer)
        else:
            waiting.append((layer, list(layer_spec.get("inbound_nodes", []))))
    # As Keras's functional_from_config: each layer's calls in order, each as soon as
    # its inputs exist (a layer used at several depths waits for the later ones).
    while any(nodes for _, nodes in waiting):
        progress = False
        for layer, nodes in waiting:
            while nodes and _node_ready(nodes[0], tensors):
                calls = sum(key[0] == layer.name for key in tensors)
                tensors[(layer.name, calls)] = layer(_node_inputs(nodes.pop(0), tensors,
                                                                  layer.name))
                progress = True
        if not progress:
            raise KerasConversionError(
                "The Keras model's graph cannot be rebuilt: the calls of layers "
                f"{[la.name for la, nodes in waiting if nodes]} need tensors no layer makes."
            )
    inputs = [tensors[(h[0], h[1])] for h in _histories(config["input_layers"])]
    outputs = [tensors[(h[0], h[1])] for h in _histories(config["output_layers"])]
    return Model(inputs=inputs if len(inputs) > 1 else inputs[0],
                 outputs=outputs if len(outputs) > 1 else outputs[0], name=config.get("name"))


def _histories(value):
    return [value] if value and isinstance(value[0], str) else list(value)


def _node_ready(node, tensors):
    """Whether every tensor the call ``node`` reads exists already."""
    args = node["args"][0] if node["args"] else []
    return all((a["config"]["keras_history"][0], a["config"]["keras_history"][1]) in tensors
               for a in (args if isinstance(args, list) else [args]))


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
    """Read a Keras 3 ``.keras`` file into a glassnet model (same predictions).

    Parameters
    ----------
    filepath : str or path-like
        A ``.keras`` file, written by Keras 3 or by glassnet.
    compile : bool, default True
        Restore the optimizer (and its state), the loss and the metrics.
    custom_objects : dict, optional
        Class name -> class, for layers of your own.

    Returns
    -------
    Model

    Examples
    --------
    >>> import numpy as np
    >>> model = gn.Sequential([gn.Input((3,)), gn.layers.Dense(2, activation="relu"),
    ...                        gn.layers.Dense(1)])
    >>> model.save("model.keras")
    >>> same = gn.models.load_model("model.keras")  # calls load_keras
    >>> x = np.ones((2, 3))
    >>> bool((same.predict(x, verbose=0) == model.predict(x, verbose=0)).all())
    True
    """
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
        model.compile(optimizer=optimizer_from_keras(compiled["optimizer"]),
                      loss=_each(compiled["loss"], loss_from_keras),
                      loss_weights=compiled.get("loss_weights"),
                      metrics=_each(compiled.get("metrics"), metric_from_keras),
                      weighted_metrics=_each(compiled.get("weighted_metrics"),
                                             metric_from_keras))
        optimizer_state_from_keras(model, layers, optimizer_arrays)
    return model


def _each(value, convert):
    """``convert`` applied inside Keras's structures: one item, a list (of lists) of
    them, or a dict keyed by output name (several outputs)."""
    if value is None:
        return None
    if isinstance(value, dict) and not {"class_name", "config"} <= set(value):
        return {name: _each(item, convert) for name, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_each(item, convert) for item in value]
    return convert(value)


__all__ = ["KerasConversionError", "load_keras", "save_keras", "model_config",
           "model_from_keras_config", "keras_layers"]
