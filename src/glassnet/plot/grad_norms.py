"""``gradient_norms``: each layer's gradient norm over training.

In a deep sigmoid or tanh network the early layers' gradients can be orders of
magnitude smaller than the last layer's (the vanishing-gradient problem); on a log
scale the gap is plain to see.
"""

import numpy as np

from ._common import figure_and_axes, integer_epochs


def _as_history(diagnostics):
    """The ``{"epoch": [...], "layers": {name: {key: [...]}}}`` record, checked."""
    record = getattr(diagnostics, "history", diagnostics)
    if not isinstance(record, dict) or not isinstance(record.get("layers"), dict):
        raise TypeError(
            "gradient_norms expects a GradientDiagnostics callback (passed to "
            "model.fit(callbacks=[...])) or its .history dict {'epoch': [...], "
            f"'layers': {{name: {{'grad_norm': [...]}}}}}}, but got {type(diagnostics).__name__}."
        )
    if not record["layers"]:
        raise ValueError(
            "The diagnostics hold no layers yet: train with model.fit(..., "
            "callbacks=[diagnostics]) before plotting."
        )
    return record


def gradient_norms(diagnostics, key="grad_norm", ax=None, logy=True):
    """Plot each layer's gradient norm against the epochs.

    Parameters
    ----------
    diagnostics : GradientDiagnostics or dict
        The callback after ``fit``, or its ``.history``:
        ``{"epoch": [0, 1, ...], "layers": {layer_name: {"grad_norm": [...], ...}}}``.
    key : str
        Which recorded quantity to draw (default ``"grad_norm"``, ``||dW||``).
    ax : Axes, optional
        Where to draw; default a new figure.
    logy : bool
        Log scale (default True), so tiny and large norms show together.

    Returns
    -------
    matplotlib.figure.Figure
        One line per layer, first layer to last, in a colour order running from
        the input side (dark) to the output side (light).

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("xor")
    >>> model = gn.Sequential([gn.layers.Dense(4, activation="sigmoid", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer=gn.optimizers.SGD(0.5), loss="binary_crossentropy")
    >>> diagnostics = gn.callbacks.GradientDiagnostics()
    >>> _ = model.fit(X, y, epochs=5, verbose=0, callbacks=[diagnostics])
    >>> fig = gn.plot.gradient_norms(diagnostics)
    """
    import matplotlib.pyplot as plt

    record = _as_history(diagnostics)
    layers = record["layers"]
    missing = [name for name, values in layers.items() if key not in values]
    if missing:
        some = sorted(next(iter(layers.values())))
        raise ValueError(f"Layer(s) {missing} have no {key!r} record; recorded: {some}.")
    fig, ax = figure_and_axes(ax)
    colours = plt.get_cmap("viridis")(np.linspace(0.0, 0.85, len(layers)))
    for colour, (name, values) in zip(colours, layers.items(), strict=True):
        y = np.asarray(values[key], dtype=float)
        epochs = np.asarray(record.get("epoch", np.arange(len(y))), dtype=float)[: len(y)]
        ax.plot(epochs + 1, y, color=colour, linewidth=2, marker="o", markersize=3,
                label=name)
    ax.set_xlabel("Epoch")
    integer_epochs(ax)
    label = "Gradient norm $\\|dW\\|$" if key == "grad_norm" else key.replace("_", " ")
    ax.set_ylabel(label + (" (log scale)" if logy else ""))
    ax.set_title("Gradient norm per layer (input side first)")
    if logy:
        ax.set_yscale("log")
    ax.grid(True, alpha=0.3, which="both")
    ax.legend(title="layer", loc="center left", bbox_to_anchor=(1.01, 0.5))
    return fig
