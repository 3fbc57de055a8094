"""GlassnetRegressor's target scaling, loss choice and ConvergenceWarning; class_weight,
validation_data and callbacks=, each against an independent reference."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LinearRegression, QuantileRegressor
from sklearn.metrics import log_loss

import glassnet as gn
from glassnet.sklearn import GlassnetClassifier, GlassnetRegressor


def prices(seed=0, m=150):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, 3))
    y = 50_000 + X @ np.array([9_000.0, -4_000.0, 2_500.0]) + rng.normal(0, 1_000, m)
    return X, y


def test_a_target_in_large_units_is_scaled_and_reaches_least_squares():
    X, y = prices()
    reg = GlassnetRegressor(hidden_layer_sizes=(), learning_rate=0.05, epochs=400,
                            batch_size=150, random_state=0).fit(X, y)
    np.testing.assert_allclose(reg.y_mean_, [y.mean()])
    np.testing.assert_allclose(reg.y_scale_, [y.std()])
    reference = LinearRegression().fit(X, y).predict(X)
    np.testing.assert_allclose(reg.predict(X), reference, rtol=1e-4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        raw = GlassnetRegressor(hidden_layer_sizes=(), learning_rate=0.05, epochs=400,
                                batch_size=150, random_state=0, scale_target=False).fit(X, y)
    assert raw.score(X, y) < 0.5 < 0.99 < reg.score(X, y)  # unscaled: far from the optimum


def test_convergence_warning_when_every_epoch_was_used_and_the_loss_still_fell():
    X, y = prices()
    # shorter than n_iter_no_change=10: the fall over the whole run (a number, not inf)
    with pytest.warns(ConvergenceWarning, match=r"used all 5 epochs while the loss was still "
                      r"falling \(\d[\d.e+-]* lower over all 5 epochs, more than tol"):
        reg = GlassnetRegressor(hidden_layer_sizes=(8,), epochs=5, random_state=0).fit(X, y)
    assert reg.history_["loss"][0] - min(reg.history_["loss"]) > reg.tol
    with pytest.warns(ConvergenceWarning, match=r"lower within the last 10 epochs"):
        GlassnetRegressor(hidden_layer_sizes=(8,), epochs=15, random_state=0).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        # stopped by early stopping: converged by its own rule, no warning
        reg = GlassnetRegressor(hidden_layer_sizes=(8,), epochs=2000, early_stopping=True,
                                learning_rate=0.05, random_state=0).fit(X, y)
        assert reg.n_iter_ < 2000


def test_mae_loss_fits_the_median_regression():
    X, y = prices()
    y[:15] += 40_000  # outliers pull least squares, not the median
    reg = GlassnetRegressor(hidden_layer_sizes=(), loss="mae", learning_rate=0.02,
                            epochs=600, batch_size=150, random_state=0).fit(X, y)
    median = QuantileRegressor(quantile=0.5, alpha=0, solver="highs").fit(X, y).predict(X)
    least_squares = LinearRegression().fit(X, y).predict(X)
    assert np.abs(median - least_squares).max() > 3_000
    np.testing.assert_allclose(reg.predict(X), median, atol=600)
    with pytest.raises(ValueError, match="classification loss"):
        GlassnetRegressor(loss="binary_crossentropy").fit(X, y)


def test_balanced_class_weight_equals_the_sample_weights_written_by_hand():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(120, 2))
    y = np.where(X[:, 0] + 0.3 * rng.normal(size=120) > 0.8, "rare", "common")
    counts = {c: np.sum(y == c) for c in ("common", "rare")}
    hand = np.array([len(y) / (2 * counts[c]) for c in y])  # n / (k * count(class))
    params = dict(hidden_layer_sizes=(4,), epochs=30, random_state=0)
    balanced = GlassnetClassifier(class_weight="balanced", **params).fit(X, y)
    weighted = GlassnetClassifier(**params).fit(X, y, sample_weight=hand)
    np.testing.assert_allclose(balanced.predict_proba(X), weighted.predict_proba(X))
    plain = GlassnetClassifier(**params).fit(X, y)
    assert (balanced.predict(X) == "rare").sum() > (plain.predict(X) == "rare").sum()
    by_dict = GlassnetClassifier(class_weight={"common": 1, "rare": 5}, **params).fit(X, y)
    np.testing.assert_allclose(
        by_dict.predict_proba(X),
        GlassnetClassifier(**params).fit(X, y, sample_weight=np.where(y == "rare", 5, 1))
        .predict_proba(X))


def test_validation_data_is_watched_and_drives_early_stopping():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(200, 4))
    y = (X[:, 0] - X[:, 1] > 0).astype(int)
    X_val, y_val = X[150:], y[150:]
    clf = GlassnetClassifier(hidden_layer_sizes=(6,), epochs=12, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X[:150], y[:150], validation_data=(X_val, y_val))
    # the last epoch's val_loss is the binary cross-entropy of the final weights
    assert len(clf.history_["val_loss"]) == 12
    np.testing.assert_allclose(clf.history_["val_loss"][-1],
                               log_loss(y_val, clf.predict_proba(X_val)), rtol=1e-5)
    stopper = GlassnetClassifier(hidden_layer_sizes=(6,), epochs=500, early_stopping=True,
                                 n_iter_no_change=5, learning_rate=0.05, random_state=0)
    stopper.fit(X[:150], y[:150], validation_data=(X_val, y_val))
    best = min(stopper.history_["val_loss"])
    assert stopper.best_validation_loss_ == pytest.approx(best)
    assert stopper.n_iter_ < 500
    np.testing.assert_allclose(log_loss(y_val, stopper.predict_proba(X_val)), best, rtol=1e-5)


def test_callbacks_are_given_to_glassnet_fit():
    X, y = prices()
    seen = []
    counter = gn.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(epoch))
    schedule = gn.callbacks.LearningRateScheduler(lambda epoch, lr: 0.1 / (epoch + 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        reg = GlassnetRegressor(hidden_layer_sizes=(4,), epochs=4, random_state=0,
                                callbacks=[counter, schedule]).fit(X, y)
    assert seen == [0, 1, 2, 3]
    assert reg.model_.optimizer.learning_rate == pytest.approx(0.1 / 4)
    with pytest.raises(TypeError, match="callbacks must be a list of glassnet callbacks"):
        GlassnetRegressor(callbacks=["early"]).fit(X, y)
