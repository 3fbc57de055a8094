"""RMSprop: divide the gradient by a running root mean square of recent gradients."""

import numpy as np

from .base import Optimizer


class RMSprop(Optimizer):
    """RMSprop, as ``keras.optimizers.RMSprop`` (lr 0.001, rho 0.9, eps 1e-7).

    Notes
    -----
    With ``s`` (and ``g_avg`` when centered) starting at 0::

        s <- rho * s + (1 - rho) * dW^2
        g_avg <- rho * g_avg + (1 - rho) * dW             (centered only)
        denom = s + epsilon       (centered: s - g_avg^2 + epsilon)
        step = lr * dW / sqrt(denom)
        W <- W - step                                      (momentum = 0)
        u <- momentum * u + step;  W <- W - u              (momentum > 0)
    """

    name = "rmsprop"

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
                 centered=False, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.rho, self.momentum = float(rho), float(momentum)
        self.epsilon, self.centered = float(epsilon), bool(centered)
        names = ["s"]
        if self.centered:
            names.append("g_avg")
        if self.momentum:
            names.append("u")
        self.slot_names = tuple(names)

    def update(self, W, dW, lr, s, *rest):
        rest = list(rest)
        g_avg = rest.pop(0) if self.centered else None
        u = rest.pop(0) if self.momentum else None
        s *= self.rho
        s += (1.0 - self.rho) * np.square(dW)
        denom = s + self.epsilon
        if g_avg is not None:
            g_avg *= self.rho
            g_avg += (1.0 - self.rho) * dW
            denom -= np.square(g_avg)
        step = lr * dW / np.sqrt(denom)
        if u is not None:
            u *= self.momentum
            u += step
            step = u
        W -= step

    def get_config(self):
        return {
            **super().get_config(),
            "rho": self.rho,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "centered": self.centered,
        }
