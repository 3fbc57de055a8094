"""Models: the Model base, Sequential, the functional model, and loading saved models."""

from .._registry import by_class_name
from ..saving import load_model
from .functional import Functional
from .model import Model, ModelStateError, NonFiniteLossWarning
from .sequential import Sequential

#: the model classes by the name model files give them ("Model": files written
#: before the functional class had its own name)
MODELS = {**by_class_name(Sequential, Functional), "Model": Functional}


def model_from_json(json_string, custom_objects=None):
    """A model (new weights) from the JSON of ``model.to_json()``, as Keras's.

    Reads glassnet's JSON and Keras 3's (``keras_model.to_json()``).

    Parameters
    ----------
    json_string : str
    custom_objects : dict, optional
        Class name -> class, for layer classes of your own.

    Examples
    --------
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.Input(shape=(3,)), gn.layers.Dense(2)])
    >>> gn.models.model_from_json(model.to_json()).count_params()
    8
    """
    import json

    spec = json.loads(json_string)
    if not isinstance(spec, dict) or "config" not in spec:
        raise ValueError("model_from_json expects the JSON of model.to_json(): an object "
                         "with 'class_name' and 'config'.")
    if "module" in spec:  # Keras's to_json
        from ..interchange.keras_file import model_from_keras_config

        return model_from_keras_config(spec, custom_objects)
    return Model.from_config(spec["config"], custom_objects)


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


__all__ = ["Model", "Sequential", "Functional", "load_model", "model_from_json", "clone_model",
           "ModelStateError", "NonFiniteLossWarning"]
