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
