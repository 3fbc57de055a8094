"""How numbers and equation parts are written: one ``Formatter`` for every renderer.

By default a number is shown to ``sig`` significant figures (6): ``0.4``, not
``0.40000000000000013``; ``0.000945``, not ``0.001``. ``exact=True`` shows the
shortest text that reads back as the same float64. A scalar is written as a scalar,
an array with one row or column as a vector ``[0.36, 0.22, 0.14]``, a matrix as its
rows. Text uses one minus sign, ``−`` (U+2212), in numbers and formulas alike; LaTeX
uses ``-``.
"""

import re

import numpy as np

from .formulas import Filled, Sym

MINUS = "−"


class Formatter:
    """Numbers, arrays and equation parts as text or LaTeX."""

    def __init__(self, sig=6, exact=False):
        if isinstance(sig, bool) or not isinstance(sig, (int, np.integer)) or not 1 <= sig <= 17:
            raise ValueError(f"sig (significant figures) must be an integer from 1 to 17, "
                             f"but got {sig!r}; pass exact=True for every digit.")
        self.sig, self.exact = int(sig), bool(exact)

    def describe(self):
        return ("exact float64 values" if self.exact
                else f"values to {self.sig} significant figures (exact=True for all digits)")

    # --- one number ------------------------------------------------------------
    def number(self, x):
        """ASCII text of one number: ``0.4``, ``-0.0368``, ``1.2e-07``."""
        x = float(x) + 0.0  # -0.0 -> 0.0
        if not np.isfinite(x):
            return {np.inf: "inf", -np.inf: "-inf"}.get(x, "nan")
        text = repr(x) if self.exact else f"{x:.{self.sig}g}"
        if "e" in text:
            mantissa, exponent = text.split("e")
            text = f"{mantissa}e{int(exponent):+03d}".replace("+", "")
        return text[:-2] if text.endswith(".0") else text

    def text_number(self, x):
        return self.number(x).replace("-", MINUS)

    # --- values ----------------------------------------------------------------
    def text(self, value, multiline=False):
        """A number or array as text: ``0.21``, ``[0.2, 0.3]``, ``[[1, 2], [3, 4]]``."""
        if value is None:
            return ""
        value = np.asarray(value, dtype=float)
        if value.size == 1:
            return self.text_number(value.reshape(()))
        if sum(n > 1 for n in value.shape) == 1:  # a row or a column: a vector
            return "[" + ", ".join(self.text_number(v) for v in value.ravel()) + "]"
        rows = ["[" + ", ".join(self.text_number(v) for v in row) + "]"
                for row in value.reshape(value.shape[0], -1)]
        return "[" + (",\n " if multiline else ", ").join(rows) + "]"

    def latex_number(self, x):
        """A number in LaTeX: ``-0.0368``, ``1.2 \\times 10^{-7}``."""
        text = self.number(x)
        match = re.fullmatch(r"(-?[\d.]+)e(-?)0*(\d+)", text)
        if match:
            return rf"{match.group(1)} \times 10^{{{match.group(2)}{match.group(3)}}}"
        return {"inf": r"\infty", "-inf": r"-\infty", "nan": r"\mathrm{NaN}"}.get(text, text)

    def latex(self, value):
        """A number, or an array as a ``bmatrix`` in its own orientation."""
        value = np.asarray(value, dtype=float)
        if value.size == 1:
            return self.latex_number(value.reshape(()))
        rows = [value] if value.ndim == 1 else value.reshape(value.shape[0], -1)
        body = r" \\ ".join(" & ".join(self.latex_number(v) for v in row) for row in rows)
        return r"\begin{bmatrix} " + body + r" \end{bmatrix}"

    # --- equation parts ----------------------------------------------------------
    def text_parts(self, parts, multiline=False):
        out = ""
        for i, p in enumerate(parts):
            if isinstance(p, Sym):
                out += p.text
            elif isinstance(p, Filled):
                out += self._filled(p, latex=False)
            else:
                out += _wrap(self.text(p, multiline), out, _powered(parts, i, False))
        return out

    def latex_parts(self, parts):
        out = ""
        for i, p in enumerate(parts):
            if isinstance(p, Sym):
                out += p.latex
            elif isinstance(p, Filled):
                out += self._filled(p, latex=True)
            else:
                out += _wrap(self.latex(p), out.rstrip() + " ", _powered(parts, i, True))
        return out

    def _filled(self, part, latex):
        """A ``Filled`` template: symbols put in (braced in LaTeX, so ``{a^{[1]}}^{2}``
        never doubles a superscript), negative numbers in parentheses where an operator
        or a power touches them."""
        pieces = part.pieces(latex)
        out = ""
        for i, piece in enumerate(pieces):
            if i % 2 == 0:
                out += piece
            elif isinstance(piece, Sym):
                out += "{" + piece.latex + "}" if latex else piece.text
            else:
                shown = self.latex(piece) if latex else self.text(piece)
                alone = out.rstrip().endswith(("(", "[", "|")) or not out.strip()
                if shown.startswith(("-", MINUS)) and (
                        not alone or pieces[i + 1].startswith(("²", "^"))):
                    shown = f"({shown})"
                out += "{" + shown + "}" if latex else shown
        return out


def text_parts(report, parts):
    """``report.formatter.text_parts(parts)`` (the name other modules import)."""
    return report.formatter.text_parts(parts)


def latex_parts(report, parts):
    """``report.formatter.latex_parts(parts)``."""
    return report.formatter.latex_parts(parts)


_OPERATORS = ("+ ", "− ", "× ", "· ", "⊙ ", "⊘ ", "+", "-", "times ")


def _powered(parts, i, latex):
    """Whether the part after ``parts[i]`` raises it to a power (``²``, ``^{2}``)."""
    after = parts[i + 1] if i + 1 < len(parts) else None
    return isinstance(after, Sym) and (after.latex if latex else after.text).startswith(
        ("²", "^"))


def _wrap(text, previous, powered=False):
    """Put a negative number after an operator, or under a power, in parentheses:
    ``0.3 + (−0.02)``, ``(−0.02)²``."""
    if text.startswith(("-", MINUS)) and (powered or previous.endswith(_OPERATORS)):
        return f"({text})"
    return text


def latex_text(text):
    """Escape plain text for LaTeX's text mode (layer names such as ``dense_1``)."""
    replace = {"\\": r"\textbackslash{}", "_": r"\_", "&": r"\&", "%": r"\%", "$": r"\$",
               "#": r"\#", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
               "^": r"\textasciicircum{}"}
    out = "".join(replace.get(c, c) for c in text)
    unicode = {"→": r"$\to$", "−": "-", "δ": r"$\delta$", "η": r"$\eta$", "μ": r"$\mu$",
               "∂": r"$\partial$", "×": r"$\times$", "Δ": r"$\Delta$", "σ": r"$\sigma$",
               "⊙": r"$\odot$", "′": "'", "·": r"$\cdot$", "Σ": r"$\Sigma$", "ε": r"$\epsilon$",
               "α": r"$\alpha$", "β": r"$\beta$", "ρ": r"$\rho$", "√": r"$\surd$",
               "ₖ": r"$_k$", "₁": r"$_1$", "₂": r"$_2$", "²": r"$^2$", "ᵀ": r"$^T$",
               "⊘": r"$\oslash$", "—": "--", "≈": r"$\approx$", "ⁱ": r"$^i$",
               "γ": r"$\gamma$", "\u0302": "", "\u0303": ""}  # accents: Ẑ1 -> Z1 in notes
    out = "".join(unicode.get(c, c) for c in out)
    return "".join(c if ord(c) < 128 else "?" for c in out)
