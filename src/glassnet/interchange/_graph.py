"""Walking a functional model's graph through its public symbolic tensors."""

from ..models.functional import depth_first


def tensors_in_order(model):
    """Every tensor the outputs depend on, each after the tensors it is computed from.

    A tensor is one call of a layer (``tensor.layer`` on ``tensor.inbound``), so a
    layer used in several places appears once per call; inputs have no ``inbound``.
    """
    return depth_first(model.outputs)[1]


def model_dtype(model):
    """The dtype the model computes in: its own, else its first built layer's, else floatx."""
    from .. import backend

    if model.dtype:
        return model.dtype
    for layer in model.layers:
        if layer.built and layer.dtype:
            return layer.dtype
    return backend.floatx()
