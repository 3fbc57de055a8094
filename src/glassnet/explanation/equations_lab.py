"""The worked solution neuron by neuron, numbered as the backpropagation lab does.

The lab (seed 001) numbers the neurons of a 2-2-1 network like this: inputs ``x1, x2``
are neurons 1 and 2; the hidden outputs are ``y3, y4``; the output is ``y5``. Weighted
sums are numbered among the non-input neurons (``a1, a2, a3``; ``y3 = σ(a1)``), and
``w_{i,j}`` is the weight from unit ``i`` of the layer below (counted from 1 in that
layer) into non-input neuron ``j``: ``w_{1,3}`` goes from ``y3`` (hidden unit 1) to the
output (non-input neuron 3). Bigger networks continue the same numbering.

The lab's error term points downhill: ``δ_j = y_j(1 − y_j)(t − y_j)`` is ``−∂L/∂a_j``,
and its update is ``Δw_{i,j} = η δ_j O_i``, ``w ← w + Δw``. These equations keep that
sign; the values are the engine's ``dZ`` with the sign flipped.
"""

from dataclasses import dataclass, field

import numpy as np

from .equations import loss_penalties
from .formulas import (
    MINUS,
    PLUS,
    TIMES,
    Eq,
    NotSupportedError,
    Section,
    activation_call,
    activation_call_numbers,
    derivative,
    loss_parts,
    penalty_gradient,
    sym,
)
from .updates import optimizer_kind, update_equations


class LabNumbering:
    """Neuron numbers for a stack of layers (``sizes = [n_in, n_1, ..., n_L]``)."""

    def __init__(self, sizes, dropped=()):
        self.sizes = sizes
        self.dropped = set(dropped)  # layers followed by dropout: their y is y_drop
        self.offsets = np.concatenate([[0], np.cumsum(sizes[1:])]).astype(int)

    def k(self, l, j):
        """Number of unit ``j`` (from 0) of layer ``l`` among the non-input neurons."""
        return int(self.offsets[l - 1]) + j + 1

    def g(self, l, j):
        """Global neuron number (inputs first): ``y_g``, ``δ_g``."""
        return self.sizes[0] + self.k(l, j)

    def source(self, l, i):
        """Symbol of the ``i``-th input (from 0) of layer ``l``: ``x_1`` or ``y_3``."""
        if l == 1:
            return sym(f"x{i + 1}", f"x_{{{i + 1}}}")
        g = self.g(l - 1, i)
        if l - 1 in self.dropped:
            return _dropped(g)
        return sym(f"y{g}", f"y_{{{g}}}")


def _dropped(g):
    """``y3_drop``: neuron 3's output after dropout, what the next layer reads."""
    return sym(f"y{g}_drop", rf"{{y_{{{g}}}}}_{{\mathrm{{drop}}}}")


def _w(i, k):
    return sym(f"w{i},{k}", f"w_{{{i},{k}}}")


def _g_prime(activation, y, a, y_val, a_val):
    """``(formula parts, number parts)`` for ``g'(a)`` of one neuron, as the class
    writes it; in parentheses unless it is a product such as ``y3(1 − y3)``."""
    formula = [derivative(activation, y, a, scalar=True)]
    numbers = [derivative(activation, y_val, a_val, scalar=True)]
    text = activation.derivative_formula[0]
    if "⊙" not in text and " " in text:
        formula = [sym("(")] + formula + [sym(")")]
        numbers = [sym("(")] + numbers + [sym(")")]
    return formula, numbers


def lab_sections(steps, info):
    """Forward, error, backward and update sections in the lab's numbering."""
    m = len(info.Y)
    # one example: scalars (the lab's own sheet); a batch: each neuron's value is the
    # vector of its values over the examples, and a gradient sums over them
    r = 0 if m == 1 else tuple(range(m))
    extras = [f"{type(op).__name__} '{op.name}'" for s in steps for kind, op in s.ops.items()
              if kind == "bn" or s is steps[-1]]
    if extras:
        raise NotSupportedError(
            f"notation='lab' writes Dense layers (and dropout after a hidden one) neuron by "
            f"neuron, but the model has {', '.join(extras)}. Use notation='keras' or "
            "'slides' to see batch normalization (and dropout on the output)."
        )
    nb = LabNumbering([steps[0].n_in] + [s.n_out for s in steps],
                      [s.index for s in steps if "drop" in s.post])
    loss, t = info.loss_object, info.Y[r, :]
    forward, backward, update = [], [], []
    for s in steps:
        l, group = s.index, f"layer {s.index} ({s.name}, {s.activation.name})"
        for j in range(s.n_out):
            k, g = nb.k(l, j), nb.g(l, j)
            a, y = sym(f"a{k}", f"a_{{{k}}}"), sym(f"y{g}", f"y_{{{g}}}")
            formula, numbers = [], []
            for i in range(s.n_in):
                if i:
                    formula.append(PLUS)
                    numbers.append(PLUS)
                formula += [_w(i + 1, k), sym(" "), nb.source(l, i)]
                numbers += [sym("("), s.W[i, j], TIMES, s.A_prev[r, i], sym(")")]
            if s.b is not None:
                formula += [PLUS, sym(f"b{k}", f"b_{{{k}}}")]
                numbers += [PLUS, s.b[j]]
            forward.append(Eq(f"a{k}", ("Z", l, (r, j)), a, formula, numbers, s.Z[r, j],
                              group=group))
            forward.append(Eq(f"y{g}", ("A", l, (r, j)), y, [activation_call(s.activation, a)],
                              activation_call_numbers(s.activation, s.Z[r, j]), s.A[r, j],
                              group=group))
            if "drop" in s.post:
                p = s.ops["drop"].rate
                forward.append(Eq(
                    f"y{g}_drop", ("drop", l, (r, j)), _dropped(g),
                    [y, sym(f" × m{g} / (1 − p)", rf" \times m_{{{g}}} / (1 - p)")],
                    [s.A[r, j], TIMES, s.values["mask"][r, j],
                     sym(f" / (1 − {p:g})", rf" / (1 - {p:g})")], s.values["drop"][r, j],
                    group=group, note=f"m{g}: the engine's dropout mask (1 kept, 0 dropped)"))
    last = steps[-1]
    errors = []
    for j in range(last.n_out):
        g = nb.g(last.index, j)
        key = "error" if last.n_out == 1 else f"error{g}"
        errors.append(Eq(key, ("error", last.index, (r, j)), sym(f"E{g}", f"E_{{{g}}}"),
                         [sym(f"t{g} − y{g}", f"t_{{{g}}} - y_{{{g}}}")],
                         [t[..., j], MINUS, last.A[r, j]], t[..., j] - last.A[r, j],
                         group=""))
    g_out = nb.g(last.index, 0)
    y_out, t_out = sym(f"y{g_out}", f"y_{{{g_out}}}"), sym(f"t{g_out}", f"t_{{{g_out}}}")
    formula = loss_parts(loss, y_out, t_out, m, last.n_out)
    numbers = [] if info.sample_weight is not None else loss_parts(
        loss, last.A[r, :], t, m, last.n_out, numbers=True)
    for f_parts, n_parts in loss_penalties(steps, _parameter_symbol(nb), _parameter_value):
        formula += f_parts
        numbers += n_parts if numbers else []
    errors.append(Eq("loss", ("loss", last.index, None), sym("L"), formula, numbers,
                     np.asarray(info.loss), group=""))
    for s in reversed(steps):
        backward += _deltas(s, steps, nb, info, r)
    for s in reversed(steps):
        update += _updates(s, nb, info, r)
    return [
        Section("Forward pass", forward),
        Section("Error and loss", errors),
        Section("Backward pass: error terms δ = −∂L/∂a", backward),
        Section(f"Weight updates ({type(info.optimizer).__name__}, "
                f"η = {info.learning_rate:g})", update),
    ]


def _parameter_symbol(nb):
    """A layer's weights in the loss row's penalty: ``w(layer 1)``, every ``w_{i,k}``
    into that layer's neurons."""
    def symbol(s, q):
        name = "w" if q == "W" else "b"
        return sym(f"{name}(layer {s.index})", rf"{name}^{{(\text{{layer }}{s.index})}}")
    return symbol


def _parameter_value(s, q, P):
    return P


def _per_example(m, text, latex):
    """``(t5 − y5)`` for one example, ``(t5 − y5) / m`` for a batch (the loss's mean)."""
    if m == 1:
        return sym(text, latex)
    return sym(f"{text} / m", rf"{latex} / m")


def _deltas(s, steps, nb, info, r):
    l, group = s.index, f"layer {s.index} ({s.name})"
    after = steps[l] if l < len(steps) else None
    loss_name = type(info.loss_object).name
    m = len(info.Y)
    eqs = []
    for j in range(s.n_out):
        k, g = nb.k(l, j), nb.g(l, j)
        y, a = sym(f"y{g}", f"y_{{{g}}}"), sym(f"a{k}", f"a_{{{k}}}")
        d = sym(f"δ{g}", rf"\delta_{{{g}}}")
        if after is None and info.fused:
            formula = [_per_example(m, f"(t{g} − y{g})", f"(t_{{{g}}} - y_{{{g}}})")]
            numbers = [sym("("), info.Y[r, j], MINUS, s.A[r, j], sym(")")] + (
                [] if m == 1 else [sym(f" / {m}")])
            note = "fused sigmoid/softmax + cross-entropy: δ = −∂L/∂a directly"
        elif not s.activation.elementwise:  # softmax: the whole Jacobian, no g' alone
            formula = [sym(f"−∂L/∂{a.text}", rf"-\partial L / \partial {a.latex}")]
            numbers = []
            note = "softmax: −(y ⊙ (∂L/∂y − Σₖ ∂L/∂yₖ yₖ)), the whole Jacobian"
        else:
            gp, gp_numbers = _g_prime(s.activation, y, a, s.A[r, j], s.Z[r, j])
            if after is None:
                if loss_name == "half_squared_error" and info.sample_weight is None:
                    back = _per_example(m, f"(t{g} − y{g})", f"(t_{{{g}}} - y_{{{g}}})")
                    back_numbers = [sym("("), info.Y[r, j], MINUS, s.A[r, j], sym(")")] + (
                        [] if m == 1 else [sym(f" / {m}")])
                else:
                    back = sym(f"(−∂L/∂y{g})", rf"(-\partial L / \partial y_{{{g}}})")
                    back_numbers = [-s.dA[r, j]]
            else:
                terms, back_numbers = [], [sym("(")]
                for n in range(after.n_out):
                    gn, kn = nb.g(l + 1, n), nb.k(l + 1, n)
                    terms.append(f"{_w(j + 1, kn).text} δ{gn}")
                    if n:
                        back_numbers.append(PLUS)
                    back_numbers += [after.W[j, n], TIMES, -after.dZ[r, n]]
                back_numbers.append(sym(")"))
                latex_terms = " + ".join(rf"w_{{{j + 1},{nb.k(l + 1, n)}}} \delta_{{"
                                         rf"{nb.g(l + 1, n)}}}" for n in range(after.n_out))
                back = sym(f"({' + '.join(terms)})", f"({latex_terms})")
            if "drop" in s.post:  # only the kept neurons pass δ back, scaled
                p = s.ops["drop"].rate
                gp = gp + [sym(f" m{g} / (1 − p) ", rf" \, m_{{{g}}} / (1 - p) \, ")]
                gp_numbers = gp_numbers + [TIMES, s.values["mask"][r, j],
                                           sym(f" / (1 − {p:g})", rf" / (1 - {p:g})")]
            formula = gp + [back]
            numbers = gp_numbers + [TIMES] + back_numbers
            note = ""
        eqs.append(Eq(f"delta{g}", ("dZ", l, (r, j)), d, formula, numbers, -s.dZ[r, j],
                      sign=-1.0, group=group, note=note))
    return eqs


class _OneWeight:
    """The matrix notations' update rules (``updates.update_equations``) written for
    one weight of the lab: its symbol is ``w1,3``, its values the ``idx`` element."""

    def __init__(self, symbol, idx):
        self.symbol, self.idx = symbol, idx

    def V(self, s, q):
        return self.symbol

    @staticmethod
    def grad(p):
        return sym(f"∂L/∂{p.text}", rf"\frac{{\partial L}}{{\partial {p.latex}}}")

    def orient(self, value):
        return None if value is None else np.asarray(value)[self.idx]


@dataclass
class _WeightStep:
    """A unit seen as its one parameter ``q`` (for ``update_equations``)."""

    index: int
    name: str
    trainable: bool
    parameter: tuple
    ops: dict = field(default_factory=dict)

    def parameters(self):
        return [self.parameter]


def _one_weight_rule(s, info, q, idx, symbol, group):
    """``(state equations, Δw formula, Δw numbers)`` of a non-SGD optimizer for one
    weight: its velocity / moments as the matrix notations write them, and the step."""
    name = "kernel" if q == "W" else "bias"
    P, dP, P_new = (s.W, s.dW, s.W_new) if q == "W" else (s.b, s.db, s.b_new)
    one = _WeightStep(s.index, s.name, s.trainable,
                      (q, name, P, dP, P_new, s.slots_before[name], s.slots_after[name]))
    eqs = update_equations(_OneWeight(symbol, idx), one, info)
    states = [e for e in eqs if e.key is None]
    final = eqs[-1]
    if optimizer_kind(info.optimizer) == "other" or not s.trainable:
        return states, final.formula, final.numbers
    formula, numbers = final.formula[1:], final.numbers[1:]  # the rule without "w +"
    if formula and formula[0] == PLUS:
        formula, numbers = formula[1:], numbers[1:]
    return states, formula, numbers


def _updates(s, nb, info, r):
    l, group = s.index, f"layer {s.index} ({s.name})"
    total = sym("Σ ", r"\sum ") if r != 0 else sym("")  # a batch: summed over examples
    lr, plain = info.learning_rate, optimizer_kind(info.optimizer) == "sgd"
    eta = sym("η", r"\eta")
    eqs = []
    for j in range(s.n_out):
        k, g = nb.k(l, j), nb.g(l, j)
        d = sym(f"δ{g}", rf"\delta_{{{g}}}")
        rows = [(i, _w(i + 1, k), f"w{i + 1},{k}", nb.source(l, i), s.A_prev[r, i])
                for i in range(s.n_in)]
        if s.b is not None:
            rows.append((None, sym(f"b{k}", f"b_{{{k}}}"), f"b{k}", None, 1.0))
        for i, p, key, source, O in rows:
            P, dP, P_new = ((s.W[i, j], s.dW[i, j], s.W_new[i, j]) if i is not None
                            else (s.b[j], s.db[j], s.b_new[j]))
            ref_q, idx = ("W", (i, j)) if i is not None else ("b", (j,))
            grad = sym(f"∂L/∂{p.text}", rf"\frac{{\partial L}}{{\partial {p.latex}}}")
            delta_p = sym(f"Δ{p.text}", rf"\Delta {p.latex}")
            factor, factor_numbers = ([d, sym(" "), source], [-s.dZ[r, j], TIMES, O]
                                      ) if source else ([d], [-s.dZ[r, j]])
            factor, factor_numbers = [total] + factor, [total] + factor_numbers
            formula = [sym("−")] + factor
            numbers = [sym("−(")] + factor_numbers + [sym(")")]
            reg = s.regularizers.get("kernel" if i is not None else "bias")
            if reg is not None:
                formula += [PLUS, penalty_gradient(reg, p)]
                numbers += [PLUS, penalty_gradient(reg, P)]
            eqs.append(Eq(f"grad{key}", (f"d{ref_q}", l, idx), grad, formula, numbers,
                          dP, group=group,
                          note=f"{type(reg).__name__} penalty gradient added" if reg else ""))
            if plain and reg is None:
                step_formula = [eta, sym(" ")] + factor
                step_numbers = [lr, TIMES] + factor_numbers
            elif plain:
                step_formula, step_numbers = [sym("−η "), grad], [sym("−"), lr, TIMES, dP]
            else:  # momentum, RMSprop, Adam...: the state this weight keeps, then its step
                states, step_formula, step_numbers = _one_weight_rule(
                    s, info, ref_q, idx, p, group)
                eqs += states
            eqs.append(Eq(f"d{key}", (f"step_{ref_q}", l, idx), delta_p, step_formula,
                          step_numbers, P_new - P, group=group))
            eqs.append(Eq(f"{key}_new", (f"{ref_q}_new", l, idx),
                          sym(f"{p.text} (new)", rf"{{{p.latex}}}^{{\text{{new}}}}"),
                          [p, PLUS, delta_p], [P, PLUS, P_new - P], P_new, group=group))
    return eqs
