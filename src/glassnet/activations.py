"""Activation functions, each with its derivative right beside it.

An activation maps the weighted sum ``Z`` to the output ``A = g(Z)`` element by
element (softmax: row by row). Backpropagation needs ``dZ = dA * g'(Z)``; each class
gives ``derivative(Z, A)`` (the element-wise ``g'(Z)``, written with whichever of
``Z`` or ``A`` makes it cheapest) and ``backward(Z, A, dA)`` (``dZ``).

Shapes: ``Z``, ``A``, ``dA`` and ``dZ`` are all ``(m, n)``, one row per example.

Use by name (``get("relu")``), as classes (``ReLU()``), or as plain functions on
arrays (``relu(x)``), as in ``keras.activations``.
"""

import numpy as np

from . import backend
from ._registry import lookup


class Activation:
    r"""Base class: ``forward`` computes ``A = g(Z)``, ``derivative`` gives ``g'(Z)``.

    Every activation also carries its written form, which ``gn.explain``, the plots
    and the command line read (nothing else keeps a table of formulas). Each formula
    is a pair ``(text, latex)``: Unicode text for the terminal, Markdown and HTML, and
    LaTeX math. ``$Z`` and ``$A`` stand for the weighted sum and the activation's
    output, and are replaced by the notation's symbols (``z[1]``, ``y3``...) or by
    numbers:

    - ``symbol``: how ``g`` is written in ``g(Z)``, e.g. ``("σ", r"\sigma")``.
    - ``formula``: ``g`` in terms of ``$Z``, e.g. ``("1 / (1 + e^(−$Z))",
      r"\frac{1}{1 + e^{-$Z}}")``.
    - ``derivative_formula``: ``g'`` in terms of ``$Z`` and/or ``$A``, written as
      ``derivative`` computes it, e.g. ``("$A ⊙ (1 − $A)", r"$A \odot (1 - $A)")``.
    - ``derivative_reads``: which cached arrays ``derivative(Z, A)`` reads, a tuple of
      ``"Z"`` and/or ``"A"`` (an answer checker follows these dependencies).
    - ``elementwise``: ``True`` when ``dZ = dA ⊙ g'(Z)`` (every activation but
      softmax, whose ``backward`` uses the whole Jacobian).
    - ``max_slope``: the largest value of ``g'`` (for saturation statistics).

    ``formula`` and ``derivative_formula`` are ``None`` on an activation explain
    cannot write out yet; explain then says so instead of guessing. A new activation
    sets all of them (``tests/test_activations.py`` checks that every registered one
    does, and that its ``derivative_reads`` is what ``derivative`` really reads).
    A lower-case ``$name`` is a hyperparameter from ``get_config()`` (``$alpha``),
    shown with its value.
    """

    name = "activation"
    symbol = None  # (text, latex); None: the name, as \mathrm{name}
    formula = None
    derivative_formula = None
    derivative_reads = ("Z", "A")
    elementwise = True
    max_slope = 1.0

    def forward(self, Z):
        raise NotImplementedError

    def derivative(self, Z, A):
        """Element-wise ``g'(Z)``, shape ``(m, n)``; ``A = g(Z)`` is passed too."""
        raise NotImplementedError

    def backward(self, Z, A, dA):
        """Return ``dZ = dA * g'(Z)`` (chain rule through the activation)."""
        return dA * self.derivative(Z, A)

    def get_config(self):
        return {}

    def __call__(self, x):
        Z = np.asarray(x)
        if Z.dtype.kind != "f":  # integers or bools, e.g. relu([-1, 2]): use floatx
            Z = Z.astype(backend.floatx())
        return self.forward(Z)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other):
        return type(self) is type(other) and self.get_config() == other.get_config()

    __hash__ = object.__hash__


class Linear(Activation):
    """``g(z) = z``, ``g'(z) = 1``: the pass-through of a regression unit."""

    name = "linear"
    formula = ("$Z", "$Z")
    derivative_formula = ("1", "1")
    derivative_reads = ()

    def forward(self, Z):
        return Z

    def derivative(self, Z, A):
        return np.ones_like(Z)

    def backward(self, Z, A, dA):
        return dA


class Sigmoid(Activation):
    """``g(z) = 1 / (1 + e^{-z})``, ``g'(z) = g(z)(1 - g(z))``.

    Computed as written, ``1 / (1 + e^{-z})`` (the seeds' formula, in four
    operations). For very negative ``z`` (below about -709 in float64, -88 in
    float32) ``e^{-z}`` overflows to inf and the result is exactly 0, the right
    limit, so that overflow is not an error; for very positive ``z`` it is 1.
    """

    name = "sigmoid"
    symbol = ("σ", r"\sigma")
    formula = ("1 / (1 + e^(−$Z))", r"\frac{1}{1 + e^{-$Z}}")
    derivative_formula = ("$A ⊙ (1 − $A)", r"$A \odot (1 - $A)")
    derivative_reads = ("A",)
    max_slope = 0.25

    def forward(self, Z):
        with np.errstate(over="ignore", under="ignore"):  # e^{-z} -> inf gives 1/inf = 0
            return 1.0 / (1.0 + np.exp(-Z))

    def derivative(self, Z, A):
        return A * (1.0 - A)


class Tanh(Activation):
    """``g(z) = tanh z``, ``g'(z) = 1 - tanh^2 z``."""

    name = "tanh"
    symbol = ("tanh", r"\tanh")
    formula = ("tanh($Z)", r"\tanh($Z)")
    derivative_formula = ("1 − $A²", r"1 - $A^{2}")
    derivative_reads = ("A",)

    def forward(self, Z):
        return np.tanh(Z)

    def derivative(self, Z, A):
        return 1.0 - A * A


class ReLU(Activation):
    """``g(z) = max(0, z)``, ``g'(z) = 1 if z > 0 else 0``."""

    name = "relu"
    formula = ("max(0, $Z)", r"\max(0, $Z)")
    derivative_formula = ("1[$Z > 0]", r"\mathbb{1}[$Z > 0]")
    derivative_reads = ("Z",)

    def forward(self, Z):
        return np.maximum(Z, 0)

    def derivative(self, Z, A):
        return (Z > 0).astype(Z.dtype)

    def backward(self, Z, A, dA):
        return dA * (Z > 0)  # the mask is g'(Z); one multiply is cheaper than np.where


class LeakyReLU(Activation):
    """``g(z) = z if z > 0 else alpha * z``, ``g'(z) = 1 if z > 0 else alpha``.

    ``alpha`` defaults to 0.2, as ``keras.activations.leaky_relu``.
    """

    name = "leaky_relu"
    formula = ("$Z if $Z > 0 else $alpha $Z", r"\begin{cases} $Z & $Z > 0 \\ $alpha $Z & "
               r"\text{otherwise} \end{cases}")
    derivative_formula = ("1 if $Z > 0 else $alpha", r"\begin{cases} 1 & $Z > 0 \\ $alpha & "
                          r"\text{otherwise} \end{cases}")
    derivative_reads = ("Z",)

    def __init__(self, alpha=0.2):
        self.alpha = float(alpha)

    def forward(self, Z):
        return np.where(Z > 0, Z, self.alpha * Z)

    def derivative(self, Z, A):
        return np.where(Z > 0, 1.0, self.alpha).astype(Z.dtype)

    def get_config(self):
        return {"alpha": self.alpha}


class ELU(Activation):
    """``g(z) = z if z > 0 else alpha (e^z - 1)``, ``g'(z) = 1 if z > 0 else g(z) + alpha``."""

    name = "elu"
    formula = ("$Z if $Z > 0 else $alpha (e^$Z − 1)", r"\begin{cases} $Z & $Z > 0 \\ "
               r"$alpha (e^{$Z} - 1) & \text{otherwise} \end{cases}")
    # g'(z) = alpha e^z = g(z) + alpha for z <= 0: derivative reads Z (the branch) and A
    derivative_formula = ("1 if $Z > 0 else $A + $alpha", r"\begin{cases} 1 & $Z > 0 \\ "
                          r"$A + $alpha & \text{otherwise} \end{cases}")
    derivative_reads = ("Z", "A")

    def __init__(self, alpha=1.0):
        self.alpha = float(alpha)

    def forward(self, Z):
        return np.where(Z > 0, Z, self.alpha * np.expm1(np.minimum(Z, 0)))

    def derivative(self, Z, A):
        return np.where(Z > 0, 1.0, A + self.alpha).astype(Z.dtype)

    def get_config(self):
        return {"alpha": self.alpha}


class Softmax(Activation):
    """``g(z)_k = e^{z_k} / sum_j e^{z_j}`` over each row.

    The Jacobian is ``dA_k/dZ_j = A_k (1[k=j] - A_j)``, so
    ``dZ = A * (dA - sum_k dA_k A_k)``. ``derivative`` returns its diagonal
    ``A (1 - A)``, which is all that a single-output view can show.
    """

    name = "softmax"
    formula = ("e^$Z / Σₖ e^$Zₖ", r"\frac{e^{$Z}}{\sum_k e^{$Z_k}}")
    # dZ = A ⊙ (dA − Σ_k dA_k A_k): the whole Jacobian, not dA ⊙ g'(Z)
    derivative_formula = ("$A ⊙ (1 − $A)", r"$A \odot (1 - $A)")
    derivative_reads = ("A",)
    elementwise = False
    max_slope = 0.25

    def forward(self, Z):
        # Z - max(Z) <= 0, so e^{...} never overflows. Far below the maximum it may
        # round to -inf (float overflow) and e^{...} to 0: both the right answer.
        with np.errstate(over="ignore", under="ignore"):
            E = np.exp(Z - Z.max(axis=-1, keepdims=True))
            return E / E.sum(axis=-1, keepdims=True)

    def derivative(self, Z, A):
        return A * (1.0 - A)

    def backward(self, Z, A, dA):
        return A * (dA - (dA * A).sum(axis=-1, keepdims=True))


ACTIVATIONS = {
    cls.name: cls for cls in (Linear, Sigmoid, Tanh, ReLU, LeakyReLU, ELU, Softmax)
}


def get(identifier):
    """Return an ``Activation`` for a name, an instance, a config dict or ``None``.

    ``None`` means linear, as in Keras; the plain functions below work too.
    """
    if identifier is None:
        return Linear()
    for cls in ACTIVATIONS.values():  # the plain functions below
        if identifier is globals().get(cls.name):
            return cls()
    return lookup(identifier, ACTIVATIONS, Activation, "activation", "glassnet.activations")


def serialize(activation):
    """Return the JSON-ready config of an activation."""
    return {"name": activation.name, "config": activation.get_config()}


def linear(x):
    """Return ``x`` unchanged."""
    return Linear()(x)


def sigmoid(x):
    """Return ``1 / (1 + exp(-x))``, stable for any finite ``x``."""
    return Sigmoid()(x)


def tanh(x):
    """Return ``tanh(x)``."""
    return Tanh()(x)


def relu(x):
    """Return ``max(0, x)``."""
    return ReLU()(x)


def leaky_relu(x, alpha=0.2):
    """Return ``x`` where ``x > 0``, else ``alpha * x``."""
    return LeakyReLU(alpha)(x)


def elu(x, alpha=1.0):
    """Return ``x`` where ``x > 0``, else ``alpha * (exp(x) - 1)``."""
    return ELU(alpha)(x)


def softmax(x):
    """Return the row-wise softmax of ``x``, stable for any finite ``x``."""
    return Softmax()(x)
