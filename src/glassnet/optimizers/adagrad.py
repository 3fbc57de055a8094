"""Adagrad: per-parameter learning rates from the sum of all past squared gradients."""

import numpy as np

from .base import Optimizer, check_float


class Adagrad(Optimizer):
    """Adagrad, as ``keras.optimizers.Adagrad`` (Duchi et al., 2011).

    Parameters
    ----------
    learning_rate : float or schedule, default 0.001
        Adagrad usually wants a larger one (the paper's form uses 1.0).
    initial_accumulator_value : float >= 0, default 0.1
        Starting value of the accumulator ``G``.
    epsilon : float >= 0, default 1e-7
    **kwargs
        ``weight_decay``, ``clipnorm``, ``clipvalue``, ``global_clipnorm``, ``name``.

    Notes
    -----
    With the accumulator ``G`` starting at ``initial_accumulator_value``::

        G <- G + dW^2
        W <- W - lr * dW / sqrt(G + epsilon)

    Examples
    --------
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(1, input_shape=(3,))])
    >>> model.compile(optimizer=gn.optimizers.Adagrad(learning_rate=0.1), loss="mse")
    """

    name = "adagrad"
    slot_names = ("G",)

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.initial_accumulator_value = check_float(
            "Adagrad", "initial_accumulator_value", initial_accumulator_value, 0
        )
        self.epsilon = check_float("Adagrad", "epsilon", epsilon, 0)

    def new_slots(self, W):
        return [np.full_like(W, self.initial_accumulator_value)]

    def update(self, W, dW, lr, G):
        scratch = np.square(dW)
        G += scratch                                          # G <- G + dW^2
        np.add(G, self.epsilon, out=scratch)                  # lr dW / sqrt(G + eps)
        np.sqrt(scratch, out=scratch)
        np.divide(dW, scratch, out=scratch)
        scratch *= lr
        W -= scratch

    def get_config(self):
        return {
            **super().get_config(),
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        }
