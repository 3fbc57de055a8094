"""``network``: a model drawn as neurons and connections, as on the slides.

Each Dense layer is a column of neurons; the line from neuron ``i`` of one layer to
neuron ``j`` of the next is the weight ``W[i, j]`` of the Keras kernel ``(n_in,
n_out)`` (the slides' ``w_{i,j}``). Colour gives the sign (red negative, blue
positive), thickness the size ``|w|``. Small networks get their values written: each
weight on its line, each bias under its neuron.
"""

import numpy as np

from ..layers import Activation, BatchNormalization, Dense, Dropout, Flatten, InputLayer
from ._common import figure_and_axes

# Layers drawn as a note between two columns (ReLU, LeakyReLU... are Activations)
_PASS_THROUGH = (Dropout, Activation, BatchNormalization, Flatten)


def _dense_chain(model):
    """The Dense layers of a chain model, and a caption for each column of neurons."""
    if not getattr(model, "built", False):
        raise ValueError(
            "network() needs a built model: give the first layer input_shape=(n,) or "
            "call model.build((None, n)) first."
        )
    dense, notes = [], {}
    for layer in model.layers:
        if isinstance(layer, InputLayer):
            continue
        if isinstance(layer, Dense):
            n_in = layer.params["kernel"].shape[0]
            if dense and dense[-1].units != n_in:
                raise ValueError(
                    f"network() draws a chain of Dense layers, but '{layer.name}' takes "
                    f"{n_in} inputs after '{dense[-1].name}' with {dense[-1].units} units."
                )
            dense.append(layer)
        elif isinstance(layer, _PASS_THROUGH):
            text = (f"dropout {layer.rate:g}" if isinstance(layer, Dropout)
                    else type(layer).__name__)
            notes.setdefault(len(dense), []).append(text)  # after column len(dense)
        else:
            raise ValueError(
                f"network() draws a chain of Dense layers; layer '{layer.name}' "
                f"({type(layer).__name__}) does not fit in one. Use model.summary()."
            )
    if not dense:
        raise ValueError("network() found no Dense layer in the model to draw.")
    return dense, notes


def _positions(n, max_neurons):
    """Vertical positions of the neurons shown (centred), and how many are hidden."""
    shown = min(n, max_neurons)
    return np.linspace((shown - 1) / 2, -(shown - 1) / 2, shown), n - shown


def network(model, ax=None, show_values="auto", max_neurons=12, decimals=2):
    """Draw a model's Dense layers as neurons and weighted connections.

    Parameters
    ----------
    model : Model
        A built Sequential (or functional chain) of Dense layers; Dropout,
        Activation and BatchNormalization layers are written under their column.
    ax : Axes, optional
        Where to draw; default a new figure sized to the network.
    show_values : "auto" or bool
        Write each weight on its line and each bias under its neuron; "auto" does
        so for networks with at most 40 weights (the lab's 2-2-1 network has 6).
    max_neurons : int
        Neurons drawn per layer; larger layers show the first ``max_neurons``.
    decimals : int
        Decimals of the written values.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(2, activation="sigmoid", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> fig = gn.plot.network(model)        # the lab's 2-2-1 network, weights written on it
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import TwoSlopeNorm

    dense, notes = _dense_chain(model)
    widths = [dense[0].params["kernel"].shape[0]] + [layer.units for layer in dense]
    n_weights = sum(layer.params["kernel"].size for layer in dense)
    if show_values == "auto":
        show_values = n_weights <= 40
    tallest = min(max(widths), max_neurons)
    inch_per_neuron = 0.9 if show_values else 0.5
    fig, ax = figure_and_axes(
        ax, figsize=(2.4 * len(widths) + 1.2, inch_per_neuron * tallest + 1.6))
    node_size = 900 if show_values or tallest <= 6 else 380
    half = (tallest - 1) / 2
    caption_y = -half - (0.85 if show_values else 0.6) - (0.3 if tallest < max(widths) else 0)

    kernels = [layer.params["kernel"] for layer in dense]
    biggest = max(float(np.abs(W).max()) for W in kernels) or 1.0
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-biggest, vmax=biggest)
    cmap = plt.get_cmap("coolwarm_r")  # red negative, blue positive
    columns = [_positions(n, max_neurons) for n in widths]

    for l, W in enumerate(kernels):
        (y_in, _), (y_out, _) = columns[l], columns[l + 1]
        for i, yi in enumerate(y_in):
            for j, yj in enumerate(y_out):
                w = float(W[i, j])
                ax.plot([l, l + 1], [yi, yj], color=cmap(norm(w)), zorder=1,
                        linewidth=0.5 + 4.5 * abs(w) / biggest, solid_capstyle="round")
                if show_values:
                    # on the line, a third of the way from the source: labels of
                    # lines leaving one neuron do not overlap
                    t = 0.3
                    ax.text(l + t, yi + t * (yj - yi), f"{w:.{decimals}f}", fontsize=9,
                            ha="center", va="center", zorder=4,
                            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none",
                                      alpha=0.85))

    for l, (ys, hidden) in enumerate(columns):
        is_input, is_output = l == 0, l == len(columns) - 1
        face = "#dddddd" if is_input else ("#ffe0b2" if is_output else "#c8e6c9")
        ax.scatter(np.full(len(ys), l), ys, s=node_size, c=face, edgecolors="black", zorder=3)
        for k, y in enumerate(ys):
            name = (f"$x_{{{k + 1}}}$" if is_input else
                    (f"$\\hat y_{{{k + 1}}}$" if is_output and len(ys) > 1 else
                     "$\\hat y$" if is_output else f"$h^{{[{l}]}}_{{{k + 1}}}$"))
            ax.text(l, y, name, ha="center", va="center", zorder=5,
                    fontsize=10 if node_size > 500 else 7)
            if show_values and not is_input and "bias" in dense[l - 1].params:
                b = float(dense[l - 1].params["bias"][k])
                ax.text(l, y - 0.32, f"b={b:.{decimals}f}", ha="center", va="top",
                        fontsize=8, zorder=5)
        if hidden:
            ax.text(l, ys.min() - 0.35, f"+{hidden} more", ha="center", va="top",
                    fontsize=8)
        if is_input:
            caption = f"input\n({widths[0]})"
        else:
            layer = dense[l - 1]
            caption = f"{layer.name}\n({layer.units}, {layer.activation.name})"
        caption += "".join(f"\n+ {note}" for note in notes.get(l, []))
        ax.text(l, caption_y, caption, ha="center", va="top", fontsize=9)

    scalar = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
    fig.colorbar(scalar, ax=ax, shrink=0.7, pad=0.01, label="weight $w_{i,j}$")
    ax.set_xlim(-0.35, len(widths) - 0.65)
    ax.set_ylim(caption_y - 0.6, half + 0.5)
    ax.set_axis_off()
    ax.set_title(f"{model.name}: {' - '.join(map(str, widths))} network")
    return fig
