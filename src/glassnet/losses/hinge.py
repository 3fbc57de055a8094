"""The hinge loss of support-vector machines, for targets -1 and 1."""

import numpy as np

from .base import Loss


def _signed(Y):
    """Keras's rule: a batch of 0/1 labels becomes -1/1; any other targets stay."""
    return 2.0 * Y - 1.0 if np.all((Y == 0) | (Y == 1)) else Y


class Hinge(Loss):
    """``l_i = (1/n) sum_k max(1 - y a, 0)``, as ``keras.losses.Hinge``.

    ``y`` is -1 or 1; a batch whose targets are all 0 or 1 is turned into -1/1 first
    (as Keras). Gradient: ``-y / n`` where ``1 - y a > 0``, else 0.

    Parameters
    ----------
    reduction : str, default ``"sum_over_batch_size"``
        How the per-example values ``l_i`` become the batch loss (see ``Loss``);
        ``"none"`` returns ``l_i``, shape ``(m,)``.
    name : str, optional

    Examples
    --------
    >>> from glassnet.losses import Hinge
    >>> round(float(Hinge()([[1.0], [0.0]], [[0.3], [0.5]])), 6)  # (0.7 + 1.5) / 2
    1.1
    """

    name = "hinge"
    formula = ("max(1 − $Y $A, 0)", r"\max(1 - $Y $A, 0)")
    gradient_formula = ("−$Y 1[$Y $A < 1]", r"-$Y \, \mathbb{1}[$Y $A < 1]")

    def per_example(self, Y, A):
        Y = _signed(Y)
        return np.maximum(1.0 - Y * A, 0.0).mean(axis=-1)

    def element_gradient(self, Y, A):
        Y = _signed(Y)
        return np.where(1.0 - Y * A > 0, -Y, 0.0) / A.shape[-1]
