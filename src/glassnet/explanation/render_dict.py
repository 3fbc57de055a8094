"""The report as plain data (dicts, lists, floats): ready for ``json.dumps``.

Values are always the exact float64 ones, whatever the report shows; the formula
and number strings are as the report's formatter writes them.
"""

import numpy as np

_LAYER_FIELDS = ("W", "b", "A_prev", "Z", "A", "dA", "gprime", "dZ", "dW", "db",
                 "W_new", "b_new")


def plain(value):
    """A float, nested lists of floats, or None."""
    if value is None:
        return None
    return (np.asarray(value, dtype=float) + 0.0).tolist()


def to_dict(report):
    """Everything in the report: the engine's arrays (Keras orientation, under
    ``layers``), the equations in the report's notation (under ``sections``) and the
    verdicts (under ``check``, None without answers)."""
    f = report.formatter
    layers = []
    for s in report.steps:
        entry = {"index": s.index, "name": s.name, "activation": s.activation.name,
                 "n_in": s.n_in, "n_out": s.n_out}
        entry.update({name: plain(getattr(s, name)) for name in _LAYER_FIELDS})
        entry["after"] = s.pre + s.post  # batch normalization ("bn") / dropout ("drop")
        entry.update({name: plain(value) for name, value in s.values.items()})
        layers.append(entry)
    sections = [{
        "title": section.title,
        "equations": [{
            "key": eq.key, "group": eq.group, "lhs": eq.lhs.text,
            "formula": f.text_parts(eq.formula), "numbers": f.text_parts(eq.numbers),
            "value": plain(eq.value), "shown": f.text(eq.value), "note": eq.note,
        } for eq in section.equations],
    } for section in report.all_sections()]
    return {
        "title": report.title(), "notation": report.notation, "sig": report.sig,
        "exact": report.exact, "notes": report.notes(), "loss": float(report.loss),
        "loss_name": type(report.info.loss_object).name,
        "optimizer": type(report.info.optimizer).__name__,
        "learning_rate": report.info.learning_rate,
        "x": plain(report.info.X), "y": plain(report.info.Y),
        "layers": layers, "sections": sections,
        "check": None if report.checked is None else report.checked.to_dict(),
    }
