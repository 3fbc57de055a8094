"""Activations: values against independent formulas, derivatives against central
differences, numerical stability, and lookup by name / class / function."""

import math

import numpy as np
import pytest

import glassnet as gn
from glassnet import activations

# Points kept away from the kinks of relu / leaky_relu / elu at 0.
Z_POINTS = [-6.0, -2.5, -0.7, -0.01, 0.01, 0.3, 1.0, 4.0]


def reference(name, z, alpha=None):
    """One activation value from the ``math`` module, written from its definition."""
    if name == "linear":
        return z
    if name == "sigmoid":
        return 1.0 / (1.0 + math.exp(-z))
    if name == "tanh":
        return (math.exp(z) - math.exp(-z)) / (math.exp(z) + math.exp(-z))
    if name == "relu":
        return z if z > 0 else 0.0
    if name == "leaky_relu":
        return z if z > 0 else alpha * z
    assert name == "elu"
    return z if z > 0 else alpha * (math.exp(z) - 1.0)


ELEMENTWISE = [
    ("linear", activations.Linear(), None),
    ("sigmoid", activations.Sigmoid(), None),
    ("tanh", activations.Tanh(), None),
    ("relu", activations.ReLU(), None),
    ("leaky_relu", activations.LeakyReLU(), 0.2),  # Keras's function default
    ("leaky_relu", activations.LeakyReLU(alpha=0.05), 0.05),
    ("elu", activations.ELU(), 1.0),
    ("elu", activations.ELU(alpha=0.5), 0.5),
]
IDS = [f"{name}-{act.get_config()}" for name, act, _ in ELEMENTWISE]


@pytest.mark.parametrize("name, act, alpha", ELEMENTWISE, ids=IDS)
def test_values_match_the_math_module(name, act, alpha):
    Z = np.array([Z_POINTS], dtype=np.float64)
    want = [reference(name, z, alpha) for z in Z_POINTS]
    np.testing.assert_allclose(act.forward(Z)[0], want, rtol=1e-12, atol=1e-15)


def test_hand_computed_values():
    # sigmoid(0) = 1/2; sigmoid(ln 3) = 1 / (1 + 1/3) = 3/4
    np.testing.assert_allclose(activations.sigmoid([0.0, math.log(3.0)]), [0.5, 0.75])
    # tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 3/5
    np.testing.assert_allclose(activations.tanh([math.log(2.0)]), [0.6])
    # relu(-2) = 0, relu(3) = 3; leaky_relu(-2) = 0.2 * -2 = -0.4
    np.testing.assert_allclose(activations.relu([-2.0, 3.0]), [0.0, 3.0])
    np.testing.assert_allclose(activations.leaky_relu([-2.0, 3.0]), [-0.4, 3.0])
    # elu(-ln 2) = 1 * (1/2 - 1) = -0.5; with alpha 2: -1
    np.testing.assert_allclose(activations.elu([-math.log(2.0)]), [-0.5])
    np.testing.assert_allclose(activations.elu([-math.log(2.0)], alpha=2.0), [-1.0])


def test_softmax_hand_numbers_and_rows_sum_to_one():
    # softmax([0, ln 2, ln 5]) = [1, 2, 5] / 8
    A = activations.softmax(np.array([[0.0, math.log(2.0), math.log(5.0)]]))
    np.testing.assert_allclose(A, [[1 / 8, 2 / 8, 5 / 8]], rtol=1e-12)
    Z = np.random.default_rng(0).normal(scale=5.0, size=(20, 7))
    A = activations.softmax(Z)
    np.testing.assert_allclose(A.sum(axis=1), 1.0, rtol=1e-12)
    # Independent formula row by row with math.exp.
    for z, a in zip(Z[:3], A[:3], strict=True):
        e = [math.exp(v) for v in z]
        np.testing.assert_allclose(a, [v / sum(e) for v in e], rtol=1e-12)
    # Adding a constant to a row changes nothing.
    np.testing.assert_allclose(activations.softmax(Z + 100.0), A, rtol=1e-10)


def numeric_derivative(f, Z, h=1e-6):
    return (f(Z + h) - f(Z - h)) / (2 * h)


@pytest.mark.parametrize("name, act, alpha", ELEMENTWISE, ids=IDS)
def test_derivative_matches_central_differences(name, act, alpha):
    Z = np.array([Z_POINTS], dtype=np.float64)
    A = act.forward(Z)
    want = numeric_derivative(act.forward, Z)
    np.testing.assert_allclose(act.derivative(Z, A), want, rtol=1e-7, atol=1e-9)
    # backward applies the chain rule: dZ = dA * g'(Z)
    dA = np.random.default_rng(1).normal(size=Z.shape)
    np.testing.assert_allclose(act.backward(Z, A, dA), dA * want, rtol=1e-7, atol=1e-9)


def test_softmax_backward_is_the_jacobian_vector_product():
    rng = np.random.default_rng(2)
    Z, dA = rng.normal(size=(4, 5)), rng.normal(size=(4, 5))
    act = activations.Softmax()
    A = act.forward(Z)
    # dZ_j = d/dZ_j sum_k dA_k A_k(Z), by central differences, one element at a time
    want = np.zeros_like(Z)
    for idx in np.ndindex(Z.shape):
        E = np.zeros_like(Z)
        E[idx] = 1e-6
        want[idx] = ((dA * act.forward(Z + E)).sum() - (dA * act.forward(Z - E)).sum()) / 2e-6
    np.testing.assert_allclose(act.backward(Z, A, dA), want, rtol=1e-6, atol=1e-9)
    # derivative() is the Jacobian's diagonal dA_k/dZ_k
    diag = np.zeros_like(Z)
    for idx in np.ndindex(Z.shape):
        E = np.zeros_like(Z)
        E[idx] = 1e-6
        diag[idx] = (act.forward(Z + E)[idx] - act.forward(Z - E)[idx]) / 2e-6
    np.testing.assert_allclose(act.derivative(Z, A), diag, rtol=1e-6, atol=1e-9)


def extreme_inputs(dtype):
    huge = 3e38 if dtype == "float32" else 1e300  # near each dtype's largest value
    return np.array([[-huge, -1e4, -800.0, -100.0, -1.0, 0.0, 1.0, 100.0, 800.0, 1e4, huge]],
                    dtype=dtype)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(activations.ACTIVATIONS))
def test_stable_for_any_finite_input(name, dtype):
    act = activations.get(name)
    for Z in (extreme_inputs(dtype), extreme_inputs(dtype).T):  # one row, one column
        with np.errstate(all="raise"):  # no overflow, underflow or invalid warning
            A = act.forward(Z)
            dZ = act.backward(Z, A, np.ones_like(Z))
            g = act.derivative(Z, A)
        # e^z itself overflows beyond log(max float): there inf is the right value
        representable = Z < np.log(np.finfo(dtype).max) if name == "exponential" else True
        for out in (A, dZ, g):
            assert out.dtype == Z.dtype and out.shape == Z.shape
            assert np.all(np.isfinite(out) | ~representable), (name, dtype, out)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_saturated_values_are_exact(dtype):
    Z = np.array([[-1e4, 1e4]], dtype=dtype)
    np.testing.assert_array_equal(activations.sigmoid(Z), [[0.0, 1.0]])
    np.testing.assert_array_equal(activations.tanh(Z), [[-1.0, 1.0]])
    np.testing.assert_array_equal(activations.elu(Z), [[-1.0, 1e4]])
    with np.errstate(all="raise"):
        np.testing.assert_array_equal(activations.softmax(Z), [[0.0, 1.0]])
        huge = extreme_inputs(dtype)[0, -1]
        A = activations.softmax(np.array([[huge, huge], [-huge, huge]], dtype=dtype))
    np.testing.assert_array_equal(A, [[0.5, 0.5], [0.0, 1.0]])


def test_by_name_as_class_and_as_function_agree():
    Z = np.array([[-1.5, -0.2, 0.4, 2.0]])
    for name, cls in activations.ACTIVATIONS.items():
        function = getattr(activations, name)
        by_name = activations.get(name)
        assert isinstance(by_name, cls)
        np.testing.assert_array_equal(by_name.forward(Z), cls().forward(Z))
        np.testing.assert_array_equal(function(Z), cls().forward(Z))
        assert isinstance(activations.get(function), cls)  # the plain function resolves
        # config round trip, as a model file stores it
        assert activations.get(activations.serialize(by_name)) == by_name
    assert isinstance(activations.get(None), activations.Linear)  # None means linear
    custom = activations.LeakyReLU(alpha=0.1)
    assert activations.get(custom) is custom
    assert activations.get(activations.serialize(custom)).alpha == 0.1


def test_dense_accepts_each_activation_by_name():
    for name, cls in activations.ACTIVATIONS.items():
        layer = gn.layers.Dense(2, activation=name)
        assert isinstance(layer.activation, cls)


@pytest.mark.parametrize("bad", ["swoosh", "", 3, ["relu"]])
def test_unknown_activation_is_a_clear_value_error(bad):
    with pytest.raises(ValueError, match=r"Unknown activation .*Expected one of .*relu"):
        activations.get(bad)
    with pytest.raises(ValueError, match="Unknown activation"):
        gn.layers.Dense(2, activation=bad)


def test_functions_accept_lists_and_return_floats():
    # Plain Python lists of integers work like Keras and give floating results.
    A = activations.relu([-1, 2])
    assert A.dtype.kind == "f"
    np.testing.assert_array_equal(A, [0.0, 2.0])
