"""The one place exercises touch explain: run a spec, mark answers with its checker.

Everything else in ``glassnet.exercises`` reads the ``Verdict`` records made here,
so a change in explain's API (see /work/coord/CHECK.md) is an edit of this file.

- ``solve(spec)``: the worked solution (a ``Report``) of a spec dict or file.
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


def solve(spec, path_hint="exercise"):
    """The ``Report`` of one spec: a dict (explain's format) or a spec file's path."""
    from ..explanation import explain, load_spec

    if isinstance(spec, dict):
        with tempfile.TemporaryDirectory(prefix="glassnet-exercise-") as folder:
            path = os.path.join(folder, f"{path_hint}.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(spec, f)
            loaded = load_spec(path)
    else:
        loaded = load_spec(spec)
    return explain(loaded.model, loaded.x, loaded.y, notation=loaded.notation)


def _number(value):
    """The answer as a float, or None when it is not one finite number."""
    if isinstance(value, bool):
        return None
    try:
        x = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


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
    marks = report.check(usable, rtol=rtol, atol=atol).marks if usable else []
    wrong = {m.key for m in marks if m.status != "right"}
    by_key = {q.key: q for q in questions}
    for m in marks:
        q = by_key[m.key]
        credit = {"right": 1.0, "carried forward": carried_forward_credit}.get(m.status, 0.0)
        deps = [d["key"] for d in m.depends_on if d["key"] in wrong]  # by their verdicts
        verdicts[m.key] = Verdict(m.key, m.status, credit * q.points, q.points, q.value,
                                  usable[m.key], message=m.note,
                                  slip=getattr(m, "slip", None), depends_on=deps)
    return [verdicts[q.key] for q in questions]
