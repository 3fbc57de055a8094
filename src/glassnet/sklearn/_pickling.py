"""Pickling a fitted estimator without the arrays its layers keep from the last pass.

Each glassnet layer keeps ``A_prev``, ``Z``, ``A`` (and ``dZ``) from its last
forward/backward pass, for ``explain`` and the diagnostics. Pickled as they are,
they would make a fitted estimator many times larger than its weights after a
``predict`` on a large X. So a model the estimator built itself is pickled as what
``glassnet.saving`` writes to a model file: its config, weights, compile settings
and optimizer state, and rebuilt from them: same predictions, and ``partial_fit``
continues exactly where it stopped. A model from the user's ``model`` function is
pickled as it is (its layers may be the user's own classes).
"""

from .. import losses, optimizers
from ..models import Sequential


def model_to_state(model):
    """Return a plain dict (config, arrays) from which ``model_from_state`` rebuilds ``model``."""
    optimizer = model.optimizer
    return {
        "config": model.get_config(),
        "weights": model.get_weights(),
        "optimizer": optimizers.serialize(optimizer),
        "optimizer_state": None if optimizer.slots is None else optimizer.get_state(),
        "loss": losses.serialize(model.loss),
    }


def model_from_state(state):
    """Rebuild and compile the ``Sequential`` model ``model_to_state`` described."""
    model = Sequential.from_config(state["config"])
    model.set_weights(state["weights"])
    model.compile(optimizer=optimizers.get(state["optimizer"]),
                  loss=losses.get(state["loss"]))
    if state["optimizer_state"] is not None:
        model._collect_parameters()
        model.optimizer.set_state(state["optimizer_state"], model._params)
    return model
