"""``.keras`` files both ways, checked against the real Keras 3 reading and writing them."""

import keras
import numpy as np
import pytest

import glassnet as gn
from glassnet.interchange.keras_file import KerasConversionError, keras_layers

L = gn.layers
K = keras.layers


def glassnet_sequential(X):
    norm = L.Normalization()
    norm.adapt(X)
    return gn.Sequential([
        gn.Input(shape=(X.shape[1],)), norm,
        L.Dense(5, activation="relu", kernel_regularizer=gn.regularizers.L2(0.01)),
        L.BatchNormalization(), L.Dropout(0.2), L.LeakyReLU(negative_slope=0.1),
        L.Dense(4, activation="tanh", kernel_initializer="he_normal"), L.ELU(alpha=0.5),
        L.Dense(4), L.Activation("sigmoid"), L.Dense(3), L.Softmax(),
    ])


def test_glassnet_sequential_loads_in_keras_and_predicts_the_same(tmp_path, rng, float64):
    X = rng.normal(size=(40, 3)) * [1.0, 10.0, 0.1] + 5
    Y = np.eye(3)[rng.integers(0, 3, 40)]
    model = glassnet_sequential(X)
    model.compile(optimizer=gn.optimizers.Adam(0.01), loss="categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(X, Y, epochs=3, batch_size=16, verbose=0)  # moving statistics move
    model.save(tmp_path / "m.keras")

    loaded = keras.saving.load_model(tmp_path / "m.keras")
    assert [type(la).__name__ for la in loaded.layers] == [
        type(la).__name__ for la in model.layers]
    assert loaded.layers[1].get_config()["activation"] == "relu"
    assert loaded.layers[1].kernel_regularizer.get_config() == {"l2": 0.01}
    assert {la.dtype for la in loaded.layers} == {"float64"}
    # float64 on both sides: the same arithmetic up to the order of the sums
    np.testing.assert_allclose(loaded.predict(X, verbose=0), model.predict(X, verbose=0),
                               rtol=1e-12, atol=1e-14)
    assert loaded.optimizer.iterations.numpy() == 9
    assert loaded.loss == "categorical_crossentropy"


def test_keras_sequential_loads_in_glassnet_and_predicts_the_same(tmp_path, rng):
    X = rng.normal(size=(30, 4)).astype("float32")
    Y = rng.integers(0, 2, 30).astype("float32")
    norm = K.Normalization()
    norm.adapt(X)
    model = keras.Sequential([
        keras.Input((4,)), norm, K.Dense(6, activation="elu"), K.BatchNormalization(),
        K.ReLU(), K.Dropout(0.3), K.Dense(3, activation="leaky_relu"), K.Flatten(),
        K.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=keras.optimizers.RMSprop(0.01, momentum=0.5, centered=True),
                  loss="binary_crossentropy", metrics=["accuracy", keras.metrics.AUC()])
    model.fit(X, Y, epochs=2, batch_size=8, verbose=0)
    model.save(tmp_path / "k.keras")

    loaded = gn.models.load_model(tmp_path / "k.keras")
    # float32 on both sides: equal within float32 rounding
    np.testing.assert_allclose(loaded.predict(X, verbose=0), model.predict(X, verbose=0),
                               rtol=1e-5, atol=1e-6)
    assert isinstance(loaded.optimizer, gn.optimizers.RMSprop)
    assert loaded.optimizer.learning_rate == 0.01 and loaded.optimizer.centered
    assert loaded.optimizer.iterations == 8


def test_optimizer_state_travels_so_the_next_step_is_the_same(tmp_path, rng):
    """Keras trains, saves; glassnet loads; one more step in each gives equal weights."""
    X = rng.normal(size=(16, 3)).astype("float32")
    Y = rng.normal(size=(16, 2)).astype("float32")
    for optimizer in (keras.optimizers.Adam(0.05, amsgrad=True),
                      keras.optimizers.SGD(0.05, momentum=0.9, nesterov=True),
                      keras.optimizers.Adagrad(0.1), keras.optimizers.Nadam(0.05),
                      keras.optimizers.Adamax(0.05), keras.optimizers.Lion(0.01)):
        keras.utils.clear_session()
        model = keras.Sequential([keras.Input((3,)), K.Dense(4, activation="tanh"),
                                  K.Dense(2)])
        model.compile(optimizer=optimizer, loss="mse")
        model.fit(X, Y, epochs=3, batch_size=16, verbose=0)
        model.save(tmp_path / "k.keras")
        ours = gn.models.load_model(tmp_path / "k.keras")
        model.train_on_batch(X, Y)
        ours.train_on_batch(X, Y)
        for w_keras, w_ours in zip(model.get_weights(), ours.get_weights()):
            np.testing.assert_allclose(w_ours, w_keras, rtol=1e-5, atol=1e-6)

    # and glassnet's state read back by Keras
    model = gn.Sequential([gn.Input(shape=(3,)), L.Dense(4, activation="tanh"), L.Dense(2)])
    model.compile(optimizer=gn.optimizers.RMSprop(0.01, momentum=0.3), loss="mse")
    model.fit(X, Y, epochs=3, batch_size=16, verbose=0)
    model.save(tmp_path / "g.keras")
    theirs = keras.saving.load_model(tmp_path / "g.keras")
    model.train_on_batch(X, Y)
    theirs.train_on_batch(X, Y)
    for w_keras, w_ours in zip(theirs.get_weights(), model.get_weights()):
        np.testing.assert_allclose(w_ours, w_keras, rtol=1e-5, atol=1e-6)


def test_functional_graphs_travel_both_ways(tmp_path, rng):
    a, b = gn.Input(shape=(3,), name="a"), gn.Input(shape=(2,), name="b")
    h = L.Dense(4, activation="tanh")(a)
    s = L.Add()([h, L.Dense(4)(b)])
    c = L.Concatenate()([s, b])
    out = L.Dense(1, activation="sigmoid")(L.ReLU()(L.BatchNormalization()(c)))
    model = gn.Model(inputs=[a, b], outputs=out)
    Xa, Xb = rng.normal(size=(10, 3)), rng.normal(size=(10, 2))
    model.save(tmp_path / "f.keras")
    theirs = keras.saving.load_model(tmp_path / "f.keras")
    expected = model.predict([Xa, Xb], verbose=0)
    np.testing.assert_allclose(theirs.predict([Xa, Xb], verbose=0), expected, rtol=1e-5,
                               atol=1e-6)
    theirs.save(tmp_path / "k.keras")
    back = gn.models.load_model(tmp_path / "k.keras")
    np.testing.assert_allclose(back.predict([Xa, Xb], verbose=0), expected, rtol=1e-6)
    assert [t.name for t in back.inputs] == ["a", "b"]


def test_keras_functional_with_its_own_layer_order_loads(tmp_path, rng):
    """Weights are matched to layers in Keras's map_graph order, not the config's text."""
    x = keras.Input((3,), name="x")
    deep = K.Dense(2)(K.Dense(3, activation="relu")(x))
    shallow = K.Dense(2)(x)
    model = keras.Model(x, K.Add()([shallow, deep]))
    model.save(tmp_path / "k.keras")
    ours = gn.models.load_model(tmp_path / "k.keras")
    X = rng.normal(size=(5, 3)).astype("float32")
    np.testing.assert_allclose(ours.predict(X, verbose=0), model.predict(X, verbose=0),
                               rtol=1e-5, atol=1e-6)
    ours.save(tmp_path / "g.keras")
    again = keras.saving.load_model(tmp_path / "g.keras")
    assert [la.name for la in again.layers] == [la.name for la in model.layers]


def test_what_cannot_convert_is_one_clear_error(tmp_path):
    model = keras.Sequential([keras.Input((4, 1)), K.Conv1D(2, 3), K.Flatten(), K.Dense(1)])
    model.save(tmp_path / "conv.keras")
    with pytest.raises(KerasConversionError, match=r"Keras layer 'conv1d' \(Conv1D\) has no "
                                                   "glassnet equivalent"):
        gn.models.load_model(tmp_path / "conv.keras")
    model = keras.Sequential([keras.Input((2,)), K.Dense(1, kernel_constraint="non_neg")])
    model.save(tmp_path / "constraint.keras")
    with pytest.raises(KerasConversionError, match="kernel_constraint"):
        gn.models.load_model(tmp_path / "constraint.keras")


def _shared_two_outputs(M, Input, Model):
    """Two inputs through one shared Dense, a third call of it at another depth, and
    two outputs: Keras's node indices 0, 1, 2 for the shared layer."""
    a, b = Input(shape=(3,), name="a"), Input(shape=(3,), name="b")
    shared = M.Dense(3, activation="tanh", name="shared")
    joined = M.Concatenate(name="joined")([shared(a), shared(b)])
    price = M.Dense(1, name="price")(joined)
    buy = M.Dense(1, activation="sigmoid", name="buy")(shared(M.Dense(3, name="pre")(a)))
    return Model([a, b], [price, buy])


def _two_output_data(rng, m=24):
    Xa, Xb = rng.normal(size=(m, 3)), rng.normal(size=(m, 3))
    return [Xa, Xb], [Xa[:, :1] - Xb[:, 1:2], (Xa[:, :1] > 0).astype(float)]


COMPILE = {"loss": {"price": "mse", "buy": "binary_crossentropy"},
           "loss_weights": {"price": 1.0, "buy": 0.5},
           "metrics": {"price": ["mae"], "buy": ["accuracy"]},
           "weighted_metrics": {"buy": ["accuracy"]}}


# Keras keeps the learning rate in a float32 variable, also in float64: 0.01 becomes
# 0.009999999776, 2.2e-8 off, and one more epoch then differs by ~1e-9 (beyond the
# rtol below for about one initial state in four). A rate that float32 holds exactly
# leaves the two libraries the same step: they agree to ~3e-16.
LR = float(np.float32(0.01))


def test_several_outputs_and_a_shared_layer_glassnet_to_keras(tmp_path, rng, float64):
    model = _shared_two_outputs(L, gn.Input, gn.Model)
    model.compile(optimizer=gn.optimizers.Adam(LR), **COMPILE)
    X, Y = _two_output_data(rng)
    model.fit(X, Y, epochs=2, batch_size=8, verbose=0)
    model.save(tmp_path / "g.keras")
    theirs = keras.saving.load_model(tmp_path / "g.keras")
    assert [la.name for la in theirs.layers] == [la.name for la in keras_layers(model)]
    assert theirs.count_params() == model.count_params()
    for a, b in zip(theirs.predict(X, verbose=0), model.predict(X, verbose=0)):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    # the compile settings and the optimizer state travel: one more epoch agrees
    assert theirs.optimizer.iterations.numpy() == model.optimizer.iterations == 6
    fit = {"epochs": 1, "batch_size": 8, "shuffle": False, "verbose": 0}
    h_ours, h_theirs = model.fit(X, Y, **fit).history, theirs.fit(X, Y, **fit).history
    assert list(h_ours) == list(h_theirs)
    for key in h_theirs:
        np.testing.assert_allclose(h_ours[key], h_theirs[key], rtol=1e-9, err_msg=key)


def test_several_outputs_and_a_shared_layer_keras_to_glassnet(tmp_path, rng, float64):
    theirs = _shared_two_outputs(K, keras.Input, keras.Model)
    theirs.compile(optimizer=keras.optimizers.Adam(0.01), **COMPILE)
    X, Y = _two_output_data(rng)
    theirs.fit(X, Y, epochs=2, batch_size=8, verbose=0)
    theirs.save(tmp_path / "k.keras")
    ours = gn.models.load_model(tmp_path / "k.keras")
    assert ours.output_names == ["price", "buy"]
    assert sum(la is ours.get_layer("shared") for la in ours.layers) == 1
    for a, b in zip(ours.predict(X, verbose=0), theirs.predict(X, verbose=0)):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    fit = {"epochs": 1, "batch_size": 8, "shuffle": False, "verbose": 0}
    h_ours, h_theirs = ours.fit(X, Y, **fit).history, theirs.fit(X, Y, **fit).history
    assert list(h_ours) == list(h_theirs)
    for key in h_theirs:
        np.testing.assert_allclose(h_ours[key], h_theirs[key], rtol=1e-9, err_msg=key)


def test_a_layer_shared_at_several_depths_loads_both_ways(tmp_path, rng):
    """A(B(A(x))): Keras lists A's two calls together; the second waits for B."""
    x = keras.Input((2,), name="x")
    A, B = K.Dense(2, activation="tanh", name="A"), K.Dense(2, name="B")
    model = keras.Model(x, A(B(A(x))))
    model.save(tmp_path / "k.keras")
    ours = gn.models.load_model(tmp_path / "k.keras")
    X = rng.normal(size=(6, 2)).astype("float32")
    np.testing.assert_allclose(ours.predict(X, verbose=0), model.predict(X, verbose=0),
                               rtol=1e-5, atol=1e-6)
    ours.save(tmp_path / "g.keras")
    again = keras.saving.load_model(tmp_path / "g.keras")
    np.testing.assert_allclose(again.predict(X, verbose=0), model.predict(X, verbose=0),
                               rtol=1e-5, atol=1e-6)
