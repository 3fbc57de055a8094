"""The checker's results: one ``Verdict`` per answer, and the ``CheckResult`` of all.

>>> result = report.check({"y3": 0.55, "delta5": -0.037}, points={"delta5": 2})
>>> result.total, result.max_total      # points earned, points possible
>>> print(result.summary())             # one line per answer, then the total
>>> result.to_dict()                    # exact values, for JSON
>>> result.to_html()                    # or to_text / to_markdown / to_latex

The statuses: ``"right"``, ``"carried forward"``, ``"new error"``, ``"not answered"``,
``"unusable"`` (the answer could not be read; ``message`` says why).
"""

import json
from dataclasses import dataclass, field

import numpy as np

STATUSES = ("right", "carried forward", "new error", "not answered", "unusable")


@dataclass
class Verdict:
    """One answer, judged.

    ``name``: the answer's name as the student wrote it; ``quantity``: the report's
    name for it (``delta5``, ``W1_new[2,1]``); ``given``: their value as written;
    ``expected``: the engine's exact value (the notation's orientation and sign);
    ``from_yours``: what the student's own earlier values give, when they change it;
    ``slip``: the named slip (``"sign flip"``...) or ``None``; ``depends_on``: the
    earlier answers it follows from, ``[{"name", "status"}]``; ``wrong_elements``:
    1-based positions of the wrong entries of a vector or matrix.

    Parameters
    ----------
    name, quantity : str
        As above; verdicts are made by ``Report.check``, not by hand.
    status : str
        ``"right"``, ``"carried forward"``, ``"new error"``, ``"not answered"`` or
        ``"unusable"``.
    points, max_points : float
    given, expected, from_yours
        As above.
    message : str
    slip : str or None
    depends_on, wrong_elements : list
    target : optional
        The entry of the report it was judged against (for the checker).

    Examples
    --------
    >>> spec = gn.explanation.load_spec(gn.explanation.example_spec_path("lab_backprop"))
    >>> report = gn.explain(spec.model, spec.x, spec.y, notation="lab")
    >>> verdict = report.check({"delta5": 0.0368})["delta5"]
    >>> verdict.status, verdict.slip, verdict.points
    ('new error', 'sign flip', 0.0)
    >>> round(verdict.expected, 6)  # the lab's delta5 = (t - y5) y5 (1 - y5)
    -0.03677
    """

    name: str
    status: str = "unusable"
    points: float = 0.0
    max_points: float = 1.0
    quantity: str = ""
    given: object = None
    expected: object = None
    from_yours: object = None
    message: str = ""
    slip: object = None
    depends_on: list = field(default_factory=list)
    wrong_elements: list = field(default_factory=list)
    target: object = field(default=None, repr=False, compare=False)

    @property
    def right(self):
        return self.status == "right"

    # the names of the first version of the checker (``Mark``)
    key = property(lambda self: self.name)
    correct = property(lambda self: self.expected)
    note = property(lambda self: self.message)

    def to_dict(self):
        """Plain data, exact float64 values."""
        return {
            "name": self.name, "quantity": self.quantity, "status": self.status,
            "right": self.right, "points": self.points, "max_points": self.max_points,
            "given": _plain(self.given), "expected": _plain(self.expected),
            "from_your_earlier_values": _plain(self.from_yours), "slip": self.slip,
            "message": self.message, "depends_on": [dict(d) for d in self.depends_on],
            "wrong_elements": [list(i) for i in self.wrong_elements],
        }


def _plain(value):
    if value is None or isinstance(value, str):
        return value
    try:
        return (np.asarray(value, dtype=float) + 0.0).tolist()
    except (TypeError, ValueError):
        return value


class CheckResult:
    """All the verdicts of one check, with the points and the renderings.

    Attributes: ``items`` (list of Verdict, in the order answered, then the
    unanswered ones that carry points), ``total``, ``max_total``, ``report`` (the
    worked solution they were checked against), ``rtol``, ``atol``,
    ``carried_forward_credit``.

    Parameters
    ----------
    items : list of Verdict
    report : Report
    rtol, atol : float
        The tolerance the answers were judged with.
    carried_forward_credit : float
        The share of the points for an answer carried forward.

    Examples
    --------
    >>> spec = gn.explanation.load_spec(gn.explanation.example_spec_path("lab_backprop"))
    >>> report = gn.explain(spec.model, spec.x, spec.y, notation="lab")
    >>> result = report.check({"y5": 0.665, "delta5": -0.0368, "w1,3_new": 0.2797})
    >>> result.total, result.max_total, result.all_right
    (3.0, 3.0, True)
    >>> result["delta5"].status
    'right'
    """

    def __init__(self, items, report, rtol, atol, carried_forward_credit):
        self.items, self.report = list(items), report
        self.rtol, self.atol, self.carried_forward_credit = rtol, atol, carried_forward_credit

    @property
    def total(self):
        return float(sum(v.points for v in self.items))

    @property
    def max_total(self):
        return float(sum(v.max_points for v in self.items))

    @property
    def all_right(self):
        return all(v.right for v in self.items)

    def counts(self):
        """``{status: number of answers}`` for every status."""
        return {s: sum(v.status == s for v in self.items) for s in STATUSES}

    def __getitem__(self, name):
        for v in self.items:
            if v.name == name or v.quantity == name:
                return v
        raise KeyError(f"no answer named {name!r}; the answers are "
                       f"{[v.name for v in self.items]}.")

    @property
    def marks(self):
        """The first checker's name for ``items``."""
        return self.items

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def score_line(self):
        c = self.counts()
        parts = [f"{c[s]} {s}" for s in STATUSES if c[s]]
        return (f"{_points(self.total)}/{_points(self.max_total)} points ("
                + ", ".join(parts) + ")")

    def summary(self):
        """One line per answer (verdict, points, why), then the total: the verdicts only."""
        fmt = self.report.formatter
        lines = []
        for v in self.items:
            why = v.message or ""
            if v.status in ("new error", "carried forward") and v.expected is not None:
                why = f"expected {fmt.text(v.expected)}" + (f"; {why}" if why else "")
            if v.wrong_elements:
                why += f"; wrong elements {', '.join(map(_position, v.wrong_elements))}"
            lines.append(f"{v.name}: {v.status} ({_points(v.points)}/"
                         f"{_points(v.max_points)})" + (f" — {why}" if why else ""))
        lines.append(f"Total: {self.score_line()}")
        return "\n".join(lines)

    def to_dict(self):
        return {"total": self.total, "max_total": self.max_total, "all_right": self.all_right,
                "counts": self.counts(), "rtol": self.rtol, "atol": self.atol,
                "carried_forward_credit": self.carried_forward_credit,
                "notation": self.report.notation,
                "items": [v.to_dict() for v in self.items]}

    def to_json(self, indent=2):
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_text(self, width=110):
        from .render_text import check_to_text

        return check_to_text(self, width)

    def to_markdown(self):
        from .render_markup import check_to_markdown

        return check_to_markdown(self)

    def to_html(self):
        from .render_markup import check_to_html

        return check_to_html(self)

    def to_latex(self, standalone=True):
        from .render_latex import check_to_latex

        return check_to_latex(self, standalone)

    def _repr_html_(self):
        return self.to_html()

    def __str__(self):
        return self.summary()

    def __repr__(self):
        return f"<CheckResult: {self.score_line()}>"


def _points(x):
    return f"{x:g}"


def _position(index):
    return "[" + ",".join(map(str, index)) + "]"
