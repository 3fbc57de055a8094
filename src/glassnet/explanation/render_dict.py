"""The report as plain data (dicts, lists, floats): ready for ``json.dumps``."""

from ._format import rounded, text_parts

_LAYER_FIELDS = ("W", "b", "A_prev", "Z", "A", "dA", "gprime", "dZ", "dW", "db",
                 "W_new", "b_new")


def _plain(report, value):
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(report, v) for v in value]
    try:
        return rounded(report, value)
    except (TypeError, ValueError):
        return value


def to_dict(report):
    """Everything in the report: the engine's arrays (Keras orientation, under
    ``layers``) and the equations in the report's notation (under ``sections``)."""
    layers = []
    for s in report.steps:
        entry = {"index": s.index, "name": s.name, "activation": s.activation.name,
                 "n_in": s.n_in, "n_out": s.n_out}
        entry.update({f: _plain(report, getattr(s, f)) for f in _LAYER_FIELDS})
        layers.append(entry)
    sections = [{
        "title": section.title,
        "equations": [{
            "key": eq.key, "group": eq.group, "lhs": eq.lhs.text,
            "formula": text_parts(report, eq.formula),
            "numbers": text_parts(report, eq.numbers),
            "value": _plain(report, eq.value), "note": eq.note,
        } for eq in section.equations],
    } for section in report.sections]
    answers = None
    if report.marks is not None:
        answers = [{
            "key": m.key, "given": _plain(report, m.given), "correct": _plain(report, m.correct),
            "status": m.status, "right": m.right,
            "from_your_earlier_values": _plain(report, m.from_yours), "note": m.note,
            "depends_on": [{**d, "correct": _plain(report, d["correct"]),
                            "given": _plain(report, d["given"])} for d in m.depends_on],
        } for m in report.marks]
    return {
        "title": report.title(), "notation": report.notation, "decimals": report.decimals,
        "notes": report.notes(), "loss": _plain(report, report.loss),
        "loss_name": type(report.info["loss_object"]).name,
        "optimizer": type(report.info["optimizer"]).__name__,
        "learning_rate": report.info["learning_rate"],
        "x": _plain(report, report.info["X"]), "y": _plain(report, report.info["Y"]),
        "layers": layers, "sections": sections, "answers": answers,
    }
