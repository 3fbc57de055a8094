"""Layers, as ``keras.layers``: Dense, activations, Dropout, BatchNormalization..."""

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


def serialize(layer):
    """Return ``{"class_name": ..., "config": ...}`` for a built-in layer.

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
    if type(layer).__name__ not in LAYERS:
        raise ValueError(
            f"Cannot save the custom layer {type(layer).__name__}: only glassnet's "
            f"layers ({sorted(LAYERS)}) can be stored in a model file."
        )
    return {"class_name": type(layer).__name__, "config": layer.get_config()}


def deserialize(spec):
    """Rebuild a layer from ``serialize``'s dict.

    Parameters
    ----------
    spec : dict
        ``{"class_name": ..., "config": ...}``.

    Examples
    --------
    >>> import glassnet as gn
    >>> layer = gn.layers.deserialize({"class_name": "Dense", "config": {"units": 3}})
    >>> layer.units
    3
    """
    cls = LAYERS.get(spec.get("class_name"))
    if cls is None:
        raise ValueError(
            f"Unknown layer class {spec.get('class_name')!r} in the model file; "
            f"expected one of {sorted(LAYERS)}."
        )
    return cls.from_config(spec["config"])


__all__ = [*LAYERS, "Layer", "Input", "KerasTensor", "serialize", "deserialize", "add",
           "average", "concatenate", "maximum", "minimum", "multiply", "subtract"]
