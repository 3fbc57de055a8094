"""Numerical gradient checking: compare backpropagation with central differences.

For every trainable parameter element ``w``::

    numeric = (L(w + eps) - L(w - eps)) / (2 eps)

and per parameter array the relative error is
``||analytic - numeric|| / max(||analytic|| + ||numeric||, 1e-3 max(1, |L|))``. In
float64 a correct backward pass gives errors around 1e-9 or below; a wrong one gives
1e-2 or more. The floor matters only for gradients that are (nearly) zero, such as
the bias of a Dense layer followed by BatchNormalization: there the numeric gradient
is pure rounding noise (about 1e-10 |L|), and dividing noise by noise would report
an error of 1 for a correct backward pass.

Randomness is frozen during the check (every Dropout mask is the same in every
evaluation: the global generator and each ``layer.rng`` are restored before each
one, see the layer template in ``layers/base.py``) and moving statistics of
BatchNormalization are restored afterwards. The check uses the model's public
verbs: ``forward``, ``compute_loss``, ``backpropagate``, ``trainable_parameters``.
"""

import copy
import warnings

import numpy as np

from . import backend
from .models import inputs
from .models.model import ModelStateError

# Below this gradient norm (times max(1, |L|)) the error is measured absolutely.
_ZERO_GRADIENT_FLOOR = 1e-3


class GradientCheckResult:
    """Per-parameter relative errors from ``check_gradients``.

    Parameters
    ----------
    errors : dict
        ``"layer_name/param_name"`` -> relative error (the module's formula).
    analytic, numeric : dict
        The two gradients for each parameter, same keys and shapes as the parameters.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(1, input_shape=(2,), dtype="float64")])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> result = gn.utils.check_gradients(model, np.ones((3, 2)), np.zeros(3))
    >>> sorted(result.errors)
    ['dense/bias', 'dense/kernel']
    """

    def __init__(self, errors, analytic, numeric):
        self.errors, self.analytic, self.numeric = errors, analytic, numeric

    @property
    def max_error(self):
        return max(self.errors.values(), default=0.0)

    def passed(self, tolerance=1e-6):
        return self.max_error < tolerance

    def __repr__(self):
        rows = ", ".join(f"{k}: {v:.2e}" for k, v in self.errors.items())
        return f"GradientCheckResult(max_error={self.max_error:.2e}; {rows})"


def _random_states(model):
    """The state of glassnet's global generator and of every layer's own ``rng``."""
    generators = [backend.rng()] + [layer.rng for layer in model.layers if layer.rng is not None]
    return [(g, copy.deepcopy(g.bit_generator.state)) for g in generators]


def _restore_random_states(states):
    for generator, state in states:
        generator.bit_generator.state = copy.deepcopy(state)


def check_gradients(model, x, y, sample_weight=None, epsilon=1e-6):
    """Return a ``GradientCheckResult`` for the compiled ``model`` on ``(x, y)``.

    Use float64 (``glassnet.backend.set_floatx("float64")`` or a model built with
    ``dtype="float64"``): float32 central differences are only good to about 1e-3.

    Parameters
    ----------
    model : compiled model
    x : array (m, n_in)
    y : targets, as ``fit`` takes them
    sample_weight : array (m,), optional
    epsilon : float
        Step of the central differences ``(L(w + ε) − L(w − ε)) / 2ε``.

    Returns
    -------
    GradientCheckResult

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.backend.set_floatx("float64")
    >>> model = gn.Sequential([gn.layers.Dense(3, activation="tanh", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="sgd", loss="binary_crossentropy")
    >>> result = gn.utils.check_gradients(model, np.random.rand(5, 2), np.array([0, 1, 1, 0, 1]))
    >>> result.max_error < 1e-6
    True
    >>> gn.backend.set_floatx("float32")
    """
    if not model.compiled:
        raise ModelStateError(
            "check_gradients needs a compiled model (its loss defines the gradient): "
            "call model.compile(optimizer=..., loss=...) first."
        )
    Xs, Y, sw = inputs.check_data(model, x, y, sample_weight)
    dtype = Xs[0].dtype.name
    if dtype != "float64":
        warnings.warn(
            f"check_gradients on a {dtype} model: central differences are only "
            "good to about 1e-3 there. Build the model in float64 "
            "(glassnet.backend.set_floatx('float64') or dtype='float64').",
            stacklevel=2,
        )
    X = Xs if len(Xs) > 1 else Xs[0]
    saved_state = [{k: v.copy() for k, v in layer.state.items()} for layer in model.layers]
    randomness = _random_states(model)

    def total_loss():
        _restore_random_states(randomness)
        A = model.forward(X, training=True)
        return model.compute_loss(y=Y, y_pred=A, sample_weight=sw), A

    loss, A = total_loss()
    floor = _ZERO_GRADIENT_FLOOR * max(1.0, abs(loss))
    model.backpropagate(Y, A, sw)

    errors, analytic, numeric = {}, {}, {}
    for key, W, dW in model.trainable_parameters():
        analytic[key] = dW.copy()
        grad = np.zeros_like(W)
        flat, flat_grad = W.reshape(-1), grad.reshape(-1)
        for i in range(flat.size):
            original = flat[i]
            try:
                flat[i] = original + epsilon
                plus, _ = total_loss()
                flat[i] = original - epsilon
                minus, _ = total_loss()
            finally:
                flat[i] = original
            flat_grad[i] = (plus - minus) / (2 * epsilon)
        numeric[key] = grad
        diff = np.linalg.norm(analytic[key] - grad)
        scale = np.linalg.norm(analytic[key]) + np.linalg.norm(grad)
        errors[key] = float(diff / max(scale, floor))
    for layer, state in zip(model.layers, saved_state, strict=True):
        for k, v in state.items():
            layer.state[k][...] = v
    return GradientCheckResult(errors, analytic, numeric)


__all__ = ["check_gradients", "GradientCheckResult"]
