"""Lion: the sign of an interpolated momentum (Chen et al., 2023), as Keras."""

import numpy as np

from .base import Optimizer, check_float


class Lion(Optimizer):
    """Lion (EvoLved Sign Momentum), as ``keras.optimizers.Lion``.

    Parameters
    ----------
    learning_rate : float or schedule, default 0.001
        Usually 3-10x smaller than Adam's: every step moves each weight by ``lr``.
    beta_1 : float in (0, 1], default 0.9
        Mixes the momentum and the gradient for the step's direction.
    beta_2 : float in [0, 1], default 0.99
        Decay of the momentum ``m``.
    **kwargs
        ``weight_decay``, ``clipnorm``, ``clipvalue``, ``global_clipnorm``, ``name``.

    Notes
    -----
    With ``m`` starting at 0::

        W <- W - lr sign(beta_1 m + (1 - beta_1) dW)
        m <- beta_2 m + (1 - beta_2) dW

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.optimizers.Lion(learning_rate=1e-4).get_config()["beta_2"]
    0.99
    """

    name = "lion"
    slot_names = ("m",)

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.99, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = check_float("Lion", "beta_1", beta_1, 0, 1, low_open=True)
        self.beta_2 = check_float("Lion", "beta_2", beta_2, 0, 1)

    def update(self, W, dW, lr, m):
        scratch = np.multiply(m, self.beta_1)                 # sign(b1 m + (1 - b1) dW)
        scratch += (1.0 - self.beta_1) * dW
        np.sign(scratch, out=scratch)
        scratch *= lr
        W -= scratch
        m *= self.beta_2                                      # m = b2 m + (1 - b2) dW
        m += (1.0 - self.beta_2) * dW

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2}
