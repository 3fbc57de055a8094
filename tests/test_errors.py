"""Bad input gets a ValueError/TypeError saying what was received and what was expected."""

import warnings

import numpy as np
import pytest

import glassnet as gn
from glassnet.layers import Dense


def model_for(loss="binary_crossentropy", units=1, activation="sigmoid"):
    model = gn.Sequential([Dense(4, activation="relu", input_shape=(2,)),
                           Dense(units, activation=activation)])
    model.compile(optimizer="sgd", loss=loss)
    return model


X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([0, 1, 1, 0], dtype=float)


def test_wrong_feature_count_names_the_model_and_shapes():
    with pytest.raises(ValueError, match=r"expects inputs with 2 features.*\(4, 3\)"):
        model_for().fit(np.ones((4, 3)), Y, verbose=0)
    with pytest.raises(ValueError, match="expects inputs with 2 features"):
        model_for().predict(np.ones((4, 5)), verbose=0)


def test_y_that_does_not_fit_the_output_and_loss():
    with pytest.raises(ValueError, match=r"has 1 units.*\(m, 1\).*\(4, 3\)"):
        model_for().fit(X, np.ones((4, 3)), verbose=0)
    with pytest.raises(ValueError, match="x has 4 examples but y has 3"):
        model_for().fit(X, Y[:3], verbose=0)
    with pytest.raises(ValueError, match="between 0 and 1"):
        model_for().fit(X, np.array([0, 1, 2, 3.0]), verbose=0)
    softmax = model_for("categorical_crossentropy", units=3, activation="softmax")
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy"):
        softmax.fit(X, np.array([0, 1, 2, 1]), verbose=0)


def test_sparse_labels_out_of_range_or_not_integers():
    model = model_for("sparse_categorical_crossentropy", units=3, activation="softmax")
    with pytest.raises(ValueError, match=r"class indices in \[0, 2\].*3 units.*0 to 5"):
        model.fit(X, np.array([0, 1, 5, 2]), verbose=0)
    with pytest.raises(ValueError, match="integer class indices"):
        model.fit(X, np.array([0, 1.5, 1, 2]), verbose=0)
    with pytest.raises(ValueError, match="shape \\(m,\\)"):
        model.fit(X, np.eye(3)[[0, 1, 2, 1]], verbose=0)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_inf_in_x_or_y(bad):
    Xb = X.copy()
    Xb[2, 1] = bad
    with pytest.raises(ValueError, match=r"x contains NaN or inf \(first at index \(2, 1\)\)"):
        model_for().fit(Xb, Y, verbose=0)
    Yb = Y.copy()
    Yb[3] = bad
    with pytest.raises(ValueError, match="y contains NaN or inf"):
        model_for().fit(X, Yb, verbose=0)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("rows", [50, 700])  # 5,000 values: every value looked at;
def test_nan_or_inf_in_wide_rows_and_images_is_found(bad, rows):  # 70,000: the row sums
    wide = gn.Sequential([gn.layers.Input((100,)), gn.layers.Dense(1)])
    wide.compile(optimizer="sgd", loss="mse")
    Xw = np.ones((rows, 100))
    Xw[rows - 1, 99] = bad  # the very last value
    with pytest.raises(ValueError, match=rf"x contains NaN or inf \(first at index "
                                         rf"\({rows - 1}, 99\)\)"):
        wide.fit(Xw, np.zeros(rows), verbose=0)
    y = np.zeros(rows * 100)  # a long narrow column: summed as it is
    y[7] = bad
    column = gn.Sequential([gn.layers.Input((1,)), gn.layers.Dense(1)])
    column.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="y contains NaN or inf"):
        column.fit(np.zeros((rows * 100, 1)), y, verbose=0)
    image = gn.Sequential([gn.layers.Input((8, 8)), gn.layers.Flatten(), gn.layers.Dense(1)])
    Xi = np.zeros((rows * 20, 8, 8))
    Xi[3, 2, 1] = bad
    with pytest.raises(ValueError, match=r"first at index \(3, 2, 1\)"):
        image.predict(Xi, verbose=0)


@pytest.mark.parametrize("rows", [4, 700])
def test_large_finite_values_pass_the_scan_without_numpy_warnings(rows):
    # 3e38 + 3e38 overflows float32 in a sum: the scan of a large array then searches
    # value by value, finds every one finite, and NumPy's overflow warning stays quiet
    wide = gn.Sequential([gn.layers.Input((100,)), gn.layers.Dense(1)], dtype="float32")
    Xw = np.zeros((rows, 100), dtype=np.float32)
    Xw[:4, 7] = [3e38, 3e38, -3e38, -3e38]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert wide.predict(Xw, verbose=0).shape == (rows, 1)


def test_empty_arrays_and_text():
    with pytest.raises(ValueError, match="x is empty"):
        model_for().fit(np.empty((0, 2)), np.empty(0), verbose=0)
    built = model_for()
    built.build((None, 2))
    for call in (built, built.predict_on_batch, built.predict):  # a built model's array too
        with pytest.raises(ValueError, match=r"x is empty \(shape \(0, 2\)\)"):
            call(np.empty((0, 2), dtype="float32"))
    with pytest.raises(TypeError, match="x must hold numbers"):
        model_for().fit(np.array([["a", "b"]] * 4), Y, verbose=0)
    with pytest.raises(ValueError, match="same number of values"):
        model_for().fit([[1, 2], [3]], [0, 1], verbose=0)


def test_unknown_names():
    with pytest.raises(ValueError, match="Unknown activation 'relux'"):
        Dense(2, activation="relux")
    with pytest.raises(ValueError, match="Unknown loss 'hinge_loss'"):
        model_for(loss="hinge_loss")
    model = gn.Sequential([Dense(1, input_shape=(2,))])
    with pytest.raises(ValueError, match="Unknown optimizer 'adamw2'"):
        model.compile(optimizer="adamw2", loss="mse")
    with pytest.raises(ValueError, match="Unknown metric 'accuracyy'"):
        model.compile(optimizer="sgd", loss="mse", metrics=["accuracyy"])
    with pytest.raises(ValueError, match="kernel_initializer='glorot': unknown initializer"):
        Dense(2, kernel_initializer="glorot")
    with pytest.raises(ValueError, match="kernel_regularizer='l3': unknown regularizer"):
        Dense(2, kernel_regularizer="l3")


def test_predict_before_build_and_fit_before_compile():
    unbuilt = gn.Sequential([Dense(1)])
    # a ValueError like every bad-input error, and a RuntimeError as Keras raises
    with pytest.raises(ValueError, match="has not been built"):
        unbuilt.predict(X, verbose=0)
    with pytest.raises(ValueError, match="must compile"):
        gn.Sequential([Dense(1, input_shape=(2,))]).fit(X, Y, verbose=0)
    with pytest.raises(RuntimeError, match="has not been built.*input_shape"):
        unbuilt.predict(X, verbose=0)
    with pytest.raises(RuntimeError, match="has not been built"):
        unbuilt.summary()
    uncompiled = gn.Sequential([Dense(1, input_shape=(2,))])
    with pytest.raises(RuntimeError, match="must compile the model before calling fit"):
        uncompiled.fit(X, Y, verbose=0)
    with pytest.raises(RuntimeError, match="before calling evaluate"):
        uncompiled.evaluate(X, Y, verbose=0)
    with pytest.raises(ValueError, match="needs a loss"):
        uncompiled.compile(optimizer="sgd")


def test_bad_fit_arguments():
    model = model_for()
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        model.fit(X, Y, batch_size=0, verbose=0)
    with pytest.raises(ValueError, match="validation_split must be in"):
        model.fit(X, Y, validation_split=1.5, verbose=0)
    with pytest.raises(ValueError, match="validation_data must be a tuple"):
        model.fit(X, Y, validation_data=X, verbose=0)
    with pytest.raises(TypeError, match="unexpected keyword"):
        model.fit(X, Y, epoch=3)
    with pytest.raises(ValueError, match="learning_rate"):
        gn.optimizers.SGD(learning_rate=-1)
    with pytest.raises(ValueError, match="steps_per_epoch"):
        model.fit((b for b in [(X, Y)]), verbose=0)


def test_set_weights_with_wrong_shapes():
    model = model_for()
    with pytest.raises(ValueError, match="has 4 weight arrays"):
        model.set_weights([np.zeros((2, 4))])
    with pytest.raises(ValueError, match=r"weight 0 has shape \(2, 4\).*\(4, 2\)"):
        model.layers[0].set_weights([np.zeros((4, 2)), np.zeros(4)])


def test_functional_graph_errors():
    a, b = gn.Input(shape=(2,)), gn.Input(shape=(2,))
    out = Dense(1)(gn.layers.Add()([a, b]))
    with pytest.raises(ValueError, match="Graph disconnected"):
        gn.Model(inputs=a, outputs=out)
    shared = Dense(2)
    shared(a)
    shared(b)  # a layer may be used in several places, on inputs of one shape
    with pytest.raises(ValueError, match=r"built for inputs of shape \(None, 2\), but is now "
                       r"called on \(None, 3\)"):
        shared(gn.Input(shape=(3,)))
    with pytest.raises(TypeError, match="symbolic tensors"):
        gn.Model(inputs=a, outputs=np.ones(2))


def test_layer_called_on_the_wrong_width_and_bad_dropout_rate():
    layer = Dense(3)
    layer(np.ones((2, 5)))
    with pytest.raises(ValueError, match=r"built for inputs of shape \(None, 5\).*\(2, 4\)"):
        layer(np.ones((2, 4)))
    with pytest.raises(ValueError, match="expects rate in"):
        gn.layers.Dropout(rate="0.5")


def test_gradient_check_warns_on_float32():
    model = model_for()
    with pytest.warns(UserWarning, match="float64"):
        gn.utils.check_gradients(model, X, Y)


def test_a_value_too_large_for_float32_is_named_without_numpy_warnings():
    Xb = X.copy()
    Xb[1, 0] = 1e300
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"index \(1, 0\)\). The value there, 1e\+300, "
                                             "is too large for float32"):
            model_for().fit(Xb, Y, verbose=0)


def test_engine_verbs_refuse_targets_that_are_not_2d_arrays():
    model = gn.Sequential([gn.layers.Input((2,)), gn.layers.Dense(1, "sigmoid")])
    model.compile(optimizer="sgd", loss="binary_crossentropy")
    X = np.array([[0.0, 1.0], [1.0, 0.0]])
    A = model.forward(X, training=True)
    for verb in (model.compute_loss, lambda y, y_pred: model.backpropagate(y, y_pred)):
        with pytest.raises(ValueError, match=r"2-D NumPy array .*shape \(2,\)"):
            verb(y=np.array([0.0, 1.0]), y_pred=A)
    # the documented 2-D form works: L = mean BCE of A against [0, 1]
    Y = np.array([[0.0], [1.0]])
    expected = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))
    assert model.compute_loss(y=Y, y_pred=A) == pytest.approx(expected, rel=1e-12)
