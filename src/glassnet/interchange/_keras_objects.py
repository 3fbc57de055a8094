"""Small objects in a Keras 3 config: dtypes, initializers, regularizers, activations,
optimizers, losses and metrics, translated both ways.

Keras writes an object as ``{"module", "class_name", "config", "registered_name"}``
(``serialization_lib.serialize_keras_object``); glassnet's classes carry Keras's class
names and argument names, so most of the translation is looking the class up by name
and dropping the Keras arguments glassnet has no use for while they hold their
defaults. Anything else is a ``KerasConversionError`` that names it.
"""

import inspect
import re

import numpy as np

#: Keras arguments glassnet does not have, with the value that makes them harmless.
KERAS_ONLY = {
    "kernel_constraint": None, "bias_constraint": None, "beta_constraint": None,
    "gamma_constraint": None, "alpha_constraint": None, "quantization_config": None,
    "lora_rank": None, "lora_alpha": None, "input_axes": None, "output_axes": None,
    "activity_regularizer": None, "noise_shape": None, "synchronized": False,
    "renorm": False, "renorm_clipping": None, "renorm_momentum": 0.99,
    "data_format": "channels_last", "sparse": False, "ragged": False, "optional": False,
    "use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None,
    "loss_scale_factor": None, "gradient_accumulation_steps": None, "axis": -1,
    "max_value": None, "threshold": 0.0, "negative_slope": 0.0, "label_smoothing": 0.0,
    "top_k": None, "class_id": None, "shared_object_id": None, "curve": "ROC",
    "summation_method": "interpolation", "multi_label": False, "num_labels": None,
    "label_weights": None, "from_logits": False,
}


class KerasConversionError(ValueError):
    """A Keras object (or a glassnet one) that the other library cannot represent.

    Examples
    --------
    >>> _ = open("notes.keras", "w").write("not a model")
    >>> gn.models.load_model("notes.keras")
    Traceback (most recent call last):
        ...
    glassnet.interchange._keras_objects.KerasConversionError: 'notes.keras' is not a Keras 3 ...
    """


def snake_case(name):
    """Keras's ``naming.to_snake_case``: ``LeakyReLU`` -> ``leaky_re_lu``."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def keras_object(module, class_name, config):
    return {"module": module, "class_name": class_name, "config": config,
            "registered_name": None}


def arguments(cls, config, what):
    """The part of a Keras ``config`` that ``cls`` takes; the rest must be harmless."""
    signature = {}  # the arguments of cls and of the base classes its **kwargs reach
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        parameters = inspect.signature(klass.__init__).parameters
        signature = {**parameters, **signature}
        if not any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
            break
    accepted = set(signature) - {"self", "kwargs"}
    kept = {}
    for key, value in config.items():
        if key in signature and value is None and signature[key].default is not None:
            continue  # Keras's None means "the default", e.g. Precision(thresholds=None)
        if key in accepted:
            kept[key] = value
        elif key == "dtype" and value in (None, "float32", "float64"):
            continue  # a metric's or loss's own dtype: glassnet follows the model's
        elif key in KERAS_ONLY and _same(value, KERAS_ONLY[key]):
            continue
        else:
            fix = (f"Set it to {KERAS_ONLY[key]!r} (its default) to convert the model."
                   if key in KERAS_ONLY else "")
            raise KerasConversionError(
                f"{what}: glassnet has no equivalent of the Keras argument {key}={value!r}. "
                f"{fix}".rstrip()
            )
    return kept


def _same(value, default):
    if isinstance(value, (list, tuple)) and not isinstance(default, (list, tuple)):
        return list(value) == [default]
    return value == default


def _class_and_config(value, what):
    if isinstance(value, str):
        return value, {}
    if isinstance(value, dict) and "class_name" in value:
        config = value.get("config") or {}
        return value["class_name"], config if isinstance(config, dict) else {"name": config}
    raise KerasConversionError(f"{what}: cannot read {value!r} as a Keras object.")


# --- dtype ----------------------------------------------------------------------------
def dtype_to_keras(dtype):
    return keras_object("keras", "DTypePolicy", {"name": dtype or "float32"})


def dtype_from_keras(value, what):
    name = value
    if isinstance(value, dict):
        name = (value.get("config") or {}).get("name")
    if name is None:
        return None
    if name not in ("float32", "float64"):
        raise KerasConversionError(
            f"{what}: glassnet computes in float32 or float64, not with the Keras dtype "
            f"policy {name!r}."
        )
    return name


# --- initializers and regularizers -------------------------------------------------------
def _by_class_name(table):
    return {cls.__name__: cls for cls in set(table.values())}


def initializer_to_keras(initializer, what):
    from .. import initializers

    if not isinstance(initializer, initializers.Initializer):
        raise KerasConversionError(f"{what}: the custom initializer {initializer!r} has no "
                                   "Keras name.")
    return keras_object("keras.initializers", type(initializer).__name__,
                        initializer.get_config())


def initializer_from_keras(value, what):
    from .. import initializers

    name, config = _class_and_config(value, what)
    table = _by_class_name(initializers.INITIALIZERS)
    cls = table.get(name) or initializers.INITIALIZERS.get(snake_case(name))
    if cls is None:
        raise KerasConversionError(f"{what}: glassnet has no initializer {name!r} "
                                   f"(it has {sorted(table)}).")
    return cls(**arguments(cls, config, f"{what} ({name})"))


def regularizer_to_keras(regularizer, what):
    if regularizer is None:
        return None
    return keras_object("keras.regularizers", type(regularizer).__name__,
                        regularizer.get_config())


def regularizer_from_keras(value, what):
    from .. import regularizers

    if value is None:
        return None
    name, config = _class_and_config(value, what)
    table = _by_class_name(regularizers.REGULARIZERS)
    cls = table.get(name) or regularizers.REGULARIZERS.get(name.lower())
    if cls is None:
        raise KerasConversionError(f"{what}: glassnet has no regularizer {name!r} "
                                   f"(it has {sorted(table)}).")
    return cls(**arguments(cls, config, f"{what} ({name})"))


# --- activations ----------------------------------------------------------------------
def activation_to_keras(activation, what):
    """Keras stores an activation by its function's name: only default settings fit."""
    from .. import activations

    default = type(activation)()
    if activation.get_config() != default.get_config():
        raise KerasConversionError(
            f"{what}: Keras stores an activation by name only, so {activation!r} (not "
            f"its defaults) cannot be written. Use the layer form instead (e.g. "
            "layers.LeakyReLU(negative_slope=...)) or the default settings."
        )
    if activation.name not in activations.ACTIVATIONS:
        raise KerasConversionError(f"{what}: the custom activation {activation!r} has no "
                                   "Keras name.")
    return activation.name


def activation_from_keras(value, what):
    from .. import activations

    name, config = _class_and_config(value, what)
    if name == "function" or isinstance(config.get("name"), str):
        name = config.get("name", name)  # {"class_name": "function", "config": "relu"}
    try:
        return activations.get(name)
    except ValueError:
        raise KerasConversionError(
            f"{what}: glassnet has no activation {name!r} (it has "
            f"{sorted(activations.ACTIVATIONS)})."
        ) from None


def convert_nested(config, what, to_keras):
    """Translate the nested objects of a layer config, recognised by their keys."""
    out = {}
    for key, value in config.items():
        if key == "activation":
            value = (activation_to_keras if to_keras else activation_from_keras)(
                _glassnet_activation(value) if to_keras else value, f"{what} activation")
        elif key.endswith("_initializer"):
            value = (initializer_to_keras if to_keras else initializer_from_keras)(
                _glassnet_object(value, "initializers") if to_keras else value,
                f"{what} {key}")
        elif key.endswith("_regularizer"):
            value = (regularizer_to_keras if to_keras else regularizer_from_keras)(
                _glassnet_object(value, "regularizers") if to_keras else value,
                f"{what} {key}")
        elif key == "dtype":
            value = dtype_to_keras(value) if to_keras else dtype_from_keras(value, what)
        out[key] = value
    return out


def _glassnet_activation(value):
    from .. import activations

    return activations.get(value)


def _glassnet_object(value, module):
    import importlib

    if value is None:
        return None
    return importlib.import_module(f"glassnet.{module}").get(value)


# --- optimizers -------------------------------------------------------------------------
def _optimizers_by_class():
    from .. import optimizers

    return _by_class_name(optimizers.OPTIMIZERS)


def optimizer_to_keras(optimizer):
    from ..optimizers import schedules

    name = type(optimizer).__name__
    if name not in _optimizers_by_class():
        raise KerasConversionError(f"The optimizer {optimizer!r} has no Keras equivalent.")
    try:
        config = optimizer.get_config()
    except ValueError as error:
        raise KerasConversionError(str(error)) from None
    lr = optimizer._learning_rate
    if isinstance(lr, schedules.LearningRateSchedule):
        config["learning_rate"] = keras_object("keras.optimizers.schedules",
                                               type(lr).__name__, lr.get_config())
    config.setdefault("name", optimizer.name)
    return {**keras_object("keras.optimizers", name, config), "registered_name": name}


def optimizer_from_keras(value):
    from ..optimizers import schedules

    name, config = _class_and_config(value, "The optimizer")
    table = _optimizers_by_class()
    cls = table.get(name) or {k.lower(): c for k, c in table.items()}.get(name.lower())
    if cls is None:
        raise KerasConversionError(f"glassnet has no optimizer {name!r} (it has "
                                   f"{sorted(table)}).")
    config = dict(config)
    lr = config.get("learning_rate")
    if isinstance(lr, dict):
        config["learning_rate"] = schedules.get(
            {"class_name": lr["class_name"], "config": lr.get("config", {})})
    elif lr is not None:  # Keras keeps it as float32: 0.01 -> 0.009999999776...
        config["learning_rate"] = float(str(np.float32(lr)))
    if config.get("name", "").lower() == cls.name.lower():
        config.pop("name")
    return cls(**arguments(cls, config, f"The optimizer {name}"))


# --- losses and metrics ------------------------------------------------------------------
def _named(identifier, module, what):
    """A loss or metric: its name when given by name, else its class and config."""
    if isinstance(identifier, str):
        return identifier
    config = identifier.get_config()
    return keras_object(f"keras.{module}", type(identifier).__name__, config)


def loss_to_keras(loss):
    from .. import losses

    if type(loss) not in set(losses.LOSSES.values()) or isinstance(loss, losses.HalfSquaredError):
        raise KerasConversionError(f"The loss {loss!r} has no Keras equivalent.")
    if loss.get_config() == type(loss)().get_config():
        return type(loss).name
    return _named(loss, "losses", "loss")


def loss_from_keras(value):
    from .. import losses

    if isinstance(value, str):
        return losses.get(value)
    name, config = _class_and_config(value, "The loss")
    cls = _by_class_name(losses.LOSSES).get(name)
    if cls is None:
        raise KerasConversionError(f"glassnet has no loss {name!r}.")
    config = {k: v for k, v in config.items() if not (k == "name" and v == cls.name)}
    return cls(**arguments(cls, config, f"The loss {name}"))


def metric_to_keras(metric):
    return metric if isinstance(metric, str) else _named(metric, "metrics", "metric")


def metric_from_keras(value):
    from .. import metrics

    if isinstance(value, str):
        return value
    name, config = _class_and_config(value, "The metric")
    cls = _by_class_name(metrics.METRICS).get(name)
    if cls is None:
        raise KerasConversionError(f"glassnet has no metric {name!r}.")
    return cls(**arguments(cls, config, f"The metric {name}"))
