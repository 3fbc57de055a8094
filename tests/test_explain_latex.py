"""Every LaTeX report compiles: a sweep over what the engine supports.

A report's LaTeX is its sections one after another: the forward and backward blocks
of a layer depend on the layer's activation, the notation and (at the output) the
loss; the loss block on the loss and notation; the update block on the optimizer
and the notation only. So the sweep compiles

- every activation × every loss × every notation (each activation in both layers, so
  the fused sigmoid/softmax + cross-entropy cases are in it), with SGD; and
- every optimizer (plain, momentum, Nesterov, AMSGrad...) × every notation, with a
  batch of m = 3 examples (the lab's notation too: each neuron a vector over them),

with the verdicts table of a checked answer sheet in each, many reports per
document, one pdflatex call per document (a handful in all). Without pdflatex the
same documents are still checked for balanced environments and ASCII.
"""

import copy
import re
import shutil
import subprocess

import numpy as np
import pytest

import glassnet as gn
from glassnet import activations, losses
from glassnet.explanation.render_latex import PREAMBLE

NOTATIONS = ("keras", "slides", "lab")
OPTIMIZERS = {
    "sgd": lambda: gn.optimizers.SGD(0.5),
    "momentum": lambda: gn.optimizers.SGD(0.1, momentum=0.9),
    "nesterov": lambda: gn.optimizers.SGD(0.1, momentum=0.9, nesterov=True),
    "rmsprop": lambda: gn.optimizers.RMSprop(0.01),
    "rmsprop_momentum": lambda: gn.optimizers.RMSprop(0.01, momentum=0.5),
    "adam": lambda: gn.optimizers.Adam(0.01),
    "amsgrad": lambda: gn.optimizers.Adam(0.01, amsgrad=True),
    "adamw": lambda: gn.optimizers.AdamW(0.01),
    "adagrad": lambda: gn.optimizers.Adagrad(0.1),
    **{name: (lambda cls=cls: cls(learning_rate=0.01))
       for name, cls in gn.optimizers.OPTIMIZERS.items()
       if name not in ("sgd", "rmsprop", "adam", "adamw", "adagrad")},
}


def model(activation, loss, optimizer):
    # Poisson's log(A) needs positive predictions (in Keras too): a softplus output
    output = "softplus" if loss == "poisson" else activation
    m = gn.Sequential([
        gn.layers.Dense(2, activation=activation, input_shape=(2,), dtype="float64"),
        gn.layers.Dense(2, activation=output, dtype="float64"),
    ])
    m.layers[0].set_weights([np.array([[0.2, -0.3], [0.4, 0.1]]), np.array([0.1, -0.2])])
    m.layers[1].set_weights([np.array([[0.5, -0.6], [0.3, 0.8]]), np.array([0.0, 0.1])])
    m.compile(optimizer=optimizer, loss=loss)
    return m


def targets(loss, m=1):
    return np.zeros(m) if loss == "sparse_categorical_crossentropy" else np.tile([1.0, 0.0],
                                                                               (m, 1))


def body(report):
    """The report and the verdicts table of a checked answer sheet, as a LaTeX body."""
    answers = {"loss": 0.1, "y3" if report.notation == "lab" else "Z1": 0.0, "y9": 1}
    result = report.check(answers)
    return (report.to_latex(standalone=False) + result.to_latex(standalone=False)
            + "\n\\clearpage\n")


def activation_documents():
    """One document per notation: every activation × every loss."""
    for notation in NOTATIONS:
        parts = []
        for a in sorted(activations.ACTIVATIONS):
            for loss in sorted(losses.LOSSES):
                report = gn.explain(model(a, loss, gn.optimizers.SGD(0.5)), [[0.35, 0.7]],
                                    targets(loss), notation=notation)
                parts.append(body(report))
        yield f"activations-{notation}", PREAMBLE + "".join(parts) + "\\end{document}\n"


def optimizer_documents():
    """One document: every optimizer × notation, with a batch where the notation has one."""
    parts = []
    for _name, make in sorted(OPTIMIZERS.items()):
        for notation in NOTATIONS:
            x = np.array([[0.35, 0.7], [-1.0, 0.5], [2.0, 0.1]])  # m = 3, every notation
            report = gn.explain(model("tanh", "mse", make()), x, targets("mse", 3),
                                notation=notation)
            parts.append(body(report))
    yield "optimizers", PREAMBLE + "".join(parts) + "\\end{document}\n"


L = gn.layers


def layer_models():
    """Every kind of layer explain writes out, with every penalty, as ``(name, model,
    loss, notations)``: the lab's notation takes separate activations and penalties."""
    reg = gn.regularizers
    cases = {
        "activation": ([L.Dense(2, input_shape=(2,)), L.Activation("tanh"), L.Dense(2),
                        L.Softmax()], "categorical_crossentropy", NOTATIONS),
        "dropout_l2": ([L.Dense(3, activation="relu", input_shape=(2,),
                                kernel_regularizer=reg.L2(0.01)), L.Dropout(0.5, seed=3),
                        L.Dense(2)], "mse", NOTATIONS),
        "bn_before_g_l1": ([L.Dense(3, input_shape=(2,), kernel_regularizer=reg.L1(0.01),
                                    bias_regularizer=reg.L2(0.1)),
                            L.BatchNormalization(gamma_regularizer=reg.L1L2(0.01, 0.02)),
                            L.Activation("sigmoid"), L.Dense(2, activation="sigmoid")],
                           "binary_crossentropy", ("keras", "slides")),
        "bn_after_g_dropout": ([L.Dense(3, activation="tanh", input_shape=(2,)),
                                L.BatchNormalization(), L.Dropout(0.25, seed=4),
                                L.Dense(2, activation="softmax")],
                               "categorical_crossentropy", ("keras", "slides")),
        "bn_softmax_fused": ([L.Dense(3, input_shape=(2,)), L.Dense(2),
                              L.BatchNormalization(), L.Softmax()],
                             "categorical_crossentropy", ("keras", "slides")),
        "penalties_lab": ([L.Dense(2, activation="sigmoid", input_shape=(2,),
                                   kernel_regularizer=reg.L1L2(0.01, 0.01)),
                           L.Dense(2, activation="sigmoid", bias_regularizer=reg.L2(0.1))],
                          "mse", NOTATIONS),
    }
    for name, (layers, loss, notations) in cases.items():
        yield name, layers, loss, notations


def layer_documents():
    """One document: every layer case × its notations × m = 1 and m = 4, SGD and Adam."""
    parts = []
    x = np.array([[0.35, 0.7], [-1.0, 0.5], [2.0, 0.1], [0.3, -0.8]])
    for _name, layers, loss, notations in layer_models():
        for optimizer in (gn.optimizers.SGD(0.5), gn.optimizers.Adam(0.01)):
            net = gn.Sequential(copy.deepcopy(layers))
            net.compile(optimizer=copy.deepcopy(optimizer), loss=loss)
            for notation in notations:
                for m in (1, 4):
                    if m == 1 and any(isinstance(k, L.BatchNormalization) for k in layers):
                        continue  # one example: its batch variance is 0
                    report = gn.explain(net, x[:m], targets(loss, m), notation=notation)
                    parts.append(body(report))
    yield "layers", PREAMBLE + "".join(parts) + "\\end{document}\n"


DOCUMENTS = None


def documents():
    global DOCUMENTS
    if DOCUMENTS is None:
        DOCUMENTS = dict(list(activation_documents()) + list(optimizer_documents())
                         + list(layer_documents()))
    return DOCUMENTS


def test_the_sweep_covers_every_registered_activation_loss_and_optimizer():
    docs = documents()
    assert len(docs) == 5
    for piece in (r"{y_{3}}_{\mathrm{drop}}", r"\tilde{Z}", r"\hat{A}", r"_{\mathrm{drop}}",
                  r"\mathrm{sign}", "M_{1}",
                  r"\gamma", r"\sigma"):
        assert piece in docs["layers"], piece
    for name in activations.ACTIVATIONS:
        assert any(name.replace("_", r"\_") in d for d in docs.values()), name
    assert set(gn.optimizers.OPTIMIZERS) <= set(OPTIMIZERS)


def test_latex_structure_everywhere():
    """Balanced environments and braces, ASCII only: checked on every machine."""
    for name, latex in documents().items():
        for env in ("align*", "bmatrix", "tabular", "cases"):
            assert latex.count(rf"\begin{{{env}}}") == latex.count(rf"\end{{{env}}}"), name
        assert not re.search(r"^&=[^\n]*[^\\]\n&=", latex, re.M), name
        stripped = re.sub(r"\\[{}]", "", latex)
        assert stripped.count("{") == stripped.count("}"), name
        assert not re.search(r"[^\x00-\x7f]", latex), name
        assert "^{[1]}^" not in latex and "}^{2}^" not in latex  # no double superscripts


@pytest.mark.skipif(shutil.which("pdflatex") is None,
                    reason="pdflatex is not installed (apt-get install texlive-latex-base); "
                           "test_latex_structure_everywhere still checks the documents")
def test_every_document_compiles_with_pdflatex(tmp_path):
    for name, latex in documents().items():
        (tmp_path / f"{name}.tex").write_text(latex)
        result = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
            cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, (name, result.stdout[-3000:])
        assert (tmp_path / f"{name}.pdf").exists()
