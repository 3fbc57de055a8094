"""Walking a functional model's graph through its public symbolic tensors."""


def tensors_in_order(model):
    """Every tensor the outputs depend on, each after the tensors it is computed from.

    A tensor is one call of a layer (``tensor.layer`` on ``tensor.inbound``), so a
    layer used in several places appears once per call; inputs have no ``inbound``.
    """
    seen, order = set(), []

    def visit(t):
        if id(t) in seen:
            return
        seen.add(id(t))
        for s in t.inbound:
            visit(s)
        order.append(t)

    for output in model.outputs:
        visit(output)
    return order


def model_dtype(model):
    """The dtype the model computes in: its own, else its first built layer's, else floatx."""
    from .. import backend

    if model.dtype:
        return model.dtype
    for layer in model.layers:
        if layer.built and layer.dtype:
            return layer.dtype
    return backend.floatx()
