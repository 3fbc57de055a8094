"""Stochastic gradient descent, with optional (Nesterov) momentum."""

import numpy as np

from .base import Optimizer, check_float


class SGD(Optimizer):
    """Gradient descent, as ``keras.optimizers.SGD``.

    Parameters
    ----------
    learning_rate : float or schedule, default 0.01
    momentum : float in [0, 1], default 0.0
        0 is plain gradient descent.
    nesterov : bool, default False
    **kwargs
        ``weight_decay``, ``clipnorm``, ``clipvalue``, ``global_clipnorm``, ``name``
        (see ``Optimizer``).

    Notes
    -----
    Without momentum: ``W <- W - lr * dW``.

    With momentum ``mu`` (velocity ``v`` starts at 0)::

        v <- mu * v - lr * dW
        W <- W + v                       (nesterov=False)
        W <- W + mu * v - lr * dW        (nesterov=True)
    """

    name = "SGD"

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.momentum = check_float("SGD", "momentum", momentum, 0, 1)
        self.nesterov = bool(nesterov)
        self.slot_names = ("velocity",) if self.momentum else ()

    def update(self, W, dW, lr, *slots):
        step = np.multiply(dW, lr)  # lr * dW, the one scratch array
        if not self.momentum:
            W -= step
            return
        (v,) = slots
        v *= self.momentum
        v -= step
        if self.nesterov:
            W -= step
            W += np.multiply(v, self.momentum, out=step)
        else:
            W += v

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
