"""explain(): every number is the engine's, and the model is left as it was.

The lab's 2-2-1 network (seed 001) is checked against plain math written out here;
other networks against ``train_on_batch`` run on a copy of the same model.
"""

import copy
import math

import numpy as np
import pytest

import glassnet as gn
from glassnet.explanation.replay import exact_value, replay


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def lab_model(optimizer=None):
    """The lab's network: x = (0.35, 0.7), sigmoid, no biases, target 0.5, lr 1."""
    model = gn.Sequential([
        gn.layers.Dense(2, activation="sigmoid", use_bias=False, input_shape=(2,),
                        dtype="float64"),
        gn.layers.Dense(1, activation="sigmoid", use_bias=False, dtype="float64"),
    ])
    # Keras kernel (n_in, n_out): column j holds the weights into hidden neuron j.
    model.layers[0].set_weights([np.array([[0.2, 0.3], [0.2, 0.3]])])  # w11 w12 / w21 w22
    model.layers[1].set_weights([np.array([[0.3], [0.9]])])  # w13, w23
    model.compile(optimizer=optimizer or gn.optimizers.SGD(1.0), loss="half_squared_error")
    return model


X_LAB, Y_LAB = np.array([[0.35, 0.7]]), np.array([[0.5]])


def test_lab_forward_backward_and_update_match_plain_math():
    report = gn.explain(lab_model(), X_LAB, Y_LAB)
    hidden, out = report.steps
    # Forward, by hand: a1 = 0.2*0.35 + 0.2*0.7 = 0.21, a2 = 0.3*0.35 + 0.3*0.7 = 0.315
    y3, y4 = sigmoid(0.21), sigmoid(0.315)
    a3 = 0.3 * y3 + 0.9 * y4
    y5 = sigmoid(a3)
    np.testing.assert_allclose(hidden.Z, [[0.21, 0.315]], rtol=1e-12)
    np.testing.assert_allclose(hidden.A, [[y3, y4]], rtol=1e-12)
    np.testing.assert_allclose(out.Z, [[a3]], rtol=1e-12)
    np.testing.assert_allclose(report.loss, 0.5 * (y5 - 0.5) ** 2, rtol=1e-12)
    # Backward: dL/dy5 = y5 - t; delta = dL/dz (the lab's delta is its negative)
    d5 = (y5 - 0.5) * y5 * (1 - y5)
    d3, d4 = 0.3 * d5 * y3 * (1 - y3), 0.9 * d5 * y4 * (1 - y4)
    np.testing.assert_allclose(out.dA, [[y5 - 0.5]], rtol=1e-12)
    np.testing.assert_allclose(out.gprime, [[y5 * (1 - y5)]], rtol=1e-12)
    np.testing.assert_allclose(out.dZ, [[d5]], rtol=1e-12)
    np.testing.assert_allclose(hidden.dZ, [[d3, d4]], rtol=1e-12)
    np.testing.assert_allclose(out.dW, [[y3 * d5], [y4 * d5]], rtol=1e-12)
    np.testing.assert_allclose(hidden.dW, [[0.35 * d3, 0.35 * d4], [0.7 * d3, 0.7 * d4]],
                               rtol=1e-12)
    # Update, lr = 1: w <- w - dL/dw
    np.testing.assert_allclose(out.W_new, [[0.3 - y3 * d5], [0.9 - y4 * d5]], rtol=1e-12)
    np.testing.assert_allclose(hidden.W_new[0, 0], 0.2 - 0.35 * d3, rtol=1e-12)


def _train_on_copy(model, x, y):
    twin = copy.deepcopy(model)
    twin.train_on_batch(x, y)
    return twin


def _assert_same_as_training(model, x, y, **kwargs):
    report = gn.explain(model, x, y, **kwargs)
    twin = _train_on_copy(model, x, y)
    for layer in [layer for layer in twin.layers if layer.params]:
        grads = report.gradients[layer.name]
        np.testing.assert_array_equal(grads["kernel"], layer.grads["kernel"])
        if layer.use_bias:
            np.testing.assert_array_equal(grads["bias"], layer.grads["bias"])
        for new, after in zip(report.updated_weights[layer.name], layer.get_weights(), strict=True):
            np.testing.assert_array_equal(new, after)
    return report, twin


@pytest.mark.parametrize("optimizer", [
    lambda: gn.optimizers.SGD(0.5),
    lambda: gn.optimizers.SGD(0.1, momentum=0.9),
    lambda: gn.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
    lambda: gn.optimizers.Adam(0.01),
    lambda: gn.optimizers.RMSprop(0.01),
])
def test_gradients_and_updates_equal_train_on_batch(optimizer):
    model = lab_model(optimizer())
    model.train_on_batch(X_LAB, Y_LAB)  # a first step, so momentum / Adam carry state
    before = [w.copy() for w in model.get_weights()]
    iterations = model.optimizer.iterations
    _assert_same_as_training(model, X_LAB, Y_LAB)
    # explain did not change the model or its optimizer
    for old, now in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(old, now)
    assert model.optimizer.iterations == iterations


@pytest.mark.parametrize("hidden,output,loss,y", [
    ("relu", "sigmoid", "binary_crossentropy", [[1.0], [0.0], [1.0]]),
    ("tanh", "softmax", "categorical_crossentropy", [[1, 0], [0, 1], [0, 1]]),
    ("leaky_relu", "linear", "mse", [[0.5, -1.0], [2.0, 0.0], [1.0, 1.0]]),
    ("elu", "tanh", "mae", [[0.5, -0.2], [0.1, 0.3], [-0.4, 0.2]]),
    ("sigmoid", "softmax", "mse", [[1, 0], [0, 1], [0, 1]]),
])
def test_any_activation_and_loss_on_a_batch_equals_train_on_batch(hidden, output, loss, y):
    gn.utils.set_random_seed(3)
    y = np.array(y, dtype=float)
    model = gn.Sequential([
        gn.layers.Dense(4, activation=hidden, input_shape=(3,), dtype="float64"),
        gn.layers.Dense(3, activation="tanh", dtype="float64"),
        gn.layers.Dense(y.shape[1], activation=output, dtype="float64"),
    ])
    model.compile(optimizer=gn.optimizers.SGD(0.3), loss=loss)
    x = np.random.default_rng(0).normal(size=(3, 3))
    report, _ = _assert_same_as_training(model, x, y)
    # dZ = dA * g'(Z) for every element-wise layer (the factors the report shows)
    for s in report.steps:
        if s.dA is not None and s.activation.name != "softmax":
            np.testing.assert_allclose(s.dZ, s.dA * s.gprime, rtol=1e-12, atol=1e-15)


def test_functional_chain_with_regularizer_equals_train_on_batch():
    inputs = gn.Input(shape=(2,))
    hidden = gn.layers.Dense(3, activation="tanh", kernel_regularizer=gn.regularizers.L2(0.1),
                             dtype="float64")(inputs)
    outputs = gn.layers.Dense(1, dtype="float64")(hidden)
    model = gn.Model(inputs, outputs, dtype="float64")
    model.compile(optimizer=gn.optimizers.SGD(0.1), loss="mse")
    _assert_same_as_training(model, [[1.0, -2.0], [0.5, 0.1]], [[1.0], [0.0]])


def test_float32_model_is_explained_in_float64_on_a_copy():
    gn.utils.set_random_seed(1)
    model = gn.Sequential([gn.layers.Dense(2, activation="sigmoid", input_shape=(2,)),
                           gn.layers.Dense(1)])
    model.compile(optimizer=gn.optimizers.SGD(0.1), loss="mse")
    report = gn.explain(model, [[1.0, 2.0]], [[1.0]])
    assert report.steps[0].dW.dtype == np.float64
    assert model.layers[0].kernel.dtype == np.float32
    assert "float32" in " ".join(report.notes())
    twin = _train_on_copy(model, np.array([[1.0, 2.0]]), np.array([[1.0]]))
    np.testing.assert_allclose(report.updated_weights[twin.layers[0].name][0],
                               twin.layers[0].kernel, rtol=1e-5)


def test_replay_without_answers_gives_the_engine_values_back():
    gn.utils.set_random_seed(2)
    model = gn.Sequential([gn.layers.Dense(3, activation="relu", input_shape=(2,),
                                           dtype="float64"),
                           gn.layers.Dense(1, activation="sigmoid", dtype="float64")])
    model.compile(optimizer=gn.optimizers.Adam(0.1), loss="binary_crossentropy")
    report = gn.explain(model, [[1.0, -1.0], [0.3, 2.0]], [[1.0], [0.0]])
    got, used = replay(report.steps, report.info, {})
    assert got.keys() == used.keys()
    for (q, l), value in got.items():
        if q == "dA" and l == 2:
            continue  # fused: the engine goes straight to dZ = (A - Y)/m
        np.testing.assert_allclose(value, exact_value(report.steps, report.info, q, l),
                                   rtol=1e-12, atol=1e-15, err_msg=f"{q}{l}")


def test_one_example_may_be_given_as_a_vector():
    report = gn.explain(lab_model(), [0.35, 0.7], [0.5])
    np.testing.assert_allclose(report.steps[0].Z, [[0.21, 0.315]])


def test_clear_errors():
    model = gn.Sequential([gn.layers.Dense(2, input_shape=(2,)),
                           gn.layers.LayerNormalization(), gn.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(TypeError, match="writes out Dense layers.*LayerNormalization"):
        gn.explain(model, [[1.0, 2.0]], [[1.0]])
    plain = gn.Sequential([gn.layers.Dense(1, input_shape=(2,))])
    with pytest.raises(RuntimeError, match="compiled model"):
        gn.explain(plain, [[1.0, 2.0]], [[1.0]])
    with pytest.raises(ValueError, match="notation must be one of"):
        gn.explain(lab_model(), X_LAB, Y_LAB, notation="rows")
    with pytest.raises(TypeError, match="notation='lab' writes Dense layers.*BatchNorm"):
        dropped = gn.Sequential([gn.layers.Dense(2, input_shape=(2,)),
                                 gn.layers.BatchNormalization(), gn.layers.Dense(1)])
        dropped.compile(optimizer="sgd", loss="mse")
        gn.explain(dropped, np.ones((2, 2)), np.ones((2, 1)), notation="lab")
    with pytest.raises(ValueError, match="significant figures"):
        gn.explain(lab_model(), X_LAB, Y_LAB, decimals=-1)
    with pytest.raises(ValueError, match="significant figures"):
        gn.explain(lab_model(), X_LAB, Y_LAB, sig=0)


def test_gn_explain_has_the_full_signature_of_the_real_function():
    import inspect

    import glassnet.explanation

    assert inspect.signature(gn.explain) == inspect.signature(glassnet.explanation.explain)
    assert "Parameters" in gn.explain.__doc__


@pytest.mark.parametrize("optimizer", [
    lambda: gn.optimizers.SGD(0.1, momentum=0.9),
    lambda: gn.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
    lambda: gn.optimizers.RMSprop(0.01),
    lambda: gn.optimizers.Adam(0.01),
])
def test_three_steps_equal_three_train_on_batch_calls_and_show_the_state(optimizer):
    model = lab_model(optimizer())
    report = gn.explain(model, X_LAB, Y_LAB, steps=3)
    twin = copy.deepcopy(model)
    for t in (1, 2, 3):
        twin.train_on_batch(X_LAB, Y_LAB)
        step = report.step(t)
        for layer, s in zip(twin.layers, step.steps, strict=True):
            np.testing.assert_allclose(s.W_new, layer.kernel, rtol=1e-12, atol=1e-15)
    # the state: momentum's velocity, RMSprop's s, Adam's m and v, as rows of each step
    text = report.to_text(width=250)
    assert text.count("Step 3: Update") == 1 and "Step 2: Forward pass" in text
    state = {"SGD": "v(W1)", "RMSprop": "s(W1)", "Adam": "m(W1)"}[type(model.optimizer).__name__]
    assert state in text
    # velocity after step 2 = μ v1 − η g2, from the engine's own values of both steps
    if type(model.optimizer).__name__ == "SGD":
        s1, s2 = report.step(1).steps[1], report.step(2).steps[1]
        v1 = s1.slots_after["kernel"]["velocity"]
        np.testing.assert_allclose(s2.slots_after["kernel"]["velocity"],
                                   0.9 * v1 - 0.1 * s2.dW, rtol=1e-12)
    with pytest.raises(ValueError, match="steps 1 to 3"):
        report.step(4)
    with pytest.raises(ValueError, match="steps must be"):
        gn.explain(model, X_LAB, Y_LAB, steps=0)
