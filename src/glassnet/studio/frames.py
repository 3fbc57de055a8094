"""A frame: what the page redraws after each epoch, step or edit, as JSON-ready data.

The surfaces travel as bytes (base64): each unit's values ``v`` on the lattice are
sent as ``round(255 (v / s + 1) / 2)`` with the unit's scale ``s = max |v|`` (the
output as ``2 p - 1`` with ``s = 1``, so 0.5 is the middle colour). The page only maps
these bytes to colours; the numbers it prints (losses, weights, the worked step) are
sent as numbers.
"""

import base64

import numpy as np

MAX_CURVE_POINTS = 400


def encode(values, scale):
    """``values`` (any shape) as base64 bytes of ``255 (values / scale + 1) / 2``."""
    scale = scale if scale > 0 and np.isfinite(scale) else 1.0
    levels = np.clip(np.round(255 * (np.nan_to_num(values / scale) + 1) / 2), 0, 255)
    return base64.b64encode(levels.astype(np.uint8).tobytes()).decode("ascii")


def _unit_maps(A):
    """``[{"scale": s, "bytes": b64}]`` for each column of ``A`` (n*n, units)."""
    maps = []
    for column in A.T:
        finite = column[np.isfinite(column)]
        scale = float(np.max(np.abs(finite))) if finite.size else 1.0
        maps.append({"scale": scale, "bytes": encode(column, scale)})
    return maps


def curve(history):
    """The loss history, thinned to at most ``MAX_CURVE_POINTS`` points (last kept)."""
    n = len(history["step"])
    keep = np.unique(np.linspace(0, n - 1, min(n, MAX_CURVE_POINTS)).round().astype(int))
    return {k: [_finite(v[i]) for i in keep] for k, v in history.items()}


def _finite(x):
    return float(x) if np.isfinite(x) else None


def frame(session, points=True):
    """The session's state plus the surfaces, the loss curve and (``points``) the data's
    points: a frame during training leaves them out, the page keeps the last ones."""
    surfaces = session.surfaces()
    output = surfaces[-1][:, 0]
    out = session.state()
    out["surface"] = {
        "n": int(round(np.sqrt(len(output)))),
        "output": encode(2 * output - 1, 1.0),
        "units": [_unit_maps(A) for A in surfaces],  # [inputs, layer 1, ..., output]
    }
    if not points:
        out["curve"] = curve(session.history)
        return out
    out["points"] = {
        "train": np.column_stack([session.P[session.train_rows],
                                  session.y[session.train_rows]]).tolist(),
        "test": np.column_stack([session.P[session.test_rows],
                                 session.y[session.test_rows]]).tolist(),
    }
    out["curve"] = curve(session.history)
    return out
