"""Optimizers, by name (``"sgd"``, ``"adam"``...) or as classes, with Keras defaults."""

from . import schedules
from .adagrad import Adagrad
from .adam import Adam
from .base import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

OPTIMIZERS = {"sgd": SGD, "adam": Adam, "rmsprop": RMSprop, "adagrad": Adagrad}


def get(identifier):
    """Return an ``Optimizer`` for a name, an instance or a config dict.

    Names are case-insensitive (``"adam"``, ``"Adam"``) and give the optimizer with
    its Keras defaults. A dict is ``{"name": "adam", "config": {...}}`` (what
    ``serialize`` writes) or Keras's ``{"class_name": "Adam", "config": {...}}``.
    """
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, dict):
        key = identifier.get("name", identifier.get("class_name", ""))
        cls = OPTIMIZERS.get(str(key).lower())
        if cls is not None:
            return cls.from_config(identifier.get("config", {}))
    if isinstance(identifier, str) and identifier.lower() in OPTIMIZERS:
        return OPTIMIZERS[identifier.lower()]()
    raise ValueError(
        f"Unknown optimizer {identifier!r}. Expected one of {sorted(OPTIMIZERS)} or a "
        "glassnet.optimizers.Optimizer instance, e.g. glassnet.optimizers.Adam(0.001)."
    )


def serialize(optimizer):
    """Return the JSON-ready config of an optimizer."""
    return {"name": type(optimizer).__name__.lower(), "config": optimizer.get_config()}


__all__ = ["Optimizer", "SGD", "Adam", "RMSprop", "Adagrad", "schedules", "get", "serialize"]
