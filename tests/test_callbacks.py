"""Callbacks in real (tiny) fits: the exact epochs at which they act, what they write.

Most tests script the monitored quantity: a LambdaCallback placed before the callback
under test writes ``logs["score"] = values[epoch]``, so the expected epochs can be
worked out by hand (in the comments) from Keras's rules.
"""

import csv

import numpy as np
import pytest

import glassnet as gn
from glassnet.callbacks import (
    CSVLogger,
    EarlyStopping,
    LambdaCallback,
    LearningRateScheduler,
    ModelCheckpoint,
    ReduceLROnPlateau,
    TerminateOnNaN,
)
from glassnet.models import NonFiniteLossWarning

RNG = np.random.default_rng(0)
X = RNG.normal(size=(16, 2))
Y = X @ np.array([[1.5], [-2.0]]) + 0.3
Y_CLASS = (Y[:, 0] > 0).astype(float)


def make_model(lr=0.05, loss="mse", activation=None, metrics=None):
    gn.utils.set_random_seed(0)
    model = gn.Sequential([gn.layers.Dense(1, activation=activation, input_shape=(2,))])
    model.compile(optimizer=gn.optimizers.SGD(lr), loss=loss, metrics=metrics)
    return model


def script(values, key="score"):
    """Write ``values[epoch]`` into the epoch logs under ``key``."""
    return LambdaCallback(on_epoch_end=lambda epoch, logs: logs.__setitem__(key, values[epoch]))


def weight_recorder(model):
    """A callback and the list of the weights at the end of each epoch."""
    seen = []
    return LambdaCallback(on_epoch_end=lambda e, logs: seen.append(model.get_weights())), seen


def fit(model, callbacks, epochs, **kwargs):
    kwargs.setdefault("batch_size", 4)
    return model.fit(X, Y, epochs=epochs, verbose=0, callbacks=callbacks, **kwargs)


# --- EarlyStopping -----------------------------------------------------------------
@pytest.mark.parametrize("values, kwargs, stopped, best", [
    # best 4 at epoch 1; 4.5 -> wait 1, 4.2 -> wait 2 = patience: stop at epoch 3
    ([5, 4, 4.5, 4.2, 4.1, 3, 2, 1], dict(patience=2), 3, 1),
    # patience 0 (the default): the first epoch without improvement stops (never epoch 0)
    ([1, 2, 0, 0], dict(), 1, 0),
    # min_delta 0.1: 0.95 and 0.91 are not below 1.0 - 0.1, so wait 1, 2: stop at 2
    ([1.0, 0.95, 0.91, 0.5, 0.4], dict(patience=2, min_delta=0.1), 2, 0),
    # start_from_epoch 2: epochs 0, 1 are ignored; best 3 at epoch 2; 4 -> wait 1: stop at 3
    ([1, 2, 3, 4, 5, 6], dict(patience=1, start_from_epoch=2), 3, 2),
    # baseline 0.5, never beaten: improvements do not reset wait (1, 2), 0.85 stops (wait 3)
    ([0.9, 0.8, 0.85, 0.7, 0.6], dict(patience=2, baseline=0.5), 2, 1),
    # mode max: best 3 at epoch 1; 2, 2.5 -> wait 1, 2: stop at epoch 3
    ([1, 3, 2, 2.5, 4, 5], dict(patience=2, mode="max"), 3, 1),
])
def test_early_stopping_stops_at_the_expected_epoch(values, kwargs, stopped, best):
    model = make_model()
    stopper = EarlyStopping(monitor="score", **{"mode": "min", **kwargs})
    history = fit(model, [script(values), stopper], epochs=len(values))
    assert history.epoch == list(range(stopped + 1))
    assert stopper.stopped_epoch == stopped and stopper.best_epoch == best
    assert stopper.best == values[best]


@pytest.mark.parametrize("values, kwargs", [
    ([0.9, 0.8, 0.85, 0.7, 0.6], dict(patience=2)),           # same as above, no baseline
    ([1, 2, 3, 4, 5, 6], dict(patience=1, start_from_epoch=5)),  # nothing watched before 5
])
def test_early_stopping_that_does_not_stop(values, kwargs):
    stopper = EarlyStopping(monitor="score", **{"mode": "min", **kwargs})
    history = fit(make_model(), [script(values), stopper], epochs=len(values))
    assert len(history.epoch) == len(values) and stopper.stopped_epoch == 0


def test_restore_best_weights_when_stopping_early():
    model = make_model()
    record, seen = weight_recorder(model)
    stopper = EarlyStopping(monitor="score", mode="min", patience=2, restore_best_weights=True)
    fit(model, [script([5, 3, 4, 4, 1]), stopper, record], epochs=5)
    assert stopper.stopped_epoch == 3 and len(seen) == 4
    for restored, best in zip(model.get_weights(), seen[1], strict=True):
        np.testing.assert_array_equal(restored, best)
    assert not np.array_equal(seen[1][0], seen[3][0])  # training did move the weights


@pytest.mark.parametrize("restore", [True, False])
def test_restore_best_weights_also_when_training_runs_to_the_end(restore):
    # glassnet difference from tf.keras: restored although EarlyStopping never stopped.
    model = make_model()
    record, seen = weight_recorder(model)
    stopper = EarlyStopping(monitor="score", mode="min", patience=10,
                            restore_best_weights=restore)
    history = fit(model, [script([3, 1, 2, 2.5]), stopper, record], epochs=4)
    assert len(history.epoch) == 4 and stopper.stopped_epoch == 0
    expected = seen[1] if restore else seen[3]
    for restored, w in zip(model.get_weights(), expected, strict=True):
        np.testing.assert_array_equal(restored, w)


def test_early_stopping_on_real_val_loss():
    # Validation targets of opposite sign: fitting the training data makes val_loss
    # rise every epoch, so with patience 2: best at epoch 0, stop at epoch 2.
    model = make_model(lr=0.01)
    stopper = EarlyStopping(patience=2, restore_best_weights=True)  # monitor="val_loss"
    history = model.fit(X, Y, validation_data=(X, -Y), epochs=20, batch_size=4, verbose=0,
                        callbacks=[stopper])
    val = history.history["val_loss"]
    assert all(b > a for a, b in zip(val, val[1:], strict=False))
    assert history.epoch == [0, 1, 2] and stopper.best_epoch == 0
    assert model.evaluate(X, -Y, verbose=0) == pytest.approx(val[0], rel=1e-5)


def test_early_stopping_auto_mode_reads_the_metric_direction():
    # "accuracy" goes up: 0.5, 0.75 (best), 0.7, 0.6 -> stop at epoch 3 with patience 2.
    model = make_model(loss="binary_crossentropy", activation="sigmoid", metrics=["accuracy"])
    stopper = EarlyStopping(monitor="accuracy", patience=2)
    history = model.fit(X, Y_CLASS, epochs=6, batch_size=4, verbose=0,
                        callbacks=[script([0.5, 0.75, 0.7, 0.6, 0.9, 1.0], "accuracy"),
                                   stopper])
    assert history.epoch == [0, 1, 2, 3] and stopper.best == 0.75


def test_early_stopping_errors_and_warnings():
    with pytest.raises(ValueError, match="cannot tell whether it should go up or down"):
        fit(make_model(), [script([1, 2]), EarlyStopping(monitor="score")], epochs=2)
    with pytest.warns(UserWarning, match="conditioned on 'val_loss', which is not in the logs"):
        fit(make_model(), [EarlyStopping()], epochs=1)
    with pytest.raises(ValueError, match="mode 'auto', 'min' or 'max'"):
        EarlyStopping(mode="maximum")
    with pytest.raises(ValueError, match="EarlyStopping expects patience >= 0, but got -1"):
        EarlyStopping(patience=-1)


def test_early_stopping_instance_can_be_reused():
    stopper = EarlyStopping(monitor="score", mode="min", patience=1)
    fit(make_model(), [script([1, 2, 3]), stopper], epochs=3)
    history = fit(make_model(), [script([3, 2, 1]), stopper], epochs=3)
    assert len(history.epoch) == 3 and stopper.stopped_epoch == 0


# --- ModelCheckpoint ------------------------------------------------------------------
def test_checkpoint_every_epoch_with_formatted_names(tmp_path):
    model = make_model()
    path = str(tmp_path / "model_{epoch:02d}_{val_loss:.3f}.glassnet")
    history = fit(model, [ModelCheckpoint(path)], epochs=3, validation_split=0.25)
    expected = {f"model_{e + 1:02d}_{v:.3f}.glassnet"
                for e, v in enumerate(history.history["val_loss"])}
    assert {p.name for p in tmp_path.iterdir()} == expected
    last = sorted(tmp_path.iterdir())[-1]
    loaded = gn.models.load_model(last)
    np.testing.assert_array_equal(loaded.predict(X, verbose=0), model.predict(X, verbose=0))


def test_checkpoint_save_best_only(tmp_path):
    # scores 3, 1 (best), 2, 0.5 (best): saves at epochs 1, 2 and 4 (counted from 1).
    model = make_model()
    record, seen = weight_recorder(model)
    numbered = ModelCheckpoint(tmp_path / "e{epoch}.glassnet", monitor="score",
                               save_best_only=True, mode="min")
    best = ModelCheckpoint(tmp_path / "best.glassnet", monitor="score", save_best_only=True,
                           mode="min")
    fit(model, [script([3, 1, 2, 0.5, 0.7]), numbered, best, record], epochs=5)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "best.glassnet", "e1.glassnet", "e2.glassnet", "e4.glassnet"]
    assert numbered.best == 0.5
    for saved, w in zip(gn.models.load_model(tmp_path / "best.glassnet").get_weights(),
                        seen[3], strict=True):
        np.testing.assert_array_equal(saved, w)


def test_checkpoint_best_accuracy_in_auto_mode_and_threshold(tmp_path):
    model = make_model(loss="binary_crossentropy", activation="sigmoid", metrics=["accuracy"])
    cp = ModelCheckpoint(tmp_path / "e{epoch}.glassnet", monitor="accuracy",
                         save_best_only=True, initial_value_threshold=0.6)
    model.fit(X, Y_CLASS, epochs=4, batch_size=4, verbose=0,
              callbacks=[script([0.5, 0.7, 0.65, 0.8], "accuracy"), cp])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e2.glassnet", "e4.glassnet"]


def test_checkpoint_weights_only_into_a_new_folder(tmp_path):
    model = make_model()
    path = tmp_path / "runs" / "w.weights.npz"
    fit(model, [ModelCheckpoint(path, save_weights_only=True, monitor="loss")], epochs=2)
    fresh = make_model()
    fresh.load_weights(path)
    for a, b in zip(fresh.get_weights(), model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_checkpoint_every_few_batches(tmp_path):
    # 4 batches per epoch, save_freq 3, counted across epochs as Keras does: saves
    # after overall batches 3 (epoch 1, batch 3) and 6 (epoch 2, batch 2).
    cp = ModelCheckpoint(tmp_path / "e{epoch}_b{batch}.glassnet", save_freq=3)
    fit(make_model(), [cp], epochs=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e1_b3.glassnet", "e2_b2.glassnet"]


def test_checkpoint_errors(tmp_path):
    with pytest.raises(ValueError, match=r"could not fill the filepath.*val_acc"):
        fit(make_model(), [ModelCheckpoint(str(tmp_path / "{val_acc:.2f}.glassnet"))],
            epochs=1)
    with pytest.raises(ValueError, match="save_freq"):
        ModelCheckpoint("m.glassnet", save_freq=0)


# --- LearningRateScheduler and ReduceLROnPlateau -------------------------------------
def test_scheduler_sets_the_rate_used_by_each_epoch():
    # Full-batch SGD on a linear model with MSE: W <- W - lr_e * X^T 2(XW + b - Y)/m.
    model = make_model()
    W0, b0 = [w.astype(np.float64) for w in model.get_weights()]
    rates = [0.1, 0.01, 0.001]
    history = model.fit(X, Y, epochs=3, batch_size=16, verbose=0, shuffle=False,
                        callbacks=[LearningRateScheduler(lambda epoch, lr: rates[epoch])])
    assert history.history["learning_rate"] == pytest.approx(rates)
    W, b = W0, b0
    for lr in rates:
        dA = 2.0 * (X @ W + b - Y) / len(X)
        W, b = W - lr * X.T @ dA, b - lr * dA.sum(axis=0)
    np.testing.assert_allclose(model.get_weights()[0], W, rtol=1e-5)
    np.testing.assert_allclose(model.get_weights()[1], b, rtol=1e-5)


def test_scheduler_gets_the_current_rate_and_accepts_one_argument():
    model = make_model(lr=0.08)
    history = fit(model, [LearningRateScheduler(lambda e, lr: lr / 2 if e else lr)], epochs=3)
    assert history.history["learning_rate"] == pytest.approx([0.08, 0.04, 0.02])
    history = fit(make_model(), [LearningRateScheduler(lambda e: 0.1 * (e + 1))], epochs=2)
    assert history.history["learning_rate"] == pytest.approx([0.1, 0.2])


def test_scheduler_errors():
    with pytest.raises(ValueError, match="must return a finite float"):
        fit(make_model(), [LearningRateScheduler(lambda e, lr: "fast")], epochs=1)
    model = gn.Sequential([gn.layers.Dense(1, input_shape=(2,))])
    model.compile(optimizer=gn.optimizers.SGD(gn.optimizers.schedules.ExponentialDecay(
        0.1, 10, 0.5)), loss="mse")
    with pytest.raises(TypeError, match="cannot be set"):
        fit(model, [LearningRateScheduler(lambda e, lr: lr)], epochs=1)


def test_reduce_lr_on_plateau_epochs_cooldown_and_min_lr():
    # lr 0.1, patience 2, factor 0.5, cooldown 1, min_lr 0.02, the score never improves
    # after epoch 0 (0.99995 is not below 1 - 1e-4). "learning_rate" is the rate used.
    # e0 best, e1 wait 1, e2 wait 2 -> 0.05 (cooldown 1); e3 cooldown ends, wait 1;
    # e4 wait 2 -> 0.025; e5 wait 1; e6 -> max(0.0125, 0.02) = 0.02; e7 wait 1;
    # e8 wait 2 but lr is already min_lr: no change.
    model = make_model(lr=0.1)
    reducer = ReduceLROnPlateau(monitor="score", factor=0.5, patience=2, cooldown=1,
                                min_lr=0.02)
    history = fit(model, [script([1.0, 0.99995] + [1.0] * 7), reducer], epochs=9)
    assert history.history["learning_rate"] == pytest.approx(
        [0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.02, 0.02])
    assert model.optimizer.learning_rate == pytest.approx(0.02)


def test_reduce_lr_defaults_and_improvements_reset_waiting():
    r = ReduceLROnPlateau()
    assert (r.monitor, r.factor, r.patience, r.min_delta, r.cooldown, r.min_lr) == (
        "val_loss", 0.1, 10, 1e-4, 0, 0.0)
    # "acc" in the name means max in auto mode: rising values never trigger a reduction.
    history = fit(make_model(lr=0.1), [script([0.1, 0.2, 0.3, 0.4], "val_acc"),
                                       ReduceLROnPlateau(monitor="val_acc", patience=1)],
                  epochs=4)
    assert history.history["learning_rate"] == pytest.approx([0.1] * 4)
    with pytest.raises(ValueError, match="0 < factor < 1"):
        ReduceLROnPlateau(factor=1.0)


# --- TerminateOnNaN -------------------------------------------------------------------
def poison_at(model, epoch, batch):
    """Set the kernel to NaN after the given batch: the next batch's loss is NaN."""
    def hook(b, logs):
        if state["epoch"] == epoch and b == batch:
            model.layers[0].params["kernel"][...] = np.nan
    state = {"epoch": 0}
    return LambdaCallback(on_epoch_begin=lambda e, logs: state.update(epoch=e),
                          on_train_batch_end=hook)


def test_terminate_on_nan_stops_at_the_nan_batch(capsys):
    model = make_model()
    batches = []
    spy = LambdaCallback(on_train_batch_end=lambda b, logs: batches.append(b))
    with pytest.warns(NonFiniteLossWarning):
        history = fit(model, [poison_at(model, 1, 1), TerminateOnNaN(), spy], epochs=5)
    assert "Batch 2: Invalid loss, terminating training" in capsys.readouterr().out
    assert history.epoch == [0, 1] and batches == [0, 1, 2, 3, 0, 1, 2]


def test_terminate_on_nan_can_raise():
    model = make_model()
    ended = []
    with pytest.raises(RuntimeError, match="NaN or Inf loss encountered at batch 2"):
        fit(model, [poison_at(model, 0, 1), TerminateOnNaN(raise_error=True),
                    LambdaCallback(on_train_end=lambda logs: ended.append(True))], epochs=2)
    assert ended == []


# --- CSVLogger ------------------------------------------------------------------------
def read_csv(path, sep=","):
    with open(path, newline="") as f:
        return list(csv.reader(f, delimiter=sep))


def test_csv_logger_writes_header_and_one_row_per_epoch(tmp_path):
    path = tmp_path / "log.csv"
    model = make_model(loss="binary_crossentropy", activation="sigmoid", metrics=["accuracy"])
    history = model.fit(X, Y_CLASS, epochs=3, batch_size=4, verbose=0, validation_split=0.25,
                        callbacks=[CSVLogger(path)])
    rows = read_csv(path)
    keys = ["accuracy", "loss", "val_accuracy", "val_loss"]
    assert rows[0] == ["epoch", *keys]
    assert [row[0] for row in rows[1:]] == ["0", "1", "2"]
    for e, row in enumerate(rows[1:]):
        assert [float(v) for v in row[1:]] == [history.history[k][e] for k in keys]


def test_csv_logger_separator_append_and_overwrite(tmp_path):
    path = tmp_path / "log.csv"
    model = make_model()
    fit(model, [CSVLogger(path, separator=";")], epochs=2)
    fit(model, [CSVLogger(path, separator=";", append=True)], epochs=4, initial_epoch=2)
    rows = read_csv(path, ";")
    assert rows[0] == ["epoch", "loss"] and [r[0] for r in rows[1:]] == ["0", "1", "2", "3"]
    fit(model, [CSVLogger(path)], epochs=1)  # append=False starts a new file
    assert [r[0] for r in read_csv(path)] == ["epoch", "0"]


def test_csv_logger_records_values_added_by_earlier_callbacks(tmp_path):
    path = tmp_path / "log.csv"
    fit(make_model(lr=0.1), [ReduceLROnPlateau(monitor="loss"), CSVLogger(path)], epochs=2)
    rows = read_csv(path)
    assert rows[0] == ["epoch", "learning_rate", "loss"] and rows[1][1] == "0.1"


# --- LambdaCallback and the hooks -------------------------------------------------------
def test_lambda_callback_hooks_are_called_in_order():
    calls = []
    cb = LambdaCallback(
        on_train_begin=lambda logs: calls.append("train_begin"),
        on_epoch_begin=lambda e, logs: calls.append(f"epoch_begin {e}"),
        on_train_batch_begin=lambda b, logs: calls.append(f"batch_begin {b}"),
        on_train_batch_end=lambda b, logs: calls.append(f"batch_end {b}"),
        on_epoch_end=lambda e, logs: calls.append(f"epoch_end {e} {sorted(logs)}"),
        on_train_end=lambda logs: calls.append("train_end"),
    )
    fit(make_model(), [cb], epochs=2, batch_size=8)
    batches = ["batch_begin 0", "batch_end 0", "batch_begin 1", "batch_end 1"]
    assert calls == ["train_begin",
                     "epoch_begin 0", *batches, "epoch_end 0 ['loss']",
                     "epoch_begin 1", *batches, "epoch_end 1 ['loss']",
                     "train_end"]


def test_lambda_callback_other_hooks_and_errors():
    ended = []
    model = make_model()
    model.evaluate(X, Y, verbose=0,
                   callbacks=[LambdaCallback(on_test_end=lambda logs: ended.append(logs))])
    assert list(ended[0]) == ["loss"]
    with pytest.raises(TypeError, match="'on_epoch_finish', which is not a callback hook"):
        LambdaCallback(on_epoch_finish=print)


def test_keras_older_batch_hook_names_are_called():
    class Counter(gn.callbacks.Callback):
        n = 0

        def on_batch_end(self, batch, logs=None):
            Counter.n += 1

    fit(make_model(), [Counter()], epochs=2, batch_size=8)
    assert Counter.n == 4


def test_keras_style_imports():
    from glassnet.callbacks import Callback, History  # noqa: F401

    assert set(gn.callbacks.__all__) >= {
        "EarlyStopping", "ModelCheckpoint", "LearningRateScheduler", "ReduceLROnPlateau",
        "TerminateOnNaN", "CSVLogger", "LambdaCallback", "History", "Callback"}


def test_after_a_divergence_early_stopping_adds_no_misleading_warning():
    # fit skips validation once the loss is NaN/inf and says why in its own warning;
    # EarlyStopping must not add "val_loss is not in the logs ... need validation_data".
    import warnings

    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 3)) * 1000
    model = gn.Sequential([gn.layers.Dense(8, activation="relu", input_shape=(3,)),
                           gn.layers.Dense(1)])
    model.compile(optimizer=gn.optimizers.SGD(1e6), loss="mse")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, X.sum(axis=1), epochs=20, validation_split=0.2, verbose=0,
                  callbacks=[EarlyStopping(patience=3)])
    assert [w.category for w in caught] == [NonFiniteLossWarning]
