"""The pieces an equation is written with: symbols, and the classes' own formulas.

An equation's right-hand side is a list of *parts*: a ``Sym`` (text written two ways,
plain Unicode for the terminal, Markdown and HTML, and LaTeX), a number / array
(formatted by the renderer, exact or rounded), or a ``Filled`` formula: one of the
``(text, latex)`` templates an activation or loss carries (``Activation.formula``,
``Loss.gradient_formula``...) with its ``$Z``, ``$A``, ``$Y`` replaced by symbols or
numbers. For example the parts ``[Sym("σ(", r"\\sigma("), 0.21, Sym(")")]`` read
``σ(0.21)``. No formula is written here: they live on the classes.
"""

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..activations import Linear


class Sym(NamedTuple):
    """A piece of notation: ``text`` (Unicode) and ``latex`` (math mode)."""

    text: str
    latex: str


_LATEX = {"−": "-", "×": r"\times ", "·": r"\cdot ", "⊙": r"\odot ", "⊘": r"\oslash ",
          "η": r"\eta ", "μ": r"\mu ", "δ": r"\delta ", "Σ": r"\sum ", "√": r"\surd ",
          "²": "^{2}", "ᵀ": "^{T}", "∂": r"\partial ", "ε": r"\epsilon ", "α": r"\alpha ",
          "β": r"\beta ", "₁": "_1", "₂": "_2", "ₖ": "_k", "′": "'", "½": r"\tfrac{1}{2}",
          "σ": r"\sigma ", "→": r"\to ", "Δ": r"\Delta ", "ρ": r"\rho ", "γ": r"\gamma ",
          "ᵢ": "_i", "⁻": "^{-}"}


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


class NotSupportedError(TypeError):
    """explain cannot write out this activation, loss, layer or optimizer yet.

    Examples
    --------
    >>> class Square(gn.activations.Activation):  # no formula, no derivative_formula
    ...     name = "square"
    ...     def forward(self, Z):
    ...         return Z * Z
    ...     def derivative(self, Z, A):
    ...         return 2 * Z
    >>> model = gn.Sequential([gn.Input((2,)), gn.layers.Dense(1, activation=Square())])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> gn.explain(model, [[1.0, 2.0]], [[1.0]])
    Traceback (most recent call last):
        ...
    glassnet.explanation.formulas.NotSupportedError: The activation 'square' (Square) is not ...
    """


def require_formulas(thing, kind, attributes):
    """Raise ``NotSupportedError`` unless ``thing`` has every formula in ``attributes``."""
    missing = [a for a in attributes if getattr(thing, a, None) is None]
    if missing:
        name = getattr(thing, "name", type(thing).__name__)
        raise NotSupportedError(
            f"The {kind} {name!r} ({type(thing).__name__}) is not supported by explain "
            f"yet: it has no written {' or '.join(missing)}. Give the class "
            f"{', '.join(missing)} (see the {kind} base class docstring), or explain a "
            f"model that uses another {kind}."
        )


_PLACEHOLDER = re.compile(r"\$([ZAYW]|[a-z][a-z_0-9]*)")


@dataclass
class Filled:
    """A ``(text, latex)`` template with its placeholders given values.

    ``values`` maps ``"Z"``, ``"A"``, ``"Y"`` to a ``Sym`` or a number/array, and
    lower-case hyperparameter names (``"alpha"``) to numbers. ``scalar`` writes the
    element-wise ``⊙``/``⊘`` as ``×``/``/`` (the lab's one-neuron equations).
    """

    template: tuple
    values: dict
    scalar: bool = False

    def pieces(self, latex):
        """The template split into literal strings and values, in order."""
        template = self.template[1 if latex else 0]
        if self.scalar:  # one neuron: y3(1 − y3) in symbols, 0.55 × (1 − 0.55) in numbers
            symbols = all(isinstance(v, Sym) for k, v in self.values.items() if k.isupper())
            times = ("", "") if symbols else (" × ", r" \times ")
            for a, b in ((" ⊙ ", times[0]), (" ⊘ ", " / "), (r" \odot ", times[1]),
                         (r"\oslash", "/")):
                template = template.replace(a, b)
        out, last = [], 0
        for match in _PLACEHOLDER.finditer(template):
            out.append(template[last:match.start()])
            out.append(self.values[match.group(1)])
            last = match.end()
        out.append(template[last:])
        return out


def _config_values(thing):
    return {k: v for k, v in thing.get_config().items() if isinstance(v, (int, float))}


def g_symbol(activation):
    """How ``g`` is written in ``g(Z)``: ``σ``, ``tanh``, ``relu``..."""
    if activation.symbol:
        return sym(*activation.symbol)
    latex_name = activation.name.replace("_", r"\_")
    return sym(activation.name, rf"\mathrm{{{latex_name}}}")


def activation_call(activation, arg):
    """``Sym`` for ``g(arg)``: ``σ(Z1)``, ``relu(Z1)``, ``Z1`` for linear."""
    if isinstance(activation, Linear):
        return arg
    g = g_symbol(activation)
    return sym(f"{g.text}({arg.text})", rf"{g.latex}({arg.latex})")


def activation_call_numbers(activation, value):
    """Parts for ``g(value)``: ``[σ(, 0.21, )]``; ``[value]`` for linear."""
    if isinstance(activation, Linear):
        return [value]
    g = g_symbol(activation)
    return [sym(g.text + "(", g.latex + "("), value, sym(")")]


def derivative(activation, A, Z, scalar=False):
    """``g'`` as the class writes it, with ``A`` and ``Z`` (symbols or numbers)."""
    return Filled(activation.derivative_formula,
                  {"A": A, "Z": Z, **_config_values(activation)}, scalar)


def _divisor(loss, m, n):
    """The reduction's divisor as words of ``m`` and ``n``: ``["m"]``, ``["m", "n"]``."""
    parts = ["m"] if loss.reduction == "sum_over_batch_size" and m > 1 else []
    return parts + (["n"] if loss.averages_outputs and n > 1 else [])


def loss_parts(loss, A, Y, m, n, numbers=False):
    """Parts for the batch loss ``L = (1/m)(1/n) Σ term(A, Y)``.

    With ``numbers`` the divisors are the values of ``m`` and ``n``."""
    sizes = {"m": m, "n": n}
    over = _divisor(loss, m, n)
    text = "".join(f"1/{sizes[w] if numbers else w} " for w in over)
    latex = "".join(rf"\frac{{1}}{{{sizes[w] if numbers else w}}}" for w in over)
    return [sym(text + "Σ ", latex + r"\sum "), Filled(loss.formula, {"A": A, "Y": Y})]


def loss_gradient_parts(loss, A, Y, m, n, fused=False, numbers=False):
    """Parts for ``∂L/∂A`` (or the fused ``∂L/∂Z``): the class's formula over the
    reduction's divisor, e.g. ``(A2 − Y) / m``."""
    template = loss.fused_gradient_formula if fused else loss.gradient_formula
    body = Filled(template, {"A": A, "Y": Y})
    over = _divisor(loss, m, n)
    if not over:
        return [body]
    sizes = {"m": m, "n": n}
    words = " ".join(str(sizes[w]) if numbers else w for w in over)
    latex = r" \cdot ".join(str(sizes[w]) if numbers else w for w in over)
    return [sym("(", r"\frac{"), body, sym(f") / {words}" if len(over) == 1
                                            else f") / ({words})", rf"}}{{{latex}}}")]


def penalty(regularizer, W):
    """The regularizer's penalty as it writes it, with ``W`` a symbol or numbers."""
    return Filled(regularizer.formula, {"W": W, **_config_values(regularizer)})


def penalty_gradient(regularizer, W):
    """The regularizer's gradient as it writes it (``2 × 0.01 × W1``)."""
    return Filled(regularizer.gradient_formula, {"W": W, **_config_values(regularizer)})
