"""Tests of glassnet.plot: what each figure draws, checked against independent math.

Figures are rendered with the Agg backend; the tests read back the drawn artists
(lines, images, texts, legends) and compare them with values computed here by hand
formulas, not with the plotting code's own numbers.
"""

import subprocess
import sys
import types
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import glassnet as gn  # noqa: E402
from glassnet.models import NonFiniteLossWarning  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    gn.utils.set_random_seed(0)
    yield
    plt.close("all")


def legend_texts(ax):
    legend = ax.get_legend()
    return [] if legend is None else [t.get_text() for t in legend.get_texts()]


def labelled_lines(ax):
    return [line for line in ax.get_lines() if not line.get_label().startswith("_")]


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# --- lazy import ---------------------------------------------------------------------
def test_import_glassnet_does_not_import_matplotlib():
    code = ("import sys, glassnet; assert 'matplotlib' not in sys.modules; "
            "glassnet.plot; assert 'matplotlib' not in sys.modules; "
            "glassnet.plot.activations(); assert 'matplotlib' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, env={"MPLBACKEND": "Agg"})


# --- history -------------------------------------------------------------------------
def test_history_draws_loss_and_each_metric_with_validation():
    logs = {"loss": [1.0, 0.5, 0.25], "accuracy": [0.5, 0.75, 1.0],
            "val_loss": [1.2, 0.7, 0.5], "val_accuracy": [0.5, 0.5, 0.75]}
    fig = gn.plot.history(logs)
    ax_loss, ax_acc = fig.axes
    for ax, key in ((ax_loss, "loss"), (ax_acc, "accuracy")):
        assert ax.get_xlabel() == "Epoch" and ax.get_ylabel() == key
        train, val = ax.get_lines()
        np.testing.assert_array_equal(train.get_xdata(), [1, 2, 3])  # epochs from 1
        np.testing.assert_allclose(train.get_ydata(), logs[key])
        np.testing.assert_allclose(val.get_ydata(), logs["val_" + key])
        assert val.get_linestyle() == "--"
        assert legend_texts(ax) == ["training", "validation"]
    assert ax_loss.get_yscale() == "linear"  # 1 -> 0.25 is only a factor 4


def test_history_uses_log_scale_when_the_loss_falls_a_lot():
    fig = gn.plot.history({"loss": [1.0, 0.1, 0.01]})
    assert len(fig.axes) == 1 and fig.axes[0].get_yscale() == "log"
    assert gn.plot.history({"loss": [1.0, 0.1, 0.01]}, logy=False).axes[0].get_yscale() == "linear"


def test_history_from_fit_and_into_given_axes():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]] * 5, dtype=float)
    y = np.array([0, 0, 0, 1] * 5, dtype=float)
    model = gn.Sequential([gn.layers.Dense(1, activation="sigmoid", input_shape=(2,))])
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(X, y, epochs=4, validation_split=0.2, verbose=0)
    fig = gn.plot.history(history)
    assert [ax.get_ylabel() for ax in fig.axes] == ["loss", "accuracy"]
    assert all(len(ax.get_lines()) == 2 for ax in fig.axes)
    _, ax = plt.subplots()
    assert gn.plot.history(history, metrics=[], ax=ax) is ax.figure
    assert len(ax.get_lines()) == 2
    with pytest.raises(ValueError, match="draws 2 panel"):
        gn.plot.history(history, ax=ax)


def test_history_stops_the_line_at_a_non_finite_loss():
    fig = gn.plot.history({"loss": [1.0, 2.0, float("inf")]})
    ax = fig.axes[0]
    line = ax.get_lines()[0]
    np.testing.assert_array_equal(line.get_xdata(), [1, 2])
    marker = ax.get_lines()[1]  # the vertical line where training stopped
    np.testing.assert_array_equal(marker.get_xdata(), [3, 3])


def test_history_places_sparse_validation_at_its_epochs():
    fig = gn.plot.history({"loss": [4.0, 3.0, 2.0, 1.0], "val_loss": [3.5, 1.5]})
    np.testing.assert_array_equal(fig.axes[0].get_lines()[1].get_xdata(), [2, 4])


def test_history_errors():
    with pytest.raises(TypeError, match="History returned by model.fit"):
        gn.plot.history([1.0, 0.5])
    with pytest.raises(ValueError, match="no 'loss' entry"):
        gn.plot.history({"accuracy": [0.5]})
    with pytest.raises(ValueError, match=r"no metric\(s\) \['mae'\]"):
        gn.plot.history({"loss": [1.0]}, metrics=["mae"])


# --- decision boundary ------------------------------------------------------------------
def logistic_model(W, b):
    model = gn.Sequential([gn.layers.Dense(1, activation="sigmoid", input_shape=(2,))])
    model.compile(optimizer=gn.optimizers.SGD(0.5), loss="binary_crossentropy")
    model.set_weights([np.asarray(W, dtype=float), np.asarray(b, dtype=float)])
    return model


def pixel_centres(image):
    """x1 and x2 of the pixel centres of an imshow image (origin lower)."""
    rows, cols = image.get_array().shape[:2]
    left, right, bottom, top = image.get_extent()
    x1 = left + (np.arange(cols) + 0.5) * (right - left) / cols
    x2 = bottom + (np.arange(rows) + 0.5) * (top - bottom) / rows
    return x1, x2


def separable_set(m=40, seed=0):
    """Two clouds on either side of the line x1 + x2 = 0, at least 0.5 away from it."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, (4 * m, 2))
    X = X[np.abs(X.sum(axis=1)) > 0.5][:m]
    return X, (X.sum(axis=1) > 0).astype(float)


def test_decision_boundary_surface_is_the_model_probability():
    # W = [1, 1], b = 0: P(class 1) = sigmoid(x1 + x2), boundary x1 + x2 = 0.
    X, y = separable_set()
    model = logistic_model([[1.0], [1.0]], [0.0])
    fig = gn.plot.decision_boundary(model, X, y, resolution=50)
    ax = fig.axes[0]
    image = ax.images[0]
    x1, x2 = pixel_centres(image)
    X1, X2 = np.meshgrid(x1, x2)
    np.testing.assert_allclose(image.get_array(), sigmoid(X1 + X2), atol=1e-5)
    # the drawn data range covers the data
    lo, hi = X.min(axis=0), X.max(axis=0)
    assert ax.get_xlim()[0] < lo[0] and ax.get_xlim()[1] > hi[0]
    assert ax.get_ylim()[0] < lo[1] and ax.get_ylim()[1] > hi[1]
    # the P = 0.5 contour is the line x1 + x2 = 0
    contour_xy = np.concatenate([p.vertices for c in ax.collections
                                 if hasattr(c, "get_paths") and c.get_paths()
                                 for p in c.get_paths()
                                 if not isinstance(c, matplotlib.collections.PathCollection)])
    assert np.abs(contour_xy.sum(axis=1)).max() < 0.05
    assert ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "$x_2$"
    assert legend_texts(ax) == ["class 0", "class 1"]
    assert fig.axes[1].get_ylabel() == "P(class 1)"  # the colour bar
    # surface="class": one colour where x1 + x2 > 0, another where it is < 0
    image = gn.plot.decision_boundary(model, X, y, surface="class",
                                      resolution=50).axes[0].images[0]
    rgba = image.get_array().reshape(-1, 4)
    side = (X1 + X2).ravel() > 0
    assert len(np.unique(rgba[side], axis=0)) == len(np.unique(rgba[~side], axis=0)) == 1
    assert not np.array_equal(rgba[side][0], rgba[~side][0])


def test_decision_boundary_of_a_trained_model_separates_a_separable_set():
    X, y = separable_set(m=60, seed=1)
    model = gn.Sequential([gn.layers.Dense(1, activation="sigmoid", input_shape=(2,))])
    model.compile(optimizer=gn.optimizers.SGD(1.0), loss="binary_crossentropy")
    model.fit(X, y, epochs=40, batch_size=60, verbose=0)
    ax = gn.plot.decision_boundary(model, X, y, resolution=80).axes[0]
    image = ax.images[0]
    x1, x2 = pixel_centres(image)
    P = image.get_array()
    # the surface under each data point shows that point's class
    under = P[np.abs(x2[:, None] - X[:, 1]).argmin(axis=0),
              np.abs(x1[:, None] - X[:, 0]).argmin(axis=0)]
    np.testing.assert_array_equal(under > 0.5, y == 1)
    # every class-0 point lies on one side of the drawn boundary, class 1 on the other
    paths = [p for c in ax.collections
             if not isinstance(c, matplotlib.collections.PathCollection)
             for p in c.get_paths()]
    V = np.concatenate([p.vertices for p in paths])
    slope, intercept = np.polyfit(V[:, 0], V[:, 1], 1)
    above = X[:, 1] > slope * X[:, 0] + intercept
    assert above[y == 1].all() and not above[y == 0].any()


def test_decision_boundary_class_surface_for_three_classes():
    # Linear softmax with z_k = x . c_k - |c_k|^2 / 2: the class of the nearest centre.
    centres = np.array([[-2.0, 0.0], [2.0, 0.0], [0.0, 3.0]])
    model = gn.Sequential([gn.layers.Dense(3, activation="softmax", input_shape=(2,))])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.set_weights([centres.T.copy(), -0.5 * (centres ** 2).sum(axis=1)])
    rng = np.random.default_rng(0)
    labels = np.repeat([0, 1, 2], 10)
    X = centres[labels] + 0.3 * rng.normal(size=(30, 2))
    ax = gn.plot.decision_boundary(model, X, labels, surface="class", resolution=60).axes[0]
    assert legend_texts(ax) == ["class 0", "class 1", "class 2"]
    image = ax.images[0]
    rgba = image.get_array()
    x1, x2 = pixel_centres(image)
    nearest = ((np.stack(np.meshgrid(x1, x2), -1)[..., None, :] - centres) ** 2).sum(-1).argmin(-1)
    # pixels of one predicted class share one colour, different classes differ
    colours = [np.unique(rgba[nearest == k].reshape(-1, 4).round(6), axis=0) for k in range(3)]
    assert all(len(c) == 1 for c in colours)
    assert len(np.unique(np.concatenate(colours), axis=0)) == 3
    # one-hot targets give the same picture
    ax2 = gn.plot.decision_boundary(model, X, np.eye(3)[labels], surface="class",
                                    resolution=60).axes[0]
    np.testing.assert_array_equal(ax2.images[0].get_array(), rgba)


def test_decision_boundary_regression_curve_on_one_input():
    model = gn.Sequential([gn.layers.Dense(1, input_shape=(1,))])
    model.compile(optimizer="sgd", loss="mse")
    model.set_weights([np.array([[2.0]]), np.array([1.0])])  # y = 2 x + 1
    x = np.linspace(-1, 1, 11)[:, None]
    fig, ax = plt.subplots()
    assert gn.plot.decision_boundary(model, x, 2 * x[:, 0] + 1, ax=ax) is fig
    (curve,) = ax.get_lines()
    np.testing.assert_allclose(curve.get_ydata(), 2 * curve.get_xdata() + 1, atol=1e-6)
    assert curve.get_xdata().min() < -1 and curve.get_xdata().max() > 1
    assert len(ax.collections) == 1  # the data points
    assert ax.get_xlabel() == "$x_1$" and ax.get_ylabel() == "y"
    assert legend_texts(ax) == ["data", "model"]


def test_decision_boundary_errors():
    model = gn.Sequential([gn.layers.Dense(1, input_shape=(3,))])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="1 or 2 input features"):
        gn.plot.decision_boundary(model, np.zeros((5, 3)), np.zeros(5))
    with pytest.raises(ValueError, match="surface must be"):
        gn.plot.decision_boundary(model, np.zeros((5, 2)), np.zeros(5), surface="odds")
    with pytest.raises(ValueError, match="one target per row"):
        gn.plot.decision_boundary(logistic_model([[1.0], [1.0]], [0.0]),
                                  np.zeros((5, 2)), np.zeros(4))


# --- activations ------------------------------------------------------------------------
def test_activations_draw_each_function_and_its_derivative():
    fig = gn.plot.activations()
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in axes] == [
        "sigmoid", "tanh", "relu", "leaky relu (negative_slope=0.05)", "elu (alpha=1)"]
    z = np.linspace(-5, 5, 401)
    # g and g' from the textbook formulas
    expected = {
        "sigmoid": (sigmoid(z), sigmoid(z) * (1 - sigmoid(z))),
        "tanh": (np.tanh(z), 1 - np.tanh(z) ** 2),
        "relu": (np.maximum(z, 0), (z > 0).astype(float)),
        "leaky relu (negative_slope=0.05)": (np.where(z > 0, z, 0.05 * z),
                                             np.where(z > 0, 1, 0.05)),
        "elu (alpha=1)": (np.where(z > 0, z, np.exp(z) - 1), np.where(z > 0, 1, np.exp(z))),
    }
    for ax in axes:
        g_line, dg_line = labelled_lines(ax)
        g, dg = expected[ax.get_title()]
        np.testing.assert_allclose(g_line.get_xdata(), z)
        np.testing.assert_allclose(g_line.get_ydata(), g, atol=1e-6)
        np.testing.assert_allclose(dg_line.get_ydata(), dg, atol=1e-6)
        assert ax.get_xlabel() == "$z$" and len(legend_texts(ax)) == 2
    assert max(labelled_lines(axes[0])[1].get_ydata()) == pytest.approx(0.25)


def test_activations_choice_and_errors():
    fig, axes = plt.subplots(1, 2)
    assert gn.plot.activations(["linear", "tanh"], z=[-1, 0, 1], axes=axes) is fig
    np.testing.assert_allclose(labelled_lines(axes[0])[1].get_ydata(), [1, 1, 1])
    with pytest.raises(ValueError, match="softmax normalises a whole row"):
        gn.plot.activations(["softmax"])
    with pytest.raises(ValueError, match="Unknown activation"):
        gn.plot.activations(["swishy"])


# --- learning rates ---------------------------------------------------------------------
def regression_data(m=32):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(m, 1))
    return x, 3 * x[:, 0] + 0.1 * rng.normal(size=m)


def linear_regression():
    model = gn.Sequential([gn.layers.Dense(1, input_shape=(1,))])
    model.compile(optimizer=gn.optimizers.SGD(), loss="mse")
    return model


def test_learning_rates_overlays_runs_and_stops_a_diverging_one():
    x, t = regression_data()
    # MSE of a line: gradient descent diverges for lr > 2 / (2 * var(x)) ~ 1; 50 explodes.
    with warnings.catch_warnings():
        warnings.simplefilter("error", NonFiniteLossWarning)  # none may escape
        fig = gn.plot.learning_rates(linear_regression, x, t, rates=[0.01, 0.3, 50.0],
                                     epochs=30, batch_size=len(x))
    ax = fig.axes[0]
    lines = labelled_lines(ax)
    assert legend_texts(ax) == ["lr = 0.01", "lr = 0.3", "lr = 50 (diverged)"]
    small, good, diverged = lines
    assert len(small.get_xdata()) == len(good.get_xdata()) == 30
    # the diverging run is drawn up to its last finite loss, then stops
    n = len(diverged.get_xdata())
    assert 2 <= n < 30 and np.isfinite(diverged.get_ydata()).all()
    assert not np.isfinite(fig.runs[50.0][-1]) and len(fig.runs[50.0]) == n + 1
    # all runs start from the same weights: the first full-batch loss is the same
    assert small.get_ydata()[0] == pytest.approx(good.get_ydata()[0])
    assert small.get_ydata()[0] == pytest.approx(diverged.get_ydata()[0])
    assert good.get_ydata()[-1] < small.get_ydata()[-1] < small.get_ydata()[0]
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "Epoch"
    # the y-axis stays on the sensible runs: it ends below the exploded values
    assert ax.get_ylim()[1] < diverged.get_ydata().max()


def test_learning_rates_errors():
    x, t = regression_data(8)

    def not_compiled():
        return gn.Sequential([gn.layers.Dense(1, input_shape=(1,))])

    with pytest.raises(ValueError, match="not compiled"):
        gn.plot.learning_rates(not_compiled, x, t, rates=[0.1], epochs=1)
    shared = linear_regression()
    with pytest.raises(ValueError, match="same model or optimizer twice"):
        gn.plot.learning_rates(lambda: shared, x, t, rates=[0.1, 0.2], epochs=1)
    with pytest.raises(ValueError, match="positive learning rates"):
        gn.plot.learning_rates(linear_regression, x, t, rates=[-0.1], epochs=1)
    with pytest.raises(TypeError, match="build_model must be a function"):
        gn.plot.learning_rates(shared, x, t, rates=[0.1], epochs=1)


# --- gradient descent variants ------------------------------------------------------------
def test_gradient_descent_variants_counts_updates_per_epoch():
    X, y = separable_set(m=40)

    def logistic():
        model = gn.Sequential([gn.layers.Dense(1, activation="sigmoid", input_shape=(2,))])
        model.compile(optimizer=gn.optimizers.SGD(0.1), loss="binary_crossentropy")
        return model

    fig = gn.plot.gradient_descent_variants(logistic, X, y, epochs=3, batch_size=8)
    ax_epoch, ax_update = fig.axes
    by_epoch = labelled_lines(ax_epoch)
    by_update = labelled_lines(ax_update)
    assert legend_texts(ax_epoch) == ["batch GD (batch = 40)", "mini-batch GD (batch = 8)",
                                      "stochastic GD (batch = 1)"]
    assert [len(line.get_xdata()) for line in by_epoch] == [4, 4, 4]  # epochs 0..3
    # updates: 1 per epoch, ceil(40 / 8) = 5 per epoch, 40 per epoch
    assert [len(line.get_xdata()) for line in by_update] == [3, 15, 120]
    start = [line.get_ydata()[0] for line in by_epoch]
    assert start[0] == pytest.approx(start[1]) == pytest.approx(start[2])
    # batch GD's update loss (train_on_batch, before each step) is the whole-set loss
    # (evaluate) at the previous epoch: two engine paths that must agree
    np.testing.assert_allclose(by_update[0].get_ydata(), by_epoch[0].get_ydata()[:3],
                               rtol=1e-5)
    assert ax_update.get_xscale() == "log"
    assert ax_epoch.get_xlabel() == "Epoch" and "updates" in ax_update.get_xlabel()
    with pytest.raises(ValueError, match="batch_size must be between 1 and m=40"):
        gn.plot.gradient_descent_variants(logistic, X, y, epochs=1, batch_size=41)


# --- network ----------------------------------------------------------------------------
def lab_network():
    """The lab's 2-2-1 sigmoid network with its weights and no biases."""
    model = gn.Sequential([
        gn.layers.Dense(2, activation="sigmoid", use_bias=False, input_shape=(2,)),
        gn.layers.Dense(1, activation="sigmoid", use_bias=False),
    ], name="lab")
    # w_{1,1} = 0.2, w_{2,1} = 0.2, w_{1,2} = 0.3, w_{2,2} = 0.3; w_{1,3} = 0.3, w_{2,3} = 0.9
    model.set_weights([np.array([[0.2, 0.3], [0.2, 0.3]]), np.array([[0.3], [0.9]])])
    return model


def test_network_draws_the_lab_network_readably():
    fig = gn.plot.network(lab_network())
    ax = fig.axes[0]
    connections = ax.get_lines()
    assert len(connections) == 2 * 2 + 2 * 1
    texts = [t.get_text() for t in ax.texts]
    assert sorted(t for t in texts if t[0].isdigit()) == sorted(
        ["0.20", "0.20", "0.30", "0.30", "0.30", "0.90"])
    widths = {(tuple(line.get_xdata()), tuple(line.get_ydata())): line.get_linewidth()
              for line in connections}
    assert max(widths.values()) == pytest.approx(5.0)  # the largest weight, 0.9
    # x2 (bottom) -> h2 (bottom) is w_{2,2} = 0.3; h2 -> output is 0.9: thicker
    assert widths[((1.0, 2.0), (-0.5, 0.0))] > widths[((0.0, 1.0), (-0.5, -0.5))]
    for line in connections:  # all weights positive: blue, not red
        r, _, b, _ = matplotlib.colors.to_rgba(line.get_color())
        assert b > r
    n_neurons = sum(len(c.get_offsets()) for c in ax.collections)
    assert n_neurons == 5
    assert "$x_{1}$" in texts and "$\\hat y$" in texts
    assert any("(2, sigmoid)" in t for t in texts)


def test_network_colours_sign_writes_biases_and_notes_dropout():
    model = gn.Sequential([
        gn.layers.Dense(2, activation="relu", input_shape=(1,)),
        gn.layers.Dropout(0.5),
        gn.layers.Dense(1),
    ])
    model.set_weights([np.array([[-1.0, 1.0]]), np.array([0.5, 0.0]),
                       np.array([[1.0], [1.0]]), np.array([0.0])])
    _, ax = plt.subplots()
    gn.plot.network(model, ax=ax)
    negative = ax.get_lines()[0]  # x1 -> h1, w = -1
    r, _, b, _ = matplotlib.colors.to_rgba(negative.get_color())
    assert r > b
    texts = [t.get_text() for t in ax.texts]
    assert "b=0.50" in texts and "-1.00" in texts
    assert any("+ dropout 0.5" in t for t in texts)


def test_network_large_layers_are_cut_and_values_hidden():
    model = gn.Sequential([gn.layers.Dense(30, activation="relu", input_shape=(4,)),
                           gn.layers.Dense(1)])
    ax = gn.plot.network(model, max_neurons=10).axes[0]
    assert len(ax.get_lines()) == 4 * 10 + 10 * 1
    texts = [t.get_text() for t in ax.texts]
    assert "+20 more" in texts
    assert not any(t[:1].isdigit() or t.startswith("-") for t in texts)  # 120 weights


def test_network_errors():
    with pytest.raises(ValueError, match="needs a built model"):
        gn.plot.network(gn.Sequential([gn.layers.Dense(1)]))
    a, b = gn.Input(shape=(2,)), gn.Input(shape=(1,))
    merged = gn.layers.Concatenate()([gn.layers.Dense(2)(a), b])
    model = gn.Model([a, b], gn.layers.Dense(1)(merged))
    with pytest.raises(ValueError, match="chain of Dense layers"):
        gn.plot.network(model)


# --- gradient norms ---------------------------------------------------------------------
def test_gradient_norms_from_a_history_dict_and_an_object():
    record = {"epoch": [0, 1, 2], "layers": {
        "dense": {"grad_norm": [1e-4, 2e-4, 3e-4], "weight_norm": [1.0, 1.0, 1.0]},
        "dense_1": {"grad_norm": [1e-2, 2e-2, 1e-2]},
        "dense_2": {"grad_norm": [0.5, 0.4, 0.3]}}}
    for source in (record, types.SimpleNamespace(history=record)):
        ax = gn.plot.gradient_norms(source).axes[0]
        lines = labelled_lines(ax)
        assert legend_texts(ax) == ["dense", "dense_1", "dense_2"]
        for line, name in zip(lines, record["layers"], strict=True):
            np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3])
            np.testing.assert_allclose(line.get_ydata(), record["layers"][name]["grad_norm"])
        assert ax.get_yscale() == "log" and ax.get_xlabel() == "Epoch"
    with pytest.raises(TypeError, match="GradientDiagnostics callback"):
        gn.plot.gradient_norms([1, 2, 3])
    with pytest.raises(ValueError, match="no 'weight_norm' record"):
        gn.plot.gradient_norms(record, key="weight_norm")
    with pytest.raises(ValueError, match="hold no layers yet"):
        gn.plot.gradient_norms({"epoch": [], "layers": {}})


def test_gradient_norms_from_the_gradient_diagnostics_callback():
    from glassnet.callbacks import GradientDiagnostics

    X, y = separable_set(m=32)
    model = gn.Sequential([gn.layers.Dense(4, activation="sigmoid", input_shape=(2,)),
                           gn.layers.Dense(4, activation="sigmoid"),
                           gn.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=gn.optimizers.SGD(0.1), loss="binary_crossentropy")
    diagnostics = GradientDiagnostics()
    model.fit(X, y, epochs=3, batch_size=8, verbose=0, callbacks=[diagnostics])
    ax = gn.plot.gradient_norms(diagnostics).axes[0]
    names = [layer.name for layer in model.layers]
    assert legend_texts(ax) == names
    for line, name in zip(labelled_lines(ax), names, strict=True):
        np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3])
        np.testing.assert_allclose(line.get_ydata(),
                                   diagnostics.history["layers"][name]["grad_norm"])
        assert np.all(line.get_ydata() > 0)


# --- saving -----------------------------------------------------------------------------
@pytest.mark.parametrize("suffix, magic", [("png", b"\x89PNG"), ("svg", b"<?xml"),
                                           ("pdf", b"%PDF")])
def test_figures_save_as_png_svg_pdf(tmp_path, suffix, magic):
    path = tmp_path / f"lab.{suffix}"
    gn.plot.network(lab_network()).savefig(path)
    assert path.read_bytes().startswith(magic)
