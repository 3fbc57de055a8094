"""Adam: adaptive moment estimation (Kingma & Ba, 2015), as Keras computes it."""

import numpy as np

from .base import Optimizer


class Adam(Optimizer):
    """Adam, as ``keras.optimizers.Adam`` (lr 0.001, betas 0.9/0.999, eps 1e-7).

    Notes
    -----
    At step ``t = iterations + 1``, with ``m`` and ``v`` starting at 0::

        m <- m + (1 - beta_1) (dW - m)
        v <- v + (1 - beta_2) (dW^2 - v)
        alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
        W <- W - alpha * m / (sqrt(v) + epsilon)

    With ``amsgrad=True``, ``v`` in the last line is the running maximum of ``v``.
    """

    name = "adam"

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 amsgrad=False, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.beta_1, self.beta_2 = float(beta_1), float(beta_2)
        self.epsilon, self.amsgrad = float(epsilon), bool(amsgrad)
        self.slot_names = ("m", "v", "v_hat") if self.amsgrad else ("m", "v")

    def update(self, W, dW, lr, m, v, v_hat=None):
        t = self.iterations + 1
        alpha = lr * np.sqrt(1.0 - self.beta_2**t) / (1.0 - self.beta_1**t)
        m += (1.0 - self.beta_1) * (dW - m)
        v += (1.0 - self.beta_2) * (np.square(dW) - v)
        if v_hat is not None:
            np.maximum(v_hat, v, out=v_hat)
            v = v_hat
        step = np.sqrt(v)
        step += self.epsilon
        np.divide(m, step, out=step)
        step *= alpha
        W -= step

    def get_config(self):
        return {
            **super().get_config(),
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "amsgrad": self.amsgrad,
        }
