"""Layers, as ``keras.layers``: Dense, activations, Dropout, BatchNormalization..."""

import contextlib

from .._registry import by_class_name
from .activation import ELU, Activation, LeakyReLU, ReLU, Softmax
from .base import Layer
from .core import Flatten, Input, InputLayer, KerasTensor
from .dense import Dense
from .dropout import Dropout
from .layer_normalization import LayerNormalization
from .merging import (
    Add,
    Average,
    Concatenate,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
    add,
    average,
    concatenate,
    maximum,
    minimum,
    multiply,
    subtract,
)
from .noise import GaussianDropout, GaussianNoise
from .normalization import BatchNormalization
from .prelu import PReLU
from .preprocessing import Normalization
from .rescaling import Rescaling
from .reshaping import Reshape

LAYERS = by_class_name(
    InputLayer, Dense, Activation, ReLU, LeakyReLU, ELU, PReLU, Softmax, Dropout,
    GaussianNoise, GaussianDropout, BatchNormalization, LayerNormalization, Normalization,
    Rescaling, Flatten, Reshape, Concatenate, Add, Subtract, Multiply, Average, Maximum,
    Minimum,
)


#: classes a model file may name besides glassnet's (``custom_object_scope``)
_CUSTOM_OBJECTS = {}


@contextlib.contextmanager
def custom_object_scope(custom_objects):
    """Let ``deserialize`` rebuild the layer classes named in ``custom_objects``.

    As ``keras.saving.custom_object_scope``: ``load_model(path, custom_objects=...)``
    reads a file inside one.

    Parameters
    ----------
    custom_objects : dict
        Class name (as the file holds it) -> layer class.

    Examples
    --------
    >>> import glassnet as gn
    >>> class Twice(gn.layers.Layer):
    ...     def call(self, A_prev, training=False):
    ...         return 2 * A_prev
    >>> with gn.layers.custom_object_scope({"Twice": Twice}):
    ...     layer = gn.layers.deserialize({"class_name": "Twice", "config": {}})
    >>> type(layer).__name__
    'Twice'
    """
    saved = dict(_CUSTOM_OBJECTS)
    _CUSTOM_OBJECTS.update(custom_objects or {})
    try:
        yield
    finally:
        _CUSTOM_OBJECTS.clear()
        _CUSTOM_OBJECTS.update(saved)


def serialize(layer):
    """Return ``{"class_name": ..., "config": ...}`` for a layer.

    A layer class of your own is saved by its name and ``get_config()``; loading it
    back needs ``custom_objects={"ClassName": ClassName}``, as in Keras.

    Parameters
    ----------
    layer : Layer

    Examples
    --------
    >>> import glassnet as gn
    >>> spec = gn.layers.serialize(gn.layers.Dense(3, name="hidden"))
    >>> spec["class_name"], spec["config"]["units"]
    ('Dense', 3)
    """
    if not isinstance(layer, Layer):
        raise TypeError(f"Expected a glassnet layer, but got {type(layer).__name__}.")
    return {"class_name": type(layer).__name__, "config": layer.get_config()}


def deserialize(spec, custom_objects=None):
    """Rebuild a layer from ``serialize``'s dict.

    Parameters
    ----------
    spec : dict
        ``{"class_name": ..., "config": ...}``.
    custom_objects : dict, optional
        Class name -> class, for layer classes of your own.

    Examples
    --------
    >>> import glassnet as gn
    >>> layer = gn.layers.deserialize({"class_name": "Dense", "config": {"units": 3}})
    >>> layer.units
    3
    """
    name = spec.get("class_name")
    known = {**LAYERS, **_CUSTOM_OBJECTS, **(custom_objects or {})}
    cls = known.get(name)
    if cls is None:
        raise ValueError(
            f"Unknown layer class {name!r} in the model file; expected one of "
            f"{sorted(LAYERS)}. For a layer class of your own pass "
            f"custom_objects={{{name!r}: {name}}} to load_model."
        )
    return cls.from_config(spec["config"])


__all__ = [*LAYERS, "Layer", "Input", "KerasTensor", "serialize", "deserialize", "add",
           "average", "concatenate", "maximum", "minimum", "multiply", "subtract",
           "custom_object_scope"]
