"""Run one training step on a copy of a model and keep every value the engine computed.

``explain(model, x, y)`` deep-copies the model, casts the copy to float64, and runs the
same step ``train_on_batch`` runs (forward, loss, backward, optimizer step), keeping
for each *unit* ``l`` (a Dense layer and the Activation, BatchNormalization and Dropout
layers after it, up to the next Dense layer):

- forward: ``A_prev`` (the previous unit's output), ``Z[l] = A_prev W[l] + b[l]``,
  [batch normalization of ``Z``: ``μ, σ², Ẑ, Z̃ = γ Ẑ + β``], ``A[l] = g(Z or Z̃)``
  (``g`` inside Dense or a separate Activation/Softmax layer), [batch normalization
  of ``A``], [dropout: mask ``M``, ``A ⊙ M / (1 − rate)``];
- backward: the gradient arriving at the unit's output, back through each of those
  (``dA[l]``, ``g'``, ``dZ[l]`` = delta, ``dW[l] = A_prev^T dZ[l]``,
  ``db[l] = sum_rows dZ[l]``, ``dγ, dβ, dẐ``);
- the update: every parameter after the optimizer's step, and the optimizer's state
  before and after.

Every array is what the copy's layers computed: their inputs, outputs and incoming
and outgoing gradients are recorded as the model's own ``forward`` and ``backward``
pass them along (see ``_record``); only the batch mean and variance of a
BatchNormalization layer are read off its input with the same NumPy calls it makes.
The model itself is not changed.
"""

import copy
from dataclasses import dataclass, field

import numpy as np

from ..layers.activation import Activation
from ..layers.core import InputLayer
from ..layers.dense import Dense
from ..layers.dropout import Dropout
from ..layers.normalization import BatchNormalization
from ..models import inputs
from .formulas import NotSupportedError, require_formulas

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
    pre: list = field(default_factory=list)
    post: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    ops: dict = field(default_factory=dict)

    # where the unit's values flow (quantity names, as the checker uses them)
    @property
    def act_in(self):
        """What ``g`` reads: ``"Z"``, or ``"bn"`` (``Z̃``) after a batch normalization."""
        return "bn" if self.pre else "Z"

    @property
    def act_grad(self):
        """The gradient at ``g``'s input: ``"dZ"`` (δ) or ``"dbn"`` (``∂L/∂Z̃``)."""
        return "dbn" if self.pre else "dZ"

    @property
    def out(self):
        """The unit's output, what the next layer reads: ``"A"``, ``"bn"``, ``"drop"``."""
        return self.post[-1] if self.post else "A"

    @property
    def arriving(self):
        """The gradient arriving at the unit's output: ``"dA"``, ``"dbn"``, ``"ddrop"``."""
        return "d" + self.out if self.post else "dA"

    def input_of(self, op):
        """The quantity an op of the unit reads (``"Z"``, ``"A"`` or ``"bn"``)."""
        if op in self.pre:
            return "Z"
        k = self.post.index(op)
        return self.post[k - 1] if k else "A"

    def value(self, q):
        """The engine's value of quantity ``q`` of this unit."""
        if q in self.values:
            return self.values[q]
        return getattr(self, q)

    def parameters(self):
        """``[(q, name, P, dP, P_new, slots_before, slots_after)]``: Dense's ``W, b``
        then a batch normalization's ``γ, β``."""
        out = [("W", "kernel", self.W, self.dW, self.W_new)]
        if self.b is not None:
            out.append(("b", "bias", self.b, self.db, self.b_new))
        if "bn" in self.pre + self.post:
            v = self.values
            out += [("gamma", "gamma", v["gamma"], v["dgamma"], v["gamma_new"]),
                    ("beta", "beta", v["beta"], v["dbeta"], v["beta_new"])]
        return [(q, name, P, dP, P_new, self.slots_before[name], self.slots_after[name])
                for q, name, P, dP, P_new in out]

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


SUPPORTED = ("Dense layers, each followed by any of Activation (or ReLU, LeakyReLU, ELU, "
             "Softmax), BatchNormalization and Dropout")


@dataclass
class Unit:
    """A Dense layer and the layers after it up to the next Dense layer.

    ``activation`` is ``g`` (Dense's own, or a separate Activation layer's,
    ``act_layer``); ``pre`` the batch normalization before ``g`` (on ``Z``), ``post``
    the layers after it, by kind (``"bn"``, ``"drop"``), with ``layers`` by kind."""

    dense: object
    activation: object
    act_layer: object = None
    pre: list = field(default_factory=list)
    post: list = field(default_factory=list)
    layers: dict = field(default_factory=dict)


def _kind(layer):
    if isinstance(layer, BatchNormalization):
        return "bn"
    if isinstance(layer, Dropout):
        return "drop"
    return "act" if isinstance(layer, Activation) else None


def _unsupported(what):
    return NotSupportedError(f"explain() writes out {SUPPORTED}, but {what}.")


def _unit(dense, ops):
    unit = Unit(dense, dense.activation)
    has_g = dense.activation.name != "linear"
    where = unit.post
    for layer in ops:
        kind = _kind(layer)
        label = f"{type(layer).__name__} '{layer.name}'"
        if kind == "act":
            if has_g:
                raise _unsupported(f"{label} follows Dense '{dense.name}', which already has "
                                   "an activation: give one of them activation 'linear'")
            if "drop" in unit.post:
                raise _unsupported(f"{label} comes after a Dropout: put Dropout after the "
                                   "activation")
            unit.activation, unit.act_layer, has_g = layer.activation, layer, True
            unit.pre, unit.post = unit.post, []
            where = unit.post
            continue
        if kind in unit.pre + unit.post:
            raise _unsupported(f"Dense '{dense.name}' is followed by two {type(layer).__name__} "
                               "layers")
        if kind == "bn" and "drop" in where:
            raise _unsupported(f"{label} comes after a Dropout: put it before the Dropout")
        if kind == "bn" and not (layer.center and layer.scale):
            raise _unsupported(f"{label} has center=False or scale=False: explain shows "
                               "γ and β; use the defaults")
        where.append(kind)
        unit.layers[kind] = layer
    return unit


def units(model):
    """The model's layers grouped into ``Unit``s, or a clear ``NotSupportedError``."""
    layers = [layer for layer in model.layers if not isinstance(layer, InputLayer)]
    groups = []
    for layer in layers:
        if isinstance(layer, Dense):
            groups.append((layer, []))
        elif _kind(layer) is None:
            raise _unsupported(f"the model has {type(layer).__name__} '{layer.name}'")
        elif not groups:
            raise _unsupported(f"{type(layer).__name__} '{layer.name}' comes before the "
                               "first Dense layer")
        else:
            groups[-1][1].append(layer)
    if not groups:
        raise _unsupported("the model has no layers")
    nodes = getattr(model, "_nodes", None)
    if nodes is not None:  # a functional model must be a plain chain
        for previous, node in zip(nodes, nodes[1:], strict=False):
            if len(node.inbound) != 1 or node.inbound[0] is not previous:
                raise TypeError(
                    f"explain() needs a plain chain of layers, but layer "
                    f"'{node.layer.name}' does not take the previous layer's output. "
                    "Rebuild the network as a Sequential model."
                )
    return [_unit(dense, ops) for dense, ops in groups]


def dense_layers(model):
    """The model's Dense layers in order (``units`` checks the rest)."""
    return [unit.dense for unit in units(model)]


def _record(model):
    """Wrap each layer's ``forward``/``backward`` on this copy so that what the model
    passes between them is kept: ``{name: {"in", "out", "d_out", "d_in"}}``. The
    wrappers are instance attributes; ``_unrecord`` removes them."""
    seen = {}
    for layer in model.layers:
        r = seen[layer.name] = {}

        def forward(A_prev, training=False, _f=layer.forward, _r=r):
            out = _f(A_prev, training)
            _r["in"], _r["out"] = np.array(A_prev), np.array(out)
            return out

        def backward(dA=None, *, dZ=None, _b=layer.backward, _r=r):
            _r["d_out"] = None if dA is None else np.array(dA)
            d = _b(dA, dZ=dZ)
            _r["d_in"] = None if d is None else np.array(d)
            return d

        layer.forward, layer.backward = forward, backward
    return seen


def _unrecord(model):
    for layer in model.layers:
        for name in ("forward", "backward"):
            layer.__dict__.pop(name, None)


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


def _bn_values(layer, r, before):
    """A batch normalization's values: statistics, ``X̂``, output and gradients."""
    X = r["in"]
    gamma, beta = before
    return {"mu": X.mean(axis=0), "var": X.var(axis=0), "xhat": layer.X_hat.copy(),
            "bn": r["out"], "gamma": gamma, "beta": beta,
            "dbn": r["d_out"], "dgamma": layer.grads["gamma"].copy(),
            "dbeta": layer.grads["beta"].copy(), "dxhat": r["d_out"] * gamma,
            "gamma_new": layer.params["gamma"].copy(),
            "beta_new": layer.params["beta"].copy()}


def run_step(model, x, y, sample_weight=None):
    """Run one training step on a float64 copy of ``model``; return what it computed.

    Returns
    -------
    steps : list of LayerStep
        One per unit (Dense layer and the layers after it).
    info : StepInfo
    """
    if not getattr(model, "built", False):
        raise RuntimeError(
            "explain() needs a built model (its weights are the starting point): give "
            "the first layer input_shape=(n_features,), or call model.build first."
        )
    clone = float64_copy(model)
    chain = units(clone)
    for unit in chain:
        require_formulas(unit.activation, "activation", ("formula", "derivative_formula"))
    require_formulas(clone.loss, "loss", ("formula", "gradient_formula"))
    for layer in clone.layers:
        for reg in getattr(layer, "regularizers", {}).values():
            require_formulas(reg, "regularizer", ("formula", "gradient_formula"))
    Xs, Y, sw = inputs.check_data(clone, x, y, sample_weight)
    optimizer = clone.optimizer
    clone_before = copy.deepcopy(clone)  # for replay.py: the step again, values replaced
    optimizer_before = clone_before.optimizer
    before = {layer.name: {k: v.copy() for k, v in layer.params.items()}
              for layer in clone.layers}

    # forward and backward: the model's own passes, recorded layer by layer
    seen = _record(clone)
    try:
        A_out = clone.forward(Xs[0], training=True)
        loss = clone.compute_loss(y=Y, y_pred=A_out, sample_weight=sw)
        clone.backpropagate(Y, A_out, sw)
    finally:
        _unrecord(clone)

    # the optimizer's step, on the same parameter lists train_on_batch uses
    learning_rate = optimizer.current_learning_rate()
    iterations = optimizer.iterations
    clone.optimizer.step(clone.trainable_parameters())

    steps = []
    for l, unit in enumerate(chain, start=1):
        layer = unit.dense
        W, b = before[layer.name]["kernel"], before[layer.name].get("bias")
        slot_of = {"kernel": f"{layer.name}/kernel", "bias": f"{layer.name}/bias"}
        values, ops = {}, {}
        if unit.act_layer is not None:
            r = seen[unit.act_layer.name]
            A, dA = r["out"], r["d_out"]
        else:
            A, dA = layer.A, layer.dA
        act_input = layer.Z
        for kind, op in unit.layers.items():
            r = seen[op.name]
            ops[kind] = op
            if kind == "bn":
                values.update(_bn_values(op, r, (before[op.name]["gamma"],
                                                  before[op.name]["beta"])))
                slot_of.update(gamma=f"{op.name}/gamma", beta=f"{op.name}/beta")
                if kind in unit.pre:
                    act_input = r["out"]
            else:
                values.update(drop=r["out"], ddrop=r["d_out"],
                              mask=(op.mask != 0).astype(float) if op.mask is not None
                              else np.ones_like(r["in"]))
        steps.append(LayerStep(
            index=l, name=layer.name, activation=unit.activation,
            A_prev=layer.A_prev, W=W, b=b, Z=layer.Z, A=A, dA=dA,
            gprime=unit.activation.derivative(act_input, A),
            dZ=layer.dZ, dW=layer.grads["kernel"].copy(),
            db=layer.grads["bias"].copy() if layer.use_bias else None,
            W_new=layer.params["kernel"].copy(),
            b_new=layer.params["bias"].copy() if layer.use_bias else None,
            slots_before={n: _slot_dict(optimizer_before, k) for n, k in slot_of.items()},
            slots_after={n: _slot_dict(optimizer, k) for n, k in slot_of.items()},
            trainable=layer.trainable,
            regularizers={**layer.regularizers, **{
                f"{p}": reg for op in unit.layers.values()
                for p, reg in getattr(op, "regularizers", {}).items()}},
            pre=list(unit.pre), post=list(unit.post), values=values, ops=ops,
        ))
    info = StepInfo(X=Xs[0], Y=Y, sample_weight=sw, loss=float(loss), loss_object=clone.loss,
                    fused=clone.fused, optimizer=optimizer_before, model=clone_before,
                    learning_rate=learning_rate, iterations=iterations,
                    model_dtype=model.dtype or model.layers[0].dtype, after=clone)
    return steps, info
