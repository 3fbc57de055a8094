"""The report and the verdicts as Markdown (files, notebooks) and styled HTML.

The HTML carries its own small style sheet (scoped to ``.glassnet-explain``):
borders, monospace numbers, and the verdict colours as tinted backgrounds with a
coloured edge, readable on a notebook's light and dark themes alike (the text keeps
the theme's own colour).
"""

import html

from ._rows import VERDICT_COLUMNS, equation_rows, verdict_rows


def _md_cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def _md_verdicts(result):
    lines = [f"## Your answers: {result.score_line()}", "",
             "| " + " | ".join(VERDICT_COLUMNS) + " |", "|" + "---|" * len(VERDICT_COLUMNS)]
    for _status, cells in verdict_rows(result):
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    return lines + [""]


def to_markdown(report):
    """A Markdown document: the verdicts (if any), then one table per section."""
    lines = [f"# {report.title()}", ""] + [f"- {note}" for note in report.notes()] + [""]
    if report.checked is not None:
        lines += _md_verdicts(report.checked)
    for section in report.all_sections():
        lines += [f"## {section.title}", "", "| | formula | with numbers | value |",
                  "|---|---|---|---|"]
        for group, lhs, formula, numbers, value, note in equation_rows(report, section):
            if group:
                lines.append(f"| **{_md_cell(group)}** | | | |")
            if note:
                formula += f" *({note})*"
            lines.append("| " + " | ".join(_md_cell(c) for c in (lhs, formula, numbers, value))
                         + " |")
        lines.append("")
    return "\n".join(lines)


def check_to_markdown(result):
    return "\n".join(_md_verdicts(result))


# Tints over whatever background the theme has, a solid edge, the theme's text colour.
COLOURS = {"right": "26, 127, 55", "carried forward": "191, 135, 0",
           "new error": "207, 34, 46", "not answered": "130, 80, 223",
           "unusable": "110, 119, 129"}

STYLE = """<style>
.glassnet-explain { font-family: system-ui, sans-serif; line-height: 1.4; }
.glassnet-explain table { border-collapse: collapse; margin: 0.4em 0 1em; }
.glassnet-explain th, .glassnet-explain td { border: 1px solid rgba(128, 128, 128, 0.45);
  padding: 3px 8px; text-align: left; vertical-align: top; }
.glassnet-explain th { background: rgba(128, 128, 128, 0.15); }
.glassnet-explain td.num { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas,
  monospace; white-space: pre; }
.glassnet-explain tr.group td { font-weight: bold; background: rgba(128, 128, 128, 0.08); }
.glassnet-explain .note { opacity: 0.75; font-style: italic; }
""" + "".join(
    f".glassnet-explain td.verdict-{name.replace(' ', '-')} {{ background: rgba({rgb}, 0.18); "
    f"border-left: 4px solid rgb({rgb}); font-weight: bold; }}\n"
    for name, rgb in COLOURS.items()) + "</style>"


def _html_verdicts(result):
    e = html.escape
    out = [f"<h4>Your answers: {e(result.score_line())}</h4>",
           "<table class='verdicts'><tr>" + "".join(f"<th>{c}</th>" for c in VERDICT_COLUMNS)
           + "</tr>"]
    for status, cells in verdict_rows(result):
        kinds = ["", "num", "num", f"verdict-{status.replace(' ', '-')}", "num", ""]
        out.append(f"<tr data-status='{e(status)}'>" + "".join(
            f"<td class='{k}'>{e(c)}</td>" if k else f"<td>{e(c)}</td>"
            for k, c in zip(kinds, cells, strict=True)) + "</tr>")
    out.append("</table>")
    return out


def to_html(report):
    """An HTML fragment (style sheet and tables) for Jupyter notebooks."""
    e = html.escape
    out = [f"<div class='glassnet-explain'>{STYLE}<h3>{e(report.title())}</h3><ul>"]
    out += [f"<li>{e(note)}</li>" for note in report.notes()] + ["</ul>"]
    if report.checked is not None:
        out += _html_verdicts(report.checked)
    for section in report.all_sections():
        out.append(f"<h4>{e(section.title)}</h4><table class='equations'><tr>"
                   "<th></th><th>formula</th><th>with numbers</th><th>value</th></tr>")
        for group, lhs, formula, numbers, value, note in equation_rows(report, section):
            if group:
                out.append(f"<tr class='group'><td colspan='4'>{e(group)}</td></tr>")
            note_html = f"<br><span class='note'>{e(note)}</span>" if note else ""
            out.append(f"<tr><td>{e(lhs)}</td><td>{e(formula)}{note_html}</td>"
                       f"<td class='num'>{e(numbers)}</td><td class='num'>{e(value)}</td></tr>")
        out.append("</table>")
    out.append("</div>")
    return "\n".join(out)


def check_to_html(result):
    """The verdicts alone, styled as the report."""
    return "\n".join([f"<div class='glassnet-explain'>{STYLE}"] + _html_verdicts(result)
                     + ["</div>"])
