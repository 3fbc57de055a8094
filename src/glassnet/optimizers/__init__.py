"""Optimizers, by name (``"sgd"``, ``"adam"``...) or as classes, with Keras defaults."""

from .._registry import lookup, registry
from . import schedules, vector  # noqa: F401  (vector.pack: fit packs the parameters)
from .adagrad import Adagrad
from .adam import Adam, AdamW
from .adamax import Adamax
from .base import SGD, Optimizer
from .lion import Lion
from .nadam import Nadam
from .rmsprop import RMSprop

OPTIMIZERS = registry(SGD, Adam, AdamW, RMSprop, Adagrad, Nadam, Adamax, Lion)


def get(identifier):
    """Return an ``Optimizer`` for a name, an instance or a config dict.

    Names are case-insensitive (``"adam"``, ``"Adam"``) and give the optimizer with
    its Keras defaults. A dict is ``{"name": "adam", "config": {...}}`` (what
    ``serialize`` writes) or Keras's ``{"class_name": "Adam", "AdamW", "config": {...}}``.

    Parameters
    ----------
    identifier : str, dict or Optimizer
        A name (``"sgd"``, ``"adam"``, ...; any case), a config dict as ``serialize``
        returns, or an instance (returned as it is).

    Examples
    --------
    >>> import glassnet as gn
    >>> type(gn.optimizers.get("rmsprop")).__name__
    'RMSprop'
    """
    return lookup(identifier, OPTIMIZERS, Optimizer, "optimizer", "glassnet.optimizers")


def serialize(optimizer):
    """Return the JSON-ready config of an optimizer.

    Parameters
    ----------
    optimizer : Optimizer

    Examples
    --------
    >>> import glassnet as gn
    >>> config = gn.optimizers.serialize(gn.optimizers.SGD(0.1, momentum=0.9))
    >>> config["config"]["momentum"]
    0.9
    """
    return {"name": type(optimizer).name.lower(), "config": optimizer.get_config()}


__all__ = ["Optimizer", *(cls.__name__ for cls in OPTIMIZERS.values()), "schedules", "get",
           "serialize"]
