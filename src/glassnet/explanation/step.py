"""Run one training step on a copy of a model and keep every value the engine computed.

``explain(model, x, y)`` deep-copies the model, casts the copy to float64, and runs the
same step ``train_on_batch`` runs (forward, loss, backward, optimizer step) layer by
layer, keeping for each Dense layer ``l``:

- forward: ``A_prev`` (``A[l-1]``), ``Z[l] = A_prev W[l] + b[l]``, ``A[l] = g(Z[l])``;
- backward: ``dA[l] = dL/dA[l]``, ``g'(Z[l])``, ``dZ[l] = dL/dZ[l]`` (delta),
  ``dW[l] = A_prev^T dZ[l]``, ``db[l] = sum_rows dZ[l]``;
- the update: ``W[l]`` and ``b[l]`` after the optimizer's step, and the optimizer's
  state (velocity, moments) before and after.

Every array is read from the copy's layers (their cached ``A_prev, Z, A, dZ`` and
``grads``) or returned by the layers' own ``backward``; nothing is recomputed here.
The model itself is not changed.
"""

import copy
from dataclasses import dataclass, field

import numpy as np

from ..layers.core import InputLayer
from ..layers.dense import Dense
from ..models import inputs
from .formulas import require_formulas

FLOAT = "float64"


@dataclass
class LayerStep:
    """What one Dense layer computed in one training step (Keras orientation).

    Shapes: ``A_prev (m, n_in)``, ``W, dW, W_new (n_in, n_out)``, ``b, db, b_new
    (n_out,)`` (``None`` without a bias), ``Z, A, dA, gprime, dZ (m, n_out)``.
    ``dA`` is ``None`` for an output layer whose ``dZ`` came from the fused
    cross-entropy gradient ``(A - Y)/m``; ``gprime`` is still shown there.
    """

    index: int
    name: str
    activation: object
    A_prev: np.ndarray
    W: np.ndarray
    b: object
    Z: np.ndarray
    A: np.ndarray
    dA: object = None
    gprime: object = None
    dZ: object = None
    dW: object = None
    db: object = None
    W_new: object = None
    b_new: object = None
    slots_before: dict = field(default_factory=dict)
    slots_after: dict = field(default_factory=dict)
    trainable: bool = True
    regularizers: dict = field(default_factory=dict)

    @property
    def n_in(self):
        return self.W.shape[0]

    @property
    def n_out(self):
        return self.W.shape[1]


@dataclass
class StepInfo:
    """What the whole step computed, beside the layers' ``LayerStep`` records.

    ``X, Y`` as the engine prepared them (``(m, n_in)``, ``(m, n_out)``),
    ``sample_weight`` (``(m,)`` or None), ``loss`` (the batch loss, penalties
    included), ``loss_object``, ``fused`` (whether the loss gave the output layer
    ``dZ = (A − Y)/m`` directly), ``optimizer`` and ``model`` (float64 copies as they
    were before the step), ``learning_rate`` and ``iterations`` of the step,
    ``model_dtype`` (the explained model's own dtype), ``after`` (the copy after the
    step: where a next step starts), ``step`` (1 for the first).
    """

    X: np.ndarray
    Y: np.ndarray
    sample_weight: object
    loss: float
    loss_object: object
    fused: bool
    optimizer: object
    model: object
    learning_rate: float
    iterations: int
    model_dtype: str
    after: object = None
    step: int = 1

    def __getitem__(self, name):  # the first version was a dict: info["Y"] still reads
        return getattr(self, name)


def dense_layers(model):
    """Return the model's Dense layers in order, or raise a clear error."""
    layers = [layer for layer in model.layers if not isinstance(layer, InputLayer)]
    others = [f"{type(layer).__name__} '{layer.name}'" for layer in layers
              if not isinstance(layer, Dense)]
    if others or not layers:
        raise TypeError(
            "explain() works on a stack of Dense layers, but the model has "
            f"{', '.join(others) or 'no layers'}. Use Dense(units, activation=...) "
            "layers only (put the activation inside Dense)."
        )
    nodes = getattr(model, "_nodes", None)
    if nodes is not None:  # a functional model must be a plain chain
        for previous, node in zip(nodes, nodes[1:], strict=False):
            if len(node.inbound) != 1 or node.inbound[0] is not previous:
                raise TypeError(
                    f"explain() needs a plain chain of Dense layers, but layer "
                    f"'{node.layer.name}' does not take the previous layer's output. "
                    "Rebuild the network as a Sequential model."
                )
    return layers


def float64_copy(model):
    """Deep copy of a compiled model (optimizer included) with float64 weights."""
    if not getattr(model, "compiled", False):
        raise RuntimeError(
            "explain() needs a compiled model (its loss and optimizer define the step): "
            "call model.compile(optimizer=..., loss=...) first."
        )
    clone = copy.deepcopy(model)
    clone.dtype = FLOAT
    for layer in clone.layers:
        layer.cast(FLOAT)
    for slots in (clone.optimizer.slots or {}).values():
        slots[:] = [s.astype(FLOAT) for s in slots]
    return clone


def _slot_dict(optimizer, key):
    if not optimizer.slots or key not in optimizer.slots:
        return {name: None for name in optimizer.slot_names}
    slots = optimizer.slots[key]
    return {name: s.copy() for name, s in zip(optimizer.slot_names, slots, strict=True)}


def run_step(model, x, y, sample_weight=None):
    """Run one training step on a float64 copy of ``model``; return what it computed.

    Returns
    -------
    steps : list of LayerStep
    info : StepInfo
    """
    if not getattr(model, "built", False):
        raise RuntimeError(
            "explain() needs a built model (its weights are the starting point): give "
            "the first layer input_shape=(n_features,), or call model.build first."
        )
    clone = float64_copy(model)
    layers = dense_layers(clone)
    for layer in layers:
        require_formulas(layer.activation, "activation", ("formula", "derivative_formula"))
    require_formulas(clone.loss, "loss", ("formula", "gradient_formula"))
    Xs, Y, sw = inputs.check_data(clone, x, y, sample_weight)
    optimizer = clone.optimizer
    clone_before = copy.deepcopy(clone)  # for replay.py: the step again, values replaced
    optimizer_before = clone_before.optimizer
    before = [(layer.params["kernel"].copy(),
               layer.params["bias"].copy() if layer.use_bias else None) for layer in layers]

    # forward and backward: the model's own passes; each Dense layer keeps A_prev, Z,
    # A, its incoming dA (None where the loss gave dZ directly) and dZ
    A_out = clone.forward(Xs[0], training=True)
    loss = clone.compute_loss(y=Y, y_pred=A_out, sample_weight=sw)
    clone.backpropagate(Y, A_out, sw)

    # the optimizer's step, on the same parameter lists train_on_batch uses
    learning_rate = optimizer.current_learning_rate()
    iterations = optimizer.iterations
    clone.optimizer.step(clone.trainable_parameters())

    steps = []
    for l, (layer, (W, b)) in enumerate(zip(layers, before, strict=True), start=1):
        keys = [f"{layer.name}/kernel", f"{layer.name}/bias" if layer.use_bias else None]
        steps.append(LayerStep(
            index=l, name=layer.name, activation=layer.activation,
            A_prev=layer.A_prev, W=W, b=b, Z=layer.Z, A=layer.A,
            dA=layer.dA,
            gprime=layer.activation.derivative(layer.Z, layer.A),
            dZ=layer.dZ, dW=layer.grads["kernel"].copy(),
            db=layer.grads["bias"].copy() if layer.use_bias else None,
            W_new=layer.params["kernel"].copy(),
            b_new=layer.params["bias"].copy() if layer.use_bias else None,
            slots_before={"kernel": _slot_dict(optimizer_before, keys[0]),
                          "bias": _slot_dict(optimizer_before, keys[1])},
            slots_after={"kernel": _slot_dict(optimizer, keys[0]),
                         "bias": _slot_dict(optimizer, keys[1])},
            trainable=layer.trainable, regularizers=dict(layer.regularizers),
        ))
    info = StepInfo(X=Xs[0], Y=Y, sample_weight=sw, loss=float(loss), loss_object=clone.loss,
                    fused=clone.fused, optimizer=optimizer_before, model=clone_before,
                    learning_rate=learning_rate, iterations=iterations,
                    model_dtype=model.dtype or model.layers[0].dtype, after=clone)
    return steps, info
