"""Model files: one pickle-free file, identical predictions, identical further training."""

import json
import zipfile

import numpy as np
import pytest

import glassnet as gn
from glassnet.layers import BatchNormalization, Dense, Dropout


def data(seed=0, m=40):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, 3))
    y = (X[:, 0] - X[:, 1] > 0).astype(float)
    return X, y


def build(optimizer="adam"):
    model = gn.Sequential([
        Dense(8, activation="relu", input_shape=(3,), kernel_regularizer="l2"),
        BatchNormalization(),
        Dropout(0.2),
        Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=optimizer, loss="binary_crossentropy",
                  metrics=["accuracy", gn.metrics.AUC()])
    return model


def test_reloaded_model_predicts_identically_and_keeps_compile(tmp_path):
    X, y = data()
    model = build()
    model.fit(X, y, epochs=3, batch_size=8, verbose=0)
    path = tmp_path / "model.glassnet"
    model.save(path)
    loaded = gn.models.load_model(path)
    np.testing.assert_array_equal(loaded.predict(X, verbose=0), model.predict(X, verbose=0))
    assert [type(layer).__name__ for layer in loaded.layers] == [
        "Dense", "BatchNormalization", "Dropout", "Dense"]
    assert loaded.loss.get_config() == model.loss.get_config()
    assert type(loaded.optimizer) is type(model.optimizer)
    assert loaded.evaluate(X, y, verbose=0) == pytest.approx(model.evaluate(X, y, verbose=0))


@pytest.mark.parametrize("optimizer", [
    lambda: gn.optimizers.Adam(0.01),
    lambda: gn.optimizers.SGD(0.05, momentum=0.9, nesterov=True),
    lambda: gn.optimizers.RMSprop(0.01, momentum=0.5, centered=True),
    lambda: gn.optimizers.Adagrad(0.1),
])
def test_reloaded_model_continues_training_exactly(tmp_path, optimizer):
    X, y = data(1)
    gn.utils.set_random_seed(7)
    model = build(optimizer())
    model.fit(X, y, epochs=2, batch_size=8, verbose=0)
    model.save(tmp_path / "m.glassnet")
    loaded = gn.models.load_model(tmp_path / "m.glassnet")
    assert loaded.optimizer.iterations == model.optimizer.iterations == 10
    # the same random state for both continuations (shuffling and dropout masks)
    gn.utils.set_random_seed(99)
    model.fit(X, y, epochs=3, batch_size=8, verbose=0)
    gn.utils.set_random_seed(99)
    loaded.fit(X, y, epochs=3, batch_size=8, verbose=0)
    for a, b in zip(model.get_weights(), loaded.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_optimizer_state_is_stored_by_layer_and_parameter_name(tmp_path):
    X, y = data(2)
    model = build(gn.optimizers.Adam(0.01))
    model.fit(X, y, epochs=1, batch_size=8, verbose=0)
    model.save(tmp_path / "m.glassnet")
    first = model.layers[0].name
    with np.load(tmp_path / "m.glassnet", allow_pickle=False) as archive:
        header = json.loads(bytes(archive["glassnet.json"]).decode("utf-8"))
        names = header["optimizer_state"]
        m_kernel = archive[f"optimizer_{names.index(f'{first}/kernel/m')}"]
    assert names[0] == "iterations"
    np.testing.assert_array_equal(m_kernel, model.optimizer.slots[f"{first}/kernel"][0])


def test_a_file_with_positional_optimizer_state_still_loads(tmp_path):
    """Files written before the state had names hold [iterations, slots of parameter 0,
    slots of parameter 1, ...] in trainable_parameters() order: they load the same."""
    X, y = data(3)
    gn.utils.set_random_seed(5)
    model = build(gn.optimizers.SGD(0.05, momentum=0.9))
    model.fit(X, y, epochs=2, batch_size=8, verbose=0)
    model.save(tmp_path / "new.glassnet")
    with np.load(tmp_path / "new.glassnet", allow_pickle=False) as archive:
        arrays = {k: archive[k] for k in archive.files}
    header = json.loads(bytes(arrays["glassnet.json"]).decode("utf-8"))
    names = header.pop("optimizer_state")
    by_name = {name: arrays.pop(f"optimizer_{i}") for i, name in enumerate(names)}
    old_order = ["iterations"] + [f"{key}/velocity" for key, _, _ in
                                  model.trainable_parameters()]
    for i, name in enumerate(old_order):
        arrays[f"optimizer_{i}"] = by_name[name]
    arrays["glassnet.json"] = np.frombuffer(json.dumps(header).encode("utf-8"), np.uint8)
    with open(tmp_path / "old.glassnet", "wb") as f:
        np.savez(f, **arrays)
    old = gn.models.load_model(tmp_path / "old.glassnet")
    new = gn.models.load_model(tmp_path / "new.glassnet")
    for key, slots in new.optimizer.slots.items():
        np.testing.assert_array_equal(old.optimizer.slots[key][0], slots[0])
    assert old.optimizer.iterations == 10


def test_file_is_read_without_pickle_and_holds_json_config(tmp_path):
    model = build()
    model.save(tmp_path / "m.glassnet")
    with zipfile.ZipFile(tmp_path / "m.glassnet") as archive:
        names = set(archive.namelist())
    assert "glassnet.json.npy" in names
    with np.load(tmp_path / "m.glassnet", allow_pickle=False) as archive:
        header = json.loads(bytes(archive["glassnet.json"]).decode())
        assert header["model"]["class_name"] == "Sequential"
        assert archive["weight_0"].shape == (3, 8)


def test_functional_model_round_trip(tmp_path):
    a, b = gn.Input(shape=(2,)), gn.Input(shape=(1,))
    h = gn.layers.Concatenate()([a, b])
    out = Dense(2, activation="softmax")(Dense(4, activation="tanh")(h))
    model = gn.Model(inputs=[a, b], outputs=out)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    rng = np.random.default_rng(0)
    xa, xb = rng.normal(size=(10, 2)), rng.normal(size=(10, 1))
    model.fit([xa, xb], rng.integers(0, 2, 10), epochs=2, verbose=0)
    model.save(tmp_path / "f.glassnet")
    loaded = gn.models.load_model(tmp_path / "f.glassnet")
    np.testing.assert_array_equal(loaded.predict([xa, xb], verbose=0),
                                  model.predict([xa, xb], verbose=0))


def test_save_and_load_weights(tmp_path):
    X, _ = data()
    model, other = build(), build()
    model.save_weights(tmp_path / "w.weights.npz")
    other.load_weights(tmp_path / "w.weights.npz")
    np.testing.assert_array_equal(other.predict(X, verbose=0), model.predict(X, verbose=0))
    small = gn.Sequential([Dense(2, input_shape=(3,))])
    with pytest.raises(ValueError, match="weight arrays"):
        small.load_weights(tmp_path / "w.weights.npz")


def test_interrupted_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "m.glassnet"
    model = build()
    model.save(path)
    before = path.read_bytes()

    def broken_savez(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(np, "savez", broken_savez)
    with pytest.raises(KeyboardInterrupt):
        build().save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.glassnet"]  # no temporary left


def test_foreign_and_corrupt_files_get_clear_errors(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(ValueError, match="not a glassnet model file"):
        gn.models.load_model(text)
    other = tmp_path / "other.npz"
    np.savez(other, a=np.arange(3))
    with pytest.raises(ValueError, match="not a glassnet model file"):
        gn.models.load_model(other)
    good = tmp_path / "good.glassnet"
    build().save(good)
    truncated = tmp_path / "truncated.glassnet"
    truncated.write_bytes(good.read_bytes()[:200])
    with pytest.raises(ValueError, match="not a glassnet model file"):
        gn.models.load_model(truncated)
    with pytest.raises(FileNotFoundError, match="No model file"):
        gn.models.load_model(tmp_path / "missing.glassnet")
    with pytest.raises(FileNotFoundError, match="does not exist"):
        build().save(tmp_path / "no" / "such" / "folder.glassnet")


def test_saved_files_get_the_usual_permissions(tmp_path):
    import os
    import stat

    path = tmp_path / "m.glassnet"
    build().save(path)
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o666 & ~mask


def test_a_file_holding_a_pickled_object_is_refused(tmp_path):
    # A model file whose weight is a pickled Python object: loading must not unpickle.
    path = tmp_path / "evil.glassnet"
    build().save(path)
    with np.load(path, allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    arrays["weight_0"] = np.array([{"not": "numbers"}], dtype=object)
    with open(path, "wb") as f:  # a handle: np.savez would append .npz to a name
        np.savez(f, **arrays)
    with pytest.raises(ValueError, match="not a glassnet model file"):
        gn.models.load_model(path)


def _branching_model():
    """x -> h2 and x -> a -> a2; [h2, a2] -> cat -> out. Keras lists the layers by depth
    from the outputs: x, a, h2, a2, cat, out; glassnet's format 1 listed them inputs
    first, then as a depth-first walk from the output finishes them: x, h2, a, a2, ..."""
    x = gn.Input((3,), name="x")
    h2 = Dense(2, name="h2")(x)
    a2 = Dense(4, name="a2")(Dense(4, name="a")(x))
    out = Dense(1, name="out")(gn.layers.Concatenate(name="cat")([h2, a2]))
    return gn.Model(x, out)


def test_a_format_1_file_of_a_functional_model_loads_with_each_weight_in_its_layer(tmp_path):
    model = _branching_model()
    model.compile(optimizer="sgd", loss="mse")
    assert [layer.name for layer in model.layers] == ["x", "a", "h2", "a2", "cat", "out"]
    # a format 1 file, written here by hand: the header as saved then, the weights in
    # the order of that time (h2 before a)
    header = {"format": "glassnet-model", "version": 1,
              "model": model.get_config_with_class()}
    old_order = ["h2", "a", "a2", "out"]
    arrays = [w for name in old_order for w in model.get_layer(name).get_weights()]
    path = tmp_path / "old.glassnet"
    with open(path, "wb") as f:
        np.savez(f, **{"glassnet.json": np.frombuffer(json.dumps(header).encode(), np.uint8)},
                 **{f"weight_{i}": w for i, w in enumerate(arrays)})
    loaded = gn.models.load_model(path, compile=False)
    for name in old_order:
        for w_loaded, w_saved in zip(loaded.get_layer(name).get_weights(),
                                     model.get_layer(name).get_weights(), strict=True):
            np.testing.assert_array_equal(w_loaded, w_saved)
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    # and the weights alone, into a model built in code
    other = _branching_model()
    gn.saving.load_weights(other, path)
    np.testing.assert_array_equal(other.predict(x, verbose=0), model.predict(x, verbose=0))
