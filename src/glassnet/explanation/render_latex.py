"""The report as a LaTeX document (amsmath, amssymb) that pdflatex compiles."""

from ._format import latex_parts, latex_text, latex_value

_PREAMBLE = r"""\documentclass[10pt]{article}
\usepackage[margin=2cm]{geometry}
\usepackage{amsmath,amssymb}
\setcounter{MaxMatrixCols}{30}
\allowdisplaybreaks
\begin{document}
"""


def _equation(report, eq):
    """One equation as an ``align*`` block: lhs = formula = numbers = value."""
    rhs = [latex_parts(report, part) for part in (eq.formula, eq.numbers) if part]
    rhs.append(latex_value(report, eq.value))
    note = rf"\quad\text{{({latex_text(eq.note)})}}" if eq.note else ""
    lines = [rf"{eq.lhs.latex} &= {rhs[0]}{note}"] + [rf"&= {r}" for r in rhs[1:]]
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"


def _answers(report):
    rows = []
    for m in report.marks:
        status = latex_text(m.status)
        if not m.right:
            deps = ", ".join(latex_text(d["key"]) for d in m.depends_on)
            status += rf" (depends on {deps})" if deps else ""
        rows.append(rf"{latex_text(str(m.key))} & ${latex_value(report, m.given)}$ & "
                    rf"${latex_value(report, m.correct)}$ & {status} \\")
    return ("\\section*{Your answers}\n\\begin{tabular}{llll}\n"
            "quantity & yours & correct & verdict \\\\ \\hline\n" + "\n".join(rows)
            + "\n\\end{tabular}")


def to_latex(report, standalone=True):
    """The worked solution in LaTeX; ``standalone=False`` gives the body only."""
    parts = [rf"\section*{{{latex_text(report.title())}}}"]
    parts += [latex_text(note) + r"\par" for note in report.notes()]
    for section in report.sections:
        parts.append(rf"\subsection*{{{latex_text(section.title)}}}")
        group = None
        for eq in section.equations:
            if eq.group != group and eq.group:
                group = eq.group
                parts.append(rf"\paragraph{{{latex_text(group)}}}")
            parts.append(_equation(report, eq))
    if report.marks is not None:
        parts.append(_answers(report))
    body = "\n".join(parts) + "\n"
    return _PREAMBLE + body + "\\end{document}\n" if standalone else body
