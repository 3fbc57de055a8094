"""Figures of training and of networks, drawn with matplotlib (loaded on first use).

``import glassnet`` does not import matplotlib; ``gn.plot`` does, the first time it
is used. Each function returns its matplotlib ``Figure``; save it with
``fig.savefig("name.png")`` (or ``.svg``, ``.pdf``)::

    history = model.fit(X, y, epochs=100, validation_split=0.2, verbose=0)
    gn.plot.history(history)
    gn.plot.decision_boundary(model, X, y)
    gn.plot.network(model)

- ``history``: loss, val_loss and each metric against epochs.
- ``decision_boundary``: the model's output over the 2-D input plane (or 1-D curve).
- ``activations``: each activation function with its derivative.
- ``learning_rates``: one model trained with several learning rates.
- ``gradient_descent_variants``: batch, mini-batch and stochastic gradient descent.
- ``network``: neurons and weighted connections.
- ``gradient_norms``: per-layer gradient norms from ``GradientDiagnostics``.
"""

from .activation_curves import activations
from .boundary import decision_boundary
from .gd_variants import gradient_descent_variants
from .grad_norms import gradient_norms
from .lr_sweep import learning_rates
from .network_diagram import network
from .training_history import history

__all__ = [
    "activations", "decision_boundary", "gradient_descent_variants", "gradient_norms",
    "history", "learning_rates", "network",
]
