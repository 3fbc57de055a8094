"""Adagrad: per-parameter learning rates from the sum of all past squared gradients."""

import numpy as np

from .base import Optimizer


class Adagrad(Optimizer):
    """Adagrad, as ``keras.optimizers.Adagrad`` (lr 0.001, accumulator starts at 0.1).

    Notes
    -----
    With the accumulator ``G`` starting at ``initial_accumulator_value``::

        G <- G + dW^2
        W <- W - lr * dW / sqrt(G + epsilon)
    """

    name = "adagrad"
    slot_names = ("G",)

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7,
                 **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.initial_accumulator_value = float(initial_accumulator_value)
        self.epsilon = float(epsilon)

    def build(self, params):
        self.slots = [[np.full_like(W, self.initial_accumulator_value)] for W in params]

    def update(self, W, dW, lr, G):
        G += np.square(dW)
        W -= lr * dW / np.sqrt(G + self.epsilon)

    def get_config(self):
        return {
            **super().get_config(),
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        }
