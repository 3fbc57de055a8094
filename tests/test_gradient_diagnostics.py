"""GradientDiagnostics: per-layer gradient and activation statistics per epoch."""

import numpy as np

import glassnet as gn
from glassnet.callbacks import GradientDiagnostics

STATS = {"grad_norm", "weight_norm", "activation_mean", "activation_std", "saturated_fraction"}


def deep_net(activation, depth=8, seed=0):
    gn.utils.set_random_seed(seed)
    layers = [gn.layers.Dense(16, activation=activation, input_shape=(10,))]
    layers += [gn.layers.Dense(16, activation=activation) for _ in range(depth - 1)]
    model = gn.Sequential(layers + [gn.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=gn.optimizers.SGD(0.1), loss="binary_crossentropy")
    return model


def data(seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(128, 10))
    return X, (X[:, :1] + X[:, 1:2] > 0).astype(float)


def test_history_structure_and_values_match_the_engine():
    gn.backend.set_floatx("float64")
    gn.utils.set_random_seed(4)
    model = gn.Sequential([gn.layers.Dense(3, activation="tanh", input_shape=(2,)),
                           gn.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=gn.optimizers.SGD(0.5), loss="binary_crossentropy")
    X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
    y = np.array([[1.0], [1.0], [0.0], [0.0]])
    # the first epoch's one batch is the step explain() shows (before any update)
    report = gn.explain(model, X, y)
    diag = GradientDiagnostics()
    model.fit(X, y, epochs=3, batch_size=4, shuffle=False, verbose=0, callbacks=[diag])
    names = [layer.name for layer in model.layers]
    assert diag.history["epoch"] == [0, 1, 2]
    assert list(diag.history["layers"]) == names
    for name, s in zip(names, report.steps, strict=True):
        record = diag.history["layers"][name]
        assert set(record) == STATS and all(len(v) == 3 for v in record.values())
        np.testing.assert_allclose(record["grad_norm"][0], np.sqrt((s.dW ** 2).sum()))
        np.testing.assert_allclose(record["activation_mean"][0], s.A.mean())
        np.testing.assert_allclose(record["activation_std"][0], s.A.std())
        assert 0.0 <= min(record["saturated_fraction"]) <= max(record["saturated_fraction"]) <= 1
    last = model.layers[-1]
    np.testing.assert_allclose(diag.history["layers"][last.name]["weight_norm"][-1],
                               np.linalg.norm(last.kernel))


def test_vanishing_gradients_in_a_deep_sigmoid_network_not_in_relu():
    """The slides: with sigmoid, g'(z) <= 1/4 multiplies in at every layer, so the
    first layer of an 8-layer network gets a gradient thousands of times smaller than
    the last; with ReLU (g' = 1 where active) the first layer keeps a usable one."""
    X, y = data()
    norms = {}
    for activation in ("sigmoid", "relu"):
        diag = GradientDiagnostics()
        model = deep_net(activation)
        model.fit(X, y, epochs=2, batch_size=32, verbose=0, callbacks=[diag])
        layers = list(diag.history["layers"].values())
        norms[activation] = (layers[0]["grad_norm"][0], layers[-1]["grad_norm"][0])
    sigmoid_first, sigmoid_last = norms["sigmoid"]
    relu_first, relu_last = norms["relu"]
    assert sigmoid_first < 1e-3 * sigmoid_last   # vanished along the way
    assert relu_first > 0.1 * relu_last          # kept its size
    assert sigmoid_first < 0.01 * relu_first     # much smaller than ReLU's first layer


def test_it_is_a_callback_in_callbacks_and_keeps_its_old_import_name():
    from glassnet import explanation

    assert issubclass(GradientDiagnostics, gn.callbacks.Callback)
    assert GradientDiagnostics.__module__ == "glassnet.callbacks.gradient_diagnostics"
    assert explanation.GradientDiagnostics is GradientDiagnostics  # the old name still works
