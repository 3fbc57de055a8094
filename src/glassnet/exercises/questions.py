"""The questions of one exercise: the scalar quantities the template asks for.

Each question is one number with the name a student's answer file uses for it
(explain's names: ``y3``, ``delta5``, ``w1,3_new`` in the lab's notation;
``Z1[2,1]``, ``dW2[1,3]`` in the matrix notations, 1-based indices in the
notation's orientation) and the value the worked solution gives it.

``ask`` takes groups (``GROUPS`` in ``template``) or names; a name without an
index (``Z1``) asks for every element.
"""

from dataclasses import dataclass

import numpy as np

# group -> the engine quantities (Eq.ref[0]) it asks for
QUANTITIES = {
    "forward": ("Z", "A"),
    "loss": ("loss",),
    "error": ("error",),
    "backprop": ("dA",),
    "derivatives": ("gprime",),
    "deltas": ("dZ",),
    "gradients": ("dW", "db"),
    "changes": ("step_W", "step_b"),
    "updates": ("W_new", "b_new"),
}


@dataclass
class Question:
    """One number to compute: its answer key, value, points and how it is shown."""

    key: str
    value: float
    points: float
    group: str
    text: str        # the symbol as text, e.g. "y3", "Z1[2,1]"
    latex: str       # the symbol in LaTeX math, e.g. "y_{3}", "Z_{1}[2,1]"
    scale: float     # what the tolerance is relative to (|value|, or |change| of an update)
    step: int = 1    # of a several-step exercise; its key then ends in "@step" (step > 1)

    @property
    def base_key(self):
        """The key as explain names it (without ``@step``)."""
        return self.key.rsplit("@", 1)[0] if self.step > 1 else self.key

    @property
    def symbol(self):
        from ..explanation.formulas import Sym

        return Sym(self.text, self.latex)


def _equations(report):
    return [eq for section in report.sections for eq in section.equations if eq.key]


def _output_error_refs(report, eqs):
    """The "error" group: the lab's E = t - y; else the output's dL/dA (or fused δ)."""
    last = len(report.steps)
    if any(eq.ref[0] == "error" for eq in eqs):
        return {("error", last)}
    has_dA = any(eq.ref[:2] == ("dA", last) for eq in eqs)
    return {("dA", last)} if has_dA else {("dZ", last)}


def _scale(report, eq, index):
    """|value|, or |value - before| for an updated parameter (explain checks the change)."""
    value = float(np.asarray(eq.value, dtype=float)[index])
    q, l, keras_index = eq.ref
    if q not in ("W_new", "b_new"):
        return abs(value)
    step = report.steps[l - 1]
    old = np.asarray(step.W if q == "W_new" else step.b, dtype=float)
    if keras_index is not None:  # the lab: one element, its Keras index
        old = old[keras_index]
    elif report.notation_object is not None:
        old = report.notation_object.orient(old)
    return abs(value - float(np.asarray(old)[index]))


def _elements(report, eq, index=None):
    """``(key, text, latex, index)`` per element of ``eq`` (or the one ``index``)."""
    value = np.asarray(eq.value)
    if value.size == 1:
        return ([(eq.key, eq.lhs.text, eq.lhs.latex, (0,) * value.ndim)]
                if index is None or all(i == 0 for i in index) else [])
    # "δ1[1,2]", not "δ1 = ∂L/∂Z1[1,2]"
    text, latex = eq.lhs.text.split(" = ")[0], eq.lhs.latex.split(" = ")[0]
    out = []
    for idx in np.ndindex(value.shape):
        if index is not None and idx != index:
            continue
        label = "[" + ",".join(str(i + 1) for i in idx) + "]"
        shown = (text.replace(" (new)", label + " (new)") if " (new)" in text
                 else text + label)  # "W[1][1,2] (new)"
        out.append((f"{eq.key}{label}", shown, f"{latex}{label}", idx))
    return out


def _points(template, group, key):
    points = template.points
    if isinstance(points, dict):
        return float(points.get(key, points.get(group, points.get("default", 1))))
    return float(points)


def all_questions(reports, template):
    """The questions of every step: step ``k > 1`` adds ``@k`` to each key."""
    from dataclasses import replace

    out = []
    for k, report in enumerate(reports, start=1):
        for q in questions(report, template):
            out.append(q if k == 1 else replace(
                q, key=f"{q.key}@{k}", text=f"{q.text} (step {k})",
                latex=rf"{q.latex}\ 	ext{{(step {k})}}", step=k))
    return out


def questions(report, template):
    """The ``Question`` list of one exercise, in the worked solution's order."""
    from ..explanation.answers import _ELEMENT, normalize_key

    eqs = _equations(report)
    wanted = {}  # (quantity, layer) -> group, for group asks
    named = {}   # normalized key -> (group, index or None)
    for ask in template.ask:
        if ask in QUANTITIES:
            refs = (_output_error_refs(report, eqs) if ask == "error" else
                    {(eq.ref[0], eq.ref[1]) for eq in eqs if eq.ref[0] in QUANTITIES[ask]})
            if not refs:
                raise ValueError(f"Template {template.name!r} asks for {ask!r}, which this "
                                 f"network has no quantity for in notation {template.notation}.")
            for ref in refs:
                wanted.setdefault(ref, ask)
        else:
            match = _ELEMENT.match(ask)
            base = match.group(1) if match else ask
            index = (tuple(int(g) - 1 for g in match.groups()[1:] if g is not None)
                     if match else None)
            named[normalize_key(base)] = ("asked", index)
    out, seen = [], set()
    for eq in eqs:
        group = wanted.get((eq.ref[0], eq.ref[1]))
        index = None
        if group is None and normalize_key(eq.key) in named:
            group, index = named[normalize_key(eq.key)]
        if group is None:
            continue
        value = np.asarray(eq.value, dtype=float)
        if index is not None and value.ndim == 2 and len(index) == 1:
            index = (index[0], 0) if value.shape[1] == 1 else (0, index[0])
        for key, text, latex, idx in _elements(report, eq, index):
            if key in seen:
                continue
            seen.add(key)
            out.append(Question(key, float(value[idx]), _points(template, group, key), group,
                                text, latex, _scale(report, eq, idx)))
    missing = set(named) - {normalize_key(q.key.split("[")[0]) for q in out}
    if missing:
        raise ValueError(f"Template {template.name!r} asks for {sorted(missing)}, which this "
                         f"exercise does not have; its quantities are "
                         f"{sorted({eq.key for eq in eqs})}.")
    return out
