"""Adam: adaptive moment estimation (Kingma & Ba, 2015), as Keras computes it."""

import math

import numpy as np

from .. import _arguments
from .base import Optimizer, check_float


class Adam(Optimizer):
    """Adam, as ``keras.optimizers.Adam``.

    Parameters
    ----------
    learning_rate : float or schedule, default 0.001
    beta_1 : float in [0, 1), default 0.9
        Decay rate of the first-moment (mean) estimate ``m``.
    beta_2 : float in [0, 1), default 0.999
        Decay rate of the second-moment estimate ``v``.
    epsilon : float >= 0, default 1e-7
        Added to ``sqrt(v)`` (the paper's "epsilon hat").
    amsgrad : bool, default False
        Divide by the running maximum of ``v`` (Reddi et al., 2018).
    **kwargs
        ``weight_decay``, ``clipnorm``, ``clipvalue``, ``global_clipnorm``, ``name``.

    Notes
    -----
    At step ``t = iterations + 1``, with ``m`` and ``v`` starting at 0::

        m <- m + (1 - beta_1) (dW - m)
        v <- v + (1 - beta_2) (dW^2 - v)
        alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
        W <- W - alpha * m / (sqrt(v) + epsilon)

    With ``amsgrad=True``, ``v_hat <- max(v_hat, v)`` replaces ``v`` in the last line.

    Examples
    --------
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(1, input_shape=(3,))])
    >>> model.compile(optimizer=gn.optimizers.Adam(learning_rate=0.01), loss="mse")
    """

    name = "adam"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = check_float("Adam", "beta_1", beta_1, 0, 1, high_open=True)
        self.beta_2 = check_float("Adam", "beta_2", beta_2, 0, 1, high_open=True)
        self.epsilon = check_float("Adam", "epsilon", epsilon, 0)
        self.amsgrad = _arguments.flag(amsgrad, "amsgrad", "Adam")
        self.slot_names = ("m", "v", "v_hat") if self.amsgrad else ("m", "v")

    def update(self, W, dW, lr, m, v, v_hat=None):
        t = self.iterations + 1
        alpha = lr * math.sqrt(1.0 - self.beta_2**t) / (1.0 - self.beta_1**t)
        scratch = np.subtract(dW, m)                          # dW - m
        scratch *= 1.0 - self.beta_1
        m += scratch
        np.square(dW, out=scratch)                            # dW^2 - v
        scratch -= v
        scratch *= 1.0 - self.beta_2
        v += scratch
        if v_hat is not None:
            np.maximum(v_hat, v, out=v_hat)
            v = v_hat
        np.sqrt(v, out=scratch)                               # alpha m / (sqrt(v) + eps)
        scratch += self.epsilon
        np.divide(m, scratch, out=scratch)
        scratch *= alpha
        W -= scratch

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "amsgrad": self.amsgrad,
        }


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter), as ``keras.optimizers.AdamW``.

    The same update as ``Adam``, after ``W <- W - lr * weight_decay * W`` at each step
    (default ``weight_decay=0.004``, as Keras).

    Parameters
    ----------
    learning_rate : float or schedule
    weight_decay : float
        The decay rate ``λ`` in ``W <- W - lr λ W``.
    **kwargs
        Adam's ``beta_1``, ``beta_2``, ``epsilon``, ``amsgrad`` and the common
        optimizer arguments.

    Examples
    --------
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(1, input_shape=(3,))])
    >>> model.compile(optimizer=gn.optimizers.AdamW(learning_rate=0.01, weight_decay=0.01),
    ...               loss="mse")
    """

    name = "adamw"

    def __init__(self, learning_rate=0.001, weight_decay=0.004, **kwargs):
        super().__init__(learning_rate, weight_decay=weight_decay, **kwargs)
