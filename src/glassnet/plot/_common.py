"""Small helpers shared by the figures: axes, log scales, labels, model copies."""

import numpy as np


def figure_and_axes(ax=None, figsize=(6.4, 4.4)):
    """Return ``(fig, ax)``: the given Axes and its figure, or a new pair."""
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
        return fig, ax
    if not hasattr(ax, "plot") or not hasattr(ax, "figure"):
        raise TypeError(
            f"ax must be a matplotlib Axes (e.g. from plt.subplots()), but got "
            f"{type(ax).__name__}."
        )
    return ax.figure, ax


def figure_and_axes_list(n, axes=None, panel_size=(4.6, 3.6)):
    """Return ``(fig, [ax, ...])`` with ``n`` Axes side by side, or the given ones."""
    import matplotlib.pyplot as plt

    if axes is None:
        width, height = panel_size
        fig, axes = plt.subplots(1, n, figsize=(width * n, height), layout="constrained",
                                 squeeze=False)
        return fig, list(axes[0])
    axes = [axes] if hasattr(axes, "plot") else list(np.ravel(axes))
    if len(axes) != n:
        raise ValueError(
            f"This figure draws {n} panel(s), but {len(axes)} Axes were given. Pass "
            f"ax=None for a new figure, or a list of {n} Axes."
        )
    return axes[0].figure, axes


def integer_epochs(ax):
    """Whole-number ticks on the x-axis (epochs 0, 5, 10 rather than 2.5, 7.5)."""
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def log_scale_helps(values, ratio=20.0):
    """Whether a log y-axis shows ``values`` better: all positive, spanning > ``ratio``."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if values.size < 2 or values.min() <= 0:
        return False
    return values.max() / values.min() > ratio


def finite_prefix(values):
    """The values up to (not including) the first NaN or infinity, as a float array."""
    values = np.asarray(values, dtype=float)
    bad = np.flatnonzero(~np.isfinite(values))
    return values if bad.size == 0 else values[: bad[0]]


def class_labels(y):
    """Integer class labels ``(m,)`` from labels ``(m,)``/``(m, 1)`` or one-hot ``(m, k)``."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] > 1:
        return y.argmax(axis=1)
    return np.rint(y.reshape(-1)).astype(int)


def copies_with_same_start(build_model, X, n):
    """Call ``build_model()`` ``n`` times; every model starts from the first's weights.

    ``build_model`` must return a new *compiled* model (with its own optimizer) on
    each call, so the runs compared in a figure differ only in what is being shown.
    """
    if not callable(build_model) or hasattr(build_model, "fit"):
        raise TypeError(
            "build_model must be a function that returns a new compiled model, e.g. "
            "def build_model(): model = gn.Sequential([...]); model.compile(...); "
            f"return model. Got {type(build_model).__name__}."
        )
    models = []
    for _ in range(n):
        model = build_model()
        if not getattr(model, "compiled", False):
            raise ValueError(
                "build_model() returned a model that is not compiled; call "
                "model.compile(optimizer=..., loss=...) inside build_model."
            )
        if any(model is other or model.optimizer is other.optimizer for other in models):
            raise ValueError(
                "build_model() returned the same model or optimizer twice; create the "
                "model and its optimizer inside build_model so each run starts fresh."
            )
        if not model.built:
            model.build((None, *np.shape(X)[1:]))
        if models:
            model.set_weights(models[0].get_weights())
        models.append(model)
    return models
