"""Models: the Model base, Sequential, the functional model, and loading saved models."""

from .._registry import by_class_name
from ..saving import load_model
from .functional import Functional
from .model import Model, ModelStateError, NonFiniteLossWarning
from .sequential import Sequential

#: the model classes by the name model files give them ("Model": files written
#: before the functional class had its own name)
MODELS = {**by_class_name(Sequential, Functional), "Model": Functional}


def clone_model(model):
    """A new model with the same architecture and freshly initialized weights.

    As ``keras.models.clone_model``: the layers are rebuilt from their configs, so
    the clone shares nothing with ``model``; copy weights with
    ``clone.set_weights(model.get_weights())`` if you want them too.

    Parameters
    ----------
    model : Sequential or functional Model

    Returns
    -------
    Model
        Not compiled, as in Keras.

    Examples
    --------
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(3, input_shape=(2,))])
    >>> clone = gn.models.clone_model(model)
    >>> clone.count_params() == model.count_params(), clone is model
    (True, False)
    """
    return type(model).from_config(model.get_config())


__all__ = ["Model", "Sequential", "Functional", "load_model", "clone_model",
           "ModelStateError", "NonFiniteLossWarning"]
