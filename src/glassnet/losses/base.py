"""The Loss base class: per-example values, their gradient, and the reduction."""

import numpy as np

from .. import backend

REDUCTIONS = ("sum_over_batch_size", "sum", "mean", "mean_with_sample_weight", "none")


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

    A loss of your own: glassnet has no automatic differentiation, so a loss is a
    subclass that writes both its value and its gradient (a plain function
    ``fn(y_true, y_pred)`` is refused, because nothing could differentiate it)::

        class QuarticError(gn.losses.Loss):
            name = "quartic_error"

            def per_example(self, Y, A):          # l_i, shape (m,)
                return ((A - Y) ** 4).mean(axis=-1)

            def element_gradient(self, Y, A):     # d l_i / dA, shape (m, n_out)
                return 4 * (A - Y) ** 3 / A.shape[-1]

        model.compile(optimizer="sgd", loss=QuarticError())

    The reduction, sample weights and the ``1/m`` are the base class's;
    ``gn.utils.check_gradients(model, x, y)`` checks the gradient against central
    differences. Give it ``formula`` and ``gradient_formula`` for ``gn.explain``.

    Parameters
    ----------
    reduction : str, default ``"sum_over_batch_size"``
        ``"sum_over_batch_size"`` or its other name ``"mean"`` (``L = sum_i w_i l_i /
        m``), ``"mean_with_sample_weight"`` (``sum_i w_i l_i / sum_i w_i``), ``"sum"``,
        or ``None``/``"none"`` (the per-example values).
    name : str, optional

    Examples
    --------
    >>> import glassnet as gn
    >>> mse = gn.losses.MeanSquaredError(reduction="mean_with_sample_weight")
    >>> float(mse([[0.0], [0.0]], [[1.0], [3.0]], sample_weight=[3.0, 1.0]))  # (3 + 9) / 4
    3.0
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
        if name is not None and not isinstance(name, str):
            raise TypeError(f"{type(self).__name__} expects name to be a string, but got "
                            f"{name!r}.")
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
        """The reduction's factor for each example: ``L = sum_i scale_i l_i``.

        ``w_i / divisor`` as an ``(m, 1)`` column (it multiplies ``(m, n_out)``
        gradients row by row), or the scalar ``1 / divisor`` without weights. The
        divisor is ``m`` (``"sum_over_batch_size"`` and its other name ``"mean"``),
        ``sum_i w_i`` (``"mean_with_sample_weight"``) or 1 (``"sum"``); a divisor of 0
        (an empty batch, or weights that sum to 0) gives 0, as Keras's ``divide_no_nan``.
        """
        if self.reduction == "sum":
            divisor = 1.0
        elif self.reduction == "mean_with_sample_weight" and sample_weight is not None:
            divisor = float(np.sum(sample_weight))
        else:
            divisor = float(m)
        scale = 1.0 / divisor if divisor else 0.0
        return scale if sample_weight is None else (scale * sample_weight)[:, None]

    def reduce(self, losses, sample_weight=None):
        """Reduce per-example losses ``(m,)`` to the batch loss ``sum_i scale_i l_i``."""
        if self.reduction == "none":
            return losses if sample_weight is None else losses * sample_weight
        scale = self._scale(len(losses), sample_weight)
        return losses.sum() * scale if sample_weight is None else losses @ scale[:, 0]

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
        dA, scale = self.element_gradient(Y, A), self._scale(len(A), sample_weight)
        if sample_weight is None and scale == 1.0:  # "sum" (or one example): dA * 1 = dA
            return dA
        return dA * scale

    def fused_dZ(self, Y, A, sample_weight=None):
        """Return ``dZ = dL/dZ`` of the ``fused_activation``, reduction included.

        Written by each loss that has a ``fused_activation`` (binary cross-entropy
        after a sigmoid: ``(A - Y) * scale_i / n``).
        """
        raise NotImplementedError

    def get_config(self):
        config = {"reduction": self.reduction}
        if self.name != type(self).name:
            config["name"] = self.name
        return config

    @classmethod
    def from_config(cls, config):
        """Rebuild the loss from ``get_config()`` (or from a Keras loss config)."""
        config = dict(config)
        config.pop("dtype", None)  # Keras's configs name the dtype; glassnet's follow floatx
        return cls(**config)

    def __repr__(self):
        return f"{type(self).__name__}(reduction={self.reduction!r})"
