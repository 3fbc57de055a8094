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


# --- the sweep: every optimizer x {shuffle, Dropout, BatchNormalization} x {epoch end,
# mid-epoch}. 37 rows in batches of 8: 5 steps an epoch; ModelCheckpoint(save_freq=3)
# saves after training batches 3, 6, 9, 12, 15 (counted over the run), so the file
# "e2_b4" is written inside the 2nd epoch after its 4th batch, "e2_b1" after its 1st.
def sweep_model(optimizer, kind):
    middle = {"shuffle": [],
              "dropout": [Dropout(0.4, seed=7), Dropout(0.25)],  # seeded + global
              "batchnorm": [BatchNormalization()]}[kind]
    model = gn.Sequential([Dense(6, activation="relu", input_shape=(4,)), *middle,
                           Dense(1, activation="sigmoid")])
    if optimizer == "sgd+nesterov":  # SGD with its momentum slot
        optimizer = gn.optimizers.SGD(0.05, momentum=0.9, nesterov=True)
    model.compile(optimizer=optimizer, loss="binary_crossentropy", metrics=["accuracy"])
    return model


def assert_same_training_state(a, b):
    for u, v in zip(a.get_weights(), b.get_weights(), strict=True):
        np.testing.assert_array_equal(u, v)
    state_a, state_b = a.optimizer.get_state(), b.optimizer.get_state()  # by position:
    assert len(state_a) == len(state_b) >= 1  # the layers' automatic names differ
    for u, v in zip(state_a.values(), state_b.values(), strict=True):
        np.testing.assert_array_equal(u, v)


@pytest.mark.parametrize("optimizer", [*OPTIMIZERS, "sgd+nesterov"])
@pytest.mark.parametrize("kind", ["shuffle", "dropout", "batchnorm"])
@pytest.mark.parametrize("checkpoint, initial_epoch", [
    ("e1", 1), ("e2", 2),                  # epoch ends (save_freq="epoch")
    ("e1_b3", 0), ("e2_b1", 1), ("e2_b4", 1)])  # inside an epoch (save_freq=3)
def test_resume_from_any_checkpoint_is_bit_identical(tmp_path, optimizer, kind,
                                                     checkpoint, initial_epoch):
    X, y = data()
    fit = {"batch_size": 8, "verbose": 0, "shuffle": kind != "dropout"}
    gn.utils.set_random_seed(3)
    reference = sweep_model(optimizer, kind)
    reference.fit(X, y, epochs=4, **fit)

    gn.utils.set_random_seed(3)
    model = sweep_model(optimizer, kind)
    mid = "_b" in checkpoint
    name = "e{epoch}_b{batch}.glassnet" if mid else "e{epoch}.glassnet"
    saver = gn.callbacks.ModelCheckpoint(str(tmp_path / name),
                                         save_freq=3 if mid else "epoch")
    model.fit(X, y, epochs=4, callbacks=[saver], **fit)
    assert_same_training_state(model, reference)  # checkpointing draws nothing

    gn.utils.set_random_seed(999)  # another process: its generator elsewhere
    np.random.default_rng().random(17)
    resumed = gn.models.load_model(tmp_path / f"{checkpoint}.glassnet")
    history = resumed.fit(X, y, epochs=4, initial_epoch=initial_epoch, **fit)
    assert_same_training_state(resumed, reference)
    # the epochs after the resumed one are the reference's own, number for number
    assert history.history["loss"][1:] == reference.history.history["loss"][initial_epoch + 1:]


def test_a_model_trained_from_a_generator_saves_and_loads(tmp_path):
    """A batch generator cannot be rewound: its run records no rows, and loads."""
    X, y = data()

    def batches():
        while True:
            for start in range(0, len(X), 8):
                yield X[start:start + 8], y[start:start + 8]

    model = sweep_model("adam", "shuffle")
    model.fit(batches(), steps_per_epoch=5, epochs=2, verbose=0)
    model.save(tmp_path / "g.glassnet")
    loaded = gn.models.load_model(tmp_path / "g.glassnet")
    assert_same_training_state(loaded, model)
