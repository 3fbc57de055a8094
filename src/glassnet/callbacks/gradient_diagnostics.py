"""``GradientDiagnostics``: per-layer gradient norms and activation statistics per epoch.

The numbers come from the engine itself: at the end of each training batch every
Dense layer still holds its gradient (``layer.grads``) and its cached ``A`` from
that batch's forward pass. The callback averages over the epoch's batches:

- ``grad_norm``: ``||dW||_F``, the Frobenius norm of the kernel's gradient;
- ``weight_norm``: ``||W||_F`` at the end of the epoch;
- ``activation_mean``, ``activation_std``: mean and standard deviation of ``A``;
- ``saturated_fraction``: the share of units in a flat part of their activation
  (``g'(Z) < 0.01 * max g'``): sigmoid/tanh near 0 or 1 (±1), ReLU at 0.

The slides' vanishing gradients show as a first-layer ``grad_norm`` far below the
last layer's in a deep sigmoid network, and not in a ReLU one.
"""

import numpy as np

from ..layers.dense import Dense
from .base import Callback

_STATS = ("grad_norm", "weight_norm", "activation_mean", "activation_std",
          "saturated_fraction")


def saturated_fraction(activation, Z, A):
    """Share of entries where ``g'(Z)`` is below 1% of the activation's largest slope."""
    slope = activation.derivative(Z, A)
    return float(np.mean(np.abs(slope) < 0.01 * activation.max_slope))


class GradientDiagnostics(Callback):
    """Record per-layer gradient and activation statistics, one value per epoch.

    After ``model.fit(..., callbacks=[diag])``, ``diag.history`` is::

        {"epoch": [0, 1, ...],
         "layers": {layer_name: {"grad_norm": [...], "weight_norm": [...],
                                 "activation_mean": [...], "activation_std": [...],
                                 "saturated_fraction": [...]}}}

    Each list has one float per epoch (the mean over that epoch's batches; the
    weight norm at the epoch's end). Only Dense layers are recorded.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("xor")
    >>> model = gn.Sequential([gn.layers.Dense(4, activation="tanh", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")
    >>> diagnostics = gn.callbacks.GradientDiagnostics()
    >>> _ = model.fit(X, y, epochs=2, verbose=0, callbacks=[diagnostics])
    >>> sorted(diagnostics.history["layers"])
    ['dense', 'dense_1']
    """

    def __init__(self):
        super().__init__()
        self.history = {"epoch": [], "layers": {}}
        self._sums = {}
        self._batches = 0

    def _layers(self):
        return [layer for layer in self.model.layers if isinstance(layer, Dense)]

    def on_train_begin(self, logs=None):
        self.history = {"epoch": [], "layers": {
            layer.name: {name: [] for name in _STATS} for layer in self._layers()}}

    def on_epoch_begin(self, epoch, logs=None):
        self._sums = {layer.name: dict.fromkeys(_STATS[:1] + _STATS[2:], 0.0)
                      for layer in self._layers()}
        self._batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self._batches += 1
        for layer in self._layers():
            sums = self._sums[layer.name]
            sums["grad_norm"] += float(np.linalg.norm(layer.grads["kernel"]))
            sums["activation_mean"] += float(np.mean(layer.A))
            sums["activation_std"] += float(np.std(layer.A))
            sums["saturated_fraction"] += saturated_fraction(layer.activation, layer.Z, layer.A)

    def on_epoch_end(self, epoch, logs=None):
        self.history["epoch"].append(epoch)
        n = max(self._batches, 1)
        for layer in self._layers():
            record = self.history["layers"][layer.name]
            for name, total in self._sums[layer.name].items():
                record[name].append(total / n)
            record["weight_norm"].append(float(np.linalg.norm(layer.params["kernel"])))
