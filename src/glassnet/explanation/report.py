"""``explain(model, x, y)``: the worked solution of one training step, and its views.

>>> report = gn.explain(model, x, y)               # 6 significant figures, Keras rows
>>> print(report)                                  # tables in the terminal
>>> report.view(notation="slides", sig=4)          # W[l] is (n_out, n_in), 4 figures
>>> report.view(exact=True)                        # every float64 digit
>>> result = report.check({"y3": 0.55, "delta5": -0.037})   # verdicts and points

Every number comes from the engine (see ``step.run_step``): the report never
recomputes a forward or backward pass of its own.
"""

import json

import numpy as np

from .. import backend
from ._format import Formatter
from .check import Checker
from .equations import matrix_sections
from .equations_lab import lab_sections
from .formulas import Section
from .step import run_step

NOTATIONS = ("keras", "slides", "lab")


class Report:
    """A worked solution: sections of equations, and optionally checked answers.

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
    formatter : Formatter
        How numbers are shown (``sig`` significant figures, or ``exact``).
    checked : CheckResult or None
        The verdicts, when answers were given (``explain(..., answers=...)``).

    Parameters
    ----------
    steps, info
        The engine's values of one step, as ``explain`` collects them (a report is made
        by ``explain``, not by hand).
    notation, sig, exact, answers, rtol, atol, points
        As ``explain``.
    carried_forward_credit : float, default 0.5
        The share of the points an answer that follows correctly from a wrong earlier
        answer earns (see ``check``).
    later : sequence
        The values of the further steps (``explain(..., steps=3)``).

    Examples
    --------
    >>> spec = gn.explanation.load_spec(gn.explanation.example_spec_path("lab_backprop"))
    >>> report = gn.explain(spec.model, spec.x, spec.y, notation="lab")
    >>> for section in report.sections:
    ...     print(section.title)
    Forward pass
    Error and loss
    Backward pass: error terms δ = −∂L/∂a
    Weight updates (SGD, η = 1)
    >>> report.gradients["layer2"]["kernel"].round(6)  # dL/dw1,3 = (y5 - t) y5 (1 - y5) y3
    array([[0.020309],
           [0.021257]])
    >>> print(report.to_markdown().splitlines()[0])
    # One training step of a 2-2-1 network (m = 1 example, loss half_squared_error)
    """

    def __init__(self, steps, info, notation="keras", sig=6, exact=False, answers=None,
                 rtol=0.05, atol=1e-6, points=None, carried_forward_credit=0.5, later=()):
        if notation not in NOTATIONS:
            raise ValueError(
                f"notation must be one of {NOTATIONS} (Keras rows, the slides' columns, "
                f"the lab's neuron numbers), but got {notation!r}."
            )
        self.formatter = Formatter(sig, exact)
        self.steps, self.info = steps, info
        self.notation = notation
        self.rtol, self.atol = rtol, atol
        if notation == "lab":
            self.sections, self.notation_object = lab_sections(steps, info), None
        else:
            self.sections, self.notation_object = matrix_sections(steps, info, notation)
        self.later = [Report(s, i, notation, sig, exact, rtol=rtol, atol=atol)
                      for s, i in later]
        self.answers = answers
        self.checked = None
        if answers is not None:
            self.checked = self.check(answers, points, carried_forward_credit)

    def all_sections(self):
        """The sections of every step shown (``steps=3``: titled "Step 2: ...")."""
        if not self.later:
            return self.sections
        out = []
        for report in [self, *self.later]:
            out += [Section(f"Step {report.info.step}: {s.title}", s.equations)
                    for s in report.sections]
        return out

    def step(self, t):
        """The report of step ``t`` (1 for the first), e.g. to check answers about it."""
        reports = [self, *self.later]
        if not 1 <= t <= len(reports):
            raise ValueError(f"this report shows steps 1 to {len(reports)}, not step {t}.")
        return reports[t - 1]

    @property
    def sig(self):
        return self.formatter.sig

    @property
    def exact(self):
        return self.formatter.exact

    @property
    def marks(self):
        """The verdicts of ``checked`` (None without answers)."""
        return None if self.checked is None else self.checked.items

    # --- the engine's numbers -------------------------------------------------
    @property
    def loss(self):
        return self.info.loss

    @property
    def gradients(self):
        return {s.name: {"kernel": s.dW, **({"bias": s.db} if s.b is not None else {})}
                for s in self.steps}

    @property
    def updated_weights(self):
        return {s.name: [s.W_new] + ([s.b_new] if s.b is not None else []) for s in self.steps}

    # --- other views --------------------------------------------------------------
    def view(self, notation=None, sig=None, exact=None, decimals=None):
        """The same step in another notation or precision (no new computation).

        ``decimals`` is the old name of ``sig``."""
        sig = sig if sig is not None else decimals
        return Report(self.steps, self.info, notation or self.notation,
                      self.sig if sig is None else sig,
                      self.exact if exact is None else exact, rtol=self.rtol, atol=self.atol,
                      later=[(r.steps, r.info) for r in self.later])

    def check(self, answers, points=None, carried_forward_credit=0.5, rtol=None, atol=None):
        """Judge a student's answers: a ``CheckResult`` with a ``Verdict`` per answer.

        Parameters
        ----------
        answers : dict or path
            ``{name: value}`` in this report's notation (see ``answers``), or a
            JSON/YAML file holding one.
        points : dict, optional
            ``{name: points}``; default 1 point per answer. With ``points``, a named
            quantity without an answer is "not answered", and an answer not named
            earns nothing (it still gets its verdict).
        carried_forward_credit : float
            The share of an answer's points a "carried forward" one earns.
        rtol, atol : float, optional
            The tolerance of "right" (the report's, 5% and 1e-6, by default).
        """
        checker = Checker(self, self.rtol if rtol is None else rtol,
                          self.atol if atol is None else atol, carried_forward_credit)
        return checker.check(answers, points)

    @property
    def all_right(self):
        """Whether every checked answer is right (None when no answers were given)."""
        return None if self.checked is None else self.checked.all_right

    def title(self):
        sizes = [self.steps[0].n_in] + [s.n_out for s in self.steps]
        return (f"One training step of a {'-'.join(map(str, sizes))} network "
                f"(m = {len(self.info.Y)} example{'s' if len(self.info.Y) > 1 else ''},"
                f" loss {type(self.info.loss_object).name})")

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
        precision = self.formatter.describe()
        dtype = self.info.model_dtype
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

    def print(self):
        """Print the tables to the terminal (with colours where it supports them)."""
        from .render_text import print_report

        print_report(self)

    def __str__(self):
        return self.to_text()

    def __repr__(self):
        marks = "" if self.checked is None else f", {self.checked.score_line()}"
        return f"<Report: {self.title()}, notation={self.notation!r}{marks}>"


def explain(model, x, y, notation="keras", sig=6, exact=False, answers=None, rtol=0.05,
            atol=1e-6, sample_weight=None, decimals=None, points=None, steps=1):
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
    sig : int
        Significant figures shown (6); the values kept are always exact.
    exact : bool
        Show every float64 digit instead (``0.40000000000000013``).
    answers : dict or path, optional
        A student's values to check (see ``Report.check``); the verdicts are in
        ``report.checked`` and in every rendering.
    rtol, atol : float
        Tolerance for a right answer: ``|given - correct| <= atol + rtol |correct|``.
    sample_weight : array (m,), optional
    decimals : int, optional
        The old name of ``sig`` (it counts significant figures now).
    points : dict, optional
        Points per answer for the check (see ``Report.check``).
    steps : int
        Training steps shown, one after the other on the same batch (``3`` shows how
        momentum, RMSprop or Adam build up their state); answers are checked on the
        first (``report.step(t).check(...)`` for another).

    Returns
    -------
    Report

    Examples
    --------
    The lab's 2-2-1 sigmoid network (``w1,3 = 0.3``, ``w2,3 = 0.9``, ...; one example
    ``x = (0.35, 0.7)``, target 0.5, loss ``1/2 (t - y)^2``, learning rate 1):

    >>> spec = gn.explanation.load_spec(gn.explanation.example_spec_path("lab_backprop"))
    >>> report = gn.explain(spec.model, spec.x, spec.y, notation="lab")
    >>> round(report.loss, 6)  # y5 = 0.665074: 1/2 (0.5 - 0.665074)^2
    0.013625
    >>> report.updated_weights["layer2"][0].round(6)  # w1,3 and w2,3 after the step
    array([[0.279691],
           [0.878743]])
    >>> print(report.check({"y5": 0.665, "delta5": 0.0368}).summary())
    y5: right (1/1)
    delta5: new error (0/1) — expected −0.0367703; your value has the opposite sign of the right one
    Total: 1/2 points (1 right, 1 new error)
    """
    x = np.asarray(x)
    if x.ndim == 1:
        x = x[None, :]
        y = np.asarray(y).reshape(1, -1)
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a whole number >= 1, but got {steps!r}.")
    records, current = [], model
    generator = backend.rng()  # an unseeded Dropout draws from it: put it back after
    state = generator.bit_generator.state
    try:
        for t in range(1, int(steps) + 1):
            layer_steps, info = run_step(current, x, y, sample_weight)
            info.step, current = t, info.after
            records.append((layer_steps, info))
    finally:
        generator.bit_generator.state = state
    first_steps, first_info = records[0]
    return Report(first_steps, first_info, notation, sig if decimals is None else decimals,
                  exact, answers, rtol, atol, points, later=records[1:])
