"""The pieces an equation is written with: symbols, and the formulas of g' and of losses.

An equation's right-hand side is a list of *parts*: a ``Sym`` (text written two ways,
plain Unicode for the terminal, Markdown and HTML, and LaTeX) or a number / array
(formatted by the renderer, exact or rounded). For example the parts
``[Sym("σ(", r"\\sigma("), 0.21, Sym(")")]`` read ``σ(0.21)``.
"""

import re
from dataclasses import dataclass, field
from typing import NamedTuple


class Sym(NamedTuple):
    """A piece of notation: ``text`` (Unicode) and ``latex`` (math mode)."""

    text: str
    latex: str


_LATEX = {"−": "-", "×": r"\times ", "·": r"\cdot ", "⊙": r"\odot ", "⊘": r"\oslash ",
          "η": r"\eta ", "μ": r"\mu ", "δ": r"\delta ", "Σ": r"\sum ", "√": r"\surd ",
          "²": "^{2}", "ᵀ": "^{T}", "∂": r"\partial ", "ε": r"\epsilon ", "α": r"\alpha ",
          "β": r"\beta ", "₁": "_1", "₂": "_2", "ₖ": "_k", "′": "'", "½": r"\tfrac{1}{2}",
          "σ": r"\sigma ", "→": r"\to ", "Δ": r"\Delta "}


def to_latex(text):
    """Plain notation text as LaTeX math: Unicode symbols mapped, words in ``\\text``."""
    out = "".join(_LATEX.get(c, c) for c in text)
    return re.sub(r"(?<![\\a-zA-Z])([a-zA-Z]{3,}(?: [a-zA-Z]{2,})*)",
                  lambda m: rf"\text{{{m.group(1)}}}", out)


def sym(text, latex=None):
    """``Sym(text, latex)``; the LaTeX defaults to the text with its symbols mapped."""
    return Sym(text, to_latex(text) if latex is None else latex)


TIMES = sym(" × ", r" \times ")
DOT = sym(" · ", r" \, ")
HADAMARD = sym(" ⊙ ", r" \odot ")
PLUS = sym(" + ", " + ")
MINUS = sym(" − ", " - ")


@dataclass
class Eq:
    """One line of a worked solution: ``lhs = formula = numbers = value``.

    ``ref`` says which engine value this is, as ``(quantity, layer, index)`` in Keras
    orientation (``index`` ``None`` for the whole array), and ``sign`` how the
    notation's value relates to it (the lab's delta is ``-dL/dZ``). ``key`` is the
    name a student's answer uses (``"Z1"``, ``"y3"``...); ``None`` if not checkable.
    """

    key: object
    ref: object
    lhs: Sym
    formula: list
    numbers: list
    value: object
    sign: float = 1.0
    group: str = ""
    note: str = ""
    aliases: list = field(default_factory=list)


@dataclass
class Section:
    title: str
    equations: list


# --- g'(Z) for each activation: (text, latex) in terms of A (or Z), and its parts ---

def derivative_formula(activation, A, Z):
    """``g'`` as a ``Sym`` written with the notation's symbols ``A`` and ``Z``.

    Sigmoid: ``A ⊙ (1 − A)``; tanh: ``1 − A²``; ReLU: ``1[Z > 0]``...
    """
    name = activation.name
    if name == "sigmoid":
        return sym(f"{A.text} ⊙ (1 − {A.text})", rf"{A.latex} \odot (1 - {A.latex})")
    if name == "tanh":
        return sym(f"1 − {A.text}²", rf"1 - {A.latex}^{{2}}")
    if name == "linear":
        return sym("1")
    if name == "relu":
        return sym(f"1[{Z.text} > 0]", rf"\mathbb{{1}}[{Z.latex} > 0]")
    if name == "leaky_relu":
        return sym(f"1 if {Z.text} > 0 else {activation.alpha:g}",
                   rf"\{{1 \text{{ if }} {Z.latex} > 0 \text{{ else }} {activation.alpha:g}\}}")
    if name == "elu":
        return sym(f"1 if {Z.text} > 0 else {A.text} + {activation.alpha:g}",
                   rf"\{{1 \text{{ if }} {Z.latex} > 0 \text{{ else }} {A.latex} + "
                   rf"{activation.alpha:g}\}}")
    if name == "softmax":
        return sym(f"{A.text} ⊙ (1 − {A.text})  (diagonal of the softmax Jacobian)",
                   rf"{A.latex} \odot (1 - {A.latex})")
    return sym(f"{name}'({Z.text})", rf"\mathrm{{{name}}}'({Z.latex})")


def derivative_numbers(activation, A_value, Z_value):
    """Parts showing ``g'`` with numbers, e.g. ``0.55 ⊙ (1 − 0.55)`` for a sigmoid."""
    name = activation.name
    if name in ("sigmoid", "softmax"):
        return [A_value, sym(" ⊙ (1 − ", r" \odot (1 - "), A_value, sym(")")]
    if name == "tanh":
        return [sym("1 − "), A_value, sym("²", "^{2}")]
    if name in ("relu", "leaky_relu", "elu"):
        return [sym("1 where "), Z_value, sym(" > 0", " > 0")]
    return [sym("1")] if name == "linear" else [Z_value]


def activation_call(activation, arg):
    """``Sym`` for ``g(arg)``: ``σ(Z1)``, ``relu(Z1)``, ``Z1`` for linear."""
    names = {"sigmoid": ("σ", r"\sigma"), "tanh": ("tanh", r"\tanh")}
    text, latex = names.get(activation.name,
                            (activation.name, rf"\mathrm{{{activation.name}}}"))
    if activation.name == "linear":
        return arg
    return sym(f"{text}({arg.text})", rf"{latex}({arg.latex})")


def activation_open(activation):
    """The opening of ``g(`` as a Sym (the caller adds the number and ``)``)."""
    names = {"sigmoid": ("σ(", r"\sigma("), "tanh": ("tanh(", r"\tanh(")}
    text, latex = names.get(activation.name,
                            (f"{activation.name}(", rf"\mathrm{{{activation.name}}}("))
    return sym(text, latex)


# --- losses: L and dL/dA, written with the notation's A and Y ---

def _over(reduction, m, n=1):
    """The divisor a reduction puts in: ``m`` (mean over the batch), ``m n``..."""
    parts = []
    if reduction == "sum_over_batch_size" and m > 1:
        parts.append("m")
    if n > 1:
        parts.append("n")
    return " ".join(parts)


def loss_formula(loss, A, Y, m, n):
    """``Sym`` for the batch loss ``L`` in terms of ``A`` and ``Y``."""
    mean = "1/m " if loss.reduction == "sum_over_batch_size" and m > 1 else ""
    lmean = r"\frac{1}{m}" if mean else ""
    n_text, n_latex = ("1/n ", r"\frac{1}{n}") if n > 1 else ("", "")
    name = type(loss).name
    if name == "half_squared_error":
        return sym(f"{mean}½ Σ ({A.text} − {Y.text})²",
                   rf"{lmean}\frac{{1}}{{2}}\sum ({A.latex} - {Y.latex})^{{2}}")
    if name == "mean_squared_error":
        return sym(f"{mean}{n_text}Σ ({A.text} − {Y.text})²",
                   rf"{lmean}{n_latex}\sum ({A.latex} - {Y.latex})^{{2}}")
    if name == "mean_absolute_error":
        return sym(f"{mean}{n_text}Σ |{A.text} − {Y.text}|",
                   rf"{lmean}{n_latex}\sum |{A.latex} - {Y.latex}|")
    if name == "binary_crossentropy":
        return sym(f"−{mean}{n_text}Σ [{Y.text} log {A.text} + (1 − {Y.text}) log(1 − {A.text})]",
                   rf"-{lmean}{n_latex}\sum [{Y.latex}\log {A.latex} + (1 - {Y.latex})"
                   rf"\log(1 - {A.latex})]")
    return sym(f"−{mean}Σ {Y.text} log {A.text}",
               rf"-{lmean}\sum {Y.latex} \log {A.latex}")


def loss_gradient_formula(loss, A, Y, m, n, fused=False):
    """``Sym`` for ``dL/dA`` (or ``dL/dZ`` when ``fused``), reduction included."""
    name = type(loss).name
    if fused:
        over = _over(loss.reduction, m, n if name == "binary_crossentropy" else 1)
        num = (f"{A.text} − {Y.text}", f"{A.latex} - {Y.latex}")
    elif name == "half_squared_error":
        over, num = _over(loss.reduction, m), (f"{A.text} − {Y.text}", f"{A.latex} - {Y.latex}")
    elif name == "mean_squared_error":
        over = _over(loss.reduction, m, n)
        num = (f"2 ({A.text} − {Y.text})", f"2 ({A.latex} - {Y.latex})")
    elif name == "mean_absolute_error":
        over = _over(loss.reduction, m, n)
        num = (f"sign({A.text} − {Y.text})", rf"\operatorname{{sign}}({A.latex} - {Y.latex})")
    elif name == "binary_crossentropy":
        over = _over(loss.reduction, m, n)
        num = (f"({A.text} − {Y.text}) / ({A.text} ⊙ (1 − {A.text}))",
               rf"({A.latex} - {Y.latex}) \oslash ({A.latex} \odot (1 - {A.latex}))")
    else:
        over, num = _over(loss.reduction, m), (f"−{Y.text} / {A.text}",
                                               rf"-{Y.latex} \oslash {A.latex}")
    if not over:
        return sym(*num)
    return sym(f"({num[0]}) / {over}", rf"\frac{{{num[1]}}}{{{over}}}")


def is_elementwise(activation):
    """Whether ``dZ = dA ⊙ g'(Z)`` holds (every activation but softmax)."""
    return activation.name != "softmax"

