"""``activations``: each activation function beside its derivative, as on the slides.

The curves come from ``glassnet.activations`` itself: ``A = g.forward(Z)`` and
``g'(Z) = g.derivative(Z, A)``, the very functions backpropagation uses.
"""

import numpy as np

from .. import activations as activations_module
from ._common import figure_and_axes_list

# The five the slides draw; their Leaky ReLU graph uses alpha = 0.05.
DEFAULT_ACTIVATIONS = ("sigmoid", "tanh", "relu", activations_module.LeakyReLU(0.05), "elu")


def _legend(activation, which):
    """``g(z) = ...`` from the activation's own formula (``activation.formula`` or
    ``derivative_formula``, written for one variable), or plain ``g(z)`` without one."""
    from ..explanation.formulas import Filled, Sym, sym

    template = getattr(activation, which)
    lhs = "g(z)" if which == "formula" else "g′(z)"
    if template is None:
        return lhs
    values = {"Z": sym("z"), "A": sym("g(z)"), **activation.get_config()}
    pieces = Filled(template, values, scalar=True).pieces(latex=False)
    body = "".join(p.text if isinstance(p, Sym) else p if isinstance(p, str) else f"{p:g}"
                   for p in pieces)
    return f"{lhs} = {body}"


def _title(activation):
    config = activation.get_config()
    extra = ", ".join(f"{k}={v:g}" for k, v in config.items())
    name = activation.name.replace("_", " ")
    return f"{name} ({extra})" if extra else name


def activations(names=DEFAULT_ACTIVATIONS, z=None, axes=None):
    """Plot each activation ``g(z)`` (solid) and its derivative ``g'(z)`` (dashed).

    Parameters
    ----------
    names : list of str or Activation
        The activations, one panel each; default sigmoid, tanh, ReLU, Leaky ReLU
        (alpha 0.05, as on the slides) and ELU.
    z : array, shape (n,), optional
        The inputs; default 401 points from -5 to 5.
    axes : list of Axes, optional
        One Axes per activation; default a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Notes
    -----
    ``Z`` is passed as a column ``(n, 1)``; ``A = g(Z)`` and ``g'(Z)`` come from
    ``Activation.forward`` and ``Activation.derivative``. Softmax is left out: it
    maps a whole row of ``Z``, so it has no curve of one variable.

    Examples
    --------
    >>> import glassnet as gn
    >>> fig = gn.plot.activations(["sigmoid", "relu"])
    >>> len(fig.axes)
    2
    """
    if isinstance(names, (str, activations_module.Activation)):
        names = [names]
    funcs = [activations_module.get(name) for name in names]
    for g in funcs:
        if isinstance(g, activations_module.Softmax):
            raise ValueError(
                "softmax normalises a whole row of Z, so it cannot be drawn as a "
                "function of one variable; leave it out of names."
            )
    z = np.linspace(-5.0, 5.0, 401) if z is None else np.asarray(z, dtype=float).ravel()
    Z = z[:, None]
    n = len(funcs)
    cols = min(n, 3)
    rows = -(-n // cols)
    if axes is None:
        import matplotlib.pyplot as plt

        fig, grid = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.4 * rows),
                                 layout="constrained", squeeze=False)
        axes = list(grid.ravel())
        for extra in axes[n:]:
            extra.set_visible(False)
        axes = axes[:n]
    else:
        fig, axes = figure_and_axes_list(n, axes)
    for ax, g in zip(axes, funcs, strict=True):
        A = g.forward(Z)
        dA_dZ = g.derivative(Z, A)
        g_label, dg_label = _legend(g, "formula"), _legend(g, "derivative_formula")
        ax.plot(z, A[:, 0], linewidth=2, label=g_label)
        ax.plot(z, dA_dZ[:, 0], "--", linewidth=2, label=dg_label)
        ax.axhline(0, color="0.6", linewidth=0.8)
        ax.axvline(0, color="0.6", linewidth=0.8)
        ax.set_title(_title(g))
        ax.set_xlabel("$z$")
        ax.set_ylabel("value")
        ax.grid(True, alpha=0.3)
        ax.legend(loc="upper left", fontsize=8)
    return fig
