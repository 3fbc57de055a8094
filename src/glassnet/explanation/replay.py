"""Replay a training step with some values replaced, and trace what depends on what.

Used to tell an error carried forward from a new one: a student's value is compared
with what *their own* earlier values give. The replay uses the layers' activations,
the loss and a copy of the optimizer, so with nothing replaced it gives back the
engine's own numbers (a test checks this).
"""

import copy

import numpy as np

from .formulas import is_elementwise


def exact_value(steps, info, q, l):
    """The engine's value of quantity ``q`` of layer ``l`` (Keras orientation)."""
    s = steps[l - 1]
    if q == "loss":
        return np.asarray(info["loss"])
    if q == "error":
        return info["Y"] - s.A
    if q in ("step_W", "step_b"):
        return s.W_new - s.W if q == "step_W" else s.b_new - s.b
    return np.asarray(getattr(s, q))


def replay(steps, info, overrides):
    """Run the step again with the student's values put in place of the engine's.

    ``overrides`` maps ``(q, l)`` to a list of ``(index or None, value)``. Returns
    ``{(q, l): array}``: each quantity as computed from the (overridden) earlier
    values, before its own override. Uses the layers' activation, loss and a copy of
    the optimizer, so with no overrides it gives the engine's numbers back.
    """
    got = {}

    def take(q, l, value):
        value = np.array(value, dtype=float)
        got[(q, l)] = value.copy()
        for idx, v in overrides.get((q, l), []):
            if idx is None:
                value[...] = v
            else:
                value[idx] = v
        return value

    loss, Y, sw, L = info["loss_object"], info["Y"], info["sample_weight"], len(steps)
    A, As, Zs = info["X"], [info["X"]], []
    for s in steps:
        Z = A @ s.W + (s.b if s.b is not None else 0.0)
        Zs.append(take("Z", s.index, Z))
        A = take("A", s.index, s.activation.forward(Zs[-1]))
        As.append(A)
    penalty = sum(r.penalty(s.W if n == "kernel" else s.b)
                  for s in steps for n, r in s.regularizers.items())
    take("loss", L, loss.reduce(loss.per_example(Y, A), sw) + penalty)
    take("error", L, Y - A)
    dA = None if info["fused"] else take("dA", L, loss.gradient(Y, A, sw))
    grads = {}
    for s in reversed(steps):
        l, Z, A = s.index, Zs[s.index - 1], As[s.index]
        gp = take("gprime", l, s.activation.derivative(Z, A))
        if info["fused"] and l == L:
            dZ = loss.logit_gradient(Y, A, sw)
        elif is_elementwise(s.activation):
            dZ = dA * gp
        else:
            dZ = s.activation.backward(Z, A, dA)
        dZ = take("dZ", l, dZ)
        dW = As[l - 1].T @ dZ
        if "kernel" in s.regularizers:
            dW = dW + s.regularizers["kernel"].gradient(s.W)
        grads[(l, "W")] = take("dW", l, dW)
        if s.b is not None:
            db = dZ.sum(axis=0)
            if "bias" in s.regularizers:
                db = db + s.regularizers["bias"].gradient(s.b)
            grads[(l, "b")] = take("db", l, db)
        if l > 1:
            dA = take("dA", l - 1, dZ @ s.W.T)
    optimizer = copy.deepcopy(info["optimizer"])
    trainable = [s for s in steps if s.trainable]
    params = [p.copy() for s in trainable for p in ([s.W] + ([s.b] if s.b is not None else []))]
    optimizer.apply(params, [grads[(s.index, n)] for s in trainable
                             for n in (["W", "b"] if s.b is not None else ["W"])])
    new = iter(params)
    for s in steps:
        for n, P in (("W", s.W), ("b", s.b)):
            if P is None:
                continue
            P_new = next(new) if s.trainable else P
            step = take(f"step_{n}", s.index, P_new - P)
            take(f"{n}_new", s.index, P + step)
    return got


def dependencies(steps, info, q, l, idx):
    """The quantities ``(q, l, idx)`` is computed from, one step back."""
    L = len(steps)
    if idx is None:
        whole = {"Z": [("A", l - 1)], "A": [("Z", l)], "loss": [("A", L)],
                 "error": [("A", L)], "gprime": [("A", l), ("Z", l)],
                 "dA": [("A", L)] if l == L else [("dZ", l + 1)],
                 "dZ": ([("A", L)] if info["fused"] and l == L else [("dA", l), ("gprime", l)]),
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
        uses_A = s.activation.name in ("sigmoid", "tanh", "softmax", "elu")
        return [("A", l, idx)] if uses_A else [("Z", l, idx)]
    if q == "dA":
        if l == L:
            return [("A", L, idx)]
        return [("dZ", l + 1, (idx[0], k)) for k in range(steps[l].n_out)]
    if q == "dZ":
        if info["fused"] and l == L:
            return [("A", L, idx)]
        return [("dA", l, idx), ("gprime", l, idx)]
    m = len(info["Y"])
    if q == "dW":
        return ([("A", l - 1, (r, idx[0])) for r in range(m)] if l > 1 else []) + [
            ("dZ", l, (r, idx[1])) for r in range(m)]
    if q == "db":
        return [("dZ", l, (r, idx[0])) for r in range(m)]
    return {"step_W": [("dW", l, idx)], "step_b": [("db", l, idx)],
            "W_new": [("step_W", l, idx)], "b_new": [("step_b", l, idx)]}[q]


def named_dependencies(steps, info, ref, ref_keys):
    """Keys of the earlier steps ``ref`` depends on, skipping unnamed ones."""
    found, seen = [], set()

    def visit(r):
        for d in dependencies(steps, info, *r):
            if d in seen:
                continue
            seen.add(d)
            key = ref_keys.get(d) or ref_keys.get((d[0], d[1], None))
            if key is not None:
                if key not in found:
                    found.append(key)
            else:
                visit(d)

    visit(ref)
    return found
