"""Regularizers: penalties and gradients by hand, Keras defaults, lookup, and how a
model adds them to its loss and to its gradients (as Keras: not divided by m)."""

import numpy as np
import pytest

import glassnet as gn
from glassnet import regularizers
from glassnet.layers import Dense

W = np.array([[1.0, -2.0], [0.5, 0.0]])


def test_penalties_by_hand():
    # sum |W| = 1 + 2 + 0.5 + 0 = 3.5 ; sum W^2 = 1 + 4 + 0.25 + 0 = 5.25
    assert regularizers.L1(0.01)(W) == pytest.approx(0.035)  # 0.01 * 3.5
    assert regularizers.L2(0.01)(W) == pytest.approx(0.0525)  # 0.01 * 5.25
    assert regularizers.L1L2(l1=0.01, l2=0.02)(W) == pytest.approx(0.035 + 0.105)
    assert regularizers.L1L2()(W) == 0.0


def test_gradients_by_hand():
    # d/dW l1 sum|W| = l1 sign(W) (0 at W = 0) ; d/dW l2 sum W^2 = 2 l2 W
    np.testing.assert_allclose(regularizers.L1(0.01).gradient(W),
                               [[0.01, -0.01], [0.01, 0.0]])
    np.testing.assert_allclose(regularizers.L2(0.01).gradient(W), [[0.02, -0.04], [0.01, 0.0]])
    np.testing.assert_allclose(regularizers.L1L2(0.01, 0.01).gradient(W),
                               [[0.03, -0.05], [0.02, 0.0]])


def test_gradients_match_central_differences():
    rng = np.random.default_rng(0)
    V = rng.normal(size=(4, 3))  # no entry within 1e-6 of the L1 kink at 0
    assert np.abs(V).min() > 1e-3
    for reg in (regularizers.L1(0.3), regularizers.L2(0.2), regularizers.L1L2(0.1, 0.4)):
        numeric = np.zeros_like(V)
        for idx in np.ndindex(V.shape):
            E = np.zeros_like(V)
            E[idx] = 1e-6
            numeric[idx] = (reg(V + E) - reg(V - E)) / 2e-6
        np.testing.assert_allclose(reg.gradient(V), numeric, rtol=1e-7)


def test_keras_defaults():
    assert regularizers.L1().l1 == 0.01
    assert regularizers.L2().l2 == 0.01
    assert (regularizers.L1L2().l1, regularizers.L1L2().l2) == (0.0, 0.0)


def test_by_name_and_config_round_trip():
    for name, cls in regularizers.REGULARIZERS.items():
        assert isinstance(regularizers.get(name), cls)
        assert isinstance(getattr(regularizers, name)(), cls)  # l1, l2, l1_l2 shortcuts
    reg = regularizers.L1L2(l1=0.1, l2=0.2)
    again = regularizers.get(regularizers.serialize(reg))
    assert isinstance(again, regularizers.L1L2) and (again.l1, again.l2) == (0.1, 0.2)
    assert regularizers.get(None) is None and regularizers.serialize(None) is None
    assert regularizers.get(reg) is reg


@pytest.mark.parametrize("bad", ["l3", "", 0.01])
def test_unknown_regularizer_is_a_clear_value_error(bad):
    with pytest.raises(ValueError, match=r"Unknown regularizer .*Expected one of .*l1_l2"):
        regularizers.get(bad)


@pytest.mark.parametrize("kwargs", [{"l1": -0.1}, {"l2": float("nan")}, {"l2": float("inf")}])
def test_negative_or_non_finite_strength_is_rejected(kwargs):
    with pytest.raises(ValueError, match="expects l[12] to be a finite number >= 0"):
        regularizers.L1L2(**kwargs)


def one_weight_model(kernel_regularizer=None, bias_regularizer=None):
    gn.backend.set_floatx("float64")
    model = gn.Sequential([Dense(1, input_shape=(1,), kernel_regularizer=kernel_regularizer,
                                 bias_regularizer=bias_regularizer)])
    model.compile(optimizer=gn.optimizers.SGD(learning_rate=0.1), loss="mse")
    model.set_weights([np.array([[2.0]]), np.array([0.5])])
    return model


def test_penalty_is_added_to_the_loss_and_its_gradient_by_hand():
    model = one_weight_model(kernel_regularizer=regularizers.L2(0.5),
                             bias_regularizer=regularizers.L1(0.2))
    x, y = np.array([[1.0], [2.0]]), np.array([[2.5], [3.5]])
    # prediction 2x + 0.5 = [2.5, 4.5]: errors [0, 1], mse = (0 + 1) / 2 = 0.5
    # penalty 0.5 * 2^2 + 0.2 * |0.5| = 2.0 + 0.1 = 2.1 (not divided by m, as Keras)
    assert model.evaluate(x, y, verbose=0) == pytest.approx(2.6)
    loss = model.train_on_batch(x, y)
    assert loss == pytest.approx(2.6)  # the loss before the step
    # dL/dw = (2/2) * (0 * 1 + 1 * 2) + 2 * 0.5 * 2 = 2 + 2 = 4   -> w = 2 - 0.4 = 1.6
    # dL/db = (2/2) * (0 + 1) + 0.2 * sign(0.5) = 1.2            -> b = 0.5 - 0.12 = 0.38
    kernel, bias = model.get_weights()
    np.testing.assert_allclose(kernel, [[1.6]])
    np.testing.assert_allclose(bias, [0.38])


def test_penalty_does_not_depend_on_the_batch_size():
    model = one_weight_model(kernel_regularizer=regularizers.L2(0.5))
    # a perfect fit: only the penalty 0.5 * 2^2 = 2 remains, for any number of rows
    for m in (1, 10):
        x = np.arange(m, dtype=float)[:, None]
        assert model.evaluate(x, 2 * x + 0.5, verbose=0) == pytest.approx(2.0)


def test_regularizer_by_name_on_dense():
    layer = Dense(2, kernel_regularizer="l2", bias_regularizer="l1")
    assert isinstance(layer.kernel_regularizer, regularizers.L2)
    assert isinstance(layer.bias_regularizer, regularizers.L1)
    config = layer.get_config()
    again = Dense.from_config({**config, "name": "copy"})
    assert again.kernel_regularizer.l2 == 0.01 and again.bias_regularizer.l1 == 0.01
