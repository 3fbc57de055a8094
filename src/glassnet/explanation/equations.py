"""The worked solution as equations, in Keras rows or in the slides' columns.

- ``"keras"``: rows are examples. ``Z1 = X · W1 + b1`` with ``W1`` of shape
  ``(n_in, n_out)`` (the Keras kernel), ``∂L/∂W1 = Xᵀ · δ1``.
- ``"slides"``: examples are columns. ``z[1] = W[1] · x + b[1]`` with ``W[1]`` of
  shape ``(n_out, n_in)`` (the kernel transposed), ``∂L/∂W[1] = δ[1] · xᵀ``.

Both read the same engine values (``report.LayerStep``); only the orientation and the
names change. The lab's neuron-by-neuron notation is in ``equations_lab``.
"""

import numpy as np

from .formulas import (
    DOT,
    HADAMARD,
    PLUS,
    Eq,
    Section,
    activation_call,
    activation_call_numbers,
    derivative,
    loss_gradient_parts,
    loss_parts,
    sym,
)
from .updates import update_equations


class MatrixNotation:
    """Names and orientation of the ``"keras"`` or ``"slides"`` notation."""

    def __init__(self, name, m):
        self.name = name
        self.columns = name == "slides"
        self.m = m

    def S(self, base, l=None, T=False):
        """Symbol ``base`` of layer ``l`` (``T``: transposed), e.g. ``W^{[1]T}``."""
        latex_base = {"δ": r"\delta"}.get(base, base)
        if base in ("A", "Z", "X", "Y", "δ") and self.columns and self.m == 1:
            base = base.lower() if base != "δ" else base
            latex_base = latex_base.lower() if base != "δ" else latex_base
        if base in ("A", "a") and l == 0:
            base = latex_base = "x" if (self.columns and self.m == 1) else "X"
            l = None
        t_text = "ᵀ" if T else ""
        if l is None:
            return sym(base + t_text, latex_base + ("^{T}" if T else ""))
        if self.columns:
            return sym(f"{base}[{l}]{t_text}", f"{latex_base}^{{[{l}]{'T' if T else ''}}}")
        return sym(f"{base}{l}{t_text}", f"{latex_base}_{{{l}}}" + ("^{T}" if T else ""))

    def d(self, base, l):
        """``∂L/∂base`` as a symbol."""
        s = self.S(base, l)
        return sym(f"∂L/∂{s.text}", rf"\frac{{\partial L}}{{\partial {s.latex}}}")

    def orient(self, value):
        """Keras-oriented array -> this notation (transpose 2-D, bias as a column)."""
        if value is None:
            return None
        value = np.asarray(value)
        if not self.columns:
            return value
        return value.T if value.ndim == 2 else value.reshape(-1, 1)

    def to_keras(self, value, like):
        """Inverse of ``orient`` for an array shaped like ``orient(like)``."""
        value = np.asarray(value, dtype=float)
        if value.size == np.size(like):
            if np.ndim(like) == 2 and self.columns:
                return value.reshape(np.shape(like)[::-1]).T
            return value.reshape(np.shape(like))
        raise ValueError(f"expected {np.size(like)} numbers, got an array of shape {value.shape}")


def _forward(N, s):
    l = s.index
    A_prev, W, b, Z, A = N.S("A", l - 1), N.S("W", l), N.S("b", l), N.S("Z", l), N.S("A", l)
    if N.columns:
        formula, numbers = [W, DOT, A_prev], [N.orient(s.W), DOT, N.orient(s.A_prev)]
    else:
        formula, numbers = [A_prev, DOT, W], [s.A_prev, DOT, s.W]
    if s.b is not None:
        formula += [PLUS, b]
        numbers += [PLUS, N.orient(s.b)]
    group = f"layer {l} ({s.name}: {s.n_in} → {s.n_out}, {s.activation.name})"
    call = activation_call(s.activation, Z)
    A_numbers = activation_call_numbers(s.activation, N.orient(s.Z))
    return [
        Eq(f"Z{l}", ("Z", l, None), Z, formula, numbers, N.orient(s.Z), group=group),
        Eq(f"A{l}", ("A", l, None), A, [call], A_numbers, N.orient(s.A), group=group),
    ]


def _output_gradient(N, s, info):
    """``∂L/∂A`` of the output layer (or the fused ``δ``), as the loss writes it:
    ``(formula parts, number parts)`` (no numbers with sample weights)."""
    loss, m, n = info.loss_object, len(info.Y), s.n_out
    fused = info.fused
    formula = loss_gradient_parts(loss, N.S("A", s.index), N.S("Y"), m, n, fused)
    if info.sample_weight is not None:
        return formula, []
    numbers = loss_gradient_parts(loss, N.orient(s.A), N.orient(info.Y), m, n, fused,
                                  numbers=True)
    return formula, numbers


def _backward(N, s, info, after):
    """Equations for layer ``s``; ``after`` is the next layer's step (or None)."""
    l = s.index
    group = f"layer {l} ({s.name})"
    A, Z, delta = N.S("A", l), N.S("Z", l), N.S("δ", l)
    eqs = []
    if after is None:
        formula, numbers = _output_gradient(N, s, info)
        if not info.fused:
            eqs.append(Eq(f"dA{l}", ("dA", l, None), N.d("A", l), formula, numbers,
                          N.orient(s.dA), group=group))
    else:
        W_next, d_next = N.S("W", l + 1, T=True), N.S("δ", l + 1)
        if N.columns:
            formula, numbers = [W_next, DOT, d_next], [after.W, DOT, N.orient(after.dZ)]
        else:
            formula, numbers = [d_next, DOT, W_next], [after.dZ, DOT, after.W.T]
        eqs.append(Eq(f"dA{l}", ("dA", l, None), N.d("A", l), formula, numbers,
                      N.orient(s.dA), group=group))
    if s.activation.elementwise:  # softmax has no g' of its own: its Jacobian is used
        eqs.append(Eq(f"gprime{l}", ("gprime", l, None),
                      sym(f"g′({Z.text})", f"g'({Z.latex})"), [derivative(s.activation, A, Z)],
                      [derivative(s.activation, N.orient(s.A), N.orient(s.Z))],
                      N.orient(s.gprime), group=group))
    delta_lhs = sym(f"{delta.text} = ∂L/∂{Z.text}",
                    rf"{delta.latex} = \frac{{\partial L}}{{\partial {Z.latex}}}")
    if after is None and info.fused:
        formula, numbers = _output_gradient(N, s, info)
        note = (f"fused: {s.activation.name} + {type(info.loss_object).name} gives "
                "δ = ∂L/∂Z directly (the engine's fused_dZ)")
        eqs.append(Eq(f"delta{l}", ("dZ", l, None), delta_lhs, formula, numbers,
                      N.orient(s.dZ), group=group, note=note, aliases=[f"dZ{l}"]))
    elif s.activation.elementwise:
        eqs.append(Eq(f"delta{l}", ("dZ", l, None), delta_lhs,
                      [N.d("A", l), HADAMARD, sym(f"g′({Z.text})", f"g'({Z.latex})")],
                      [N.orient(s.dA), HADAMARD, N.orient(s.gprime)], N.orient(s.dZ),
                      group=group, aliases=[f"dZ{l}"]))
    else:
        eqs.append(Eq(f"delta{l}", ("dZ", l, None), delta_lhs,
                      [sym(f"{A.text} ⊙ (∂L/∂{A.text} − Σₖ ∂L/∂{A.text}ₖ {A.text}ₖ)",
                           rf"{A.latex} \odot (\frac{{\partial L}}{{\partial {A.latex}}} - "
                           r"\sum_k \frac{\partial L}{\partial a_k} a_k)")],
                      [], N.orient(s.dZ), group=group, aliases=[f"dZ{l}"],
                      note="softmax: the full Jacobian, not g′ alone"))
    A_prev_T = N.S("A", l - 1, T=True)
    if N.columns:
        formula, numbers = [delta, DOT, A_prev_T], [N.orient(s.dZ), DOT, s.A_prev]
    else:
        formula, numbers = [A_prev_T, DOT, delta], [s.A_prev.T, DOT, s.dZ]
    reg = s.regularizers.get("kernel")
    if reg is not None:
        formula = formula + [PLUS, sym(f"{type(reg).__name__}′({N.S('W', l).text})")]
        numbers = numbers + [PLUS, N.orient(reg.gradient(s.W))]
    eqs.append(Eq(f"dW{l}", ("dW", l, None), N.d("W", l), formula, numbers,
                  N.orient(s.dW), group=group, aliases=[f"gradW{l}"]))
    if s.b is not None:
        over = "columns" if N.columns else "rows"
        total = sym(f"Σ over {over} of {delta.text}", rf"\sum_{{\text{{{over}}}}} {delta.latex}")
        formula = [delta] if s.dZ.shape[0] == 1 else [total]
        eqs.append(Eq(f"db{l}", ("db", l, None), N.d("b", l), formula, [N.orient(s.dZ)],
                      N.orient(s.db), group=group, aliases=[f"gradb{l}"]))
    return eqs


def matrix_sections(steps, info, notation):
    """Forward, loss, backward and update sections in a matrix notation."""
    N = MatrixNotation(notation, len(info.Y))
    forward = [eq for s in steps for eq in _forward(N, s)]
    last = steps[-1]
    m, loss_object = len(info.Y), info.loss_object
    loss = Eq("loss", ("loss", last.index, None), sym("L"),
              loss_parts(loss_object, N.S("A", last.index), N.S("Y"), m, last.n_out),
              [] if info.sample_weight is not None else loss_parts(
                  loss_object, N.orient(last.A), N.orient(info.Y), m, last.n_out, True),
              np.asarray(info.loss), group="")
    backward = []
    for i in range(len(steps) - 1, -1, -1):
        after = steps[i + 1] if i + 1 < len(steps) else None
        backward += _backward(N, steps[i], info, after)
    update = [eq for s in steps for eq in update_equations(N, s, info)]
    return [
        Section("Forward pass", forward),
        Section("Loss", [loss]),
        Section("Backward pass (chain rule)", backward),
        Section(f"Update ({_describe_optimizer(info)})", update),
    ], N


def _describe_optimizer(info):
    opt = info.optimizer
    text = f"{type(opt).__name__}, learning rate η = {info.learning_rate:g}"
    if getattr(opt, "rho", None) is not None:
        text += f", ρ = {opt.rho:g}"
    if getattr(opt, "momentum", 0):
        text += f", momentum μ = {opt.momentum:g}"
        text += ", Nesterov" if getattr(opt, "nesterov", False) else ""
    if getattr(opt, "beta_1", None) is not None:
        text += f", β₁ = {opt.beta_1:g}, β₂ = {opt.beta_2:g}"
    return text

