"""Rectifiers: ReLU (with Keras's slope, cap and threshold), Leaky ReLU, ELU, SELU."""

import numpy as np

from .base import Activation


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


class LeakyReLU(Activation):
    """``g(z) = z if z > 0 else negative_slope * z``, ``g'(z) = 1 if z > 0 else negative_slope``.

    ``negative_slope`` defaults to 0.2, as ``keras.activations.leaky_relu``;
    ``alpha`` is accepted as its older name.

    Parameters
    ----------
    negative_slope : float, default 0.2
        Slope for ``z <= 0``.
    alpha : float, optional
        The older name of ``negative_slope``; wins when given.

    Examples
    --------
    >>> from glassnet.activations import leaky_relu
    >>> leaky_relu([-2.0, 3.0], negative_slope=0.1)
    array([-0.2,  3. ])
    """

    name = "leaky_relu"
    formula = ("$Z if $Z > 0 else $negative_slope $Z", r"\begin{cases} $Z & $Z > 0 \\ "
               r"$negative_slope $Z & \text{otherwise} \end{cases}")
    derivative_formula = ("1 if $Z > 0 else $negative_slope", r"\begin{cases} 1 & $Z > 0 "
                          r"\\ $negative_slope & \text{otherwise} \end{cases}")
    derivative_reads = ("Z",)

    def __init__(self, negative_slope=0.2, alpha=None):
        self.negative_slope = float(negative_slope if alpha is None else alpha)

    @property
    def alpha(self):
        """The older name of ``negative_slope``."""
        return self.negative_slope

    def forward(self, Z):
        return np.where(Z > 0, Z, self.negative_slope * Z)

    def derivative(self, Z, A):
        return np.where(Z > 0, 1.0, self.negative_slope).astype(Z.dtype)

    def get_config(self):
        return {"negative_slope": self.negative_slope}


class ELU(Activation):
    """``g(z) = z if z > 0 else alpha (e^z - 1)``, ``g'(z) = 1 if z > 0 else g(z) + alpha``.

    Parameters
    ----------
    alpha : float, default 1.0
        The value ``g`` tends to for very negative ``z`` is ``-alpha``.

    Examples
    --------
    >>> gn.activations.ELU()([-1.0, 2.0])  # e^-1 - 1 = -0.632
    array([-0.63212056,  2.        ])
    """

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


class SELU(ELU):
    """Scaled ELU (Klambauer et al., 2017), as ``keras.activations.selu``.

    ``g(z) = scale * (z if z > 0 else alpha (e^z - 1))`` with ``alpha = 1.6732632423543772``
    and ``scale = 1.0507009873554805``; ``g'(z) = scale if z > 0 else g(z) + scale * alpha``.
    Use it with ``kernel_initializer="lecun_normal"``.

    Examples
    --------
    >>> from glassnet.activations import selu
    >>> selu([1.0])
    array([1.05070099])
    """

    name = "selu"
    # the exact constants (Klambauer et al.), as torch and JAX use them under Keras 3
    ALPHA, SCALE = 1.6732632423543772, 1.0507009873554805
    # Keras's selu takes no arguments, so the constants are written out
    formula = ("1.0507 ($Z if $Z > 0 else 1.6733 (e^$Z − 1))", r"1.0507 \begin{cases} $Z & "
               r"$Z > 0 \\ 1.6733 (e^{$Z} - 1) & \text{otherwise} \end{cases}")
    derivative_formula = ("1.0507 if $Z > 0 else $A + 1.7581", r"\begin{cases} 1.0507 & "
                          r"$Z > 0 \\ $A + 1.7581 & \text{otherwise} \end{cases}")
    max_slope = SCALE * ALPHA

    def __init__(self):
        super().__init__(self.ALPHA)
        self.scale = self.SCALE

    def forward(self, Z):
        return self.scale * super().forward(Z)

    def derivative(self, Z, A):
        return np.where(Z > 0, self.scale, A + self.scale * self.alpha).astype(Z.dtype)

    def get_config(self):
        return {}
