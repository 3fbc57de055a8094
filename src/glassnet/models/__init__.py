"""Models: Sequential, the functional Model, and loading saved models."""

from ..saving import load_model
from .functional import Model
from .sequential import Sequential
from .training import ModelStateError, NonFiniteLossWarning


def clone_model(model):
    """A new model with the same architecture and freshly initialized weights.

    As ``keras.models.clone_model``: the layers are rebuilt from their configs, so
    the clone shares nothing with ``model``; copy weights with
    ``clone.set_weights(model.get_weights())`` if you want them too.
    """
    return type(model).from_config(model.get_config())


__all__ = ["Model", "Sequential", "load_model", "clone_model", "ModelStateError",
           "NonFiniteLossWarning"]
