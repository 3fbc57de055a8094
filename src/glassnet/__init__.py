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
    config,
    initializers,
    keras,
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


def explain(model, x, y, notation="keras", sig=6, exact=False, answers=None, rtol=0.05,
            atol=1e-6, sample_weight=None, decimals=None, points=None, steps=1):
    """Worked solution of one training step of ``model`` on ``(x, y)``.

    Runs the model's own forward pass, loss, backward pass and optimizer step on a
    float64 copy (the model is not changed) and returns a ``Report`` of every value:
    ``Z`` and ``A`` per layer, the loss, ``dL/dA``, ``g'(Z)``, each δ, ``dW`` and
    ``db`` as products of their factors, and the parameters after the update.

    Parameters
    ----------
    model : compiled Sequential (or functional chain) of Dense layers
    x : array (m, n_in), or one example (n_in,)
    y : targets, as ``model.fit`` takes them
    notation : {"keras", "slides", "lab"}
        Keras rows, the slides' columns, or the lab's neuron numbers.
    sig, exact : int, bool
        Significant figures shown (6), or every float64 digit (``exact=True``).
    answers, points : optional
        A student's answers to check, and their points (``report.check``).
    rtol, atol : float
        Tolerance for a right answer.
    sample_weight : array (m,), optional
    decimals : int, optional
        The old name of ``sig``.
    steps : int
        Training steps shown one after the other (optimizer state builds up).

    Returns
    -------
    glassnet.explanation.Report
        ``print(report)`` for terminal tables; ``.to_markdown()``, ``.to_latex()``,
        ``.to_html()``, ``.to_dict()``; ``.check(answers)``; HTML in a notebook.

    Examples
    --------
    The slides' MLP (x = [1, 2], y = 1, η = 0.1), one step in the slides' notation:

    >>> import numpy as np
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(3, input_shape=(2,), dtype="float64"),
    ...                        gn.layers.Dense(1, dtype="float64")])
    >>> model.set_weights([np.array([[0.5, 0.3, 0.6], [0.2, 0.8, 0.4]]), np.full(3, 0.1),
    ...                    np.array([[0.4], [0.3], [0.2]]), np.array([0.1])])
    >>> model.compile(optimizer=gn.optimizers.SGD(0.1), loss="half_squared_error")
    >>> report = gn.explain(model, [[1.0, 2.0]], [[1.0]], notation="slides")
    >>> text = report.to_markdown()
    """
    from .explanation import explain as _explain  # loaded on first use

    return _explain(model, x, y, notation=notation, sig=sig, exact=exact, answers=answers,
                    rtol=rtol, atol=atol, sample_weight=sample_weight, decimals=decimals,
                    points=points, steps=steps)


def __getattr__(name):
    # Heavier parts load on first use: gn.plot, gn.datasets, gn.sklearn, ...
    import importlib

    # gn.studio(model, X, y) calls the glassnet.studio package (a notebook widget)
    if name in ("plot", "datasets", "sklearn", "explanation", "preprocessing", "exercises",
                "studio"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'glassnet' has no attribute {name!r}")


__all__ = [
    "Input", "Model", "explain", "Sequential", "activations", "backend", "callbacks", "config",
    "initializers", "keras", "layers", "losses", "metrics", "models", "optimizers",
    "regularizers", "utils", "__version__",
]
