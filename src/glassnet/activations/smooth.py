"""Smooth activations of Keras 3: GELU, SiLU (swish), softplus, softsign, hard sigmoid,
exponential. Each with its derivative, as ``keras.activations`` computes them."""

import math

import numpy as np

from .base import Activation, errors_ignored
from .classic import Sigmoid

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


class GELU(Activation):
    """Gaussian error linear unit, as ``keras.activations.gelu(x, approximate=False)``.

    Exact (the default): ``g(z) = z Φ(z)``, ``Φ(z) = (1 + erf(z / √2)) / 2`` the normal
    CDF, so ``g'(z) = Φ(z) + z φ(z)`` with ``φ(z) = e^{-z²/2} / √(2π)``.

    ``approximate=True``: ``g(z) = z (1 + tanh u) / 2`` with
    ``u = √(2/π) (z + 0.044715 z³)``, and
    ``g'(z) = (1 + tanh u) / 2 + z (1 - tanh² u) √(2/π) (1 + 3 · 0.044715 z²) / 2``.

    Parameters
    ----------
    approximate : bool, default False
        Use the tanh approximation instead of ``erf``.

    Examples
    --------
    >>> from glassnet.activations import gelu
    >>> gelu([0.0, 1.0])
    array([0.        , 0.84134475])
    """

    name = "gelu"
    derivative_reads = ("Z",)
    max_slope = 1.129  # g' peaks at z ≈ 1.41

    def __init__(self, approximate=False):
        self.approximate = bool(approximate)

    @property
    def formula(self):
        if self.approximate:
            return ("½ $Z (1 + tanh(√(2/π) ($Z + 0.044715 $Z³)))",
                    r"\tfrac{1}{2} $Z (1 + \tanh(\sqrt{2/\pi} ($Z + 0.044715 $Z^{3})))")
        return ("$Z Φ($Z)", r"$Z \, \Phi($Z)")

    @property
    def derivative_formula(self):
        if self.approximate:
            return ("½ (1 + tanh u) + ½ $Z (1 − tanh² u) √(2/π) (1 + 0.134145 $Z²)",
                    r"\tfrac{1}{2} (1 + \tanh u) + \tfrac{1}{2} $Z (1 - \tanh^{2} u) "
                    r"\sqrt{2/\pi} (1 + 0.134145 $Z^{2})")
        return ("Φ($Z) + $Z φ($Z)", r"\Phi($Z) + $Z \, \phi($Z)")

    # For huge |z|, z³ and z² overflow to inf; tanh(±inf) = ±1 and e^{-inf} = 0 are then
    # the right limits, so those overflows are not errors.
    def forward(self, Z):
        if self.approximate:
            with np.errstate(over="ignore"):
                return 0.5 * Z * (1.0 + np.tanh(_SQRT_2_OVER_PI * (Z + 0.044715 * Z**3)))
        from scipy.special import erf  # scipy comes with scikit-learn; loaded on first use

        return 0.5 * Z * (1.0 + erf(Z / math.sqrt(2.0)))

    @np.errstate(over="ignore", under="ignore", invalid="ignore")
    def derivative(self, Z, A):
        if self.approximate:
            T = np.tanh(_SQRT_2_OVER_PI * (Z + 0.044715 * Z**3))
            slope = (1.0 - T * T) * _SQRT_2_OVER_PI * (1.0 + 3 * 0.044715 * Z * Z)
            slope[T * T == 1.0] = 0.0  # saturated: 0 * inf would be nan
            return 0.5 * (1.0 + T) + 0.5 * Z * slope
        from scipy.special import erf

        pdf = np.exp(-0.5 * Z * Z) / math.sqrt(2.0 * math.pi)
        return 0.5 * (1.0 + erf(Z / math.sqrt(2.0))) + Z * pdf

    def get_config(self):
        return {"approximate": self.approximate}


class SiLU(Activation):
    """``g(z) = z σ(z)`` (also called swish), ``g'(z) = σ(z) (1 + z (1 - σ(z)))``.

    Examples
    --------
    >>> from glassnet.activations import silu
    >>> silu([0.0, 2.0])
    array([0.        , 1.76159416])
    """

    name = "silu"
    formula = ("$Z σ($Z)", r"$Z \, \sigma($Z)")
    derivative_formula = ("σ($Z) (1 + $Z (1 − σ($Z)))", r"\sigma($Z) (1 + $Z (1 - \sigma($Z)))")
    derivative_reads = ("Z",)
    max_slope = 1.0998  # at z ≈ 2.40

    def forward(self, Z):
        return Z * Sigmoid().forward(Z)

    def derivative(self, Z, A):
        S = Sigmoid().forward(Z)
        return S * (1.0 + Z * (1.0 - S))


class Softplus(Activation):
    """``g(z) = log(1 + e^z)``, computed stably; ``g'(z) = σ(z)``.

    Examples
    --------
    >>> from glassnet.activations import softplus
    >>> softplus([0.0])
    array([0.69314718])
    """

    name = "softplus"
    formula = ("log(1 + e^$Z)", r"\log(1 + e^{$Z})")
    derivative_formula = ("σ($Z)", r"\sigma($Z)")
    derivative_reads = ("Z",)

    def forward(self, Z):
        with errors_ignored.get() or np.errstate(under="ignore"):  # log(1 + e^z) -> 0: fine
            return np.logaddexp(0.0, Z).astype(Z.dtype, copy=False)  # log(e^0 + e^z)

    def derivative(self, Z, A):
        return Sigmoid().forward(Z)


class Softsign(Activation):
    """``g(z) = z / (1 + |z|)``, ``g'(z) = 1 / (1 + |z|)²``.

    Examples
    --------
    >>> from glassnet.activations import softsign
    >>> softsign([1.0, -3.0])
    array([ 0.5 , -0.75])
    """

    name = "softsign"
    formula = ("$Z / (1 + |$Z|)", r"\frac{$Z}{1 + |$Z|}")
    derivative_formula = ("1 / (1 + |$Z|)²", r"\frac{1}{(1 + |$Z|)^{2}}")
    derivative_reads = ("Z",)

    def forward(self, Z):
        return Z / (1.0 + np.abs(Z))

    def derivative(self, Z, A):
        D = 1.0 + np.abs(Z)
        with np.errstate(over="ignore", under="ignore"):  # huge |z|: 1 / inf = 0, the limit
            return 1.0 / (D * D)


class HardSigmoid(Activation):
    """Keras 3's hard sigmoid: ``g(z) = relu6(z + 3) / 6 = clip(z / 6 + 1/2, 0, 1)``.

    ``g'(z) = 1/6`` for ``-3 < z < 3``, else 0.

    Examples
    --------
    >>> from glassnet.activations import hard_sigmoid
    >>> hard_sigmoid([-4.0, 0.0, 1.5])
    array([0.  , 0.5 , 0.75])
    """

    name = "hard_sigmoid"
    formula = ("clip($Z / 6 + ½, 0, 1)", r"\mathrm{clip}(\tfrac{$Z}{6} + \tfrac{1}{2}, 0, 1)")
    derivative_formula = ("1/6 if −3 < $Z < 3 else 0", r"\tfrac{1}{6} \, \mathbb{1}[-3 < $Z < 3]")
    derivative_reads = ("Z",)
    max_slope = 1.0 / 6.0

    def forward(self, Z):
        return np.clip(Z / 6.0 + 0.5, 0.0, 1.0)

    def derivative(self, Z, A):
        return (((Z > -3) & (Z < 3)) / 6.0).astype(Z.dtype)


class Exponential(Activation):
    """``g(z) = e^z``, ``g'(z) = e^z = g(z)``.

    Examples
    --------
    >>> from glassnet.activations import exponential
    >>> exponential([0.0])
    array([1.])
    """

    name = "exponential"
    formula = ("e^$Z", r"e^{$Z}")
    derivative_formula = ("$A", "$A")
    derivative_reads = ("A",)

    def forward(self, Z):
        with errors_ignored.get() or np.errstate(over="ignore", under="ignore"):
            return np.exp(Z)  # e^z -> inf or 0: the right limits

    def derivative(self, Z, A):
        return A
