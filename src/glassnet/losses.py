"""Loss functions: the value and its gradient, side by side.

Every loss first computes one number per example, ``l_i`` (shape ``(m,)``), from the
targets ``Y`` and the predictions ``A`` (both ``(m, n_out)``); the ``reduction``
then gives the batch loss:

- ``"sum_over_batch_size"`` (the Keras default): ``L = (1/m) sum_i w_i l_i``
- ``"sum"``: ``L = sum_i w_i l_i`` (the lab's XOR update sums over examples)

``w_i`` are sample weights (1 when none are given). ``gradient(Y, A)`` returns
``dA = dL/dA`` with the reduction's ``1/m`` already inside, so layers only sum.

When the model's last activation is sigmoid (binary cross-entropy) or softmax
(categorical cross-entropy), ``fused_dZ`` gives ``dZ = dL/dZ`` directly:
``dZ = (A - Y) * w_i / (m n)``: exact, stable and cheap (the seed's ``dZ2 = A2 - Y``).
"""

import numpy as np

from . import backend
from ._registry import lookup, registry
from .activations import Sigmoid, Softmax

REDUCTIONS = ("sum_over_batch_size", "sum", "none")


class Loss:
    r"""Base class. Subclasses define ``per_example`` and ``element_gradient``.

    Every loss also carries its written form, which ``gn.explain`` and the plots read
    (nothing else keeps a table of loss formulas). Each formula is a pair ``(text,
    latex)`` in which ``$A`` (the predictions) and ``$Y`` (the targets) are replaced by
    the notation's symbols or by numbers:

    - ``formula``: the term summed over the outputs and examples, e.g. ``("½ ($A −
      $Y)²", r"\tfrac{1}{2} ($A - $Y)^{2}")``; the batch loss is ``L = (1/m)(1/n) Σ
      term`` (the ``1/m`` from the reduction, the ``1/n`` when ``averages_outputs``).
    - ``gradient_formula``: ``d term / dA`` element by element (``element_gradient``
      times ``n`` when ``averages_outputs``), e.g. ``("$A − $Y", "$A - $Y")``; explain
      divides it by ``m`` (and ``n``) as the reduction does.
    - ``averages_outputs``: whether ``l_i`` is the mean (``True``) or the sum
      (``False``) of the terms over the ``n`` outputs.
    - ``fused_gradient_formula``: ``dL/dZ`` before the same division, for a loss
      with a ``fused_activation``.

    ``formula`` and ``gradient_formula`` are ``None`` on a loss explain cannot write
    out yet; explain then says so instead of showing another loss's formula. A new
    loss sets them (``tests/test_losses.py`` checks every registered loss does).
    """

    name = "loss"
    #: the activation whose fused gradient ``A - Y`` this loss has, if any
    fused_activation = None
    formula = None
    gradient_formula = None
    averages_outputs = True
    fused_gradient_formula = ("$A − $Y", "$A - $Y")

    def __init__(self, reduction="sum_over_batch_size", name=None):
        if reduction is None:
            reduction = "none"
        if reduction not in REDUCTIONS:
            raise ValueError(
                f"Loss reduction must be one of {REDUCTIONS}, but got {reduction!r}."
            )
        self.reduction = reduction
        if name is not None:
            self.name = name

    # --- the math -----------------------------------------------------------
    def per_example(self, Y, A):
        """Return ``l_i`` for each example, shape ``(m,)``."""
        raise NotImplementedError

    def element_gradient(self, Y, A):
        """Return ``d l_i / dA`` for each element, shape ``(m, n_out)``."""
        raise NotImplementedError

    # --- reduction ----------------------------------------------------------
    def _scale(self, m, sample_weight):
        """Return the factor ``w_i / m`` (or ``w_i``) as a column, or a scalar."""
        scale = 1.0 / m if self.reduction == "sum_over_batch_size" else 1.0
        if sample_weight is None:
            return scale
        return (scale * sample_weight)[:, None]

    def reduce(self, losses, sample_weight=None):
        """Reduce per-example losses ``(m,)`` to the batch loss."""
        if sample_weight is not None:
            losses = losses * sample_weight
        if self.reduction == "none":
            return losses
        total = losses.sum()
        return total / losses.shape[0] if self.reduction == "sum_over_batch_size" else total

    def __call__(self, y_true, y_pred, sample_weight=None):
        """Return the reduced loss for arrays shaped like Keras's ``(m, n_out)``."""
        A = np.asarray(y_pred, dtype=backend.floatx())
        A = A.reshape(len(A), -1) if A.ndim != 2 else A
        Y = self.prepare_targets(np.asarray(y_true), A)
        sw = None if sample_weight is None else np.asarray(sample_weight, dtype=A.dtype)
        return self.reduce(self.per_example(Y, A), sw)

    def prepare_targets(self, y, A):
        """Return ``y`` as an ``(m, n_out)`` array in ``A``'s dtype."""
        y = np.asarray(y, dtype=A.dtype)
        return y.reshape(A.shape) if y.size == A.size else y

    def gradient(self, Y, A, sample_weight=None):
        """Return ``dA = dL/dA``, shape ``(m, n_out)``, reduction included."""
        return self.element_gradient(Y, A) * self._scale(len(A), sample_weight)

    #: ``fused_dZ(Y, A, sample_weight=None)``: ``dZ = dL/dZ`` of ``fused_activation``
    #: (the losses that have one define it).
    fused_dZ = None

    def get_config(self):
        config = {"reduction": self.reduction}
        if self.name != type(self).name:
            config["name"] = self.name
        return config

    def __repr__(self):
        return f"{type(self).__name__}(reduction={self.reduction!r})"


class MeanSquaredError(Loss):
    """``l_i = (1/n) sum_k (y_ik - a_ik)^2``; ``dl_i/da_ik = 2 (a_ik - y_ik) / n``."""

    name = "mean_squared_error"
    formula = ("($A − $Y)²", r"($A - $Y)^{2}")
    gradient_formula = ("2 ($A − $Y)", r"2 ($A - $Y)")

    def per_example(self, Y, A):
        D = A - Y
        return (D * D).mean(axis=-1)

    def element_gradient(self, Y, A):
        return (A - Y) * (2.0 / A.shape[-1])


class MeanAbsoluteError(Loss):
    """``l_i = (1/n) sum_k |y_ik - a_ik|``; ``dl_i/da_ik = sign(a_ik - y_ik) / n``."""

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


class BinaryCrossentropy(Loss):
    """``l_i = -(1/n) sum_k [y log a + (1 - y) log(1 - a)]``.

    With ``from_logits=False`` (default) ``a`` is a probability, clipped to
    ``[eps, 1 - eps]`` as Keras does; ``dl/da = (a - y) / (a (1 - a) n)``. After a
    sigmoid the fused ``dl/dz = (a - y) / n`` is used instead. With
    ``from_logits=True`` ``a`` is the logit ``z`` and
    ``l = max(z, 0) - z y + log(1 + e^{-|z|})``, ``dl/dz = (sigmoid(z) - y) / n``.
    """

    name = "binary_crossentropy"
    fused_activation = Sigmoid

    def __init__(self, from_logits=False, reduction="sum_over_batch_size", name=None):
        super().__init__(reduction, name)
        self.from_logits = bool(from_logits)

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
        if self.from_logits:
            with np.errstate(under="ignore"):  # e^{-|z|} -> 0 for large |z|: fine
                L = np.maximum(A, 0) - A * Y + np.log1p(np.exp(-np.abs(A)))
        else:
            eps = backend.EPSILON
            P = np.clip(A, eps, 1.0 - eps)
            L = -(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P))
        return L.mean(axis=-1)

    def element_gradient(self, Y, A):
        if self.from_logits:
            return (Sigmoid().forward(A) - Y) / A.shape[-1]
        # The clipped value is flat outside [eps, 1 - eps], so its slope is 0 there.
        eps = backend.EPSILON
        P = np.clip(A, eps, 1.0 - eps)
        kept = (A > eps) & (A < 1.0 - eps)
        return np.where(kept, (P - Y) / (P * (1.0 - P) * A.shape[-1]), 0.0)

    def fused_dZ(self, Y, A, sample_weight=None):
        """Fused sigmoid gradient ``dZ = dL/dZ = (A - Y) * w_i / (m n)``."""
        dZ = A - Y
        dZ *= self._scale(len(A), sample_weight) / A.shape[-1]
        return dZ

    def get_config(self):
        return {**super().get_config(), "from_logits": self.from_logits}


class CategoricalCrossentropy(Loss):
    """``l_i = -sum_k y_ik log a_ik`` over one-hot (or soft) targets.

    ``a`` rows are renormalised, ``p = a / S`` with ``S = sum_j a_j``, and clipped to
    ``[eps, 1 - eps]`` as Keras does; ``dl/da_j = (sum_k y_k - y_j / p_j) / S``
    (``-y / a + 1`` for one-hot rows that already sum to 1). After a softmax the fused
    ``dl/dz = a sum_k y_k - y`` is used (``a - y`` for one-hot and label-smoothed
    rows, which sum to 1). With ``from_logits=True``:
    ``l = -sum_k y_k log softmax(z)_k``, ``dl/dz = softmax(z) sum_k y_k - y``.
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

    def __init__(self, from_logits=False, reduction="sum_over_batch_size", name=None):
        super().__init__(reduction, name)
        self.from_logits = bool(from_logits)

    def per_example(self, Y, A):
        if self.from_logits:
            Zmax = A.max(axis=-1, keepdims=True)
            with np.errstate(over="ignore", under="ignore"):  # e^{z - max} -> 0: fine
                lse = np.log(np.exp(A - Zmax).sum(axis=-1, keepdims=True)) + Zmax
            return (Y * (lse - A)).sum(axis=-1)  # lse - z = -log softmax(z)
        eps = backend.EPSILON
        P = np.clip(A / A.sum(axis=-1, keepdims=True), eps, 1.0 - eps)
        return -(Y * np.log(P)).sum(axis=-1)

    def element_gradient(self, Y, A):
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
        dZ = A * Y.sum(axis=-1, keepdims=True)
        dZ -= Y
        dZ *= self._scale(len(A), sample_weight)
        return dZ

    def get_config(self):
        return {**super().get_config(), "from_logits": self.from_logits}


class SparseCategoricalCrossentropy(CategoricalCrossentropy):
    """Categorical cross-entropy whose targets are class indices, shape ``(m,)``.

    The indices are turned into one-hot rows once, so the value and gradient are
    exactly those of ``CategoricalCrossentropy``.
    """

    name = "sparse_categorical_crossentropy"

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


LOSSES = registry(
    MeanSquaredError, MeanAbsoluteError, HalfSquaredError, BinaryCrossentropy,
    CategoricalCrossentropy, SparseCategoricalCrossentropy,
)
ALIASES = {"mse": "mean_squared_error", "mae": "mean_absolute_error"}


def get(identifier):
    """Return a ``Loss`` for a name (``"mse"``), an instance, or a config dict."""
    for key, cls in LOSSES.items():  # the plain functions below
        if identifier is globals().get(key):
            return cls()
    return lookup(identifier, LOSSES, Loss, "loss", "glassnet.losses", ALIASES)


def serialize(loss):
    """Return the JSON-ready config of a loss."""
    return {"name": type(loss).name, "config": loss.get_config()}


def _per_example(cls, y_true, y_pred, **kwargs):
    return cls(reduction="none", **kwargs)(y_true, y_pred)


def mean_squared_error(y_true, y_pred):
    """Return the per-example mean squared error, shape ``(m,)``."""
    return _per_example(MeanSquaredError, y_true, y_pred)


def mean_absolute_error(y_true, y_pred):
    """Return the per-example mean absolute error, shape ``(m,)``."""
    return _per_example(MeanAbsoluteError, y_true, y_pred)


def half_squared_error(y_true, y_pred):
    """Return ``1/2 sum_k (y - a)^2`` per example, shape ``(m,)``."""
    return _per_example(HalfSquaredError, y_true, y_pred)


def binary_crossentropy(y_true, y_pred, from_logits=False):
    """Return the per-example binary cross-entropy, shape ``(m,)``."""
    return _per_example(BinaryCrossentropy, y_true, y_pred, from_logits=from_logits)


def categorical_crossentropy(y_true, y_pred, from_logits=False):
    """Return the per-example categorical cross-entropy, shape ``(m,)``."""
    return _per_example(CategoricalCrossentropy, y_true, y_pred, from_logits=from_logits)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False):
    """Return the per-example cross-entropy for integer labels, shape ``(m,)``."""
    return _per_example(
        SparseCategoricalCrossentropy, y_true, y_pred, from_logits=from_logits
    )


mse = mean_squared_error
mae = mean_absolute_error
