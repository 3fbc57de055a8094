"""Drawing one student's numbers: reproducible from the seed and the student id.

Every number given on a sheet lies on a grid of few decimals (``decimals``) inside
its range (``ranges``) and is never 0. The generator of student ``id`` is
``numpy.random.default_rng([seed, h(id), attempt])`` with ``h`` the first 8 bytes of
SHA-256 of the id, so a student's exercise depends on nothing else (not on the
roster's order or size). ``attempt`` counts redraws of a degenerate exercise.
"""

import hashlib

import numpy as np


def student_rng(seed, student_id, attempt=0):
    """The generator of one student's draw number ``attempt``."""
    digest = hashlib.sha256(str(student_id).encode("utf-8")).digest()
    return np.random.default_rng([int(seed), int.from_bytes(digest[:8], "big"), int(attempt)])


def grid(rng, low, high, decimals, shape=()):
    """Numbers ``k / 10**decimals`` in ``[low, high]``, never 0."""
    scale = 10**decimals
    ks = np.arange(int(np.ceil(low * scale)), int(np.floor(high * scale)) + 1)
    ks = ks[ks != 0]
    return np.round(rng.choice(ks, size=shape) / scale, decimals)


def _pick(rng, value):
    """An int from ``n`` or ``[lo, hi]``; an item from a list."""
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return int(rng.integers(value[0], value[1] + 1))
    return value


def _targets(rng, template, m, n_out):
    kind, d = template.target, template.decimals["target"]
    if kind == "binary":
        Y = rng.integers(0, 2, size=(m, n_out)).astype(float)
        if m > 1 and len(np.unique(Y)) == 1:  # a batch with both classes
            Y[rng.integers(m)] = 1.0 - Y[0]
        return Y
    if kind == "one_hot":
        return np.eye(n_out)[rng.integers(0, n_out, size=m)]
    low, high = template.ranges["target"]
    return grid(rng, low, high, d, (m, n_out))


def _spec_weights(notation, Ws, bs):
    """Weights written as the notation writes them (see explanation/spec.py)."""
    out, offset = {}, 0
    for l, (W, b) in enumerate(zip(Ws, bs), start=1):
        if notation == "lab":
            for i in range(W.shape[0]):
                for j in range(W.shape[1]):
                    out[f"w{i + 1},{offset + j + 1}"] = float(W[i, j])
            if b is not None:
                out.update({f"b{offset + j + 1}": float(b[j]) for j in range(len(b))})
        else:
            out[f"W{l}"] = (W if notation == "keras" else W.T).tolist()
            if b is not None:
                out[f"b{l}"] = b.tolist()
        offset += W.shape[1]
    return out


def draw_spec(template, rng):
    """One exercise of ``template`` as a spec dict in explain's format."""
    n_in, m = _pick(rng, template.inputs), _pick(rng, template.examples)
    d, r = template.decimals, template.ranges
    layers, sizes = [], [n_in]
    for layer in template.layers:
        activation = layer["activation"][int(rng.integers(len(layer["activation"])))]
        layers.append({"units": _pick(rng, layer["units"]), "activation": activation,
                       "use_bias": layer["use_bias"]})
        sizes.append(layers[-1]["units"])
    X = grid(rng, *r["input"], d["input"], (m, n_in))
    Ws = [grid(rng, *r["weights"], d["weights"], (a, b)) for a, b in zip(sizes, sizes[1:])]
    bs = [grid(rng, *r["bias"], d["bias"], (n,)) if layer["use_bias"] else None
          for layer, n in zip(layers, sizes[1:])]
    Y = _targets(rng, template, m, sizes[-1])
    lr = template.learning_rate[int(rng.integers(len(template.learning_rate)))]
    spec = {
        "name": template.name,
        "notation": template.notation,
        "input": X[0].tolist() if m == 1 else X.tolist(),
        "target": Y[0].tolist() if m == 1 else Y.tolist(),
        "loss": template.loss,
        "optimizer": template.optimizer,
        "learning_rate": lr,
        "layers": layers,
        "weights": _spec_weights(template.notation, Ws, bs),
    }
    if template.steps > 1:
        spec["steps"] = template.steps
    return spec


def fingerprint(spec):
    """What makes two exercises the same: every given number and setting."""
    keys = ("notation", "input", "target", "loss", "optimizer", "learning_rate", "layers",
            "weights", "steps")
    return repr([spec.get(k) for k in keys])
