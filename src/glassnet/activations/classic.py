"""The classic activations: linear, sigmoid, tanh and softmax."""

import numpy as np

from .base import Activation


class Linear(Activation):
    """``g(z) = z``, ``g'(z) = 1``: the pass-through of a regression unit.

    Examples
    --------
    >>> gn.activations.Linear()([-1.0, 2.0])
    array([-1.,  2.])
    """

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

    Examples
    --------
    >>> import numpy as np
    >>> sigmoid = gn.activations.Sigmoid()
    >>> A = sigmoid(np.array([[0.0, 2.0]]))  # 1 / (1 + e^-2) = 0.8808
    >>> A
    array([[0.5       , 0.88079708]])
    >>> sigmoid.derivative(None, A)  # A (1 - A)
    array([[0.25      , 0.10499359]])
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
    """``g(z) = tanh z``, ``g'(z) = 1 - tanh^2 z``.

    Examples
    --------
    >>> gn.activations.Tanh()([0.0, 1.0])
    array([0.        , 0.76159416])
    """

    name = "tanh"
    symbol = ("tanh", r"\tanh")
    formula = ("tanh($Z)", r"\tanh($Z)")
    derivative_formula = ("1 − $A²", r"1 - $A^{2}")
    derivative_reads = ("A",)

    def forward(self, Z):
        return np.tanh(Z)

    def derivative(self, Z, A):
        return 1.0 - A * A


class Softmax(Activation):
    """``g(z)_k = e^{z_k} / sum_j e^{z_j}`` over each row.

    The Jacobian is ``dA_k/dZ_j = A_k (1[k=j] - A_j)``, so
    ``dZ = A * (dA - sum_k dA_k A_k)``. ``derivative`` returns its diagonal
    ``A (1 - A)``, which is all that a single-output view can show.

    Examples
    --------
    Each row sums to 1 (shape ``(m, n)`` in and out):

    >>> gn.activations.Softmax()([[1.0, 2.0], [0.0, 0.0]])
    array([[0.26894142, 0.73105858],
           [0.5       , 0.5       ]])
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
