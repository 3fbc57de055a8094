"""Model files under faults and hostile bytes (issue 15): never unloadable, never a bomb."""

import io
import json
import tracemalloc
import warnings
import zipfile

import numpy as np
import pytest

import glassnet as gn
from glassnet.layers import Dense
from glassnet.saving import ModelFileError


def small_model():
    model = gn.Sequential([Dense(4, activation="tanh", input_shape=(3,)), Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model


def members(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_members(path, contents, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


def npy(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def header_of(path):
    raw = np.load(io.BytesIO(members(path)["glassnet.json.npy"]))
    return json.loads(raw.tobytes())


def test_a_nan_model_is_refused_and_nothing_is_written(tmp_path):
    model = small_model()
    model.layers[1].params["kernel"][0, 0] = np.nan
    for save in (model.save, model.save_weights):
        with pytest.raises(ValueError, match=r"Not saving model .* weight dense_1/kernel "
                                             r"holds NaN or inf, so the file could not be "
                                             r"loaded back"):
            save(tmp_path / "m.glassnet")
    assert list(tmp_path.iterdir()) == []


def test_checkpoint_keeps_the_last_good_file_when_training_diverges(tmp_path):
    X = np.linspace(-1, 1, 32)[:, None].repeat(3, axis=1)
    y = 3 * X[:, :1]
    gn.utils.set_random_seed(0)
    model = small_model()
    model.compile(optimizer=gn.optimizers.SGD(0.05), loss="mse")
    path = tmp_path / "best.glassnet"
    every = tmp_path / "epoch.glassnet"

    class Explode(gn.callbacks.Callback):  # epoch 3 ends with inf weights (val_ absent)
        def on_epoch_end(self, epoch, logs=None):
            self.good = getattr(self, "good", None)
            if epoch == 1:
                self.good = self.model.get_weights()
            if epoch == 2:
                self.model.layers[0].params["kernel"][...] = np.inf

    explode = Explode()
    callbacks = [explode, gn.callbacks.ModelCheckpoint(path, monitor="loss",
                                                       save_best_only=True),
                 gn.callbacks.ModelCheckpoint(every)]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(X, y, epochs=4, batch_size=32, verbose=0, callbacks=callbacks)
    assert any("weights hold NaN or inf" in str(w.message) for w in caught)
    for kept in (path, every):  # both still the complete epoch-2 model
        loaded = gn.models.load_model(kept)
        for a, b in zip(loaded.get_weights(), explode.good, strict=True):
            np.testing.assert_array_equal(a, b)


def test_set_weights_refuses_values_that_overflow_the_dtype():
    model = small_model()
    weights = model.get_weights()
    weights[0] = np.full((3, 4), 1e300)  # finite in float64, inf in float32
    with pytest.raises(ValueError, match="beyond float32's range"):
        model.set_weights(weights)
    assert np.all(np.isfinite(model.get_weights()[0]))
    with pytest.raises(TypeError, match="must be an array of numbers"):
        model.set_weights([np.full((3, 4), "x"), *weights[1:]])


def test_loading_draws_no_random_numbers_and_restores_the_saved_state(tmp_path):
    gn.utils.set_random_seed(3)
    small_model().save(tmp_path / "m.glassnet")
    saved = gn.backend.rng().bit_generator.state
    gn.backend.rng().random(50)  # the program goes on drawing
    gn.models.load_model(tmp_path / "m.glassnet")
    assert gn.backend.rng().bit_generator.state == saved  # building drew nothing


def test_a_header_declaring_absurd_units_is_refused_before_allocating(tmp_path):
    path = tmp_path / "m.glassnet"
    small_model().save(path)
    doc = header_of(path)
    doc["model"]["config"]["layers"][0]["config"]["units"] = 10**12
    contents = members(path)
    contents["glassnet.json.npy"] = npy(np.frombuffer(json.dumps(doc).encode(), np.uint8))
    write_members(path, contents)
    with pytest.raises(ModelFileError, match=r"model config glassnet cannot read .*would "
                                             r"need .* of memory, more than this computer"):
        gn.models.load_model(path)


def test_a_zip_bomb_is_refused_without_inflating_it(tmp_path):
    # weight_0 claims 200 MB of zeros (compressing to ~200 KB); the model needs (3, 4)
    path = tmp_path / "bomb.glassnet"
    small_model().save(path)
    contents = members(path)
    contents["weight_0.npy"] = npy(np.zeros(25_000_000))
    write_members(path, contents, zipfile.ZIP_DEFLATED)
    assert path.stat().st_size < 2_000_000
    tracemalloc.start()
    try:
        with pytest.raises(ModelFileError, match=r"'weight_0' has shape \(25000000,\), but "
                                                 r"the model needs \(3, 4\)"):
            gn.models.load_model(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000  # np.load read all 200 MB before anything was checked


def test_arrays_whose_header_lies_about_their_size_are_refused(tmp_path):
    path = tmp_path / "m.glassnet"
    small_model().save(path)
    contents = members(path)
    real = contents["weight_0.npy"]
    contents["weight_0.npy"] = real[:-8]  # the npy header still says (3, 4) float32
    write_members(path, contents)
    with pytest.raises(ModelFileError, match="declares 48 bytes of data but the archive "
                                             "holds 40"):
        gn.models.load_model(path)
    contents["weight_0.npy"] = real
    contents["glassnet.json.npy"] = npy(np.frombuffer(b"[" * 100_000, np.uint8))
    write_members(path, contents)
    with pytest.raises(ModelFileError, match="header is not JSON: RecursionError"):
        gn.models.load_model(path)
    contents["glassnet.json.npy"] = npy(np.zeros(3, dtype="U4"))
    write_members(path, contents)
    with pytest.raises(ModelFileError, match="holds <U4 values, not numbers"):
        gn.models.load_model(path)


def test_missing_and_extra_weights_are_named(tmp_path):
    path = tmp_path / "m.glassnet"
    small_model().save(path)
    contents = members(path)
    del contents["weight_3.npy"]
    write_members(path, contents)
    with pytest.raises(ModelFileError, match="holds 3 weight arrays, but the model it "
                                             "describes has 4"):
        gn.models.load_model(path)


def test_a_damaged_config_is_one_model_file_error(tmp_path):
    path = tmp_path / "m.glassnet"
    small_model().save(path)
    for damage in ({"layers": [{"class_name": "Dense", "config": {"units": "many"}}]},
                   {"layers": [{"class_name": "Nope", "config": {}}]},
                   {"layers": "x"}, [1, 2]):
        doc = header_of(path)
        doc["model"]["config"] = damage
        contents = members(path)
        contents["glassnet.json.npy"] = npy(np.frombuffer(json.dumps(doc).encode(), np.uint8))
        damaged = tmp_path / "damaged.glassnet"
        write_members(damaged, contents)
        with pytest.raises(ModelFileError, match="model config glassnet cannot read"):
            gn.models.load_model(damaged)


@pytest.mark.parametrize("position, message", [
    ({"epoch": 0, "step": "x", "steps": 5, "rows": 9, "batch_size": 2}, "training position"),
    ({"epoch": 0}, "training position"),
    ({"epoch": 0, "step": 1, "steps": 5, "rows": 9, "batch_size": 2,
      "order": {"bit_generator": "default_rng"}}, "training position"),  # no call by name
    ({"epoch": 0, "step": 1, "steps": 5, "rows": 9, "batch_size": 2,
      "order": {"bit_generator": "PCG64", "state": 7}}, "training position"),
])
def test_a_damaged_training_position_is_one_model_file_error(tmp_path, position, message):
    path = tmp_path / "m.glassnet"
    small_model().save(path)
    doc = header_of(path)
    doc["random"]["position"] = position
    contents = members(path)
    contents["glassnet.json.npy"] = npy(np.frombuffer(json.dumps(doc).encode(), np.uint8))
    write_members(path, contents)
    with pytest.raises(ModelFileError, match=message):
        gn.models.load_model(path)
