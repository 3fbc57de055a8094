"""The Optimizer base class: learning rate, clipping, state, and the step counter.

An optimizer updates a list of parameter arrays ``params`` in place from the
matching gradients ``grads``. Its state (momentums, moment estimates...) is a list
of arrays per parameter, aligned with ``params``; ``iterations`` counts the steps.
"""

import math

import numpy as np

from . import schedules


class Optimizer:
    """Base class.

    Parameters
    ----------
    learning_rate : float or LearningRateSchedule or callable(step) -> float
    clipnorm : float, optional
        Rescale each gradient whose L2 norm exceeds this.
    clipvalue : float, optional
        Clip each gradient element to ``[-clipvalue, clipvalue]``.
    """

    name = "optimizer"
    slot_names = ()

    def __init__(self, learning_rate=0.001, clipnorm=None, clipvalue=None, name=None, **kwargs):
        if kwargs:
            raise TypeError(
                f"{type(self).__name__} got unexpected keyword argument(s) {sorted(kwargs)}."
            )
        self._learning_rate = None
        self.learning_rate = learning_rate
        for label, value in (("clipnorm", clipnorm), ("clipvalue", clipvalue)):
            if value is not None and not (value > 0):
                raise ValueError(f"{label} must be a positive number, but got {value!r}.")
        self.clipnorm, self.clipvalue = clipnorm, clipvalue
        if name is not None:
            self.name = name
        self.iterations = 0
        self.slots = None  # one list of state arrays per parameter, once built

    # --- learning rate --------------------------------------------------------
    @property
    def learning_rate(self):
        """The learning rate used by the next step (a schedule evaluated now)."""
        return self.current_learning_rate()

    @learning_rate.setter
    def learning_rate(self, value):
        if isinstance(value, schedules.LearningRateSchedule) or callable(value):
            self._learning_rate = value
            return
        try:
            value = float(value)
        except (TypeError, ValueError):
            value = float("nan")
        if not math.isfinite(value) or value < 0:
            raise ValueError(
                f"{type(self).__name__} expects learning_rate to be a number >= 0 or a "
                f"schedule, but got {value!r}."
            )
        self._learning_rate = value

    def current_learning_rate(self):
        lr = self._learning_rate
        return float(lr(self.iterations)) if callable(lr) else lr

    # --- the update -----------------------------------------------------------
    def build(self, params):
        """Create the state arrays for ``params`` (zeros unless a rule says so)."""
        self.slots = [[np.zeros_like(W) for _ in self.slot_names] for W in params]

    def apply(self, params, grads):
        """One step: update every ``params[i]`` in place from ``grads[i]``."""
        if self.slots is None or len(self.slots) != len(params):
            self.build(params)
        lr = self.current_learning_rate()
        for W, dW, slots in zip(params, grads, self.slots):
            if self.clipvalue is not None or self.clipnorm is not None:
                dW = self.clip(dW)
            self.update(W, dW, lr, *slots)
        self.iterations += 1

    def apply_gradients(self, grads_and_vars):
        """Keras-style ``apply_gradients(zip(grads, params))``."""
        grads, params = zip(*grads_and_vars)
        self.apply(list(params), list(grads))

    def update(self, W, dW, lr, *slots):
        """Update one parameter ``W`` in place (the rule of each optimizer)."""
        raise NotImplementedError

    def clip(self, dW):
        if self.clipvalue is not None:
            dW = np.clip(dW, -self.clipvalue, self.clipvalue)
        if self.clipnorm is not None:
            norm = float(np.sqrt((dW * dW).sum()))
            if norm > self.clipnorm:
                dW = dW * (self.clipnorm / norm)
        return dW

    # --- saving -------------------------------------------------------------
    def get_state(self):
        """Return ``[iterations, slot arrays...]``, parameter by parameter."""
        arrays = [np.array(self.iterations, dtype=np.int64)]
        for slots in self.slots or []:
            arrays.extend(slots)
        return arrays

    def set_state(self, arrays, params):
        """Restore what ``get_state`` returned, for the same ``params``."""
        self.build(params)
        arrays = list(arrays)
        expected = 1 + sum(len(s) for s in self.slots)
        if len(arrays) != expected:
            raise ValueError(
                f"{type(self).__name__} state holds {len(arrays)} arrays, but this "
                f"model needs {expected}."
            )
        self.iterations = int(arrays[0])
        flat = iter(arrays[1:])
        for slots in self.slots:
            for target in slots:
                target[...] = next(flat)

    def get_config(self):
        lr = self._learning_rate
        if isinstance(lr, schedules.LearningRateSchedule):
            lr = schedules.serialize(lr)
        elif callable(lr):
            raise ValueError(
                "Cannot save a learning rate given as a plain function: use a "
                "glassnet.optimizers.schedules schedule, or a number."
            )
        config = {"learning_rate": lr}
        if self.clipnorm is not None:
            config["clipnorm"] = self.clipnorm
        if self.clipvalue is not None:
            config["clipvalue"] = self.clipvalue
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = schedules.get(config["learning_rate"])
        return cls(**config)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"
