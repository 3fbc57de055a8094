"""Save at an epoch, load, continue: bit-identical to the run that was never stopped."""

import numpy as np
import pytest

import glassnet as gn
from glassnet.layers import BatchNormalization, Dense, Dropout

OPTIMIZERS = sorted(gn.optimizers.OPTIMIZERS)


def data():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(37, 4))  # 37 rows, batches of 8: a short last batch
    y = (X[:, 0] + X[:, 1] * X[:, 2] > 0).astype(float)
    return X, y


def build(optimizer, dropout_seed):
    model = gn.Sequential([
        Dense(6, activation="relu", input_shape=(4,)),
        BatchNormalization(),
        Dropout(0.3, seed=dropout_seed),
        Dense(5, activation="tanh"),
        Dropout(0.2),  # unseeded: draws from glassnet's global generator
        Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=optimizer, loss="binary_crossentropy", metrics=["accuracy"])
    return model


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("stop_after, dropout_seed", [(1, None), (2, 11)])
def test_save_load_continue_equals_the_uninterrupted_run(tmp_path, optimizer, stop_after,
                                                         dropout_seed):
    X, y = data()
    fit = {"batch_size": 8, "verbose": 0, "shuffle": True}
    gn.utils.set_random_seed(1)
    reference = build(optimizer, dropout_seed)
    reference.fit(X, y, epochs=4, **fit)

    gn.utils.set_random_seed(1)
    first = build(optimizer, dropout_seed)
    path = tmp_path / "checkpoint.glassnet"
    first.fit(X, y, epochs=stop_after, **fit)
    first.save(path)
    gn.utils.set_random_seed(999)  # another process: its generator elsewhere
    np.random.default_rng().random(17)
    resumed = gn.models.load_model(path)
    resumed.fit(X, y, epochs=4, initial_epoch=stop_after, **fit)
    for a, b in zip(resumed.get_weights(), reference.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_checkpoint_written_by_the_callback_resumes_exactly(tmp_path):
    X, y = data()
    gn.utils.set_random_seed(2)
    reference = build("adam", 3)
    reference.fit(X, y, epochs=3, batch_size=8, verbose=0)
    gn.utils.set_random_seed(2)
    model = build("adam", 3)
    path = tmp_path / "e{epoch}.glassnet"
    model.fit(X, y, epochs=3, batch_size=8, verbose=0,
              callbacks=[gn.callbacks.ModelCheckpoint(str(path))])
    gn.utils.set_random_seed(0)
    resumed = gn.models.load_model(tmp_path / "e1.glassnet")
    resumed.fit(X, y, epochs=3, initial_epoch=1, batch_size=8, verbose=0)
    for a, b in zip(resumed.get_weights(), reference.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_lent_generator_is_neither_saved_nor_overwritten(tmp_path):
    model = build("sgd", None)
    lent = np.random.default_rng(4)
    with gn.backend.use_generator(lent):
        model.save(tmp_path / "m.glassnet")
        before = lent.bit_generator.state
        gn.models.load_model(tmp_path / "m.glassnet")
        assert lent.bit_generator.state == before
