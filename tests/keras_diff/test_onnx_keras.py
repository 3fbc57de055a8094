"""ONNX export of functional models with several outputs and a shared layer, run in
onnxruntime and compared with the same model (same weights) in the real Keras 3."""

import keras
import numpy as np
import onnx
import onnxruntime
import pytest

import glassnet as gn


def _model(M, Input, Model):
    """A shared Dense called on both inputs and again deeper, two outputs."""
    a, b = Input(shape=(3,), name="a"), Input(shape=(3,), name="b")
    shared = M.Dense(3, activation="tanh", name="shared")
    joined = M.Concatenate(name="joined")([shared(a), shared(b)])
    price = M.Dense(2, name="price")(M.BatchNormalization(name="bn")(joined))
    buy = M.Dense(1, activation="sigmoid", name="buy")(shared(M.Dense(3, name="pre")(a)))
    return Model([a, b], [price, buy])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_several_outputs_and_a_shared_layer_export_to_onnx(dtype, tmp_path, rng):
    gn.backend.set_floatx(dtype)
    keras.config.set_floatx(dtype)
    ours, theirs = _model(gn.layers, gn.Input, gn.Model), _model(keras.layers, keras.Input,
                                                                keras.Model)
    ours.compile(optimizer="adam", loss=["mse", "binary_crossentropy"])
    Xa, Xb = rng.normal(size=(20, 3)), rng.normal(size=(20, 3))
    ours.fit([Xa, Xb], [Xa[:, :2], (Xb[:, :1] > 0) * 1.0], epochs=2, verbose=0)  # BN moves
    theirs.set_weights(ours.get_weights())  # the same layers in the same order here
    ours.export(tmp_path / "m.onnx", format="onnx")
    proto = onnx.load(tmp_path / "m.onnx")
    # the shared layer's kernel and bias are stored once
    assert sum(i.name.startswith("shared/") for i in proto.graph.initializer) == 2
    session = onnxruntime.InferenceSession(str(tmp_path / "m.onnx"))
    for m in (1, 7):  # a dynamic batch size
        feeds = {"a": Xa[:m].astype(dtype), "b": Xb[:m].astype(dtype)}
        got = session.run(None, feeds)
        expected = theirs.predict([feeds["a"], feeds["b"]], verbose=0)
        assert [g.shape for g in got] == [(m, 2), (m, 1)]
        for g, e in zip(got, expected):
            np.testing.assert_allclose(g, e, rtol=1e-5, atol=1e-6)
