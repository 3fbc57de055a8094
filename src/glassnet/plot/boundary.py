"""``decision_boundary``: what a model predicts over the input plane (or line).

Two input features: the model's output on a grid of points covering the data, as
TensorFlow Playground shows it, with the data on top. One input feature: the fitted
curve over the data.
"""

import numpy as np

from .. import activations, losses
from ._common import class_labels, figure_and_axes

# TensorFlow Playground's colours: orange for class 0, blue for class 1.
_ORANGE, _BLUE = "#f59322", "#0877bd"
_CLASS_COLOURS = [_ORANGE, _BLUE, "#2ca02c", "#9467bd", "#d62728",
                  "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]


def _output_kind(model):
    """"binary" (one sigmoid unit), "multiclass" (several units) or "value"."""
    n_out = model.output_layer.output_shape[-1]
    if n_out > 1:
        return "multiclass"
    activation = getattr(model.output_layer, "activation", None)
    binary_loss = isinstance(getattr(model, "loss", None), losses.BinaryCrossentropy)
    if isinstance(activation, activations.Sigmoid) or binary_loss:
        return "binary"
    return "value"


def _binary_cmap():
    """Pale orange (P = 0) through white (P = 0.5) to pale blue (P = 1)."""
    from matplotlib.colors import LinearSegmentedColormap

    pale = ["#fbd3a4", "#f7f7f7", "#9dc5e6"]
    return LinearSegmentedColormap.from_list("playground", pale)


def _grid(X, resolution, padding):
    """A ``resolution x resolution`` grid over the data's box, widened by ``padding``."""
    lo, hi = X.min(axis=0), X.max(axis=0)
    margin = padding * np.maximum(hi - lo, 1e-12)
    x1 = np.linspace(lo[0] - margin[0], hi[0] + margin[0], resolution)
    x2 = np.linspace(lo[1] - margin[1], hi[1] + margin[1], resolution)
    X1, X2 = np.meshgrid(x1, x2)
    return x1, x2, np.column_stack([X1.ravel(), X2.ravel()])


def _class_image(P):
    """RGBA image: each pixel the colour of its predicted class, paler when unsure."""
    from matplotlib.colors import to_rgb

    k = P.shape[-1]
    colours = np.array([to_rgb(_CLASS_COLOURS[c % len(_CLASS_COLOURS)]) for c in range(k)])
    winner = P.argmax(axis=-1)
    confidence = (P.max(axis=-1) - 1.0 / k) / (1.0 - 1.0 / k)  # 0 unsure, 1 sure
    strength = 0.25 + 0.45 * confidence[..., None]
    rgb = 1.0 - strength * (1.0 - colours[winner])  # blend with white
    return np.concatenate([rgb, np.ones_like(rgb[..., :1])], axis=-1)


def _plane(fig, ax, model, X, labels, kind, surface, resolution, padding, feature_names):
    x1, x2, grid = _grid(X, resolution, padding)
    P = np.asarray(model.predict(grid, batch_size=len(grid)), dtype=float)
    dx1, dx2 = x1[1] - x1[0], x2[1] - x2[0]  # pixel (i, j) is centred on (x1[j], x2[i])
    extent = (x1[0] - dx1 / 2, x1[-1] + dx1 / 2, x2[0] - dx2 / 2, x2[-1] + dx2 / 2)
    shape = (len(x2), len(x1))
    if kind == "value":
        image = ax.imshow(P[:, 0].reshape(shape), origin="lower", extent=extent,
                          aspect="auto", cmap="viridis")
        fig.colorbar(image, ax=ax, label="model output")
        ax.scatter(X[:, 0], X[:, 1], c=labels, cmap="viridis", edgecolors="white",
                   s=30, label="data")
        ax.set_title("Model output over the input plane")
    elif kind == "binary" and surface == "probability":
        P1 = P[:, 0].reshape(shape)
        image = ax.imshow(P1, origin="lower", extent=extent, aspect="auto",
                          cmap=_binary_cmap(), vmin=0, vmax=1)
        fig.colorbar(image, ax=ax, label="P(class 1)")
        ax.contour(x1, x2, P1, levels=[0.5], colors="k", linewidths=1.5)
        ax.set_title("Decision boundary (P = 0.5)")
    else:
        if kind == "binary":
            P = np.column_stack([1.0 - P[:, 0], P[:, 0]])
        image_P = P.reshape(*shape, -1)
        if surface == "class":
            image_P = np.eye(P.shape[1])[P.argmax(axis=1)].reshape(*shape, -1)
        ax.imshow(_class_image(image_P), origin="lower", extent=extent, aspect="auto")
        ax.set_title("Predicted class")
    if kind != "value":
        for c in np.unique(labels):
            colour = _CLASS_COLOURS[c % len(_CLASS_COLOURS)]
            keep = labels == c
            ax.scatter(X[keep, 0], X[keep, 1], color=colour, edgecolors="white",
                       linewidths=1.0, s=32, label=f"class {c}")
        ax.legend(loc="best", framealpha=0.8)
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    ax.set_xlim(x1[0], x1[-1])
    ax.set_ylim(x2[0], x2[-1])


def _line(ax, model, X, y, kind, resolution, padding, feature_names):
    lo, hi = float(X.min()), float(X.max())
    margin = padding * max(hi - lo, 1e-12)
    x = np.linspace(lo - margin, hi + margin, resolution)[:, None]
    A = np.asarray(model.predict(x, batch_size=len(x)), dtype=float)
    ax.scatter(X[:, 0], y, s=18, alpha=0.7, label="data")
    for k in range(A.shape[1]):
        label = "model" if A.shape[1] == 1 else f"model output {k}"
        ax.plot(x[:, 0], A[:, k], linewidth=2, label=label)
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel({"binary": "P(class 1)", "multiclass": "P(class k)"}.get(kind, "y"))
    ax.set_title("Fitted curve" if kind == "value" else "Predicted probability")
    ax.grid(True, alpha=0.3)
    ax.legend()


def decision_boundary(model, X, y, ax=None, surface="probability", resolution=200,
                      padding=0.1, feature_names=None):
    """Draw what ``model`` predicts over the inputs, with the data ``(X, y)`` on it.

    Parameters
    ----------
    model : Model
        A built model with 1 or 2 input features.
    X : array, shape (m, 2) or (m, 1)
        The examples, one per row.
    y : array, shape (m,), (m, 1) or one-hot (m, k)
        Class labels for classifiers, target values for regression.
    ax : Axes, optional
        Where to draw; default a new figure.
    surface : {"probability", "class"}
        Two classes (one sigmoid unit): "probability" colours each point by
        ``P(class 1)`` and draws the boundary ``P = 0.5``; "class" colours it by the
        predicted class. Several classes (softmax): each point takes its predicted
        class's colour, paler where the model is unsure ("class": no shading).
    resolution : int
        Grid points per axis (``resolution**2`` predictions).
    padding : float
        How far the grid reaches beyond the data, as a fraction of its range.
    feature_names : list of str, optional
        Axis labels; default ``x1``, ``x2``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("moons", noise=0.2)
    >>> model = gn.Sequential([gn.layers.Dense(8, activation="tanh", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")
    >>> _ = model.fit(X, y, epochs=5, verbose=0)
    >>> fig = gn.plot.decision_boundary(model, X, y, resolution=50)
    >>> fig.savefig("moons.png")
    """
    if surface not in ("probability", "class"):
        raise ValueError(f"surface must be 'probability' or 'class', but got {surface!r}.")
    if not getattr(model, "built", False):
        raise ValueError("decision_boundary needs a built (ideally trained) model.")
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or X.shape[1] not in (1, 2):
        raise ValueError(
            f"decision_boundary draws models with 1 or 2 input features, but X has "
            f"shape {X.shape}. Pick two columns (X[:, [i, j]]) and train a model on them."
        )
    y = np.asarray(y)
    if len(y) != len(X):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)}: give one target per row.")
    n = X.shape[1]
    feature_names = list(feature_names or [f"$x_{i + 1}$" for i in range(n)])
    if len(feature_names) != n:
        raise ValueError(f"feature_names needs {n} name(s), but got {feature_names}.")
    kind = _output_kind(model)
    fig, ax = figure_and_axes(ax, figsize=(6.4, 5.0) if n == 2 else (6.4, 4.4))
    if n == 1:
        target = class_labels(y) if kind == "multiclass" else y.reshape(len(y), -1)[:, 0]
        _line(ax, model, X, target, kind, resolution, padding, feature_names)
    else:
        labels = class_labels(y) if kind != "value" else y.reshape(-1).astype(float)
        _plane(fig, ax, model, X, labels, kind, surface, resolution, padding, feature_names)
    return fig
