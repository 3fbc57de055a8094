"""Replay a training step with some values replaced, and trace what depends on what.

Used to tell an error carried forward from a new one: a student's value is compared
with what *their own* earlier values give. The replay runs the engine's own pieces on
a copy of the model as it was before the step (each Dense layer's ``forward`` and
``backward(dZ=...)``, the activations, the batch normalization's ``normalize``,
``scale_and_shift`` and their backward, the dropout mask the engine drew, the loss,
the model's loss and optimizer), so with nothing replaced it gives back the engine's
own numbers (a test checks this).
"""

import copy

import numpy as np

from ..layers.normalization import (
    normalization_backward,
    normalize,
    scale_and_shift,
    scale_and_shift_backward,
)
from .step import units


def exact_value(steps, info, q, l):
    """The engine's value of quantity ``q`` of unit ``l`` (Keras orientation)."""
    s = steps[l - 1]
    if q == "loss":
        return np.asarray(info.loss)
    if q == "error":
        return info.Y - s.value(s.out)
    if q.startswith("step_"):
        P = q[len("step_"):]
        return s.value(f"{P}_new") - s.value(P)
    return np.asarray(s.value(q))


def replay(steps, info, overrides):
    """Run the step again with the student's values put in place of the engine's.

    ``overrides`` maps ``(q, l)`` to a list of ``(index or None, value)``. Returns
    ``(got, used)``, both ``{(q, l): array}``: ``got`` holds each quantity as computed
    from the (overridden) earlier values, before its own override; ``used`` the value
    the later steps used (the student's, where they gave one). Skipped quantities are
    recomputed from the student's values, so dependencies run through the whole
    chain. Runs on a copy of ``info.model`` (the model before the step), so with no
    overrides it gives the engine's numbers back.
    """
    got, used = {}, {}

    def take(q, l, value):
        value = np.array(value, dtype=float)
        got[(q, l)] = value.copy()
        for idx, v in overrides.get((q, l), []):
            if idx is None:
                value[...] = v
            else:
                value[idx] = v
        used[(q, l)] = value.copy()
        return value

    model = copy.deepcopy(info.model)
    chain = units(model)
    loss, Y, sw, L = model.loss, info.Y, info.sample_weight, len(chain)
    A, act_ins = info.X, []
    for l, (s, unit) in enumerate(zip(steps, chain, strict=True), start=1):
        unit.dense.forward(A, training=True)  # Z = A_prev W + b; caches A_prev
        X = take("Z", l, unit.dense.Z)
        if s.pre:
            X = _bn_forward(take, unit.layers["bn"], X, l)
        act_ins.append(X)
        A = take("A", l, unit.activation.forward(X))  # g of the (replaced) input
        for op in s.post:
            A = (_bn_forward(take, unit.layers["bn"], A, l) if op == "bn"
                 else take("drop", l, A * s.ops["drop"].mask if s.ops["drop"].mask
                           is not None else A))
    take("loss", L, model.compute_loss(y=Y, y_pred=A, sample_weight=sw))
    error = take("error", L, Y - A)  # the lab's t - y: its dL/dA is a function of it
    Y_used = A + error if ("error", L) in overrides else Y
    last = steps[-1]
    d = None if info.fused else take(last.arriving, L, loss.gradient(Y_used, A, sw))
    for l in range(L, 0, -1):
        s, unit = steps[l - 1], chain[l - 1]
        for k in range(len(s.post) - 1, -1, -1):
            below = s.post[k - 1] if k else "A"
            d_q = "dA" if below == "A" else "d" + below
            if s.post[k] == "drop":
                mask = s.ops["drop"].mask
                d = take(d_q, l, d * mask if mask is not None else d)
            else:
                d = take(d_q, l, _bn_backward(take, unit.layers["bn"], d, l))
        X, A = act_ins[l - 1], used[("A", l)]
        gp = take("gprime", l, unit.activation.derivative(X, A))
        if info.fused and l == L:
            d_act = loss.fused_dZ(Y_used, A, sw)
        elif unit.activation.elementwise:
            d_act = d * gp  # with the student's g' when they gave one
        else:
            d_act = unit.activation.backward(X, A, d)
        if s.pre:
            d_act = _bn_backward(take, unit.layers["bn"], take("dbn", l, d_act), l)
        layer = unit.dense
        dA_prev = layer.backward(dZ=take("dZ", l, d_act))  # dW, db (+ penalties)
        layer.grads["kernel"][...] = take("dW", l, layer.grads["kernel"])
        if layer.use_bias:
            layer.grads["bias"][...] = take("db", l, layer.grads["bias"])
        if l > 1:
            d = take(steps[l - 2].arriving, l - 1, dA_prev)
    model.optimizer.step(model.trainable_parameters())
    for s, unit in zip(steps, chain, strict=True):
        params = {"W": (unit.dense, "kernel"), "b": (unit.dense, "bias")}
        if "bn" in unit.layers:
            params.update(gamma=(unit.layers["bn"], "gamma"), beta=(unit.layers["bn"], "beta"))
        for q, _name, P, *_ in s.parameters():
            layer, name = params[q]
            step = take(f"step_{q}", s.index, layer.params[name] - P)
            take(f"{q}_new", s.index, P + step)
    return got, used


def _bn_forward(take, layer, X, l):
    """Batch normalization of ``X`` with the student's ``μ, σ², X̂`` where given."""
    mu = take("mu", l, X.mean(axis=0))
    var = take("var", l, X.var(axis=0))
    X_hat, inv_std = normalize(X, mu, var, layer.epsilon)
    X_hat = take("xhat", l, X_hat)
    return take("bn", l, scale_and_shift(layer, X_hat, inv_std, training=True))


def _bn_backward(take, layer, d_out, l):
    """``dγ, dβ, ∂L/∂X̂`` and the gradient below, with the student's values
    (``d_out``, the gradient at its output, was taken by the caller)."""
    d_hat = scale_and_shift_backward(layer, d_out, rows=(0,))
    layer.grads["gamma"][...] = take("dgamma", l, layer.grads["gamma"])
    layer.grads["beta"][...] = take("dbeta", l, layer.grads["beta"])
    d_hat = take("dxhat", l, d_hat)
    return normalization_backward(d_hat, layer.X_hat, layer.inv_std, axis=0)


_GRADIENT_OF = {"W": "dW", "b": "db", "gamma": "dgamma", "beta": "dbeta"}


def _unit_dependencies(steps, info, l):
    """``{q: [(q', l'), ...]}``: what each whole quantity of unit ``l`` is computed from."""
    L, s = len(steps), steps[l - 1]
    prev = [(steps[l - 2].out, l - 1)] if l > 1 else []
    from_loss = [(steps[-1].out, L), ("error", L)]
    deps = {"Z": prev, "A": [(s.act_in, l)], "loss": [(steps[-1].out, L)],
            "error": [(steps[-1].out, L)],
            "gprime": [(s.act_in if r == "Z" else r, l) for r in s.activation.derivative_reads],
            "dW": prev + [("dZ", l)], "db": [("dZ", l)]}
    if "bn" in s.pre + s.post:
        X = (s.input_of("bn"), l)
        deps.update(mu=[X], var=[X], xhat=[X, ("mu", l), ("var", l)], bn=[("xhat", l)],
                    dgamma=[("dbn", l), ("xhat", l)], dbeta=[("dbn", l)],
                    dxhat=[("dbn", l)])
    if "drop" in s.post:
        deps["drop"] = [(s.input_of("drop"), l)]
    deps[s.arriving] = from_loss if l == L else [("dZ", l + 1)]
    for k in range(len(s.post) - 1, -1, -1):
        below = s.post[k - 1] if k else "A"
        d_below = "dA" if below == "A" else "d" + below
        deps[d_below] = ([("ddrop", l)] if s.post[k] == "drop"
                         else [("dxhat", l), ("xhat", l), ("var", l)])
    deps[s.act_grad] = (from_loss if info.fused and l == L
                        else [("dA", l), ("gprime", l)])
    if s.pre:
        deps["dZ"] = [("dxhat", l), ("xhat", l), ("var", l)]
    for P, dP in _GRADIENT_OF.items():
        deps[f"step_{P}"], deps[f"{P}_new"] = [(dP, l)], [(f"step_{P}", l)]
    return deps


def dependencies(steps, info, q, l, idx):
    """The quantities ``(q, l, idx)`` is computed from, one step back (``idx`` None:
    whole arrays; element by element for a network of plain Dense layers)."""
    if idx is not None and all(not s.pre and not s.post for s in steps):
        return _element_dependencies(steps, info, q, l, idx)
    return [(dq, dl, None) for dq, dl in _unit_dependencies(steps, info, l)[q] if dl >= 1]


def _element_dependencies(steps, info, q, l, idx):
    """``dependencies`` of a network of plain Dense layers (element by element)."""
    L = len(steps)
    if idx is None:
        reads = steps[l - 1].activation.derivative_reads
        whole = {"Z": [("A", l - 1)], "A": [("Z", l)], "loss": [("A", L)],
                 "error": [("A", L)], "gprime": [(r, l) for r in reads],
                 "dA": [("A", L), ("error", L)] if l == L else [("dZ", l + 1)],
                 "dZ": ([("A", L), ("error", L)] if info.fused and l == L
                        else [("dA", l), ("gprime", l)]),
                 "dW": [("A", l - 1), ("dZ", l)], "db": [("dZ", l)],
                 "step_W": [("dW", l)], "step_b": [("db", l)],
                 "W_new": [("step_W", l)], "b_new": [("step_b", l)]}[q]
        return [(dq, dl, None) for dq, dl in whole if dl >= 1]
    s = steps[l - 1]
    if q == "Z":
        return [("A", l - 1, (idx[0], i)) for i in range(s.n_in)] if l > 1 else []
    if q in ("A", "error", "loss"):
        return ([("Z", l, idx)] if q == "A" else
                [("A", L, idx)] if q == "error" else [("A", L, None)])
    if q == "gprime":
        return [(q_read, l, idx) for q_read in s.activation.derivative_reads]
    if q == "dA":
        if l == L:
            return [("A", L, idx), ("error", L, idx)]
        return [("dZ", l + 1, (idx[0], k)) for k in range(steps[l].n_out)]
    if q == "dZ":
        if info.fused and l == L:
            return [("A", L, idx), ("error", L, idx)]
        return [("dA", l, idx), ("gprime", l, idx)]
    m = len(info.Y)
    if q == "dW":
        return ([("A", l - 1, (r, idx[0])) for r in range(m)] if l > 1 else []) + [
            ("dZ", l, (r, idx[1])) for r in range(m)]
    if q == "db":
        return [("dZ", l, (r, idx[0])) for r in range(m)]
    return {"step_W": [("dW", l, idx)], "step_b": [("db", l, idx)],
            "W_new": [("step_W", l, idx)], "b_new": [("step_b", l, idx)]}[q]
