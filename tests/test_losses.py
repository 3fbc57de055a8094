"""Losses: values against hand arithmetic, Keras defaults and clipping, reductions,
sample weights, from_logits, sparse-label errors and lookup by name.

The first numbers of each loss are the examples of Keras's own documentation, worked
out again by hand in the comments.
"""

import math

import numpy as np
import pytest

import glassnet as gn
from glassnet import losses

LOG = math.log


@pytest.fixture(autouse=True)
def float64():
    gn.backend.set_floatx("float64")  # the conftest fixture restores float32


# --- mean squared / absolute error ---------------------------------------------------
Y2 = [[0.0, 1.0], [0.0, 0.0]]
A2 = [[1.0, 1.0], [1.0, 0.0]]


def test_mse_and_mae_by_hand():
    # errors A - Y = [[1, 0], [1, 0]]: per example (1 + 0) / 2 = 0.5 for both losses
    for cls in (losses.MeanSquaredError, losses.MeanAbsoluteError):
        assert cls()(Y2, A2) == pytest.approx(0.5)  # (0.5 + 0.5) / 2
        assert cls(reduction="sum")(Y2, A2) == pytest.approx(1.0)  # 0.5 + 0.5
        # weights [0.7, 0.3]: (0.7 * 0.5 + 0.3 * 0.5) / 2 = 0.25 (divided by m, not by
        # the sum of the weights, as Keras's "sum_over_batch_size")
        assert cls()(Y2, A2, sample_weight=[0.7, 0.3]) == pytest.approx(0.25)
        assert cls(reduction="sum")(Y2, A2, sample_weight=[0.7, 0.3]) == pytest.approx(0.5)
        np.testing.assert_allclose(cls(reduction=None)(Y2, A2), [0.5, 0.5])
    # squares and absolute values differ once an error is not 0 or 1:
    # A - Y = [[2, -1]]: mse = (4 + 1) / 2 = 2.5, mae = (2 + 1) / 2 = 1.5
    assert losses.MeanSquaredError()([[1.0, 1.0]], [[3.0, 0.0]]) == pytest.approx(2.5)
    assert losses.MeanAbsoluteError()([[1.0, 1.0]], [[3.0, 0.0]]) == pytest.approx(1.5)


def test_half_squared_error_is_half_the_sum_of_squares_per_example():
    Y, A = [[1.0, 2.0], [0.0, 0.0]], [[0.0, 4.0], [3.0, 0.0]]
    # example 1: 1/2 (1^2 + 2^2) = 2.5 ; example 2: 1/2 (3^2 + 0^2) = 4.5
    np.testing.assert_allclose(losses.half_squared_error(Y, A), [2.5, 4.5])
    assert losses.HalfSquaredError()(Y, A) == pytest.approx(3.5)  # (2.5 + 4.5) / 2
    assert losses.HalfSquaredError(reduction="sum")(Y, A) == pytest.approx(7.0)
    # its gradient carries no factor 2: dL/dA = (A - Y) / m
    grad = losses.HalfSquaredError().gradient(np.array(Y), np.array(A))
    np.testing.assert_allclose(grad, [[-0.5, 1.0], [1.5, 0.0]])
    grad = losses.HalfSquaredError(reduction="sum").gradient(np.array(Y), np.array(A))
    np.testing.assert_allclose(grad, [[-1.0, 2.0], [3.0, 0.0]])


def test_mse_gradient_by_hand_with_weights():
    # dl_i/da = 2 (a - y) / n, times w_i / m: A - Y = [[1, 0], [1, 0]], n = m = 2
    Y, A, w = np.array(Y2), np.array(A2), np.array([0.7, 0.3])
    grad = losses.MeanSquaredError().gradient(Y, A, w)
    np.testing.assert_allclose(grad, [[0.7 / 2, 0.0], [0.3 / 2, 0.0]])
    grad = losses.MeanSquaredError(reduction="sum").gradient(Y, A, w)
    np.testing.assert_allclose(grad, [[0.7, 0.0], [0.3, 0.0]])


# --- binary cross-entropy ------------------------------------------------------------
def test_binary_crossentropy_by_hand():
    Y, A = [[0.0, 1.0], [0.0, 0.0]], [[0.6, 0.4], [0.4, 0.6]]
    # example 1: -(log(1 - 0.6) + log(0.4)) / 2 = -log 0.4            = 0.916291
    # example 2: -(log(1 - 0.4) + log(1 - 0.6)) / 2 = -(log .6 + log .4) / 2 = 0.713558
    l1, l2 = -LOG(0.4), -(LOG(0.6) + LOG(0.4)) / 2
    bce = losses.BinaryCrossentropy()
    assert bce(Y, A) == pytest.approx((l1 + l2) / 2)  # 0.814924, Keras's doc: 0.815
    assert losses.BinaryCrossentropy(reduction="sum")(Y, A) == pytest.approx(l1 + l2)
    assert bce(Y, A, sample_weight=[1, 0]) == pytest.approx(l1 / 2)  # 0.458


def test_binary_crossentropy_from_logits_by_hand():
    y, z = [0.0, 1.0, 0.0, 0.0], [-18.6, 0.51, 2.94, -12.8]
    # -y log sigmoid(z) - (1 - y) log(1 - sigmoid(z)) = log(1 + e^z) - y z per element
    per_element = [math.log1p(math.exp(zi)) - yi * zi for yi, zi in zip(y, z, strict=True)]
    bce = losses.BinaryCrossentropy(from_logits=True)
    assert bce(y, z) == pytest.approx(sum(per_element) / 4)  # 0.866, Keras's doc: 0.865
    np.testing.assert_allclose(losses.binary_crossentropy(y, z, from_logits=True),
                               per_element)


def test_binary_crossentropy_clips_probabilities_at_keras_epsilon():
    assert gn.backend.epsilon() == 1e-7
    # p = 0 for y = 1 and p = 1 for y = 0 are clipped to 1e-7 and 1 - 1e-7:
    # -log(1e-7) = 7 ln 10 = 16.118096
    np.testing.assert_allclose(losses.binary_crossentropy([[1.0], [0.0]], [[0.0], [1.0]]),
                               [7 * LOG(10), 7 * LOG(10)], rtol=1e-6)
    # inside the clip nothing changes: y = 1, p = 0.5 gives log 2
    np.testing.assert_allclose(losses.binary_crossentropy([[1.0]], [[0.5]]), [LOG(2)])
    # where the clip is active the loss is flat: its gradient is 0, not +-1e7
    grad = losses.BinaryCrossentropy().gradient(np.array([[1.0], [0.0]]),
                                                np.array([[0.0], [1.0]]))
    np.testing.assert_array_equal(grad, [[0.0], [0.0]])


def test_binary_crossentropy_gradient_and_fused_gradient_by_hand():
    Y, A = np.array([[1.0], [0.0]]), np.array([[0.8], [0.25]])
    # dl/da = (a - y) / (a (1 - a)): -0.2 / 0.16 = -1.25 ; 0.25 / 0.1875 = 4/3 ; / m = 2
    grad = losses.BinaryCrossentropy().gradient(Y, A)
    np.testing.assert_allclose(grad, [[-0.625], [2 / 3]])
    # after a sigmoid, dl/dz = a - y (the seed's dZ2 = A2 - Y), / m = 2
    np.testing.assert_allclose(losses.BinaryCrossentropy().fused_dZ(Y, A),
                               [[-0.1], [0.125]])


def test_from_logits_agrees_with_probabilities():
    rng = np.random.default_rng(0)
    Z = rng.normal(scale=3.0, size=(6, 3))
    Yb = rng.integers(0, 2, size=(6, 3)).astype(float)
    P = gn.activations.sigmoid(Z)
    np.testing.assert_allclose(losses.binary_crossentropy(Yb, Z, from_logits=True),
                               losses.binary_crossentropy(Yb, P), rtol=1e-9)
    labels = rng.integers(0, 3, size=6)
    Yc = np.eye(3)[labels]
    S = gn.activations.softmax(Z)
    np.testing.assert_allclose(losses.categorical_crossentropy(Yc, Z, from_logits=True),
                               losses.categorical_crossentropy(Yc, S), rtol=1e-9)
    np.testing.assert_allclose(
        losses.sparse_categorical_crossentropy(labels, Z, from_logits=True),
        losses.categorical_crossentropy(Yc, S), rtol=1e-9)
    # soft targets too: -sum_k y_k log softmax(z)_k, whatever the row sums
    Ys = rng.uniform(0, 1, size=(6, 3))
    np.testing.assert_allclose(losses.categorical_crossentropy(Ys, Z, from_logits=True),
                               -(Ys * np.log(S)).sum(axis=1), rtol=1e-9)


def test_from_logits_is_finite_for_huge_logits():
    Z = np.array([[-1e4, 1e4], [1e4, -1e4], [1e300, -1e300]])
    Y = np.array([[0.0, 1.0], [0.0, 1.0], [0.0, 1.0]])
    with np.errstate(all="raise"):
        bce = losses.binary_crossentropy(Y, Z, from_logits=True)
        cce = losses.categorical_crossentropy(Y, Z, from_logits=True)
    # bce row 1: (log(1 + e^-1e4) + log(1 + e^-1e4)) / 2 = 0; row 2: (1e4 + 1e4) / 2;
    # row 3: (1e300 + 1e300) / 2
    np.testing.assert_allclose(bce, [0.0, 1e4, 1e300])
    # cce = logsumexp(z) - z_true: row 1 right with certainty (0); rows 2 and 3 wrong
    # by z_0 - z_1 = 2e4 and 2e300
    np.testing.assert_allclose(cce, [0.0, 2e4, 2e300])


# --- categorical cross-entropy ---------------------------------------------------------
YC = [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
AC = [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]]
L1C, L2C = -LOG(0.95), -LOG(0.1)  # 0.051293 and 2.302585


def test_categorical_crossentropy_by_hand():
    cce = losses.CategoricalCrossentropy()
    assert cce(YC, AC) == pytest.approx((L1C + L2C) / 2)  # 1.176939, Keras's doc: 1.177
    assert losses.CategoricalCrossentropy(reduction="sum")(YC, AC) == pytest.approx(L1C + L2C)
    # weights [0.3, 0.7]: (0.3 * 0.051293 + 0.7 * 2.302585) / 2 = 0.8136 (doc: 0.814)
    assert cce(YC, AC, sample_weight=[0.3, 0.7]) == pytest.approx((0.3 * L1C + 0.7 * L2C) / 2)


def test_sparse_categorical_crossentropy_by_hand():
    scce = losses.SparseCategoricalCrossentropy()
    assert scce([1, 2], AC) == pytest.approx((L1C + L2C) / 2)
    assert scce([[1], [2]], AC) == pytest.approx((L1C + L2C) / 2)  # (m, 1) labels too
    assert losses.SparseCategoricalCrossentropy(reduction="sum")([1, 2], AC) == pytest.approx(
        L1C + L2C)
    np.testing.assert_allclose(losses.sparse_categorical_crossentropy([1, 2], AC), [L1C, L2C])


def test_categorical_crossentropy_renormalises_and_clips_as_keras():
    # rows are divided by their sum first: [2, 6, 2] / 10 -> p = 0.6 for the true class
    np.testing.assert_allclose(losses.categorical_crossentropy([[0, 1, 0]], [[2.0, 6.0, 2.0]]),
                               [-LOG(0.6)])
    # p = 0 for the true class is clipped to 1e-7: -log(1e-7) = 16.118
    np.testing.assert_allclose(losses.categorical_crossentropy([[0, 1, 0]], [[1.0, 0.0, 0.0]]),
                               [7 * LOG(10)], rtol=1e-6)


def test_categorical_crossentropy_gradient_by_hand():
    # l = -log(a_1 / S), S = a_0 + a_1 + a_2 = 1 + 3 + 4 = 8, p_1 = 3/8:
    # dl/da_j = (sum_k y_k - y_j / p_j) / S = (1 - [0, 8/3, 0]) / 8
    grad = losses.CategoricalCrossentropy().gradient(np.array([[0.0, 1.0, 0.0]]),
                                                     np.array([[1.0, 3.0, 4.0]]))
    np.testing.assert_allclose(grad, [[1 / 8, (1 - 8 / 3) / 8, 1 / 8]])
    # after a softmax the fused dl/dz = a - y (rows summing to 1), / m = 2
    A, Y = np.array(AC), np.array(YC)
    np.testing.assert_allclose(losses.CategoricalCrossentropy().fused_dZ(Y, A),
                               (A - Y) / 2)
    # from logits: dl/dz = softmax(z) - y, / m = 1
    Z = np.array([[0.0, LOG(2.0), LOG(5.0)]])  # softmax = [1, 2, 5] / 8
    grad = losses.CategoricalCrossentropy(from_logits=True).gradient(np.array([[0, 0, 1.0]]), Z)
    np.testing.assert_allclose(grad, [[1 / 8, 2 / 8, 5 / 8 - 1]])


# --- errors and lookup -------------------------------------------------------------------
@pytest.mark.parametrize("labels, match", [
    ([0, 3], r"class indices in \[0, 2\] for an output of 3 units.*labels from 0 to 3"),
    ([-1, 1], r"class indices in \[0, 2\].*labels from -1 to 1"),
    ([0.5, 1], "integer class indices"),
    ([np.nan, 1], "integer class indices"),
    ([0, 1, 2], r"one class index per example \(2\)"),
])
def test_sparse_label_errors(labels, match):
    with pytest.raises(ValueError, match=match):
        losses.SparseCategoricalCrossentropy()(labels, AC)


def test_sparse_label_errors_reach_the_user_through_fit():
    model = gn.Sequential([gn.layers.Dense(3, activation="softmax", input_shape=(2,))])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x = np.zeros((2, 2))
    with pytest.raises(ValueError, match=r"class indices in \[0, 2\]"):
        model.fit(x, np.array([0, 3]), verbose=0)
    with pytest.raises(ValueError, match=r"expects y of shape \(m,\)"):
        model.fit(x, np.eye(3)[[0, 1]], verbose=0)


def test_keras_defaults_and_configs():
    for cls in (losses.BinaryCrossentropy, losses.CategoricalCrossentropy,
                losses.SparseCategoricalCrossentropy):
        loss = cls()
        assert loss.from_logits is False and loss.reduction == "sum_over_batch_size"
        smoothing = {} if cls is losses.SparseCategoricalCrossentropy else {
            "label_smoothing": 0.0, "axis": -1}  # Keras's sparse one has neither
        assert loss.get_config() == {"reduction": "sum_over_batch_size", "from_logits": False,
                                     **smoothing}
        again = losses.get(losses.serialize(cls(from_logits=True, reduction="sum")))
        assert isinstance(again, cls) and again.from_logits and again.reduction == "sum"
    assert losses.MeanSquaredError().reduction == "sum_over_batch_size"


def test_get_by_name_alias_function_and_instance():
    assert isinstance(losses.get("mse"), losses.MeanSquaredError)
    assert isinstance(losses.get("MSE"), losses.MeanSquaredError)
    assert isinstance(losses.get("mae"), losses.MeanAbsoluteError)
    for name, cls in losses.LOSSES.items():
        assert isinstance(losses.get(name), cls)
        assert isinstance(losses.get(getattr(losses, name)), cls)  # the plain function
    assert isinstance(losses.get(losses.mse), losses.MeanSquaredError)
    loss = losses.HalfSquaredError(reduction="sum")
    assert losses.get(loss) is loss


@pytest.mark.parametrize("bad", ["hinj", "", 3, None])
def test_unknown_loss_is_a_clear_value_error(bad):
    with pytest.raises(ValueError, match=r"Unknown loss .*Expected one of .*'mse'"):
        losses.get(bad)


def test_unknown_loss_in_compile_and_bad_reduction():
    model = gn.Sequential([gn.layers.Dense(1, input_shape=(2,))])
    with pytest.raises(ValueError, match="Unknown loss 'hinj'"):
        model.compile(optimizer="sgd", loss="hinj")
    with pytest.raises(ValueError, match=r"reduction must be one of .*'mean'.* got 'avg'"):
        losses.MeanSquaredError(reduction="avg")
