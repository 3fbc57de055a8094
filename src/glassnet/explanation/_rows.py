"""The rows every renderer shows, as strings: equations, and verdicts.

Text, Markdown, HTML and LaTeX lay these rows out differently; what is in them is
decided once, here, with the report's ``Formatter``.
"""


def equation_rows(report, section, latex=False):
    """``(group or None, lhs, formula, numbers, value, note)`` per equation."""
    f = report.formatter
    group = None
    for eq in section.equations:
        new_group = eq.group if eq.group != group and eq.group else None
        group = eq.group
        if latex:
            yield (new_group, eq.lhs.latex, f.latex_parts(eq.formula),
                   f.latex_parts(eq.numbers), f.latex(eq.value), eq.note)
        else:
            yield (new_group, eq.lhs.text, f.text_parts(eq.formula),
                   f.text_parts(eq.numbers), f.text(eq.value, True), eq.note)


VERDICT_COLUMNS = ("answer", "yours", "expected", "verdict", "points", "why")


def verdict_rows(result):
    """``(status, cells)`` per verdict; ``cells`` follow ``VERDICT_COLUMNS``."""
    f = result.report.formatter
    rows = []
    for v in result.items:
        name = v.name if v.quantity in ("", v.name) else f"{v.name} ({v.quantity})"
        given = v.given if isinstance(v.given, str) else (
            "" if v.given is None else _given_text(f, v.given))
        why = []
        if v.slip:
            why.append(f"{v.slip}: {v.message}" if v.message else v.slip)
        elif v.message and v.status != "not answered":
            why.append(v.message)
        if v.wrong_elements:
            why.append("wrong elements: " + ", ".join(
                "[" + ",".join(map(str, i)) + "]" for i in v.wrong_elements))
        if v.status != "right" and v.from_yours is not None:
            why.append(f"from your earlier values: {f.text(v.from_yours)}")
        if v.status != "right" and v.depends_on:
            why.append("follows from " + ", ".join(
                f"{d['name']} ({d['status']})" for d in v.depends_on))
        rows.append((v.status, (name, given, "" if v.expected is None else f.text(v.expected),
                                v.status, f"{v.points:g}/{v.max_points:g}", "; ".join(why))))
    return rows


def _given_text(f, value):
    try:
        return f.text(value)
    except (TypeError, ValueError):
        return repr(value)
