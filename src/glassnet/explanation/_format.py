"""Numbers and equation parts as text or LaTeX, exact or rounded (shared by renderers)."""

import re

import numpy as np

from .formulas import Filled, Sym


def text_value(report, value, multiline=False):
    """A number or array as text: ``0.21``, ``[0.2, 0.3]``, ``[[1, 2], [3, 4]]``."""
    value = np.asarray(value)
    if value.size == 1:
        return report.fmt(value.reshape(()))
    if value.ndim == 1:
        return "[" + ", ".join(report.fmt(v) for v in value) + "]"
    rows = ["[" + ", ".join(report.fmt(v) for v in row) + "]" for row in value]
    return "[" + (",\n " if multiline else ", ").join(rows) + "]"


_OPERATORS = ("+ ", "− ", "× ", "· ", "⊙ ", "⊘ ")


def _wrap(text, previous):
    """Put a negative number after an operator in parentheses: ``0.3 + (-0.02)``."""
    if text.startswith("-") and previous.endswith(_OPERATORS + ("+", "-", "times ")):
        return f"({text})"
    return text


def _filled(report, part, latex, value_of):
    """A ``Filled`` template as text or LaTeX: symbols put in (braced in LaTeX, so
    ``{a^{[1]}}^{2}`` never doubles a superscript), negative numbers in parentheses
    where an operator or a power touches them."""
    pieces = part.pieces(latex)
    out = ""
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            out += piece
        elif isinstance(piece, Sym):
            out += "{" + piece.latex + "}" if latex else piece.text
        else:
            shown = value_of(report, piece)
            after = pieces[i + 1]
            alone = out.rstrip().endswith(("(", "[", "|")) or not out.strip()
            if shown.startswith(("-", "−")) and (not alone or after.startswith(("²", "^"))):
                shown = f"({shown})"
            out += "{" + shown + "}" if latex else shown
    return out


def text_parts(report, parts, multiline=False):
    out = ""
    for p in parts:
        if isinstance(p, Sym):
            out += p.text
        elif isinstance(p, Filled):
            out += _filled(report, p, False, lambda r, v: text_value(r, v, multiline))
        else:
            out += _wrap(text_value(report, p, multiline), out)
    return out


def latex_number(report, x):
    """A number in LaTeX: ``-0.0368``, ``1.2 \\times 10^{-5}``."""
    text = report.fmt(x)
    match = re.fullmatch(r"(-?[\d.]+)e([+-]?)0*(\d+)", text)
    if match:
        sign = "-" if match.group(2) == "-" else ""
        return rf"{match.group(1)} \times 10^{{{sign}{match.group(3)}}}"
    if text in ("inf", "-inf", "nan"):
        return {"inf": r"\infty", "-inf": r"-\infty", "nan": r"\mathrm{NaN}"}[text]
    return text


def latex_value(report, value):
    """A number, or an array as a ``bmatrix`` (a 1-D array as one row)."""
    value = np.asarray(value)
    if value.size == 1:
        return latex_number(report, value.reshape(()))
    rows = [value] if value.ndim == 1 else value
    body = r" \\ ".join(" & ".join(latex_number(report, v) for v in row) for row in rows)
    return r"\begin{bmatrix} " + body + r" \end{bmatrix}"


def latex_parts(report, parts):
    out = ""
    for p in parts:
        if isinstance(p, Sym):
            out += p.latex
        elif isinstance(p, Filled):
            out += _filled(report, p, True, latex_value)
        else:
            out += _wrap(latex_value(report, p), out.rstrip() + " ")
    return out


def latex_text(text):
    """Escape plain text for LaTeX's text mode (layer names such as ``dense_1``)."""
    replace = {"\\": r"\textbackslash{}", "_": r"\_", "&": r"\&", "%": r"\%", "$": r"\$",
               "#": r"\#", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
               "^": r"\textasciicircum{}"}
    out = "".join(replace.get(c, c) for c in text)
    unicode = {"→": r"$\to$", "−": "-", "δ": r"$\delta$", "η": r"$\eta$", "μ": r"$\mu$",
               "∂": r"$\partial$", "×": r"$\times$", "Δ": r"$\Delta$", "σ": r"$\sigma$",
               "⊙": r"$\odot$", "′": "'", "·": r"$\cdot$", "Σ": r"$\Sigma$"}
    return "".join(unicode.get(c, c) for c in out)


def rounded(report, value):
    """A value for JSON: a float or nested lists, rounded if the report rounds."""
    value = np.asarray(value, dtype=float)
    if report.decimals is not None:
        value = np.round(value, report.decimals) + 0.0
    return value.tolist()
