"""The report as Markdown (for files and notebooks) and as HTML (``_repr_html_``)."""

import html

from ._format import text_parts, text_value


def _answer_rows(report):
    """``(quantity, yours, correct, verdict, depends on)`` strings per answer."""
    rows = []
    for m in report.marks or []:
        verdict = m.status + (f" ({m.note})" if m.note else "")
        if not m.right and m.from_yours is not None:
            verdict += f"; from your earlier values: {text_value(report, m.from_yours)}"
        deps = "" if m.right else "; ".join(
            f"{d['key']} = {text_value(report, d['correct'])}"
            + ("" if d["status"] is None else f" (yours: {d['status']})")
            for d in m.depends_on)
        rows.append((str(m.key), text_value(report, m.given), text_value(report, m.correct),
                     verdict, deps))
    return rows


def _equation_rows(report, section):
    """``(group or None, lhs, formula, numbers, value, note)`` per equation."""
    group = None
    for eq in section.equations:
        new_group = eq.group if eq.group != group and eq.group else None
        group = eq.group
        yield (new_group, eq.lhs.text, text_parts(report, eq.formula),
               text_parts(report, eq.numbers), text_value(report, eq.value), eq.note)


def _md_cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report):
    """A Markdown document: one table per section, then the marked answers."""
    lines = [f"# {report.title()}", ""] + [f"- {note}" for note in report.notes()] + [""]
    for section in report.sections:
        lines += [f"## {section.title}", "", "| | formula | with numbers | value |",
                  "|---|---|---|---|"]
        for group, lhs, formula, numbers, value, note in _equation_rows(report, section):
            if group:
                lines.append(f"| **{_md_cell(group)}** | | | |")
            if note:
                formula += f" *({note})*"
            lines.append("| " + " | ".join(_md_cell(c) for c in (lhs, formula, numbers, value))
                         + " |")
        lines.append("")
    if report.marks is not None:
        lines += ["## Your answers", "", "| quantity | yours | correct | verdict | depends on |",
                  "|---|---|---|---|---|"]
        lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |"
                  for row in _answer_rows(report)]
        lines.append("")
    return "\n".join(lines)


_COLOURS = {"right": "#1a7f37", "carried forward": "#9a6700", "new error": "#cf222e"}


def to_html(report):
    """An HTML fragment (tables) for Jupyter notebooks."""
    e = html.escape
    cell = "padding:2px 8px;text-align:left;vertical-align:top;white-space:pre-wrap"
    out = [f"<div class='glassnet-explain'><h3>{e(report.title())}</h3><ul>"]
    out += [f"<li>{e(note)}</li>" for note in report.notes()] + ["</ul>"]
    for section in report.sections:
        out.append(f"<h4>{e(section.title)}</h4><table><tr>" + "".join(
            f"<th style='{cell}'>{name}</th>"
            for name in ("", "formula", "with numbers", "value")) + "</tr>")
        for group, lhs, formula, numbers, value, note in _equation_rows(report, section):
            if group:
                out.append(f"<tr><td colspan='4' style='{cell}'><b>{e(group)}</b></td></tr>")
            note_html = f"<br><i>{e(note)}</i>" if note else ""
            out.append(f"<tr><td style='{cell}'>{e(lhs)}</td><td style='{cell}'>{e(formula)}"
                       f"{note_html}</td><td style='{cell}'>{e(numbers)}</td>"
                       f"<td style='{cell}'>{e(value)}</td></tr>")
        out.append("</table>")
    if report.marks is not None:
        out.append("<h4>Your answers</h4><table><tr>" + "".join(
            f"<th style='{cell}'>{name}</th>"
            for name in ("quantity", "yours", "correct", "verdict", "depends on")) + "</tr>")
        for m, row in zip(report.marks, _answer_rows(report), strict=True):
            colour = _COLOURS[m.status]
            cells = [f"<td style='{cell}'>{e(c)}</td>" for c in row]
            cells[3] = f"<td style='{cell};color:{colour}'>{e(row[3])}</td>"
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</table>")
    out.append("</div>")
    return "\n".join(out)
