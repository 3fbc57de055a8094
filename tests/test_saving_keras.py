"""The .keras writer and reader on their own (no Keras needed); tests/keras_diff/ checks
them against the real Keras."""

import json
import zipfile

import numpy as np
import pytest

import glassnet as gn
from glassnet.interchange.keras_file import KerasConversionError

L = gn.layers


def test_keras_file_round_trip_in_glassnet(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(12, 3))
    model = gn.Sequential([gn.Input(shape=(3,)), L.Dense(4, activation="relu"),
                           L.BatchNormalization(), L.Dense(1, activation="sigmoid")])
    model.compile(optimizer=gn.optimizers.Adam(0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    model.fit(X, (X[:, 0] > 0).astype(float), epochs=2, verbose=0)
    model.save(tmp_path / "m.keras")
    with zipfile.ZipFile(tmp_path / "m.keras") as archive:
        assert sorted(archive.namelist()) == ["config.json", "metadata.json",
                                              "model.weights.h5"]
        config = json.loads(archive.read("config.json"))
    assert config["class_name"] == "Sequential"
    assert [la["class_name"] for la in config["config"]["layers"]] == [
        "InputLayer", "Dense", "BatchNormalization", "Dense"]
    assert config["compile_config"]["loss"] == "binary_crossentropy"
    loaded = gn.models.load_model(tmp_path / "m.keras")
    np.testing.assert_array_equal(loaded.predict(X, verbose=0), model.predict(X, verbose=0))
    assert loaded.optimizer.iterations == model.optimizer.iterations == 2
    theirs, ours = loaded.optimizer.get_state(), model.optimizer.get_state()
    assert list(theirs) == list(ours)
    for key in ours:
        np.testing.assert_array_equal(theirs[key], ours[key])


def test_glassnet_only_things_are_one_clear_error(tmp_path):
    model = gn.Sequential([gn.Input(shape=(2,)),
                           L.Dense(1, activation=gn.activations.LeakyReLU(0.05))])
    with pytest.raises(KerasConversionError, match=r"Layer 'dense' activation: Keras stores an "
                                                   r"activation by name only"):
        model.save(tmp_path / "m.keras")
    model = gn.Sequential([gn.Input(shape=(2,)), L.Dense(1)])
    model.compile(optimizer="sgd", loss="half_squared_error")
    with pytest.raises(KerasConversionError, match="HalfSquaredError"):
        model.save(tmp_path / "m.keras")
    assert not (tmp_path / "m.keras").exists()  # nothing half-written


def test_a_file_that_is_not_a_keras_model_says_so(tmp_path):
    (tmp_path / "x.keras").write_text("hello")
    with pytest.raises(KerasConversionError, match="not a Keras 3 .keras file"):
        gn.models.load_model(tmp_path / "x.keras")
