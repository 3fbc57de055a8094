"""All trainable parameters as views of one vector θ (optimizers/vector.py), and the
flushing of denormal numbers (backend.flush_denormals).

``fit`` packs the parameters and the optimizer then updates all of θ in one call of
its rule. That must be the same step, number for number, as the rule applied array
by array (which tests/test_optimizers.py checks against each rule's formula), and
everything that reads or writes weights must keep working on the views.
"""

import numpy as np
import onnxruntime as ort
import pytest

import glassnet as gn
from glassnet.optimizers import base, vector

RNG = np.random.default_rng(0)
X = RNG.normal(size=(24, 3))
Y = (X[:, 0] - X[:, 2] > 0).astype(float)
STEPS = base.FLUSH_EVERY + 3  # past a flush of the optimizer state


def build(optimizer, dtype="float64"):
    gn.utils.set_random_seed(3)
    model = gn.Sequential([gn.Input((3,)), gn.layers.Dense(5, "tanh"),
                           gn.layers.BatchNormalization(), gn.layers.Dense(1, "sigmoid")],
                          dtype=dtype)
    model.compile(optimizer=gn.optimizers.get(optimizer), loss="binary_crossentropy")
    return model


def tiled(model):
    return vector.tiling(model.trainable_parameters()) is not None


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(gn.optimizers.OPTIMIZERS))
def test_one_update_of_the_vector_is_the_update_array_by_array(name, dtype):
    packed, separate = build(name, dtype), build(name, dtype)
    packed.fit(X, Y, batch_size=len(X), epochs=STEPS, shuffle=False, verbose=0)
    assert tiled(packed) and packed.optimizer._vector is not None  # the one-call path ran
    for _ in range(STEPS):  # train_on_batch packs nothing: one update per array
        separate.train_on_batch(X, Y)
    assert not tiled(separate) and separate.optimizer._vector is None
    for a, b in zip(packed.get_weights(), separate.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    state_a, state_b = packed.optimizer.get_state(), separate.optimizer.get_state()
    names = [key.split("/", 1)[-1] for key in state_a]  # layer names differ: dense, dense_2
    assert names == [key.split("/", 1)[-1] for key in state_b]  # kept by 'layer/param'
    for a, b in zip(state_a.values(), state_b.values(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_every_parameter_is_a_view_of_one_vector_with_its_values_kept():
    model = build("adam")
    before = model.get_weights()
    theta, grad = vector.pack(model)
    assert theta.size == model.count_params() - 2 * 5  # BatchNorm's moving stats stay out
    for a, b in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)
    dense = model.layers[0]
    assert dense.W.base is theta and dense.dW.base is grad and dense.W.shape == (3, 5)
    assert vector.pack(model)[0] is theta  # packed already: nothing moves


def test_set_weights_and_the_gradient_checker_write_into_the_views():
    model = build("sgd")
    model.fit(X, Y, epochs=1, verbose=0)
    theta = model.layers[0].W.base
    new = [np.full_like(w, 0.1 * (i + 1)) for i, w in enumerate(model.get_weights())]
    model.set_weights(new)
    assert model.layers[0].W.base is theta  # still the vector, with the new values
    np.testing.assert_array_equal(theta[:15], 0.1)
    result = gn.utils.check_gradients(model, X[:6], Y[:6])
    assert result.max_error < 1e-6
    np.testing.assert_array_equal(theta[:15], 0.1)  # the checker put every value back


def test_a_frozen_layer_falls_out_of_the_vector_and_stays_frozen():
    model = build("adam")
    model.fit(X, Y, epochs=2, verbose=0)
    first = model.layers[0]
    first.trainable = False
    kept = first.W.copy()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(X, Y, epochs=2, verbose=0)  # packs the trainable parameters again
    np.testing.assert_array_equal(first.W, kept)
    assert tiled(model) and model.layers[-1].W.base is not first.W.base


def test_a_cast_layer_is_updated_array_by_array():
    model = build("adam", "float32")
    model.fit(X, Y, epochs=1, verbose=0)
    model.layers[-1].cast("float32")  # rebinds its arrays: no longer views of θ
    assert not tiled(model)
    before = model.layers[-1].W.copy()
    model.train_on_batch(X, Y)
    assert not np.array_equal(model.layers[-1].W, before)  # it was still trained


def test_the_parameter_list_is_reused_until_a_layer_changes():
    """The model hands the optimizer the same list while nothing changed (so the
    optimizer compares nothing); freezing a layer or giving it new arrays is seen at
    the very next step, also in the middle of a fit."""
    model = build("sgd")
    model.fit(X, Y, epochs=1, verbose=0)
    first, last = model.layers[0], model.layers[-1]
    listed = model.trainable_parameters()
    assert model.trainable_parameters() is listed
    assert [key for key, _, _ in listed] == [
        f"{layer.name}/{name}" for layer in model.layers for name in layer.params]

    class FreezeFirst(gn.callbacks.Callback):  # after the first batch of the fit
        def on_train_batch_end(self, batch, logs=None):
            if batch == 0:
                first.trainable = False
                self.kept = first.W.copy()

    freeze = FreezeFirst()
    model.fit(X, Y, batch_size=8, epochs=1, shuffle=False, verbose=0, callbacks=[freeze])
    np.testing.assert_array_equal(first.W, freeze.kept)  # batches 2 and 3 left it alone
    assert first.name not in {key.split("/")[0] for key, _, _ in model.trainable_parameters()}

    last.cast("float32")  # new arrays: the next list holds them, and they are trained
    rebound = model.trainable_parameters()
    assert rebound is not listed and any(W is last.W for _, W, _ in rebound)
    before = last.W.copy()
    model.train_on_batch(X, Y)
    assert not np.array_equal(last.W, before)


def test_a_layer_popped_or_added_or_unfrozen_is_seen_at_the_next_step():
    model = build("sgd")
    model.fit(X, Y, epochs=1, verbose=0)
    popped = model.pop()
    model.add(gn.layers.Dense(1, "sigmoid", name="new_output"))
    listed = model.trainable_parameters()
    assert not any(W is popped.W for _, W, _ in listed)  # the popped layer is not trained
    new = model.layers[-1]
    assert [key for key, _, _ in listed][-2:] == ["new_output/kernel", "new_output/bias"]
    before, popped_before = new.W.copy(), popped.W.copy()
    model.train_on_batch(X, Y)
    assert not np.array_equal(new.W, before)
    np.testing.assert_array_equal(popped.W, popped_before)

    first = model.layers[0]
    first.trainable = False
    assert first.name not in {key.split("/")[0] for key, _, _ in model.trainable_parameters()}
    first.trainable = True  # unfrozen: trained again at the next step
    kept = first.W.copy()
    model.train_on_batch(X, Y)
    assert not np.array_equal(first.W, kept)
    with pytest.raises(TypeError, match="trainable"):
        first.trainable = "no"


@pytest.mark.parametrize("suffix", [".glassnet", ".keras"])
def test_a_packed_model_saves_loads_and_resumes_exactly(tmp_path, suffix):
    model = build("adam")
    model.fit(X, Y, epochs=3, batch_size=8, shuffle=False, verbose=0)
    path = tmp_path / f"model{suffix}"
    model.save(path)
    loaded = gn.models.load_model(path)
    np.testing.assert_array_equal(loaded.predict(X, verbose=0), model.predict(X, verbose=0))
    for m in (model, loaded):
        m.fit(X, Y, epochs=2, batch_size=8, shuffle=False, verbose=0)
    assert tiled(loaded)
    for a, b in zip(model.get_weights(), loaded.get_weights(), strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


def test_a_packed_model_exports_to_onnx(tmp_path):
    model = build("adam", "float32")
    model.fit(X, Y, epochs=2, verbose=0)
    path = tmp_path / "model.onnx"
    model.export(path)
    session = ort.InferenceSession(str(path))
    name = session.get_inputs()[0].name
    (out,) = session.run(None, {name: X.astype(np.float32)})
    np.testing.assert_allclose(out, model.predict(X, verbose=0), rtol=1e-5, atol=1e-6)


def test_flush_denormals_sets_only_numbers_below_the_normal_range_to_zero():
    tiny32 = np.finfo(np.float32).tiny  # 2**-126
    A = np.array([tiny32 / 4, -tiny32 / 2, tiny32, -tiny32, 1e-30, 0.0, 3.0], np.float32)
    gn.backend.flush_denormals(A)
    np.testing.assert_array_equal(A, [0, 0, tiny32, -tiny32, np.float32(1e-30), 0, 3])
    B = np.array([5e-324, 2.0**-1022, -1e-310])  # float64: below 2**-1022 only
    np.testing.assert_array_equal(gn.backend.flush_denormals(B), [0, 2.0**-1022, 0])


def test_a_saturated_output_gives_no_denormal_gradient():
    # sigmoid(-86) = e^-86 = 4.4e-38 is normal; divided by m = 8 it would be denormal
    Z = np.full((8, 1), -86.0, np.float32)
    A = gn.activations.Sigmoid().forward(Z)
    assert A[0, 0] > np.finfo(np.float32).tiny
    dZ = gn.losses.BinaryCrossentropy().fused_dZ(np.zeros((8, 1), np.float32), A)
    np.testing.assert_array_equal(dZ, 0.0)
    A[0, 0] = 0.5  # a normal gradient is untouched: (0.5 - 0) / 8
    dZ = gn.losses.BinaryCrossentropy().fused_dZ(np.zeros((8, 1), np.float32), A)
    assert dZ[0, 0] == np.float32(0.0625) and not dZ[1:].any()


def test_the_state_of_a_parameter_without_gradient_decays_to_exact_zero():
    optimizer = gn.optimizers.Adam(0.1)
    W = np.ones(4, np.float32)
    dW = np.full(4, 1e-19, np.float32)  # dW^2 = 1e-38: v starts just below the normal range
    optimizer.apply([W], [dW])
    assert 0 < optimizer.slots["0"][1][0] < np.finfo(np.float32).tiny
    dW[:] = 0.0
    for _ in range(base.FLUSH_EVERY - 1):
        optimizer.apply([W], [dW])
    m, v = optimizer.slots["0"]
    np.testing.assert_array_equal(v, 0.0)  # flushed at step FLUSH_EVERY
    assert m[0] > np.finfo(np.float32).tiny  # 1e-20 * 0.9^(FLUSH_EVERY - 1): normal, kept
