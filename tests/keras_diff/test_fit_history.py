"""fit, History and the model's Keras surface, against the real Keras 3 (float64)."""

import keras
import numpy as np
import pytest
from test_differential import same_model  # this folder is on sys.path (no __init__)

import glassnet as gn

L, K = gn.layers, keras.layers


def _pair(n_in=3, metrics=(), weighted_metrics=None, lr=0.1):
    ours, theirs = same_model(lambda M: [M.Dense(4, activation="tanh"),
                                         M.Dense(1, activation="sigmoid")], n_in)

    def keras_metrics(ids):
        return [m if isinstance(m, str) else getattr(keras.metrics, type(m).__name__)(
            **{k: v for k, v in m.get_config().items() if k != "name"}) for m in ids]

    ours.compile(optimizer=gn.optimizers.SGD(lr), loss="binary_crossentropy",
                 metrics=list(metrics), weighted_metrics=weighted_metrics)
    theirs.compile(optimizer=keras.optimizers.SGD(lr), loss="binary_crossentropy",
                   metrics=keras_metrics(metrics),
                   weighted_metrics=None if weighted_metrics is None else keras_metrics(
                       weighted_metrics))
    return ours, theirs


def _data(rng, m=569, n=3):
    X = rng.normal(size=(m, n))
    return X, (X[:, 0] + 0.5 * rng.normal(size=m) > 0).astype(float)


def _same_history(h_ours, h_theirs, rel=1e-10):
    assert list(h_ours.history) == list(h_theirs.history)  # the same keys, in Keras's order
    for key in h_theirs.history:
        np.testing.assert_allclose(h_ours.history[key], h_theirs.history[key], rtol=rel,
                                   atol=1e-12, err_msg=key)


def test_validation_split_holds_out_the_rows_keras_holds_out(float64, rng):
    # 569 rows at 0.2: Keras trains on the first floor(569 * 0.8) = 455 and validates on 114
    X, y = _data(rng)
    ours, theirs = _pair()
    kwargs = {"epochs": 3, "batch_size": 64, "validation_split": 0.2, "shuffle": False,
              "verbose": 0}
    _same_history(ours.fit(X, y, **kwargs), theirs.fit(X, y, **kwargs))


def test_metrics_and_weighted_metrics_and_their_names(float64, rng):
    """Compile metrics ignore sample weights, weighted_metrics use them; two Precisions
    are precision and precision_1; History's keys in Keras's (sorted) order."""
    X, y = _data(rng)
    w = rng.uniform(0.2, 3.0, len(y))
    metrics = ["accuracy", gn.metrics.Precision(), gn.metrics.Precision(thresholds=0.3), "mse"]
    ours, theirs = _pair(metrics=metrics, weighted_metrics=["mae", "accuracy"])
    kwargs = {"epochs": 2, "batch_size": 100, "shuffle": False, "verbose": 0,
              "sample_weight": w, "validation_data": (X[:50], y[:50], w[:50])}
    _same_history(ours.fit(X, y, **kwargs), theirs.fit(X, y, **kwargs))
    assert ours.metrics_names == theirs.metrics_names


def test_fit_validation_calls_on_test_begin_and_end(float64, rng):
    calls = {"ours": [], "theirs": []}

    def recorder(base, who):
        class Recorder(base):
            def on_test_begin(self, logs=None):
                calls[who].append("test_begin")

            def on_test_end(self, logs=None):
                calls[who].append(("test_end", sorted(logs)))

            def on_epoch_end(self, epoch, logs=None):
                calls[who].append("epoch_end")
        return Recorder()

    X, y = _data(rng, m=40)
    ours, theirs = _pair(metrics=["accuracy"])
    kwargs = {"epochs": 2, "validation_data": (X, y), "verbose": 0}
    ours.fit(X, y, callbacks=[recorder(gn.callbacks.Callback, "ours")], **kwargs)
    theirs.fit(X, y, callbacks=[recorder(keras.callbacks.Callback, "theirs")], **kwargs)
    assert calls["ours"] == calls["theirs"]


def test_one_feature_model_takes_1d_x(float64, rng):
    X, y = _data(rng, m=30, n=1)
    ours, theirs = _pair(n_in=1)
    np.testing.assert_allclose(ours.predict(X[:, 0], verbose=0),
                               theirs.predict(X[:, 0], verbose=0), rtol=1e-12)
    kwargs = {"epochs": 2, "batch_size": 10, "shuffle": False, "verbose": 0}
    _same_history(ours.fit(X[:, 0], y, **kwargs), theirs.fit(X[:, 0], y, **kwargs))


def test_dict_inputs_keyed_by_input_name(float64, rng):
    def build(M, Input, Model):
        a, b = Input(shape=(2,), name="first"), Input(shape=(3,), name="second")
        return Model([a, b], M.Dense(1)(M.Concatenate()([a, b])))

    ours, theirs = build(L, gn.Input, gn.Model), build(K, keras.Input, keras.Model)
    theirs.set_weights(ours.get_weights())
    feed = {"second": rng.normal(size=(5, 3)), "first": rng.normal(size=(5, 2))}
    np.testing.assert_allclose(ours.predict(feed, verbose=0), theirs.predict(feed, verbose=0),
                               rtol=1e-12)


def test_metrics_names_weights_and_reset_metrics(float64, rng):
    X, y = _data(rng, m=20)
    ours, theirs = _pair(metrics=["accuracy"])
    assert ours.metrics_names == theirs.metrics_names
    ours.fit(X, y, epochs=1, verbose=0)
    theirs.fit(X, y, epochs=1, verbose=0)
    assert ours.metrics_names == theirs.metrics_names
    assert [w.shape for w in ours.trainable_weights] == [
        tuple(w.shape) for w in theirs.trainable_weights]
    ours.reset_metrics()
    theirs.reset_metrics()
    assert ours.evaluate(X, y, verbose=0, return_dict=True) == pytest.approx(
        theirs.evaluate(X, y, verbose=0, return_dict=True))


def test_model_from_json_and_from_config_of_a_sequential(float64, rng):
    ours, theirs = _pair()
    X = rng.normal(size=(4, 3))
    rebuilt = gn.models.model_from_json(ours.to_json())
    rebuilt.set_weights(ours.get_weights())
    np.testing.assert_allclose(rebuilt.predict(X, verbose=0), ours.predict(X, verbose=0))
    from_keras = gn.models.model_from_json(theirs.to_json())  # Keras's own JSON
    from_keras.set_weights(theirs.get_weights())
    np.testing.assert_allclose(from_keras.predict(X, verbose=0),
                               theirs.predict(X, verbose=0), rtol=1e-12)
    # Model.from_config of a Sequential's config gives a Sequential (Keras 3.15 raises
    # "Unrecognized keyword arguments passed to Model: layers" here)
    again = gn.Model.from_config(ours.get_config())
    assert isinstance(again, gn.Sequential)
    again = gn.Model.from_config(theirs.get_config())  # Keras's config of a Sequential
    assert isinstance(again, gn.Sequential) and again.count_params() == ours.count_params()


def _two_outputs(M, Input, Model):
    x = Input(shape=(3,), name="x")
    h = M.Dense(4, activation="tanh", name="h")(x)
    return Model(x, [M.Dense(1, name="price")(h), M.Dense(1, activation="sigmoid",
                                                          name="buy")(h)])


@pytest.mark.parametrize("as_dict", [False, True])
def test_several_outputs_weighted_metrics_and_names_as_keras(as_dict, float64, rng):
    """Per-output metrics and weighted_metrics, two metrics of one name (price_mae,
    price_mae_1), weighted_<name> (buy_weighted_accuracy), sample weights seen by the
    losses and weighted_metrics only: History, evaluate and metrics_names as Keras."""
    ours, theirs = _two_outputs(L, gn.Input, gn.Model), _two_outputs(K, keras.Input,
                                                                    keras.Model)
    theirs.set_weights(ours.get_weights())
    metrics = [["mae", "mae"], ["accuracy", "precision"]]
    weighted = [["mae"], ["accuracy"]]
    if as_dict:
        metrics = {"price": metrics[0], "buy": metrics[1]}
        weighted = {"price": weighted[0], "buy": weighted[1]}
    for model, sgd in ((ours, gn.optimizers.SGD), (theirs, keras.optimizers.SGD)):
        model.compile(optimizer=sgd(0.1), loss=["mse", "binary_crossentropy"],
                      loss_weights=[1.0, 0.5], metrics=metrics, weighted_metrics=weighted)
    X = rng.normal(size=(50, 3))
    y = [X @ [[0.5], [-1.0], [0.2]], (X[:, :1] > 0).astype(float)]
    w = rng.uniform(0.2, 3.0, 50)
    fit = {"epochs": 2, "batch_size": 16, "shuffle": False, "validation_split": 0.2,
           "sample_weight": w, "verbose": 0}
    _same_history(ours.fit(X, y, **fit), theirs.fit(X, y, **fit))
    assert "price_mae_1" in ours.history.history and "buy_weighted_accuracy" in \
        ours.history.history
    assert ours.metrics_names == theirs.metrics_names
    np.testing.assert_allclose(ours.evaluate(X, y, sample_weight=w, verbose=0),
                               theirs.evaluate(X, y, sample_weight=w, verbose=0), rtol=1e-10)


def test_evaluate_list_in_keras_order_with_renamed_metrics(float64, rng):
    """Keras 3 lists loss, the values under each metric's own name (accuracy three
    times here: once per metric named accuracy), then the renamed keys (accuracy_1,
    weighted_accuracy) sorted: 7 values."""
    X, y = _data(rng, m=60)
    ours, theirs = _pair(metrics=["mse", "accuracy", "accuracy"],
                         weighted_metrics=["accuracy"])
    np.testing.assert_allclose(ours.evaluate(X, y, verbose=0), theirs.evaluate(X, y, verbose=0),
                               rtol=1e-10)
    assert len(ours.evaluate(X, y, verbose=0)) == 7


def _table(text):
    """The cells of each row of a summary table (rich's box characters)."""
    return [[cell.strip() for cell in line.split("│")[1:-1]]
            for line in text.splitlines() if line.startswith("│")]


def test_summary_connected_to_and_trainable_columns_as_keras(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # Keras's table at full width, not wrapped

    def build(M, Input, Model):
        x, y = Input(shape=(3,), name="x"), Input(shape=(3,), name="y")
        shared = M.Dense(4, name="h")  # used twice: Connected to lists both calls
        joined = M.Concatenate(name="c")([shared(x), shared(y)])
        return Model([x, y], M.Dense(1, name="out")(M.Dropout(0.1, name="d")(joined)))

    tables, totals = [], []
    for model in (build(L, gn.Input, gn.Model), build(K, keras.Input, keras.Model)):
        model.get_layer("h").trainable = False
        printed = []
        model.summary(show_trainable=True, print_fn=lambda s, out=printed, **kw: out.append(s))
        tables.append(_table(printed[0]))
        totals.append([line.strip() for line in printed[0].splitlines()
                       if "params:" in line] + [line.strip() for line in printed[1:]])
    assert tables[0] == tables[1]
    assert tables[1][2] == ["h (Dense)", "(None, 4)", "16", "x[0][0], y[0][0]", "N"]
    assert totals[0] == totals[1] and len(totals[0]) == 3  # Total params: 25 (100.00 B)...


def test_functional_layers_and_get_weights_in_keras_order(rng):
    """model.layers as Keras's map_graph: deepest first, a shared layer once at its
    deepest call; so get_weights/set_weights pass weights between the libraries."""
    def build(M, Input, Model):
        x, y = Input(shape=(3,), name="x"), Input(shape=(2,), name="y")
        A = M.Dense(3, activation="tanh", name="A")
        deep = M.Dense(3, name="B")(A(M.Dense(3, name="C")(x)))
        short = M.Dense(3, name="D")(M.Concatenate(name="cat")([x, y]))
        out = M.Dense(1, name="out")(M.Add(name="add")([A(deep), short]))
        return Model([x, y], [out, M.Dense(2, name="side")(y)])

    ours, theirs = build(L, gn.Input, gn.Model), build(K, keras.Input, keras.Model)
    assert [la.name for la in ours.layers] == [la.name for la in theirs.layers]
    theirs.set_weights(ours.get_weights())
    X = [rng.normal(size=(4, 3)), rng.normal(size=(4, 2))]
    for a, b in zip(ours.predict(X, verbose=0), theirs.predict(X, verbose=0)):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("as_dict", [False, True])
def test_sample_weights_per_output_as_keras(as_dict, float64, rng):
    """Each output's loss and weighted metrics use its own weights; validation too.

    The dict form (keys = output names) is compared with Keras given the same weights
    as a list: Keras 3.15 fails on a dict of sample weights when the model's outputs
    are a list (compile_utils.CompileLoss.call indexes the dict by position)."""
    ours, theirs = _two_outputs(L, gn.Input, gn.Model), _two_outputs(K, keras.Input,
                                                                    keras.Model)
    theirs.set_weights(ours.get_weights())
    for model, sgd in ((ours, gn.optimizers.SGD), (theirs, keras.optimizers.SGD)):
        model.compile(optimizer=sgd(0.1), loss=["mse", "binary_crossentropy"],
                      metrics=[["mae"], ["accuracy"]], weighted_metrics=[["mae"], ["accuracy"]])
    X = rng.normal(size=(40, 3))
    y = [X @ [[0.5], [-1.0], [0.2]], (X[:, :1] > 0).astype(float)]
    w = [rng.uniform(0.2, 3.0, 40), rng.uniform(0.0, 2.0, 40)]
    y_ours, w_ours = y, w
    if as_dict:
        y_ours, w_ours = dict(zip(["buy", "price"], y[::-1])), dict(zip(["buy", "price"], w[::-1]))
    fit = {"epochs": 2, "batch_size": 16, "shuffle": False, "verbose": 0}
    _same_history(ours.fit(X, y_ours, sample_weight=w_ours, validation_data=(X, y_ours, w_ours),
                           **fit),
                  theirs.fit(X, y, sample_weight=w, validation_data=(X, y, w), **fit))
    np.testing.assert_allclose(ours.evaluate(X, y_ours, sample_weight=w_ours, verbose=0),
                               theirs.evaluate(X, y, sample_weight=w, verbose=0), rtol=1e-10)


def test_class_weight_refusals_as_keras(float64, rng):
    X, y = _data(rng, m=20)
    ours, theirs = _pair()
    for model in (ours, theirs):  # Keras: not both at once
        with pytest.raises(ValueError, match="class_weight.*sample_weight|sample_weight.*"
                                             "class_weight"):
            model.fit(X, y, sample_weight=np.ones(20), class_weight={0: 2.0}, verbose=0)
    two = [_two_outputs(L, gn.Input, gn.Model), _two_outputs(K, keras.Input, keras.Model)]
    for model in two:  # Keras: class_weight is for one output only
        model.compile(optimizer="sgd", loss=["mse", "binary_crossentropy"])
        with pytest.raises(ValueError, match="class_weight"):
            model.fit(X, [y, y], class_weight={0: 2.0}, verbose=0)


@pytest.mark.parametrize("name", ["Precision", "Recall", "AUC"])
def test_soft_labels_count_as_positive_when_nonzero_as_keras(name, rng):
    """Keras casts y_true to bool: a target of 0.3 is a positive."""
    y_true = rng.choice([0.0, 0.3, 0.7, 1.0], size=(60, 1))
    y_pred = rng.uniform(size=(60, 1))
    ours, theirs = getattr(gn.metrics, name)(), getattr(keras.metrics, name)()
    ours.update_state(y_true, y_pred)
    theirs.update_state(y_true.astype("float32"), y_pred.astype("float32"))
    assert float(ours.result()) == pytest.approx(float(theirs.result()), rel=1e-6)
