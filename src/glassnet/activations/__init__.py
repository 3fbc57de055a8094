"""Activation functions, each with its derivative right beside it.

An activation maps the weighted sum ``Z`` to the output ``A = g(Z)`` element by
element (softmax: row by row). Backpropagation needs ``dZ = dA * g'(Z)``; each class
gives ``derivative(Z, A)`` (the element-wise ``g'(Z)``, written with whichever of
``Z`` or ``A`` makes it cheapest) and ``backward(Z, A, dA)`` (``dZ``).

Shapes: ``Z``, ``A``, ``dA`` and ``dZ`` are all ``(m, n)``, one row per example.

Use by name (``get("relu")``), as classes (``ReLU()``), or as plain functions on
arrays (``relu(x)``), as in ``keras.activations``.
"""

from .._registry import lookup, registry
from .base import Activation
from .classic import Linear, ReLU, Sigmoid, Softmax, Tanh
from .rectifiers import ELU, SELU, LeakyReLU
from .smooth import GELU, Exponential, HardSigmoid, SiLU, Softplus, Softsign

ACTIVATIONS = registry(
    Linear, Sigmoid, Tanh, ReLU, LeakyReLU, ELU, SELU, Softmax, GELU, SiLU, Softplus,
    Softsign, HardSigmoid, Exponential,
)
ALIASES = {"swish": "silu"}  # Keras: swish and silu are one function


def get(identifier):
    """Return an ``Activation`` for a name, an instance, a config dict or ``None``.

    ``None`` means linear, as in Keras; the plain functions below work too.

    Parameters
    ----------
    identifier : str, dict, Activation, callable or None
        A name (``"relu"``; any case), a config dict ``{"name": ..., "config": ...}``,
        an instance (returned as it is), one of the functions of this module, or
        ``None`` (linear).

    Examples
    --------
    >>> gn.activations.get("relu")
    ReLU()
    >>> gn.activations.get(None)
    Linear()
    >>> gn.activations.get({"name": "leaky_relu", "config": {"negative_slope": 0.1}})
    LeakyReLU(negative_slope=0.1)
    """
    if identifier is None:
        return Linear()
    for cls in ACTIVATIONS.values():  # the plain functions below
        if identifier is globals().get(cls.name):
            return cls()
    return lookup(identifier, ACTIVATIONS, Activation, "activation", "glassnet.activations",
                  ALIASES)


def serialize(activation):
    """Return the JSON-ready form of an activation: its name, as Keras writes it
    (``"relu"``), or ``{"name", "config"}`` when its settings are not the defaults.

    Parameters
    ----------
    activation : Activation

    Examples
    --------
    >>> gn.activations.serialize(gn.activations.ReLU())
    'relu'
    >>> gn.activations.serialize(gn.activations.ELU(alpha=0.5))
    {'name': 'elu', 'config': {'alpha': 0.5}}
    """
    config = activation.get_config()
    if activation.name in ACTIVATIONS and config == type(activation)().get_config():
        return activation.name
    return {"name": activation.name, "config": config}


def linear(x):
    """Return ``x`` unchanged.

    Parameters
    ----------
    x : array_like
        Any shape; integers are converted to ``floatx()``.

    Returns
    -------
    ndarray
        The same shape as ``x``.

    Examples
    --------
    >>> gn.activations.linear([1.0, -2.0])
    array([ 1., -2.])
    """
    return Linear()(x)


def sigmoid(x):
    """Return ``1 / (1 + exp(-x))``, stable for any finite ``x``.

    Parameters
    ----------
    x : array_like
        Any shape; integers are converted to ``floatx()``.

    Returns
    -------
    ndarray
        The same shape as ``x``.

    Examples
    --------
    >>> gn.activations.sigmoid([0.0, 2.0])
    array([0.5       , 0.88079708])
    """
    return Sigmoid()(x)


def tanh(x):
    """Return ``tanh(x)``.

    Parameters
    ----------
    x : array_like
        Any shape; integers are converted to ``floatx()``.

    Returns
    -------
    ndarray
        The same shape as ``x``.

    Examples
    --------
    >>> gn.activations.tanh([0.0, 1.0])
    array([0.        , 0.76159416])
    """
    return Tanh()(x)


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Return ``max(0, x)``, or Keras's generalised ReLU (see ``ReLU``).

    Parameters
    ----------
    x : array_like
        Any shape; integers are converted to ``floatx()``.

    negative_slope, max_value, threshold : float
        As ``ReLU``.

    Returns
    -------
    ndarray
        The same shape as ``x``.

    Examples
    --------
    >>> gn.activations.relu([-1.0, 0.5, 3.0])
    array([0. , 0.5, 3. ])
    """
    return ReLU(negative_slope, max_value, threshold)(x)


def leaky_relu(x, negative_slope=0.2, alpha=None):
    """Return ``x`` where ``x > 0``, else ``negative_slope * x`` (``alpha``: older name).

    Parameters
    ----------
    x : array_like
        Any shape; integers are converted to ``floatx()``.

    negative_slope : float, default 0.2
    alpha : float, optional
        The older name of ``negative_slope``.

    Returns
    -------
    ndarray
        The same shape as ``x``.

    Examples
    --------
    >>> gn.activations.leaky_relu([-1.0, 2.0])
    array([-0.2,  2. ])
    """
    return LeakyReLU(negative_slope, alpha)(x)


def elu(x, alpha=1.0):
    """Return ``x`` where ``x > 0``, else ``alpha * (exp(x) - 1)``.

    Parameters
    ----------
    x : array_like
        Any shape; integers are converted to ``floatx()``.

    alpha : float, default 1.0

    Returns
    -------
    ndarray
        The same shape as ``x``.

    Examples
    --------
    >>> gn.activations.elu([-1.0, 1.0])  # e^-1 - 1 = -0.632
    array([-0.63212056,  1.        ])
    """
    return ELU(alpha)(x)


def softmax(x):
    """Return the row-wise softmax of ``x``, stable for any finite ``x``.

    Parameters
    ----------
    x : array_like
        Shape ``(m, n)`` (or ``(n,)``): softmax over the last axis.

    Returns
    -------
    ndarray
        The same shape as ``x``; each row sums to 1.

    Examples
    --------
    >>> gn.activations.softmax([1.0, 2.0])  # e^1 / (e^1 + e^2) = 0.269
    array([0.26894142, 0.73105858])
    """
    return Softmax()(x)


def selu(x):
    """Return ``1.0507 * (x if x > 0 else 1.6733 * (exp(x) - 1))``.

    Parameters
    ----------
    x : array_like
        Any shape; integers are converted to ``floatx()``.

    Returns
    -------
    ndarray
        The same shape as ``x``.

    Examples
    --------
    >>> gn.activations.selu([-1.0, 1.0])  # 1.0507 * 1.6733 * (e^-1 - 1) = -1.1113
    array([-1.11133074,  1.05070099])
    """
    return SELU()(x)


def gelu(x, approximate=False):
    """Return ``x * Phi(x)`` (or its tanh approximation).

    Parameters
    ----------
    x : array_like
        Any shape; integers are converted to ``floatx()``.

    approximate : bool, default False
        Use the tanh approximation.

    Returns
    -------
    ndarray
        The same shape as ``x``.

    Examples
    --------
    >>> gn.activations.gelu([1.0])  # 1 * Phi(1) = 0.8413
    array([0.84134475])
    >>> gn.activations.gelu([1.0], approximate=True)
    array([0.84119199])
    """
    return GELU(approximate)(x)


def silu(x):
    """Return ``x * sigmoid(x)``.

    Parameters
    ----------
    x : array_like
        Any shape; integers are converted to ``floatx()``.

    Returns
    -------
    ndarray
        The same shape as ``x``.

    Examples
    --------
    >>> gn.activations.silu([2.0])  # 2 / (1 + e^-2) = 1.7616
    array([1.76159416])
    """
    return SiLU()(x)


swish = silu


def softplus(x):
    """Return ``log(1 + exp(x))``, stable for any finite ``x``.

    Parameters
    ----------
    x : array_like
        Any shape; integers are converted to ``floatx()``.

    Returns
    -------
    ndarray
        The same shape as ``x``.

    Examples
    --------
    >>> gn.activations.softplus([1.0])  # log(1 + e) = 1.3133
    array([1.31326169])
    """
    return Softplus()(x)


def softsign(x):
    """Return ``x / (1 + |x|)``.

    Parameters
    ----------
    x : array_like
        Any shape; integers are converted to ``floatx()``.

    Returns
    -------
    ndarray
        The same shape as ``x``.

    Examples
    --------
    >>> gn.activations.softsign([1.0])
    array([0.5])
    """
    return Softsign()(x)


def hard_sigmoid(x):
    """Return ``clip(x / 6 + 1/2, 0, 1)``.

    Parameters
    ----------
    x : array_like
        Any shape; integers are converted to ``floatx()``.

    Returns
    -------
    ndarray
        The same shape as ``x``.

    Examples
    --------
    >>> gn.activations.hard_sigmoid([-3.0, 3.0])
    array([0., 1.])
    """
    return HardSigmoid()(x)


def exponential(x):
    """Return ``exp(x)``.

    Parameters
    ----------
    x : array_like
        Any shape; integers are converted to ``floatx()``.

    Returns
    -------
    ndarray
        The same shape as ``x``.

    Examples
    --------
    >>> gn.activations.exponential([0.0, 1.0])
    array([1.        , 2.71828183])
    """
    return Exponential()(x)


# the classes, then the functions (each registered name is a function of this module)
__all__ = ["Activation", *(cls.__name__ for cls in ACTIVATIONS.values()), *ACTIVATIONS,
           *ALIASES, "get", "serialize"]
