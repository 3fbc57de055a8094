"""The maths panel, from ``gn.explain``: the studio's only contact with the explainer.

- ``worked_step(model, x, y, focus)``: the equations of the focused neuron or weight
  for the batch ``(x, y)`` (Keras rows), or for one example (the lab's neuron
  numbers), as LaTeX with readable numbers, plus the exact values.
- ``check(model, x, y, focus, answers)``: the checker's verdict on a student's values.
- ``document(model, x, y, fmt)``: the whole worked step as Markdown or LaTeX.

``focus`` is ``{"kind": "neuron", "layer": L, "unit": J}`` or ``{"kind": "weight",
"layer": L, "source": I, "unit": J}`` (1-based, as the page's ``neuron-L-J`` and
``weight-L-I-J``; ``source = 0`` is the bias). Nothing here computes a value: every
number is read from the report.
"""

import numpy as np

SIGNIFICANT = 4


def readable(x):
    """A number to ``SIGNIFICANT`` significant figures: ``0.1235``, ``-2.5e-05``."""
    x = float(x)
    if x == 0 or not np.isfinite(x):
        return repr(x + 0.0)
    return f"{x:.{SIGNIFICANT}g}"


class _Readable:
    """Readable numbers for an explainer whose reports have no ``formatter`` yet
    (they round by ``decimals`` only): what its formatters read, ``fmt``."""

    decimals = None

    def fmt(self, x):
        return readable(x)


def _report(model, x, y, example):
    import inspect

    from .. import explain

    sig = {"sig": SIGNIFICANT} if "sig" in inspect.signature(explain).parameters else {}
    if example is None:
        return explain(model, x, y, notation="keras", **sig)
    i = int(example)
    if not 0 <= i < len(x):
        raise ValueError(f"example must be from 1 to {len(x)} (a row of the batch), "
                         f"but got {i + 1}.")
    return explain(model, x[i:i + 1], y[i:i + 1], notation="lab", **sig)


class _Writer:
    """LaTeX and text of numbers and equation parts, as the report writes them."""

    def __init__(self, report):
        self.formatter = getattr(report, "formatter", None)

    def parts(self, parts):
        if not parts:
            return ""
        if self.formatter is not None:
            return self.formatter.latex_parts(parts)
        from ..explanation._format import latex_parts

        return latex_parts(_Readable(), parts)

    def latex(self, value):
        if self.formatter is not None:
            return self.formatter.latex(value)
        from ..explanation._format import latex_value

        return latex_value(_Readable(), value)

    def text(self, value):
        value = np.asarray(value, dtype=float)
        if self.formatter is not None:
            return self.formatter.text(value)
        if value.size == 1:
            return readable(value.reshape(()))
        return "[" + ", ".join(readable(v) for v in value.ravel()) + "]"


def _exact(value):
    return np.asarray(value, dtype=float).tolist()


def _row(w, key, lhs, formula, numbers, value, checkable=True):
    return {"key": key, "lhs": lhs, "formula": formula, "numbers": numbers,
            "value": _exact(value), "text": w.text(value), "latex": w.latex(value),
            "checkable": checkable}


def _equation_row(w, eq):
    return _row(w, eq.key, eq.lhs.latex, w.parts(eq.formula), w.parts(eq.numbers), eq.value,
                eq.key is not None)


def _check_focus(report, focus):
    sizes = [report.steps[0].n_in] + [s.n_out for s in report.steps]
    L, J = int(focus.get("layer", 0)), int(focus.get("unit", 0))
    if not 1 <= L < len(sizes):
        raise ValueError(f"pick a neuron or weight of layers 1 to {len(sizes) - 1} (layer 0 "
                         f"holds the inputs, which have no weights), but got layer {L}.")
    if not 1 <= J <= sizes[L]:
        raise ValueError(f"layer {L} has units 1 to {sizes[L]}, but got unit {J}.")
    I = int(focus.get("source", 0)) if focus.get("kind") == "weight" else None
    if I is not None and not 0 <= I <= sizes[L - 1]:
        raise ValueError(f"layer {L}'s weights come from units 1 to {sizes[L - 1]} (0 for "
                         f"the bias), but got unit {I}.")
    return L, I, J


def _lab_rows(report, L, I, J):
    """The lab's one-number equations of neuron (L, J) and its bias, or of weight I -> J."""
    w = _Writer(report)
    neuron = ("Z", "A", "error", "dZ")
    own, own_index = (("dW", "step_W", "W_new"), (I - 1, J - 1)) if I else \
        (("db", "step_b", "b_new"), (J - 1,))
    rows = []
    for eq in (eq for section in report.sections for eq in section.equations):
        q, l, index = eq.ref
        if l == L and (q == "loss" or (q in neuron and index == (0, J - 1))
                       or (q in own and index == own_index)):
            rows.append(_equation_row(w, eq))
    return rows


def _batch_rows(report, L, I, J):
    """The focused neuron's or weight's values in the batch (from the layer's arrays),
    then layer L's matrix equations."""
    s, w = report.steps[L - 1], _Writer(report)
    m = s.Z.shape[0]
    at = (lambda name: f"{name}{L}[1,{J}]") if m == 1 else (lambda name: None)
    column = f"[:,{J}]"  # unit J's column: one row per example of the batch
    rows = [_row(w, at("Z"), f"Z_{{{L}}}{column}", "", "", s.Z[:, J - 1], m == 1),
            _row(w, at("A"), f"A_{{{L}}}{column}", "", "", s.A[:, J - 1], m == 1),
            _row(w, at("delta"), rf"\delta_{{{L}}}{column}", "", "", s.dZ[:, J - 1], m == 1)]
    if I is None or I == 0:
        rows += [_row(w, None, f"b_{{{L}}}[{J}]", "", "", s.b[J - 1], False),
                 _row(w, f"db{L}[{J}]", rf"\partial L / \partial b_{{{L}}}[{J}]", "", "",
                      s.db[J - 1]),
                 _row(w, f"b{L}_new[{J}]", rf"b_{{{L}}}^{{\text{{new}}}}[{J}]", "", "",
                      s.b_new[J - 1])]
    else:
        rows += [_row(w, None, f"W_{{{L}}}[{I},{J}]", "", "", s.W[I - 1, J - 1], False),
                 _row(w, f"dW{L}[{I},{J}]", rf"\partial L / \partial W_{{{L}}}[{I},{J}]", "", "",
                      s.dW[I - 1, J - 1]),
                 _row(w, f"W{L}_new[{I},{J}]", rf"W_{{{L}}}^{{\text{{new}}}}[{I},{J}]", "", "",
                      s.W_new[I - 1, J - 1])]
    equations = [_equation_row(w, eq) for section in report.sections
                 for eq in section.equations if eq.ref[1] == L]
    return rows, equations


def worked_step(model, x, y, focus, example=None):
    """The panel's content for ``focus`` (see the module docstring).

    Returns ``{"title", "notes", "notation", "m", "focus", "rows", "equations"}``:
    ``rows`` are the focused quantities, ``equations`` the layer's whole equations
    (batch mode only); each has ``key`` (the answer name), LaTeX ``lhs``, ``formula``,
    ``numbers`` and ``latex`` (its value), the exact ``value`` and a readable ``text``.
    """
    report = _report(model, x, y, example)
    L, I, J = _check_focus(report, focus)
    if example is None:
        rows, equations = _batch_rows(report, L, I, J)
    else:
        rows, equations = _lab_rows(report, L, I, J), []
    notes = report.notes()[:1] + [f"Numbers: shown to {SIGNIFICANT} significant figures, "
                                  "computed in float64 by the engine; the model is not "
                                  "changed."]
    return {"title": report.title(), "notes": notes, "notation": report.notation,
            "m": int(len(report.info.Y)), "loss": report.loss,
            "focus": {"kind": {None: "neuron", 0: "bias"}.get(I, "weight"), "layer": L, "source": I,
                      "unit": J},
            "rows": rows, "equations": equations}


def check(model, x, y, answers, example=None):
    """The checker's verdicts: ``[{"key", "status", "message", "expected"}]``.

    ``status`` is the checker's word: right, carried forward, new error (or not
    answered / unusable, where the checker says so).
    """
    answers = {k: v for k, v in dict(answers).items() if str(v).strip() != ""}
    for key, value in answers.items():
        answers[key] = _number_or_array(key, value)
    if not answers:
        raise ValueError("type a number in at least one answer box, then press Check.")
    report = _report(model, x, y, example)
    result = report.check(answers)
    verdicts = getattr(result, "items", None)
    if not isinstance(verdicts, list):  # the checker before issue 12: report.marks
        verdicts = result.marks
    out = []
    for v in verdicts:
        key = getattr(v, "name", None) or getattr(v, "key", None)
        message = getattr(v, "message", None) or getattr(v, "note", "") or ""
        expected = getattr(v, "expected", None)
        expected = getattr(v, "correct", None) if expected is None else expected
        out.append({"key": key, "status": v.status, "message": message,
                    "expected": _Writer(report).text(expected) if expected is not None
                    else None})
    return out


def _number_or_array(key, value):
    """A typed answer: a number (``-0.0123``) or, for a vector or matrix, its rows as
    JSON (``[[0.1, 0.2], [0.3, 0.4]]``)."""
    import json

    try:
        return float(value)
    except (TypeError, ValueError):
        pass
    try:
        array = np.asarray(json.loads(str(value)), dtype=float)
        if array.size:
            return array.tolist()
    except (ValueError, TypeError):
        pass
    raise ValueError(f"your answer for {key} must be a number, such as -0.0123, or rows of "
                     f"numbers such as [[0.1, 0.2], [0.3, 0.4]], but got {value!r}.")


def document(model, x, y, fmt, example=None):
    """The whole worked step as ``"markdown"`` or ``"latex"`` text."""
    report = _report(model, x, y, example)
    if fmt == "markdown":
        return report.to_markdown()
    if fmt == "latex":
        return report.to_latex()
    raise ValueError(f"the worked step is exported as markdown or latex, not {fmt!r}.")
