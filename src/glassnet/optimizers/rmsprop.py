"""RMSprop: divide the gradient by a running root mean square of recent gradients."""

import numpy as np

from .. import _arguments
from .base import Optimizer, check_float


class RMSprop(Optimizer):
    """RMSprop, as ``keras.optimizers.RMSprop`` (Hinton, 2012).

    Parameters
    ----------
    learning_rate : float or schedule, default 0.001
    rho : float in [0, 1), default 0.9
        Decay rate of the running mean of squared gradients ``s``.
    momentum : float in [0, 1], default 0.0
        If > 0, steps accumulate in a velocity ``u`` (plain momentum).
    epsilon : float >= 0, default 1e-7
    centered : bool, default False
        Divide by an estimate of the gradient's variance instead of its second moment.
    **kwargs
        ``weight_decay``, ``clipnorm``, ``clipvalue``, ``global_clipnorm``, ``name``.

    Notes
    -----
    With ``s`` (and ``g_avg`` when centered, ``u`` with momentum) starting at 0::

        s <- rho * s + (1 - rho) * dW^2
        g_avg <- rho * g_avg + (1 - rho) * dW             (centered only)
        denom = s + epsilon       (centered: s - g_avg^2 + epsilon)
        step = lr * dW / sqrt(denom)
        W <- W - step                                      (momentum = 0)
        u <- momentum * u + step;  W <- W - u              (momentum > 0)

    Examples
    --------
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(1, input_shape=(3,))])
    >>> model.compile(optimizer=gn.optimizers.RMSprop(learning_rate=0.01, rho=0.9), loss="mse")
    """

    name = "rmsprop"

    def __init__(self, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
                 centered=False, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.rho = check_float("RMSprop", "rho", rho, 0, 1, high_open=True)
        self.momentum = check_float("RMSprop", "momentum", momentum, 0, 1)
        self.epsilon = check_float("RMSprop", "epsilon", epsilon, 0)
        self.centered = _arguments.flag(centered, "centered", "RMSprop")
        names = ["s"]
        if self.centered:
            names.append("g_avg")
        if self.momentum:
            names.append("u")
        self.slot_names = tuple(names)

    def update(self, W, dW, lr, s, *rest):
        g_avg = rest[0] if self.centered else None
        u = rest[-1] if self.momentum else None
        scratch = np.square(dW)                               # s <- rho s + (1-rho) dW^2
        scratch *= 1.0 - self.rho
        s *= self.rho
        s += scratch
        if g_avg is not None:                                 # g_avg <- rho g + (1-rho) dW
            np.multiply(dW, 1.0 - self.rho, out=scratch)
            g_avg *= self.rho
            g_avg += scratch
            np.square(g_avg, out=scratch)                     # denom = s - g_avg^2 + eps
            np.subtract(s, scratch, out=scratch)
            scratch += self.epsilon
        else:
            np.add(s, self.epsilon, out=scratch)              # denom = s + eps
        np.sqrt(scratch, out=scratch)                         # step = lr dW / sqrt(denom)
        np.divide(dW, scratch, out=scratch)
        scratch *= lr
        if u is not None:
            u *= self.momentum
            u += scratch
            W -= u
        else:
            W -= scratch

    def get_config(self):
        return {
            **super().get_config(),
            "rho": self.rho,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "centered": self.centered,
        }
