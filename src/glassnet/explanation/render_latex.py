"""The report and the verdicts as a LaTeX document (amsmath, amssymb) for pdflatex."""

from ._format import latex_text
from ._rows import equation_rows, verdict_rows

PREAMBLE = r"""\documentclass[10pt]{article}
\usepackage[margin=2cm]{geometry}
\usepackage{amsmath,amssymb}
\usepackage{color}
\definecolor{right}{rgb}{0.10,0.50,0.22}
\definecolor{carriedforward}{rgb}{0.75,0.53,0.00}
\definecolor{newerror}{rgb}{0.81,0.13,0.18}
\definecolor{notanswered}{rgb}{0.51,0.31,0.87}
\definecolor{unusable}{rgb}{0.43,0.47,0.51}
\setcounter{MaxMatrixCols}{30}
\allowdisplaybreaks
\begin{document}
"""

def _equation(lhs, formula, numbers, value, note):
    """One equation as an ``align*`` block: lhs = formula = numbers = value."""
    rhs = [r for r in (formula, numbers) if r] + [value]
    note = rf"\quad\text{{({latex_text(note)})}}" if note else ""
    lines = [rf"{lhs} &= {rhs[0]}{note}"] + [rf"&= {r}" for r in rhs[1:]]
    return "\\begin{align*}\n" + " \\\\\n".join(lines) + "\n\\end{align*}"


def verdicts_latex(result):
    rows = []
    for status, cells in verdict_rows(result):
        name, given, expected, verdict, points, why = (latex_text(c) for c in cells)
        colour = status.replace(" ", "")
        rows.append(rf"{name} & {given} & {expected} & "
                    rf"\textcolor{{{colour}}}{{\textbf{{{verdict}}}}} & {points} & "
                    rf"{why} \\ \hline")
    return (rf"\section*{{Your answers: {latex_text(result.score_line())}}}" "\n"
            r"{\small\begin{tabular}{|p{2.2cm}|p{2.2cm}|p{2.2cm}|p{2cm}|l|p{5cm}|}\hline"
            "\nanswer & yours & expected & verdict & points & why \\\\ \\hline\n"
            + "\n".join(rows) + "\n\\end{tabular}}")


def to_latex(report, standalone=True, body_only=False):
    """The worked solution in LaTeX; ``standalone=False`` gives the body only."""
    parts = [rf"\section*{{{latex_text(report.title())}}}"]
    parts += [latex_text(note) + r"\par" for note in report.notes()]
    if report.checked is not None:
        parts.append(verdicts_latex(report.checked))
    for section in report.all_sections():
        parts.append(rf"\subsection*{{{latex_text(section.title)}}}")
        for group, *equation in equation_rows(report, section, latex=True):
            if group:
                parts.append(rf"\paragraph{{{latex_text(group)}}}")
            parts.append(_equation(*equation))
    body = "\n".join(parts) + "\n"
    return PREAMBLE + body + "\\end{document}\n" if standalone else body


def check_to_latex(result, standalone=True):
    body = verdicts_latex(result) + "\n"
    return PREAMBLE + body + "\\end{document}\n" if standalone else body
