"""A functional model 1,000 layers deep: every graph walk is a loop, not a recursion
(Python's default recursion limit is 1,000 frames; issue 15 saw a RecursionError)."""

import sys

import numpy as np
import pytest

import glassnet as gn

DEPTH = 1000


@pytest.fixture(scope="module")
def deep():
    x = inp = gn.Input(shape=(3,))
    for _ in range(DEPTH):
        x = gn.layers.Dense(2, activation="tanh")(x)
    model = gn.Model(inp, gn.layers.Dense(1)(x))
    model.compile(optimizer="sgd", loss="mse")
    return model


def test_build_fit_predict_summary(deep):
    assert sys.getrecursionlimit() <= 1000 + 100 + 50  # the test means something
    assert len(deep.layers) == DEPTH + 2  # Input, 1,000 Dense, the output
    X = np.linspace(-1, 1, 12).reshape(4, 3)
    before = deep.predict(X, verbose=0)
    history = deep.fit(X, np.ones(4), epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    assert deep.predict(X, verbose=0).shape == before.shape == (4, 1)
    lines = []
    deep.summary(print_fn=lines.append)
    assert sum("dense" in line for line in "\n".join(lines).splitlines()) >= DEPTH + 1


@pytest.mark.parametrize("suffix", [".glassnet", ".keras"])
def test_save_and_load(deep, tmp_path, suffix):
    path = tmp_path / f"deep{suffix}"
    deep.save(path)
    loaded = gn.models.load_model(path)
    X = np.linspace(-1, 1, 6).reshape(2, 3)
    np.testing.assert_array_equal(loaded.predict(X, verbose=0), deep.predict(X, verbose=0))


def test_config_json_and_onnx(deep, tmp_path):
    again = gn.Model.from_config(deep.get_config())
    assert len(again.layers) == len(deep.layers)
    assert len(deep.to_json()) > DEPTH
    deep.export(tmp_path / "deep.onnx")
    assert (tmp_path / "deep.onnx").stat().st_size > 0
