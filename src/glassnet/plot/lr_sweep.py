"""``learning_rates``: the same model trained with several learning rates.

Each run starts from the same weights and differs only in the step size ``eta`` of
``w <- w - eta * dL/dw``. Too small: the loss falls slowly. Good: it falls fast and
settles. Too large: it jumps around or settles high. Far too large: it grows until
it is no longer a number; that run is drawn up to its last finite value and marked.
"""

import warnings

import numpy as np

from ..models import NonFiniteLossWarning
from ._common import copies_with_same_start, figure_and_axes, finite_prefix, integer_epochs


def learning_rates(build_model, X, y, rates=(0.001, 0.01, 0.1, 1.0), epochs=50, ax=None,
                   logy=True, **fit_kwargs):
    """Train ``build_model()`` once per learning rate and overlay the loss curves.

    Parameters
    ----------
    build_model : callable
        Returns a new compiled model on each call; its optimizer's learning rate is
        replaced by each value of ``rates``. All runs start from the weights of the
        first model built.
    X, y : arrays
        Training data, as for ``model.fit``.
    rates : list of float
        The learning rates to compare.
    epochs : int
        Epochs per run.
    ax : Axes, optional
        Where to draw; default a new figure.
    logy : bool
        Log scale for the loss (default True: slow and fast runs both show).
    **fit_kwargs
        Passed on to ``model.fit`` (e.g. ``batch_size=len(X)`` for batch gradient
        descent); ``verbose`` is 0.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig.runs`` holds, per rate, the loss per epoch as recorded by ``fit``
        (ending with the non-finite value where a run diverged).

    Notes
    -----
    ``fit`` stops a run whose loss becomes NaN or infinite with a
    ``NonFiniteLossWarning``; here that is the expected outcome of a too-large rate,
    so the warning is silenced and the run is marked "diverged" instead.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> X = np.linspace(-1, 1, 32).reshape(-1, 1)
    >>> y = 3 * X[:, 0]
    >>> def build_model():
    ...     model = gn.Sequential([gn.layers.Dense(1, input_shape=(1,))])
    ...     model.compile(optimizer=gn.optimizers.SGD(0.1), loss="mse")
    ...     return model
    >>> fig = gn.plot.learning_rates(build_model, X, y, rates=[0.01, 0.1], epochs=5)
    >>> sorted(fig.runs)
    [0.01, 0.1]
    """
    rates = [float(r) for r in np.atleast_1d(rates)]
    if not rates or any(not np.isfinite(r) or r <= 0 for r in rates):
        raise ValueError(f"rates must be positive learning rates, but got {rates}.")
    models = copies_with_same_start(build_model, X, len(rates))
    fig, ax = figure_and_axes(ax)
    fit_kwargs["verbose"] = 0
    runs, stops = {}, []
    for rate, model in zip(rates, models, strict=True):
        model.optimizer.learning_rate = rate
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", NonFiniteLossWarning)
            fitted = model.fit(X, y, epochs=epochs, **fit_kwargs)
        losses = np.asarray(fitted.history["loss"], dtype=float)
        runs[rate] = losses
        kept = finite_prefix(losses)
        diverged = len(kept) < len(losses)
        label = f"lr = {rate:g}" + (" (diverged)" if diverged else "")
        (line,) = ax.plot(np.arange(1, len(kept) + 1), kept, linewidth=2, label=label)
        if diverged:
            stops.append((len(kept) + 1, kept[-1] if len(kept) else np.inf, line.get_color()))
    ax.set_xlabel("Epoch")
    integer_epochs(ax)
    ax.set_ylabel("Training loss" + (" (log scale)" if logy else ""))
    ax.set_title("Effect of the learning rate on the loss")
    ax.grid(True, alpha=0.3, which="both")
    if logy:
        ax.set_yscale("log")
    ax.set_xlim(0.5, epochs + 0.5)
    bottom, top = _y_limits(runs, logy)
    ax.set_ylim(bottom, top)
    for epoch, last, colour in stops:  # an X where each diverging run stopped
        y_mark = min(last, top / 1.6 if logy else top)
        ax.plot(epoch, y_mark, marker="X", markersize=11, color=colour,
                markeredgecolor="black", linestyle="none", zorder=5, label="_nolegend_")
        ax.annotate(f"loss not finite\nat epoch {epoch}", (epoch, y_mark), xytext=(8, -4),
                    textcoords="offset points", color=colour, fontsize=8, va="top")
    ax.set_ylim(bottom, top)
    ax.legend(title="learning rate")
    fig.runs = runs
    return fig


def _y_limits(runs, logy):
    """Y-axis limits that keep the sensible runs readable.

    The top is at most 100x the largest first-epoch loss: a run that explodes
    leaves through the top (its X mark sits on the edge) instead of squashing the
    others into a flat line.
    """
    finite = np.concatenate([finite_prefix(v) for v in runs.values()])
    if logy:
        finite = finite[finite > 0]
    if finite.size == 0:
        return (0.1, 10.0) if logy else (0.0, 1.0)
    firsts = [v[0] for v in runs.values() if len(v) and np.isfinite(v[0])]
    start = max(firsts) if firsts else finite.max()
    top = min(finite.max(), 100 * start) if start > 0 else finite.max()
    if logy:
        return finite.min() / 1.5, top * 1.5
    low = min(finite.min(), 0.0)
    return low, top + 0.05 * (top - low)
