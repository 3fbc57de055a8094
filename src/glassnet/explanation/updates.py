"""The optimizer's step, written out: SGD, momentum, Nesterov, RMSprop, Adam (others:
the result, with the state they keep).

The values shown are the engine's: the parameters after ``optimizer.apply`` and the
optimizer's state (velocity ``v``; Adam's moments ``m``, ``v``) before and after.
"""

import numpy as np

from .formulas import DOT, MINUS, PLUS, TIMES, Eq, sym


def _text_float(x):
    """``1e-07`` with the text's one minus sign: ``1e−07``."""
    return f"{x:g}".replace("-", "−")


def _latex_float(x):
    """``1e-07`` -> ``1 \\times 10^{-7}`` (LaTeX would set ``1e-07`` as a product)."""
    mantissa, _, exponent = f"{x:g}".partition("e")
    return mantissa if not exponent else rf"{mantissa} \times 10^{{{int(exponent)}}}"


def optimizer_kind(optimizer):
    """``"sgd"``, ``"momentum"``, ``"rmsprop"``, ``"adam"``, or ``"other"`` (its result).

    Clipping and weight decay change the step, so those are shown as results only.
    """
    if any(getattr(optimizer, name, None) for name in
           ("clipnorm", "clipvalue", "global_clipnorm", "weight_decay")):
        return "other"
    from ..optimizers import SGD, Adam, RMSprop

    if type(optimizer) is SGD:
        return "momentum" if optimizer.momentum else "sgd"
    if type(optimizer) is Adam and not optimizer.amsgrad:
        return "adam"
    if type(optimizer) is RMSprop and not optimizer.centered:
        return "rmsprop"
    return "other"


def adam_alpha(optimizer, learning_rate, iterations):
    """Adam's bias-corrected step size ``α = η √(1 − β₂ᵗ) / (1 − β₁ᵗ)``, ``t = iterations + 1``."""
    t = iterations + 1
    return learning_rate * np.sqrt(1.0 - optimizer.beta_2**t) / (1.0 - optimizer.beta_1**t)


def update_equations(N, s, info):
    """Equations for layer ``s``'s parameters after the step, in notation ``N``."""
    opt, lr = info.optimizer, info.learning_rate
    kind = optimizer_kind(opt)
    group = f"layer {s.index} ({s.name})"
    eqs = []
    for q, _name, P, dP, P_new, before, after in s.parameters():
        P_sym = N.V(s, q)
        d_sym = N.grad(P_sym)
        new = sym(f"{P_sym.text} (new)", rf"{{{P_sym.latex}}}^{{\text{{new}}}}")
        key, ref = f"{q}{s.index}_new", (f"{q}_new", s.index, None)
        aliases = [f"{q}{s.index}_after"]
        o = N.orient
        trainable = s.trainable if q in ("W", "b") else s.ops["bn"].trainable
        if not trainable:
            eqs.append(Eq(key, ref, new, [P_sym], [], o(P_new), group=group,
                          note="layer is frozen (trainable=False)", aliases=aliases))
            continue
        if kind == "sgd":
            eqs.append(Eq(key, ref, new, [P_sym, MINUS, sym("η", r"\eta"), DOT, d_sym],
                          [o(P), MINUS, lr, TIMES, o(dP)], o(P_new), group=group,
                          aliases=aliases))
        elif kind == "momentum":
            mu = opt.momentum
            v_old = before["velocity"] if before["velocity"] is not None else np.zeros_like(P)
            v = sym(f"v({P_sym.text})", rf"v_{{{P_sym.latex}}}")
            eqs.append(Eq(None, None, v, [sym("μ v − η "), d_sym],
                          [mu, TIMES, o(v_old), MINUS, lr, TIMES, o(dP)],
                          o(after["velocity"]), group=group, note="velocity"))
            if opt.nesterov:
                formula = [P_sym, PLUS, sym("μ v − η "), d_sym]
                numbers = [o(P), PLUS, mu, TIMES, o(after["velocity"]), MINUS, lr, TIMES, o(dP)]
            else:
                formula, numbers = [P_sym, PLUS, v], [o(P), PLUS, o(after["velocity"])]
            eqs.append(Eq(key, ref, new, formula, numbers, o(P_new), group=group,
                          aliases=aliases))
        elif kind == "adam":
            eqs += _adam(N, opt, lr, info.iterations, P_sym, d_sym, new, key, ref,
                         P, dP, P_new, before, after, group, aliases)
        elif kind == "rmsprop":
            eqs += _rmsprop(N, opt, lr, P_sym, d_sym, new, key, ref, P, dP, P_new, before,
                            after, group, aliases)
        else:
            for slot, value in after.items():  # the state it keeps, after the step
                if value is not None:
                    eqs.append(Eq(None, None, sym(f"{slot}({P_sym.text})",
                                                  rf"\mathrm{{{slot}}}_{{{P_sym.latex}}}"),
                                  [sym("state after the step")], [], o(value), group=group,
                                  note=f"{type(opt).__name__} state"))
            eqs.append(Eq(key, ref, new, [sym(f"{type(opt).__name__} step")], [], o(P_new),
                          group=group, aliases=aliases,
                          note="see the optimizer's docstring for its rule"))
    return eqs


def _rmsprop(N, opt, lr, P_sym, d_sym, new, key, ref, P, dP, P_new, before, after, group,
             aliases):
    """``s ← ρ s + (1 − ρ) g²``, ``W ← W − η g ⊘ √(s + ε)`` (momentum: through ``u``)."""
    o = N.orient
    rho, eps = opt.rho, opt.epsilon
    s_old = before["s"] if before["s"] is not None else np.zeros_like(P)
    s_ = sym(f"s({P_sym.text})", rf"s_{{{P_sym.latex}}}")
    eqs = [Eq(None, None, s_, [sym("ρ "), s_, sym(" + (1 − ρ) ", r" + (1 - \rho) "), d_sym,
                               sym("²", "^{2}")],
              [rho, TIMES, o(s_old), PLUS, 1 - rho, TIMES, o(dP), sym("²", "^{2}")],
              o(after["s"]), group=group, note="running mean of squared gradients")]
    root = [sym(" ⊘ √(", r" \oslash \sqrt{"), s_, sym(" + ε)", r" + \epsilon}")]
    root_numbers = [sym(" ⊘ √(", r" \oslash \sqrt{"), o(after["s"]),
                    sym(f" + {_text_float(eps)})", rf" + {_latex_float(eps)}}}")]
    if opt.momentum:
        u = sym(f"u({P_sym.text})", rf"u_{{{P_sym.latex}}}")
        u_old = before["u"] if before["u"] is not None else np.zeros_like(P)
        eqs.append(Eq(None, None, u, [sym("μ "), u, sym(" + η "), d_sym] + root,
                      [opt.momentum, TIMES, o(u_old), PLUS, lr, TIMES, o(dP)] + root_numbers,
                      o(after["u"]), group=group, note="velocity"))
        eqs.append(Eq(key, ref, new, [P_sym, MINUS, u], [o(P), MINUS, o(after["u"])],
                      o(P_new), group=group, aliases=aliases))
        return eqs
    eqs.append(Eq(key, ref, new, [P_sym, sym(" − η "), d_sym] + root,
                  [o(P), MINUS, lr, TIMES, o(dP)] + root_numbers, o(P_new), group=group,
                  aliases=aliases))
    return eqs


def _adam(N, opt, lr, iterations, P_sym, d_sym, new, key, ref, P, dP, P_new,
          before, after, group, aliases):
    o = N.orient
    b1, b2, eps = opt.beta_1, opt.beta_2, opt.epsilon
    m_old = before["m"] if before["m"] is not None else np.zeros_like(P)
    v_old = before["v"] if before["v"] is not None else np.zeros_like(P)
    m = sym(f"m({P_sym.text})", rf"m_{{{P_sym.latex}}}")
    v = sym(f"v({P_sym.text})", rf"v_{{{P_sym.latex}}}")
    alpha = adam_alpha(opt, lr, iterations)
    t = iterations + 1
    return [
        Eq(None, None, m, [m, sym(" + (1 − β₁)(", r" + (1 - \beta_1)("), d_sym, MINUS, m,
                           sym(")")],
           [o(m_old), PLUS, 1 - b1, sym(" × ("), o(dP), MINUS, o(m_old), sym(")")],
           o(after["m"]), group=group, note="first moment"),
        Eq(None, None, v, [v, sym(" + (1 − β₂)(", r" + (1 - \beta_2)("), d_sym,
                           sym("² − ", "^{2} - "), v, sym(")")],
           [o(v_old), PLUS, 1 - b2, sym(" × ("), o(dP), sym("² − ", "^{2} - "), o(v_old),
            sym(")")],
           o(after["v"]), group=group, note="second moment"),
        Eq(None, None, sym("α", r"\alpha"),
           [sym(f"η √(1 − β₂^{t}) / (1 − β₁^{t})",
                rf"\eta \sqrt{{1 - \beta_2^{{{t}}}}} / (1 - \beta_1^{{{t}}})")],
           [lr, sym(f" × √(1 − {b2:g}^{t}) / (1 − {b1:g}^{t})",
                    rf" \times \sqrt{{1 - {b2:g}^{{{t}}}}} / (1 - {b1:g}^{{{t}}})")],
           np.asarray(alpha), group=group, note=f"step size at step t = {t}"),
        Eq(key, ref, new, [P_sym, sym(" − α "), m, sym(" ⊘ (√", r" \oslash (\sqrt{"), v,
                                                         sym(" + ε)", r"} + \epsilon)")],
           [o(P), MINUS, alpha, TIMES, o(after["m"]), sym(" ⊘ (√", r" \oslash (\sqrt{"),
            o(after["v"]), sym(f" + {_text_float(eps)})", rf"}} + {_latex_float(eps)})")],
           o(P_new), group=group, aliases=aliases),
    ]
