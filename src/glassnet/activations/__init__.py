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
from .classic import Linear, Sigmoid, Softmax, Tanh
from .rectifiers import ELU, SELU, LeakyReLU, ReLU
from .smooth import GELU, Exponential, HardSigmoid, SiLU, Softplus, Softsign

ACTIVATIONS = registry(
    Linear, Sigmoid, Tanh, ReLU, LeakyReLU, ELU, SELU, Softmax, GELU, SiLU, Softplus,
    Softsign, HardSigmoid, Exponential,
)
ALIASES = {"swish": "silu"}  # Keras: swish and silu are one function


def get(identifier):
    """Return an ``Activation`` for a name, an instance, a config dict or ``None``.

    ``None`` means linear, as in Keras; the plain functions below work too.
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
    (``"relu"``), or ``{"name", "config"}`` when its settings are not the defaults."""
    config = activation.get_config()
    if activation.name in ACTIVATIONS and config == type(activation)().get_config():
        return activation.name
    return {"name": activation.name, "config": config}


def linear(x):
    """Return ``x`` unchanged."""
    return Linear()(x)


def sigmoid(x):
    """Return ``1 / (1 + exp(-x))``, stable for any finite ``x``."""
    return Sigmoid()(x)


def tanh(x):
    """Return ``tanh(x)``."""
    return Tanh()(x)


def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Return ``max(0, x)``, or Keras's generalised ReLU (see ``ReLU``)."""
    return ReLU(negative_slope, max_value, threshold)(x)


def leaky_relu(x, negative_slope=0.2, alpha=None):
    """Return ``x`` where ``x > 0``, else ``negative_slope * x`` (``alpha``: older name)."""
    return LeakyReLU(negative_slope, alpha)(x)


def elu(x, alpha=1.0):
    """Return ``x`` where ``x > 0``, else ``alpha * (exp(x) - 1)``."""
    return ELU(alpha)(x)


def softmax(x):
    """Return the row-wise softmax of ``x``, stable for any finite ``x``."""
    return Softmax()(x)


def selu(x):
    """Return ``1.0507 * (x if x > 0 else 1.6733 * (exp(x) - 1))``."""
    return SELU()(x)


def gelu(x, approximate=False):
    """Return ``x * Phi(x)`` (or its tanh approximation)."""
    return GELU(approximate)(x)


def silu(x):
    """Return ``x * sigmoid(x)``."""
    return SiLU()(x)


swish = silu


def softplus(x):
    """Return ``log(1 + exp(x))``, stable for any finite ``x``."""
    return Softplus()(x)


def softsign(x):
    """Return ``x / (1 + |x|)``."""
    return Softsign()(x)


def hard_sigmoid(x):
    """Return ``clip(x / 6 + 1/2, 0, 1)``."""
    return HardSigmoid()(x)


def exponential(x):
    """Return ``exp(x)``."""
    return Exponential()(x)
