"""Wrong argument types and values in the Python API: one clear error naming the
argument (issue 15), not Python's own int('x') or '<=' not supported, nor acceptance."""

import numpy as np
import pytest

import glassnet as gn

X = np.random.default_rng(0).normal(size=(8, 3))
Y = (X[:, 0] > 0).astype(float)


def model():
    m = gn.Sequential([gn.Input(shape=(3,)), gn.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer="sgd", loss="binary_crossentropy")
    return m


FIT = [
    ({"epochs": "x"}, TypeError, "fit\\(\\) expects epochs to be a whole number >= 0, but got 'x'"),
    ({"epochs": None}, TypeError, "epochs to be a whole number"),
    ({"epochs": 2.5}, TypeError, "epochs to be a whole number"),
    ({"epochs": -1}, ValueError, "epochs >= 0"),
    ({"initial_epoch": [1]}, TypeError, "initial_epoch to be a whole number"),
    ({"verbose": 1.5}, ValueError, "verbose to be 'auto', 0, 1 or 2"),
    ({"verbose": "x"}, ValueError, "verbose to be 'auto', 0, 1 or 2"),
    ({"validation_split": "x"}, TypeError, "validation_split to be a number"),
    ({"validation_split": None}, TypeError, "validation_split to be a number"),
    ({"validation_split": float("nan")}, ValueError, "validation_split to be a finite number"),
    ({"shuffle": "x"}, TypeError, "shuffle to be True or False"),
    ({"shuffle": None}, TypeError, "shuffle to be True or False"),
    ({"class_weight": 3}, TypeError, "class_weight to be a dict"),
    ({"class_weight": [1, 2]}, TypeError, "class_weight to be a dict"),
    ({"callbacks": 1}, TypeError, "callbacks to be a list of Callback objects"),
    ({"validation_freq": 0}, ValueError, "validation_freq >= 1"),
    ({"validation_freq": "x"}, TypeError, "validation_freq to be a whole number"),
    ({"steps_per_epoch": -1}, ValueError, "steps_per_epoch >= 1"),
    ({"sample_weight": float("nan")}, ValueError, "sample_weight contains NaN"),
]


@pytest.mark.parametrize("kwargs, kind, message", FIT)
def test_fit_arguments(kwargs, kind, message):
    m = model()
    before = m.get_weights()
    with pytest.raises(kind, match=message):
        m.fit(X, Y, **{"verbose": 0, **kwargs})
    for a, b in zip(m.get_weights(), before, strict=True):  # refused before any step
        np.testing.assert_array_equal(a, b)


def test_a_huge_batch_size_is_one_batch_not_a_memory_error():
    m = model()
    m.fit(X, Y, batch_size=10**30, epochs=1, verbose=0)  # as Keras: one batch of 8 rows
    assert m.optimizer.iterations == 1


def test_batches_too_large_for_memory_are_refused_before_allocating():
    wide = gn.Sequential([gn.Input(shape=(3,)), gn.layers.Dense(2**20), gn.layers.Dense(1)])
    rows = np.zeros((2**16, 3), dtype="float32")  # 2**16 x 2**20 activations: 256 GiB
    with pytest.raises(ValueError, match="A batch of 65,536 rows through model .* would "
                                         "need .* GiB of memory.*smaller batch_size"):
        wide.predict(rows, batch_size=2**16, verbose=0)


@pytest.mark.parametrize("verbose", ["x", 1.5, None])
def test_predict_and_evaluate_verbose(verbose):
    m = model()
    with pytest.raises(ValueError, match="predict\\(\\) expects verbose"):
        m.predict(X, verbose=verbose)
    with pytest.raises(ValueError, match="evaluate\\(\\) expects verbose"):
        m.evaluate(X, Y, verbose=verbose)


@pytest.mark.parametrize("make, kind, message", [
    (lambda: gn.layers.Dense(2, use_bias="no"), TypeError, "use_bias to be True or False"),
    (lambda: gn.layers.Dense(2, use_bias=None), TypeError, "use_bias to be True or False"),
    (lambda: gn.layers.Dropout(0.5, seed="x"), TypeError, "seed to be a whole number"),
    (lambda: gn.layers.Dropout(0.5, seed=-1), ValueError, "seed >= 0"),
    (lambda: gn.layers.Dropout(0.5, seed=1.5), TypeError, "seed to be a whole number"),
    (lambda: gn.layers.BatchNormalization(epsilon=float("nan")), ValueError, "epsilon to be "
                                                                             "a finite number"),
    (lambda: gn.layers.BatchNormalization(momentum="x"), TypeError, "momentum to be a number"),
    (lambda: gn.callbacks.EarlyStopping(min_delta=float("nan")), ValueError, "min_delta"),
    (lambda: gn.callbacks.EarlyStopping(baseline="x"), TypeError, "baseline to be a number"),
    (lambda: gn.callbacks.ReduceLROnPlateau(patience=-1), ValueError, "patience >= 0"),
    (lambda: gn.callbacks.ReduceLROnPlateau(patience=None), TypeError, "patience to be a whole"),
    (lambda: gn.callbacks.ReduceLROnPlateau(cooldown="x"), TypeError, "cooldown to be a whole"),
    (lambda: gn.callbacks.ReduceLROnPlateau(min_lr=float("nan")), ValueError, "min_lr"),
    (lambda: gn.callbacks.CSVLogger("log.csv", separator=1), TypeError, "separator to be one "
                                                                        "character"),
])
def test_constructor_arguments(make, kind, message):
    with pytest.raises(kind, match=message):
        make()
