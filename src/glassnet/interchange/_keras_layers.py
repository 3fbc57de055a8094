"""Layers in a Keras 3 config, and their weights, translated both ways.

A layer glassnet shares with Keras has the same class name, arguments and weight
order (Dense: kernel, bias; BatchNormalization: gamma, beta, moving_mean,
moving_variance; Normalization: mean, variance, count), so one entry in ``LAYERS``
is all a new shared layer needs. Nested objects (activations, initializers,
regularizers, the dtype) are recognised by their argument names.
"""

import numpy as np

from ._keras_objects import (
    KerasConversionError,
    arguments,
    convert_nested,
    dtype_from_keras,
    dtype_to_keras,
)

#: Keras layer class name -> glassnet layer class name.
LAYERS = {
    "InputLayer": "InputLayer",
    "Dense": "Dense",
    "Activation": "Activation",
    "ReLU": "ReLU",
    "LeakyReLU": "LeakyReLU",
    "ELU": "ELU",
    "Softmax": "Softmax",
    "Dropout": "Dropout",
    "BatchNormalization": "BatchNormalization",
    "Normalization": "Normalization",
    "Flatten": "Flatten",
    "Concatenate": "Concatenate",
    "Add": "Add",
    "Multiply": "Multiply",
    "Subtract": "Subtract",
    "Average": "Average",
    "Maximum": "Maximum",
    "Minimum": "Minimum",
    "PReLU": "PReLU",
    "LayerNormalization": "LayerNormalization",
    "Rescaling": "Rescaling",
    "Reshape": "Reshape",
    "GaussianNoise": "GaussianNoise",
    "GaussianDropout": "GaussianDropout",
}

#: Weights Keras keeps in another dtype than the layer's.
WEIGHT_DTYPES = {"count": np.int32}


def _glassnet_classes():
    from .. import layers

    return {keras: getattr(layers, ours) for keras, ours in LAYERS.items()}


def keras_class_name(layer):
    """The Keras class of a glassnet layer, or a clear error."""
    name = type(layer).__name__
    ours = {v: k for k, v in LAYERS.items()}
    if name not in ours or type(layer) is not _glassnet_classes()[ours[name]]:
        raise KerasConversionError(
            f"Layer '{layer.name}' ({name}) has no Keras equivalent that glassnet can "
            f"write; the layers that convert are {sorted(LAYERS)}."
        )
    return ours[name]


def layer_to_keras(layer):
    """``{"module", "class_name", "config", "registered_name", "build_config"}``."""
    class_name = keras_class_name(layer)
    dtype = layer.dtype or "float32"
    if class_name == "InputLayer":
        config = {"batch_shape": [None, *layer.shape], "dtype": dtype, "sparse": False,
                  "ragged": False, "name": layer.name, "optional": False}
        return {"module": "keras.layers", "class_name": class_name, "config": config,
                "registered_name": None}
    config = dict(layer.get_config())
    config.pop("input_shape", None)  # Keras keeps it in an InputLayer
    config = convert_nested(config, f"Layer '{layer.name}'", to_keras=True)
    config["dtype"] = dtype_to_keras(dtype)
    spec = {"module": "keras.layers", "class_name": class_name, "config": config,
            "registered_name": None}
    if layer.built and layer.input_shape is not None:
        spec["build_config"] = {"input_shape": _shape_list(layer.input_shape)}
    return spec


def _shape_list(shape):
    if isinstance(shape, list):
        return [list(s) for s in shape]
    return list(shape)


def layer_from_keras(spec, dtype=None, custom_objects=None):
    """A glassnet layer from one entry of a Keras config's ``layers``.

    A class named in ``custom_objects`` (by class name or Keras's registered name)
    is rebuilt with its ``from_config`` from the translated config.
    """
    class_name = spec.get("class_name")
    config = spec.get("config") or {}
    what = f"Keras layer '{config.get('name', class_name)}' ({class_name})"
    custom = custom_objects or {}
    cls = custom.get(spec.get("registered_name")) or custom.get(class_name)
    if cls is not None:
        return cls.from_config(convert_nested(config, what, to_keras=False))
    classes = _glassnet_classes()
    if class_name not in classes or spec.get("registered_name") not in (None, class_name):
        raise KerasConversionError(
            f"{what} has no glassnet equivalent; the layers that convert are "
            f"{sorted(LAYERS)}."
        )
    cls = classes[class_name]
    if class_name == "InputLayer":
        shape = config.get("batch_shape") or [None, *config.get("shape", [])]
        if shape[0] is not None and len(shape) == 1:
            shape = [None, *shape]
        return cls(shape=tuple(shape[1:]), name=config.get("name"),
                   dtype=dtype_from_keras(config.get("dtype"), what))
    config = convert_nested(config, what, to_keras=False)
    if config.get("dtype") is None:
        config.pop("dtype", None)
    if dtype is not None:
        config["dtype"] = dtype
    return cls(**arguments(cls, config, what))


def weight_names(layer):
    """Names of ``layer.weights``, in their order (trainable first, as Keras)."""
    return [*layer.params, *layer.state]


def weights_to_keras(layer):
    """The layer's weights as Keras stores them (same order; Keras's dtypes)."""
    return [np.asarray(w, dtype=WEIGHT_DTYPES.get(name, w.dtype))
            for name, w in zip(weight_names(layer), layer.weights)]


def weights_from_keras(layer, arrays, path):
    """Copy Keras's arrays for ``layer`` into it, with a clear error on a mismatch."""
    names = weight_names(layer)
    if len(arrays) != len(names):
        raise KerasConversionError(
            f"The Keras file holds {len(arrays)} weight arrays for layer '{layer.name}' "
            f"(at {path!r}), but glassnet's {type(layer).__name__} has {len(names)} "
            f"({names})."
        )
    layer.set_weights([np.asarray(a, dtype=w.dtype) for a, w in zip(arrays, layer.weights)])
