"""glassnet.sklearn: scikit-learn's own estimator checks, and the estimators at work.

References are independent of glassnet: scikit-learn's checks, LogisticRegression and
LinearRegression (the exact optima of a network without hidden layers), and data
whose answer is known.
"""

import pickle
import subprocess
import sys

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_iris, make_classification, make_multilabel_classification
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

import glassnet as gn
from glassnet import backend
from glassnet.sklearn import GlassnetClassifier, GlassnetRegressor


# --- scikit-learn's estimator checks ---------------------------------------------------
def build_classifier(n_features_in, n_outputs):
    """A user's model function (float64, so the checks' 1e-7 tolerances apply)."""
    return gn.Sequential([
        gn.layers.Dense(8, activation="tanh"),
        gn.layers.Dense(n_outputs, activation="sigmoid" if n_outputs == 1 else "softmax"),
    ], dtype="float64")


def build_regressor(n_features_in, n_outputs):
    return gn.Sequential([gn.layers.Dense(8, activation="tanh"),
                          gn.layers.Dense(n_outputs)], dtype="float64")


REGULARISED = dict(hidden_layer_sizes=(32, 16), dropout=0.2, l2=1e-4,
                   early_stopping=True, n_iter_no_change=5, epochs=50)
CHECKED = [
    GlassnetClassifier(),  # the defaults users get
    GlassnetRegressor(),
    GlassnetClassifier(**REGULARISED),
    GlassnetRegressor(**REGULARISED),
    GlassnetClassifier(model=build_classifier, learning_rate=0.01, epochs=50),
    GlassnetRegressor(model=build_regressor, learning_rate=0.01, epochs=50),
]


def expected_failed_checks(estimator):
    """The only checks expected to fail, and why. The default estimators pass all."""
    if estimator.model is build_classifier:
        return {
            "check_class_weight_classifiers": (
                "The check trains on unscaled blobs (std 20) with one batch per epoch: "
                "this 8-tanh network's 50 Adam steps of 0.01 move its output too little "
                "to follow class_weight; the default estimator passes the check."
            ),
        }
    if estimator.dropout or estimator.early_stopping:
        return {
            "check_sample_weight_equivalence_on_dense_data": (
                "Dropout draws a mask per row and early stopping holds out rows, so "
                "a row repeated twice is not the same as a row of weight 2; without "
                "them (the defaults) the check passes."
            ),
        }
    return {}


# xfail_strict: a listed check that starts passing fails the run, so the list shrinks.
@parametrize_with_checks(CHECKED, expected_failed_checks=expected_failed_checks,
                         xfail_strict=True)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


# --- data -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def linear_regression_data(n_targets=1, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(120, 3))
    W = rng.normal(size=(3, n_targets))
    y = X @ W + 0.5 + 0.1 * rng.normal(size=(120, n_targets))
    return X, (y.ravel() if n_targets == 1 else y)


# --- the math against independent references --------------------------------------------
def test_no_hidden_layer_classifier_is_logistic_regression():
    # sigmoid(X w + b) trained on binary cross-entropy is logistic regression: at
    # convergence the probabilities must match scikit-learn's unpenalised optimum.
    X, y = make_classification(n_samples=200, n_features=4, n_informative=3,
                               n_redundant=0, class_sep=0.5, random_state=0)
    clf = GlassnetClassifier(hidden_layer_sizes=(), learning_rate=0.05, epochs=400,
                             batch_size=200, random_state=0).fit(X, y)
    reference = LogisticRegression(C=np.inf, tol=1e-10, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(clf.predict_proba(X), reference.predict_proba(X), atol=2e-3)


def test_no_hidden_layer_regressor_with_sample_weight_is_weighted_least_squares():
    # A linear output on the mean squared error is least squares; the sample weights
    # must reach glassnet's loss, giving scikit-learn's weighted solution, which
    # differs from the unweighted one.
    X, y = linear_regression_data()
    y[:30] += 3.0  # a group of rows that the weights will matter for
    weights = np.where(np.arange(len(y)) < 30, 5.0, 1.0)
    reg = GlassnetRegressor(hidden_layer_sizes=(), learning_rate=0.05, epochs=500,
                            batch_size=120, random_state=0).fit(X, y, sample_weight=weights)
    weighted = LinearRegression().fit(X, y, sample_weight=weights).predict(X)
    unweighted = LinearRegression().fit(X, y).predict(X)
    assert np.abs(weighted - unweighted).max() > 0.5
    np.testing.assert_allclose(reg.predict(X), weighted, atol=1e-3)


def test_multi_output_regression_matches_least_squares():
    X, Y = linear_regression_data(n_targets=2)
    reg = GlassnetRegressor(hidden_layer_sizes=(), learning_rate=0.05, epochs=500,
                            random_state=0).fit(X, Y)
    assert reg.n_outputs_ == 2 and reg.predict(X).shape == (120, 2)
    np.testing.assert_allclose(reg.predict(X), LinearRegression().fit(X, Y).predict(X),
                               atol=1e-3)


def test_sample_weights_of_any_scale_give_the_same_fit(iris):
    # glassnet's loss is sum(w l) / m; the estimator rescales w to mean 1, so the
    # weighted mean sum(w l) / sum(w) is minimised, as in MLPClassifier.
    X, y = iris
    clf = GlassnetClassifier(hidden_layer_sizes=(8,), epochs=20, random_state=0)
    w = np.linspace(0.5, 2.0, len(y))
    A = clone(clf).fit(X, y, sample_weight=w).predict_proba(X)
    B = clone(clf).fit(X, y, sample_weight=10 * w).predict_proba(X)
    C = clone(clf).fit(X, y).predict_proba(X)
    np.testing.assert_allclose(A, B, rtol=1e-10)
    assert np.abs(A - C).max() > 1e-4


# --- classification ---------------------------------------------------------------------
def test_multiclass_with_string_labels(iris):
    X, y = iris
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    clf = GlassnetClassifier(hidden_layer_sizes=(16,), learning_rate=0.01, epochs=100,
                             random_state=0).fit(X, names)
    assert clf.classes_.tolist() == names[[0, 50, 100]].tolist()
    assert clf.model_.layers[-1].units == 3
    assert type(clf.model_.loss).__name__ == "CategoricalCrossentropy"
    P = clf.predict_proba(X)
    np.testing.assert_allclose(P.sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[P.argmax(axis=1)])
    assert clf.score(X, names) > 0.95


def test_binary_probabilities_come_from_one_sigmoid_unit(iris):
    X, y = iris
    clf = GlassnetClassifier(hidden_layer_sizes=(4,), epochs=5, random_state=0)
    clf.fit(X[y > 0], y[y > 0])
    assert clf.model_.layers[-1].units == 1
    a = clf.model_.predict(X[y > 0])[:, 0]  # the sigmoid output, P(class 2)
    np.testing.assert_allclose(clf.predict_proba(X[y > 0]), np.c_[1 - a, a])
    np.testing.assert_array_equal(clf.predict(X[y > 0]), np.where(a > 0.5, 2, 1))


def test_multilabel_indicator_targets():
    X, Y = make_multilabel_classification(n_samples=150, n_features=6, n_classes=4,
                                          random_state=0)
    X = StandardScaler().fit_transform(X)
    clf = GlassnetClassifier(hidden_layer_sizes=(32,), learning_rate=0.01, epochs=100,
                             random_state=0).fit(X, Y)
    assert type(clf.model_.loss).__name__ == "BinaryCrossentropy"
    P = clf.predict_proba(X)
    assert P.shape == (150, 4)
    np.testing.assert_array_equal(clf.predict(X), (P > 0.5).astype(int))
    # per-label accuracy well above always answering each label's majority value
    majority = np.maximum(Y.mean(axis=0), 1 - Y.mean(axis=0)).mean()
    assert (clf.predict(X) == Y).mean() > majority + 0.1
    # partial_fit needs no classes for multi-label y: the columns are the labels
    online = GlassnetClassifier(hidden_layer_sizes=(4,), random_state=0).partial_fit(X, Y)
    assert online.classes_.tolist() == [0, 1, 2, 3]


# --- training controls ----------------------------------------------------------------------
def test_same_random_state_repeats_the_fit_and_leaves_global_rng_alone(iris):
    X, y = iris
    params = dict(hidden_layer_sizes=(8,), dropout=0.1, batch_size=16, epochs=5)
    before = backend.rng().bit_generator.state
    a = GlassnetClassifier(random_state=3, **params).fit(X, y)
    assert backend.rng().bit_generator.state == before
    b = GlassnetClassifier(random_state=3, **params).fit(X, y)
    c = GlassnetClassifier(random_state=4, **params).fit(X, y)
    assert a.loss_curve_ == b.loss_curve_
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    assert a.loss_curve_ != c.loss_curve_


def test_backend_use_generator_lends_a_generator_for_a_block():
    # the seeding mechanism the estimators use: glassnet draws from the lent
    # generator inside the block, and the global one is back (untouched) after it
    before = backend.rng().bit_generator.state
    lent = np.random.default_rng(7)
    with backend.use_generator(lent):
        assert backend.rng() is lent
        W = gn.initializers.RandomNormal(0.0, 1.0)((3, 2), dtype="float64")
    np.testing.assert_array_equal(W, np.random.default_rng(7).normal(0.0, 1.0, (3, 2)))
    assert backend.rng().bit_generator.state == before
    with pytest.raises(RuntimeError, match="boom"), backend.use_generator(lent):
        raise RuntimeError("boom")
    assert backend.rng().bit_generator.state == before
    with pytest.raises(TypeError, match="expects a numpy.random.Generator.*got int"):
        with backend.use_generator(0):
            pass


def test_history_and_loss_curve(iris):
    X, y = iris
    clf = GlassnetClassifier(hidden_layer_sizes=(8,), epochs=30, random_state=0).fit(X, y)
    assert clf.n_iter_ == 30 and len(clf.history_["loss"]) == 30
    assert clf.loss_curve_ == clf.history_["loss"]
    assert clf.loss_curve_[-1] < clf.loss_curve_[0]


def test_early_stopping_keeps_the_best_epoch(iris):
    X, y = iris
    clf = GlassnetClassifier(hidden_layer_sizes=(64,), learning_rate=0.05, epochs=500,
                             early_stopping=True, n_iter_no_change=3, tol=0.0,
                             random_state=0).fit(X, y)
    assert clf.n_iter_ < 500
    val = clf.history_["val_loss"]
    assert len(val) == clf.n_iter_
    assert clf.best_validation_loss_ == min(val)
    assert np.argmin(val) == clf.n_iter_ - 1 - 3  # patience 3 after the best


def test_partial_fit_continues_training(iris):
    X, y = iris
    clf = GlassnetClassifier(hidden_layer_sizes=(8,), learning_rate=0.01, random_state=0)
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        clf.partial_fit(X, y)
    for _ in range(5):
        clf.partial_fit(X[:100], y[:100], classes=[0, 1, 2])
    assert clf.n_iter_ == 5 and clf.classes_.tolist() == [0, 1, 2]
    assert clf.loss_curve_[-1] < clf.loss_curve_[0]
    with pytest.raises(ValueError, match=r"classes \[7\] that were not seen"):
        clf.partial_fit(X[:3], [0, 1, 7])
    with pytest.raises(ValueError, match="X has 2 features, but GlassnetClassifier is"):
        clf.partial_fit(X[:, :2], y)


def test_regressor_partial_fit_checks_the_number_of_targets():
    X, Y = linear_regression_data(n_targets=2)
    reg = GlassnetRegressor(hidden_layer_sizes=(4,), random_state=0).partial_fit(X, Y)
    with pytest.raises(ValueError, match="y has 1 targets, but the model was fitted on 2"):
        reg.partial_fit(X, Y[:, 0])


def test_dropout_and_l2_build_the_layers(iris):
    X, y = iris
    clf = GlassnetClassifier(hidden_layer_sizes=(8, 4), dropout=0.25, l2=0.01,
                             epochs=1, random_state=0).fit(X, y)
    kinds = [type(layer).__name__ for layer in clf.model_.layers]
    assert kinds == ["Dense", "Dropout", "Dense", "Dropout", "Dense"]
    dense = [layer for layer in clf.model_.layers if type(layer).__name__ == "Dense"]
    assert [layer.kernel_regularizer.l2 for layer in dense] == [0.01, 0.01, 0.01]
    assert [layer.rate for layer in clf.model_.layers[1::2]] == [0.25, 0.25]


def build_tanh_softmax(n_features_in, n_outputs):
    """A user's function (module level, so that the estimator can be pickled)."""
    return gn.Sequential([gn.layers.Dense(5, activation="tanh", input_dim=n_features_in),
                          gn.layers.Dense(n_outputs, activation="softmax")])


def test_user_model_function(iris):
    X, y = iris
    clf = GlassnetClassifier(model=build_tanh_softmax, optimizer="sgd", learning_rate=0.1,
                             epochs=50, random_state=0).fit(X, y)
    assert clf.model_.layers[0].input_shape == (None, 4)  # called with n_features_in=4
    assert [layer.units for layer in clf.model_.layers] == [5, 3]  # and n_outputs=3
    assert type(clf.model_.optimizer).__name__ == "SGD"
    assert clf.model_.optimizer.learning_rate == pytest.approx(0.1)
    assert clf.predict_proba(X).dtype == np.float64  # X's dtype, from a float32 model
    assert clf.score(X, y) > 0.9
    # pickled as the object it is (its layers could be the user's own classes)
    again = pickle.loads(pickle.dumps(clf))
    np.testing.assert_array_equal(again.predict_proba(X), clf.predict_proba(X))


def test_user_model_errors(iris):
    X, y = iris
    wrong_width = GlassnetClassifier(model=lambda n_in, n_out: gn.Sequential(
        [gn.layers.Dense(2, activation="softmax")]))
    with pytest.raises(ValueError, match="2 output units, but y needs 3"):
        wrong_width.fit(X, y)
    with pytest.raises(TypeError, match="must return a glassnet model"):
        GlassnetClassifier(model=lambda n_in, n_out: "net").fit(X, y)
    with pytest.raises(TypeError, match="model must be a function"):
        GlassnetRegressor(model="net").fit(X, y)


@pytest.mark.parametrize("params, message", [
    (dict(hidden_layer_sizes=(10, 0)), r"hidden_layer_sizes must be positive integers"),
    (dict(batch_size=0), r"batch_size must be an integer in \[1, inf\), but got 0"),
    (dict(batch_size="full"), r"batch_size must be a positive integer or 'auto'"),
    (dict(dropout=1.0), r"dropout must be a number in \[0, 1\), but got 1.0"),
    (dict(epochs=2.5), r"epochs must be an integer"),
    (dict(validation_fraction=0.0), r"validation_fraction must be a number in \(0, 1\)"),
    (dict(optimizer=3), r"optimizer must be a name such as 'adam'"),
    (dict(optimizer="adamix"), r"Unknown optimizer 'adamix'"),
])
def test_bad_parameters_fail_in_fit_with_clear_messages(iris, params, message):
    X, y = iris
    clf = GlassnetClassifier(**params)  # no error here: __init__ only stores
    with pytest.raises((ValueError, TypeError), match=message):
        clf.fit(X, y)


def test_classifier_rejects_continuous_and_single_class_targets(iris):
    X, _ = iris
    with pytest.raises(ValueError, match="Unknown label type"):
        GlassnetClassifier().fit(X, X[:, 0])
    with pytest.raises(ValueError, match="at least 2 classes"):
        GlassnetClassifier().fit(X, np.zeros(len(X)))


def test_unfitted_estimator_raises_not_fitted():
    with pytest.raises(NotFittedError):
        GlassnetRegressor().predict(np.ones((2, 3)))


def test_feature_names_from_a_dataframe(iris):
    pd = pytest.importorskip("pandas")
    X, y = iris
    frame = pd.DataFrame(X, columns=["sl", "sw", "pl", "pw"])
    clf = GlassnetClassifier(hidden_layer_sizes=(4,), epochs=2, random_state=0)
    clf.fit(frame, y)
    assert clf.feature_names_in_.tolist() == ["sl", "sw", "pl", "pw"]
    assert clf.n_features_in_ == 4
    with pytest.raises(ValueError, match="feature names should match"):
        clf.predict(frame[["sw", "sl", "pl", "pw"]])


# --- working with scikit-learn's tools --------------------------------------------------------
def test_pipeline_with_standard_scaler():
    X, y = load_iris(return_X_y=True)
    X = X * 100  # unscaled inputs: the scaler is what makes this learnable quickly
    pipe = make_pipeline(StandardScaler(), GlassnetClassifier(
        hidden_layer_sizes=(16,), learning_rate=0.01, epochs=100, random_state=0))
    assert pipe.fit(X, y).score(X, y) > 0.95


def test_cross_val_score(iris):
    X, y = iris
    clf = GlassnetClassifier(hidden_layer_sizes=(16,), learning_rate=0.01, epochs=60,
                             random_state=0)
    scores = cross_val_score(clf, X, y, cv=3)
    assert scores.shape == (3,) and scores.min() > 0.8


def test_grid_search_cv():
    X, y = linear_regression_data()
    search = GridSearchCV(
        GlassnetRegressor(learning_rate=0.05, epochs=100, random_state=0),
        {"hidden_layer_sizes": [(), (4,)], "l2": [0.0, 10.0]}, cv=3,
    ).fit(X, y)
    assert search.best_params_["l2"] == 0.0  # a strong penalty shrinks the fit away
    assert search.best_estimator_.score(X, y) > 0.9
    assert len(search.cv_results_["params"]) == 4


def test_clone_copies_parameters_not_fitted_state(iris):
    X, y = iris
    clf = GlassnetClassifier(hidden_layer_sizes=(8,), epochs=2, l2=0.1, random_state=1)
    clf.fit(X, y)
    copy = clone(clf)
    assert copy.get_params() == clf.get_params()
    assert not hasattr(copy, "model_")
    with pytest.raises(NotFittedError):
        copy.predict(X)


@pytest.mark.parametrize("Estimator", [GlassnetClassifier, GlassnetRegressor])
def test_pickle_round_trip_predicts_identically_and_keeps_training(iris, Estimator):
    X, y = iris
    est = Estimator(hidden_layer_sizes=(16,), dropout=0.1, epochs=5, random_state=0)
    est.fit(X, y)
    est.predict(X)  # leaves the layers' caches filled; they are not pickled
    data = pickle.dumps(est)
    weights_bytes = sum(w.nbytes for w in est.model_.get_weights())
    assert len(data) < 4 * weights_bytes + 20_000  # weights, Adam's 2 slots, config
    again = pickle.loads(data)
    np.testing.assert_array_equal(again.predict(X), est.predict(X))
    # the optimizer state and the generator come back too: training goes on the same
    est.partial_fit(X, y)
    again.partial_fit(X, y)
    np.testing.assert_array_equal(again.predict(X), est.predict(X))


def test_import_glassnet_does_not_import_sklearn():
    code = ("import sys, glassnet; assert 'sklearn' not in sys.modules; "
            "glassnet.sklearn.GlassnetClassifier; assert 'sklearn' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
