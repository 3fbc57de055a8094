"""One table-driven float64 gradient check over every layer, activation, loss and
regularizer, and over mixed networks (``gn.utils.check_gradients``).

Each case builds a small model, compiles it with a loss, and compares the engine's
backpropagated gradients with central differences
``(L(w + eps) - L(w - eps)) / (2 eps)``. A correct backward pass gives relative errors
around 1e-9 in float64; the bar is 1e-6. No case is ever skipped.

Inputs are chosen so that no ReLU / LeakyReLU / ELU input, no mean-absolute-error
residual and no L1-penalised weight sits within 1e-4 of its kink at 0: each case
checks that itself, so a kink can never be mistaken for a wrong gradient.
"""

import numpy as np
import pytest

import glassnet as gn
from glassnet import activations, losses, regularizers
from glassnet.initializers import RandomUniform
from glassnet.layers import (
    ELU,
    Activation,
    Add,
    Average,
    BatchNormalization,
    Concatenate,
    Dense,
    Dropout,
    Flatten,
    GaussianDropout,
    GaussianNoise,
    LayerNormalization,
    LeakyReLU,
    Maximum,
    Minimum,
    Multiply,
    Normalization,
    PReLU,
    ReLU,
    Rescaling,
    Reshape,
    Softmax,
    Subtract,
)

TOLERANCE = 1e-6
KINK_MARGIN = 1e-4
ACTIVATION_NAMES = sorted(activations.ACTIVATIONS)  # each registered one: the registry


def random_bias():
    """Non-zero biases, so bias penalties (L1) and bias gradients are exercised."""
    return RandomUniform(-0.5, 0.5, seed=7)


# --- model builders ---------------------------------------------------------------
def dense_pair(activation, use_bias):
    bias = RandomUniform(0.1, 0.5, seed=7)  # keeps ReLU rows from going all-dead
    return gn.Sequential([
        Dense(6, activation=activation, use_bias=use_bias, input_shape=(3,),
              bias_initializer=bias),
        Dense(2, activation=activation, use_bias=use_bias, bias_initializer=bias),
    ])


def between(layer, n_in=3, n_out=2):
    """Dense -> ``layer`` -> Dense, so the layer's backward feeds a gradient below."""
    return gn.Sequential([Dense(4, input_shape=(n_in,), bias_initializer=random_bias()),
                          layer, Dense(n_out)])


def head(units, activation=None, n_in=3):
    """A tanh hidden layer and an output layer: the loss cases."""
    return gn.Sequential([Dense(4, activation="tanh", input_shape=(n_in,)),
                          Dense(units, activation=activation)])


def batchnorm(**kwargs):
    # No bias before BatchNormalization: the mean subtraction makes its gradient 0.
    return gn.Sequential([
        Dense(4, use_bias=False, input_shape=(3,)),
        BatchNormalization(gamma_initializer=RandomUniform(0.5, 1.5, seed=1),
                           beta_initializer=RandomUniform(-0.5, 0.5, seed=2), **kwargs),
        Dense(2, activation="tanh"),
    ])


def flatten_model():
    return gn.Sequential([Flatten(input_shape=(2, 3)), Dense(3, activation="tanh"),
                          Dense(2)])


def concat_model():
    x = gn.Input(shape=(3,))
    a = Dense(3, activation="relu", bias_initializer=random_bias())(x)
    b = Dense(2, activation="tanh")(x)
    return gn.Model(x, Dense(2)(Concatenate()([a, b])))


def fan_out_add_model():
    # h feeds two layers: dL/dh is the sum of both paths' gradients.
    x = gn.Input(shape=(3,))
    h = Dense(4, activation="tanh")(x)
    a = Dense(3)(h)
    b = Dense(3, activation="sigmoid")(h)
    return gn.Model(x, Dense(1)(Add()([a, b])))


def skip_connection_model():
    # h feeds both a Dense and the Add directly (a residual connection).
    x = gn.Input(shape=(3,))
    h = Dense(3, activation="elu", bias_initializer=random_bias())(x)
    r = Dense(3, activation="tanh")(h)
    return gn.Model(x, Dense(2)(Add()([h, r])))


def three_way_concat_model():
    # h is used three times: by two Dense layers and by the Concatenate itself.
    x = gn.Input(shape=(3,))
    h = Dense(3, activation="tanh")(x)
    merged = Concatenate()([Dense(2, activation="relu", bias_initializer=random_bias())(h),
                            Dense(2)(h), h])
    return gn.Model(x, Dense(1, activation="sigmoid")(merged))


def two_input_model():
    x1, x2 = gn.Input(shape=(3,)), gn.Input(shape=(2,))
    a = Dense(3, activation="tanh")(x1)
    b = Dense(2, activation="leaky_relu", bias_initializer=random_bias())(x2)
    return gn.Model([x1, x2], Dense(2)(Concatenate()([a, b])))


def merge_model(merge, n_inputs=2):
    # n_inputs Dense branches of one shape merged element by element
    x = gn.Input(shape=(3,))
    branches = [Dense(3, activation="tanh", bias_initializer=RandomUniform(-1, 1, seed=k))(x)
                for k in range(n_inputs)]
    return gn.Model(x, Dense(2)(merge(branches)))


def shared_layer_model():
    # one Dense (with a penalty) called on two inputs: its dW is the sum over both calls
    a, b = gn.Input(shape=(3,)), gn.Input(shape=(3,))
    shared = Dense(4, activation="tanh", kernel_regularizer=regularizers.l2(0.05),
                   bias_initializer=random_bias())
    return gn.Model([a, b], Dense(2)(Concatenate()([shared(a), shared(b)])))


def shared_chain_model():
    # the same layer twice in a row, h2 = g(g(x) W + b) W + b, with BatchNormalization
    # and Dropout calls in between: each call's own cache feeds its own backward
    x = gn.Input(shape=(3,))
    shared = Dense(3, activation="elu", bias_initializer=random_bias())
    drop = Dropout(0.3, seed=2)
    h = drop(shared(x))
    return gn.Model(x, Dense(1)(drop(shared(BatchNormalization()(h)))))


def reshape_model():
    # (m, 6) -> (m, 2, 3) -> LayerNormalization over the 3 features -> (m, 6)
    return gn.Sequential([Dense(6, input_shape=(3,), bias_initializer=random_bias()),
                          Reshape((2, 3)), LayerNormalization(), Flatten(), Dense(2)])


def regularized_model():
    return gn.Sequential([
        Dense(4, activation="tanh", input_shape=(3,), kernel_regularizer=regularizers.l1(0.01),
              bias_regularizer=regularizers.l2(0.02), bias_initializer=random_bias()),
        Dense(2, kernel_regularizer=regularizers.l1_l2(l1=0.01, l2=0.02),
              bias_regularizer=regularizers.L1(0.03), bias_initializer=random_bias()),
    ])


def regularized_by_name_model():
    return gn.Sequential([
        Dense(4, activation="sigmoid", input_shape=(3,), kernel_regularizer="l2",
              bias_regularizer="l1_l2", bias_initializer=random_bias()),
        Dense(1, kernel_regularizer="l1"),
    ])


def regularized_batchnorm_model():
    return gn.Sequential([
        Dense(4, use_bias=False, input_shape=(3,)),
        BatchNormalization(gamma_regularizer=regularizers.l2(0.05),
                           beta_regularizer=regularizers.l1(0.05),
                           beta_initializer=RandomUniform(0.1, 0.5, seed=3)),
        Dense(2),
    ])


def deep_sequential():
    return gn.Sequential([
        Dense(8, activation="relu", input_shape=(4,), kernel_regularizer=regularizers.l2(1e-3),
              bias_initializer=random_bias()),
        Dense(6, use_bias=False),
        BatchNormalization(beta_initializer=RandomUniform(-0.2, 0.2, seed=4)),
        Dropout(0.25),
        Dense(6, activation="elu", bias_initializer=random_bias()),
        LeakyReLU(negative_slope=0.2),
        Dense(5, activation="tanh", bias_regularizer=regularizers.l1(1e-3),
              bias_initializer=random_bias()),
        Activation("sigmoid"),
        Dense(3, activation="softmax"),
    ])


def deep_functional():
    x = gn.Input(shape=(4,))
    h = Dense(6, activation="relu", bias_initializer=random_bias())(x)
    n = BatchNormalization()(Dense(5, use_bias=False)(h))
    d = Dropout(0.3, seed=5)(ELU(alpha=0.5)(n))
    a = Dense(4, activation="tanh")(h)
    b = Dense(4, activation="sigmoid", kernel_regularizer="l2")(d)
    s = Add()([a, b, Dense(4)(x)])
    c = Concatenate()([s, d, h])
    return gn.Model(x, Dense(3)(ReLU()(Dense(5, bias_initializer=random_bias())(c))))


# --- the table ---------------------------------------------------------------------
# (id, model builder, loss, kind of target, sample weights?)
CASES = [
    *[(f"dense-{act}-{'bias' if bias else 'nobias'}", lambda a=act, b=bias: dense_pair(a, b),
       "half_squared_error", "real", False)
      for act in ACTIVATION_NAMES for bias in (True, False)],
    ("dense-leaky_relu-alpha", lambda: between(Dense(3, activation=activations.LeakyReLU(0.05),
                                                     bias_initializer=random_bias())),
     "mse", "real", False),
    ("dense-elu-alpha", lambda: between(Dense(3, activation=activations.ELU(2.0),
                                              bias_initializer=random_bias())),
     "mse", "real", False),
    ("dense-relu-slope-cap-threshold",
     lambda: between(Dense(3, activation=activations.ReLU(0.1, max_value=0.8, threshold=0.2),
                           bias_initializer=random_bias())), "mse", "real", False),
    ("dense-relu-cap", lambda: between(Dense(3, activation=activations.ReLU(max_value=0.5),
                                             bias_initializer=random_bias())),
     "mse", "real", False),
    ("dense-gelu-approximate", lambda: between(Dense(3, activation=activations.GELU(True))),
     "mse", "real", False),
    ("layer-activation-tanh", lambda: between(Activation("tanh")), "mse", "real", False),
    ("layer-relu", lambda: between(ReLU()), "mse", "real", False),
    ("layer-leaky_relu", lambda: between(LeakyReLU(negative_slope=0.1)), "mse", "real", False),
    ("layer-elu", lambda: between(ELU(alpha=0.7)), "mse", "real", False),
    ("layer-softmax", lambda: between(Softmax()), "mse", "real", False),
    ("layer-softmax-output-cce", lambda: gn.Sequential([Dense(3, input_shape=(3,)), Softmax()]),
     "categorical_crossentropy", "onehot", False),
    ("layer-sigmoid-output-bce",
     lambda: gn.Sequential([Dense(1, input_shape=(3,)), Activation("sigmoid")]),
     "binary_crossentropy", "binary", False),
    ("layer-relu-cap-slope-threshold",
     lambda: between(ReLU(max_value=0.9, negative_slope=0.2, threshold=0.1)), "mse", "real",
     False),
    ("layer-prelu", lambda: between(PReLU(alpha_initializer=RandomUniform(0.1, 0.4, seed=2))),
     "mse", "real", False),
    ("layer-prelu-regularized", lambda: between(PReLU(alpha_initializer="ones",
                                                      alpha_regularizer="l2")),
     "mse", "real", False),
    ("layer-normalization", lambda: between(LayerNormalization(
        gamma_initializer=RandomUniform(0.5, 1.5, seed=1),
        beta_initializer=RandomUniform(-0.5, 0.5, seed=2), gamma_regularizer="l2")),
     "mse", "real", False),
    ("layer-normalization-no-center-no-scale",
     lambda: between(LayerNormalization(center=False, scale=False)), "mse", "real", False),
    ("layer-normalization-3d-reshape", reshape_model, "mse", "real", False),
    ("gaussian-noise", lambda: between(GaussianNoise(0.3)), "mse", "real", False),
    ("gaussian-dropout-seeded", lambda: between(GaussianDropout(0.3, seed=4)), "mse", "real",
     False),
    ("rescaling", lambda: between(Rescaling(0.5, offset=1.0)), "mse", "real", False),
    ("rescaling-per-feature", lambda: between(Rescaling([1.0, -2.0, 0.5, 3.0])), "mse",
     "real", False),
    ("merge-subtract", lambda: merge_model(Subtract()), "mse", "real", False),
    ("merge-multiply-three", lambda: merge_model(Multiply(), 3), "mse", "real", False),
    ("merge-average", lambda: merge_model(Average(), 3), "mse", "real", False),
    ("merge-maximum", lambda: merge_model(Maximum(), 3), "mse", "real", False),
    ("merge-minimum", lambda: merge_model(Minimum()), "mse", "real", False),
    ("dropout", lambda: between(Dropout(0.4)), "mse", "real", False),
    ("dropout-seeded", lambda: between(Dropout(0.5, seed=3)), "mse", "real", False),
    ("batchnorm", batchnorm, "mse", "real", False),
    ("batchnorm-after-biased-dense",  # that bias's true gradient is 0: checked absolutely
     lambda: gn.Sequential([Dense(4, input_shape=(3,), bias_initializer=random_bias()),
                            BatchNormalization(), Dense(2)]), "mse", "real", False),
    ("batchnorm-no-center-no-scale", lambda: batchnorm(center=False, scale=False),
     "mse", "real", False),
    ("normalization", lambda: between(Normalization(mean=[0.5, -1.0, 2.0, 0.0],
                                                    variance=[4.0, 0.25, 9.0, 1.0])),
     "mse", "real", False),
    ("normalization-inverted", lambda: between(Normalization(mean=1.0, variance=2.0,
                                                             invert=True)),
     "mse", "real", False),
    ("flatten-3d", flatten_model, "mse", "real", False),
    ("functional-concatenate", concat_model, "mse", "real", False),
    ("functional-fan-out-add", fan_out_add_model, "mse", "real", False),
    ("functional-skip-connection", skip_connection_model, "mse", "real", False),
    ("functional-three-way-fan-out", three_way_concat_model, "binary_crossentropy", "binary",
     False),
    ("functional-two-inputs", two_input_model, "mse", "real", False),
    ("functional-shared-layer", shared_layer_model, "mse", "real", True),
    ("functional-shared-layer-chain", shared_chain_model, "mse", "real", False),
    # losses, with the default reduction
    ("loss-mse", lambda: head(2), "mse", "real", False),
    ("loss-mae", lambda: head(2), "mae", "real", False),
    ("loss-half_squared_error", lambda: head(2), "half_squared_error", "real", False),
    ("loss-bce-sigmoid-fused", lambda: head(1, "sigmoid"), "binary_crossentropy", "binary",
     False),
    ("loss-bce-sigmoid-fused-multi", lambda: head(3, "sigmoid"), "binary_crossentropy",
     "soft", False),
    ("loss-bce-probabilities-not-sigmoid", lambda: head(2, "softmax"), "binary_crossentropy",
     "binary", False),
    ("loss-bce-from_logits", lambda: head(2), losses.BinaryCrossentropy(from_logits=True),
     "soft", False),
    ("loss-cce-softmax-fused", lambda: head(3, "softmax"), "categorical_crossentropy",
     "onehot", False),
    ("loss-cce-softmax-fused-smoothed", lambda: head(3, "softmax"), "categorical_crossentropy",
     "smoothed", False),
    ("loss-cce-softmax-fused-soft", lambda: head(3, "softmax"), "categorical_crossentropy",
     "soft", False),
    ("loss-cce-probabilities-not-softmax", lambda: head(3, "sigmoid"),
     "categorical_crossentropy", "onehot", False),
    ("loss-cce-probabilities-soft", lambda: head(3, "sigmoid"), "categorical_crossentropy",
     "soft", False),
    ("loss-cce-from_logits", lambda: head(3), losses.CategoricalCrossentropy(from_logits=True),
     "onehot", False),
    ("loss-cce-from_logits-soft", lambda: head(3),
     losses.CategoricalCrossentropy(from_logits=True), "soft", False),
    ("loss-sparse", lambda: head(3, "softmax"), "sparse_categorical_crossentropy", "labels",
     False),
    ("loss-sparse-from_logits", lambda: head(3),
     losses.SparseCategoricalCrossentropy(from_logits=True), "labels", False),
    # reduction="sum"
    ("sum-mse", lambda: head(2), losses.MeanSquaredError(reduction="sum"), "real", False),
    ("sum-mae", lambda: head(2), losses.MeanAbsoluteError(reduction="sum"), "real", False),
    ("sum-half_squared_error", lambda: head(2), losses.HalfSquaredError(reduction="sum"),
     "real", False),
    ("sum-bce-fused", lambda: head(1, "sigmoid"), losses.BinaryCrossentropy(reduction="sum"),
     "binary", False),
    ("sum-bce-from_logits", lambda: head(2),
     losses.BinaryCrossentropy(from_logits=True, reduction="sum"), "binary", False),
    ("sum-cce-fused", lambda: head(3, "softmax"),
     losses.CategoricalCrossentropy(reduction="sum"), "onehot", False),
    ("sum-cce-probabilities", lambda: head(3, "sigmoid"),
     losses.CategoricalCrossentropy(reduction="sum"), "onehot", False),
    ("sum-sparse-from_logits", lambda: head(3),
     losses.SparseCategoricalCrossentropy(from_logits=True, reduction="sum"), "labels", False),
    # the losses Keras 3 has beyond those
    ("loss-huber", lambda: head(2), "huber", "real", False),
    ("loss-huber-delta", lambda: head(2), losses.Huber(delta=0.3), "real", True),
    ("loss-log_cosh", lambda: head(2), "log_cosh", "real", False),
    ("loss-mape", lambda: head(2), "mape", "real", False),
    ("loss-msle", lambda: head(2, "softplus"), "msle", "soft", False),
    ("loss-hinge-binary", lambda: head(2), "hinge", "binary", False),
    ("loss-hinge-signed", lambda: head(2), "hinge", "signed", True),
    ("loss-kld", lambda: head(3, "softmax"), "kld", "soft", False),
    ("loss-poisson", lambda: head(2, "exponential"), "poisson", "soft", False),
    ("loss-focal", lambda: head(1, "sigmoid"), "binary_focal_crossentropy", "binary", False),
    ("loss-focal-balanced-smoothed", lambda: head(2, "sigmoid"),
     losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha=0.3, gamma=1.5,
                                    label_smoothing=0.1), "binary", True),
    ("loss-focal-from_logits", lambda: head(2),
     losses.BinaryFocalCrossentropy(from_logits=True, gamma=3.0), "binary", False),
    ("loss-bce-label-smoothing-fused", lambda: head(1, "sigmoid"),
     losses.BinaryCrossentropy(label_smoothing=0.2), "binary", True),
    ("loss-bce-label-smoothing-from_logits", lambda: head(2),
     losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1), "binary", False),
    ("loss-cce-label-smoothing-fused", lambda: head(3, "softmax"),
     losses.CategoricalCrossentropy(label_smoothing=0.2), "onehot", False),
    ("loss-cce-label-smoothing-from_logits", lambda: head(3),
     losses.CategoricalCrossentropy(from_logits=True, label_smoothing=0.3), "onehot", True),
    # reductions "mean" (= sum_over_batch_size) and "mean_with_sample_weight"
    ("mean-mse", lambda: head(2), losses.MeanSquaredError(reduction="mean"), "real", True),
    ("mean_with_sample_weight-mse", lambda: head(2),
     losses.MeanSquaredError(reduction="mean_with_sample_weight"), "real", True),
    ("mean_with_sample_weight-cce-fused", lambda: head(3, "softmax"),
     losses.CategoricalCrossentropy(reduction="mean_with_sample_weight"), "onehot", True),
    # sample weights, both reductions
    ("weights-mse", lambda: head(2), "mse", "real", True),
    ("weights-mae-sum", lambda: head(2), losses.MeanAbsoluteError(reduction="sum"), "real",
     True),
    ("weights-bce-fused", lambda: head(1, "sigmoid"), "binary_crossentropy", "binary", True),
    ("weights-bce-probabilities-sum", lambda: head(2, "softmax"),
     losses.BinaryCrossentropy(reduction="sum"), "binary", True),
    ("weights-cce-fused-sum", lambda: head(3, "softmax"),
     losses.CategoricalCrossentropy(reduction="sum"), "onehot", True),
    ("weights-cce-fused-soft", lambda: head(3, "softmax"), "categorical_crossentropy",
     "soft", True),
    ("weights-cce-probabilities", lambda: head(3, "sigmoid"), "categorical_crossentropy",
     "onehot", True),
    ("weights-sparse", lambda: head(3, "softmax"), "sparse_categorical_crossentropy",
     "labels", True),
    ("weights-half_squared_error-sum", lambda: head(2),
     losses.HalfSquaredError(reduction="sum"), "real", True),
    # regularizers on kernels and biases
    ("regularizers-l1-l2-l1_l2", regularized_model, "mse", "real", False),
    ("regularizers-by-name", regularized_by_name_model, "binary_crossentropy", "binary",
     True),
    ("regularizers-batchnorm", regularized_batchnorm_model, "mse", "real", False),
    # deep mixed networks
    ("deep-sequential", deep_sequential, "categorical_crossentropy", "onehot", True),
    ("deep-functional", deep_functional, losses.SparseCategoricalCrossentropy(from_logits=True),
     "labels", False),
]


def make_inputs(model, m, rng):
    shapes = [t.shape[1:] for t in model.inputs]
    xs = [rng.normal(size=(m, *shape)) for shape in shapes]
    return xs if len(xs) > 1 else xs[0]


def make_targets(kind, m, n_out, rng):
    if kind == "real":
        return rng.normal(size=(m, n_out))
    if kind == "binary":
        return rng.integers(0, 2, size=(m, n_out)).astype(float)
    if kind == "soft":  # rows need not sum to 1
        return rng.uniform(0.05, 0.95, size=(m, n_out))
    if kind == "onehot":
        return np.eye(n_out)[rng.integers(0, n_out, size=m)]
    if kind == "signed":  # hinge targets -1 / 1
        return rng.choice([-1.0, 1.0], size=(m, n_out))
    if kind == "smoothed":  # label smoothing 0.1: rows still sum to 1
        return np.eye(n_out)[rng.integers(0, n_out, size=m)] * 0.9 + 0.1 / n_out
    assert kind == "labels"
    return rng.integers(0, n_out, size=m)


def kinks(activation):
    """Where ``activation``'s derivative jumps (its formula is not differentiable)."""
    if isinstance(activation, activations.ReLU):
        return [0.0, activation.threshold] + (
            [] if activation.max_value is None else [activation.max_value])
    if isinstance(activation, (activations.LeakyReLU, activations.ELU)):  # ELU: SELU too
        return [0.0]
    if isinstance(activation, activations.HardSigmoid):
        return [-3.0, 3.0]
    return []


def assert_away_from_kinks(model, loss, x, y):
    """Fail loudly if an input sits on a kink instead of reporting a 'wrong' gradient."""
    model.forward(x, training=True)  # only a training pass keeps Z
    for layer in model.layers:
        for kink in kinks(getattr(layer, "activation", None)):
            assert np.abs(layer.Z - kink).min() > KINK_MARGIN, f"{layer.name} near {kink}"
        if isinstance(layer, PReLU):
            assert np.abs(layer.A_prev).min() > KINK_MARGIN, f"{layer.name} input near 0"
        if isinstance(layer, Maximum):  # the two largest (smallest) inputs must differ
            stacked = np.sort(np.stack(layer.A_prev), axis=0)
            gap = stacked[-1] - stacked[-2] if not isinstance(layer, Minimum) else \
                stacked[1] - stacked[0]
            assert gap.min() > KINK_MARGIN, f"{layer.name}: inputs tie"
        for name, reg in layer.regularizers.items():
            if getattr(reg, "l1", 0):
                assert np.abs(layer.params[name]).min() > KINK_MARGIN, f"{layer.name}/{name}"
    A = model.forward(x, training=False)
    Y = y.reshape(A.shape) if np.size(y) == A.size else y
    if isinstance(loss, (losses.MeanAbsoluteError, losses.MeanAbsolutePercentageError)):
        assert np.abs(A - Y).min() > KINK_MARGIN, "absolute-error residual near 0"
    if isinstance(loss, losses.Huber):  # the switch from squared to linear
        assert np.abs(np.abs(A - Y) - loss.delta).min() > KINK_MARGIN, "Huber near delta"
    if isinstance(loss, losses.Hinge):
        signed = 2 * Y - 1 if np.all((Y == 0) | (Y == 1)) else Y
        assert np.abs(1 - signed * A).min() > KINK_MARGIN, "hinge margin near 1"


def build_case(make_model, loss, kind, weighted, seed=0):
    gn.backend.set_floatx("float64")
    gn.utils.set_random_seed(seed)
    model = make_model()
    model.compile(optimizer="sgd", loss=loss)
    rng = np.random.default_rng(seed + 100)
    m = 6
    x = make_inputs(model, m, rng)
    y = make_targets(kind, m, model.output_layer.output_shape[-1], rng)
    sample_weight = rng.uniform(0.2, 2.0, size=m) if weighted else None
    return model, x, y, sample_weight


@pytest.mark.parametrize(
    "make_model, loss, kind, weighted",
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_backprop_matches_central_differences(make_model, loss, kind, weighted):
    model, x, y, sample_weight = build_case(make_model, loss, kind, weighted)
    assert_away_from_kinks(model, model.loss, x, y)

    result = gn.utils.check_gradients(model, x, y, sample_weight=sample_weight)

    expected_keys = {f"{layer.name}/{name}" for layer in model.trainable_layers
                     for name in layer.params}
    assert set(result.errors) == expected_keys  # every parameter was checked
    assert any(np.abs(g).max() > 1e-3 for g in result.analytic.values())  # not vacuous
    assert result.max_error < TOLERANCE, result
    for W in (w for layer in model.layers for w in layer.weights):
        assert W.dtype == np.float64


def test_table_covers_every_layer_activation_loss_and_regularizer():
    """A new layer, activation, loss or regularizer must be added to the table above."""
    seen = {"layers": set(), "activations": set(), "losses": set(), "regularizers": set()}
    for _, make_model, loss, kind, weighted in CASES:
        model, *_ = build_case(make_model, loss, kind, weighted)
        seen["losses"].add(type(model.loss).name)
        for layer in model.layers:
            seen["layers"].add(type(layer).__name__)
            if hasattr(layer, "activation"):
                seen["activations"].add(layer.activation.name)
            seen["regularizers"].update(reg.name for reg in layer.regularizers.values())
        gn.utils.clear_session()
    assert seen["layers"] >= set(gn.layers.LAYERS) - {"InputLayer"}
    assert seen["activations"] >= set(activations.ACTIVATIONS)
    assert seen["losses"] >= set(losses.LOSSES)
    assert seen["regularizers"] >= set(regularizers.REGULARIZERS)


def test_checker_catches_a_wrong_gradient():
    """Negative control: a backward pass off by 1% fails the same check."""
    model, x, y, _ = build_case(lambda: head(2), "mse", "real", False)
    layer = model.layers[-1]
    correct = layer.call_backward_from_dZ

    def one_percent_off(dZ):
        dA_prev = correct(dZ)
        layer.grads["kernel"] *= 1.01
        return dA_prev

    layer.call_backward_from_dZ = one_percent_off
    result = gn.utils.check_gradients(model, x, y)
    assert result.errors[f"{layer.name}/kernel"] > 1e-3
    assert not result.passed()


def two_output_model():
    x = gn.Input(shape=(3,))
    h = Dense(4, activation="tanh", bias_initializer=random_bias())(x)
    price = Dense(2, name="price")(h)
    buy = Dense(1, activation="sigmoid", name="buy")(h)
    kind = Dense(3, activation="softmax", name="kind")(Dense(3, activation="relu",
                                                            bias_initializer=random_bias())(h))
    return gn.Model(x, [price, buy, kind])


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("loss, loss_weights, fused", [
    (["mse", "binary_crossentropy", "categorical_crossentropy"], None, [False, True, True]),
    ({"buy": "binary_crossentropy", "price": "huber", "kind": "sparse_categorical_crossentropy"},
     {"price": 2.0, "buy": 0.5, "kind": 0.25}, [False, True, True]),
    (["mae", losses.BinaryCrossentropy(from_logits=True), "kld"], [1.0, 3.0, 0.5],
     [False, False, False]),
])
def test_several_outputs_backpropagate_the_weighted_sum_of_their_losses(loss, loss_weights,
                                                                       fused, weighted):
    gn.backend.set_floatx("float64")
    gn.utils.set_random_seed(0)
    model = two_output_model()
    model.compile(optimizer="sgd", loss=loss, loss_weights=loss_weights)
    rng = np.random.default_rng(1)
    m = 6
    x = rng.normal(size=(m, 3))
    sparse = isinstance(loss, dict)
    y = {"price": rng.normal(size=(m, 2)) + 2.0,
         "buy": rng.integers(0, 2, size=(m, 1)).astype(float),
         "kind": rng.integers(0, 3, size=m) if sparse else rng.dirichlet(np.ones(3), m)}
    sw = rng.uniform(0.2, 2.0, size=m) if weighted else None
    assert [head.fused for head in model._heads] == fused  # dZ = A - Y where it applies
    result = gn.utils.check_gradients(model, x, y if sparse else list(y.values()),
                                      sample_weight=sw)
    assert result.max_error < TOLERANCE, result
    # and the loss is sum_k w_k L_k of the losses computed one by one
    A = model.predict(x, verbose=0)
    weights = [1.0, 1.0, 1.0] if loss_weights is None else (
        [loss_weights[k] for k in ("price", "buy", "kind")] if sparse else loss_weights)
    names = ["price", "buy", "kind"]
    each = [gn.losses.get(loss[k] if sparse else loss[i])(y[k], A[i], sample_weight=sw)
            for i, k in enumerate(names)]
    total = model.evaluate(x, y, verbose=0, sample_weight=sw, return_dict=True)
    assert total["loss"] == pytest.approx(sum(w * v for w, v in zip(weights, each)), rel=1e-12)
    for k, v in zip(names, each):
        assert total[f"{k}_loss"] == pytest.approx(v, rel=1e-12)
