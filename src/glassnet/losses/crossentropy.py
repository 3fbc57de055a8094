"""Cross-entropies: binary, categorical and sparse categorical, with Keras's
``from_logits`` and ``label_smoothing``."""

import numpy as np

from .. import _arguments, backend
from ..activations import Sigmoid, Softmax
from .base import Loss


def _check_smoothing(s, owner="the loss"):
    return _arguments.real(s, "label_smoothing", owner, 0, 1)


def smooth_labels(Y, s, k):
    """Keras's label smoothing: the targets ``y (1 - s) + s / k`` for ``k`` classes
    (``k = 2`` for binary targets)."""
    return Y * (1.0 - s) + s / k


def _check_axis(owner, axis):
    if axis != -1:
        raise ValueError(f"{owner} supports axis=-1 (the outputs) only, but got {axis!r}.")
    return -1


class BinaryCrossentropy(Loss):
    """``l_i = -(1/n) sum_k [y log a + (1 - y) log(1 - a)]``.

    With ``from_logits=False`` (default) ``a`` is a probability, clipped to
    ``[eps, 1 - eps]`` as Keras does; ``dl/da = (a - y) / (a (1 - a) n)``. After a
    sigmoid the fused ``dl/dz = (a - y) / n`` is used instead. With
    ``from_logits=True`` ``a`` is the logit ``z`` and
    ``l = max(z, 0) - z y + log(1 + e^{-|z|})``, ``dl/dz = (sigmoid(z) - y) / n``.

    ``label_smoothing = s`` replaces the targets by ``y (1 - s) + s / 2`` inside the
    loss (value and gradient), as Keras does; the metrics still see ``y``.

    Parameters
    ----------
    from_logits : bool, default False
    label_smoothing : float in [0, 1], default 0
    axis : int, default -1 (the only one supported)
    reduction, name : see ``Loss``

    Examples
    --------
    >>> import glassnet as gn
    >>> bce = gn.losses.BinaryCrossentropy(label_smoothing=0.2, reduction="none")
    >>> # the target 1 becomes 0.9: -(0.9 log 0.9 + 0.1 log 0.1)
    >>> [round(float(v), 4) for v in bce([[1.0]], [[0.9]])]
    [0.3251]
    """

    name = "binary_crossentropy"
    fused_activation = Sigmoid

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name=None):
        super().__init__(reduction, name)
        self.from_logits = _arguments.flag(from_logits, "from_logits", type(self).__name__)
        self.label_smoothing = _check_smoothing(label_smoothing, type(self).__name__)
        self.axis = _check_axis(type(self).__name__, axis)

    @property
    def formula(self):
        if self.from_logits:  # $A holds the logits z
            return ("max($A, 0) − $A $Y + log(1 + e^(−|$A|))",
                    r"\max($A, 0) - $A $Y + \log(1 + e^{-|$A|})")
        return ("−[$Y log $A + (1 − $Y) log(1 − $A)]",
                r"-[$Y \log $A + (1 - $Y) \log(1 - $A)]")

    @property
    def gradient_formula(self):
        if self.from_logits:
            return ("σ($A) − $Y", r"\sigma($A) - $Y")
        return ("($A − $Y) ⊘ ($A ⊙ (1 − $A))", r"($A - $Y) \oslash ($A \odot (1 - $A))")

    def per_example(self, Y, A):
        if self.label_smoothing:
            Y = smooth_labels(Y, self.label_smoothing, 2)
        if self.from_logits:
            with np.errstate(under="ignore"):  # e^{-|z|} -> 0 for large |z|: fine
                L = np.maximum(A, 0) - A * Y + np.log1p(np.exp(-np.abs(A)))
        else:
            eps = backend.EPSILON
            P = np.minimum(np.maximum(A, eps), 1.0 - eps)  # clip to [eps, 1 - eps]
            L = -(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P))
        return L.sum(axis=-1) / A.shape[-1]  # the mean over the n outputs

    def element_gradient(self, Y, A):
        if self.label_smoothing:
            Y = smooth_labels(Y, self.label_smoothing, 2)
        if self.from_logits:
            return (Sigmoid().forward(A) - Y) / A.shape[-1]
        # The clipped value is flat outside [eps, 1 - eps], so its slope is 0 there.
        eps = backend.EPSILON
        P = np.clip(A, eps, 1.0 - eps)
        kept = (A > eps) & (A < 1.0 - eps)
        return np.where(kept, (P - Y) / (P * (1.0 - P) * A.shape[-1]), 0.0)

    def fused_dZ(self, Y, A, sample_weight=None):
        """Fused sigmoid gradient ``dZ = (A - Y) * scale_i / n`` (``scale_i = w_i / m``)."""
        if self.label_smoothing:
            Y = smooth_labels(Y, self.label_smoothing, 2)
        dZ = A - Y
        dZ *= self._scale(len(A), sample_weight) / A.shape[-1]
        # below the normal range (a saturated output) numbers are denormal and slow
        # every later product: set to 0, as backend.flush_denormals does
        np.copyto(dZ, 0, where=np.abs(dZ) < np.finfo(dZ.dtype).tiny)
        return dZ

    def get_config(self):
        return {**super().get_config(), "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


class CategoricalCrossentropy(Loss):
    """``l_i = -sum_k y_ik log a_ik`` over one-hot (or soft) targets.

    ``a`` rows are renormalised, ``p = a / S`` with ``S = sum_j a_j``, and clipped to
    ``[eps, 1 - eps]`` as Keras does; ``dl/da_j = (sum_k y_k - y_j / p_j) / S``
    (``-y / a + 1`` for one-hot rows that already sum to 1). After a softmax the fused
    ``dl/dz = a sum_k y_k - y`` is used (``a - y`` for one-hot and label-smoothed
    rows, which sum to 1). With ``from_logits=True``:
    ``l = -sum_k y_k log softmax(z)_k``, ``dl/dz = softmax(z) sum_k y_k - y``.

    ``label_smoothing = s`` replaces the targets by ``y (1 - s) + s / n`` inside the
    loss (value and gradient), as Keras does.

    Parameters
    ----------
    from_logits : bool, default False
    label_smoothing : float in [0, 1], default 0
    axis : int, default -1 (the only one supported)
    reduction, name : see ``Loss``

    Examples
    --------
    >>> import glassnet as gn
    >>> cce = gn.losses.CategoricalCrossentropy(label_smoothing=0.1, reduction="none")
    >>> [round(float(v), 4) for v in cce([[0.0, 1.0]], [[0.5, 0.5]])]  # -(0.05 + 0.95) log 0.5
    [0.6931]
    """

    name = "categorical_crossentropy"
    fused_activation = Softmax
    averages_outputs = False
    fused_gradient_formula = ("$A Σₖ $Yₖ − $Y", r"$A \sum_k $Y_k - $Y")

    @property
    def formula(self):
        if self.from_logits:  # $A holds the logits z
            return ("−$Y log softmax($A)", r"-$Y \log \operatorname{softmax}($A)")
        return ("−$Y log $A", r"-$Y \log $A")

    @property
    def gradient_formula(self):
        if self.from_logits:
            return ("softmax($A) Σₖ $Yₖ − $Y", r"\operatorname{softmax}($A) \sum_k $Y_k - $Y")
        # l = -sum_k y_k log(a_k / S), S = sum_j a_j: dl/da_j = sum_k y_k / S - y_j / a_j
        return ("Σₖ $Yₖ / Σₖ $Aₖ − $Y ⊘ $A",
                r"\frac{\sum_k $Y_k}{\sum_k $A_k} - $Y \oslash $A")

    def __init__(self, from_logits=False, label_smoothing=0.0, axis=-1,
                 reduction="sum_over_batch_size", name=None):
        super().__init__(reduction, name)
        self.from_logits = _arguments.flag(from_logits, "from_logits", type(self).__name__)
        self.label_smoothing = _check_smoothing(label_smoothing, type(self).__name__)
        self.axis = _check_axis(type(self).__name__, axis)

    def per_example(self, Y, A):
        if self.label_smoothing:
            Y = smooth_labels(Y, self.label_smoothing, Y.shape[-1])
        if self.from_logits:
            Zmax = A.max(axis=-1, keepdims=True)
            with np.errstate(over="ignore", under="ignore"):  # e^{z - max} -> 0: fine
                lse = np.log(np.exp(A - Zmax).sum(axis=-1, keepdims=True)) + Zmax
            return (Y * (lse - A)).sum(axis=-1)  # lse - z = -log softmax(z)
        eps = backend.EPSILON
        P = A / A.sum(axis=-1, keepdims=True)
        P = np.minimum(np.maximum(P, eps), 1.0 - eps)  # clip to [eps, 1 - eps]
        return -(Y * np.log(P)).sum(axis=-1)

    def element_gradient(self, Y, A):
        if self.label_smoothing:
            Y = smooth_labels(Y, self.label_smoothing, Y.shape[-1])
        if self.from_logits:
            return Softmax().forward(A) * Y.sum(axis=-1, keepdims=True) - Y
        # l = -sum_k y_k log p_k, p = a / S: dl/da_j = (sum_k y_k - y_j / p_j) / S,
        # where a clipped p_k (outside [eps, 1 - eps]) contributes no slope.
        eps = backend.EPSILON
        S = A.sum(axis=-1, keepdims=True)
        P = A / S
        Y_kept = np.where((P > eps) & (P < 1.0 - eps), Y, 0.0)
        return (Y_kept.sum(axis=-1, keepdims=True) - Y_kept / np.clip(P, eps, 1.0)) / S

    def fused_dZ(self, Y, A, sample_weight=None):
        """Fused softmax gradient ``dZ = A sum_k y_k - Y``, times ``w_i / m``.

        For one-hot or label-smoothed rows (``sum_k y_k = 1``) this is ``A - Y``.
        """
        if self.label_smoothing:
            Y = smooth_labels(Y, self.label_smoothing, Y.shape[-1])
        dZ = A * Y.sum(axis=-1, keepdims=True)
        dZ -= Y
        dZ *= self._scale(len(A), sample_weight)
        np.copyto(dZ, 0, where=np.abs(dZ) < np.finfo(dZ.dtype).tiny)  # as for binary
        return dZ

    def get_config(self):
        return {**super().get_config(), "from_logits": self.from_logits,
                "label_smoothing": self.label_smoothing, "axis": self.axis}


class SparseCategoricalCrossentropy(CategoricalCrossentropy):
    """Categorical cross-entropy whose targets are class indices, shape ``(m,)``.

    The indices are turned into one-hot rows once, so the value and gradient are
    exactly those of ``CategoricalCrossentropy``. As Keras's, it has no
    ``label_smoothing``.

    Parameters
    ----------
    from_logits : bool, default False
    reduction, name : see ``Loss``

    Examples
    --------
    >>> import glassnet as gn
    >>> scce = gn.losses.SparseCategoricalCrossentropy(reduction="none")
    >>> [round(float(v), 4) for v in scce([1], [[0.5, 0.5]])]
    [0.6931]
    """

    name = "sparse_categorical_crossentropy"

    def __init__(self, from_logits=False, reduction="sum_over_batch_size", name=None):
        super().__init__(from_logits=from_logits, reduction=reduction, name=name)

    def get_config(self):
        return {**Loss.get_config(self), "from_logits": self.from_logits}

    def prepare_targets(self, y, A):
        labels = np.asarray(y).reshape(-1)
        n_classes = A.shape[-1]
        if labels.size != len(A):
            raise ValueError(
                f"sparse_categorical_crossentropy expects one class index per example "
                f"({len(A)}), but got targets of shape {np.shape(y)}."
            )
        bad = ~np.isfinite(labels) | (labels != np.round(labels))
        if bad.any():
            i = int(np.argmax(bad))
            raise ValueError(
                "sparse_categorical_crossentropy expects integer class indices, but "
                f"target {i} is {float(labels[i]):g}."
            )
        if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
            raise ValueError(
                f"sparse_categorical_crossentropy expects class indices in "
                f"[0, {n_classes - 1}] for an output of {n_classes} units, but got "
                f"labels from {labels.min():g} to {labels.max():g}. Use as many output "
                "units as classes, or encode the labels as 0..n_classes-1."
            )
        Y = np.zeros(A.shape, dtype=A.dtype)
        Y[np.arange(len(A)), labels.astype(np.intp)] = 1
        return Y
