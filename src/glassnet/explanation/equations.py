"""The worked solution as equations, in Keras rows or in the slides' columns.

- ``"keras"``: rows are examples. ``Z1 = X · W1 + b1`` with ``W1`` of shape
  ``(n_in, n_out)`` (the Keras kernel), ``∂L/∂W1 = Xᵀ · δ1``.
- ``"slides"``: examples are columns. ``z[1] = W[1] · x + b[1]`` with ``W[1]`` of
  shape ``(n_out, n_in)`` (the kernel transposed), ``∂L/∂W[1] = δ[1] · xᵀ``.

Both read the same engine values (``report.LayerStep``); only the orientation and the
names change. The lab's neuron-by-neuron notation is in ``equations_lab``.
"""

import unicodedata

import numpy as np

from .formulas import (
    DOT,
    HADAMARD,
    MINUS,
    PLUS,
    Eq,
    Section,
    activation_call,
    activation_call_numbers,
    derivative,
    loss_gradient_parts,
    loss_parts,
    penalty,
    penalty_gradient,
    sym,
)
from .updates import update_equations

_GREEK = {"δ": r"\delta", "γ": r"\gamma", "β": r"\beta", "μ": r"\mu", "σ": r"\sigma"}
PARAMETER_SYMBOL = {"W": "W", "b": "b", "gamma": "γ", "beta": "β"}


class MatrixNotation:
    """Names and orientation of the ``"keras"`` or ``"slides"`` notation."""

    def __init__(self, name, m):
        self.name = name
        self.columns = name == "slides"
        self.m = m

    def S(self, base, l=None, T=False):
        """Symbol ``base`` of layer ``l`` (``T``: transposed), e.g. ``W^{[1]T}``."""
        latex_base = _GREEK.get(base, base)
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

    def V(self, s, q, T=False):
        """Symbol of quantity ``q`` of unit ``s`` (``None``: the input ``X``):
        ``Z``, ``A``, and a batch normalization's ``mu, var, xhat, bn`` (``μ1, σ1²,
        Ẑ1, Z̃1``), a dropout's ``drop`` (``A1_drop``), a parameter (``W``, ``gamma``)."""
        if s is None:
            return self.S("A", 0, T)
        l = s.index
        if q in ("Z", "A"):
            return self.S(q, l, T)
        if q in PARAMETER_SYMBOL:
            return self.S(PARAMETER_SYMBOL[q], l, T)
        if q in ("xhat", "bn"):
            base = self.S(s.input_of("bn"), l)
            accent, mark = ("hat", "\u0302") if q == "xhat" else ("tilde", "\u0303")
            value = sym(unicodedata.normalize("NFC", base.text[0] + mark) + base.text[1:],
                        rf"\{accent}{{{base.latex[0]}}}" + base.latex[1:])
        elif q == "drop":
            base = self.S("A", l)
            value = sym(base.text + "_drop", "{" + base.latex + r"}_{\mathrm{drop}}")
        elif q == "mu":
            value = self.S("μ", l)
        elif q == "var":
            base = self.S("σ", l)
            value = sym(base.text + "²", "{" + base.latex + "}^{2}")
        else:
            raise KeyError(q)
        return sym(value.text + "ᵀ", "{" + value.latex + "}^{T}") if T else value

    def d(self, base, l):
        """``∂L/∂base`` as a symbol."""
        return self.grad(self.S(base, l))

    @staticmethod
    def grad(s):
        """``∂L/∂s`` for a symbol ``s``."""
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


def _key(s, q):
    """The answer name of quantity ``q`` of unit ``s``: ``Z1``, ``Ztilde1``, ``dAdrop1``."""
    l = s.index
    if q.startswith("d") and q[1:] in ("bn", "xhat", "drop"):
        return "d" + _key(s, q[1:])
    base = s.input_of("bn") if q in ("xhat", "bn") else ""
    return {"xhat": f"{base}hat{l}", "bn": f"{base}tilde{l}", "drop": f"Adrop{l}",
            "dZ": f"delta{l}"}.get(q, f"{q}{l}")


def _group(s):
    """``layer 1 (dense: 3 → 4, batch normalization, relu, dropout p = 0.5)``."""
    words = {"bn": "batch normalization"}
    if "drop" in s.ops:
        words["drop"] = f"dropout p = {s.ops['drop'].rate:g}"
    parts = [words[k] for k in s.pre] + [s.activation.name] + [words[k] for k in s.post]
    return f"layer {s.index} ({s.name}: {s.n_in} → {s.n_out}, {', '.join(parts)})"


def _over(N):
    return "columns" if N.columns else "rows"


def _bn_forward(N, s):
    """``μ, σ², X̂ = (X − μ) ⊘ √(σ² + ε), X̃ = γ ⊙ X̂ + β`` of the unit's batch
    normalization (``X`` is ``Z`` before ``g``, or ``A`` after it)."""
    l, m, o, group = s.index, N.m, N.orient, _group(s)
    X_q = s.input_of("bn")
    X, Xv = N.V(s, X_q), o(s.value(X_q))
    mu, var, xhat = N.V(s, "mu"), N.V(s, "var"), N.V(s, "xhat")
    eps = s.ops["bn"].epsilon
    over = _over(N)
    mean = sym(f"1/m Σ over {over} of ", rf"\frac{{1}}{{m}} \sum_{{\text{{{over}}}}} ")
    mean_m = sym(f"1/{m} Σ ", rf"\frac{{1}}{{{m}}} \sum ")
    root = sym(") ⊘ √(", r") \oslash \sqrt{")
    eps_text = sym(f" + {eps:g})", rf" + {eps:g}}}")
    v = s.values
    return [
        Eq(_key(s, "mu"), ("mu", l, None), mu, [mean, X], [mean_m, Xv], o(v["mu"]),
           group=group, note="batch mean, per unit"),
        Eq(_key(s, "var"), ("var", l, None), var,
           [mean, sym("("), X, MINUS, mu, sym(")²", ")^{2}")],
           [mean_m, sym("("), Xv, MINUS, o(v["mu"]), sym(")²", ")^{2}")], o(v["var"]),
           group=group, note="batch variance (divided by m)"),
        Eq(_key(s, "xhat"), ("xhat", l, None), xhat,
           [sym("("), X, MINUS, mu, root, var, sym(" + ε)", r" + \epsilon}")],
           [sym("("), Xv, MINUS, o(v["mu"]), root, o(v["var"]), eps_text], o(v["xhat"]),
           group=group, note=f"ε = {eps:g}"),
        Eq(_key(s, "bn"), ("bn", l, None), N.V(s, "bn"),
           [N.V(s, "gamma"), HADAMARD, xhat, PLUS, N.V(s, "beta")],
           [o(v["gamma"]), HADAMARD, o(v["xhat"]), PLUS, o(v["beta"])], o(v["bn"]),
           group=group),
    ]


def _scaling(p):
    return (sym(" / (1 − p)", r" / (1 - p)"),
            sym(f" / (1 − {p:g})", rf" / (1 - {p:g})"))


def _dropout_forward(N, s):
    """The mask the engine drew and ``A_drop = A ⊙ M / (1 − p)``."""
    l, o, group = s.index, N.orient, _group(s)
    p = s.ops["drop"].rate
    M = N.S("M", l)
    X_q = s.input_of("drop")
    scale, scale_numbers = _scaling(p)
    return [
        Eq(None, None, M, [sym(f"each entry 1 with probability 1 − p = {1 - p:g}, else 0",
                               rf"\text{{each entry 1 with probability }} 1 - p = {1 - p:g}"
                               r"\text{, else 0}")],
           [], o(s.values["mask"]), group=group, note="the mask the engine drew"),
        Eq(_key(s, "drop"), ("drop", l, None), N.V(s, "drop"),
           [N.V(s, X_q), HADAMARD, M, scale],
           [o(s.value(X_q)), HADAMARD, o(s.values["mask"]), scale_numbers],
           o(s.values["drop"]), group=group,
           note=f"inverted dropout: kept entries scaled by 1/(1 − p) = {1 / (1 - p):g}"),
    ]


def _forward(N, s, prev):
    """Equations of unit ``s``'s forward pass; ``prev`` is the unit before (or None)."""
    l, o = s.index, N.orient
    A_prev, W, b, Z, A = N.V(prev, prev.out if prev else "A"), N.S("W", l), N.S("b", l), \
        N.S("Z", l), N.S("A", l)
    if N.columns:
        formula, numbers = [W, DOT, A_prev], [o(s.W), DOT, o(s.A_prev)]
    else:
        formula, numbers = [A_prev, DOT, W], [s.A_prev, DOT, s.W]
    if s.b is not None:
        formula += [PLUS, b]
        numbers += [PLUS, o(s.b)]
    group = _group(s)
    eqs = [Eq(f"Z{l}", ("Z", l, None), Z, formula, numbers, o(s.Z), group=group)]
    if s.pre:
        eqs += _bn_forward(N, s)
    call = activation_call(s.activation, N.V(s, s.act_in))
    A_numbers = activation_call_numbers(s.activation, o(s.value(s.act_in)))
    eqs.append(Eq(f"A{l}", ("A", l, None), A, [call], A_numbers, o(s.A), group=group))
    for op in s.post:
        eqs += _bn_forward(N, s) if op == "bn" else _dropout_forward(N, s)
    return eqs


def _output_gradient(N, s, info):
    """``∂L/∂A`` of the output (or the fused ``δ``), as the loss writes it:
    ``(formula parts, number parts)`` (no numbers with sample weights)."""
    loss, m, n = info.loss_object, len(info.Y), s.n_out
    fused = info.fused
    formula = loss_gradient_parts(loss, N.V(s, s.out), N.S("Y"), m, n, fused)
    if info.sample_weight is not None:
        return formula, []
    numbers = loss_gradient_parts(loss, N.orient(s.value(s.out)), N.orient(info.Y), m, n,
                                  fused, numbers=True)
    return formula, numbers


def _with_penalty(s, q, formula, numbers, N):
    """Add the parameter's penalty gradient (``+ 2 × 0.01 × W1``) where it has one."""
    name = {"W": "kernel", "b": "bias"}.get(q, q)
    reg = s.regularizers.get(name)
    if reg is None:
        return formula, numbers, ""
    P = s.value(q)
    return (formula + [PLUS, penalty_gradient(reg, N.V(s, q))],
            numbers + [PLUS, penalty_gradient(reg, N.orient(P))],
            f"{type(reg).__name__} penalty gradient added")


def _bn_backward(N, s, d_in_q):
    """Through the batch normalization: ``dγ, dβ, ∂L/∂X̂`` and ``∂L/∂X`` (``d_in_q``:
    ``"dZ"`` before ``g``, ``"dA"`` after it)."""
    l, m, o, group, v = s.index, N.m, N.orient, _group(s), s.values
    X_q = s.input_of("bn")
    d_out, xhat, var = N.grad(N.V(s, "bn")), N.V(s, "xhat"), N.V(s, "var")
    d_hat = N.grad(xhat)
    over = _over(N)
    total = sym(f"Σ over {over} of ", rf"\sum_{{\text{{{over}}}}} ")
    sigma = sym("Σ ", r"\sum ")
    eps = s.ops["bn"].epsilon
    eqs = []
    for q, formula, numbers in (
            ("gamma", [total, d_out, HADAMARD, xhat], [sigma, o(v["dbn"]), HADAMARD,
                                                        o(v["xhat"])]),
            ("beta", [total, d_out], [sigma, o(v["dbn"])])):
        formula, numbers, note = _with_penalty(s, q, formula, numbers, N)
        eqs.append(Eq(f"d{q}{l}", (f"d{q}", l, None), N.grad(N.V(s, q)), formula, numbers,
                      o(v[f"d{q}"]), group=group, note=note))
    eqs.append(Eq(_key(s, "dxhat"), ("dxhat", l, None), d_hat,
                  [d_out, HADAMARD, N.V(s, "gamma")],
                  [o(v["dbn"]), HADAMARD, o(v["gamma"])], o(v["dxhat"]), group=group))
    lhs = N.grad(N.V(s, X_q))
    if d_in_q == "dZ":
        delta = N.S("δ", l)
        lhs = sym(f"{delta.text} = {lhs.text}", rf"{delta.latex} = {lhs.latex}")
    root = sym("1/√(", r"\frac{1}{\sqrt{")
    eqs.append(Eq(
        _key(s, d_in_q), (d_in_q, l, None), lhs,
        [sym("1/m × "), root, var, sym(" + ε) ⊙ (m ", r" + \epsilon}} \odot (m \, "), d_hat,
         sym(" − Σ ", r" - \sum "), d_hat, MINUS, xhat, sym(" ⊙ Σ ", r" \odot \sum "),
         d_hat, HADAMARD, xhat, sym(")")],
        [sym(f"1/{m} × "), root, o(v["var"]), sym(f" + {eps:g}) ⊙ ({m} × ",
                                                 rf" + {eps:g}}}}} \odot ({m} \times "),
         o(v["dxhat"]), sym(" − Σ ", r" - \sum "), o(v["dxhat"]), MINUS, o(v["xhat"]),
         sym(" ⊙ Σ ", r" \odot \sum "), o(v["dxhat"]), HADAMARD, o(v["xhat"]), sym(")")],
        o(s.value(d_in_q)), group=group, aliases=[f"dZ{l}"] if d_in_q == "dZ" else [],
        note="through the batch mean and variance (sums per unit)"))
    return eqs


def _dropout_backward(N, s):
    """``∂L/∂A = ∂L/∂A_drop ⊙ M / (1 − p)``: the dropped units pass no gradient."""
    l, o = s.index, N.orient
    X_q = s.input_of("drop")
    d_q = "dA" if X_q == "A" else "d" + X_q
    scale, scale_numbers = _scaling(s.ops["drop"].rate)
    return [Eq(_key(s, d_q), (d_q, l, None), N.grad(N.V(s, X_q)),
               [N.grad(N.V(s, "drop")), HADAMARD, N.S("M", l), scale],
               [o(s.values["ddrop"]), HADAMARD, o(s.values["mask"]), scale_numbers],
               o(s.value(d_q)), group=_group(s))]


def _backward(N, s, info, after, prev):
    """Equations for unit ``s``; ``after`` is the next unit (or None), ``prev`` the one
    before (or None)."""
    l, o = s.index, N.orient
    group = _group(s)
    A, act_in = N.S("A", l), N.V(s, s.act_in)
    delta = N.S("δ", l)
    eqs = []
    out = N.V(s, s.out)
    if after is None:
        formula, numbers = _output_gradient(N, s, info)
        if not info.fused:
            eqs.append(Eq(_key(s, s.arriving), (s.arriving, l, None), N.grad(out), formula,
                          numbers, o(s.value(s.arriving)), group=group))
    else:
        W_next, d_next = N.S("W", l + 1, T=True), N.S("δ", l + 1)
        if N.columns:
            formula, numbers = [W_next, DOT, d_next], [after.W, DOT, o(after.dZ)]
        else:
            formula, numbers = [d_next, DOT, W_next], [after.dZ, DOT, after.W.T]
        eqs.append(Eq(_key(s, s.arriving), (s.arriving, l, None), N.grad(out), formula,
                      numbers, o(s.value(s.arriving)), group=group))
    for op in reversed(s.post):
        eqs += _bn_backward(N, s, "dA") if op == "bn" else _dropout_backward(N, s)
    g = sym(f"g′({act_in.text})", f"g'({act_in.latex})")
    if s.activation.elementwise:  # softmax has no g' of its own: its Jacobian is used
        eqs.append(Eq(f"gprime{l}", ("gprime", l, None), g,
                      [derivative(s.activation, A, act_in)],
                      [derivative(s.activation, o(s.A), o(s.value(s.act_in)))],
                      o(s.gprime), group=group))
    d_act = N.grad(act_in)
    lhs = d_act if s.pre else sym(f"{delta.text} = {d_act.text}",
                                  rf"{delta.latex} = {d_act.latex}")
    key, q = _key(s, s.act_grad), s.act_grad
    aliases = [] if s.pre else [f"dZ{l}"]
    value = o(s.value(q))
    if after is None and info.fused:
        formula, numbers = _output_gradient(N, s, info)
        note = (f"fused: {s.activation.name} + {type(info.loss_object).name} gives "
                f"∂L/∂{act_in.text} directly (the engine's fused_dZ)")
        eqs.append(Eq(key, (q, l, None), lhs, formula, numbers, value, group=group,
                      note=note, aliases=aliases))
    elif s.activation.elementwise:
        eqs.append(Eq(key, (q, l, None), lhs, [N.d("A", l), HADAMARD, g],
                      [o(s.dA), HADAMARD, o(s.gprime)], value, group=group, aliases=aliases))
    else:
        eqs.append(Eq(key, (q, l, None), lhs,
                      [sym(f"{A.text} ⊙ (∂L/∂{A.text} − Σₖ ∂L/∂{A.text}ₖ {A.text}ₖ)",
                           rf"{A.latex} \odot (\frac{{\partial L}}{{\partial {A.latex}}} - "
                           r"\sum_k \frac{\partial L}{\partial a_k} a_k)")],
                      [], value, group=group, aliases=aliases,
                      note="softmax: the full Jacobian, not g′ alone"))
    if s.pre:
        eqs += _bn_backward(N, s, "dZ")
    A_prev_T = N.V(prev, prev.out if prev else "A", T=True)
    if N.columns:
        formula, numbers = [delta, DOT, A_prev_T], [o(s.dZ), DOT, s.A_prev]
    else:
        formula, numbers = [A_prev_T, DOT, delta], [s.A_prev.T, DOT, s.dZ]
    formula, numbers, note = _with_penalty(s, "W", formula, numbers, N)
    eqs.append(Eq(f"dW{l}", ("dW", l, None), N.d("W", l), formula, numbers,
                  o(s.dW), group=group, aliases=[f"gradW{l}"], note=note))
    if s.b is not None:
        total = sym(f"Σ over {_over(N)} of {delta.text}",
                    rf"\sum_{{\text{{{_over(N)}}}}} {delta.latex}")
        formula = [delta] if s.dZ.shape[0] == 1 else [total]
        formula, numbers, note = _with_penalty(s, "b", formula, [o(s.dZ)], N)
        eqs.append(Eq(f"db{l}", ("db", l, None), N.d("b", l), formula, numbers,
                      o(s.db), group=group, aliases=[f"gradb{l}"], note=note))
    return eqs


def loss_penalties(steps, symbol, value):
    """``[(formula parts, number parts)]`` of every weight penalty in the loss:
    ``symbol(s, q)`` / ``value(s, q)`` write parameter ``q`` of unit ``s``."""
    out = []
    for s in steps:
        for q, name, P, *_ in s.parameters():
            reg = s.regularizers.get(name)
            if reg is not None:
                out.append(([PLUS, penalty(reg, symbol(s, q))],
                            [PLUS, penalty(reg, value(s, q, P))]))
    return out


def matrix_sections(steps, info, notation):
    """Forward, loss, backward and update sections in a matrix notation."""
    N = MatrixNotation(notation, len(info.Y))
    forward = [eq for k, s in enumerate(steps) for eq in
               _forward(N, s, steps[k - 1] if k else None)]
    last = steps[-1]
    m, loss_object = len(info.Y), info.loss_object
    formula = loss_parts(loss_object, N.V(last, last.out), N.S("Y"), m, last.n_out)
    numbers = [] if info.sample_weight is not None else loss_parts(
        loss_object, N.orient(last.value(last.out)), N.orient(info.Y), m, last.n_out, True)
    for f_parts, n_parts in loss_penalties(steps, N.V, lambda s, q, P: N.orient(P)):
        formula += f_parts
        numbers += n_parts if numbers else []
    loss = Eq("loss", ("loss", last.index, None), sym("L"), formula, numbers,
              np.asarray(info.loss), group="")
    backward = []
    for i in range(len(steps) - 1, -1, -1):
        after = steps[i + 1] if i + 1 < len(steps) else None
        backward += _backward(N, steps[i], info, after, steps[i - 1] if i else None)
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

