"""The classic activations of the course: linear, sigmoid, tanh, ReLU and softmax.

ReLU (with Keras's slope, cap and threshold) is here beside sigmoid: the two
activations of the course's first networks read in one file."""

import numpy as np

from .base import Activation, errors_ignored


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
        # e^{-z} -> inf gives 1/inf = 0: no warning (and no guard to enter inside fit)
        with errors_ignored.get() or np.errstate(over="ignore", under="ignore"):
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


class ReLU(Activation):
    """``g(z) = max(0, z)``, with Keras's ``negative_slope``, ``max_value``, ``threshold``.

    As ``keras.activations.relu(x, negative_slope=0, max_value=None, threshold=0)``::

        g(z) = min(z if z > threshold else 0, max_value) - negative_slope max(threshold - z, 0)

    (the first term is also clipped below at 0 when ``max_value`` is set). So
    ``g'(z) = 1`` where the first term passes ``z`` through, plus ``negative_slope``
    where ``z < threshold``; 0 elsewhere. With the defaults: ``g'(z) = 1[z > 0]``.

    Parameters
    ----------
    negative_slope : float, default 0.0
        Slope below ``threshold``.
    max_value : float, optional
        Cap of the output (``None``: no cap).
    threshold : float, default 0.0
        Below it the unit is off.

    Examples
    --------
    >>> from glassnet.activations import relu
    >>> relu([-10.0, -5.0, 0.0, 5.0, 10.0], max_value=5.0)
    array([0., 0., 0., 5., 5.])
    """

    name = "relu"
    derivative_reads = ("Z",)

    def __init__(self, negative_slope=0.0, max_value=None, threshold=0.0):
        self.negative_slope = float(negative_slope)
        self.max_value = None if max_value is None else float(max_value)
        self.threshold = float(threshold)
        # the plain max(0, z): the common case, computed the short way
        self._plain = self.negative_slope == 0 and self.max_value is None and self.threshold == 0

    @property
    def formula(self):
        if self._plain:
            return ("max(0, $Z)", r"\max(0, $Z)")
        t = "$threshold" if self.threshold else "0"
        text, latex = f"($Z if $Z > {t} else 0)", rf"\mathbb{{1}}[$Z > {t}] \, $Z"
        if self.max_value is not None:
            text = f"clip({text}, 0, $max_value)"
            latex = rf"\mathrm{{clip}}({latex}, 0, $max_value)"
        if self.negative_slope:
            text += f" − $negative_slope max({t} − $Z, 0)"
            latex += rf" - $negative_slope \max({t} - $Z, 0)"
        return (text, latex)

    @property
    def derivative_formula(self):
        if self._plain:
            return ("1[$Z > 0]", r"\mathbb{1}[$Z > 0]")
        t = "$threshold" if self.threshold else "0"
        text, latex = f"1[$Z > {t}]", rf"\mathbb{{1}}[$Z > {t}]"
        if self.max_value is not None:
            text += " 1[0 < $Z < $max_value]"
            latex += r" \, \mathbb{1}[0 < $Z < $max_value]"
        if self.negative_slope:
            text += f" + $negative_slope 1[$Z < {t}]"
            latex += rf" + $negative_slope \, \mathbb{{1}}[$Z < {t}]"
        return (text, latex)

    def forward(self, Z):
        if self._plain:
            return np.maximum(Z, 0)
        A = np.where(Z > self.threshold, Z, 0).astype(Z.dtype)
        if self.max_value is not None:
            np.clip(A, 0, self.max_value, out=A)
        if self.negative_slope:
            A -= self.negative_slope * np.maximum(self.threshold - Z, 0)
        return A

    def derivative(self, Z, A):
        if self._plain:
            return (Z > 0).astype(Z.dtype)
        passed = Z > self.threshold
        if self.max_value is not None:
            passed &= (Z > 0) & (Z < self.max_value)
        return (passed + self.negative_slope * (Z < self.threshold)).astype(Z.dtype)

    def backward(self, Z, A, dA):
        if self._plain:
            return dA * (Z > 0)  # the mask is g'(Z); one multiply is cheaper than np.where
        return dA * self.derivative(Z, A)

    def get_config(self):
        if self._plain:
            return {}
        return {"negative_slope": self.negative_slope, "max_value": self.max_value,
                "threshold": self.threshold}


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

    # Z - max(Z) <= 0, so e^{...} never overflows. Far below the maximum it may
    # round to -inf (float overflow) and e^{...} to 0: both the right answer.
    def forward(self, Z):
        with errors_ignored.get() or np.errstate(over="ignore", under="ignore"):
            E = np.exp(Z - Z.max(axis=-1, keepdims=True))
            return E / E.sum(axis=-1, keepdims=True)

    def derivative(self, Z, A):
        return A * (1.0 - A)

    def backward(self, Z, A, dA):
        return A * (dA - (dA * A).sum(axis=-1, keepdims=True))
