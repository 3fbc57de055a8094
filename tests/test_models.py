"""The Keras-style model API: Sequential, fit/evaluate/predict, weights, dtypes, seeds."""

import warnings

import numpy as np
import pandas as pd
import pytest

import glassnet as gn
from glassnet.layers import Dense, Dropout


def and_model(**compile_kwargs):
    model = gn.Sequential([Dense(4, activation="relu", input_shape=(2,)),
                           Dense(1, activation="sigmoid")])
    model.compile(optimizer=gn.optimizers.SGD(0.1), loss="binary_crossentropy",
                  **compile_kwargs)
    return model


X_AND = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y_AND = np.array([0, 0, 0, 1], dtype=float)


def test_sequential_add_pop_layers_and_counts():
    model = gn.Sequential()
    model.add(gn.Input(shape=(2,)))
    model.add(Dense(4, activation="relu"))
    model.add(Dense(1, activation="sigmoid"))
    # 2*4 + 4 = 12 and 4*1 + 1 = 5 parameters
    assert model.count_params() == 17
    assert [layer.units for layer in model.layers] == [4, 1]
    popped = model.pop()
    assert popped.units == 1 and len(model.layers) == 1
    assert model.count_params() == 12


def test_get_weights_follows_keras_order_and_shapes():
    model = and_model()
    shapes = [w.shape for w in model.get_weights()]
    assert shapes == [(2, 4), (4,), (4, 1), (1,)]  # kernel (n_in, n_out), then bias
    new = [np.full(s, i + 1.0) for i, s in enumerate(shapes)]
    model.set_weights(new)
    for got, want in zip(model.get_weights(), new):
        np.testing.assert_array_equal(got, want)
    assert [w.shape for w in model.layers[0].get_weights()] == [(2, 4), (4,)]


def test_summary_lists_layers_shapes_and_params():
    model = and_model()
    lines = []
    model.summary(print_fn=lines.append)
    text = "\n".join(lines)
    assert "(None, 4)" in text and "(None, 1)" in text
    assert "Total params: 17" in text and "Trainable params: 17" in text


def test_train_on_batch_is_one_gradient_step_by_hand():
    # A single linear neuron, MSE, SGD lr 0.1, on x = [[1], [2]], y = [3, 5]:
    # y_hat = w x + b with w = 0.5, b = 0 gives [0.5, 1.0]; errors [-2.5, -4.0].
    # dL/dw = (2/2) * (-2.5*1 + -4.0*2) = -10.5 ; dL/db = (2/2) * (-6.5) = -6.5
    # w <- 0.5 + 0.1*10.5 = 1.55 ; b <- 0 + 0.65 = 0.65 ; loss = (6.25 + 16)/2 = 11.125
    gn.backend.set_floatx("float64")
    model = gn.Sequential([Dense(1, input_shape=(1,))])
    model.compile(optimizer=gn.optimizers.SGD(0.1), loss="mse")
    model.set_weights([np.array([[0.5]]), np.array([0.0])])
    loss = model.train_on_batch(np.array([[1.0], [2.0]]), np.array([3.0, 5.0]))
    assert loss == pytest.approx(11.125, abs=1e-12)
    W, b = model.get_weights()
    assert W[0, 0] == pytest.approx(1.55, abs=1e-12)
    assert b[0] == pytest.approx(0.65, abs=1e-12)


def test_test_on_batch_and_predict_do_not_change_weights():
    model = and_model(metrics=["accuracy"])
    before = model.get_weights()
    loss, acc = model.test_on_batch(X_AND, Y_AND)
    model.predict(X_AND, verbose=0)
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert 0 <= acc <= 1 and loss > 0


def test_fit_history_has_losses_metrics_and_validation():
    gn.utils.set_random_seed(0)
    X = np.random.default_rng(0).normal(size=(40, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(float)
    model = and_model(metrics=["accuracy"])
    history = model.fit(X, y, epochs=3, batch_size=8, validation_split=0.25, verbose=0)
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(v) == 3 for v in history.history.values())
    assert history.epoch == [0, 1, 2]
    assert model.history is history


def test_validation_split_takes_the_last_fraction_before_shuffling():
    gn.utils.set_random_seed(1)
    rng = np.random.default_rng(1)
    X = rng.normal(size=(20, 2))
    y = rng.integers(0, 2, size=20).astype(float)
    model = and_model()
    history = model.fit(X, y, epochs=1, batch_size=4, validation_split=0.25, shuffle=True,
                        verbose=0)
    # the validation loss is computed after the epoch on the last 5 rows
    expected = model.evaluate(X[15:], y[15:], verbose=0)
    assert history.history["val_loss"][0] == pytest.approx(expected, rel=1e-6)


def test_validation_data_tuple_and_initial_epoch():
    model = and_model()
    history = model.fit(X_AND, Y_AND, epochs=4, initial_epoch=2, verbose=0,
                        validation_data=(X_AND, Y_AND))
    assert history.epoch == [2, 3]
    assert len(history.history["val_loss"]) == 2


def test_epoch_loss_is_the_size_weighted_mean_of_batch_losses():
    # Batches of 3 and 1 examples: the epoch loss weights each batch loss by its size.
    gn.backend.set_floatx("float64")
    model = gn.Sequential([Dense(1, input_shape=(1,), kernel_initializer="zeros")])
    model.compile(optimizer=gn.optimizers.SGD(0.0), loss="mse")  # lr 0: weights stay 0
    X = np.array([[1.0], [2.0], [3.0], [4.0]])
    y = np.array([1.0, 2.0, 3.0, 10.0])
    history = model.fit(X, y, batch_size=3, epochs=1, shuffle=False, verbose=0)
    # batch 1 loss = (1+4+9)/3, batch 2 loss = 100; weighted: (14 + 100)/4 = 28.5
    assert history.history["loss"][0] == pytest.approx(28.5)


def test_evaluate_return_conventions():
    model = and_model()
    assert isinstance(model.evaluate(X_AND, Y_AND, verbose=0), float)
    model = and_model(metrics=["accuracy", "mae"])
    values = model.evaluate(X_AND, Y_AND, verbose=0)
    assert isinstance(values, list) and len(values) == 3
    logs = model.evaluate(X_AND, Y_AND, verbose=0, return_dict=True)
    assert list(logs) == ["accuracy", "loss", "mae"]  # Keras 3's order: sorted
    assert logs["loss"] == pytest.approx(values[0])  # the list: loss, then compile order
    assert values[1:] == [pytest.approx(logs["accuracy"]), pytest.approx(logs["mae"])]


def test_predict_in_batches_equals_one_pass():
    model = and_model()
    X = np.random.default_rng(2).normal(size=(10, 2))
    np.testing.assert_allclose(model.predict(X, batch_size=3, verbose=0),
                               model.predict(X, batch_size=100, verbose=0), rtol=1e-6)
    assert model.predict(X, verbose=0).shape == (10, 1)
    np.testing.assert_allclose(model.predict_on_batch(X), model.predict(X, verbose=0))


def test_inputs_as_lists_and_pandas():
    model = and_model()
    df = pd.DataFrame(X_AND, columns=["a", "b"])
    series = pd.Series(Y_AND)
    expected = model.predict(X_AND, verbose=0)
    np.testing.assert_allclose(model.predict(df, verbose=0), expected)
    np.testing.assert_allclose(model.predict(X_AND.tolist(), verbose=0), expected)
    model.fit(df, series, epochs=1, verbose=0)
    model.fit(X_AND.tolist(), Y_AND.tolist(), epochs=1, verbose=0)


def _seeded_run():
    gn.utils.clear_session()
    gn.utils.set_random_seed(123)
    X = np.random.default_rng(5).normal(size=(50, 3))
    y = (X.sum(axis=1) > 0).astype(float)
    model = gn.Sequential([Dense(8, activation="relu", input_shape=(3,)), Dropout(0.3),
                           Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(X, y, epochs=3, batch_size=7, verbose=0)
    return model.get_weights()


def test_seeded_runs_repeat_bit_for_bit():
    first, second = _seeded_run(), _seeded_run()
    for a, b in zip(first, second):
        assert np.array_equal(a, b)


def test_float64_globally_and_per_model():
    model = and_model()
    assert model.get_weights()[0].dtype == np.float32
    model = gn.Sequential([Dense(2, input_shape=(2,))], dtype="float64")
    assert model.get_weights()[0].dtype == np.float64
    gn.backend.set_floatx("float64")
    assert and_model().get_weights()[0].dtype == np.float64
    assert and_model().predict(X_AND, verbose=0).dtype == np.float64


def test_functional_model_equals_sequential_with_same_weights():
    inputs = gn.Input(shape=(2,))
    hidden = Dense(4, activation="relu")(inputs)
    outputs = Dense(1, activation="sigmoid")(hidden)
    functional = gn.Model(inputs=inputs, outputs=outputs)
    sequential = and_model()
    functional.set_weights(sequential.get_weights())
    functional.compile(optimizer=gn.optimizers.SGD(0.1), loss="binary_crossentropy")
    np.testing.assert_allclose(functional.predict(X_AND, verbose=0),
                               sequential.predict(X_AND, verbose=0))
    functional.fit(X_AND, Y_AND, epochs=5, batch_size=4, verbose=0)
    sequential.fit(X_AND, Y_AND, epochs=5, batch_size=4, verbose=0)
    for a, b in zip(functional.get_weights(), sequential.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_functional_multi_input_concatenate_and_fan_out():
    gn.backend.set_floatx("float64")
    a, b = gn.Input(shape=(2,)), gn.Input(shape=(3,))
    merged = gn.layers.Concatenate()([a, b])
    h = Dense(4, activation="tanh")(merged)
    left, right = Dense(4)(h), Dense(4, activation="sigmoid")(h)  # h feeds two layers
    out = Dense(1)(gn.layers.Add()([left, right]))
    model = gn.Model(inputs=[a, b], outputs=out)
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.default_rng(0)
    xa, xb, y = rng.normal(size=(6, 2)), rng.normal(size=(6, 3)), rng.normal(size=6)
    result = gn.utils.check_gradients(model, [xa, xb], y)
    assert result.max_error < 1e-6, result
    assert model.predict([xa, xb], verbose=0).shape == (6, 1)


def test_fused_gradient_is_used_for_sigmoid_and_softmax_outputs():
    model = and_model()
    assert model.fused
    model = gn.Sequential([Dense(3, input_shape=(2,)), gn.layers.Activation("softmax")])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    assert model.fused
    model.compile(optimizer="sgd", loss="mse")
    assert not model.fused
    model.compile(optimizer="sgd", loss=gn.losses.CategoricalCrossentropy(from_logits=True))
    assert not model.fused


def test_training_from_a_generator_and_a_sequence():
    gn.utils.set_random_seed(3)
    X = np.random.default_rng(3).normal(size=(32, 2))
    y = (X[:, 0] > 0).astype(float)

    def batches():
        while True:
            for start in range(0, 32, 8):
                yield X[start:start + 8], y[start:start + 8]

    model = gn.Sequential([Dense(1, activation="sigmoid")])  # built from the first batch
    model.compile(optimizer=gn.optimizers.SGD(0.5), loss="binary_crossentropy")
    history = model.fit(batches(), steps_per_epoch=4, epochs=3, verbose=0)
    assert len(history.history["loss"]) == 3

    class Batches(gn.utils.Sequence):
        epochs_seen = 0

        def __len__(self):
            return 4

        def __getitem__(self, i):
            return X[i * 8:(i + 1) * 8], y[i * 8:(i + 1) * 8]

        def on_epoch_end(self):
            Batches.epochs_seen += 1

    history = model.fit(Batches(), epochs=2, verbose=0)
    assert Batches.epochs_seen == 2 and len(history.history["loss"]) == 2


def test_non_finite_loss_stops_training_with_a_message():
    # SGD with a huge step on unscaled inputs: the loss overflows within two epochs.
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 3)) * 1000
    y = X.sum(axis=1)
    model = gn.Sequential([Dense(8, activation="relu", input_shape=(3,)), Dense(1)])
    model.compile(optimizer=gn.optimizers.SGD(1e6), loss="mse")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = model.fit(X, y, epochs=50, verbose=0)
    assert len(history.history["loss"]) < 50
    assert not np.isfinite(history.history["loss"][-1])
    # one clear warning from glassnet, pointing at the caller; none from NumPy's insides
    assert [w.category for w in caught] == [gn.models.NonFiniteLossWarning]
    assert "learning rate" in str(caught[0].message) and caught[0].filename == __file__


def test_sample_weight_and_class_weight_enter_the_loss():
    # Loss with weights w = [1, 0, 2, 1] is sum(w_i l_i)/m, m = 4 (Keras's reduction).
    gn.backend.set_floatx("float64")
    model = gn.Sequential([Dense(1, input_shape=(1,), kernel_initializer="zeros")])
    model.compile(optimizer=gn.optimizers.SGD(0.0), loss="mse")
    X = np.array([[1.0], [2.0], [3.0], [4.0]])
    y = np.array([1.0, 2.0, 3.0, 4.0])
    loss = model.evaluate(X, y, sample_weight=np.array([1.0, 0.0, 2.0, 1.0]), verbose=0)
    assert loss == pytest.approx((1 * 1 + 0 * 4 + 2 * 9 + 1 * 16) / 4)
    # class_weight {1: 3} weights the examples of class 1 three times
    clf = gn.Sequential([Dense(1, activation="sigmoid", input_shape=(1,),
                               kernel_initializer="zeros")])
    clf.compile(optimizer=gn.optimizers.SGD(0.0), loss="binary_crossentropy")
    labels = np.array([0.0, 1.0, 1.0, 0.0])
    loss = clf.fit(X, labels, class_weight={0: 1.0, 1: 3.0}, epochs=1, verbose=0)
    # all outputs are 0.5, so each example's loss is ln 2; weights [1, 3, 3, 1]
    assert loss.history["loss"][0] == pytest.approx(8 * np.log(2) / 4)


def test_verbose_modes_print_progress(capsys):
    model = and_model(metrics=["accuracy"])
    model.fit(X_AND, Y_AND, epochs=2, verbose=2)
    out = capsys.readouterr().out
    assert "Epoch 1/2" in out and "Epoch 2/2" in out and "loss:" in out
    model.fit(X_AND, Y_AND, epochs=1, verbose=1)
    assert "Epoch 1/1" in capsys.readouterr().out


def test_eager_calls_on_layers_and_models():
    model = and_model()
    np.testing.assert_allclose(model(X_AND), model.predict(X_AND, verbose=0))
    layer = Dense(3)
    assert layer(np.ones((2, 5))).shape == (2, 3)


def test_model_call_checks_the_shape_and_predict_also_the_values():
    # model(x) and predict_on_batch check the type, dtype and width; predict also the values
    model = and_model()  # float32
    model.build((None, 2))
    W1, b1, W2, b2 = [w.astype(np.float64) for w in model.get_weights()]
    by_hand = 1 / (1 + np.exp(-(np.maximum(X_AND @ W1 + b1, 0) @ W2 + b2)))
    # the usual array (float32, C-ordered) and every other form give the same numbers
    for x in (X_AND.astype("float32"), X_AND, np.asfortranarray(X_AND),
              X_AND.astype(int).tolist(), pd.DataFrame(X_AND)):
        for predict in (model, model.predict_on_batch, model.predict):
            np.testing.assert_allclose(predict(x), by_hand, rtol=1e-6)
    X_nan = X_AND.astype("float32")
    X_nan[2, 1] = np.nan
    for call in (model, model.predict_on_batch):  # as in Keras: the values are not scanned
        A = call(X_nan)
        assert np.isnan(A[2, 0]) and np.isfinite(A[[0, 1, 3]]).all()
    with pytest.raises(ValueError, match=r"x contains NaN or inf \(first at index \(2, 1\)\)"):
        model.predict(X_nan)
    for call in (model, model.predict_on_batch, model.predict):
        with pytest.raises(ValueError, match=r"expects inputs with 2 features"):
            call(np.ones((4, 3), dtype="float32"))


def test_fit_ignores_floating_point_errors_and_the_guards_come_back_after_it():
    # z = -1000 overflows e^{-z} in the sigmoid: 1 / (1 + inf) = 0 is the right value
    model = gn.Sequential([gn.Input((1,)), Dense(1, activation="sigmoid")], dtype="float64")
    model.set_weights([np.array([[1000.0]]), np.array([0.0])])
    model.compile(optimizer=gn.optimizers.SGD(0.1), loss="mse")
    X, Y = np.array([[-1.0], [1.0]]), np.array([[0.0], [1.0]])

    class Boom(gn.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            raise RuntimeError("boom")

    sigmoid = gn.activations.Sigmoid()
    with np.errstate(all="raise"):  # the user's: every error raises
        history = model.fit(X, Y, epochs=2, verbose=0)
        with pytest.raises(RuntimeError, match="boom"):
            model.fit(X, Y, epochs=2, verbose=0, callbacks=[Boom()])
        # outside fit (also after one that failed) sigmoid's own guard is back
        np.testing.assert_array_equal(sigmoid.forward(np.array([[-1000.0, 1000.0]])),
                                      [[0.0, 1.0]])
        with pytest.raises(FloatingPointError):  # and the user's state is theirs again
            np.exp(np.array([1000.0]))
    assert history.history["loss"] == [0.0, 0.0]  # A = [0, 1] exactly: the targets
    assert gn.activations.base.errors_ignored.get() is None


def test_functional_dtype_from_input_or_model():
    inputs = gn.Input(shape=(2,), dtype="float64")
    model = gn.Model(inputs, Dense(1)(Dense(3)(inputs)))
    assert all(w.dtype == np.float64 for w in model.get_weights())
    inputs = gn.Input(shape=(2,))
    model = gn.Model(inputs, Dense(1)(inputs), dtype="float64")
    model.compile(optimizer="sgd", loss="mse")
    model.fit(X_AND, Y_AND, epochs=1, verbose=0)
    assert all(w.dtype == np.float64 for w in model.get_weights())


def test_data_follows_the_weights_dtype_after_floatx_changes():
    model = and_model()  # float32 weights
    gn.backend.set_floatx("float64")
    model.fit(X_AND, Y_AND, epochs=2, verbose=0)
    assert model.predict(X_AND, verbose=0).dtype == np.float32


def test_validation_still_runs_when_a_batch_callback_stops_training():
    class StopAfterFirstBatch(gn.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            self.model.stop_training = True

    model = and_model()
    history = model.fit(X_AND, Y_AND, epochs=5, batch_size=2, verbose=0,
                        validation_data=(X_AND, Y_AND), callbacks=[StopAfterFirstBatch()])
    assert history.epoch == [0]  # stopped after one batch, as Keras
    assert model.optimizer.iterations == 1
    assert history.history["val_loss"][0] == pytest.approx(model.evaluate(X_AND, Y_AND,
                                                                          verbose=0))


def test_evaluate_prints_its_result_unless_silent(capsys):
    model = and_model(metrics=["accuracy"])
    loss, acc = model.evaluate(X_AND, Y_AND)
    out = capsys.readouterr().out
    assert f"loss: {loss:.4f}" in out and f"accuracy: {acc:.4f}" in out and "1/1" in out
    model.evaluate(X_AND, Y_AND, verbose=0)
    assert capsys.readouterr().out == ""


def test_batch_methods_report_that_batch_alone_even_for_stateful_metrics():
    # Precision on a batch where the model predicts every example positive: 2 of 4 are.
    model = gn.Sequential([Dense(1, activation="sigmoid", input_shape=(1,),
                                 kernel_initializer="zeros", bias_initializer="ones")])
    model.compile(optimizer=gn.optimizers.SGD(0.0), loss="binary_crossentropy",
                  metrics=[gn.metrics.Precision()])
    X4, y4 = np.zeros((4, 1)), np.array([1.0, 0.0, 1.0, 0.0])
    model.evaluate(np.zeros((3, 1)), np.ones(3), verbose=0)  # precision 1 on other data
    assert model.test_on_batch(X4, y4)[1] == pytest.approx(0.5)
    assert model.train_on_batch(X4, y4)[1] == pytest.approx(0.5)
    assert model.train_on_batch(X4, np.ones(4))[1] == pytest.approx(1.0)


def test_a_failed_compile_changes_nothing():
    model = and_model(metrics=["accuracy"])
    optimizer = model.optimizer
    with pytest.raises(ValueError, match="Unknown metric 'f2_score'"):
        model.compile(optimizer="adam", loss="mse", metrics=["f2_score"])
    assert model.optimizer is optimizer and type(model.loss).name == "binary_crossentropy"
    model.fit(X_AND, Y_AND, epochs=1, verbose=0)  # still trains as compiled before


def test_clone_model_rebuilds_the_architecture_with_fresh_weights():
    for model in (and_model(), gn.Model(*(lambda i: (i, Dense(1)(Dense(3)(i))))(
            gn.Input(shape=(2,))))):
        clone = gn.models.clone_model(model)
        assert type(clone) is type(model)
        assert [w.shape for w in clone.get_weights()] == [w.shape for w in model.get_weights()]
        assert all(a is not b for a, b in zip(clone.weights, model.weights))
        assert not np.array_equal(clone.get_weights()[0], model.get_weights()[0])
    gn.backend.clear_session()
    assert Dense(1).name == "dense"


def test_sequential_has_keras_inputs_outputs_and_shapes():
    model = gn.Sequential([gn.Input((4,)), Dense(8, activation="relu"), Dense(3)])
    assert model.input_shape == (None, 4) and model.output_shape == (None, 3)
    assert [t.shape for t in model.inputs] == [(None, 4)] and model.input is model.inputs[0]
    assert model.output.shape == (None, 3) and model.output.layer is model.layers[-1]
    # the tensors form the graph: a functional model over them computes the same
    x = np.random.default_rng(0).normal(size=(5, 4))
    again = gn.Model(model.inputs, model.outputs)
    np.testing.assert_array_equal(again.predict(x, verbose=0), model.predict(x, verbose=0))
    with pytest.raises(ValueError, match="has no defined inputs yet"):
        _ = gn.Sequential([Dense(2)]).inputs


def test_model_of_inputs_and_outputs_is_the_functional_sibling_of_sequential():
    x = gn.Input((2,))
    model = gn.Model(x, Dense(1)(x))
    assert type(model) is gn.models.Functional
    assert isinstance(model, gn.Model) and isinstance(gn.Sequential(), gn.Model)
    assert not isinstance(model, gn.Sequential)


def test_several_outputs_and_a_shared_layer_save_load_and_keep_training(tmp_path):
    gn.utils.set_random_seed(0)
    x = gn.Input(shape=(3,))
    shared = Dense(4, activation="tanh", name="shared")
    h = shared(x)
    h2 = shared(Dense(3, name="middle")(h))  # the same layer a second time, deeper
    model = gn.Model(x, [Dense(1, name="price")(h2),
                         Dense(2, activation="softmax", name="kind")(h)])
    assert [layer.name for layer in model.layers].count("shared") == 1
    model.compile(optimizer="adam", loss=["mse", "sparse_categorical_crossentropy"],
                  loss_weights=[1.0, 2.0], metrics=[["mae"], ["accuracy"]])
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(30, 3)), [rng.normal(size=(30, 1)), rng.integers(0, 2, 30)]
    history = model.fit(X, y, epochs=2, verbose=0, validation_split=0.2)
    assert list(history.history) == sorted(history.history)  # Keras's order
    assert {"price_loss", "kind_loss", "price_mae", "kind_accuracy", "val_kind_accuracy"} <= \
        set(history.history)
    path = tmp_path / "two.glassnet"
    model.save(path)
    again = gn.models.load_model(path)
    for a, b in zip(model.predict(X, verbose=0), again.predict(X, verbose=0), strict=True):
        np.testing.assert_array_equal(a, b)
    assert again.evaluate(X, y, verbose=0, return_dict=True) == model.evaluate(
        X, y, verbose=0, return_dict=True)
    again.fit(X, {"price": y[0], "kind": y[1]}, epochs=1, verbose=0)  # y as a dict too
    with pytest.raises(ValueError, match=r"outputs \['price', 'kind'\], so y must be a list"):
        model.fit(X, y[0], verbose=0)
    with pytest.raises(ValueError, match="one list of metrics per output"):
        model.compile(loss="mse", metrics=["mae"])
