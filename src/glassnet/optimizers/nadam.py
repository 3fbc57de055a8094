"""Nadam: Adam with Nesterov momentum (Dozat, 2016), as Keras computes it."""

import numpy as np

from .base import Optimizer, check_float


class Nadam(Optimizer):
    """Nadam, as ``keras.optimizers.Nadam``.

    Parameters
    ----------
    learning_rate : float or schedule, default 0.001
    beta_1 : float in [0, 1), default 0.9
    beta_2 : float in [0, 1), default 0.999
    epsilon : float >= 0, default 1e-7
    **kwargs
        ``weight_decay``, ``clipnorm``, ``clipvalue``, ``global_clipnorm``, ``name``.

    Notes
    -----
    At step ``t = iterations + 1``, with the momentum schedule
    ``mu_s = beta_1 (1 - 0.5 * 0.96^s)`` and ``P_t = mu_1 mu_2 ... mu_t``::

        m <- m + (1 - beta_1) (dW - m)
        v <- v + (1 - beta_2) (dW^2 - v)
        m_hat = mu_{t+1} m / (1 - P_t mu_{t+1}) + (1 - mu_t) dW / (1 - P_t)
        v_hat = v / (1 - beta_2^t)
        W <- W - lr m_hat / (sqrt(v_hat) + epsilon)

    Examples
    --------
    >>> import glassnet as gn
    >>> opt = gn.optimizers.Nadam(learning_rate=0.01)
    >>> opt.get_config()["beta_2"]
    0.999
    """

    name = "nadam"
    slot_names = ("m", "v")

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
                 **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.beta_1 = check_float("Nadam", "beta_1", beta_1, 0, 1, high_open=True)
        self.beta_2 = check_float("Nadam", "beta_2", beta_2, 0, 1, high_open=True)
        self.epsilon = check_float("Nadam", "epsilon", epsilon, 0)
        self._product = (0, 1.0)  # (t, P_t): the running product of the mu_s

    def _mu(self, s):
        return self.beta_1 * (1.0 - 0.5 * 0.96**s)

    def _momentum_product(self, t):
        """``P_t = mu_1 ... mu_t``, carried from step to step (recomputed after a load)."""
        step, product = self._product
        if step != t:
            if step != t - 1:
                step, product = 0, 1.0
            for s in range(step + 1, t + 1):
                product *= self._mu(s)
            self._product = (t, product)
        return self._product[1]

    def update(self, W, dW, lr, m, v):
        t = self.iterations + 1
        mu_t, mu_next = self._mu(t), self._mu(t + 1)
        P_t = self._momentum_product(t)
        scratch = np.subtract(dW, m)                          # m += (1 - b1)(dW - m)
        scratch *= 1.0 - self.beta_1
        m += scratch
        np.square(dW, out=scratch)                            # v += (1 - b2)(dW^2 - v)
        scratch -= v
        scratch *= 1.0 - self.beta_2
        v += scratch
        np.divide(v, 1.0 - self.beta_2**t, out=scratch)       # sqrt(v_hat) + eps
        np.sqrt(scratch, out=scratch)
        scratch += self.epsilon
        c_m, c_dW = mu_next / (1.0 - P_t * mu_next), (1.0 - mu_t) / (1.0 - P_t)
        m_hat = np.multiply(dW, c_dW / c_m)                   # m_hat = c_m m + c_dW dW,
        m_hat += m                                            # in a second scratch array
        m_hat *= c_m
        m_hat /= scratch
        m_hat *= lr
        W -= m_hat

    def get_config(self):
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2,
                "epsilon": self.epsilon}
