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
}


def _keys(layers):
    return [(id(layer), name) for layer in layers if layer.trainable for name in layer.params]


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
    """Keras's optimizer variables for ``model``'s optimizer, or None before any step."""
    optimizer = getattr(model, "optimizer", None)
    if not model.compiled or optimizer.slots is None:
        return None
    model._collect_parameters()
    ours = dict(zip(_keys(model.trainable_layers), optimizer.slots))
    arrays = [np.array(optimizer.iterations, dtype=np.int64)]
    if _has_lr_variable(optimizer):
        arrays.append(np.array(optimizer.learning_rate, dtype=np.float32))
    for group in _groups(optimizer):
        for key in _keys(keras_order):
            slots = dict(zip(optimizer.slot_names, ours[key]))
            arrays.extend(slots[name] for name in group)
    return arrays


def optimizer_state_from_keras(model, keras_order, arrays):
    """Restore Keras's optimizer variables into ``model.optimizer`` (nothing if none)."""
    optimizer = model.optimizer
    keys = _keys(keras_order)
    groups = _groups(optimizer)
    head = 2 if _has_lr_variable(optimizer) else 1
    expected = head + len(keys) * sum(len(g) for g in groups)
    if len(arrays) <= head:  # saved before the first step: only the counter and rate
        return
    if len(arrays) != expected:
        raise KerasConversionError(
            f"The .keras file holds {len(arrays)} optimizer variables, but "
            f"{type(optimizer).__name__} with {len(keys)} trainable weights needs "
            f"{expected}. Load it with compile=False to skip the optimizer state."
        )
    slots = {key: {} for key in keys}
    flat = iter(arrays[head:])
    for group in groups:
        for key in keys:
            for name in group:
                slots[key][name] = np.asarray(next(flat))
    model._collect_parameters()
    state = [np.asarray(arrays[0])]
    for key in _keys(model.trainable_layers):
        state.extend(slots[key][name] for name in optimizer.slot_names)
    optimizer.set_state(state, model._params)
