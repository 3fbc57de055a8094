"""``explain(model, x, y)``: the worked solution of one training step, and its views.

>>> report = gn.explain(model, x, y)               # exact values, Keras rows
>>> print(report)                                  # tables in the terminal
>>> report.view(notation="slides", decimals=4)     # W[l] is (n_out, n_in), rounded
>>> report.check({"y3": 0.55, "delta5": -0.037})   # mark a student's answers

Every number comes from the engine (see ``step.run_step``): the report never
recomputes a forward or backward pass of its own.
"""

import json

import numpy as np

from .answers import check_answers
from .equations import matrix_sections
from .equations_lab import lab_sections
from .step import run_step

NOTATIONS = ("keras", "slides", "lab")


class Report:
    """A worked solution: sections of equations, and optionally marked answers.

    Attributes
    ----------
    steps : list of LayerStep
        The engine's values per Dense layer (Keras orientation).
    loss : float
        The batch loss before the step.
    gradients : dict
        ``{layer name: {"kernel": dW (n_in, n_out), "bias": db (n_out,)}}``.
    updated_weights : dict
        ``{layer name: [W_new, b_new]}``, as ``layer.get_weights()`` after the step.
    sections : list of Section
        The equations in the chosen notation.
    marks : list of Mark or None
        The checked answers, when answers were given.
    """

    def __init__(self, steps, info, notation="keras", decimals=None, answers=None,
                 rtol=0.05, atol=1e-6):
        if notation not in NOTATIONS:
            raise ValueError(
                f"notation must be one of {NOTATIONS} (Keras rows, the slides' columns, "
                f"the lab's neuron numbers), but got {notation!r}."
            )
        if decimals is not None and (isinstance(decimals, bool) or not isinstance(
                decimals, (int, np.integer)) or decimals < 0):
            raise ValueError(f"decimals must be None (exact) or an integer >= 0, "
                             f"but got {decimals!r}.")
        self.steps, self.info = steps, info
        self.notation, self.decimals = notation, decimals
        self.rtol, self.atol = rtol, atol
        if notation == "lab":
            self.sections, self.notation_object = lab_sections(steps, info), None
        else:
            self.sections, self.notation_object = matrix_sections(steps, info, notation)
        self.marks = None
        self.answers = answers
        if answers is not None:
            self.marks = check_answers(self, answers, rtol=rtol, atol=atol)

    # --- the engine's numbers -------------------------------------------------
    @property
    def loss(self):
        return self.info["loss"]

    @property
    def gradients(self):
        return {s.name: {"kernel": s.dW, **({"bias": s.db} if s.b is not None else {})}
                for s in self.steps}

    @property
    def updated_weights(self):
        return {s.name: [s.W_new] + ([s.b_new] if s.b is not None else []) for s in self.steps}

    # --- other views --------------------------------------------------------------
    def view(self, notation=None, decimals="same"):
        """The same step in another notation or rounding (no new computation)."""
        return Report(self.steps, self.info, notation or self.notation,
                      self.decimals if decimals == "same" else decimals,
                      self.answers, self.rtol, self.atol)

    def check(self, answers, rtol=None, atol=None):
        """Return a new report with ``answers`` marked (see ``answers.check_answers``)."""
        return Report(self.steps, self.info, self.notation, self.decimals, answers,
                      self.rtol if rtol is None else rtol, self.atol if atol is None else atol)

    @property
    def all_right(self):
        """Whether every checked answer is right (None when no answers were given)."""
        return None if self.marks is None else all(m.right for m in self.marks)

    def fmt(self, x):
        """One number as text: exact (shortest repr that round-trips) or rounded."""
        x = float(x)
        if self.decimals is not None:
            x = round(x, self.decimals)
        return repr(x + 0.0)  # + 0.0 turns -0.0 into 0.0

    def title(self):
        sizes = [self.steps[0].n_in] + [s.n_out for s in self.steps]
        return (f"One training step of a {'-'.join(map(str, sizes))} network "
                f"(m = {len(self.info['Y'])} example{'s' if len(self.info['Y']) > 1 else ''},"
                f" loss {type(self.info['loss_object']).name})")

    def notes(self):
        """Lines about how to read the report (notation, precision)."""
        lines = {
            "keras": "Notation: Keras rows. Each row is an example; W is (n_in × n_out), "
                     "Z = A_prev · W + b.",
            "slides": "Notation: the slides' columns. Each column is an example; W[l] is "
                      "(n_out × n_in) (the Keras kernel transposed), z[l] = W[l] · a[l−1] + b[l].",
            "lab": "Notation: the lab's neuron numbers (inputs x1, x2, ...; outputs y3, y4, "
                   "...). δ is the lab's error term −∂L/∂a, and Δw = η δ O.",
        }
        precision = ("exact float64 values" if self.decimals is None
                     else f"values rounded to {self.decimals} decimals")
        dtype = self.info["model_dtype"]
        computed = ("computed in float64 on a copy of the model" +
                    (f" (the model itself is {dtype})" if dtype != "float64" else ""))
        return [lines[self.notation], f"Numbers: {precision}, {computed}; the model is "
                "not changed."]

    # --- renderings -------------------------------------------------------------
    def to_dict(self):
        from .render_dict import to_dict

        return to_dict(self)

    def to_json(self, indent=2):
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_text(self, width=110):
        from .render_text import to_text

        return to_text(self, width=width)

    def to_markdown(self):
        from .render_markup import to_markdown

        return to_markdown(self)

    def to_html(self):
        from .render_markup import to_html

        return to_html(self)

    def to_latex(self, standalone=True):
        from .render_latex import to_latex

        return to_latex(self, standalone=standalone)

    def _repr_html_(self):
        return self.to_html()

    def _repr_markdown_(self):
        return self.to_markdown()

    def print(self):
        """Print the tables to the terminal (with colours where it supports them)."""
        from .render_text import print_report

        print_report(self)

    def __str__(self):
        return self.to_text()

    def __repr__(self):
        marks = "" if self.marks is None else (
            f", {sum(m.right for m in self.marks)}/{len(self.marks)} answers right")
        return f"<Report: {self.title()}, notation={self.notation!r}{marks}>"


def explain(model, x, y, notation="keras", decimals=None, answers=None, rtol=0.05,
            atol=1e-6, sample_weight=None):
    """Worked solution of one training step of ``model`` on ``(x, y)``.

    Runs the model's own forward pass, loss, backward pass and optimizer step on a
    float64 deep copy (the model is not changed) and reports every value.

    Parameters
    ----------
    model : Sequential (or a functional chain) of Dense layers, compiled
    x : array (m, n_in), or one example (n_in,)
    y : targets, as ``model.fit`` takes them
    notation : {"keras", "slides", "lab"}
        Keras rows (W is n_in × n_out), the slides' columns (W[l] is n_out × n_in),
        or the lab's neuron numbers (y3, δ5, w_{1,3}; one example only).
    decimals : int, optional
        Round the numbers shown; exact float64 values by default.
    answers : dict or path, optional
        A student's values to mark (see ``glassnet.explanation.answers``).
    rtol, atol : float
        Tolerance for a right answer: ``|given - correct| <= atol + rtol |correct|``.
    sample_weight : array (m,), optional

    Returns
    -------
    Report
    """
    x = np.asarray(x)
    if x.ndim == 1:
        x = x[None, :]
        y = np.asarray(y).reshape(1, -1)
    steps, info = run_step(model, x, y, sample_weight)
    return Report(steps, info, notation, decimals, answers, rtol, atol)
