"""``history``: the loss (and each metric) against epochs, training and validation."""

import numpy as np

from ._common import figure_and_axes_list, finite_prefix, integer_epochs, log_scale_helps


def _as_dict(history):
    """``History.history`` (or the dict itself), checked."""
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict):
        raise TypeError(
            "history expects the History returned by model.fit (or its .history "
            f"dict), but got {type(history).__name__}."
        )
    if "loss" not in logs:
        raise ValueError(
            f"history has no 'loss' entry; its keys are {sorted(logs)}. Pass the "
            "History returned by model.fit."
        )
    return logs


def _epochs(values, n_epochs):
    """Epoch numbers (1-based) for a list of per-epoch values.

    Validation values computed every ``k`` epochs (``validation_freq=k``) give a
    shorter list; they are placed at epochs ``k, 2k, ...``.
    """
    n = len(values)
    step = n_epochs // n if n and n_epochs % n == 0 else 1
    return step * np.arange(1, n + 1)


def _draw(ax, logs, key, n_epochs, logy):
    """Draw ``key`` and ``val_key`` on ``ax``; return whether a log scale fits."""
    values = []
    for name, style in ((key, "-"), ("val_" + key, "--")):
        if name not in logs:
            continue
        y = np.asarray(logs[name], dtype=float)
        kept = finite_prefix(y)
        label = "training" if name == key else "validation"
        (line,) = ax.plot(_epochs(y, n_epochs)[: len(kept)], kept, style, label=label)
        if len(kept) < len(y):  # training stopped on a NaN/infinite loss
            x_stop = _epochs(y, n_epochs)[len(kept)]
            ax.axvline(x_stop, color=line.get_color(), linestyle=":", linewidth=1)
            ax.annotate("not finite", (x_stop, 0.5), xycoords=("data", "axes fraction"),
                        rotation=90, va="center", ha="right", fontsize=8)
        values.extend(kept)
    ax.set_xlabel("Epoch")
    integer_epochs(ax)
    ax.set_ylabel(key)
    ax.set_title("Loss" if key == "loss" else key.replace("_", " ").capitalize())
    ax.grid(True, alpha=0.3)
    ax.legend()
    if logy is True or (logy == "auto" and log_scale_helps(values)):
        ax.set_yscale("log")


def history(history, metrics=None, ax=None, logy="auto"):
    """Plot the loss, the validation loss and each metric against the epochs.

    Parameters
    ----------
    history : History or dict
        What ``model.fit`` returned, or its ``.history`` dict
        ``{"loss": [...], "val_loss": [...], "accuracy": [...], ...}``.
    metrics : list of str, optional
        Metrics to draw, one panel each beside the loss panel; default every metric
        in the history (``[]`` draws the loss alone).
    ax : Axes or list of Axes, optional
        Where to draw: one Axes per panel (loss first). Default: a new figure.
    logy : "auto", bool
        Log scale for the loss axis; "auto" uses it when the loss falls by more than
        a factor of 20 (then early and late epochs are both visible).

    Returns
    -------
    matplotlib.figure.Figure
        Save it with ``fig.savefig("history.png")`` (or ``.svg``, ``.pdf``).

    Notes
    -----
    Training values are solid lines, validation values (``val_*``) dashed, against
    epochs 1, 2, ... A run stopped by a non-finite loss is drawn up to the last
    finite value, with a dotted line where it stopped.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("xor")
    >>> model = gn.Sequential([gn.layers.Dense(4, activation="tanh", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    >>> history = model.fit(X, y, epochs=10, verbose=0)
    >>> fig = gn.plot.history(history)
    >>> fig.savefig("history.png")
    """
    logs = _as_dict(history)
    available = [k for k in logs if k != "loss" and not k.startswith("val_")]
    if metrics is None:
        metrics = available
    unknown = [m for m in metrics if m not in logs]
    if unknown:
        raise ValueError(
            f"history has no metric(s) {unknown}; it records {available}. Compile the "
            "model with metrics=[...] to record them."
        )
    keys = ["loss", *metrics]
    fig, axes = figure_and_axes_list(len(keys), ax)
    n_epochs = len(logs["loss"])
    for axis, key in zip(axes, keys, strict=True):
        _draw(axis, logs, key, n_epochs, logy if key == "loss" else False)
    return fig
