"""Losses between distributions and counts: Kullback-Leibler divergence and Poisson."""

import numpy as np

from .. import backend
from .base import Loss


class KLDivergence(Loss):
    """``l_i = sum_k y log(y / a)`` with ``y, a`` clipped to ``[eps, 1]``, as Keras.

    Gradient: ``dl/da = -y / a`` where ``eps < a < 1`` (the clipped ``a`` is flat
    elsewhere), with the clipped ``y`` and ``a``.

    Parameters
    ----------
    reduction : str, default ``"sum_over_batch_size"``
        How the per-example values ``l_i`` become the batch loss (see ``Loss``);
        ``"none"`` returns ``l_i``, shape ``(m,)``.
    name : str, optional

    Examples
    --------
    >>> from glassnet.losses import KLDivergence
    >>> round(float(KLDivergence()([[0.5, 0.5]], [[0.25, 0.75]])), 4)
    0.1438
    """

    name = "kl_divergence"
    averages_outputs = False
    formula = ("$Y log($Y / $A)", r"$Y \log \frac{$Y}{$A}")
    gradient_formula = ("−$Y ⊘ $A", r"-$Y \oslash $A")

    def per_example(self, Y, A):
        eps = backend.EPSILON
        Yc, Ac = np.clip(Y, eps, 1.0), np.clip(A, eps, 1.0)
        return (Yc * np.log(Yc / Ac)).sum(axis=-1)

    def element_gradient(self, Y, A):
        eps = backend.EPSILON
        Yc, Ac = np.clip(Y, eps, 1.0), np.clip(A, eps, 1.0)
        return np.where((A > eps) & (A < 1.0), -Yc / Ac, 0.0)


class Poisson(Loss):
    """``l_i = (1/n) sum_k (a - y log(a + eps))``, as Keras; for counts ``y``.

    Gradient: ``(1 - y / (a + eps)) / n``.

    Parameters
    ----------
    reduction : str, default ``"sum_over_batch_size"``
        How the per-example values ``l_i`` become the batch loss (see ``Loss``);
        ``"none"`` returns ``l_i``, shape ``(m,)``.
    name : str, optional

    Examples
    --------
    >>> from glassnet.losses import Poisson
    >>> round(float(Poisson()([[1.0]], [[2.0]])), 4)  # 2 - log 2
    1.3069
    """

    name = "poisson"
    formula = ("$A − $Y log $A", r"$A - $Y \log $A")
    gradient_formula = ("1 − $Y ⊘ $A", r"1 - $Y \oslash $A")

    def per_example(self, Y, A):
        return (A - Y * np.log(A + backend.EPSILON)).mean(axis=-1)

    def element_gradient(self, Y, A):
        return (1.0 - Y / (A + backend.EPSILON)) / A.shape[-1]
