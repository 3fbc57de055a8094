"""The names added for Keras compatibility (issue 14), checked against real Keras 3.

Each case runs the same inputs through ``keras`` (3.15, PyTorch backend) and through
glassnet. Keras computes most of these in float32, so the bar is float32 rounding
(``rtol=1e-5``); glassnet runs in float64.
"""

import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import glassnet as gn  # noqa: E402

RTOL = 1e-5
rng = np.random.default_rng(0)
M = 40
Y_BIN = rng.integers(0, 2, (M, 1)).astype("float64")
P_BIN = np.clip(Y_BIN * 0.3 + rng.uniform(0, 0.7, (M, 1)), 0.01, 0.99)
LOGITS = np.log(P_BIN / (1 - P_BIN))
WEIGHTS = rng.uniform(0.2, 2, M)
Y_CAT = np.eye(4)[rng.integers(0, 4, M)]
P_CAT = rng.dirichlet(np.ones(4), M)
Y_REAL = rng.normal(size=(M, 3))
P_REAL = Y_REAL + rng.normal(scale=0.5, size=(M, 3))


def numpy(x):
    return np.asarray(keras.ops.convert_to_numpy(x), dtype=np.float64)


# --- metrics ------------------------------------------------------------------------
# (id, keras metric, glassnet metric, y_true, y_pred)
METRIC_CASES = [
    ("auc-roc", "AUC()", Y_BIN, P_BIN),
    ("auc-pr", "AUC(curve='PR')", Y_BIN, P_BIN),
    ("auc-pr-minoring", "AUC(curve='PR', summation_method='minoring')", Y_BIN, P_BIN),
    ("auc-roc-majoring", "AUC(num_thresholds=7, summation_method='majoring')", Y_BIN, P_BIN),
    ("auc-from-logits", "AUC(from_logits=True)", Y_BIN, LOGITS),
    ("auc-pr-from-logits", "AUC(curve='PR', from_logits=True)", Y_BIN, LOGITS),
    ("auc-thresholds", "AUC(thresholds=[0.3, 0.5, 0.1])", Y_BIN, P_BIN),
    ("f1-per-class", "F1Score()", Y_CAT, P_CAT),
    ("f1-macro", "F1Score(average='macro')", Y_CAT, P_CAT),
    ("f1-micro-threshold", "F1Score(average='micro', threshold=0.3)", Y_CAT, P_CAT),
    ("f1-weighted", "F1Score(average='weighted')", Y_CAT, P_CAT),
    ("f1-binary-threshold", "F1Score(threshold=0.5)", Y_BIN, P_BIN),
    ("f1-binary-default", "F1Score()", Y_BIN, P_BIN),  # every nonzero score is positive
    ("fbeta-2", "FBetaScore(beta=2.0, average='macro')", Y_CAT, P_CAT),
    ("r2", "R2Score()", Y_REAL, P_REAL),
    ("r2-variance-weighted", "R2Score(class_aggregation='variance_weighted_average')",
     Y_REAL, P_REAL),
    ("r2-per-output", "R2Score(class_aggregation=None)", Y_REAL, P_REAL),
    ("r2-adjusted", "R2Score(num_regressors=3)", Y_REAL, P_REAL),
    ("r2-one-output", "R2Score()", Y_REAL[:, 0], P_REAL[:, :1]),
    ("top-2", "TopKCategoricalAccuracy(k=2)", Y_CAT, P_CAT),
    ("rmse", "RootMeanSquaredError()", Y_REAL, P_REAL),
]


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("expr, y, p", [c[1:] for c in METRIC_CASES],
                         ids=[c[0] for c in METRIC_CASES])
def test_metric_matches_keras(expr, y, p, weighted):
    sw = WEIGHTS if weighted else None
    theirs = eval("keras.metrics." + expr)
    ours = eval("gn.metrics." + expr)
    # two batches: the state accumulates as Keras's does
    for part in (slice(0, 25), slice(25, None)):
        theirs.update_state(y[part], p[part], None if sw is None else sw[part])
        ours.update_state(y[part], p[part], None if sw is None else sw[part])
    np.testing.assert_allclose(ours.result(), numpy(theirs.result()), rtol=RTOL, atol=1e-7)


def test_metric_class_names_resolve_as_in_keras():
    # compile(metrics=["RootMeanSquaredError"]) works in Keras and keeps that name
    metric = gn.metrics.get("RootMeanSquaredError")
    assert isinstance(metric, gn.metrics.RootMeanSquaredError)
    assert metric.name == "RootMeanSquaredError"
    assert isinstance(gn.metrics.get({"class_name": "F1Score", "config": {}}),
                      gn.metrics.F1Score)
    assert keras.metrics.get("RootMeanSquaredError").name == "root_mean_squared_error"


# --- activations: values, and derivatives against PyTorch's autograd ---------------------
# A grid that misses every kink (0, ±3, 1.1, 2.5, 4.2, 6), where one-sided slopes differ
Z = np.linspace(-7.013, 6.987, 57).reshape(-1, 1)

# (id, keras call on x, glassnet activation)
ACTIVATION_CASES = [
    ("relu", lambda x: keras.activations.relu(x), gn.activations.ReLU()),
    ("relu-slope", lambda x: keras.activations.relu(x, negative_slope=0.1),
     gn.activations.ReLU(negative_slope=0.1)),
    ("relu-cap", lambda x: keras.activations.relu(x, max_value=2.5),
     gn.activations.ReLU(max_value=2.5)),
    ("relu6", lambda x: keras.activations.relu(x, max_value=6.0),
     gn.activations.ReLU(max_value=6.0)),
    ("relu-threshold", lambda x: keras.activations.relu(x, threshold=1.1),
     gn.activations.ReLU(threshold=1.1)),
    ("relu-all-three", lambda x: keras.activations.relu(x, 0.3, 4.2, 1.1),
     gn.activations.ReLU(0.3, 4.2, 1.1)),
    ("relu-negative-threshold", lambda x: keras.activations.relu(x, threshold=-1.1),
     gn.activations.ReLU(threshold=-1.1)),
    ("leaky_relu", lambda x: keras.activations.leaky_relu(x), gn.activations.LeakyReLU()),
    ("leaky_relu-slope", lambda x: keras.activations.leaky_relu(x, negative_slope=0.05),
     gn.activations.LeakyReLU(negative_slope=0.05)),
    ("elu", lambda x: keras.activations.elu(x, alpha=0.7), gn.activations.ELU(0.7)),
    ("selu", lambda x: keras.activations.selu(x), gn.activations.SELU()),
    ("gelu", lambda x: keras.activations.gelu(x), gn.activations.GELU()),
    ("gelu-approximate", lambda x: keras.activations.gelu(x, approximate=True),
     gn.activations.GELU(approximate=True)),
    ("silu", lambda x: keras.activations.silu(x), gn.activations.SiLU()),
    ("swish", lambda x: keras.activations.swish(x), gn.activations.get("swish")),
    ("softplus", lambda x: keras.activations.softplus(x), gn.activations.Softplus()),
    ("softsign", lambda x: keras.activations.softsign(x), gn.activations.Softsign()),
    ("hard_sigmoid", lambda x: keras.activations.hard_sigmoid(x),
     gn.activations.HardSigmoid()),
    ("exponential", lambda x: keras.activations.exponential(x),
     gn.activations.Exponential()),
]


@pytest.mark.parametrize("keras_fn, ours", [c[1:] for c in ACTIVATION_CASES],
                         ids=[c[0] for c in ACTIVATION_CASES])
def test_activation_and_its_derivative_match_keras(keras_fn, ours):
    import torch

    x = torch.tensor(Z, dtype=torch.float64, requires_grad=True)
    y = keras_fn(x)
    y.sum().backward()  # d(sum g(z))/dz = g'(z), element by element
    A = ours.forward(Z)
    np.testing.assert_allclose(A, y.detach().numpy(), rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(ours.derivative(Z, A), x.grad.numpy(), rtol=1e-7, atol=1e-12)
    assert gn.activations.get(ours.name).name == ours.name


def test_plain_activation_functions_take_keras_arguments():
    x = np.array([-10.0, -5.0, 0.0, 5.0, 10.0])
    for kwargs in ({"negative_slope": 0.5}, {"max_value": 5.0}, {"threshold": 5.0}):
        np.testing.assert_allclose(gn.activations.relu(x, **kwargs),
                                   numpy(keras.activations.relu(x, **kwargs)))
    np.testing.assert_allclose(gn.activations.leaky_relu(x, negative_slope=0.3),
                               numpy(keras.activations.leaky_relu(x, negative_slope=0.3)))


# --- optimizers: ten steps against Keras's own, in float64 -------------------------------
# Keras keeps the learning rate in a float32 variable (0.01 becomes 0.0099999998), so the
# rates here are powers of 2, exact in float32: then the trajectories agree to rounding.
OPTIMIZER_CASES = [
    ("Nadam(learning_rate=2**-7)", 1e-12),
    ("Nadam(learning_rate=2**-6, beta_1=0.6, beta_2=0.9, epsilon=1e-3)", 1e-12),
    ("Adamax(learning_rate=2**-7)", 1e-12),
    ("Adamax(learning_rate=2**-6, beta_1=0.5, beta_2=0.8)", 1e-12),
    ("Lion(learning_rate=2**-7)", 1e-12),
    ("Lion(learning_rate=2**-9, beta_1=0.5, beta_2=0.7)", 1e-12),
]


@pytest.mark.parametrize("expr, rtol", OPTIMIZER_CASES, ids=[c[0] for c in OPTIMIZER_CASES])
def test_optimizer_trajectory_matches_keras(expr, rtol):
    rng = np.random.default_rng(3)
    W0 = rng.normal(size=(3, 2))
    grads = [rng.normal(size=(3, 2)) * (3.0 / (t + 1)) for t in range(10)]
    theirs, ours = eval("keras.optimizers." + expr), eval("gn.optimizers." + expr)
    variable = keras.Variable(W0.copy(), dtype="float64")
    W = W0.copy()
    for g in grads:
        theirs.apply_gradients([(keras.ops.convert_to_tensor(g, dtype="float64"), variable)])
        ours.apply([W], [g])
        np.testing.assert_allclose(W, numpy(variable), rtol=rtol, atol=1e-12)
    assert not np.allclose(W, W0)


@pytest.mark.parametrize("kwargs", [
    {"first_decay_steps": 10},
    {"first_decay_steps": 7, "t_mul": 1.0, "m_mul": 0.5, "alpha": 0.1},
    {"first_decay_steps": 5, "t_mul": 1.5, "m_mul": 0.8},
], ids=["defaults", "t_mul-1", "t_mul-1.5"])
def test_cosine_decay_restarts_matches_keras(kwargs):
    theirs = keras.optimizers.schedules.CosineDecayRestarts(0.1, **kwargs)
    ours = gn.optimizers.schedules.CosineDecayRestarts(0.1, **kwargs)
    steps = range(0, 120, 3)
    np.testing.assert_allclose([ours(s) for s in steps],
                               [float(numpy(theirs(s))) for s in steps], rtol=1e-5, atol=1e-7)
    again = gn.optimizers.schedules.get(gn.optimizers.schedules.serialize(ours))
    assert again.get_config() == ours.get_config()


# --- layers: the same weights, the same outputs ------------------------------------------
def _keras_output(layer, inputs):
    """Keras layer output for numpy inputs (a list for merges), in float64."""
    tensors = [keras.ops.convert_to_tensor(x, dtype="float64") for x in inputs] \
        if isinstance(inputs, list) else keras.ops.convert_to_tensor(inputs, dtype="float64")
    return numpy(layer(tensors))


X4 = rng.normal(size=(7, 4))
X4B = rng.normal(size=(7, 4))
X4C = rng.normal(size=(7, 4))
LAYER_CASES = [
    ("relu-args", "ReLU(max_value=1.2, negative_slope=0.1, threshold=0.3)", X4),
    ("layer-normalization", "LayerNormalization(epsilon=1e-2)", X4),
    ("rescaling", "Rescaling(0.5, offset=-1.0)", X4),
    ("reshape", "Reshape((2, 2))", X4),
    ("reshape-minus-one", "Reshape((-1, 2))", X4),
    ("subtract", "Subtract()", [X4, X4B]),
    ("multiply", "Multiply()", [X4, X4B, X4C]),
    ("average", "Average()", [X4, X4B, X4C]),
    ("maximum", "Maximum()", [X4, X4B, X4C]),
    ("minimum", "Minimum()", [X4, X4B]),
    ("gaussian-noise-inference", "GaussianNoise(0.5)", X4),
    ("gaussian-dropout-inference", "GaussianDropout(0.5)", X4),
]


@pytest.mark.parametrize("expr, x", [c[1:] for c in LAYER_CASES], ids=[c[0] for c in LAYER_CASES])
def test_layer_output_matches_keras(expr, x):
    theirs = eval("keras.layers." + expr, {"keras": keras})
    ours = eval("gn.layers." + expr, {"gn": gn})
    np.testing.assert_allclose(ours(x), _keras_output(theirs, x), rtol=1e-6, atol=1e-7)


def test_prelu_and_layer_normalization_with_trained_weights_match_keras():
    gn.backend.set_floatx("float64")
    alpha = rng.uniform(0.05, 0.5, size=4)
    theirs, ours = keras.layers.PReLU(), gn.layers.PReLU()
    theirs.build((None, 4))
    theirs.set_weights([alpha])
    ours(X4)
    ours.set_weights([alpha])
    np.testing.assert_allclose(ours(X4), _keras_output(theirs, X4), rtol=1e-6)
    gamma, beta = rng.uniform(0.5, 2, 4), rng.normal(size=4)
    theirs, ours = keras.layers.LayerNormalization(), gn.layers.LayerNormalization()
    theirs.build((None, 4))
    theirs.set_weights([gamma, beta])  # Keras's order: gamma, beta
    ours(X4)
    ours.set_weights([gamma, beta])
    np.testing.assert_allclose(ours(X4), _keras_output(theirs, X4), rtol=1e-6)


def test_lowercase_merge_helpers_build_the_same_graph_as_keras():
    a, b = gn.Input(shape=(4,)), gn.Input(shape=(4,))
    outputs = {
        "concatenate": gn.layers.concatenate([a, b]),
        "add": gn.layers.add([a, b]),
        "subtract": gn.layers.subtract([a, b]),
        "multiply": gn.layers.multiply([a, b]),
        "average": gn.layers.average([a, b]),
        "maximum": gn.layers.maximum([a, b]),
        "minimum": gn.layers.minimum([a, b]),
    }
    ka, kb = keras.Input(shape=(4,)), keras.Input(shape=(4,))
    for name, tensor in outputs.items():
        model = gn.Model([a, b], tensor)
        keras_model = keras.Model([ka, kb], getattr(keras.layers, name)([ka, kb]))
        np.testing.assert_allclose(model.predict([X4, X4B], verbose=0),
                                   numpy(keras_model([X4, X4B])), rtol=1e-6, atol=1e-7)


# --- losses: value and gradient (PyTorch's autograd through Keras's loss) ---------------
Y_SOFT = rng.uniform(0.05, 0.95, size=(M, 3))
P_POS = rng.uniform(0.05, 3.0, size=(M, 3))
P_PROB = rng.dirichlet(np.ones(3), M)
Y_ONEHOT = np.eye(3)[rng.integers(0, 3, M)]
Y_BIN3 = rng.integers(0, 2, (M, 3)).astype(float)
P_SIG = rng.uniform(0.02, 0.98, size=(M, 3))
Z3 = rng.normal(scale=2.0, size=(M, 3))
# (id, constructor call, y_true, y_pred)
LOSS_CASES = [
    ("huber", "Huber()", Y_REAL, P_REAL),
    ("huber-delta", "Huber(delta=0.4)", Y_REAL, P_REAL),
    ("log_cosh", "LogCosh()", Y_REAL, P_REAL),
    ("mape", "MeanAbsolutePercentageError()", Y_REAL, P_REAL),
    ("msle", "MeanSquaredLogarithmicError()", Y_SOFT, P_POS),
    ("hinge-binary", "Hinge()", Y_BIN3, Z3),
    ("hinge-signed", "Hinge()", 2 * Y_BIN3 - 1, Z3),
    ("kld", "KLDivergence()", Y_SOFT, P_PROB),
    ("poisson", "Poisson()", Y_SOFT, P_POS),
    ("focal", "BinaryFocalCrossentropy()", Y_BIN3, P_SIG),
    ("focal-all-arguments", "BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.4, "
     "gamma=1.5, label_smoothing=0.1)", Y_BIN3, P_SIG),
    ("focal-from-logits", "BinaryFocalCrossentropy(from_logits=True, gamma=3.0)", Y_BIN3, Z3),
    ("bce-smoothing", "BinaryCrossentropy(label_smoothing=0.2)", Y_BIN3, P_SIG),
    ("bce-smoothing-logits", "BinaryCrossentropy(from_logits=True, label_smoothing=0.1)",
     Y_BIN3, Z3),
    ("cce-smoothing", "CategoricalCrossentropy(label_smoothing=0.2)", Y_ONEHOT, P_PROB),
    ("cce-smoothing-logits", "CategoricalCrossentropy(from_logits=True, label_smoothing=0.3)",
     Y_ONEHOT, Z3),
    ("mse-mean", "MeanSquaredError(reduction='mean')", Y_REAL, P_REAL),
    ("mse-mean-with-sample-weight", "MeanSquaredError(reduction='mean_with_sample_weight')",
     Y_REAL, P_REAL),
    ("cce-mean-with-sample-weight",
     "CategoricalCrossentropy(reduction='mean_with_sample_weight')", Y_ONEHOT, P_PROB),
    ("huber-sum", "Huber(reduction='sum')", Y_REAL, P_REAL),
]


@pytest.mark.parametrize("weighted", [False, True], ids=["unweighted", "weighted"])
@pytest.mark.parametrize("expr, y, p", [c[1:] for c in LOSS_CASES],
                         ids=[c[0] for c in LOSS_CASES])
def test_loss_value_and_gradient_match_keras(expr, y, p, weighted):
    import torch

    sw = WEIGHTS if weighted else None
    theirs = eval("keras.losses." + expr)
    ours = eval("gn.losses." + expr)
    A = torch.tensor(p, dtype=torch.float64, requires_grad=True)
    value = theirs(torch.tensor(y, dtype=torch.float64), A,
                   sample_weight=None if sw is None else torch.tensor(sw, dtype=torch.float64))
    value.backward()
    Y = ours.prepare_targets(y, p)
    np.testing.assert_allclose(ours.reduce(ours.per_example(Y, p), sw), value.item(),
                               rtol=1e-6)
    # Keras computes losses in its float32 dtype policy: float32 rounding, relative to
    # the largest gradient element
    expected = A.grad.numpy()
    np.testing.assert_allclose(ours.gradient(Y, p, sw), expected, rtol=1e-5,
                               atol=1e-6 * np.abs(expected).max())
    # and through from_config, as Keras rebuilds a loss
    again = type(ours).from_config(ours.get_config())
    assert again.get_config() == ours.get_config()
    from_keras = type(ours).from_config(theirs.get_config()).get_config()
    if isinstance(ours, gn.losses.Huber):  # Keras 3.15 leaves delta out of Huber.get_config()
        from_keras["delta"] = ours.delta
        assert from_keras.pop("name") == "huber_loss"  # Keras's name; glassnet's is "huber"
    assert from_keras == ours.get_config()


# --- several outputs and shared layers: the same training as Keras ----------------------
def _twin_models():
    """The same two-output graph in both libraries, with glassnet's weights in Keras's."""
    x = gn.Input(shape=(3,))
    h = gn.layers.Dense(4, activation="tanh", name="hidden")(x)
    ours = gn.Model(x, [gn.layers.Dense(1, name="price")(h),
                        gn.layers.Dense(1, activation="sigmoid", name="buy")(h)])
    kx = keras.Input(shape=(3,))
    kh = keras.layers.Dense(4, activation="tanh", name="hidden")(kx)
    theirs = keras.Model(kx, [keras.layers.Dense(1, name="price")(kh),
                              keras.layers.Dense(1, activation="sigmoid", name="buy")(kh)])
    theirs.set_weights(ours.get_weights())
    return ours, theirs


@pytest.mark.parametrize("compile_args", [
    {"loss": ["mse", "binary_crossentropy"], "loss_weights": [1.0, 0.5],
     "metrics": [["mae"], ["accuracy", "mse"]]},
    {"loss": {"buy": "binary_crossentropy", "price": "huber"},
     "loss_weights": {"buy": 2.0, "price": 1.0}, "metrics": {"buy": "auc", "price": ["mae"]}},
    {"loss": "mse"},
], ids=["lists", "dicts", "one-loss-for-all"])
def test_several_outputs_train_and_report_as_keras(compile_args):
    X = rng.normal(size=(40, 3))
    y = [X @ [[0.5], [-1.0], [0.2]], (X[:, :1] > 0).astype(float)]
    ours, theirs = _twin_models()
    ours.compile(optimizer=gn.optimizers.SGD(2**-3), **compile_args)
    theirs.compile(optimizer=keras.optimizers.SGD(2**-3), **compile_args)
    fit = {"epochs": 3, "batch_size": 10, "shuffle": False, "validation_split": 0.25,
           "verbose": 0}
    h_ours, h_theirs = ours.fit(X, y, **fit).history, theirs.fit(X, y, **fit).history
    assert list(h_ours) == list(h_theirs)  # buy_loss, ..., val_price_mae: Keras's names
    for key in h_theirs:
        np.testing.assert_allclose(h_ours[key], h_theirs[key], rtol=2e-5, atol=1e-6)
    ev_ours = ours.evaluate(X, y, verbose=0)
    ev_theirs = theirs.evaluate(X, y, verbose=0)
    np.testing.assert_allclose(ev_ours, ev_theirs, rtol=2e-5, atol=1e-6)  # Keras's order
    for a, b in zip(ours.predict(X, verbose=0), theirs.predict(X, verbose=0)):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    assert ours.output_names == theirs.output_names == ["price", "buy"]


def test_a_shared_layer_trains_as_in_keras():
    a, b = gn.Input(shape=(2,)), gn.Input(shape=(2,))
    shared = gn.layers.Dense(3, activation="tanh", name="shared")
    out = gn.layers.Dense(1, name="out")(gn.layers.Concatenate()([shared(a), shared(b)]))
    ours = gn.Model([a, b], out)
    ka, kb = keras.Input(shape=(2,)), keras.Input(shape=(2,))
    kshared = keras.layers.Dense(3, activation="tanh", name="shared")
    kout = keras.layers.Dense(1, name="out")(keras.layers.Concatenate()([kshared(ka),
                                                                        kshared(kb)]))
    theirs = keras.Model([ka, kb], kout)
    assert ours.count_params() == theirs.count_params() == 3 * 3 + 7
    theirs.set_weights(ours.get_weights())
    X1, X2 = rng.normal(size=(16, 2)), rng.normal(size=(16, 2))
    y = X1[:, :1] - X2[:, 1:]
    for model, opt in ((ours, gn.optimizers.SGD(2**-3)), (theirs, keras.optimizers.SGD(2**-3))):
        model.compile(optimizer=opt, loss="mse")
        model.fit([X1, X2], y, epochs=4, batch_size=8, shuffle=False, verbose=0)
    for w_ours, w_theirs in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(w_ours, w_theirs, rtol=1e-5, atol=1e-6)
    again = gn.Model.from_config(ours.get_config())  # the shared layer stays one layer
    assert [layer.name for layer in again.layers] == [layer.name for layer in ours.layers]
    assert again.count_params() == ours.count_params()
