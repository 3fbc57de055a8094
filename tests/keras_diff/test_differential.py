"""glassnet against the real Keras 3, case by case, on the same models and weights.

float64 in both (Keras's float64 rounding to float32 switched off: see conftest), so
forward passes, losses, metrics and optimizer trajectories agree to ~1e-12. Every
activation, loss, metric and optimizer that glassnet shares with Keras by name is
compared; the tables below say how to feed each one, and a test fails when a shared
name has no row.
"""

import keras
import numpy as np
import pytest

import glassnet as gn

L, K = gn.layers, keras.layers
TIGHT = {"rtol": 1e-11, "atol": 1e-12}


def _numpy(x):
    return keras.ops.convert_to_numpy(x)


def same_model(build, n_in):
    """``build(layers_module)`` in both libraries, Keras's weights copied from glassnet's."""
    ours = gn.Sequential([gn.Input(shape=(n_in,)), *build(L)])
    theirs = keras.Sequential([keras.Input((n_in,)), *build(K)])
    for a, b in zip(ours.layers, theirs.layers):
        b.set_weights(a.get_weights())
    return ours, theirs


def _shared(names, exists):
    return sorted(name for name in names if exists(name))


def _keras_activation(name):
    try:
        keras.activations.get(name)
        return True
    except ValueError:
        return False


# --- forward passes ---------------------------------------------------------------------
@pytest.mark.parametrize("name", _shared(gn.activations.ACTIVATIONS, _keras_activation))
def test_dense_forward_with_each_shared_activation(name, float64, rng):
    ours, theirs = same_model(lambda M: [M.Dense(5, activation=name), M.Dense(3)], 4)
    X = rng.normal(size=(16, 4)) * 3
    np.testing.assert_allclose(ours.predict(X, verbose=0), theirs.predict(X, verbose=0),
                               **TIGHT)


def _random_statistics(model, rng):
    """Non-trivial BatchNormalization/Normalization weights (variances > 0)."""
    for layer in model.layers:
        layer.set_weights([np.abs(rng.normal(size=w.shape)) + 0.5 if w.ndim else w
                           for w in layer.get_weights()])


LAYERS = {
    "ReLU": lambda M: [M.ReLU()],
    "LeakyReLU": lambda M: [M.LeakyReLU(negative_slope=0.25)],
    "ELU": lambda M: [M.ELU(alpha=0.7)],
    "Softmax": lambda M: [M.Softmax()],
    "Activation": lambda M: [M.Activation("tanh")],
    "Dropout": lambda M: [M.Dropout(0.4)],
    "BatchNormalization": lambda M: [M.BatchNormalization(momentum=0.9, epsilon=1e-2)],
    "Normalization": lambda M: [M.Normalization(axis=-1)],
    "Flatten": lambda M: [M.Flatten()],
    "Dense": lambda M: [M.Dense(3, use_bias=False)],
    "PReLU": lambda M: [M.PReLU()],
    "LayerNormalization": lambda M: [M.LayerNormalization(epsilon=1e-2)],
    "Rescaling": lambda M: [M.Rescaling(scale=0.5, offset=-1.0)],
    "Reshape": lambda M: [M.Reshape((4,))],
    "GaussianNoise": lambda M: [M.GaussianNoise(0.3)],
    "GaussianDropout": lambda M: [M.GaussianDropout(0.3)],
}
GRAPH_LAYERS = {"Add", "Concatenate", "InputLayer", "Multiply", "Subtract", "Average",
                "Maximum", "Minimum"}
RANDOM_IN_TRAINING = {"Dropout", "GaussianNoise", "GaussianDropout"}


def test_every_shared_layer_has_a_row():
    shared = _shared(L.LAYERS, lambda name: hasattr(K, name))
    assert set(shared) - set(LAYERS) - GRAPH_LAYERS == set()


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_layer_forward_in_inference_and_training(name, float64, rng):
    ours, theirs = same_model(lambda M: [M.Dense(4), *LAYERS[name](M), M.Dense(2)], 3)
    _random_statistics(ours, rng)
    for a, b in zip(ours.layers, theirs.layers):
        b.set_weights(a.get_weights())
    X = rng.normal(size=(8, 3))
    np.testing.assert_allclose(ours.predict(X, verbose=0), theirs.predict(X, verbose=0),
                               **TIGHT)
    if name not in RANDOM_IN_TRAINING:  # training mode (their noise differs by library)
        np.testing.assert_allclose(ours.forward(X, training=True),
                                   _numpy(theirs(X, training=True)), **TIGHT)


def test_merges_in_a_functional_graph(float64, rng):
    def build(M, Input, Model):
        a, b = Input(shape=(3,), name="a"), Input(shape=(3,), name="b")
        h, k = M.Dense(4, activation="tanh")(a), M.Dense(4)(b)
        out = M.Dense(1)(M.Concatenate()([M.Add()([h, k]), a]))
        return Model([a, b], out)

    ours, theirs = build(L, gn.Input, gn.Model), build(K, keras.Input, keras.Model)
    theirs.set_weights(ours.get_weights())  # same layer order here
    X = [rng.normal(size=(6, 3)), rng.normal(size=(6, 3))]
    np.testing.assert_allclose(ours.predict(X, verbose=0), theirs.predict(X, verbose=0),
                               **TIGHT)


# --- losses -------------------------------------------------------------------------------
def _probabilities(rng, m, n):
    P = rng.uniform(0.05, 1.0, size=(m, n))
    return P / P.sum(axis=1, keepdims=True)


def _loss_data(kind, rng):
    m = 12
    if kind == "binary":
        return rng.integers(0, 2, (m, 1)).astype(float), rng.uniform(0.02, 0.98, (m, 1))
    if kind == "categorical":
        return np.eye(3)[rng.integers(0, 3, m)], _probabilities(rng, m, 3)
    if kind == "sparse":
        return rng.integers(0, 3, m).astype(float), _probabilities(rng, m, 3)
    if kind == "logits":
        return np.eye(3)[rng.integers(0, 3, m)], rng.normal(size=(m, 3)) * 2
    return rng.uniform(0.1, 2.0, (m, 2)), rng.uniform(0.1, 2.0, (m, 2))  # positive values


#: how to feed each loss Keras also has (default: positive regression values)
LOSS_DATA = {
    "BinaryCrossentropy": "binary", "BinaryFocalCrossentropy": "binary",
    "CategoricalCrossentropy": "categorical", "SparseCategoricalCrossentropy": "sparse",
    "CategoricalFocalCrossentropy": "categorical", "KLDivergence": "categorical",
    "CategoricalHinge": "categorical",
}


def _shared_losses():
    classes = {type(c) if not isinstance(c, type) else c for c in gn.losses.LOSSES.values()}
    return sorted((c for c in classes if hasattr(keras.losses, c.__name__)),
                  key=lambda c: c.__name__)


@pytest.mark.parametrize("cls", _shared_losses(), ids=lambda c: c.__name__)
def test_each_shared_loss_value(cls, float64, rng):
    y_true, y_pred = _loss_data(LOSS_DATA.get(cls.__name__, "regression"), rng)
    w = rng.uniform(0.0, 2.0, len(y_true))
    for reduction in ("sum_over_batch_size", "sum"):
        ours, theirs = cls(reduction=reduction), getattr(keras.losses, cls.__name__)(
            reduction=reduction)
        assert float(ours(y_true, y_pred)) == pytest.approx(
            float(_numpy(theirs(y_true, y_pred))), rel=1e-12)
        assert float(ours(y_true, y_pred, sample_weight=w)) == pytest.approx(
            float(_numpy(theirs(y_true, y_pred, sample_weight=w))), rel=1e-12)
    if cls.__name__ in ("BinaryCrossentropy", "CategoricalCrossentropy"):
        _, logits = _loss_data("logits", rng)
        y_true = (y_true > 0.5).astype(float) if y_true.shape[1] == 1 else np.eye(3)[
            rng.integers(0, 3, len(logits))]
        logits = logits[:, : y_true.shape[1]]
        assert float(cls(from_logits=True)(y_true, logits)) == pytest.approx(
            float(_numpy(getattr(keras.losses, cls.__name__)(from_logits=True)(y_true,
                                                                               logits))),
            rel=1e-12)


# --- metrics ------------------------------------------------------------------------------
METRIC_DATA = {
    "BinaryAccuracy": "binary", "Precision": "binary", "Recall": "binary", "AUC": "binary",
    "CategoricalAccuracy": "categorical", "SparseCategoricalAccuracy": "sparse",
    "TopKCategoricalAccuracy": "categorical", "F1Score": "categorical",
    "FBetaScore": "categorical",
}


#: constructor arguments where the defaults do not fit 3-class data
METRIC_ARGS = {"TopKCategoricalAccuracy": {"k": 2}, "F1Score": {"threshold": 0.4},
               "FBetaScore": {"beta": 2.0, "threshold": 0.4}}


def _shared_metrics():
    return sorted((c for c in set(gn.metrics.METRICS.values())
                   if hasattr(keras.metrics, c.__name__)), key=lambda c: c.__name__)


@pytest.mark.parametrize("cls", _shared_metrics(), ids=lambda c: c.__name__)
def test_each_shared_metric_over_two_batches(cls, float64, rng):
    args = METRIC_ARGS.get(cls.__name__, {})
    ours, theirs = cls(**args), getattr(keras.metrics, cls.__name__)(**args)
    for _ in range(2):  # the state carries over between batches
        y_true, y_pred = _loss_data(METRIC_DATA.get(cls.__name__, "regression"), rng)
        w = rng.uniform(0.5, 2.0, len(y_true))
        ours.update_state(y_true, y_pred, sample_weight=w)
        theirs.update_state(y_true, y_pred, sample_weight=w)
    # AUC agrees to ~5e-9 only: part of Keras's confusion-count arithmetic stays float32
    rel = 1e-7 if cls.__name__ == "AUC" else 1e-10
    np.testing.assert_allclose(ours.result(), _numpy(theirs.result()), rtol=rel, atol=1e-14)
    ours.reset_state()
    theirs.reset_state()  # F1 of nothing is 0, R2 of nothing is nan, as in Keras
    np.testing.assert_allclose(ours.result(), _numpy(theirs.result()), atol=1e-15)


# --- optimizer trajectories -----------------------------------------------------------------
OPTIMIZERS = {
    "SGD": [{}, {"momentum": 0.9}, {"momentum": 0.8, "nesterov": True},
            {"clipvalue": 0.05}, {"clipnorm": 0.1}, {"global_clipnorm": 0.1}],
    "Adam": [{}, {"amsgrad": True}, {"weight_decay": 0.1}, {"beta_1": 0.5, "epsilon": 1e-3}],
    "AdamW": [{}],
    "RMSprop": [{}, {"momentum": 0.5}, {"centered": True}, {"momentum": 0.3, "centered": True}],
    "Adagrad": [{}, {"initial_accumulator_value": 0.5}],
    "Nadam": [{}],
    "Adamax": [{}],
    "Lion": [{}],
}


def _shared_optimizers():
    return sorted({c.__name__ for c in gn.optimizers.OPTIMIZERS.values()
                   if hasattr(keras.optimizers, c.__name__)})


def test_every_shared_optimizer_has_a_row():
    assert set(_shared_optimizers()) <= set(OPTIMIZERS)


@pytest.mark.parametrize("name", _shared_optimizers())
def test_optimizer_trajectory_over_five_steps(name, float64, rng):
    """Same model, data and settings: the weights after each of 5 steps are equal."""
    X, Y = rng.normal(size=(16, 3)), rng.normal(size=(16, 2))
    for settings in OPTIMIZERS[name]:
        keras.utils.clear_session()
        ours, theirs = same_model(lambda M: [M.Dense(4, activation="tanh"), M.Dense(2)], 3)
        lr = 0.05
        ours.compile(optimizer=getattr(gn.optimizers, name)(lr, **settings), loss="mse")
        theirs.compile(optimizer=getattr(keras.optimizers, name)(lr, **settings), loss="mse")
        for step in range(5):
            loss_ours = ours.train_on_batch(X, Y)
            loss_theirs = theirs.train_on_batch(X, Y)
            assert loss_ours == pytest.approx(float(loss_theirs), rel=1e-10), (settings, step)
            for a, b in zip(ours.get_weights(), theirs.get_weights()):
                np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12,
                                           err_msg=f"{name}({settings}) step {step + 1}")


@pytest.mark.parametrize("schedule, settings", [
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5}),
    ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 1, "decay_rate": 0.5,
                          "staircase": True}),
    ("PiecewiseConstantDecay", {"boundaries": [1, 3], "values": [0.1, 0.05, 0.01]}),
    ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 3,
                         "end_learning_rate": 0.01, "power": 2.0}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 4, "alpha": 0.1,
                     "warmup_target": 0.2, "warmup_steps": 2}),
])
def test_learning_rate_schedules_step_by_step(schedule, settings):
    ours = getattr(gn.optimizers.schedules, schedule)(**settings)
    theirs = getattr(keras.optimizers.schedules, schedule)(**settings)
    for step in range(8):
        assert ours(step) == pytest.approx(float(_numpy(theirs(step))), rel=1e-6), step


# --- callback decisions -------------------------------------------------------------------
#: a scripted monitored value: improves, plateaus, improves a little, gets worse
VAL_LOSS = [1.0, 0.8, 0.8, 0.79, 0.85, 0.7, 0.7, 0.71, 0.72, 0.73, 0.74, 0.75]


def _drive(callback, model, values, mark_weights):
    """Run ``callback`` over epochs whose logs hold ``values``; record its decisions."""
    callback.set_model(model)
    model.stop_training = False
    callback.on_train_begin({})
    decisions = []
    for epoch, value in enumerate(values):
        mark_weights(epoch)
        callback.on_epoch_begin(epoch, {})
        callback.on_epoch_end(epoch, {"loss": value + 0.1, "val_loss": value,
                                      "val_accuracy": 1 - value})
        lr = model.optimizer.learning_rate
        decisions.append((bool(model.stop_training), round(float(_numpy(lr)), 12)))
        if model.stop_training:
            break
    callback.on_train_end({})
    return decisions


def _pair_for_callbacks():
    ours, theirs = same_model(lambda M: [M.Dense(1)], 2)
    ours.compile(optimizer=gn.optimizers.SGD(0.1), loss="mse")
    theirs.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    theirs.optimizer.build(theirs.trainable_variables)

    def marker(model):  # each epoch's weights are the epoch number
        return lambda epoch: model.set_weights([np.full_like(w, epoch)
                                                for w in model.get_weights()])

    return (ours, marker(ours)), (theirs, marker(theirs))


@pytest.mark.parametrize("settings", [
    {"patience": 2}, {"patience": 2, "min_delta": 0.05}, {"patience": 3, "mode": "min"},
    {"patience": 1, "restore_best_weights": True}, {"patience": 4, "baseline": 0.75},
    {"patience": 2, "start_from_epoch": 5, "restore_best_weights": True},
    {"monitor": "val_accuracy", "mode": "max", "patience": 2},
    {"patience": 20, "restore_best_weights": True},
])
def test_early_stopping_decides_as_keras(settings, float64):
    (ours, mark_ours), (theirs, mark_theirs) = _pair_for_callbacks()
    cb_ours = gn.callbacks.EarlyStopping(**settings)
    cb_theirs = keras.callbacks.EarlyStopping(**settings)
    assert _drive(cb_ours, ours, VAL_LOSS, mark_ours) == _drive(cb_theirs, theirs, VAL_LOSS,
                                                                mark_theirs)
    assert cb_ours.stopped_epoch == cb_theirs.stopped_epoch
    assert cb_ours.best == pytest.approx(cb_theirs.best)
    assert ours.get_weights()[0][0, 0] == theirs.get_weights()[0][0, 0]  # the restored epoch


@pytest.mark.parametrize("settings", [
    {"patience": 1}, {"patience": 2, "factor": 0.5, "cooldown": 1},
    {"patience": 1, "factor": 0.2, "min_lr": 0.005}, {"patience": 1, "min_delta": 0.05},
    {"monitor": "val_accuracy", "mode": "max", "patience": 2, "factor": 0.5},
])
def test_reduce_lr_on_plateau_decides_as_keras(settings, float64):
    (ours, mark_ours), (theirs, mark_theirs) = _pair_for_callbacks()
    assert _drive(gn.callbacks.ReduceLROnPlateau(**settings), ours, VAL_LOSS, mark_ours) == \
        _drive(keras.callbacks.ReduceLROnPlateau(**settings), theirs, VAL_LOSS, mark_theirs)


@pytest.mark.parametrize("settings", [
    {"save_best_only": True}, {"save_best_only": True, "monitor": "val_accuracy", "mode": "max"},
    {"save_best_only": False}, {"save_best_only": True, "initial_value_threshold": 0.75},
])
def test_model_checkpoint_saves_the_epochs_keras_saves(settings, tmp_path, float64):
    (ours, mark_ours), (theirs, mark_theirs) = _pair_for_callbacks()
    _drive(gn.callbacks.ModelCheckpoint(str(tmp_path / "g-{epoch:02d}.keras"), **settings),
           ours, VAL_LOSS, mark_ours)
    _drive(keras.callbacks.ModelCheckpoint(str(tmp_path / "k-{epoch:02d}.keras"), **settings),
           theirs, VAL_LOSS, mark_theirs)
    saved = {p.name[2:] for p in tmp_path.glob("g-*")}
    assert saved == {p.name[2:] for p in tmp_path.glob("k-*")}
    # and what glassnet saved is a .keras file Keras reads, with that epoch's weights
    last = sorted(saved)[-1]
    loaded = keras.saving.load_model(tmp_path / f"g-{last}")
    assert loaded.get_weights()[0][0, 0] == int(last[:2]) - 1
