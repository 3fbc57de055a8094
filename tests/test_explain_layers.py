"""explain() for separate Activation/Softmax layers, Dropout, BatchNormalization and
L1/L2 penalties, and the lab's notation for a batch: every number against NumPy
written here (forward by hand, gradients by central differences of that forward), and
students' answers written by hand with the verdict each must get.
"""

import numpy as np
import pytest

import glassnet as gn

L = gn.layers
X = np.array([[0.35, 0.7], [-1.0, 0.5], [2.0, 0.1], [0.3, -0.8]])
Y = np.array([[0.2, 0.9], [0.7, 0.1], [0.4, 0.4], [1.0, 0.0]])
W1 = np.array([[0.2, -0.3, 0.5], [0.4, 0.1, -0.6]])
b1 = np.array([0.1, -0.2, 0.05])
W2 = np.array([[0.5, -0.6], [0.3, 0.8], [-0.7, 0.2]])
b2 = np.array([0.0, 0.1])


@pytest.fixture(autouse=True)
def float64_weights():
    """The weights below are exact in float64 (explain computes in float64 anyway)."""
    before = gn.backend.floatx()
    gn.backend.set_floatx("float64")
    yield
    gn.backend.set_floatx(before)


def compiled(layers, loss="mse", optimizer=None):
    model = gn.Sequential(layers)
    model.compile(optimizer=optimizer or gn.optimizers.SGD(0.5), loss=loss)
    model.build((None, 2))
    dense = [layer for layer in model.layers if isinstance(layer, L.Dense)]
    dense[0].set_weights([W1, b1])
    dense[1].set_weights([W2, b2])
    return model


def shown(report):
    """Every left-hand side, formula and numbers cell, as the report writes them."""
    return " | ".join(f"{e['lhs']} = {e['formula']} = {e['numbers']}"
                      for sec in report.to_dict()["sections"] for e in sec["equations"])


def numerical_gradient(f, P, h=1e-6):
    """Central differences of the scalar ``f()`` with respect to array ``P`` (in place)."""
    grad = np.zeros_like(P)
    for i in np.ndindex(P.shape):
        keep = P[i]
        P[i] = keep + h
        up = f()
        P[i] = keep - h
        down = f()
        P[i] = keep
        grad[i] = (up - down) / (2 * h)
    return grad


# --- separate activation layers ------------------------------------------------------
def test_activation_and_softmax_layers_give_the_numbers_of_activations_inside_dense():
    separate = compiled([L.Dense(3, input_shape=(2,)), L.Activation("tanh"), L.Dense(2),
                         L.Softmax()], "categorical_crossentropy")
    inside = compiled([L.Dense(3, activation="tanh", input_shape=(2,)),
                       L.Dense(2, activation="softmax")], "categorical_crossentropy")
    Yp = Y / Y.sum(axis=1, keepdims=True)
    a, b = gn.explain(separate, X, Yp), gn.explain(inside, X, Yp)
    assert a.info.fused  # softmax layer + cross-entropy: dZ = (A − Y)/m as inside Dense
    # by hand: A1 = tanh(X W1 + b1), A2 = softmax(A1 W2 + b2), dZ2 = (A2 − Y)/m
    A1 = np.tanh(X @ W1 + b1)
    Z2 = A1 @ W2 + b2
    A2 = np.exp(Z2) / np.exp(Z2).sum(axis=1, keepdims=True)
    dZ2 = (A2 - Yp) / 4
    dZ1 = (dZ2 @ W2.T) * (1 - A1**2)
    for s, t in zip(a.steps, b.steps, strict=True):
        for name in ("Z", "A", "dZ", "dW", "db", "W_new"):
            np.testing.assert_allclose(getattr(s, name), getattr(t, name), rtol=1e-12)
    np.testing.assert_allclose(a.steps[1].A, A2, rtol=1e-12)
    np.testing.assert_allclose(a.steps[0].dW, X.T @ dZ1, rtol=1e-10)
    assert "tanh(Z1)" in shown(a)


# --- dropout ---------------------------------------------------------------------------
def dropout_model():
    return compiled([L.Dense(3, activation="relu", input_shape=(2,)), L.Dropout(0.5, seed=7),
                     L.Dense(2)])


def test_dropout_mask_scaling_and_backward():
    report = gn.explain(dropout_model(), X, Y)
    s = report.steps[0]
    M = s.values["mask"]  # the engine's random draw: 0 or 1, the only input taken from it
    assert set(np.unique(M)) <= {0.0, 1.0} and 0 < M.sum() < M.size
    A1 = np.maximum(X @ W1 + b1, 0)
    A1_drop = A1 * M / (1 - 0.5)
    A2 = A1_drop @ W2 + b2
    dA2 = 2 * (A2 - Y) / (4 * 2)  # mse: mean over m = 4 rows and n = 2 outputs
    dA1_drop = dA2 @ W2.T
    dA1 = dA1_drop * M / 0.5
    dZ1 = dA1 * (X @ W1 + b1 > 0)
    np.testing.assert_allclose(s.values["drop"], A1_drop, rtol=1e-12)
    np.testing.assert_allclose(report.steps[1].A_prev, A1_drop, rtol=1e-12)
    np.testing.assert_allclose(s.values["ddrop"], dA1_drop, rtol=1e-10)
    np.testing.assert_allclose(s.dA, dA1, rtol=1e-10)
    np.testing.assert_allclose(s.dW, X.T @ dZ1, rtol=1e-10)
    text = shown(report)
    assert "A1_drop" in text and "/ (1 − 0.5)" in text and "M1" in text


def test_dropout_answers():
    report = gn.explain(dropout_model(), X, Y)
    s = report.steps[0]
    M = s.values["mask"]
    A1 = np.maximum(X @ W1 + b1, 0)
    # a student who forgets the scaling 1/(1 − p) and then goes on consistently
    unscaled = A1 * M
    A2_theirs = unscaled @ W2 + b2
    result = report.check({
        "A1": A1.tolist(),                         # right
        "Adrop1": unscaled.tolist(),               # new error: no 1/(1 − p)
        "Z2": A2_theirs.tolist(),                  # carried forward from their Adrop1
        "dAdrop1": s.values["ddrop"].tolist(),     # right (from the right A2)
        "dA1": (s.values["ddrop"] * M).tolist(),   # new error: mask without the scaling
    })
    status = {v.name: v.status for v in result}
    assert status == {"A1": "right", "Adrop1": "new error", "Z2": "carried forward",
                      "dAdrop1": "right", "dA1": "new error"}
    assert result["Z2"].depends_on[0]["name"] == "Adrop1"


# --- batch normalization ------------------------------------------------------------------
EPS = 1e-3


def bn_forward(X_, W1_, b1_, gamma, beta, W2_, b2_):
    """Dense → batch normalization → sigmoid → Dense(sigmoid), by hand."""
    Z1 = X_ @ W1_ + b1_
    mu, var = Z1.mean(axis=0), ((Z1 - Z1.mean(axis=0)) ** 2).mean(axis=0)
    Zhat = (Z1 - mu) / np.sqrt(var + EPS)
    A1 = 1 / (1 + np.exp(-(gamma * Zhat + beta)))
    A2 = 1 / (1 + np.exp(-(A1 @ W2_ + b2_)))
    return Z1, mu, var, Zhat, A1, A2


def bce(A2):
    return float(np.mean(-(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))))


def bn_model(gamma_reg=None):
    model = compiled([L.Dense(3, input_shape=(2,)),
                      L.BatchNormalization(gamma_regularizer=gamma_reg),
                      L.Activation("sigmoid"), L.Dense(2, activation="sigmoid")],
                     "binary_crossentropy")
    model.layers[1].set_weights([np.array([1.5, 0.5, -1.0]), np.array([0.1, 0.0, -0.2]),
                                 np.zeros(3), np.ones(3)])
    return model


def test_batch_normalization_statistics_and_gradients_by_central_differences():
    report = gn.explain(bn_model(), X, Y)
    s = report.steps[0]
    gamma, beta = np.array([1.5, 0.5, -1.0]), np.array([0.1, 0.0, -0.2])
    P = [W1.copy(), b1.copy(), gamma.copy(), beta.copy()]
    Z1, mu, var, Zhat, A1, A2 = bn_forward(X, *P, W2, b2)
    np.testing.assert_allclose(s.values["mu"], mu, rtol=1e-12)
    np.testing.assert_allclose(s.values["var"], var, rtol=1e-12)
    np.testing.assert_allclose(s.values["xhat"], Zhat, rtol=1e-10)
    np.testing.assert_allclose(s.A, A1, rtol=1e-10)
    np.testing.assert_allclose(report.loss, bce(A2), rtol=1e-10)

    def loss():
        return bce(bn_forward(X, *P, W2, b2)[-1])

    for value, p in ((s.dW, P[0]), (s.values["dgamma"], P[2]), (s.values["dbeta"], P[3])):
        np.testing.assert_allclose(value, numerical_gradient(loss, p), rtol=1e-5, atol=1e-9)
    # b1 is cancelled by the batch mean: its gradient is zero
    np.testing.assert_allclose(s.db, 0, atol=1e-12)
    np.testing.assert_allclose(s.values["gamma_new"], gamma - 0.5 * s.values["dgamma"],
                               rtol=1e-12)
    text = shown(report)
    for piece in ("μ1", "σ1²", "Ẑ1", "Z̃1", "γ1", "∂L/∂β1", "γ1 (new)"):
        assert piece in text, piece


def test_batch_normalization_answers():
    report = gn.explain(bn_model(), X, Y)
    s = report.steps[0]
    Z1 = X @ W1 + b1
    mu = Z1.mean(axis=0)
    var_unbiased = ((Z1 - mu) ** 2).sum(axis=0) / 3  # the classic slip: 1/(m − 1)
    Zhat_theirs = (Z1 - mu) / np.sqrt(var_unbiased + EPS)
    result = report.check({
        "mu1": mu.tolist(),                          # right
        "var1": var_unbiased.tolist(),               # new error
        "Zhat1": Zhat_theirs.tolist(),               # carried forward
        "gamma1_new": [1.5, 0.5, -1.0],              # old value copied
        "dbeta1": s.values["dbn"].sum(axis=0).tolist(),  # right
        "dgamma1": (-s.values["dgamma"]).tolist(),   # sign flip
    })
    status = {v.name: v.status for v in result}
    assert status == {"mu1": "right", "var1": "new error", "Zhat1": "carried forward",
                      "gamma1_new": "new error", "dbeta1": "right", "dgamma1": "new error"}
    assert result["gamma1_new"].slip == "old value copied"
    assert result["dgamma1"].slip == "sign flip"
    assert not any(v.right for v in result if v.name in ("var1", "Zhat1", "gamma1_new"))


def test_batch_normalization_after_the_activation_and_before_dropout():
    model = compiled([L.Dense(3, activation="tanh", input_shape=(2,)), L.BatchNormalization(),
                      L.Dropout(0.25, seed=3), L.Dense(2)])
    report = gn.explain(model, X, Y, notation="slides")
    s = report.steps[0]
    A1 = np.tanh(X @ W1 + b1)
    Ahat = (A1 - A1.mean(axis=0)) / np.sqrt(A1.var(axis=0) + EPS)
    np.testing.assert_allclose(s.values["xhat"], Ahat, rtol=1e-10)
    np.testing.assert_allclose(report.steps[1].A_prev, Ahat * s.values["mask"] / 0.75,
                               rtol=1e-10)
    assert s.post == ["bn", "drop"]
    assert "Â[1]" in shown(report) and "A[1]_drop" in shown(report)


# --- penalties -------------------------------------------------------------------------------
@pytest.mark.parametrize("reg, grad, pen", [
    (gn.regularizers.L1(0.01), lambda W: 0.01 * np.sign(W), lambda W: 0.01 * np.abs(W).sum()),
    (gn.regularizers.L2(0.02), lambda W: 2 * 0.02 * W, lambda W: 0.02 * (W**2).sum()),
])
def test_penalties_in_the_loss_row_and_in_the_gradient(reg, grad, pen):
    model = compiled([L.Dense(3, activation="sigmoid", input_shape=(2,),
                              kernel_regularizer=reg), L.Dense(2)])
    A1 = 1 / (1 + np.exp(-(X @ W1 + b1)))
    A2 = A1 @ W2 + b2
    dZ2 = 2 * (A2 - Y) / 8
    dZ1 = (dZ2 @ W2.T) * A1 * (1 - A1)
    for notation in ("keras", "slides", "lab"):
        x, y = (X, Y) if notation != "lab" else (X[:1], Y[:1])
        report = gn.explain(model, x, y, notation=notation)
        if notation != "lab":
            np.testing.assert_allclose(report.loss, np.mean((A2 - Y) ** 2) + pen(W1),
                                       rtol=1e-12)
            np.testing.assert_allclose(report.steps[0].dW, X.T @ dZ1 + grad(W1), rtol=1e-10)
        text = shown(report)
        loss_row = next(eq for sec in report.sections for eq in sec.equations
                        if eq.key == "loss")
        loss_text = report.formatter.text_parts(loss_row.formula)
        assert ("Σ|" if isinstance(reg, gn.regularizers.L1) else "²") in loss_text.split("+")[-1]
        assert ("sign(" if isinstance(reg, gn.regularizers.L1) else "2 × 0.02 ×") in text
    # a student who leaves the penalty out of dW: a new error, never right
    report = gn.explain(model, X, Y)
    result = report.check({"dW1": (X.T @ dZ1).tolist()})
    assert result["dW1"].status == "new error"


# --- the lab's notation with a batch ---------------------------------------------------------
def test_lab_notation_for_a_batch_sums_over_the_examples():
    model = compiled([L.Dense(3, activation="sigmoid", input_shape=(2,)),
                      L.Dense(2, activation="sigmoid")], "half_squared_error",
                     gn.optimizers.SGD(1.0))
    report = gn.explain(model, X, Y, notation="lab")
    A1 = 1 / (1 + np.exp(-(X @ W1 + b1)))
    A2 = 1 / (1 + np.exp(-(A1 @ W2 + b2)))
    # the lab's δ = −∂L/∂a, with the loss's mean over m = 4 examples (½ Σ over outputs)
    d_out = A2 * (1 - A2) * (Y - A2) / 4
    d_hidden = A1 * (1 - A1) * (d_out @ W2.T)
    eq = {e.key: e for sec in report.sections for e in sec.equations}
    np.testing.assert_allclose(eq["y4"].value, A1[:, 1], rtol=1e-12)   # hidden unit 2
    np.testing.assert_allclose(eq["delta6"].value, d_out[:, 0], rtol=1e-10)
    np.testing.assert_allclose(eq["delta3"].value, d_hidden[:, 0], rtol=1e-10)
    # ∂L/∂w_{1,4}: from hidden unit 1 (y3) into output neuron 4 (y6), summed over examples
    np.testing.assert_allclose(eq["gradw1,4"].value, -(d_out[:, 0] * A1[:, 0]).sum(),
                               rtol=1e-10)
    result = report.check({
        "y3": A1[:, 0].round(6).tolist(),                       # right
        "delta6": (A2 * (1 - A2) * (Y - A2))[:, 0].tolist(),    # new error: no 1/m
        "delta6[2]": float(d_out[1, 0]),                        # right (example 2)
        "gradw1,4": float((d_out[:, 0] * A1[:, 0]).sum()),      # new error: sign flip
        "y3[5]": 0.5,                                           # unusable: 4 examples
    })
    status = {v.name: v.status for v in result}
    assert status == {"y3": "right", "delta6": "new error", "delta6[2]": "right",
                      "gradw1,4": "new error", "y3[5]": "unusable"}
    assert result["gradw1,4"].slip == "sign flip"
    assert "Σ δ6 y3" in shown(report)


def test_unsupported_layers_are_one_clear_error():
    model = gn.Sequential([L.Dense(2, input_shape=(2,)), L.Dropout(0.5), L.Dropout(0.5),
                           L.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(gn.explanation.NotSupportedError, match="two Dropout"):
        gn.explain(model, X, Y[:, :1])
    model = gn.Sequential([L.Dropout(0.5, input_shape=(2,)), L.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(gn.explanation.NotSupportedError, match="before the first Dense"):
        gn.explain(model, X, Y[:, :1])


def test_lab_notation_writes_adams_moments_for_each_weight():
    """Adam in the lab's numbering: m, v, α and Δw of w1,4 by hand (two steps)."""
    model = compiled([L.Dense(3, activation="sigmoid", input_shape=(2,)),
                      L.Dense(2, activation="sigmoid")], "half_squared_error",
                     gn.optimizers.Adam(0.1))
    report = gn.explain(model, X[:1], Y[:1], notation="lab", steps=2)
    b1_, b2_, eps, lr = 0.9, 0.999, 1e-7, 0.1
    W = [W1.copy(), b1.copy(), W2.copy(), b2.copy()]
    m = v = 0.0
    for t, step in ((1, report), (2, report.step(2))):
        A1 = 1 / (1 + np.exp(-(X[:1] @ W[0] + W[1])))
        A2 = 1 / (1 + np.exp(-(A1 @ W[2] + W[3])))
        grads = [None, None, A1.T @ ((A2 - Y[:1]) * A2 * (1 - A2)), None]
        g = grads[2][0, 0]  # ∂L/∂w1,4: hidden unit 1 into output neuron 4
        m, v = m + (1 - b1_) * (g - m), v + (1 - b2_) * (g * g - v)
        alpha = lr * np.sqrt(1 - b2_**t) / (1 - b1_**t)
        dw = -alpha * m / (np.sqrt(v) + eps)
        rows = {e.lhs.text: e for sec in step.sections for e in sec.equations}
        np.testing.assert_allclose(rows["m(w1,4)"].value, m, rtol=1e-9)
        np.testing.assert_allclose(rows["v(w1,4)"].value, v, rtol=1e-9)
        np.testing.assert_allclose(rows["Δw1,4"].value, dw, rtol=1e-8)
        assert "α" in step.formatter.text_parts(rows["Δw1,4"].formula)
        # advance every parameter by the engine's step to start step 2 from the same place
        W = [s.W_new if k == 0 else s.b_new for s in step.steps for k in (0, 1)]


def test_a_negative_number_under_a_power_is_in_parentheses():
    f = gn.explain(compiled([L.Dense(3, input_shape=(2,)), L.Dense(2)]), X, Y).formatter
    from glassnet.explanation.formulas import sym
    assert f.text_parts([-0.5, sym("²", "^{2}")]) == "(−0.5)²"
    assert f.latex_parts([-0.5, sym("²", "^{2}")]) == "(-0.5)^{2}"


def test_explain_leaves_glassnets_generator_as_it_was():
    """An unseeded Dropout draws its mask from glassnet's generator; explain puts it back."""
    model = compiled([L.Dense(3, input_shape=(2,)), L.Dropout(0.5), L.Dense(2)])
    before = gn.backend.rng().bit_generator.state
    gn.explain(model, X, Y, steps=2)
    assert gn.backend.rng().bit_generator.state == before


def test_lab_notation_writes_dropout_after_a_hidden_layer():
    model = compiled([L.Dense(3, activation="sigmoid", input_shape=(2,)), L.Dropout(0.5, seed=1),
                      L.Dense(2, activation="sigmoid")], "half_squared_error",
                     gn.optimizers.SGD(1.0))
    report = gn.explain(model, X, Y, notation="lab")
    M = report.steps[0].values["mask"]  # the engine's random draw (0 dropped, 1 kept)
    assert 0 < M.sum() < M.size
    A1 = 1 / (1 + np.exp(-(X @ W1 + b1)))
    A1_drop = A1 * M / 0.5
    A2 = 1 / (1 + np.exp(-(A1_drop @ W2 + b2)))
    d_out = A2 * (1 - A2) * (Y - A2) / 4  # the lab's δ = −∂L/∂a, mean over 4 examples
    d_hidden = A1 * (1 - A1) * M / 0.5 * (d_out @ W2.T)
    eq = {e.key: e for sec in report.sections for e in sec.equations}
    np.testing.assert_allclose(eq["y4_drop"].value, A1_drop[:, 1], rtol=1e-12)
    np.testing.assert_allclose(eq["delta4"].value, d_hidden[:, 1], rtol=1e-10)
    np.testing.assert_allclose(eq["gradw1,4"].value, -(d_out[:, 0] * A1_drop[:, 0]).sum(),
                               rtol=1e-10)
    assert "y3_drop" in shown(report) and "m3 / (1 − p)" in shown(report)
    result = report.check({
        "y3": A1[:, 0].tolist(),                          # right
        "y3_drop": (A1[:, 0] * M[:, 0]).tolist(),         # new error: no 1/(1 − p)
        "delta4": (A1 * (1 - A1) * (d_out @ W2.T))[:, 1].tolist(),  # new error: no mask
        "gradw2,4": float(-(d_out[:, 0] * A1_drop[:, 1]).sum()),    # right
    })
    status = {v.name: v.status for v in result}
    assert status == {"y3": "right", "y3_drop": "new error", "delta4": "new error",
                      "gradw2,4": "right"}
