"""Formulas live on the classes: every activation and loss carries its written form,
and explain, the plots and the command line read it from there.

A new activation or loss fails here until it has its formulas; one that has none is
refused by explain with a clear "not supported by explain yet", never shown with
another class's formula.
"""

import re

import numpy as np
import pytest

import glassnet as gn
from glassnet import activations, losses
from glassnet.explanation.formulas import NotSupportedError

PLACEHOLDER = re.compile(r"\$([A-Za-z_][A-Za-z_0-9]*)")
ACTIVATION_CLASSES = sorted(activations.ACTIVATIONS.values(), key=lambda c: c.name)
LOSS_CLASSES = sorted(losses.LOSSES.values(), key=lambda c: c.name)


def placeholders(template):
    """``$Z``, ``$A``, ``$Y`` (single capitals) and lower-case hyperparameter names."""
    return {m if m[0].islower() else m[0] for m in PLACEHOLDER.findall(template)}


@pytest.mark.parametrize("cls", ACTIVATION_CLASSES, ids=lambda c: c.name)
def test_every_activation_writes_its_formula_and_derivative(cls):
    g = cls()
    config = set(g.get_config())
    for which in ("formula", "derivative_formula"):
        pair = getattr(g, which)
        assert isinstance(pair, tuple) and len(pair) == 2, f"{cls.__name__}.{which}"
        text, latex = pair
        assert placeholders(text) <= {"Z", "A"} | config, (which, text)
        assert placeholders(text) == placeholders(latex), (which, text, latex)
        assert not re.search(r"[^\x00-\x7f]", latex), f"{which} LaTeX must be ASCII"
    assert set(g.derivative_reads) <= {"Z", "A"}
    assert isinstance(g.elementwise, bool) and g.max_slope > 0


@pytest.mark.parametrize("cls", ACTIVATION_CLASSES, ids=lambda c: c.name)
def test_derivative_reads_names_exactly_the_arrays_derivative_reads(cls):
    """An array not in ``derivative_reads`` may be garbage; one in it must matter."""
    g = cls()
    Z = np.array([[-1.5, -0.2, 0.4, 2.0], [0.7, -3.0, 1.1, -0.05]])
    A = g.forward(Z)
    true = g.derivative(Z, A)
    garbage = np.full_like(Z, 7.25)
    for name in ("Z", "A"):
        args = {"Z": Z, "A": A, name: garbage}
        changed = not np.allclose(g.derivative(args["Z"], args["A"]), true)
        assert changed == (name in g.derivative_reads), (cls.__name__, name)


def test_elu_derivative_reads_both_z_and_a():
    # g'(z) = 1 for z > 0 (the branch reads Z), alpha e^z = g(z) + alpha else (reads A)
    assert activations.ELU.derivative_reads == ("Z", "A")
    assert activations.Sigmoid.derivative_reads == ("A",)
    assert activations.ReLU.derivative_reads == ("Z",)


@pytest.mark.parametrize("cls", LOSS_CLASSES, ids=lambda c: c.name)
def test_every_loss_writes_its_formula_and_gradient(cls):
    loss = cls()
    for which in ("formula", "gradient_formula", "fused_gradient_formula"):
        text, latex = getattr(loss, which)
        assert placeholders(text) <= {"A", "Y"}, (which, text)
        assert placeholders(text) == placeholders(latex), (which, text, latex)
        assert not re.search(r"[^\x00-\x7f]", latex)


@pytest.mark.parametrize("cls", [c for c in LOSS_CLASSES  # sparse: targets are indices
                                 if c is not losses.SparseCategoricalCrossentropy],
                         ids=lambda c: c.name)
def test_averages_outputs_says_whether_l_i_is_a_mean_or_a_sum(cls):
    """Two identical output columns: a mean over outputs keeps l_i, a sum doubles it."""
    loss = cls()
    one_Y, one_A = np.array([[1.0], [0.0]]), np.array([[0.7], [0.2]])
    two = loss.per_example(np.hstack([one_Y, one_Y]), np.hstack([one_A, one_A]))
    one = loss.per_example(one_Y, one_A)
    if isinstance(loss, losses.CategoricalCrossentropy):  # rows renormalised: p = a / S
        one = loss.per_example(np.array([[1.0, 0.0]]), np.array([[0.5, 0.5]]))
        two = loss.per_example(np.array([[1.0, 0.0, 1.0, 0.0]]),
                               np.array([[0.25, 0.25, 0.25, 0.25]]))
        # sum over outputs: -log(0.5) twice... of the renormalised 0.25 each: 2 log 4
        np.testing.assert_allclose(two, 2 * np.log(4.0))
        assert not loss.averages_outputs
        return
    np.testing.assert_allclose(two, one if loss.averages_outputs else 2 * one)


def test_from_logits_losses_write_the_logit_form():
    assert "log(1 + e^(−|$A|))" in losses.BinaryCrossentropy(from_logits=True).formula[0]
    assert losses.BinaryCrossentropy().formula[0].startswith("−[$Y log $A")


class Swish(activations.Activation):
    name = "swish_test"

    def forward(self, Z):
        return Z / (1 + np.exp(-Z))

    def derivative(self, Z, A):
        s = 1 / (1 + np.exp(-Z))
        return s + Z * s * (1 - s)


class Hinge(losses.Loss):
    name = "hinge_test"

    def per_example(self, Y, A):
        return np.maximum(0, 1 - Y * A).mean(axis=-1)

    def element_gradient(self, Y, A):
        return np.where(1 - Y * A > 0, -Y, 0.0) / A.shape[-1]


def _model(activation, loss):
    model = gn.Sequential([gn.layers.Dense(1, activation=activation, input_shape=(2,),
                                           dtype="float64")])
    model.compile(optimizer=gn.optimizers.SGD(0.1), loss=loss)
    return model


def test_an_activation_without_formulas_is_not_supported_by_explain_yet():
    with pytest.raises(NotSupportedError, match="activation 'swish_test'.*not supported by "
                       "explain yet.*formula or derivative_formula"):
        gn.explain(_model(Swish(), "mse"), [[1.0, 2.0]], [[1.0]])


def test_a_loss_without_formulas_is_never_shown_as_another_loss():
    with pytest.raises(NotSupportedError, match="loss 'hinge_test'.*not supported by "
                       "explain yet") as error:
        gn.explain(_model("linear", Hinge()), [[1.0, 2.0]], [[1.0]])
    assert "crossentropy" not in str(error.value).lower()
    assert isinstance(error.value, TypeError)


def test_plot_legends_read_the_classes_formulas():
    pytest.importorskip("matplotlib")
    from glassnet.plot.activation_curves import _legend

    assert _legend(activations.Sigmoid(), "formula") == "g(z) = 1 / (1 + e^(−z))"
    assert _legend(activations.Sigmoid(), "derivative_formula") == "g′(z) = g(z)(1 − g(z))"
    assert _legend(activations.LeakyReLU(0.05), "derivative_formula") == (
        "g′(z) = 1 if z > 0 else 0.05")
    assert _legend(Swish(), "formula") == "g(z)"


def test_latex_never_doubles_a_superscript():
    # tanh in the slides' notation: g'(z[1]) = 1 - (a^{[1]})^2, braced
    model = gn.Sequential([gn.layers.Dense(2, activation="tanh", input_shape=(2,),
                                           dtype="float64"),
                           gn.layers.Dense(1, dtype="float64")])
    model.compile(optimizer=gn.optimizers.SGD(0.1), loss="mse")
    latex = gn.explain(model, [[1.0, 2.0]], [[1.0]], notation="slides").to_latex()
    assert "^{[1]}^{2}" not in latex and "{a^{[1]}}^{2}" in latex
