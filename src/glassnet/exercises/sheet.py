"""A student's sheet (the given numbers and the questions) and the solution key.

Both are documents of ``document.py`` blocks, so one builder serves Markdown, HTML
and LaTeX (PDF). The numbers given come from the exercise's own report (the engine's
values of the spec), shown in the template's notation.
"""

import math

import numpy as np

from ..explanation.formulas import Sym, loss_parts, sym
from ._checker import as_sym


def number(x):
    """A given number as written on the sheet: ``0.35``, ``-1``, ``0.7``."""
    x = float(x) + 0.0
    return f"{x:.10g}"


def key_number(value, scale, digits=4):
    """A key value with ``digits`` significant figures of the value and of its change."""
    def decimals(v):
        return digits - 1 - math.floor(math.log10(abs(v))) if v else 0
    d = max(decimals(value), decimals(scale), 0)
    return f"{float(value) + 0.0:.{min(d, 12)}f}"


def matrix(value):
    """A vector or matrix as a ``Sym``: ``[0.5, 0.2; 0.3, 0.8]`` and a ``bmatrix``."""
    value = np.atleast_2d(np.asarray(value, dtype=float))
    text = "; ".join(", ".join(number(v) for v in row) for row in value)
    latex = r" \\ ".join(" & ".join(number(v) for v in row) for row in value)
    return sym(f"[{text}]", r"\begin{bmatrix} " + latex + r" \end{bmatrix}")


def _eq(lhs, value):
    return [lhs, sym(" = "), value if isinstance(value, Sym) else sym(number(value))]


def _architecture(report):
    parts = [f"{report.steps[0].n_in} inputs"]
    for s in report.steps:
        bias = "" if s.b is not None else ", no bias"
        parts.append(f"{s.n_out} {s.activation.name} unit{'s' if s.n_out > 1 else ''}{bias}")
    return " -> ".join(parts)


def _optimizer(report, steps):
    info = report.info
    opt, lr = info.optimizer, info.learning_rate
    text = [sym("η", r"\eta"), sym(f" = {lr:g}")]
    if getattr(opt, "momentum", 0):
        text = (["SGD with momentum, "] + [sym("μ", r"\mu"), sym(f" = {opt.momentum:g}"), ", "]
                + text + [" (the velocity starts at 0)"])
    else:
        text = ["gradient descent, learning rate "] + text
    if steps > 1:
        text.append(f"; {steps} steps on the same batch")
    return text


def _given(report):
    """Blocks with the given numbers in the report's notation."""
    steps, info = report.steps, report.info
    N = report.notation_object
    if N is None:  # the lab's numbering
        from ..explanation.equations_lab import LabNumbering

        nb = LabNumbering([steps[0].n_in] + [s.n_out for s in steps])
        inputs = [_eq(sym(f"x{i + 1}", f"x_{{{i + 1}}}"), v) for i, v in enumerate(info.X[0])]
        last = steps[-1]
        target = [_eq(sym(f"t{nb.g(last.index, j)}", f"t_{{{nb.g(last.index, j)}}}"), v)
                  for j, v in enumerate(info.Y[0])]
        rows = []
        for s in steps:
            for j in range(s.n_out):
                k = nb.k(s.index, j)
                for i in range(s.n_in):
                    rows.append([[nb.source(s.index, i), " -> ", sym(f"y{nb.g(s.index, j)}",
                                                                    f"y_{{{nb.g(s.index, j)}}}")],
                                 _eq(sym(f"w{i + 1},{k}", f"w_{{{i + 1},{k}}}"), s.W[i, j])])
                if s.b is not None:
                    rows.append([["bias of ", sym(f"y{nb.g(s.index, j)}",
                                                  f"y_{{{nb.g(s.index, j)}}}")],
                                 _eq(sym(f"b{k}", f"b_{{{k}}}"), s.b[j])])
        return [("p", ["Inputs: "] + _join(inputs)), ("p", ["Target: "] + _join(target)),
                ("table", ["connection", "weight"], rows)]
    where = ("examples in columns" if N.columns else "examples in rows")
    blocks = [("p", [f"Input ({where}): "] + _eq(N.S("A", 0), matrix(N.orient(info.X)))),
              ("p", ["Target: "] + _eq(N.S("Y"), matrix(N.orient(info.Y))))]
    for s in steps:
        shape = f"({s.n_out} x {s.n_in})" if N.columns else f"({s.n_in} x {s.n_out})"
        parts = [f"Layer {s.index} {shape}: "] + _eq(N.S("W", s.index), matrix(N.orient(s.W)))
        if s.b is not None:
            parts += [", "] + _eq(N.S("b", s.index), matrix(N.orient(s.b)))
        blocks.append(("p", parts))
    return blocks


def _join(items):
    out = []
    for i, item in enumerate(items):
        out += ([", "] if i else []) + item
    return out


def _notation_note(report):
    return report.notes()[0].replace("×", "x").replace("·", "*").replace("−", "-").replace(
        "ᵀ", "^T")


def answer_form(questions):
    """The answer file a student fills in: one ``key:`` line per question."""
    return "".join(f'"{q.key}": \n' for q in questions)


def sheet_blocks(exercise, template):
    """The student's sheet: the network, the given numbers, the questions."""
    report, qs = exercise.report, exercise.questions
    steps = max(1, int(exercise.spec.get("steps", 1)))
    last = report.steps[-1]
    N = report.notation_object
    A = N.S("A", last.index) if N else sym("y")
    Y = N.S("Y") if N else sym("t")
    parts = loss_parts(report.info.loss_object, A, Y, len(report.info.Y), last.n_out)
    loss = as_sym(report, parts)
    total = sum(q.points for q in qs)
    blocks = [
        ("h1", [f"{template.title}"]),
        ("p", [f"Student: {exercise.name} ({exercise.student_id}). "
               f"Exercise {template.name}, seed {exercise.seed}."]),
    ]
    if template.description:
        blocks.append(("p", [template.description]))
    blocks += [
        ("h2", ["The network"]),
        ("p", [f"Architecture: {_architecture(report)}. Loss: "] + [sym("L = "), loss]
         + [f" ({type(report.info.loss_object).name}). Update: "]
         + _optimizer(report, steps) + ["."]),
        ("p", [_notation_note(report)]),
        ("h2", ["Given"]),
        *_given(report),
        ("h2", [f"Compute ({total:g} points)"]),
        ("ol", [[q.symbol, f" = ________   ({q.points:g} point{'s' if q.points != 1 else ''};"
                 f" answer key {q.key})"] for q in qs]),
        ("h2", ["Hand in"]),
        ("p", [f"Write your answers into a file named {exercise.student_id}.yaml, one line "
               "per question (copy the lines below). Give 4 significant figures; for a new "
               "weight give enough decimals that its change shows 3 significant figures. "
               "An answer that follows correctly from one of your earlier wrong answers "
               "still earns part of its points."]),
        ("pre", answer_form(qs)),
    ]
    return blocks


def key_rows(exercise, digits):
    return [[q.symbol, key_number(q.value, q.scale, digits), f"{q.points:g}", q.key]
            for q in exercise.questions]


def key_blocks(exercise, template, worked=True):
    """The solution key of one student: the answers, then the worked solution."""
    blocks = [("h1", [f"Key: {template.title}"]),
              ("p", [f"Student: {exercise.name} ({exercise.student_id}); seed "
                     f"{exercise.seed}; re-create with: glassnet explain "
                     f"{exercise.student_id}/exercise.yaml"]),
              ("table", ["quantity", "value", "points", "answer key"],
               key_rows(exercise, template.key_digits))]
    if worked:
        view = exercise.report.view(decimals=template.key_digits + 2)
        blocks.append(("raw", {"markdown": view.to_markdown(), "html": view.to_html(),
                               "latex": view.to_latex(standalone=False)}))
    return blocks


def class_key_blocks(exercises, template):
    """The teacher's combined key: every student's answers."""
    blocks = [("h1", [f"Key for the class: {template.title}"]),
              ("p", [f"{len(exercises)} students; template {template.name}."])]
    for ex in exercises:
        blocks += [("h2", [f"{ex.student_id}: {ex.name}"]),
                   ("table", ["quantity", "value", "points", "answer key"],
                    key_rows(ex, template.key_digits))]
    return blocks
