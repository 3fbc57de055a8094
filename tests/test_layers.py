"""Layers: one shared test over all layers for shapes, backward shapes and input
gradients; config round trips; Dropout and BatchNormalization against hand numbers;
and the errors users meet."""

import json
import math

import numpy as np
import pytest

import glassnet as gn
from glassnet.layers import (
    ELU,
    Activation,
    Add,
    BatchNormalization,
    Concatenate,
    Dense,
    Dropout,
    Flatten,
    InputLayer,
    LeakyReLU,
    Normalization,
    ReLU,
    Softmax,
)

M = 4  # rows (examples) in every batch below

# (id, layer factory, input shapes of one example, expected output shape)
SHAPE_CASES = [
    ("InputLayer", lambda: InputLayer(shape=(3,)), (3,), (None, 3)),
    ("Dense", lambda: Dense(5, activation="relu"), (3,), (None, 5)),
    ("Dense-no-bias", lambda: Dense(2, use_bias=False), (7,), (None, 2)),
    ("Activation", lambda: Activation("tanh"), (3,), (None, 3)),
    ("ReLU", ReLU, (3,), (None, 3)),
    ("LeakyReLU", LeakyReLU, (3,), (None, 3)),
    ("ELU", ELU, (3,), (None, 3)),
    ("Softmax", Softmax, (3,), (None, 3)),
    ("Dropout", lambda: Dropout(0.5, seed=0), (3,), (None, 3)),
    ("BatchNormalization", BatchNormalization, (3,), (None, 3)),
    ("Normalization", lambda: Normalization(mean=[1.0, 0.0, -1.0], variance=[4.0, 1.0, 0.25]),
     (3,), (None, 3)),
    ("Flatten-3d", Flatten, (2, 3), (None, 6)),
    ("Flatten-4d", Flatten, (2, 3, 5), (None, 30)),
    ("Concatenate", Concatenate, [(2,), (3,)], (None, 5)),
    ("Concatenate-3", lambda: Concatenate(axis=1), [(1,), (2,), (4,)], (None, 7)),
    ("Add", Add, [(3,), (3,)], (None, 3)),
    ("Add-3", Add, [(2,), (2,), (2,)], (None, 2)),
    ("ReLU-args", lambda: ReLU(max_value=1.0, negative_slope=0.1, threshold=0.2), (3,),
     (None, 3)),
    ("PReLU", lambda: gn.layers.PReLU(alpha_initializer="ones"), (3,), (None, 3)),
    ("PReLU-shared", lambda: gn.layers.PReLU(shared_axes=[1]), (2, 3), (None, 2, 3)),
    ("GaussianNoise", lambda: gn.layers.GaussianNoise(0.2, seed=1), (3,), (None, 3)),
    ("GaussianDropout", lambda: gn.layers.GaussianDropout(0.3, seed=1), (3,), (None, 3)),
    ("LayerNormalization", gn.layers.LayerNormalization, (3,), (None, 3)),
    ("LayerNormalization-3d", gn.layers.LayerNormalization, (2, 3), (None, 2, 3)),
    ("Rescaling", lambda: gn.layers.Rescaling(2.0, offset=0.5), (3,), (None, 3)),
    ("Reshape", lambda: gn.layers.Reshape((3, 2)), (6,), (None, 3, 2)),
    ("Reshape-minus-one", lambda: gn.layers.Reshape((-1,)), (2, 3), (None, 6)),
    ("Subtract", gn.layers.Subtract, [(3,), (3,)], (None, 3)),
    ("Multiply", gn.layers.Multiply, [(3,), (3,), (3,)], (None, 3)),
    ("Average", gn.layers.Average, [(2,), (2,)], (None, 2)),
    ("Maximum", gn.layers.Maximum, [(2,), (2,), (2,)], (None, 2)),
    ("Minimum", gn.layers.Minimum, [(3,), (3,)], (None, 3)),
]
IDS = [case[0] for case in SHAPE_CASES]
CASES = [case[1:] for case in SHAPE_CASES]


def arrays_for(example_shapes, rng):
    if isinstance(example_shapes, list):
        return [rng.normal(size=(M, *shape)) for shape in example_shapes]
    return rng.normal(size=(M, *example_shapes))


def batch_shapes(example_shapes):
    if isinstance(example_shapes, list):
        return [(None, *shape) for shape in example_shapes]
    return (None, *example_shapes)


def test_shape_table_covers_every_layer():
    covered = {type(make()).__name__ for make, *_ in CASES}
    assert covered == set(gn.layers.LAYERS)


@pytest.mark.parametrize("make, example_shapes, expected", CASES, ids=IDS)
def test_output_shapes_and_compute_output_shape(make, example_shapes, expected):
    rng = np.random.default_rng(0)
    inputs = arrays_for(example_shapes, rng)
    for training in (False, True):
        layer = make()
        A = layer(inputs, training=training)
        assert A.shape == (M, *expected[1:])
        assert A.dtype == np.float32  # the default floatx
        assert layer.output_shape == expected
        assert layer.compute_output_shape(batch_shapes(example_shapes)) == expected
    # the same layer type called on symbolic tensors (functional API)
    if not isinstance(make(), InputLayer):
        if isinstance(example_shapes, list):
            tensors = [gn.Input(shape=shape) for shape in example_shapes]
        else:
            tensors = gn.Input(shape=example_shapes)
        assert make()(tensors).shape == expected


@pytest.mark.parametrize("make, example_shapes, expected", CASES, ids=IDS)
def test_backward_returns_the_input_gradient(make, example_shapes, expected):
    """backward(dA) is d/dX sum(dA * forward(X)), checked by central differences."""
    gn.backend.set_floatx("float64")
    rng = np.random.default_rng(1)
    inputs = arrays_for(example_shapes, rng)
    X_list = inputs if isinstance(inputs, list) else [inputs]
    layer = make()
    layer(inputs, training=True)  # builds the layer
    dA = rng.normal(size=(M, *expected[1:]))
    rng_state = layer.rng.bit_generator.state if layer.rng is not None else None

    def f(arrays):
        if rng_state is not None:  # the same Dropout mask in every evaluation
            layer.rng.bit_generator.state = rng_state
        A = layer.forward(arrays if isinstance(inputs, list) else arrays[0], training=True)
        return float((dA * A).sum())

    f(X_list)
    dX = layer.backward(dA)
    dX_list = dX if isinstance(inputs, list) else [dX]
    assert len(dX_list) == len(X_list)
    for k, X in enumerate(X_list):
        assert dX_list[k].shape == X.shape
        numeric = np.zeros_like(X)
        for idx in np.ndindex(X.shape):
            for sign in (1, -1):
                shifted = [x.copy() for x in X_list]
                shifted[k][idx] += sign * 1e-6
                numeric[idx] += sign * f(shifted) / 2e-6
        np.testing.assert_allclose(dX_list[k], numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("make, example_shapes, expected", CASES, ids=IDS)
def test_config_round_trip(make, example_shapes, expected):
    rng = np.random.default_rng(2)
    inputs = arrays_for(example_shapes, rng)
    layer = make()
    A = layer(inputs)
    spec = gn.layers.serialize(layer)
    json.dumps(spec)  # a model file stores it as JSON
    again = gn.layers.deserialize(json.loads(json.dumps(spec)))
    assert type(again) is type(layer)
    assert again.get_config() == layer.get_config()
    again(inputs)  # build, then copy the weights
    again.set_weights(layer.get_weights())
    np.testing.assert_array_equal(again(inputs), A)


def test_dense_config_keeps_every_argument():
    layer = Dense(3, activation=gn.activations.LeakyReLU(0.1), use_bias=False,
                  kernel_initializer=gn.initializers.HeNormal(seed=3),
                  kernel_regularizer=gn.regularizers.L1L2(0.1, 0.2), input_shape=(4,),
                  trainable=False, name="hidden")
    again = Dense.from_config(layer.get_config())
    assert again.name == "hidden" and again.units == 3 and not again.use_bias
    assert again.activation == gn.activations.LeakyReLU(0.1)
    assert isinstance(again.kernel_initializer, gn.initializers.HeNormal)
    assert again.kernel_initializer.seed == 3
    assert (again.kernel_regularizer.l1, again.kernel_regularizer.l2) == (0.1, 0.2)
    assert again.batch_input_shape == (None, 4) and again.trainable is False


def test_dense_weights_follow_keras_shapes():
    layer = Dense(3)
    layer(np.zeros((2, 5)))
    assert layer.kernel.shape == (5, 3) and layer.bias.shape == (3,)  # (n_in, n_out)
    assert layer.count_params() == 5 * 3 + 3
    layer.set_weights([np.arange(15.0).reshape(5, 3), np.array([1.0, 2.0, 3.0])])
    # Z = X W + b with X = ones: column sums of W plus b
    np.testing.assert_allclose(layer(np.ones((1, 5))), [[30 + 1, 35 + 2, 40 + 3]])


# --- Dropout ----------------------------------------------------------------------
def test_dropout_is_inverted_and_keeps_the_mean():
    X = np.ones((1000, 100), dtype=np.float32)
    layer = Dropout(0.3, seed=0)
    A = layer(X, training=True)
    # each unit is 0 (probability 0.3) or 1 / (1 - 0.3) (probability 0.7)
    assert np.all((A == 0) | np.isclose(A, 1 / 0.7))
    assert np.mean(A == 0) == pytest.approx(0.3, abs=0.01)  # 100,000 draws: sd 0.0015
    assert A.mean() == pytest.approx(1.0, abs=0.01)
    # backward lets the gradient through the kept units only, with the same scale
    dA_prev = layer.backward(np.full_like(X, 2.0))
    np.testing.assert_allclose(dA_prev, 2.0 * A)


def test_dropout_is_the_identity_at_inference():
    X = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
    np.testing.assert_array_equal(Dropout(0.9, seed=0)(X, training=False), X)
    np.testing.assert_array_equal(Dropout(0.0)(X, training=True), X)
    model = gn.Sequential([Dropout(0.5, input_shape=(4,))])
    np.testing.assert_array_equal(model.predict(X, verbose=0), X)


def test_dropout_seed_repeats():
    X = np.ones((20, 10))
    a, b = Dropout(0.5, seed=4), Dropout(0.5, seed=4)
    first = a(X, training=True)
    np.testing.assert_array_equal(first, b(X, training=True))
    assert not np.array_equal(first, a(X, training=True))  # a fresh mask each call
    # unseeded layers draw from the global generator: repeatable after set_random_seed
    gn.utils.set_random_seed(8)
    c = Dropout(0.5)(X, training=True)
    gn.utils.set_random_seed(8)
    np.testing.assert_array_equal(Dropout(0.5)(X, training=True), c)


@pytest.mark.parametrize("rate", [-0.1, 1.0, 1.5])
def test_dropout_bad_rate(rate):
    with pytest.raises(ValueError, match=r"expects rate in \[0, 1\), but got " + str(rate)):
        Dropout(rate)


# --- BatchNormalization --------------------------------------------------------------
def test_batchnorm_keras_defaults():
    layer = BatchNormalization()
    assert (layer.momentum, layer.epsilon, layer.center, layer.scale) == (0.99, 1e-3, True, True)
    layer(np.zeros((2, 3)))
    gamma, beta, moving_mean, moving_variance = layer.get_weights()  # Keras's order
    np.testing.assert_array_equal(gamma, np.ones(3))
    np.testing.assert_array_equal(beta, np.zeros(3))
    np.testing.assert_array_equal(moving_mean, np.zeros(3))
    np.testing.assert_array_equal(moving_variance, np.ones(3))
    assert len(layer.trainable_weights) == 2 and len(layer.non_trainable_weights) == 2


def test_batchnorm_training_step_by_hand():
    gn.backend.set_floatx("float64")
    layer = BatchNormalization()
    X = np.array([[1.0, 2.0], [3.0, 6.0]])
    A = layer(X, training=True)
    # batch mean [2, 4]; biased batch variance [((1-2)^2 + (3-2)^2)/2, ((2-4)^2 + (6-4)^2)/2]
    # = [1, 4]; X_hat = (X - mean) / sqrt(var + 0.001); gamma = 1, beta = 0
    s1, s2 = math.sqrt(1.001), math.sqrt(4.001)
    np.testing.assert_allclose(A, [[-1 / s1, -2 / s2], [1 / s1, 2 / s2]])
    # moving = 0.99 moving + 0.01 batch: mean 0.01 [2, 4]; variance 0.99 + 0.01 [1, 4]
    np.testing.assert_allclose(layer.state["moving_mean"], [0.02, 0.04])
    np.testing.assert_allclose(layer.state["moving_variance"], [1.0, 1.03])
    # a second step with batch mean [0, 1], variance [1, 0]
    layer(np.array([[-1.0, 1.0], [1.0, 1.0]]), training=True)
    np.testing.assert_allclose(layer.state["moving_mean"], [0.99 * 0.02, 0.99 * 0.04 + 0.01])
    np.testing.assert_allclose(layer.state["moving_variance"], [0.99 * 1.0 + 0.01, 0.99 * 1.03])


def test_batchnorm_inference_uses_moving_statistics():
    gn.backend.set_floatx("float64")
    layer = BatchNormalization(epsilon=0.01)
    layer(np.zeros((1, 2)))
    # gamma [2, 1], beta [0, 1], moving mean [1, -1], moving variance [3.99, 0.24]
    layer.set_weights([np.array([2.0, 1.0]), np.array([0.0, 1.0]), np.array([1.0, -1.0]),
                       np.array([3.99, 0.24])])
    X = np.array([[5.0, 0.0], [1.0, -1.0]])
    # (5 - 1) / sqrt(4) * 2 + 0 = 4 ; (0 + 1) / sqrt(0.25) * 1 + 1 = 3
    # (1 - 1) / 2 * 2 + 0 = 0       ; (-1 + 1) / 0.5 + 1 = 1
    np.testing.assert_allclose(layer(X, training=False), [[4.0, 3.0], [0.0, 1.0]])
    # inference leaves the moving statistics alone
    np.testing.assert_allclose(layer.state["moving_mean"], [1.0, -1.0])
    # a one-row batch at inference is fine (training would normalise it to beta)
    np.testing.assert_allclose(layer(X[:1], training=False), [[4.0, 3.0]])


def test_batchnorm_predict_uses_moving_statistics_and_fit_updates_them():
    gn.backend.set_floatx("float64")
    model = gn.Sequential([BatchNormalization(input_shape=(1,))])
    model.compile(optimizer=gn.optimizers.SGD(0.0), loss="mse")
    X = np.array([[10.0], [14.0]])  # batch mean 12, variance 4
    # before training: moving mean 0, variance 1 -> 10 / sqrt(1.001)
    np.testing.assert_allclose(model.predict(X, verbose=0)[:, 0],
                               X[:, 0] / math.sqrt(1.001))
    model.fit(X, np.zeros((2, 1)), batch_size=2, epochs=1, shuffle=False, verbose=0)
    layer = model.layers[0]
    np.testing.assert_allclose(layer.state["moving_mean"], [0.12])  # 0.01 * 12
    np.testing.assert_allclose(layer.state["moving_variance"], [0.99 + 0.04])  # + 0.01 * 4


def test_batchnorm_bad_arguments():
    with pytest.raises(ValueError, match="expects 0 <= momentum <= 1 and epsilon > 0"):
        BatchNormalization(momentum=1.5)
    with pytest.raises(ValueError, match="Add a Flatten layer"):
        BatchNormalization()(np.zeros((2, 3, 4)))


# --- errors -----------------------------------------------------------------------
@pytest.mark.parametrize("units", [0, -3, 2.5, True, "4"])
def test_dense_units_must_be_a_positive_integer(units):
    with pytest.raises(ValueError, match=r"Dense 'dense.*' expects units to be a positive "
                                         r"integer, but got " + repr(units).replace(".", r"\.")):
        Dense(units=units)


@pytest.mark.parametrize(
    "make, example_shapes, expected",
    # (the InputLayer passes gradients straight through: it keeps nothing)
    [pytest.param(*case[1:], id=case[0]) for case in SHAPE_CASES if case[0] != "InputLayer"],
)
def test_backward_before_a_training_forward_is_an_error(make, example_shapes, expected):
    layer = make()
    rng = np.random.default_rng(3)
    inputs = arrays_for(example_shapes, rng)
    dA = np.ones((M, *expected[1:]))
    layer._ensure_built(batch_shapes(example_shapes))  # built, never run
    with pytest.raises(RuntimeError, match=r"backward\(\) needs a forward pass with "
                                           r"training=True first"):
        layer.backward(dA)
    layer(inputs, training=False)  # an inference pass is not enough
    with pytest.raises(RuntimeError, match="needs a forward pass with training=True"):
        layer.backward(dA)


def test_dense_on_3d_input_suggests_flatten():
    with pytest.raises(ValueError, match=r"Dense 'dense' expects 2-D inputs \(m, n_in\), but "
                                         r"got inputs of shape \(None, 2, 3\)\. Add a Flatten"):
        Dense(2)(np.zeros((4, 2, 3)))
    with pytest.raises(ValueError, match="Add a Flatten layer before it"):
        gn.Sequential([Dense(2, input_shape=(2, 3))])
    model = gn.Sequential([Flatten(input_shape=(2, 3)), Dense(2)])  # the fix works
    assert model.predict(np.zeros((4, 2, 3)), verbose=0).shape == (4, 2)


def test_concatenate_on_mismatched_inputs():
    with pytest.raises(ValueError, match=r"Concatenate 'concatenate' expects 2-D inputs"):
        Concatenate()([gn.Input(shape=(2, 3)), gn.Input(shape=(2,))])
    with pytest.raises(ValueError, match="same number of rows.*\\(4, 2\\), \\(3, 2\\)"):
        Concatenate()([np.zeros((4, 2)), np.zeros((3, 2))])
    with pytest.raises(ValueError, match="must be called on a list of at least 2 tensors"):
        Concatenate()(gn.Input(shape=(2,)))
    with pytest.raises(ValueError, match="supports axis=-1 only"):
        Concatenate(axis=0)


def test_add_on_different_shapes():
    with pytest.raises(ValueError, match=r"Add 'add' expects inputs of one shape, but got "
                                         r"\[\(None, 3\), \(None, 4\)\]"):
        Add()([gn.Input(shape=(3,)), gn.Input(shape=(4,))])
    layer = Add()
    layer([np.zeros((4, 3)), np.zeros((4, 3))])
    with pytest.raises(ValueError, match="expects inputs of one shape"):  # no broadcasting
        layer([np.zeros((4, 3)), np.zeros((4, 1))])


def test_activation_layer_arguments():
    assert LeakyReLU().negative_slope == 0.3  # the Keras layer default (function: 0.2)
    assert LeakyReLU(alpha=0.1).negative_slope == 0.1  # older Keras name
    assert ELU().alpha == 1.0
    np.testing.assert_allclose(LeakyReLU()(np.array([[-10.0, 10.0]])), [[-3.0, 10.0]])
    with pytest.raises(ValueError, match="supports axis=-1 only"):
        Softmax(axis=0)
    with pytest.raises(ValueError, match="Unknown activation 'swoosh'"):
        Activation("swoosh")
    with pytest.raises(TypeError, match=r"unexpected keyword argument\(s\) \['activaton'\]"):
        Dense(3, activaton="relu")


# --- Normalization ---------------------------------------------------------------------
def test_normalization_adapt_standardizes_with_population_statistics():
    # column 1: [1, 2, 3, 6] has mean 3 and variance (4 + 1 + 0 + 9) / 4 = 3.5
    # column 2: [10, 10, 10, 10] has variance 0: divided by eps, not by zero
    X = np.array([[1.0, 10.0], [2.0, 10.0], [3.0, 10.0], [6.0, 10.0]])
    layer = Normalization()
    layer.adapt(X)
    np.testing.assert_allclose(layer.state["mean"], [3.0, 10.0])
    np.testing.assert_allclose(layer.state["variance"], [3.5, 0.0])
    out = layer(X)
    np.testing.assert_allclose(out[:, 0], (X[:, 0] - 3.0) / np.sqrt(3.5), rtol=1e-6)
    np.testing.assert_array_equal(out[:, 1], 0.0)
    back = Normalization(mean=[3.0, 10.0], variance=[3.5, 0.0], invert=True)(out)
    np.testing.assert_allclose(back[:, 0], X[:, 0], rtol=1e-6)


def test_normalization_statistics_travel_in_the_model_file(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(loc=[100.0, -5.0], scale=[20.0, 0.1], size=(64, 2))
    y = (X[:, 0] > 100).astype(float)
    norm = Normalization()
    norm.adapt(X)
    model = gn.Sequential([gn.Input(shape=(2,)), norm, Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(X, y, epochs=2, verbose=0)
    model.save(tmp_path / "m.glassnet")
    loaded = gn.models.load_model(tmp_path / "m.glassnet")
    np.testing.assert_array_equal(loaded.layers[0].state["mean"], X.mean(axis=0).astype("float32"))
    np.testing.assert_array_equal(loaded.predict(X, verbose=0), model.predict(X, verbose=0))


def test_normalization_errors():
    with pytest.raises(ValueError, match="both mean and variance"):
        Normalization(mean=1.0)
    layer = Normalization()
    layer.adapt(np.ones((3, 2)))
    with pytest.raises(ValueError, match="built for 2 features, but adapt got 3"):
        layer.adapt(np.ones((3, 3)))
    with pytest.raises(ValueError, match="finite numbers"):
        Normalization().adapt(np.array([[1.0, np.nan]]))


def test_gaussian_noise_and_dropout_statistics_while_training():
    gn.backend.set_floatx("float64")
    X = np.full((400, 250), 2.0)
    # GaussianNoise: X + N(0, 0.3^2); GaussianDropout(0.2): X * N(1, 0.2 / 0.8)
    A = gn.layers.GaussianNoise(0.3, seed=0)(X, training=True)
    assert (A - X).mean() == pytest.approx(0.0, abs=0.003)
    assert (A - X).std() == pytest.approx(0.3, rel=0.01)
    A = gn.layers.GaussianDropout(0.2, seed=0)(X, training=True)
    assert (A / X).mean() == pytest.approx(1.0, abs=0.005)
    assert (A / X).std() == pytest.approx(math.sqrt(0.2 / 0.8), rel=0.01)
    for layer in (gn.layers.GaussianNoise(0.3), gn.layers.GaussianDropout(0.2)):
        np.testing.assert_array_equal(layer(X), X)  # inference: the identity
    with pytest.raises(ValueError, match=r"stddev in \[0, 1\], but got 2"):
        gn.layers.GaussianNoise(2)
    with pytest.raises(ValueError, match=r"rate in \[0, 1\), but got 1"):
        gn.layers.GaussianDropout(1)


def test_layer_normalization_normalises_each_row():
    gn.backend.set_floatx("float64")
    X = np.random.default_rng(0).normal(3.0, 5.0, size=(6, 8))
    A = gn.layers.LayerNormalization(epsilon=1e-12)(X)
    np.testing.assert_allclose(A.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(A.std(axis=1), 1.0, rtol=1e-9)
    # hand numbers: [1, 2, 3] has mean 2 and variance 2/3: (x - 2) / sqrt(2/3 + 1e-3)
    A = gn.layers.LayerNormalization()(np.array([[1.0, 2.0, 3.0]]))
    np.testing.assert_allclose(A, [[-1 / math.sqrt(2 / 3 + 1e-3), 0.0,
                                    1 / math.sqrt(2 / 3 + 1e-3)]], rtol=1e-12)
    with pytest.raises(ValueError, match="axis=-1"):
        gn.layers.LayerNormalization(axis=0)


def test_reshape_errors_say_what_is_wrong():
    with pytest.raises(ValueError, match=r"cannot reshape inputs of shape \(None, 5\)"):
        gn.layers.Reshape((2, 2))(np.zeros((1, 5)))
    with pytest.raises(ValueError, match="at most one -1"):
        gn.layers.Reshape((-1, -1))
    with pytest.raises(ValueError, match="exactly 2 tensors"):
        gn.layers.Subtract()([gn.Input(shape=(2,))] * 3)
    with pytest.raises(ValueError, match="expects inputs of one shape"):
        gn.layers.Multiply()([gn.Input(shape=(2,)), gn.Input(shape=(3,))])
    with pytest.raises(ValueError, match="ReLU expects max_value to be a finite number >= 0"):
        ReLU(max_value=-1)
