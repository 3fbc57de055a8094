"""glassnet: neural networks from scratch on NumPy, with the Keras API.

Every layer has an explicit forward and backward pass, so every number the network
computes can be looked at::

    import glassnet as gn

    model = gn.Sequential([
        gn.layers.Dense(4, activation="relu", input_shape=(2,)),
        gn.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=gn.optimizers.SGD(0.1), loss="binary_crossentropy")
    model.fit(X, y, epochs=1000, verbose=0)

Only NumPy is imported here; plotting, tables, data sets and the command line load
their libraries when first used.
"""

from . import (
    activations,
    backend,
    callbacks,
    initializers,
    layers,
    losses,
    metrics,
    models,
    optimizers,
    regularizers,
    utils,
)
from .layers import Input
from .models import Model, Sequential

__version__ = "0.1.0"


def explain(model, x, y, **kwargs):
    """Worked solution of one training step: see ``glassnet.explanation.explain``."""
    from .explanation import explain as _explain

    return _explain(model, x, y, **kwargs)


def __getattr__(name):
    # Heavier parts load on first use: gn.plot, gn.datasets, gn.sklearn, ...
    import importlib

    if name in ("plot", "datasets", "sklearn", "explanation", "preprocessing"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'glassnet' has no attribute {name!r}")


__all__ = [
    "Input", "Model", "explain", "Sequential", "activations", "backend", "callbacks",
    "initializers", "layers", "losses", "metrics", "models", "optimizers",
    "regularizers", "utils", "__version__",
]
