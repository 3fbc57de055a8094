"""All of a model's trainable parameters as pieces of one vector ``θ``.

An optimizer's rule is element-wise: Adam's ``m <- m + (1 - β1)(dW - m)`` and the
rest act on each number of ``W`` by itself. Applied array by array, a step calls the
rule once per ``W`` and per ``b``, a dozen NumPy operations each time, and for a
small network those calls cost more than the arithmetic. So before training,
``pack(model)`` moves every trainable parameter into one vector ``theta`` and every
gradient into one vector ``grad``:

    theta = [ W1 (flattened) | b1 | W2 | b2 | ... ]        grad = [ dW1 | db1 | ... ]

Each layer's ``params[name]`` becomes a view of its piece of ``theta`` (same shape,
same values) and ``grads[name]`` a view of the same piece of ``grad``. The layers
compute exactly as before: they read ``W`` and write ``dW`` in place. The optimizer
sees that the parameters tile one vector (``tiling``) and applies its rule once,
to the whole of ``θ``::

    θ <- θ - η ∇θ                  (SGD; Adam's rule likewise, on vectors m, v of θ's size)

which is the same step, number for number. ``set_weights``, loading a model file and
the gradient checker write into the views, so they keep working. A parameter that is
rebound later (a layer cast to another dtype, a layer frozen or added) no longer
tiles ``θ``: the optimizer then updates array by array, and the next ``fit`` packs
again.
"""

import numpy as np

from ..layers.base import Layer


def _start(view, vector):
    """Where ``view`` starts inside ``vector``, counted in elements."""
    offset = view.__array_interface__["data"][0] - vector.__array_interface__["data"][0]
    return offset // vector.itemsize


def tiling(parameters):
    """``(theta, grad)`` if the ``W`` of ``parameters`` (``(key, W, dW)``) lie end to end
    in one vector, in order and covering it, and their ``dW`` likewise; else None."""
    if not parameters:
        return None
    theta, grad = parameters[0][1].base, parameters[0][2].base
    if not (isinstance(theta, np.ndarray) and isinstance(grad, np.ndarray)):
        return None
    if theta.ndim != 1 or grad.shape != theta.shape or grad.dtype != theta.dtype:
        return None
    offset = 0
    for _, W, dW in parameters:
        if (W.base is not theta or dW.base is not grad or not W.flags.c_contiguous
                or not dW.flags.c_contiguous or _start(W, theta) != offset
                or _start(dW, grad) != offset or dW.shape != W.shape):
            return None
        offset += W.size
    return (theta, grad) if offset == theta.size else None


def pack(model):
    """Make every trainable parameter of ``model`` a view of one vector ``theta``.

    And its gradient a view of the same piece of ``grad``; values are kept. Nothing
    is done when they already tile one vector, or when the parameters do not share
    one dtype. Returns ``(theta, grad)`` or None.
    """
    pieces = [(layer, name) for layer in model.layers if layer.trainable
              for name in layer.params]
    parameters = [(name, layer.params[name], layer.grads[name]) for layer, name in pieces]
    if not parameters or tiling(parameters) is not None:
        return tiling(parameters)
    dtypes = {W.dtype for _, W, _ in parameters} | {dW.dtype for _, _, dW in parameters}
    if len(dtypes) != 1 or len({id(W) for _, W, _ in parameters}) != len(parameters):
        return None
    size = sum(W.size for _, W, _ in parameters)
    theta, grad = np.empty(size, dtypes.pop()), np.empty(size, parameters[0][1].dtype)
    offset = 0
    for layer, name in pieces:
        W, dW = layer.params[name], layer.grads[name]
        piece = slice(offset, offset + W.size)
        theta[piece], grad[piece] = W.reshape(-1), dW.reshape(-1)
        layer.params[name] = theta[piece].reshape(W.shape)
        layer.grads[name] = grad[piece].reshape(W.shape)
        offset += W.size
    Layer.arrays_changed()
    return theta, grad
