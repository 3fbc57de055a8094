"""The one place exercises touch explain: run a spec, mark answers with its checker.

Everything else in ``glassnet.exercises`` reads the ``Verdict`` records made here,
so a change in explain's API (see /work/coord/CHECK.md) is an edit of this file.

- ``solve(spec)``: the worked solution (a ``Report``) of a spec dict or file.
- ``solve_steps(spec)``: one ``Report`` per step of a spec with ``steps: N``: the
  engine's own ``train_on_batch`` runs between them, so step 2 starts from the
  weights and optimizer state (momentum's velocity) step 1 left.
- ``mark_steps(reports, questions, answers, ...)``: ``mark`` step by step.
- ``as_sym(report, parts)``: equation parts written out as the report writes them.
- ``mark(report, answers, points, carried_forward_credit, rtol, atol)``: one
  ``Verdict`` per question, in the questions' order, with the checker's status
  (``right``, ``carried forward``, ``new error``) or ``not answered`` /
  ``unusable`` (not a number), and the points it earns.
"""

import json
import math
import os
import tempfile
from dataclasses import dataclass, field


@dataclass
class Verdict:
    """One marked question."""

    key: str
    status: str            # right | carried forward | new error | not answered | unusable
    points: float
    max_points: float
    expected: object
    given: object = None
    message: str = ""
    slip: object = None    # e.g. "sign flip", "rounded too early" (when explain says)
    depends_on: list = field(default_factory=list)  # earlier keys the student got wrong


def _load(spec, path_hint="exercise"):
    """explain's ``Spec`` (compiled float64 model, x, y) of a spec dict."""
    from ..explanation import load_spec

    with tempfile.TemporaryDirectory(prefix="glassnet-exercise-") as folder:
        path = os.path.join(folder, f"{path_hint}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(spec, f)
        return load_spec(path)


def solve(spec, path_hint="exercise"):
    """The ``Report`` of one spec: a dict (explain's format) or a spec file's path."""
    return solve_steps(spec, path_hint)[0]


def solve_steps(spec, path_hint="exercise", steps=None):
    """``[Report of step 1, Report of step 2, ...]`` of a spec dict or file
    (``steps``: how many, when the spec does not say)."""
    from ..explanation import explain
    from ..explanation._files import read_json_or_yaml

    if not isinstance(spec, dict):
        from pathlib import Path

        spec = read_json_or_yaml(Path(spec))
    spec = dict(spec)
    steps = int(spec.pop("steps", steps or 1))
    loaded = _load(spec, path_hint)
    reports = []
    for k in range(steps):
        reports.append(explain(loaded.model, loaded.x, loaded.y, notation=loaded.notation))
        if k + 1 < steps:
            loaded.model.train_on_batch(loaded.x, loaded.y)
    return reports


def spec_takes_steps():
    """Whether explain's specs read ``steps: N`` themselves (then ``glassnet explain``
    shows every step of an exercise)."""
    from ..explanation import SpecError

    try:
        _load({"input": [1.0], "target": [1.0], "loss": "half_squared_error",
               "learning_rate": 0.1, "layers": [{"units": 1}],
               "weights": {"W1": [[0.5]], "b1": [0.1]}, "steps": 2})
    except SpecError:
        return False
    return True


def as_sym(report, parts):
    """Equation parts (``Sym``, numbers, filled formulas) as one ``Sym`` of text and LaTeX."""
    from ..explanation.formulas import Sym

    formatter = getattr(report, "formatter", None)
    if formatter is not None:
        return Sym(formatter.text_parts(parts), formatter.latex_parts(parts))
    from ..explanation._format import latex_parts, text_parts  # explain's first version

    return Sym(text_parts(report, parts), latex_parts(report, parts))


def _number(value):
    """The answer as a float, or None when it is not one finite number."""
    if isinstance(value, bool):
        return None
    try:
        x = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _check(report, answers, points, carried_forward_credit, rtol, atol):
    """explain's verdicts, as ``[(name, status, points, message, slip, depends_on)]``.

    Works with explain's ``report.check`` returning a ``CheckResult`` (``items`` with
    points) and with its first version (a report whose ``marks`` carry no points).
    """
    import inspect

    if "points" in inspect.signature(report.check).parameters:
        result = report.check(answers, points=points,
                              carried_forward_credit=carried_forward_credit,
                              rtol=rtol, atol=atol)
    else:  # the first checker: no points
        result = report.check(answers, rtol=rtol, atol=atol)
    items = result.items if hasattr(result, "items") else result.marks
    out = []
    for v in items:
        name = getattr(v, "name", None) or v.key
        if hasattr(v, "max_points"):
            earned = float(v.points)
        else:
            share = {"right": 1.0, "carried forward": carried_forward_credit}
            earned = share.get(v.status, 0.0) * points[name]
        deps = [d.get("name", d.get("key")) for d in v.depends_on]
        out.append((name, v.status, earned, getattr(v, "message", None) or
                    getattr(v, "note", ""), getattr(v, "slip", None), deps))
    return out


def mark(report, questions, answers, carried_forward_credit=0.5, rtol=0.01, atol=1e-4):
    """Mark ``answers`` (``{key: value}``) on ``questions`` (list of ``Question``)."""
    usable, verdicts = {}, {}
    for q in questions:
        given = answers.get(q.key)
        if given is None or (isinstance(given, str) and not given.strip()):
            verdicts[q.key] = Verdict(q.key, "not answered", 0.0, q.points, q.value,
                                      message="no answer given")
        elif _number(given) is None:
            verdicts[q.key] = Verdict(q.key, "unusable", 0.0, q.points, q.value, given,
                                      message=f"{given!r} is not a number")
        else:
            usable[q.key] = _number(given)
    points = {q.key: q.points for q in questions if q.key in usable}
    checked = _check(report, usable, points, carried_forward_credit, rtol, atol) if usable else []
    wrong = {name for name, status, *_ in checked if status != "right"}
    by_key = {q.key: q for q in questions}
    for name, status, earned, message, slip, deps in checked:
        q = by_key[name]
        verdicts[name] = Verdict(name, status, earned, q.points, q.value, usable[name],
                                 message=message, slip=slip,
                                 depends_on=[d for d in deps if d in wrong])  # by verdict
    return [verdicts[q.key] for q in questions]


def mark_steps(reports, questions, answers, carried_forward_credit=0.5, rtol=0.01, atol=1e-4):
    """``mark`` each step's questions (``q.step``) against that step's report.

    A later step's key carries ``@k`` (``W1_new@2``); explain sees it without. An
    error carried from one step into the next is judged within the next step only.
    """
    from dataclasses import replace

    out = {}
    for k, report in enumerate(reports, start=1):
        mine = [q for q in questions if q.step == k]
        bare = [replace(q, key=q.base_key) for q in mine]
        given = {q.base_key: answers.get(q.key) for q in mine}
        for q, v in zip(mine, mark(report, bare, given, carried_forward_credit, rtol, atol)):
            out[q.key] = replace(v, key=q.key,
                                 depends_on=[d if k == 1 else f"{d}@{k}" for d in v.depends_on])
    return [out[q.key] for q in questions]
