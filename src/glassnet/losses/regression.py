"""Regression losses: squared, absolute, half squared, Huber, log-cosh, percentage and
squared logarithmic errors. Each ``l_i`` is the mean over the outputs (half squared
error: the sum)."""

import math

import numpy as np

from .. import _arguments, backend
from .base import Loss


class MeanSquaredError(Loss):
    """``l_i = (1/n) sum_k (y_ik - a_ik)^2``; ``dl_i/da_ik = 2 (a_ik - y_ik) / n``.

    Parameters
    ----------
    reduction : str, default ``"sum_over_batch_size"``
        How the per-example values ``l_i`` become the batch loss (see ``Loss``);
        ``"none"`` returns ``l_i``, shape ``(m,)``.
    name : str, optional

    Examples
    --------
    >>> import glassnet as gn
    >>> float(gn.losses.MeanSquaredError()([[0.0, 1.0]], [[0.5, 0.5]]))  # (0.25 + 0.25) / 2
    0.25
    """

    name = "mean_squared_error"
    formula = ("($A − $Y)²", r"($A - $Y)^{2}")
    gradient_formula = ("2 ($A − $Y)", r"2 ($A - $Y)")

    def per_example(self, Y, A):
        D = A - Y
        return (D * D).mean(axis=-1)

    def element_gradient(self, Y, A):
        return (A - Y) * (2.0 / A.shape[-1])


class MeanAbsoluteError(Loss):
    """``l_i = (1/n) sum_k |y_ik - a_ik|``; ``dl_i/da_ik = sign(a_ik - y_ik) / n``.

    Parameters
    ----------
    reduction : str, default ``"sum_over_batch_size"``
        How the per-example values ``l_i`` become the batch loss (see ``Loss``);
        ``"none"`` returns ``l_i``, shape ``(m,)``.
    name : str, optional

    Examples
    --------
    >>> import glassnet as gn
    >>> float(gn.losses.MeanAbsoluteError()([[0.0], [1.0]], [[0.5], [0.0]]))  # (0.5 + 1) / 2
    0.75
    """

    name = "mean_absolute_error"
    formula = ("|$A − $Y|", r"|$A - $Y|")
    gradient_formula = ("sign($A − $Y)", r"\operatorname{sign}($A - $Y)")

    def per_example(self, Y, A):
        return np.abs(A - Y).mean(axis=-1)

    def element_gradient(self, Y, A):
        return np.sign(A - Y) / A.shape[-1]


class HalfSquaredError(Loss):
    """``l_i = 1/2 sum_k (y_ik - a_ik)^2``; ``dl_i/da_ik = a_ik - y_ik``.

    The loss the lab's worked example and the slides' MLP example differentiate:
    its derivative carries no factor 2.

    Parameters
    ----------
    reduction : str, default ``"sum_over_batch_size"``
        How the per-example values ``l_i`` become the batch loss (see ``Loss``);
        ``"none"`` returns ``l_i``, shape ``(m,)``.
    name : str, optional

    Examples
    --------
    >>> import glassnet as gn
    >>> float(gn.losses.HalfSquaredError()([[0.0, 1.0]], [[1.0, 3.0]]))  # (1 + 4) / 2
    2.5
    """

    name = "half_squared_error"
    formula = ("½ ($A − $Y)²", r"\tfrac{1}{2} ($A - $Y)^{2}")
    gradient_formula = ("$A − $Y", "$A - $Y")
    averages_outputs = False

    def per_example(self, Y, A):
        D = A - Y
        return 0.5 * (D * D).sum(axis=-1)

    def element_gradient(self, Y, A):
        return A - Y


class Huber(Loss):
    """Huber loss, as ``keras.losses.Huber(delta=1.0)``: squared near 0, linear beyond.

    With ``e = a - y``: ``e^2 / 2`` where ``|e| <= delta``, else
    ``delta |e| - delta^2 / 2``; ``l_i`` is the mean over outputs. The gradient is
    ``clip(e, -delta, delta) / n``.

    Parameters
    ----------
    delta : float, default 1.0
        Where the loss turns from squared to linear; must be > 0.
    reduction : str, default ``"sum_over_batch_size"``
        As ``Loss``.
    name : str, optional

    Examples
    --------
    >>> from glassnet.losses import Huber
    >>> round(float(Huber()([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])), 3)
    0.155
    """

    name = "huber"

    def __init__(self, delta=1.0, reduction="sum_over_batch_size", name=None):
        super().__init__(reduction, name)
        self.delta = _arguments.real(delta, "delta", "Huber")
        if self.delta <= 0:
            raise ValueError(f"Huber expects delta > 0, but got {delta!r}.")

    @property
    def formula(self):
        d = f"{self.delta:g}"
        return (f"½ ($A − $Y)² if |$A − $Y| ≤ {d} else {d} |$A − $Y| − ½ {d}²",
                rf"\begin{{cases}} \tfrac{{1}}{{2}} ($A - $Y)^{{2}} & |$A - $Y| \le {d} \\ "
                rf"{d} |$A - $Y| - \tfrac{{1}}{{2}} {d}^{{2}} & \text{{otherwise}} \end{{cases}}")

    @property
    def gradient_formula(self):
        d = f"{self.delta:g}"
        return (f"clip($A − $Y, −{d}, {d})", rf"\mathrm{{clip}}($A - $Y, -{d}, {d})")

    def per_example(self, Y, A):
        E = np.abs(A - Y)
        d = self.delta
        return np.where(E <= d, 0.5 * E * E, d * E - 0.5 * d * d).mean(axis=-1)

    def element_gradient(self, Y, A):
        return np.clip(A - Y, -self.delta, self.delta) / A.shape[-1]

    def get_config(self):
        return {**super().get_config(), "delta": self.delta}


class LogCosh(Loss):
    """``l_i = (1/n) sum_k log cosh(a_ik - y_ik)``; the gradient is ``tanh(a - y) / n``.

    Computed as Keras does, ``log cosh x = x + softplus(-2x) - log 2``, which never
    overflows.

    Parameters
    ----------
    reduction : str, default ``"sum_over_batch_size"``
        How the per-example values ``l_i`` become the batch loss (see ``Loss``);
        ``"none"`` returns ``l_i``, shape ``(m,)``.
    name : str, optional

    Examples
    --------
    >>> import glassnet as gn
    >>> round(float(gn.losses.LogCosh()([[0.0, 0.0]], [[1.0, 0.0]])), 4)  # log cosh(1) / 2
    0.2169
    """

    name = "log_cosh"
    formula = ("log cosh($A − $Y)", r"\log\cosh($A - $Y)")
    gradient_formula = ("tanh($A − $Y)", r"\tanh($A - $Y)")

    def per_example(self, Y, A):
        X = A - Y
        with np.errstate(under="ignore"):
            return (X + np.logaddexp(0.0, -2.0 * X) - math.log(2.0)).mean(axis=-1)

    def element_gradient(self, Y, A):
        return np.tanh(A - Y) / A.shape[-1]


class MeanAbsolutePercentageError(Loss):
    """``l_i = (100/n) sum_k |y - a| / max(|y|, eps)``, as Keras (``eps = 1e-7``).

    Gradient: ``100 sign(a - y) / (max(|y|, eps) n)``.

    Parameters
    ----------
    reduction : str, default ``"sum_over_batch_size"``
        How the per-example values ``l_i`` become the batch loss (see ``Loss``);
        ``"none"`` returns ``l_i``, shape ``(m,)``.
    name : str, optional

    Examples
    --------
    >>> import glassnet as gn
    >>> float(gn.losses.MeanAbsolutePercentageError()([[2.0]], [[1.5]]))  # 100 * 0.5 / 2
    25.0
    """

    name = "mean_absolute_percentage_error"
    formula = ("100 |$A − $Y| / max(|$Y|, ε)", r"100 \frac{|$A - $Y|}{\max(|$Y|, \epsilon)}")
    gradient_formula = ("100 sign($A − $Y) / max(|$Y|, ε)",
                        r"\frac{100 \operatorname{sign}($A - $Y)}{\max(|$Y|, \epsilon)}")

    def per_example(self, Y, A):
        return 100.0 * (np.abs(Y - A) / np.maximum(np.abs(Y), backend.EPSILON)).mean(axis=-1)

    def element_gradient(self, Y, A):
        scale = 100.0 / (np.maximum(np.abs(Y), backend.EPSILON) * A.shape[-1])
        return np.sign(A - Y) * scale


class MeanSquaredLogarithmicError(Loss):
    """``l_i = (1/n) sum_k (log(1 + a⁺) - log(1 + y⁺))^2``, ``x⁺ = max(x, eps)``, as Keras.

    Gradient: ``2 (log(1 + a⁺) - log(1 + y⁺)) / ((1 + a⁺) n)`` where ``a > eps``, else 0.

    Parameters
    ----------
    reduction : str, default ``"sum_over_batch_size"``
        How the per-example values ``l_i`` become the batch loss (see ``Loss``);
        ``"none"`` returns ``l_i``, shape ``(m,)``.
    name : str, optional

    Examples
    --------
    >>> import glassnet as gn
    >>> round(float(gn.losses.MeanSquaredLogarithmicError()([[1.0]], [[3.0]])), 4)  # log(2)^2
    0.4805
    """

    name = "mean_squared_logarithmic_error"
    formula = ("(log(1 + $A) − log(1 + $Y))²", r"(\log(1 + $A) - \log(1 + $Y))^{2}")
    gradient_formula = ("2 (log(1 + $A) − log(1 + $Y)) / (1 + $A)",
                        r"\frac{2 (\log(1 + $A) - \log(1 + $Y))}{1 + $A}")

    def _log_gap(self, Y, A):
        eps = backend.EPSILON
        return np.log1p(np.maximum(A, eps)) - np.log1p(np.maximum(Y, eps))

    def per_example(self, Y, A):
        D = self._log_gap(Y, A)
        return (D * D).mean(axis=-1)

    def element_gradient(self, Y, A):
        kept = A > backend.EPSILON  # below eps the clipped a is flat
        grad = 2.0 * self._log_gap(Y, A) / (1.0 + np.maximum(A, backend.EPSILON))
        return np.where(kept, grad, 0.0) / A.shape[-1]
