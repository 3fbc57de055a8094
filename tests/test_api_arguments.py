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


# --- the whole API, table-driven: every call below is wrong in one argument and must
# fail at once with a TypeError/ValueError whose message names that argument (or the
# thing it names), never Python's or NumPy's own words from deep inside.
O, L, M, I, R, Ly, C = (gn.optimizers, gn.losses, gn.metrics, gn.initializers,
                        gn.regularizers, gn.layers, gn.callbacks)
RAW = ("not supported between", "could not convert", "invalid literal", "object is not",
       "argument must be", "unsupported operand", "ufunc", "not understood",
       "list index out of range")


def fresh():
    return gn.Sequential([gn.Input(shape=(3,)), Ly.Dense(1)])


BAD_CALLS = [
    ('gn.optimizers.SGD(learning_rate=-1)', 'learning_rate'),
    ('gn.optimizers.SGD(learning_rate="x")', 'learning_rate'),
    ('gn.optimizers.SGD(momentum=1.5)', 'momentum'),
    ('gn.optimizers.SGD(momentum=-0.1)', 'momentum'),
    ('gn.optimizers.Adam(beta_1=1.0)', 'beta_1'),
    ('gn.optimizers.Adam(beta_2=-0.1)', 'beta_2'),
    ('gn.optimizers.Adam(epsilon=-1e-7)', 'epsilon'),
    ('gn.optimizers.Adam(epsilon=math.nan)', 'epsilon'),
    ('gn.optimizers.RMSprop(rho=1.5)', 'rho'),
    ('gn.optimizers.Adagrad(initial_accumulator_value=-1)', 'initial_accumulator_value'),
    ('gn.optimizers.AdamW(weight_decay=-1)', 'weight_decay'),
    ('gn.optimizers.Lion(beta_1=2)', 'beta_1'),
    ('gn.optimizers.Nadam(learning_rate=None)', 'learning_rate'),
    ('gn.optimizers.Adamax(clipnorm=-1)', 'clipnorm'),
    ('gn.optimizers.SGD(clipvalue="x")', 'clipvalue'),
    ('gn.optimizers.get(5)', 'optimizer'),
    ('gn.optimizers.get("nope")', 'optimizer'),
    ('L.get(5)', 'loss'),
    ('L.MeanSquaredError(reduction="bad")', 'reduction'),
    ('L.MeanSquaredError(name=5)', 'name'),
    ('L.CategoricalCrossentropy(label_smoothing=2)', 'label_smoothing'),
    ('L.Huber(delta=0)', 'delta'),
    ('M.get(5)', 'metric'),
    ('M.AUC(num_thresholds=1)', 'num_thresholds'),
    ('M.AUC(thresholds=["x"])', 'thresholds'),
    ('M.Precision(thresholds=1.5)', 'thresholds'),
    ('M.TopKCategoricalAccuracy(k=0)', 'k'),
    ('M.BinaryAccuracy(name=5)', 'name'),
    ('I.RandomUniform(minval=1, maxval=0)', 'maxval'),
    ('I.RandomNormal(stddev=-1)', 'stddev'),
    ('I.GlorotUniform(seed="x")', 'seed'),
    ('I.VarianceScaling(scale=0)', 'scale'),
    ('I.VarianceScaling(mode="x")', 'mode'),
    ('I.get(5)', 'initializer'),
    ('R.L2(-1)', 'l2'),
    ('R.L1("x")', 'l1'),
    ('R.get(5)', 'regularizer'),
    ('Ly.Dense(0)', 'units'),
    ('Ly.Dense(2.5)', 'units'),
    ('Ly.Dense("3")', 'units'),
    ('Ly.Dense(3, activation=5)', 'activation'),
    ('Ly.Dense(3, activation="nope")', 'activation'),
    ('Ly.Dense(3, input_shape=(0,))', 'input_shape'),
    ('Ly.Dense(3, input_shape="x")', 'input_shape'),
    ('Ly.Dense(3, input_dim=-2)', 'input_shape'),
    ('Ly.Dense(3, name=5)', 'name'),
    ('Ly.Dense(3, dtype="nope")', 'dtype'),
    ('Ly.Dense(3, kernel_regularizer=5)', 'regularizer'),
    ('Ly.Dropout(1.0)', 'rate'),
    ('Ly.Dropout("x")', 'rate'),
    ('Ly.GaussianNoise(-1)', 'stddev'),
    ('Ly.GaussianNoise(0.1, seed="x")', 'seed'),
    ('Ly.GaussianDropout(1.5)', 'rate'),
    ('Ly.Reshape("x")', 'target_shape'),
    ('Ly.Reshape((0,))', 'target_shape'),
    ('Ly.Reshape((-1, -1))', 'target_shape'),
    ('Ly.PReLU(shared_axes="x")', 'shared_axes'),
    ('Ly.Activation(5)', 'activation'),
    ('Ly.Concatenate(axis="x")', 'axis'),
    ('Ly.Normalization(axis=2.5)', 'axis'),
    ('Ly.Normalization(mean=[0], variance=[-1])', 'variance'),
    ('Ly.Normalization(mean=["x"], variance=[1])', 'mean'),
    ('Ly.ReLU(max_value=-1)', 'max_value'),
    ('gn.Input(shape="x")', 'shape'),
    ('gn.Input(shape=(0,))', 'shape'),
    ('gn.Input(shape=(-3,))', 'shape'),
    ('gn.Input(shape=(2.5,))', 'shape'),
    ('gn.Sequential(5)', 'layers'),
    ('gn.Sequential([5])', 'layer'),
    ('gn.Sequential(name=5)', 'name'),
    ('C.EarlyStopping(monitor=5)', 'monitor'),
    ('C.EarlyStopping(mode="x")', 'mode'),
    ('C.EarlyStopping(patience=-1)', 'patience'),
    ('C.ModelCheckpoint("x", save_freq=0)', 'save_freq'),
    ('C.ModelCheckpoint("x", initial_value_threshold="x")', 'initial_value_threshold'),
    ('C.ModelCheckpoint("x", mode="x")', 'mode'),
    ('C.LearningRateScheduler(5)', 'schedule'),
    ('C.ReduceLROnPlateau(factor=1.5)', 'factor'),
    ('C.LambdaCallback(on_epoch_end=5)', 'on_epoch_end'),
    ('C.CSVLogger("x", separator="ab")', 'separator'),
    ('fresh().compile(optimizer=5, loss="mse")', 'optimizer'),
    ('fresh().compile(loss=5)', 'loss'),
    ('fresh().compile(loss="nope")', 'loss'),
    ('fresh().compile(loss="mse", metrics=5)', 'metric'),
    ('fresh().compile(loss="mse", metrics=["nope"])', 'metric'),
    ('fresh().compile(loss="mse", loss_weights="x")', 'loss_weights'),
    ('fresh().compile(loss="mse", loss_weights=[-1])', 'loss_weights'),
    ('fresh().compile(loss="mse", bogus=1)', 'bogus'),
    ('model().fit(X, Y, batch_size=0, verbose=0)', 'batch_size'),
    ('model().fit(X, Y, batch_size="x", verbose=0)', 'batch_size'),
    ('model().fit(X, Y, batch_size=2.5, verbose=0)', 'batch_size'),
    ('model().fit("abc", Y, verbose=0)', 'x must hold numbers'),
    ('model().fit(None, Y, verbose=0)', 'x is missing'),
    ('model().fit(X, "abc", verbose=0)', 'y must hold numbers'),
    ('model().fit(X, Y, validation_data=5, verbose=0)', 'validation_data'),
    ('model().fit(X, Y, validation_data=(X,), verbose=0)', 'validation_data'),
    ('model().fit(X, Y, validation_data=(X, Y), validation_batch_size=0, verbose=0)', 'batch_size'),
    ('model().fit(X, Y, validation_data=(X, Y), validation_batch_size="x")', 'batch_size'),
    ('model().fit(X, Y, callbacks=[5], verbose=0)', 'callbacks'),
    ('model().fit(X, Y, class_weight={0: "x"}, verbose=0)', 'class_weight'),
    ('model().fit(X, Y, sample_weight="x", verbose=0)', 'sample_weight'),
    ('model().fit(X, Y, sample_weight=[1, 2], verbose=0)', 'sample_weight'),
    ('model().fit(X, Y, initial_epoch=-1, verbose=0)', 'initial_epoch'),
    ('model().evaluate(X, Y, batch_size=0, verbose=0)', 'batch_size'),
    ('model().evaluate(X, Y, batch_size="x", verbose=0)', 'batch_size'),
    ('model().evaluate("abc", Y, verbose=0)', 'x must hold numbers'),
    ('model().evaluate(X, Y, sample_weight="x", verbose=0)', 'sample_weight'),
    ('model().evaluate(X, Y, return_dict="x", verbose=0)', 'return_dict'),
    ('model().evaluate(X, Y, callbacks=5, verbose=0)', 'callbacks'),
    ('model().evaluate(X, Y, steps=0, verbose=0)', 'steps'),
    ('model().predict(X, batch_size=-1, verbose=0)', 'batch_size'),
    ('model().predict(X, batch_size="x", verbose=0)', 'batch_size'),
    ('model().predict("abc", verbose=0)', 'x must hold numbers'),
    ('model().predict(None, verbose=0)', 'x is missing'),
    ('model().predict(X[:, :2], verbose=0)', '3 features'),
    ('model().predict(X, callbacks=5, verbose=0)', 'callbacks'),
    ('model().predict(X, steps="x", verbose=0)', 'steps'),
    ('model().train_on_batch("abc", Y)', 'x must hold numbers'),
    ('model().get_layer(index="x")', 'index'),
    ('model().get_layer(name=5)', 'No layer named 5'),
    ('model().get_layer(index=99)', 'index'),
    ('model().set_weights(5)', 'list of arrays'),
    ('model().summary(print_fn=5)', 'print_fn'),
    ('model().save(5)', 'filepath'),
    ('model().save("m.glassnet", include_optimizer="x")', 'include_optimizer'),
    ('gn.models.load_model(5)', 'filepath'),
    ('gn.models.load_model("missing.glassnet", compile="x")', 'compile'),
    ('gn.utils.set_random_seed("x")', 'seed'),
    ('gn.utils.to_categorical(["a"])', 'integer labels'),
    ('gn.utils.to_categorical([1], num_classes=0)', 'num_classes'),
    ('gn.optimizers.schedules.ExponentialDecay("x", 1, 0.5)', 'initial_learning_rate'),
    ('gn.optimizers.schedules.ExponentialDecay(0.1, 0, 0.5)', 'decay_steps'),
    ('gn.optimizers.schedules.PiecewiseConstantDecay([1], [1])', 'boundaries'),
    ('gn.optimizers.schedules.CosineDecay(0.1, "x")', 'decay_steps'),
    ('Ly.Rescaling("x")', 'scale'),
]


@pytest.mark.parametrize("call, names", BAD_CALLS, ids=[c for c, _ in BAD_CALLS])
def test_every_bad_argument_is_one_clear_error(call, names, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a call that wrongly succeeded writes nothing here
    namespace = {"gn": gn, "np": np, "math": __import__("math"), "X": X[:4], "Y": Y[:4],
                 "model": model, "fresh": fresh, "O": O, "L": L, "M": M, "I": I, "R": R,
                 "Ly": Ly, "C": C}
    with pytest.raises((TypeError, ValueError)) as caught:
        eval(call, namespace)
    message = str(caught.value)
    assert names in message, message
    assert not any(raw in message for raw in RAW), message


def constructor_cases():
    """Every constructor argument of every public class whose default is a bool, an
    int, a float or a str, given a value of the wrong type."""
    import inspect

    bases = [(O, O.Optimizer), (L, L.Loss), (M, M.Metric), (I, I.Initializer),
             (R, R.Regularizer), (Ly, Ly.Layer), (C, C.Callback)]
    required = {"units": 3, "rate": 0.5, "stddev": 0.1, "target_shape": (2,), "scale": 2.0,
                "schedule": lambda epoch: 0.1, "filename": "log.csv", "activation": "relu",
                "filepath": "m.glassnet", "fn": lambda y, p: y}
    wrong = {bool: ["yes", 2], int: ["x", 2.5], float: ["x", float("nan"), [1.0]], str: [5]}
    valid = {("EarlyStopping", "min_delta", "2.5"),  # a float where the default is 0
             ("ModelCheckpoint", "save_freq", "5"),  # every 5 batches
             ("Rescaling", "scale", "[1.0]"), ("Rescaling", "offset", "[1.0]")}  # arrays
    cases = []
    for module, base in bases:
        for name in sorted(dir(module)):
            cls = getattr(module, name)
            if not (inspect.isclass(cls) and issubclass(cls, base)) or cls is base \
                    or name in ("CallbackList", "History", "ProgbarLogger", "InputLayer"):
                continue
            params = list(inspect.signature(cls.__init__).parameters.values())[1:]
            given = {p.name: required.get(p.name, 1) for p in params
                     if p.default is inspect.Parameter.empty and p.kind == p.POSITIONAL_OR_KEYWORD}
            for p in params:
                default = given.get(p.name, p.default)
                kind = next((t for t in (bool, int, float, str) if isinstance(default, t)), None)
                for value in wrong.get(kind, []):
                    if (name, p.name, repr(value)) not in valid:
                        cases.append((cls, given, p.name, value))
    return cases


CONSTRUCTORS = constructor_cases()


@pytest.mark.parametrize("cls, given, name, value", CONSTRUCTORS,
                         ids=[f"{c.__name__}-{n}={v!r}" for c, _, n, v in CONSTRUCTORS])
def test_every_constructor_refuses_wrong_types(cls, given, name, value, tmp_path,
                                               monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises((TypeError, ValueError)) as caught:
        cls(**{**given, name: value})
    message = str(caught.value)
    assert name in message and repr(value)[:3] in message, message
    assert not any(raw in message for raw in RAW), message


def test_the_constructor_sweep_covers_the_api():
    classes = {cls for cls, *_ in CONSTRUCTORS}
    assert len(classes) >= 60 and len(CONSTRUCTORS) >= 250
