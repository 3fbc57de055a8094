"""The common slips a wrong answer can be recognised by, each tried in turn.

Every check compares the student's value ``S`` (Keras orientation, the engine's
sign) with an alternative computed the way the slip would compute it, on the wrong
elements only. The first that matches names the slip:

- ``transposed``: ``S`` is the right matrix transposed (a square one; a non-square
  one is caught by its shape before this);
- ``old value copied``: an updated parameter equal to the one before the step;
- ``sign flip`` of an updated parameter: it moved the wrong way (``W − step``);
- ``rounded too early``: ``S`` is the right value rounded to 1-3 decimals or
  significant figures;
- ``sign flip``: ``S = −E``;
- ``missing activation derivative``: a ``δ`` equal to ``∂L/∂a``, without ``g′(z)``;
- ``wrong weight in hidden δ``: a hidden ``δ`` summed over another neuron's weights,
  or over the updated ones;
- ``power of ten``: ``S = E × 10^k`` (a slipped decimal point).

Each alternative is tried against the engine's exact inputs and against the
student's own (``R``, what their earlier values give).
"""

import numpy as np


def _rounded(value, k):
    """``value`` rounded to ``k`` decimals and to ``k`` significant figures."""
    value = np.asarray(value, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        digits = np.where(value == 0, 0, np.floor(np.log10(np.abs(value))))
    sig = np.round(value / 10.0**digits, k - 1) * 10.0**digits
    return [(f"{k} decimal{'s' if k > 1 else ''}", np.round(value, k)),
            (f"{k} significant figure{'s' if k > 1 else ''}", sig)]


def find_slip(c):
    """``(slip, message)`` for a wrong answer, or ``(None, "")``.

    ``c`` is the checker's view of one answer (``check._Case``): ``S``, ``E``, ``R``,
    ``wrong`` (mask), ``q``, ``l``, ``matches(alternative)``, ``inputs(q, l)``.
    """
    q = c.q
    for ref in (c.E, c.R):
        if c.whole and np.ndim(ref) == 2 and ref.shape[0] == ref.shape[1] > 1 and c.matches(
                ref.T):
            return "transposed", ("you wrote the matrix transposed (rows for columns); "
                                  "check which index is the row in this notation")
    if q.endswith("_new"):
        P = c.pick(c.inputs(q[:-len("_new")], c.l))
        if c.matches(P, tight=True):
            return "old value copied", ("this is the value before the step; the new one "
                                        "is the old one plus the step")
        if any(c.matches(2 * P - ref) for ref in (c.E, c.R)):
            return "sign flip", ("the parameter moved the wrong way: the step is "
                                 "−η ∂L/∂w (the lab's +η δ O), you applied its opposite")
    for how in (0, 1):  # decimals first, then significant figures
        for k in (1, 2, 3):
            for ref, whose in ((c.E, "the exact one"),
                               (c.R, "the one your earlier values give")):
                label, value = _rounded(ref, k)[how]
                if c.matches(value, exact=True):
                    return "rounded too early", (
                        f"your value matches {whose} rounded to {label}; keep at least 4 "
                        "significant figures until the end")
    if any(c.matches(-ref) for ref in (c.E, c.R)):
        return "sign flip", "your value has the opposite sign of the right one"
    s = c.steps[c.l - 1]
    if q == s.act_grad and not (c.fused and c.l == c.L):
        if any(c.matches(dA) for dA in c.both("dA", c.l)):
            return "missing activation derivative", (
                "δ is missing the activation's derivative: δ = ∂L/∂a ⊙ g′(z) (the lab's "
                "y(1 − y) factor)")
        if c.l < c.L and not s.pre and not s.post:
            found = _wrong_weight(c)
            if found:
                return "wrong weight in hidden δ", found
    for k in (-3, -2, -1, 1, 2, 3):
        if any(c.matches(ref * 10.0**k) for ref in (c.E, c.R)):
            return "power of ten", f"your value is the right one times 10^{k}: a slipped " \
                                   "decimal point?"
    return None, ""


def _wrong_weight(c):
    """A hidden δ computed with another neuron's outgoing weights, or the new ones."""
    after = c.steps[c.l]  # the next layer
    for gprime, dZ_next in zip(c.both("gprime", c.l), c.both("dZ", c.l + 1), strict=True):
        candidates = []  # (message, alternative δ of every element)
        for W, which in ((after.W, "old"), (after.W_new, "new")):
            back = dZ_next @ W.T  # (m, n): column j uses row j of W (neuron j's weights)
            for shift in range(W.shape[0]):
                if which == "old" and shift == 0:
                    continue  # that is the right δ
                alt = gprime * np.roll(back, -shift, axis=1) if shift else gprime * back
                candidates.append((which, shift, alt))
        for which, shift, alt in candidates:
            if c.matches(alt):
                if which == "new" and shift == 0:
                    return ("δ uses the updated weights; backpropagation uses the weights "
                            "before the step")
                return ("δ uses another neuron's weights: the hidden δ of neuron j sums "
                        "w_{j,k} δ_k over the weights leaving neuron j")
        # element by element: each wrong element may have used another neuron's weights
        if c.whole:
            ok = np.zeros_like(c.wrong)
            for _which, _shift, alt in candidates:
                ok |= c.wrong & c.close(c.S, alt)
            if np.array_equal(ok, c.wrong):
                return ("δ uses another neuron's weights: the hidden δ of neuron j sums "
                        "w_{j,k} δ_k over the weights leaving neuron j")
    return ""
