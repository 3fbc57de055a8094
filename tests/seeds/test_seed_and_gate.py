"""Seed 000 (SimpleANN on the AND gate): glassnet reproduces the seed exactly."""

import contextlib
import io
import math
import re

import numpy as np


def test_initial_weights_are_the_seeds_draws(load_example):
    ex = load_example("and_gate")
    # The seed's constructor: np.random.seed(42), then W1 (4, 2), then W2 (1, 4).
    np.random.seed(42)
    W1 = np.random.randn(4, 2) * 0.1
    W2 = np.random.randn(1, 4) * 0.1
    kernel1, bias1, kernel2, bias2 = ex.seed_initial_weights()
    np.testing.assert_array_equal(kernel1, W1.T)  # glassnet's kernel is (n_in, n_out)
    np.testing.assert_array_equal(kernel2, W2.T)
    np.testing.assert_array_equal(bias1, np.zeros(4))
    np.testing.assert_array_equal(bias2, np.zeros(1))


def test_same_cost_at_every_epoch_and_same_final_weights(load_example):
    ex = load_example("and_gate")
    seed = ex.SimpleANN(input_size=2, hidden_size=4, lr=0.1, epochs=10000)
    with contextlib.redirect_stdout(io.StringIO()):
        seed.fit(ex.X, ex.Y)
    model, history = ex.glassnet_model(verbose_every=0)

    seed_costs = np.array(seed.costs)
    gn_costs = np.array(history.history["loss"])
    assert gn_costs.shape == (10000,)
    assert model.layers[0].W.dtype == np.float64
    # Tiny random weights: the output starts at ~0.5, so the first cost is ~ln 2.
    assert abs(gn_costs[0] - math.log(2)) < 1e-3
    rel = np.abs(gn_costs - seed_costs) / np.abs(seed_costs)
    assert rel.max() < 1e-9

    W1, b1, W2, b2 = model.get_weights()
    np.testing.assert_allclose(W1, seed.W1.T, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(b1, seed.b1.ravel(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(W2, seed.W2.T, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(b2, seed.b2.ravel(), rtol=1e-9, atol=1e-12)

    # AND truth table: only (1, 1) gives 1.
    predictions = (model.predict(ex.X.T) >= 0.5).astype(int).ravel()
    np.testing.assert_array_equal(predictions, [0, 0, 0, 1])


def test_script_prints_the_seeds_output_twice(run_example):
    out = run_example("and_gate")
    seed_part, gn_part = out.split("--- glassnet ---")
    pattern = r"Epoch (\d+): Cost = (\d+\.\d{6})"
    seed_lines = re.findall(pattern, seed_part)
    gn_lines = re.findall(pattern, gn_part)
    assert [int(e) for e, _ in seed_lines] == list(range(0, 10000, 1000))
    assert gn_lines == seed_lines  # the callback prints what the seed prints
    assert seed_part.count("Predictions: [[0 0 0 1]]") == 1
    assert gn_part.count("Predictions: [[0 0 0 1]]") == 1
    rel = float(re.search(r"over 10000 epochs: (\S+)", gn_part).group(1))
    assert rel < 1e-9


def test_float32_training_follows_the_seed_within_float32_rounding(load_example):
    # The default dtype runs the same optimized code in float32: each operation rounds
    # to ~6e-8 relative, and 10,000 steps accumulate that to well under 1e-3.
    import glassnet as gn

    ex = load_example("and_gate")
    seed = ex.SimpleANN(input_size=2, hidden_size=4, lr=0.1, epochs=10000)
    with contextlib.redirect_stdout(io.StringIO()):
        seed.fit(ex.X, ex.Y)
    model = gn.Sequential([gn.layers.Dense(4, activation="relu", input_shape=(2,)),
                           gn.layers.Dense(1, activation="sigmoid")], dtype="float32")
    model.compile(optimizer=gn.optimizers.SGD(learning_rate=0.1), loss="binary_crossentropy")
    model.set_weights(ex.seed_initial_weights())
    history = model.fit(ex.X.T, ex.Y.T, batch_size=4, epochs=10000, shuffle=False, verbose=0)
    assert model.get_weights()[0].dtype == np.float32
    costs = np.array(history.history["loss"])
    rel = np.abs(costs - np.array(seed.costs)) / np.array(seed.costs)
    assert rel.max() < 1e-3
    assert rel.max() > 1e-9  # it really ran in float32, not float64
    predictions = (model.predict(ex.X.T, verbose=0) >= 0.5).astype(int).ravel()
    np.testing.assert_array_equal(predictions, [0, 0, 0, 1])
