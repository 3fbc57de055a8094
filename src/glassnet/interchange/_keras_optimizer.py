"""An optimizer's state in a ``.keras`` file, in Keras's order.

Keras keeps ``iterations``, then ``learning_rate`` (when it is a number), then the
slots: for each group of slot names, every trainable variable's slots of that group,
interleaved (``add_optimizer_variables``): Adam writes ``m, v`` of the first
variable, ``m, v`` of the second..., then (amsgrad) every ``v_hat``.
"""

import numpy as np

from ._keras_objects import KerasConversionError

#: glassnet optimizer class -> its slot names grouped as Keras creates them.
SLOT_GROUPS = {
    "SGD": [("velocity",)],
    "Adam": [("m", "v"), ("v_hat",)],
    "AdamW": [("m", "v"), ("v_hat",)],
    "RMSprop": [("s",), ("u",), ("g_avg",)],
    "Adagrad": [("G",)],
    "Nadam": [("m", "v")],
    "Adamax": [("m", "u")],
    "Lion": [("m",)],
}

#: variables Keras keeps after the slots, computed from glassnet's step counter
#: (Nadam's running product of the momentum schedule, mu_1 ... mu_t)
TAILS = {
    "Nadam": lambda opt: [np.array(opt._momentum_product(opt.iterations)
                                   if opt.iterations else 1.0)],
}


def _keys(layers):
    """``"layer/param"`` of each trainable weight of ``layers``, in their order: the
    keys the optimizer keeps its state under (``model.trainable_parameters``)."""
    return [f"{layer.name}/{name}" for layer in layers if layer.trainable
            for name in layer.params]


def _groups(optimizer):
    groups = SLOT_GROUPS.get(type(optimizer).__name__)
    if groups is None:
        raise KerasConversionError(
            f"glassnet does not know how Keras lays out the state of {optimizer!r}; "
            "save with include_optimizer=False."
        )
    present = set(optimizer.slot_names)
    return [tuple(n for n in group if n in present) for group in groups
            if any(n in present for n in group)]


def _has_lr_variable(optimizer):
    return not callable(optimizer._learning_rate)


def optimizer_state_to_keras(model, keras_order):
    """Keras's optimizer variables for ``model``'s optimizer (None if not compiled).

    Before the first step the slots are their starting values (``new_slots``), as
    Keras builds them on loading.
    """
    if not model.compiled:
        return None
    optimizer = model.optimizer
    slots_of = dict(optimizer.slots or {})
    for key, W, _ in model.trainable_parameters():
        if key not in slots_of:
            slots_of[key] = optimizer.new_slots(W)
    arrays = [np.array(optimizer.iterations, dtype=np.int64)]
    if _has_lr_variable(optimizer):
        arrays.append(np.array(optimizer.learning_rate, dtype=np.float32))
    for group in _groups(optimizer):
        for key in _keys(keras_order):
            slots = dict(zip(optimizer.slot_names, slots_of[key]))
            arrays.extend(slots[name] for name in group)
    return arrays + TAILS.get(type(optimizer).__name__, lambda opt: [])(optimizer)


def optimizer_state_from_keras(model, keras_order, arrays):
    """Restore Keras's optimizer variables into ``model.optimizer`` (nothing if none)."""
    optimizer = model.optimizer
    keys = _keys(keras_order)
    groups = _groups(optimizer)
    head = 2 if _has_lr_variable(optimizer) else 1
    tail = len(TAILS.get(type(optimizer).__name__, lambda opt: [])(optimizer))
    expected = head + len(keys) * sum(len(g) for g in groups) + tail
    if len(arrays) <= head:  # saved before the first step: only the counter and rate
        return
    if len(arrays) != expected:
        raise KerasConversionError(
            f"The .keras file holds {len(arrays)} optimizer variables, but "
            f"{type(optimizer).__name__} with {len(keys)} trainable weights needs "
            f"{expected}. Load it with compile=False to skip the optimizer state."
        )
    state = {"iterations": np.asarray(arrays[0])}
    flat = iter(arrays[head:len(arrays) - tail])  # the tail follows from iterations
    for group in groups:
        for key in keys:
            for name in group:
                state[f"{key}/{name}"] = np.asarray(next(flat))
    optimizer.set_state(state, model.trainable_parameters())
