"""Loss functions: the value and its gradient, side by side.

Every loss first computes one number per example, ``l_i`` (shape ``(m,)``), from the
targets ``Y`` and the predictions ``A`` (both ``(m, n_out)``); the ``reduction``
then gives the batch loss:

- ``"sum_over_batch_size"`` (the Keras default): ``L = (1/m) sum_i w_i l_i``
- ``"sum"``: ``L = sum_i w_i l_i`` (the lab's XOR update sums over examples)
- ``"mean"``: another name of ``"sum_over_batch_size"``, as Keras 3
- ``"mean_with_sample_weight"``: ``L = sum_i w_i l_i / sum_i w_i``

``w_i`` are sample weights (1 when none are given). ``gradient(Y, A)`` returns
``dA = dL/dA`` with the reduction's ``1/m`` already inside, so layers only sum.

When the model's last activation is sigmoid (binary cross-entropy) or softmax
(categorical cross-entropy), ``fused_dZ`` gives ``dZ = dL/dZ`` directly:
``dZ = (A - Y) * w_i / (m n)``: exact, stable and cheap (the seed's ``dZ2 = A2 - Y``).

Files: ``base.py`` (the Loss class and the reductions), ``regression.py``,
``crossentropy.py``, ``focal.py``, ``divergence.py`` (KL, Poisson), ``hinge.py``.
A loss of your own is a ``Loss`` subclass with its gradient (see ``Loss``).
"""

from .._registry import lookup
from .base import REDUCTIONS, Loss  # noqa: F401  (REDUCTIONS: part of the API)
from .crossentropy import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
)
from .divergence import KLDivergence, Poisson
from .focal import BinaryFocalCrossentropy
from .hinge import Hinge
from .regression import (
    HalfSquaredError,
    Huber,
    LogCosh,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
)

LOSSES = {
    cls.name: cls
    for cls in (
        MeanSquaredError,
        MeanAbsoluteError,
        HalfSquaredError,
        Huber,
        LogCosh,
        MeanAbsolutePercentageError,
        MeanSquaredLogarithmicError,
        BinaryCrossentropy,
        CategoricalCrossentropy,
        SparseCategoricalCrossentropy,
        BinaryFocalCrossentropy,
        KLDivergence,
        Poisson,
        Hinge,
    )
}
ALIASES = {
    "mse": "mean_squared_error",
    "mae": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
    "logcosh": "log_cosh",
    "kld": "kl_divergence",
}
# Keras's class names work too: "Huber", "MeanSquaredError", "KLDivergence"...
CLASS_NAMES = {cls.__name__.lower(): key for key, cls in LOSSES.items()}


def get(identifier):
    """Return a ``Loss`` for a name (``"mse"``), an instance, or a config dict.

    Parameters
    ----------
    identifier : str, Loss, dict or one of the plain functions below
        A plain function of your own is refused: it has no gradient (see ``Loss``).

    Examples
    --------
    >>> import glassnet as gn
    >>> type(gn.losses.get("Huber")).__name__
    'Huber'
    """
    for key, cls in LOSSES.items():  # the plain functions below
        if identifier is globals().get(key):
            return cls()
    if isinstance(identifier, type) and issubclass(identifier, Loss):
        return identifier()
    if callable(identifier) and not isinstance(identifier, Loss):
        name = getattr(identifier, "__name__", repr(identifier))
        raise TypeError(
            f"The loss {name!r} is a plain function, which glassnet cannot differentiate "
            "(there is no autograd). Write it as a subclass of glassnet.losses.Loss "
            "with per_example(Y, A) and element_gradient(Y, A); see "
            "help(glassnet.losses.Loss)."
        )
    if isinstance(identifier, str) and identifier.lower() in CLASS_NAMES:
        identifier = CLASS_NAMES[identifier.lower()]
    if isinstance(identifier, dict) and str(identifier.get("class_name")).lower() in CLASS_NAMES:
        identifier = {**identifier, "class_name": CLASS_NAMES[identifier["class_name"].lower()]}
    return lookup(identifier, LOSSES, Loss, "loss", "glassnet.losses", ALIASES)


def serialize(loss):
    """Return the JSON-ready config of a loss.

    Parameters
    ----------
    loss : Loss

    Examples
    --------
    >>> gn.losses.serialize(gn.losses.Huber(delta=2.0))
    {'name': 'huber', 'config': {'reduction': 'sum_over_batch_size', 'delta': 2.0}}
    """
    return {"name": type(loss).name, "config": loss.get_config()}


def _per_example(cls, y_true, y_pred, **kwargs):
    return cls(reduction="none", **kwargs)(y_true, y_pred)


def mean_squared_error(y_true, y_pred):
    """Return the per-example mean squared error, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)``.
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.

    Returns
    -------
    ndarray
        One loss per example, shape ``(m,)``.

    Examples
    --------
    >>> gn.losses.mean_squared_error([[0.0, 1.0], [1.0, 1.0]], [[0.5, 0.5], [1.0, 0.0]])
    array([0.25, 0.5 ], dtype=float32)
    """
    return _per_example(MeanSquaredError, y_true, y_pred)


def mean_absolute_error(y_true, y_pred):
    """Return the per-example mean absolute error, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)``.
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.

    Returns
    -------
    ndarray
        One loss per example, shape ``(m,)``.

    Examples
    --------
    >>> gn.losses.mae([[0.0], [1.0]], [[0.5], [0.0]])
    array([0.5, 1. ], dtype=float32)
    """
    return _per_example(MeanAbsoluteError, y_true, y_pred)


def half_squared_error(y_true, y_pred):
    """Return ``1/2 sum_k (y - a)^2`` per example, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)``.
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.

    Returns
    -------
    ndarray
        One loss per example, shape ``(m,)``.

    Examples
    --------
    >>> gn.losses.half_squared_error([[0.0, 1.0]], [[1.0, 3.0]])  # (1 + 4) / 2
    array([2.5], dtype=float32)
    """
    return _per_example(HalfSquaredError, y_true, y_pred)


def binary_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1):
    """Return the per-example binary cross-entropy, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)``.
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.
    from_logits : bool, default False
        ``y_pred`` are logits ``z`` rather than probabilities.
    label_smoothing : float, default 0.0
        Targets become ``y (1 - s) + s / 2``.
    axis : int, default -1
        The axis averaged over.

    Returns
    -------
    ndarray
        One loss per example, shape ``(m,)``.

    Examples
    --------
    >>> loss = gn.losses.binary_crossentropy([[1.0, 0.0]], [[0.8, 0.4]])
    >>> loss.round(4)  # -(log 0.8 + log 0.6) / 2
    array([0.367], dtype=float32)
    """
    return _per_example(BinaryCrossentropy, y_true, y_pred, from_logits=from_logits,
                        label_smoothing=label_smoothing, axis=axis)


def categorical_crossentropy(y_true, y_pred, from_logits=False, label_smoothing=0.0,
                             axis=-1):
    """Return the per-example categorical cross-entropy, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)``.
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.
    from_logits : bool, default False
        ``y_pred`` are logits rather than probabilities.
    label_smoothing : float, default 0.0
        Targets become ``y (1 - s) + s / n``.
    axis : int, default -1
        The class axis.

    Returns
    -------
    ndarray
        One loss per example, shape ``(m,)``.

    Examples
    --------
    >>> gn.losses.categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]]).round(4)  # -log 0.5
    array([0.6931], dtype=float32)
    """
    return _per_example(CategoricalCrossentropy, y_true, y_pred, from_logits=from_logits,
                        label_smoothing=label_smoothing, axis=axis)


def sparse_categorical_crossentropy(y_true, y_pred, from_logits=False):
    """Return the per-example cross-entropy for integer labels, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Integer class labels, shape ``(m,)`` (or ``(m, 1)``).
    y_pred : array_like
        Class probabilities, shape ``(m, n_classes)``.
    from_logits : bool, default False
        ``y_pred`` are logits rather than probabilities.

    Returns
    -------
    ndarray
        One loss per example, shape ``(m,)``.

    Examples
    --------
    >>> y_pred = [[0.25, 0.25, 0.5], [0.25, 0.5, 0.25]]
    >>> gn.losses.sparse_categorical_crossentropy([2, 0], y_pred).round(4)  # -log 0.5, -log 0.25
    array([0.6931, 1.3863], dtype=float32)
    """
    return _per_example(
        SparseCategoricalCrossentropy, y_true, y_pred, from_logits=from_logits
    )


def huber(y_true, y_pred, delta=1.0):
    """Return the per-example Huber loss, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)``.
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.
    delta : float, default 1.0
        Where the loss turns from squared to linear.

    Returns
    -------
    ndarray
        One loss per example, shape ``(m,)``.

    Examples
    --------
    >>> gn.losses.huber([[0.0], [0.0]], [[0.5], [2.0]])  # 0.5^2 / 2; 1 * 2 - 1/2
    array([0.125, 1.5  ], dtype=float32)
    """
    return _per_example(Huber, y_true, y_pred, delta=delta)


def log_cosh(y_true, y_pred):
    """Return the per-example mean of ``log cosh(y_pred - y_true)``, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)``.
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.

    Returns
    -------
    ndarray
        One loss per example, shape ``(m,)``.

    Examples
    --------
    >>> gn.losses.log_cosh([[0.0]], [[1.0]]).round(4)  # log cosh 1
    array([0.4338], dtype=float32)
    """
    return _per_example(LogCosh, y_true, y_pred)


def mean_absolute_percentage_error(y_true, y_pred):
    """Return the per-example mean absolute percentage error, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)``.
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.

    Returns
    -------
    ndarray
        One loss per example, shape ``(m,)``.

    Examples
    --------
    >>> gn.losses.mape([[2.0], [4.0]], [[1.5], [5.0]])  # 100 * 0.5 / 2, 100 * 1 / 4
    array([25., 25.], dtype=float32)
    """
    return _per_example(MeanAbsolutePercentageError, y_true, y_pred)


def mean_squared_logarithmic_error(y_true, y_pred):
    """Return the per-example mean squared logarithmic error, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)``.
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.

    Returns
    -------
    ndarray
        One loss per example, shape ``(m,)``.

    Examples
    --------
    >>> gn.losses.msle([[1.0]], [[3.0]]).round(4)  # (log 4 - log 2)^2
    array([0.4805], dtype=float32)
    """
    return _per_example(MeanSquaredLogarithmicError, y_true, y_pred)


def binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=False, alpha=0.25,
                              gamma=2.0, from_logits=False, label_smoothing=0.0, axis=-1):
    """Return the per-example binary focal cross-entropy, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)``.
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.
    apply_class_balancing : bool, default False
        Weigh the positive class by ``alpha`` and the negative by ``1 - alpha``.
    alpha : float, default 0.25
    gamma : float, default 2.0
        The focusing power: the cross-entropy is scaled by ``(1 - p_t)^gamma``.
    from_logits : bool, default False
    label_smoothing : float, default 0.0
    axis : int, default -1

    Returns
    -------
    ndarray
        One loss per example, shape ``(m,)``.

    Examples
    --------
    >>> gn.losses.binary_focal_crossentropy([[1.0]], [[0.5]]).round(4)  # 0.5^2 log 2
    array([0.1733], dtype=float32)
    """
    return _per_example(BinaryFocalCrossentropy, y_true, y_pred,
                        apply_class_balancing=apply_class_balancing, alpha=alpha,
                        gamma=gamma, from_logits=from_logits,
                        label_smoothing=label_smoothing, axis=axis)


def kl_divergence(y_true, y_pred):
    """Return the per-example Kullback-Leibler divergence, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)``.
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.

    Returns
    -------
    ndarray
        One loss per example, shape ``(m,)``.

    Examples
    --------
    >>> gn.losses.kl_divergence([[0.5, 0.5]], [[0.25, 0.75]]).round(4)
    array([0.1438], dtype=float32)
    """
    return _per_example(KLDivergence, y_true, y_pred)


def poisson(y_true, y_pred):
    """Return the per-example Poisson loss, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)``.
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.

    Returns
    -------
    ndarray
        One loss per example, shape ``(m,)``.

    Examples
    --------
    >>> gn.losses.poisson([[1.0]], [[2.0]]).round(4)  # 2 - log 2
    array([1.3069], dtype=float32)
    """
    return _per_example(Poisson, y_true, y_pred)


def hinge(y_true, y_pred):
    """Return the per-example hinge loss, shape ``(m,)``.

    Parameters
    ----------
    y_true : array_like
        Targets, shape ``(m, n_out)``.
    y_pred : array_like
        Predictions, shape ``(m, n_out)``.

    Returns
    -------
    ndarray
        One loss per example, shape ``(m,)``.

    Examples
    --------
    >>> gn.losses.hinge([[1.0], [-1.0]], [[0.3], [0.5]])  # 1 - 0.3, 1 + 0.5
    array([0.7, 1.5], dtype=float32)
    """
    return _per_example(Hinge, y_true, y_pred)


mse = mean_squared_error
mae = mean_absolute_error
mape = mean_absolute_percentage_error
msle = mean_squared_logarithmic_error
logcosh = log_cosh
kld = kl_divergence

# the classes, then the functions (each registered name is a function of this module)
__all__ = ["Loss", "REDUCTIONS", *(cls.__name__ for cls in LOSSES.values()), *LOSSES,
           *ALIASES, "get", "serialize"]
