"""Replay a training step with some values replaced, and trace what depends on what.

Used to tell an error carried forward from a new one: a student's value is compared
with what *their own* earlier values give. The replay runs the engine's own pieces on
a copy of the model as it was before the step (each Dense layer's ``forward`` and
``backward(dZ=...)``, the activations, the loss, the model's loss and optimizer),
so with nothing replaced it gives back the engine's own numbers (a test checks this).
"""

import copy

import numpy as np

from .step import dense_layers


def exact_value(steps, info, q, l):
    """The engine's value of quantity ``q`` of layer ``l`` (Keras orientation)."""
    s = steps[l - 1]
    if q == "loss":
        return np.asarray(info.loss)
    if q == "error":
        return info.Y - s.A
    if q in ("step_W", "step_b"):
        return s.W_new - s.W if q == "step_W" else s.b_new - s.b
    return np.asarray(getattr(s, q))


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
    layers = dense_layers(model)
    loss, Y, sw, L = model.loss, info.Y, info.sample_weight, len(layers)
    A, As, Zs = info.X, [info.X], []
    for l, layer in enumerate(layers, start=1):
        layer.forward(A, training=True)  # Z = A_prev W + b; caches A_prev for backward
        Zs.append(take("Z", l, layer.Z))
        A = take("A", l, layer.activation.forward(Zs[-1]))  # g of the (replaced) Z
        As.append(A)
    take("loss", L, model.compute_loss(y=Y, y_pred=A, sample_weight=sw))
    error = take("error", L, Y - A)  # the lab's t - y: its dL/dA is a function of it
    Y_used = A + error if ("error", L) in overrides else Y
    dA = None if info.fused else take("dA", L, loss.gradient(Y_used, A, sw))
    for l, layer in reversed(list(enumerate(layers, start=1))):
        Z, A = Zs[l - 1], As[l]
        gp = take("gprime", l, layer.activation.derivative(Z, A))
        if info.fused and l == L:
            dZ = loss.fused_dZ(Y_used, A, sw)
        elif layer.activation.elementwise:
            dZ = dA * gp  # with the student's g' when they gave one
        else:
            dZ = layer.activation.backward(Z, A, dA)
        dA_prev = layer.backward(dZ=take("dZ", l, dZ))  # dW, db (+ penalties)
        layer.grads["kernel"][...] = take("dW", l, layer.grads["kernel"])
        if layer.use_bias:
            layer.grads["bias"][...] = take("db", l, layer.grads["bias"])
        if l > 1:
            dA = take("dA", l - 1, dA_prev)
    model.optimizer.step(model.trainable_parameters())
    for s, layer in zip(steps, layers, strict=True):
        for n, P, name in (("W", s.W, "kernel"), ("b", s.b, "bias")):
            if P is None:
                continue
            step = take(f"step_{n}", s.index, layer.params[name] - P)
            take(f"{n}_new", s.index, P + step)
    return got, used


def dependencies(steps, info, q, l, idx):
    """The quantities ``(q, l, idx)`` is computed from, one step back."""
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
