"""Initializers: Keras's formulas checked statistically on large arrays, bounds, seeding
and lookup by name."""

import math

import numpy as np
import pytest

import glassnet as gn
from glassnet import initializers

FAN_IN, FAN_OUT = 300, 200  # a Dense kernel (n_in, n_out): 60,000 draws
SHAPE = (FAN_IN, FAN_OUT)


def truncated_std_of_unit_normal():
    """Standard deviation of N(0, 1) truncated to [-2, 2], from its closed form:
    var = 1 - 2 * 2 phi(2) / (Phi(2) - Phi(-2)), phi(2) = e^-2 / sqrt(2 pi)."""
    phi2 = math.exp(-2.0) / math.sqrt(2 * math.pi)
    mass = math.erf(2 / math.sqrt(2))
    return math.sqrt(1 - 4 * phi2 / mass)


def test_truncation_constant_matches_its_closed_form():
    assert truncated_std_of_unit_normal() == pytest.approx(0.87962566103423978, rel=1e-12)
    assert initializers._TRUNCATED_STD == pytest.approx(truncated_std_of_unit_normal())


# (initializer, limit of the uniform on [-limit, limit])
UNIFORMS = [
    (initializers.GlorotUniform(seed=1), math.sqrt(6 / (FAN_IN + FAN_OUT))),
    (initializers.HeUniform(seed=2), math.sqrt(6 / FAN_IN)),
    (initializers.VarianceScaling(scale=3.0, mode="fan_out", distribution="uniform", seed=3),
     math.sqrt(3 * 3.0 / FAN_OUT)),
]


@pytest.mark.parametrize("init, limit", UNIFORMS, ids=lambda v: getattr(v, "name", ""))
def test_uniform_formulas(init, limit):
    W = init(SHAPE, "float64")
    assert W.shape == SHAPE
    assert np.abs(W).max() <= limit
    assert np.abs(W).max() > 0.99 * limit  # the whole interval is used
    # U(-l, l) has mean 0 and variance l^2 / 3
    assert abs(W.mean()) < 3 * limit / math.sqrt(3 * W.size)
    assert W.var() == pytest.approx(limit**2 / 3, rel=0.03)


# (initializer, target standard deviation of the truncated normal)
TRUNCATED = [
    (initializers.GlorotNormal(seed=4), math.sqrt(2 / (FAN_IN + FAN_OUT))),
    (initializers.HeNormal(seed=5), math.sqrt(2 / FAN_IN)),
    (initializers.VarianceScaling(scale=0.5, mode="fan_avg", seed=6),
     math.sqrt(0.5 / ((FAN_IN + FAN_OUT) / 2))),
]


@pytest.mark.parametrize("init, std", TRUNCATED, ids=lambda v: getattr(v, "name", ""))
def test_truncated_normal_formulas(init, std):
    W = init(SHAPE, "float64")
    # Keras draws N(0, s^2) with s = std / 0.8796..., redrawing beyond 2 s, so that the
    # truncated values have standard deviation std.
    s = std / truncated_std_of_unit_normal()
    assert np.abs(W).max() <= 2 * s
    assert np.abs(W).max() > 1.98 * s
    assert W.std() == pytest.approx(std, rel=0.02)
    assert abs(W.mean()) < 4 * std / math.sqrt(W.size)
    # Shape of the truncated normal: P(|x| < s) = erf(1/sqrt 2) / erf(2/sqrt 2) = 0.7152
    want = math.erf(1 / math.sqrt(2)) / math.erf(2 / math.sqrt(2))
    assert np.mean(np.abs(W) < s) == pytest.approx(want, abs=0.01)


def test_random_normal_and_uniform_keras_defaults():
    W = initializers.RandomNormal(seed=7)(SHAPE, "float64")
    assert W.std() == pytest.approx(0.05, rel=0.02) and abs(W.mean()) < 0.001
    W = initializers.RandomNormal(mean=1.0, stddev=2.0, seed=7)(SHAPE, "float64")
    assert W.std() == pytest.approx(2.0, rel=0.02) and W.mean() == pytest.approx(1.0, abs=0.04)
    W = initializers.RandomUniform(seed=8)(SHAPE, "float64")
    assert -0.05 <= W.min() and W.max() < 0.05
    assert W.var() == pytest.approx(0.1**2 / 12, rel=0.03)  # (b - a)^2 / 12
    W = initializers.RandomUniform(minval=2.0, maxval=3.0, seed=8)(SHAPE, "float64")
    assert 2.0 <= W.min() and W.max() < 3.0 and W.mean() == pytest.approx(2.5, abs=0.01)


def test_constant_initializers():
    np.testing.assert_array_equal(initializers.Zeros()((2, 3)), np.zeros((2, 3)))
    np.testing.assert_array_equal(initializers.Ones()((4,)), np.ones(4))
    np.testing.assert_array_equal(initializers.Constant(3.5)((2, 2)), np.full((2, 2), 3.5))
    np.testing.assert_array_equal(initializers.Constant()((2,)), [0.0, 0.0])  # Keras: 0


def test_fans_follow_keras():
    # 1-D: fan_in = fan_out = n ; 2-D (n_in, n_out) ; more: receptive field times channels
    assert initializers._fans((5,)) == (5, 5)
    assert initializers._fans((3, 7)) == (3, 7)
    assert initializers._fans((2, 3, 4, 5)) == (4 * 6, 5 * 6)
    # bias-like 1-D glorot_uniform: limit sqrt(6 / (n + n))
    b = initializers.GlorotUniform(seed=0)((10_000,), "float64")
    assert np.abs(b).max() <= math.sqrt(6 / 20_000) and np.abs(b).max() > 0.99 * math.sqrt(
        6 / 20_000)


def test_dtype_follows_floatx_or_the_argument():
    assert initializers.GlorotUniform(seed=0)((2, 2)).dtype == np.float32
    assert initializers.GlorotUniform(seed=0)((2, 2), "float64").dtype == np.float64
    gn.backend.set_floatx("float64")
    assert initializers.HeNormal(seed=0)((2, 2)).dtype == np.float64


ALL_RANDOM = ["random_normal", "random_uniform", "truncated_normal", "orthogonal",
              "glorot_uniform", "glorot_normal", "lecun_normal", "lecun_uniform",
              "he_normal", "he_uniform", "variance_scaling"]


@pytest.mark.parametrize("name", ALL_RANDOM)
def test_seeding(name):
    cls = initializers.INITIALIZERS[name]
    # the same integer seed gives the same values, call after call (as Keras)
    a, b = cls(seed=11)((20, 30)), cls(seed=11)((20, 30))
    np.testing.assert_array_equal(a, b)
    init = cls(seed=11)
    np.testing.assert_array_equal(init((20, 30)), init((20, 30)))
    assert not np.array_equal(a, cls(seed=12)((20, 30)))
    # unseeded: draws from the global generator, repeatable after set_random_seed
    unseeded = cls()
    gn.utils.set_random_seed(5)
    first, second = unseeded((20, 30)), unseeded((20, 30))
    assert not np.array_equal(first, second)
    gn.utils.set_random_seed(5)
    np.testing.assert_array_equal(unseeded((20, 30)), first)
    np.testing.assert_array_equal(unseeded((20, 30)), second)


def test_set_random_seed_makes_dense_weights_repeatable():
    def kernel():
        gn.utils.set_random_seed(42)
        model = gn.Sequential([gn.layers.Dense(5, input_shape=(4,)), gn.layers.Dense(2)])
        return [w.copy() for w in model.get_weights()]

    for a, b in zip(kernel(), kernel(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_by_name_class_and_config():
    for name, cls in initializers.INITIALIZERS.items():
        init = initializers.get(name)
        assert isinstance(init, cls)
        again = initializers.get(initializers.serialize(cls()))
        assert isinstance(again, cls) and again.get_config() == cls().get_config()
        # a class, as keras.initializers.glorot_uniform, is instantiated
        assert isinstance(initializers.get(cls), cls)
    assert isinstance(initializers.get("GLOROT_UNIFORM"), initializers.GlorotUniform)
    init = initializers.HeNormal(seed=3)
    assert initializers.get(init) is init
    assert initializers.get(initializers.serialize(init)).seed == 3
    layer = gn.layers.Dense(3, kernel_initializer="he_normal", bias_initializer="ones")
    layer(np.zeros((2, 4)))
    np.testing.assert_array_equal(layer.bias, np.ones(3))
    layer = gn.layers.Dense(3, kernel_initializer=initializers.glorot_uniform)
    assert isinstance(layer.kernel_initializer, initializers.GlorotUniform)


def test_dense_uses_keras_default_initializers():
    layer = gn.layers.Dense(3)
    assert isinstance(layer.kernel_initializer, initializers.GlorotUniform)
    assert isinstance(layer.bias_initializer, initializers.Zeros)


@pytest.mark.parametrize("bad", ["xavier", "", 3])
def test_unknown_initializer_is_a_clear_value_error(bad):
    with pytest.raises(ValueError, match=r"Unknown initializer .*Expected one of .*glorot"):
        initializers.get(bad)


def test_bad_variance_scaling_arguments():
    with pytest.raises(ValueError, match="mode must be fan_in, fan_out or fan_avg"):
        initializers.VarianceScaling(mode="fan_sum")
    with pytest.raises(ValueError, match="distribution must be truncated_normal, untrunc"):
        initializers.VarianceScaling(distribution="gaussian")


def test_variance_scaling_normal_names_as_keras():
    # "normal" means truncated_normal, as Keras
    assert initializers.VarianceScaling(distribution="normal").distribution == (
        "truncated_normal")
    # untruncated: plain N(0, scale / n), so about 4.6% of draws lie beyond 2 std
    W = initializers.VarianceScaling(scale=2.0, distribution="untruncated_normal", seed=9)(
        SHAPE, "float64")
    std = math.sqrt(2.0 / FAN_IN)
    assert W.std() == pytest.approx(std, rel=0.02)
    assert np.mean(np.abs(W) > 2 * std) == pytest.approx(1 - math.erf(2 / math.sqrt(2)),
                                                          abs=0.005)


def test_truncated_normal_keras_defaults_and_bounds():
    # Keras: N(mean, stddev^2) redrawn beyond 2 stddev; no variance correction.
    W = initializers.TruncatedNormal(seed=3)(SHAPE, "float64")
    assert np.abs(W).max() <= 0.1 and np.abs(W).max() > 0.099
    assert W.std() == pytest.approx(0.05 * truncated_std_of_unit_normal(), rel=0.02)
    W = initializers.TruncatedNormal(mean=1.0, stddev=2.0, seed=3)(SHAPE, "float64")
    assert W.min() >= -3.0 and W.max() <= 5.0
    assert W.mean() == pytest.approx(1.0, abs=0.03)


@pytest.mark.parametrize("cls, limit_or_std, uniform", [
    (initializers.LecunUniform, math.sqrt(3 / FAN_IN), True),
    (initializers.LecunNormal, math.sqrt(1 / FAN_IN), False),
])
def test_lecun_formulas(cls, limit_or_std, uniform):
    W = cls(seed=4)(SHAPE, "float64")
    if uniform:  # U(-l, l), l = sqrt(3 / fan_in): variance 1 / fan_in
        assert np.abs(W).max() <= limit_or_std and np.abs(W).max() > 0.99 * limit_or_std
        assert W.var() == pytest.approx(1 / FAN_IN, rel=0.03)
    else:  # truncated normal whose std is sqrt(1 / fan_in)
        assert W.std() == pytest.approx(limit_or_std, rel=0.02)


@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (4, 4), (2, 3, 4)])
def test_orthogonal_is_orthogonal(shape):
    W = initializers.Orthogonal(gain=2.0, seed=1)(shape, "float64")
    assert W.shape == shape
    M = W.reshape(-1, shape[-1])
    rows, cols = M.shape
    # columns orthonormal (times gain) when rows >= cols, else rows
    gram = M.T @ M if rows >= cols else M @ M.T
    np.testing.assert_allclose(gram, 4.0 * np.eye(min(rows, cols)), atol=1e-12)
    with pytest.raises(ValueError, match="at least 2 dimensions"):
        initializers.Orthogonal()((4,))


def test_keras_class_names_are_accepted():
    assert isinstance(initializers.get("TruncatedNormal"), initializers.TruncatedNormal)
    assert isinstance(initializers.get("lecun_normal"), initializers.LecunNormal)
    assert isinstance(initializers.get("GlorotUniform"), initializers.GlorotUniform)
    assert isinstance(initializers.get("Orthogonal"), initializers.Orthogonal)
    vs = initializers.VarianceScaling(distribution="Uniform")  # Keras lower-cases it
    assert vs.distribution == "uniform"
