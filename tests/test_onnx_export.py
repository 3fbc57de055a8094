"""ONNX export: every layer and activation, run in onnxruntime against glassnet's predict."""

import numpy as np
import onnxruntime as ort
import pytest

import glassnet as gn
from glassnet.interchange import onnx_export

L = gn.layers
RNG = np.random.default_rng(0)
X_TRAIN = RNG.normal(size=(32, 4)) * [1.0, 3.0, 0.5, 2.0] + [0.0, 1.0, -2.0, 5.0]


def _norm(**kwargs):
    layer = L.Normalization(**kwargs)
    layer.adapt(X_TRAIN)
    return layer


#: one way to build each layer class between two Dense layers of width 4
SINGLE = {
    "Dense": lambda: L.Dense(4, activation="relu"),
    "Activation": lambda: L.Activation("tanh"),
    "ReLU": lambda: L.ReLU(),
    "LeakyReLU": lambda: L.LeakyReLU(negative_slope=0.2),
    "ELU": lambda: L.ELU(alpha=0.7),
    "Softmax": lambda: L.Softmax(),
    "Dropout": lambda: L.Dropout(0.5),
    "BatchNormalization": lambda: L.BatchNormalization(),
    "Normalization": lambda: _norm(),
    "Flatten": lambda: L.Flatten(),
    "PReLU": lambda: L.PReLU(alpha_initializer=gn.initializers.Constant(0.3)),
    "LayerNormalization": lambda: L.LayerNormalization(),
    "Rescaling": lambda: L.Rescaling(scale=0.5, offset=-1.0),
    "Reshape": lambda: L.Reshape((4,)),
    "GaussianNoise": lambda: L.GaussianNoise(0.3),
    "GaussianDropout": lambda: L.GaussianDropout(0.3),
}
#: merges, called on two tensors of width 4
MERGES = {"Concatenate": L.Concatenate, "Add": L.Add, "Multiply": L.Multiply,
          "Subtract": L.Subtract, "Average": L.Average, "Maximum": L.Maximum,
          "Minimum": L.Minimum}
NOT_A_COMPUTATION = {"InputLayer"}


def _run(path, feeds):
    session = ort.InferenceSession(str(path))
    return session.run(None, feeds)[0]


def test_every_layer_and_activation_has_an_onnx_form():
    missing = set(L.LAYERS) - set(SINGLE) - set(MERGES) - NOT_A_COMPUTATION
    assert not missing, f"add a row for {sorted(missing)} to this test's tables"
    assert set(L.LAYERS) <= set(onnx_export.LAYERS)
    assert set(gn.activations.ACTIVATIONS) <= set(onnx_export.ACTIVATIONS)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(SINGLE))
def test_each_layer_exports_with_a_dynamic_batch(name, dtype, tmp_path):
    gn.backend.set_floatx(dtype)
    model = gn.Sequential([gn.Input(shape=(4,)), L.Dense(4), SINGLE[name](), L.Dense(3)])
    if name == "Normalization":  # it standardizes the raw inputs
        model = gn.Sequential([gn.Input(shape=(4,)), _norm(), L.Dense(3)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(X_TRAIN, RNG.normal(size=(32, 3)), epochs=2, verbose=0)  # moving statistics
    model.export(tmp_path / "m.onnx", format="onnx")
    tolerance = {"float32": 1e-5, "float64": 1e-12}[dtype]
    for m in (1, 13):  # one example, then a batch of another size
        X = RNG.normal(size=(m, 4)).astype(dtype)
        np.testing.assert_allclose(_run(tmp_path / "m.onnx", {"input": X}),
                                   model.predict(X, verbose=0), rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", sorted(gn.activations.ACTIVATIONS))
def test_each_activation_exports(name, dtype, tmp_path):
    gn.backend.set_floatx(dtype)
    model = gn.Sequential([gn.Input(shape=(4,)), L.Dense(5, activation=name)])
    model.export(tmp_path / "m.onnx")
    X = RNG.normal(size=(9, 4)).astype(dtype) * 3
    tolerance = {"float32": 1e-5, "float64": 1e-12}[dtype]
    if name == "gelu" and dtype == "float64":
        tolerance = 1e-6  # onnxruntime has erf in float32 only
    np.testing.assert_allclose(_run(tmp_path / "m.onnx", {"input": X}),
                               model.predict(X, verbose=0), rtol=tolerance, atol=tolerance)


def test_functional_merges_and_float64(tmp_path):
    gn.backend.set_floatx("float64")
    a, b = gn.Input(shape=(4,), name="a"), gn.Input(shape=(2,), name="b")
    h, k = L.Dense(4, activation="elu")(a), L.Dense(4)(b)
    merged = [merge()([h, k]) for merge in MERGES.values()]
    out = L.Dense(2, activation="softmax")(L.Concatenate()(merged))
    model = gn.Model(inputs=[a, b], outputs=out)
    model.export(tmp_path / "f.onnx", format="onnx")
    Xa, Xb = RNG.normal(size=(6, 4)), RNG.normal(size=(6, 2))
    # float64 end to end: the same arithmetic, rounding apart
    np.testing.assert_allclose(_run(tmp_path / "f.onnx", {"a": Xa, "b": Xb}),
                               model.predict([Xa, Xb], verbose=0), rtol=1e-12)


def test_inverted_normalization_and_batchnorm_without_scale(tmp_path):
    model = gn.Sequential([gn.Input(shape=(4,)), L.BatchNormalization(center=False, scale=False),
                           L.Normalization(mean=[1.0, 2.0, 3.0, 4.0], variance=[1.0, 4.0, 9.0, 0.0],
                                           invert=True),
                           L.Normalization(axis=None, mean=0.5, variance=2.0)])
    model.export(tmp_path / "m.onnx")
    X = RNG.normal(size=(5, 4)).astype("float32")
    np.testing.assert_allclose(_run(tmp_path / "m.onnx", {"input": X}),
                               model.predict(X, verbose=0), rtol=1e-5, atol=1e-6)


def test_what_does_not_export_is_a_clear_error(tmp_path):
    class Twice(gn.layers.Layer):
        def call(self, A_prev, training=False):
            return 2 * A_prev

    model = gn.Sequential([gn.Input(shape=(2,)), Twice(name="twice")])
    with pytest.raises(ValueError, match=r"Layer 'twice' \(Twice\) has no ONNX form"):
        model.export(tmp_path / "m.onnx")
    assert not (tmp_path / "m.onnx").exists()
    with pytest.raises(ValueError, match="format='onnx' only"):
        model.export(tmp_path / "m", format="tf_saved_model")


def test_a_whole_scikit_learn_pipeline_converts(tmp_path):
    from skl2onnx import to_onnx
    from sklearn.datasets import load_diabetes, load_iris
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    import glassnet.interchange.skl2onnx_converters  # noqa: F401  (registers)
    from glassnet.sklearn import GlassnetClassifier, GlassnetRegressor

    X, y = load_iris(return_X_y=True)
    labels = np.array(["setosa", "versicolor", "virginica"])[y]
    for target in (y, labels, (y == 1).astype(int)):  # integers, strings, two classes
        clf = GlassnetClassifier((6,), epochs=20, random_state=0)
        pipe = make_pipeline(StandardScaler(), clf).fit(X, target)
        onx = to_onnx(pipe, X[:1].astype(np.float32), options={id(clf): {"zipmap": False}})
        session = ort.InferenceSession(onx.SerializeToString())
        label, proba = session.run(None, {session.get_inputs()[0].name: X.astype(np.float32)})
        np.testing.assert_allclose(proba, pipe.predict_proba(X), rtol=1e-4, atol=1e-6)
        close = np.sort(pipe.predict_proba(X), axis=1)
        clear = close[:, -1] - close[:, -2] > 1e-4  # float32 may flip a near tie
        np.testing.assert_array_equal(label[clear], pipe.predict(X)[clear])

    X, y = load_diabetes(return_X_y=True)
    pipe = make_pipeline(StandardScaler(), GlassnetRegressor((8,), epochs=20,
                                                             random_state=0)).fit(X, y)
    onx = to_onnx(pipe, X[:1].astype(np.float32))
    session = ort.InferenceSession(onx.SerializeToString())
    out = session.run(None, {session.get_inputs()[0].name: X.astype(np.float32)})[0]
    np.testing.assert_allclose(out.ravel(), pipe.predict(X), rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("kwargs", [
    {"max_value": 6.0},
    {"negative_slope": 0.2},
    {"threshold": 0.5},
    {"max_value": 1.5, "negative_slope": 0.2, "threshold": 0.5},
    {"max_value": 2.0, "threshold": 1.0},  # z = 1.0 exactly: Keras gives 0 there
])
def test_relu_arguments_export_as_keras_defines_them(kwargs, tmp_path):
    gn.backend.set_floatx("float64")
    model = gn.Sequential([gn.Input(shape=(5,)), L.ReLU(**kwargs)])
    layer_path, act_path = tmp_path / "layer.onnx", tmp_path / "activation.onnx"
    model.export(layer_path)
    dense = L.Dense(5, activation=gn.activations.ReLU(**kwargs), use_bias=False)
    as_activation = gn.Sequential([gn.Input(shape=(5,)), dense])
    dense.set_weights([np.eye(5)])
    as_activation.export(act_path)
    Z = np.array([[-3.0, -0.25, 0.0, 0.5, 10.0], [-0.5, 0.25, 1.0, 1.75, 3.0]])
    # keras.activations.relu: min(z if z > t else 0, max_value) - slope * max(t - z, 0),
    # the first term clipped below at 0 when max_value is set
    t, slope, cap = kwargs.get("threshold", 0.0), kwargs.get("negative_slope", 0.0), \
        kwargs.get("max_value")
    first = np.where(Z > t, Z, 0.0)
    if cap is not None:
        first = np.clip(first, 0.0, cap)
    expected = first - slope * np.maximum(t - Z, 0.0)
    np.testing.assert_allclose(model.predict(Z, verbose=0), expected, atol=1e-15)
    for path in (layer_path, act_path):
        np.testing.assert_allclose(_run(path, {"input": Z}), expected, atol=1e-12)
