"""Seed 002 (slides): single neurons trained by batch, stochastic and mini-batch GD."""

import numpy as np
import pytest

import glassnet as gn


def slides_step(kind, w, b, X, y, eta):
    """The slides' update over the examples in (X, y), written out with NumPy.

    Linear unit + MSE: w <- w - eta (2/n) sum_i (yhat_i - y_i) x_i
    Logistic unit + BCE: w <- w - eta (1/n) sum_i (yhat_i - y_i) x_i
    """
    z = X @ w + b
    y_hat = z if kind == "regression" else 1 / (1 + np.exp(-z))
    factor = 2.0 if kind == "regression" else 1.0
    n = len(y)
    return (w - eta * factor / n * (X.T @ (y_hat - y)),
            b - eta * factor / n * np.sum(y_hat - y))


def neuron(kind, n_features, eta):
    gn.backend.set_floatx("float64")
    activation, loss = (("linear", "mse") if kind == "regression"
                        else ("sigmoid", "binary_crossentropy"))
    model = gn.Sequential([gn.layers.Dense(1, activation=activation,
                                           input_shape=(n_features,))])
    model.compile(optimizer=gn.optimizers.SGD(learning_rate=eta), loss=loss)
    return model


@pytest.mark.parametrize("kind", ["regression", "classification"])
@pytest.mark.parametrize("batch_size", [1, 2, 6])  # SGD, mini-batch, batch GD
def test_one_epoch_is_the_slides_updates(kind, batch_size):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(6, 3))
    y = rng.normal(size=6) if kind == "regression" else (rng.random(6) > 0.5) * 1.0
    eta = 0.1
    model = neuron(kind, 3, eta)
    model.build((None, 3))
    W, b = model.get_weights()
    w, b = W[:, 0].copy(), b[0]
    for start in range(0, 6, batch_size):  # the batches in order (shuffle=False)
        batch = slice(start, start + batch_size)
        w, b = slides_step(kind, w, b, X[batch], y[batch], eta)
    model.fit(X, y, batch_size=batch_size, epochs=1, shuffle=False, verbose=0)
    W_new, b_new = model.get_weights()
    np.testing.assert_allclose(W_new[:, 0], w, rtol=1e-12, atol=1e-14)
    assert b_new[0] == pytest.approx(b, rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("kind", ["regression", "classification"])
def test_example_checks_one_update_on_real_data(load_example, kind):
    assert load_example("single_neuron").check_one_update(kind) < 1e-12


def test_variants_reach_least_squares(load_example):
    from sklearn.linear_model import LinearRegression

    ex = load_example("single_neuron")
    results, (_, optimum) = ex.compare_variants("regression")
    X_train, _, y_train, _ = ex.load_data("regression")
    exact = np.mean((LinearRegression().fit(X_train, y_train).predict(X_train) - y_train) ** 2)
    assert optimum == pytest.approx(exact)
    by_name = {r["variant"]: r for r in results}
    n = len(X_train)
    assert [by_name[v]["updates"] for v in ("batch GD", "SGD", "mini-batch GD")] == [
        50, 50 * n, 50 * -(-n // 32)]
    # SGD and mini-batch GD get within 10% of the optimum in 50 epochs ...
    for name in ("SGD", "mini-batch GD"):
        assert by_name[name]["train_loss"] < 1.10 * optimum
        assert by_name[name]["test_score"] > 0.4  # least squares: R^2 = 0.45
    # ... batch GD, with one update per epoch, is still on its way (the slides' point).
    assert optimum < by_name["batch GD"]["train_loss"] < by_name["batch GD"]["first_epoch_loss"]
    assert by_name["SGD"]["first_epoch_loss"] < by_name["batch GD"]["first_epoch_loss"]


def test_logistic_unit_classifies_breast_cancer(load_example):
    results, (_, sklearn_accuracy) = load_example("single_neuron").compare_variants(
        "classification")
    by_name = {r["variant"]: r for r in results}
    assert sklearn_accuracy > 0.95
    for name in ("SGD", "mini-batch GD"):
        assert by_name[name]["test_score"] > 0.95
    assert by_name["SGD"]["train_loss"] < by_name["mini-batch GD"]["train_loss"] < (
        by_name["batch GD"]["train_loss"])
