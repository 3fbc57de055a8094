"""The rectifiers beyond ReLU: Leaky ReLU, ELU, SELU (ReLU itself is in ``classic.py``)."""

import numpy as np

from .base import Activation


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
