"""Adamax: Adam with the infinity norm (Kingma & Ba, 2015, section 7.1), as Keras."""

import numpy as np

from .base import Optimizer, check_float


class Adamax(Optimizer):
    """Adamax, as ``keras.optimizers.Adamax``.

    Parameters
    ----------
    learning_rate : float or schedule, default 0.001
    beta_1 : float in [0, 1), default 0.9
    beta_2 : float in [0, 1), default 0.999
        Decay of the running maximum ``u`` of ``|dW|``.
    epsilon : float >= 0, default 1e-7
    **kwargs
        ``weight_decay``, ``clipnorm``, ``clipvalue``, ``global_clipnorm``, ``name``.

    Notes
    -----
    At step ``t = iterations + 1``, with ``m`` and ``u`` starting at 0::

        m <- m + (1 - beta_1) (dW - m)
        u <- max(beta_2 u, |dW|)
        W <- W - lr m / ((1 - beta_1^t) (u + epsilon))

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.optimizers.get("adamax").get_config()["learning_rate"]
    0.001
    """

    name = "adamax"
    slot_names = ("m", "u")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = check_float("Adamax", "beta_1", beta_1, 0, 1, high_open=True)
        self.beta_2 = check_float("Adamax", "beta_2", beta_2, 0, 1, high_open=True)
        self.epsilon = check_float("Adamax", "epsilon", epsilon, 0)

    def update(self, W, dW, lr, m, u):
        t = self.iterations + 1
        scratch = np.subtract(dW, m)                          # m += (1 - b1)(dW - m)
        scratch *= 1.0 - self.beta_1
        m += scratch
        u *= self.beta_2                                      # u = max(b2 u, |dW|)
        np.maximum(u, np.abs(dW, out=scratch), out=u)
        np.add(u, self.epsilon, out=scratch)                  # lr m / ((1 - b1^t)(u + eps))
        scratch *= 1.0 - self.beta_1**t
        np.divide(m, scratch, out=scratch)
        scratch *= lr
        W -= scratch

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}
