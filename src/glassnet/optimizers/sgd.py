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

    Examples
    --------
    One step ``w <- w - η dL/dw`` on the slides' single neuron:

    >>> import numpy as np
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(1, input_shape=(1,), dtype="float64")])
    >>> model.set_weights([np.array([[0.5]]), np.array([0.0])])
    >>> model.compile(optimizer=gn.optimizers.SGD(learning_rate=0.1), loss="mse")
    >>> _ = model.train_on_batch(np.array([[2.0]]), np.array([[3.0]]))
    >>> model.get_weights()[0]                 # dL/dw = 2 (1 - 3) 2 = -8, w = 0.5 + 0.8
    array([[1.3]])
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
