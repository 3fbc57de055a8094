"""Is a drawn exercise fit for hand calculation? ``degenerate(report, questions, template)``.

It is not when (checked on the engine's own values, Keras orientation):

- a ReLU-like unit's input ``Z`` lies within ``RELU_MARGIN`` of 0 (the kink: is
  ``g'(0)`` 0 or 1?), or a ReLU layer has no active unit for an example;
- a sigmoid or softmax output is outside ``[0.05, 0.95]``, or a tanh outside
  ``[-0.9, 0.9]`` (saturated: the gradient nearly vanishes);
- a quantity is 0 (or smaller than ``template.min_abs``) by accident: only the
  zeros an inactive ReLU unit forces (its ``A``, ``g'``, ``δ`` and, when inactive
  for every example, the gradients and changes of the weights into and out of it)
  are allowed;
- an answer the student must give is that small, unless an inactive ReLU forces it.
"""

import numpy as np

RELU_MARGIN = 0.05
_RELU = ("relu", "leaky_relu", "elu")
_SQUASH = {"sigmoid": (0.05, 0.95), "softmax": (0.05, 0.95), "tanh": (-0.9, 0.9)}


def _small(values, structural, min_abs):
    values = np.asarray(values, dtype=float)
    return bool(np.any((np.abs(values) < min_abs) & ~structural))


def degenerate(report, questions, template):
    """A sentence saying why the exercise is degenerate, or None when it is fine."""
    min_abs = template.min_abs
    dead_before = None  # units of the layer below inactive for every example
    for s in report.steps:
        name = s.activation.name
        inactive = np.zeros_like(s.Z, dtype=bool)
        if name in _RELU:
            if np.any(np.abs(s.Z) < RELU_MARGIN):
                return f"layer {s.index}: a ReLU input within {RELU_MARGIN} of 0"
            inactive = s.Z < 0
            if np.any(inactive.all(axis=1)):
                return f"layer {s.index}: no active ReLU unit for an example"
        if name in _SQUASH:
            low, high = _SQUASH[name]
            if np.any(s.A < low) or np.any(s.A > high):
                return f"layer {s.index}: a saturated {name} output"
        dead = inactive.all(axis=0)  # units inactive for every example: (n_out,)
        column = np.broadcast_to(dead, s.W.shape)  # their weights get no gradient
        if dead_before is not None:  # nor do the weights out of a dead unit below
            column = column | dead_before[:, None]
        dead_before = dead
        checks = [("Z", s.Z, np.zeros_like(inactive)), ("A", s.A, inactive),
                  ("delta", s.dZ, inactive), ("dW", s.dW, column),
                  ("change of W", s.W_new - s.W, column)]
        if s.dA is not None:
            checks.append(("dL/dA", s.dA, np.zeros_like(inactive)))
        if s.b is not None:
            checks += [("db", s.db, dead), ("change of b", s.b_new - s.b, dead)]
        for what, values, structural in checks:
            if _small(values, structural, min_abs):
                return f"layer {s.index}: {what} has an entry near 0 by accident"
    if abs(report.loss) < min_abs:
        return "the loss is near 0"
    for q in questions:
        if q.scale < min_abs and not _forced_zero(report, q):
            return f"the answer {q.key} is near 0"
    return None


def _forced_zero(report, q):
    """Whether question ``q`` is 0 because of an inactive ReLU unit (checked above)."""
    return q.scale == 0.0 and any(s.activation.name in _RELU for s in report.steps)
