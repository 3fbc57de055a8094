"""Stochastic gradient descent, with optional (Nesterov) momentum."""

from .base import Optimizer


class SGD(Optimizer):
    """Gradient descent, as ``keras.optimizers.SGD`` (default ``learning_rate=0.01``).

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
        if not 0 <= momentum <= 1:
            raise ValueError(f"momentum must be in [0, 1], but got {momentum!r}.")
        self.momentum, self.nesterov = float(momentum), bool(nesterov)
        self.slot_names = ("velocity",) if self.momentum else ()

    def update(self, W, dW, lr, *slots):
        if not self.momentum:
            W -= lr * dW
            return
        (v,) = slots
        v *= self.momentum
        v -= lr * dW
        if self.nesterov:
            W += self.momentum * v - lr * dW
        else:
            W += v

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
