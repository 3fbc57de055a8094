"""Binary focal cross-entropy (Lin et al., 2017): cross-entropy that down-weights the
examples the model already gets right."""

import numpy as np

from .. import _arguments, backend
from ..activations import Sigmoid
from .base import Loss
from .crossentropy import _check_axis, _check_smoothing, smooth_labels


class BinaryFocalCrossentropy(Loss):
    """Focal loss, as ``keras.losses.BinaryFocalCrossentropy``.

    Parameters
    ----------
    apply_class_balancing : bool, default False
        Weight positives by ``alpha`` and negatives by ``1 - alpha``.
    alpha : float, default 0.25
    gamma : float, default 2.0
        The focusing exponent; ``gamma = 0`` gives binary cross-entropy.
    from_logits : bool, default False
        ``A`` holds logits ``z``; the probability is ``p = sigmoid(z)``.
    label_smoothing : float in [0, 1], default 0
        Targets become ``y (1 - s) + s / 2``.
    axis : int, default -1
        The axis the mean is taken over.
    reduction : str, default ``"sum_over_batch_size"``
        As ``Loss``.
    name : str, optional

    Notes
    -----
    Per element, with ``P = clip(p, eps, 1 - eps)`` as Keras::

        bce = -[y log P + (1 - y) log(1 - P)]
        p_t = y p + (1 - y)(1 - p),   F = (1 - p_t)^gamma
        l   = w F bce,   w = alpha y + (1 - alpha)(1 - y)  (balancing, else 1)

    and ``l_i`` is the mean over the outputs. Its gradient, by the product rule::

        dl/dp = w [-gamma (1 - p_t)^(gamma - 1) (2y - 1) bce + F (P - y) / (P (1 - P))]

    (the second term is 0 where ``p`` is clipped), times ``p (1 - p)`` when
    ``from_logits`` (the sigmoid's derivative).

    Examples
    --------
    >>> from glassnet.losses import BinaryFocalCrossentropy
    >>> loss = BinaryFocalCrossentropy(gamma=2.0, reduction="none")
    >>> [round(float(v), 3) for v in loss([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])]
    [0.33, 0.206]
    """

    name = "binary_focal_crossentropy"

    def __init__(self, apply_class_balancing=False, alpha=0.25, gamma=2.0, from_logits=False,
                 label_smoothing=0.0, axis=-1, reduction="sum_over_batch_size", name=None):
        super().__init__(reduction, name)
        _check_axis(type(self).__name__, axis)
        owner = "BinaryFocalCrossentropy"
        self.apply_class_balancing = _arguments.flag(apply_class_balancing,
                                                     "apply_class_balancing", owner)
        self.alpha = _arguments.real(alpha, "alpha", owner, 0, 1)
        self.gamma = _arguments.real(gamma, "gamma", owner, low=0)
        self.from_logits = _arguments.flag(from_logits, "from_logits", owner)
        self.label_smoothing = _check_smoothing(label_smoothing, owner)

    @property
    def formula(self):
        g = f"{self.gamma:g}"
        p = "σ($A)" if self.from_logits else "$A"
        p_tex = r"\sigma($A)" if self.from_logits else "$A"
        return (f"−(1 − p_t)^{g} [$Y log {p} + (1 − $Y) log(1 − {p})]",
                rf"-(1 - p_t)^{{{g}}} [$Y \log {p_tex} + (1 - $Y) \log(1 - {p_tex})]")

    @property
    def gradient_formula(self):
        g = f"{self.gamma:g}"
        return (f"−{g} (1 − p_t)^({g} − 1) (2$Y − 1) bce + (1 − p_t)^{g} (p − $Y) ⊘ (p (1 − p))",
                rf"-{g} (1 - p_t)^{{{g} - 1}} (2 $Y - 1) \, \mathrm{{bce}} + (1 - p_t)^{{{g}}}"
                r" (p - $Y) \oslash (p (1 - p))")

    def _parts(self, Y, A):
        if self.label_smoothing:
            Y = smooth_labels(Y, self.label_smoothing, 2)
        p = Sigmoid().forward(A) if self.from_logits else A
        eps = backend.EPSILON
        P = np.clip(p, eps, 1.0 - eps)
        bce = -(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P))
        p_t = Y * p + (1.0 - Y) * (1.0 - p)
        w = Y * self.alpha + (1.0 - Y) * (1.0 - self.alpha) if self.apply_class_balancing \
            else 1.0
        return Y, p, P, bce, p_t, w

    def per_example(self, Y, A):
        Y, p, P, bce, p_t, w = self._parts(Y, A)
        return (w * (1.0 - p_t) ** self.gamma * bce).mean(axis=-1)

    def element_gradient(self, Y, A):
        Y, p, P, bce, p_t, w = self._parts(Y, A)
        eps = backend.EPSILON
        kept = (p > eps) & (p < 1.0 - eps)
        dbce = np.where(kept, (P - Y) / (P * (1.0 - P)), 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):  # (1 - p_t)^(gamma - 1) at 0
            dF = -self.gamma * (1.0 - p_t) ** (self.gamma - 1.0) * (2.0 * Y - 1.0)
        dF = np.where(np.isfinite(dF), dF, 0.0)
        dp = w * (dF * bce + (1.0 - p_t) ** self.gamma * dbce)
        if self.from_logits:
            dp = dp * p * (1.0 - p)
        return dp / A.shape[-1]

    def get_config(self):
        return {**super().get_config(), "apply_class_balancing": self.apply_class_balancing,
                "alpha": self.alpha, "gamma": self.gamma, "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing}
