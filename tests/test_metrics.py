"""Metrics against scikit-learn, against Keras's documented examples, and streaming."""

import numpy as np
import pytest
from sklearn.metrics import (
    accuracy_score,
    f1_score,
    fbeta_score,
    mean_absolute_error,
    mean_squared_error,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
    top_k_accuracy_score,
)

import glassnet as gn
from glassnet import metrics

RNG = np.random.default_rng(3)
M = 300
Y_BIN = RNG.integers(0, 2, size=M)
P_BIN = np.clip(0.5 * Y_BIN + RNG.uniform(-0.1, 0.6, size=M), 0.0, 1.0)  # informative scores
LABELS = RNG.integers(0, 4, size=M)
P_CAT = RNG.dirichlet(np.ones(4), size=M)
ONE_HOT = np.eye(4)[LABELS]
Y_REG = RNG.normal(size=(M, 2))
P_REG = Y_REG + RNG.normal(scale=0.5, size=(M, 2))
W = RNG.uniform(0.0, 2.0, size=M)


# --- every registered metric against an independent reference -------------------
def _sklearn(fn, *args, **kw):
    """``lambda w: fn(*args, sample_weight=w, **kw)``: scikit-learn with the weights."""
    return lambda w: fn(*args, sample_weight=w, **kw)


def _weighted_mean_squares(w):
    """Keras's MSE by hand: sum_i w_i mean_k (y_ik - p_ik)^2 / sum_i w_i."""
    w = np.ones(M) if w is None else w
    return float((w * ((Y_REG - P_REG) ** 2).mean(axis=1)).sum() / w.sum())


PREDICTED_BIN = (P_BIN > 0.5).astype(int)
PREDICTED_CAT = P_CAT.argmax(axis=1)

# metric key: (make the metric, y_true, y_pred, reference(sample_weight), rel. tolerance).
# A metric added to metrics.METRICS needs a row here (the test below fails without).
REFERENCE_CASES = {
    "binary_accuracy": (metrics.BinaryAccuracy, Y_BIN, P_BIN,
                        _sklearn(accuracy_score, Y_BIN, PREDICTED_BIN), 1e-12),
    "precision": (metrics.Precision, Y_BIN, P_BIN,
                  _sklearn(precision_score, Y_BIN, PREDICTED_BIN), 1e-12),
    "recall": (metrics.Recall, Y_BIN, P_BIN, _sklearn(recall_score, Y_BIN, PREDICTED_BIN), 1e-12),
    # AUC: 200 thresholds approximate the exact area
    "auc": (metrics.AUC, Y_BIN, P_BIN, _sklearn(roc_auc_score, Y_BIN, P_BIN), 3e-3),
    "categorical_accuracy": (metrics.CategoricalAccuracy, ONE_HOT, P_CAT,
                             _sklearn(accuracy_score, LABELS, PREDICTED_CAT), 1e-12),
    "sparse_categorical_accuracy": (metrics.SparseCategoricalAccuracy, LABELS, P_CAT,
                                    _sklearn(accuracy_score, LABELS, PREDICTED_CAT), 1e-12),
    "top_k_categorical_accuracy": (lambda: metrics.TopKCategoricalAccuracy(k=2), ONE_HOT, P_CAT,
                                   _sklearn(top_k_accuracy_score, LABELS, P_CAT, k=2), 1e-12),
    "mean_absolute_error": (metrics.MeanAbsoluteError, Y_REG, P_REG,
                            _sklearn(mean_absolute_error, Y_REG, P_REG), 1e-12),
    "mean_squared_error": (metrics.MeanSquaredError, Y_REG, P_REG,
                           _sklearn(mean_squared_error, Y_REG, P_REG), 1e-12),
    "root_mean_squared_error": (metrics.RootMeanSquaredError, Y_REG, P_REG,
                                lambda w: np.sqrt(_weighted_mean_squares(w)), 1e-12),
    "r2_score": (metrics.R2Score, Y_REG, P_REG, _sklearn(r2_score, Y_REG, P_REG), 1e-10),
    # Keras's F-scores add eps = 1e-7 to each denominator: hence 1e-6
    "f1_score": (metrics.F1Score, ONE_HOT, P_CAT,
                 _sklearn(f1_score, LABELS, PREDICTED_CAT, average=None), 1e-6),
    "fbeta_score": (lambda: metrics.FBetaScore(average="macro", beta=2.0), ONE_HOT, P_CAT,
                    _sklearn(fbeta_score, LABELS, PREDICTED_CAT, beta=2.0, average="macro"),
                    1e-6),
}


def test_every_registered_metric_has_a_reference_case():
    """A new metric in the registry needs a row above, in REFERENCE_CASES."""
    covered = {type(make()) for make, *_ in REFERENCE_CASES.values()}
    missing = set(metrics.METRICS.values()) - covered
    assert not missing, f"no REFERENCE_CASES row for {sorted(c.__name__ for c in missing)}"


@pytest.mark.parametrize("weights", [None, W])
@pytest.mark.parametrize("case", sorted(REFERENCE_CASES))
def test_each_metric_matches_its_reference(case, weights):
    make, y, p, reference, rel = REFERENCE_CASES[case]
    np.testing.assert_allclose(make()(y, p, weights), reference(weights), rtol=rel)


def reference_threshold_auc(y, p, w, n):
    """Keras's definition written out: counts at each threshold, then trapezoids."""
    thresholds = [-1e-7] + [(i + 1) / (n - 1) for i in range(n - 2)] + [1 + 1e-7]
    tpr, fpr = [], []
    for t in thresholds:
        tp = sum(wi for yi, pi, wi in zip(y, p, w, strict=True) if yi == 1 and pi > t)
        fn = sum(wi for yi, pi, wi in zip(y, p, w, strict=True) if yi == 1 and not pi > t)
        fp = sum(wi for yi, pi, wi in zip(y, p, w, strict=True) if yi == 0 and pi > t)
        tn = sum(wi for yi, pi, wi in zip(y, p, w, strict=True) if yi == 0 and not pi > t)
        tpr.append(tp / (tp + fn) if tp + fn else 0.0)
        fpr.append(fp / (fp + tn) if fp + tn else 0.0)
    return sum((fpr[j] - fpr[j + 1]) * (tpr[j] + tpr[j + 1]) / 2 for j in range(n - 1))


@pytest.mark.parametrize("n", [3, 10, 200])
def test_auc_counts_equal_the_threshold_definition(n):
    # Scores that sit exactly on thresholds are the edge case of "> t".
    p = np.concatenate([P_BIN[:100], [0.0, 0.5, 1.0, 1 / 9, 2 / 9]])
    y = np.concatenate([Y_BIN[:100], [0, 1, 1, 0, 1]])
    w = np.concatenate([W[:100], [1.0, 2.0, 0.5, 1.0, 1.0]])
    assert metrics.AUC(num_thresholds=n)(y, p, w) == pytest.approx(
        reference_threshold_auc(y, p, w, n), abs=1e-12)


# --- Keras's documented examples -------------------------------------------------
def test_keras_documented_examples():
    m = metrics.BinaryAccuracy()
    m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
    assert m.result() == 0.75
    m.reset_state()
    m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], sample_weight=[1, 0, 0, 1])
    assert m.result() == 0.5
    c = metrics.CategoricalAccuracy()
    assert c([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]) == 0.5
    s = metrics.SparseCategoricalAccuracy()
    assert s([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]) == 0.5
    assert metrics.Precision()([0, 1, 1, 1], [1, 0, 1, 1]) == pytest.approx(2 / 3)
    assert metrics.Recall()([0, 1, 1, 1], [1, 0, 1, 1]) == pytest.approx(2 / 3)
    # thresholds [-1e-7, 0.5, 1+1e-7]: TPR [1, .5, 0], FPR [1, 0, 0] -> (1+.5)/2 = 0.75
    assert metrics.AUC(num_thresholds=3)([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]) == 0.75


def test_calling_a_metric_accumulates_as_in_keras3():
    m = metrics.BinaryAccuracy()
    assert m([1, 1], [0.9, 0.9]) == 1.0
    assert m([1, 1], [0.1, 0.1]) == 0.5  # 2 right out of 4 seen so far


def test_empty_state_gives_zero():
    for cls in metrics.METRICS.values():
        if cls is metrics.R2Score:  # as Keras: 1 - 0/0 is nan (tests/keras_diff checks)
            assert np.isnan(cls().result())
        else:
            assert cls().result() == 0.0


# --- streaming ---------------------------------------------------------------------
STREAM_CASES = [
    (metrics.BinaryAccuracy, Y_BIN, P_BIN),
    (metrics.Precision, Y_BIN, P_BIN),
    (metrics.Recall, Y_BIN, P_BIN),
    (metrics.AUC, Y_BIN, P_BIN),
    (metrics.CategoricalAccuracy, ONE_HOT, P_CAT),
    (metrics.SparseCategoricalAccuracy, LABELS, P_CAT),
    (metrics.MeanAbsoluteError, Y_REG, P_REG),
    (metrics.MeanSquaredError, Y_REG, P_REG),
    (metrics.RootMeanSquaredError, Y_REG, P_REG),
    (metrics.R2Score, Y_REG, P_REG),
    (metrics.F1Score, ONE_HOT, P_CAT),
    (lambda: metrics.F1Score(average="macro", threshold=0.4), ONE_HOT, P_CAT),
    (lambda: metrics.AUC(curve="PR"), Y_BIN, P_BIN),
    (lambda: metrics.TopKCategoricalAccuracy(k=2), ONE_HOT, P_CAT),
    (lambda: metrics.MeanMetricWrapper(lambda y, p: np.abs(y - p).max(axis=-1)),
     Y_REG, P_REG),
]


@pytest.mark.parametrize("weights", [None, W])
@pytest.mark.parametrize("cls, y, p", STREAM_CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_streaming_over_batches_equals_one_batch(cls, y, p, weights):
    whole = cls()(y, p, weights)
    streamed = cls()
    for lo, hi in ((0, 7), (7, 150), (150, 151), (151, M)):
        streamed.update_state(y[lo:hi], p[lo:hi], None if weights is None else weights[lo:hi])
    np.testing.assert_allclose(streamed.result(), whole, rtol=1e-12)


def test_reset_state_forgets():
    m = metrics.MeanAbsoluteError()
    m.update_state([0.0], [5.0])
    m.reset_state()
    m.update_state([1.0, 1.0], [2.0, 0.0])
    assert m.result() == 1.0


# --- inside fit / evaluate -------------------------------------------------------
def _fitted(units, activation, loss, X, y, metric_list, weighted=False):
    gn.utils.set_random_seed(0)
    model = gn.Sequential([gn.layers.Dense(units, activation=activation, input_shape=(3,))])
    # as Keras: only weighted_metrics see sample weights
    kind = "weighted_metrics" if weighted else "metrics"
    model.compile(optimizer="adam", loss=loss, **{kind: metric_list})
    model.fit(X, y, epochs=2, verbose=0)
    return model


X3 = RNG.normal(size=(60, 3))


@pytest.mark.parametrize("units, activation, loss, y, expected_cls", [
    (1, "sigmoid", "binary_crossentropy", Y_BIN[:60], metrics.BinaryAccuracy),
    (4, "softmax", "sparse_categorical_crossentropy", LABELS[:60],
     metrics.SparseCategoricalAccuracy),
    (4, "softmax", "categorical_crossentropy", ONE_HOT[:60], metrics.CategoricalAccuracy),
])
def test_accuracy_is_resolved_from_loss_and_shapes(units, activation, loss, y, expected_cls):
    model = _fitted(units, activation, loss, X3, y, ["accuracy"])
    assert type(model.metrics[0]) is expected_cls and model.metrics[0].name == "accuracy"
    A = model.predict(X3, verbose=0)
    predicted = (A[:, 0] > 0.5).astype(int) if units == 1 else A.argmax(axis=1)
    labels = y if y.ndim == 1 else y.argmax(axis=1)
    result = model.evaluate(X3, y, return_dict=True, verbose=0)
    assert result["accuracy"] == pytest.approx(accuracy_score(labels, predicted))


def test_evaluate_metrics_match_sklearn_with_sample_weights():
    model = _fitted(1, "sigmoid", "binary_crossentropy", X3, Y_BIN[:60],
                    ["accuracy", "precision", "recall", "auc"], weighted=True)
    A = model.predict(X3, verbose=0)[:, 0].astype(np.float64)
    w = W[:60]
    got = model.evaluate(X3, Y_BIN[:60], sample_weight=w, batch_size=16, return_dict=True,
                         verbose=0)
    predicted = (A > 0.5).astype(int)
    y = Y_BIN[:60]
    assert got["accuracy"] == pytest.approx(accuracy_score(y, predicted, sample_weight=w))
    assert got["precision"] == pytest.approx(
        precision_score(y, predicted, sample_weight=w, zero_division=0))
    assert got["recall"] == pytest.approx(
        recall_score(y, predicted, sample_weight=w, zero_division=0))
    assert got["auc"] == pytest.approx(roc_auc_score(y, A, sample_weight=w), abs=1e-2)


def test_names_in_history_are_the_names_asked_for():
    gn.utils.set_random_seed(1)
    model = gn.Sequential([gn.layers.Dense(1, activation="sigmoid", input_shape=(3,))])
    model.compile(optimizer="sgd", loss="binary_crossentropy",
                  metrics=["acc", "mae", "mse", "AUC", metrics.Precision(), "recall",
                           metrics.BinaryAccuracy(name="bin_acc")])
    history = model.fit(X3, Y_BIN[:60], epochs=2, validation_split=0.25, verbose=0)
    names = ["acc", "mae", "mse", "AUC", "precision", "recall", "bin_acc"]
    assert set(history.history) == {"loss", "val_loss", *names, *("val_" + n for n in names)}
    assert all(len(v) == 2 for v in history.history.values())


def test_direction_of_each_metric():
    up = [metrics.BinaryAccuracy, metrics.CategoricalAccuracy, metrics.Precision,
          metrics.Recall, metrics.AUC, metrics.F1Score, metrics.R2Score,
          metrics.TopKCategoricalAccuracy]
    down = [metrics.MeanAbsoluteError, metrics.MeanSquaredError, metrics.RootMeanSquaredError]
    assert all(c.direction == "up" for c in up) and all(c.direction == "down" for c in down)


# --- errors ------------------------------------------------------------------------
def test_unknown_metric_name():
    with pytest.raises(ValueError, match="Unknown metric 'f2_score'"):
        metrics.get("f2_score")
    model = gn.Sequential([gn.layers.Dense(1, input_shape=(3,))])
    with pytest.raises(ValueError, match="Unknown metric 'accurasy'"):
        model.compile(loss="mse", metrics=["accurasy"])


def test_shape_and_weight_errors():
    with pytest.raises(ValueError, match=r"y_true with the shape of y_pred \(3, 2\).*\(3,\)"):
        metrics.MeanSquaredError()([1, 2, 3], np.zeros((3, 2)))
    with pytest.raises(ValueError, match="sample_weight has 2 values but there are 3 examples"):
        metrics.BinaryAccuracy()([1, 0, 1], [0.9, 0.1, 0.2], sample_weight=[1, 2])
    with pytest.raises(ValueError, match="num_thresholds"):
        metrics.AUC(num_thresholds=1)


def test_config_round_trip():
    for m in (metrics.AUC(name="roc", num_thresholds=50), metrics.Precision(thresholds=0.3),
              metrics.BinaryAccuracy(threshold=0.7),
              metrics.AUC(curve="PR", thresholds=[0.2, 0.6], from_logits=True),
              metrics.F1Score(average="weighted", threshold=0.4), metrics.R2Score(None, 2),
              metrics.TopKCategoricalAccuracy(k=3)):
        again = metrics.get(metrics.serialize(m))
        assert type(again) is type(m) and again.get_config() == m.get_config()


def test_a_plain_function_is_a_metric_named_after_it():
    def worst_error(y_true, y_pred):  # per example: the largest |error| over outputs
        return np.abs(y_true - y_pred).max(axis=-1)

    def batch_bias(y_true, y_pred):  # one number per batch
        return float(np.mean(y_pred - y_true))

    gn.utils.set_random_seed(0)
    model = gn.Sequential([gn.layers.Dense(2, input_shape=(3,))])
    model.compile(optimizer="sgd", loss="mse", metrics=[worst_error, batch_bias])
    Y = Y_REG[:60]
    logs = model.evaluate(X3, Y, batch_size=60, verbose=0, return_dict=True)
    A = model.predict(X3, verbose=0)
    assert list(logs) == ["batch_bias", "loss", "worst_error"]  # Keras 3's sorted order
    assert logs["worst_error"] == pytest.approx(np.abs(Y - A).max(axis=1).mean(), rel=1e-6)
    assert logs["batch_bias"] == pytest.approx(np.mean(A - Y), rel=1e-5, abs=1e-7)
    # weighted: sum_i w_i v_i / sum_i w_i
    m = metrics.get(worst_error)
    m.update_state(Y, A, W[:60])
    v = np.abs(Y - A).max(axis=1)
    assert m.result() == pytest.approx((v * W[:60]).sum() / W[:60].sum(), rel=1e-6)
    history = model.fit(X3, Y, epochs=2, verbose=0, validation_split=0.2)
    assert {"worst_error", "val_worst_error", "batch_bias"} <= set(history.history)


def test_f1_score_per_class_is_an_array_in_the_logs():
    model = _fitted(4, "softmax", "categorical_crossentropy", X3, ONE_HOT[:60],
                    [metrics.F1Score()])
    logs = model.evaluate(X3, ONE_HOT[:60], verbose=0, return_dict=True)
    A = model.predict(X3, verbose=0)
    np.testing.assert_allclose(logs["f1_score"], f1_score(LABELS[:60], A.argmax(1),
                                                          average=None, labels=range(4)),
                               atol=1e-6)
