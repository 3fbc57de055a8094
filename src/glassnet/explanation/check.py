"""Check a student's answers against the engine's step: a verdict for every answer.

Each answer gets one of four verdicts (``unusable`` when it cannot be read):

- **right**: within the tolerance of the engine's value,
  ``|given − exact| <= atol + rtol |exact|`` element by element (an updated
  parameter is measured against its step, ``|W_new − W|``, else copying ``W`` would
  pass);
- **carried forward**: wrong, but the right formula applied to the student's own
  earlier values (error-carried-forward marking: partial credit, never "right");
- **new error**: wrong from the inputs the student had (or a different formula);
  the common slips are named (see ``slips``);
- **not answered**: a quantity the teacher gave points for that has no answer.

"The student's own earlier values" are found by replaying the step with every
answer put in place of the engine's value (``replay.replay``): quantities the
student skipped are recomputed from their values, so dependencies run through the
whole chain. A matrix answer is judged element by element: ``wrong_elements`` lists
the wrong ones (1-based, in the notation's orientation); its verdict is the worst
of its elements' and its points the mean of theirs. A matrix of the wrong shape is
never reshaped: a transposed one is a "new error" saying so, any other "unusable".
"""

from dataclasses import dataclass

import numpy as np

from .answers import AnswerProblem, as_numbers, key_table, read_answers, resolve
from .replay import dependencies, exact_value, replay
from .slips import find_slip
from .verdicts import CheckResult, Verdict


class _Transposed(Exception):
    pass


@dataclass
class _Case:
    """One usable answer as the checker and ``slips`` see it (Keras orientation,
    engine sign): ``S`` given, ``E`` exact, ``R`` from the student's earlier values."""

    checker: object
    target: object
    S: object
    E: object
    R: object
    wrong: object = None
    old: object = None  # an updated parameter's value before the step (its scale)

    @property
    def q(self):
        return self.target.q

    @property
    def l(self):  # noqa: E743 (the layer number, as in the math)
        return self.target.l

    @property
    def whole(self):
        return self.target.idx is None and self.target.eq.ref[2] is None

    @property
    def steps(self):
        return self.checker.steps

    @property
    def fused(self):
        return self.checker.info.fused

    @property
    def L(self):
        return len(self.checker.steps)

    def pick(self, array):
        idx = self.target.idx if self.target.idx is not None else self.target.eq.ref[2]
        return np.asarray(array, dtype=float) if idx is None else np.asarray(array)[idx]

    def close(self, S, ref):
        return self.checker.close(S, ref, self.old)

    def matches(self, alternative, exact=False, tight=False):
        """Whether every wrong element of ``S`` equals ``alternative`` (shaped as ``S``,
        or the quantity's full array, from which the answered element is picked)."""
        alt = np.asarray(alternative, dtype=float)
        alt = alt if alt.shape == np.shape(self.S) else self.pick(alt)
        if exact or tight:
            ok = np.isclose(self.S, alt, rtol=1e-9 if exact else 1e-6, atol=1e-12)
        else:
            ok = self.close(self.S, alt)
        return bool(np.all(np.asarray(ok)[self.wrong]))

    def inputs(self, q, l):
        """The engine's value of an input such as the old ``W`` of layer ``l``."""
        return np.asarray(self.steps[l - 1].value(q), dtype=float)

    def both(self, q, l):
        """Quantity ``q`` of layer ``l`` as the engine has it and as the student used it."""
        return [exact_value(self.steps, self.checker.info, q, l),
                self.checker.used.get((q, l), exact_value(self.steps, self.checker.info, q, l))]


class Checker:
    """Holds one report's step and tolerances; ``check(answers)`` -> ``CheckResult``."""

    def __init__(self, report, rtol=0.05, atol=1e-6, carried_forward_credit=0.5):
        if not 0 <= carried_forward_credit <= 1:
            raise ValueError(f"carried_forward_credit must be in [0, 1] (the share of an "
                             f"answer's points), but got {carried_forward_credit!r}.")
        self.report = report
        self.steps, self.info, self.N = report.steps, report.info, report.notation_object
        self.rtol, self.atol, self.credit = rtol, atol, carried_forward_credit
        self.table = key_table(report.sections)
        self.used = {}

    # --- tolerance ---------------------------------------------------------------
    def close(self, S, ref, old=None):
        """Element-wise ``|S − ref| <= atol + rtol |ref|``; for an updated parameter
        (``old``: its value before the step) ``rtol`` is taken of the step ``|ref − old|``."""
        scale = np.abs(ref) if old is None else np.abs(ref - old)
        return np.abs(S - ref) <= self.atol + self.rtol * scale

    # --- reading one answer ------------------------------------------------------
    def _given(self, key, value, target):
        """The answer in Keras orientation and the engine's sign; shapes never forced."""
        given = as_numbers(key, value)
        eq = target.eq
        if target.idx is not None or eq.ref[2] is not None:
            picked = np.shape(self._shown(target, exact_value(self.steps, self.info,
                                                                 target.q, target.l)))
            if picked == ():
                if given.size != 1:
                    raise AnswerProblem(f"{key!r} names one number, but got {value!r}.")
                return float(given.reshape(())) * eq.sign
            if given.shape != picked:  # the lab's batch: one value per example
                raise AnswerProblem(f"{key!r} has one value per example ({picked[0]} "
                                    f"numbers), but got {value!r}; nothing was reshaped.")
            return given * eq.sign
        keras = exact_value(self.steps, self.info, target.q, target.l)
        shown = np.asarray(eq.value)
        g, e = np.squeeze(given), np.squeeze(shown)
        if g.shape != e.shape:
            if g.ndim == 2 and g.shape == e.shape[::-1]:
                raise _Transposed(f"your {eq.key} is {_shape(g.shape)}, but {eq.key} is "
                                  f"{_shape(e.shape)} in this notation: you wrote its "
                                  "transpose (nothing was reshaped).")
            raise AnswerProblem(f"{key!r} should be {_shape(e.shape)} numbers in this "
                                f"notation, but got {_shape(g.shape) or 'one number'}; "
                                "nothing was reshaped.")
        oriented = g.reshape(shown.shape)
        if self.N is not None:
            oriented = self.N.to_keras(oriented, keras)
        return np.asarray(oriented, dtype=float).reshape(keras.shape) * eq.sign

    # --- the check -----------------------------------------------------------------
    def check(self, answers, points=None):
        answers = read_answers(answers)
        points = self._points(points)
        items, cases, overrides = [], [], {}
        for key, value in answers.items():
            verdict = Verdict(name=str(key), given=value,
                              max_points=self._max_points(points, key))
            items.append(verdict)
            try:
                target = resolve(key, self.table, self.N, self.steps, self.info)
                verdict.quantity = target.label + self._index(target)
                verdict.expected = self._shown(target, exact_value(
                    self.steps, self.info, target.q, target.l))
                if value is None or (isinstance(value, str) and not value.strip()):
                    verdict.status, verdict.message = "not answered", "no value given"
                    continue
                S = self._given(key, value, target)
            except _Transposed as shape_error:
                verdict.status, verdict.slip = "new error", "transposed"
                verdict.message = str(shape_error)
                verdict.target = target
                continue
            except AnswerProblem as problem:
                verdict.status, verdict.message = "unusable", str(problem)
                continue
            verdict.target = target
            overrides.setdefault((target.q, target.l), []).append(
                (target.idx if target.idx is not None else target.eq.ref[2], S))
            cases.append((verdict, target, S))
        got, self.used = replay(self.steps, self.info, overrides)
        for verdict, target, S in cases:
            self._judge(verdict, target, S, got)
        self._dependencies(items)
        items += self._unanswered(points, items)
        return CheckResult(items, self.report, rtol=self.rtol, atol=self.atol,
                           carried_forward_credit=self.credit)

    def _judge(self, verdict, target, S, got):
        q, l = target.q, target.l
        E_full = exact_value(self.steps, self.info, q, l)
        case = _Case(self, target, np.asarray(S, dtype=float), None, None)
        case.E, case.R = case.pick(E_full), case.pick(got[(q, l)])
        if q.endswith("_new"):
            case.old = case.pick(self.steps[l - 1].value(q[:-len("_new")]))
        right = np.asarray(case.close(case.S, case.E))
        carried = ~right & np.asarray(case.close(case.S, case.R))
        case.wrong = ~right
        credit = np.where(right, 1.0, np.where(carried, self.credit, 0.0))
        verdict.points = float(verdict.max_points * credit.mean())
        changed = not np.allclose(case.R, case.E, rtol=1e-12, atol=0.0)
        verdict.from_yours = self._shown(target, got[(q, l)]) if changed else None
        verdict.wrong_elements = _wrong_elements(target, right, self.N, E_full.shape)
        if right.all():
            verdict.status, verdict.message = "right", ""
        elif not (~right & ~carried).any():
            verdict.status = "carried forward"
        else:
            verdict.status = "new error"
            verdict.slip, verdict.message = find_slip(case)

    def _dependencies(self, items):
        """``depends_on``: the answered quantities each answer follows from (through
        any skipped ones), and the carried-forward message naming the wrong ones."""
        answered = {}
        for v in items:
            if v.target is not None:
                answered.setdefault((v.target.q, v.target.l), []).append(v)
        for v in items:
            if v.target is None:
                continue
            found, seen, stack = [], set(), [v.target.ref]
            while stack:
                for d in dependencies(self.steps, self.info, *stack.pop()):
                    if d in seen:
                        continue
                    seen.add(d)
                    hits = [a for a in answered.get(d[:2], []) if d[2] is None
                            or a.target.ref[2] is None or a.target.ref[2] == d[2]]
                    found += [a for a in hits if a not in found and a is not v]
                    complete = any(a.target.ref[2] is None or a.target.ref[2] == d[2]
                                   for a in hits)
                    if not complete:
                        stack.append(d)
            v.depends_on = [{"name": a.name, "key": a.name, "status": a.status}
                            for a in found]
            if v.status == "carried forward":
                wrong = [a.name for a in found if a.status != "right"]
                if wrong:
                    v.message = (f"follows from your earlier {_join(wrong)} (wrong): error "
                                 "carried forward")
                else:
                    v.slip = "rounded too early"
                    v.message = ("follows from your rounded earlier values, but is off the "
                                 "exact value: keep at least 4 significant figures until "
                                 "the end")

    # --- points ------------------------------------------------------------------
    def _points(self, points):
        if points is None:
            return None
        if not isinstance(points, dict):
            raise TypeError(f"points must be a dict {{answer name: points}}, but got "
                            f"{type(points).__name__}.")
        table, bad = {}, []
        for key, value in points.items():
            try:
                target = resolve(key, self.table, self.N, self.steps, self.info)
            except AnswerProblem as problem:
                bad.append(str(problem))
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                bad.append(f"points for {key!r} must be a number >= 0, got {value!r}")
                continue
            table[_ref_key(target)] = (str(key), float(value), target)
        if bad:
            raise ValueError("points: " + "; ".join(bad))
        return table

    def _max_points(self, points, key):
        """1 by default; with ``points``, the teacher's value (0 for an unlisted answer)."""
        if points is None:
            return 1.0
        try:
            target = resolve(key, self.table, self.N, self.steps, self.info)
        except AnswerProblem:
            return 0.0
        entry = points.get(_ref_key(target))
        return entry[1] if entry else 0.0

    def _unanswered(self, points, items):
        if points is None:
            return []
        given = {_ref_key(v.target) for v in items if v.target is not None}
        out = []
        for ref_key, (key, value, target) in points.items():
            if ref_key not in given:
                out.append(Verdict(name=key, status="not answered", max_points=value,
                                   quantity=target.label + self._index(target),
                                   expected=self._shown(target, exact_value(
                                       self.steps, self.info, target.q, target.l)),
                                   message="not answered"))
        return out

    # --- display -----------------------------------------------------------------
    def _index(self, target):
        keras = exact_value(self.steps, self.info, target.q, target.l)
        return _index_label(target, self.N, keras.shape)

    def _shown(self, target, keras_value):
        """A Keras-oriented engine-sign value as the notation shows it (element or whole)."""
        value = np.asarray(keras_value, dtype=float) * target.eq.sign
        idx = target.idx if target.idx is not None else target.eq.ref[2]
        if idx is not None:
            picked = np.asarray(value[idx], dtype=float)
            return float(picked) if picked.ndim == 0 else picked
        return self.N.orient(value) if self.N is not None else value


def _ref_key(target):
    return (target.q, target.l, target.idx if target.idx is not None else target.eq.ref[2])


def _shape(shape):
    return " × ".join(str(n) for n in shape)


def _join(names):
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _positions(mask, N):
    """1-based positions of the True entries of a Keras-oriented mask, in the
    notation's orientation; singleton dimensions dropped (a vector gives ``[2]``)."""
    shown = N.orient(mask) if N is not None else mask
    keep = [d for d, n in enumerate(shown.shape) if n > 1]
    return [[int(i[d]) + 1 for d in keep] for i in np.argwhere(shown)]


def _index_label(target, N, keras_shape):
    """``[2,1]`` for one element of an array (1-based, the notation's orientation)."""
    if target.idx is None or len(keras_shape) == 0:
        return ""
    mark = np.zeros(keras_shape, bool)
    mark[target.idx] = True
    return "[" + ",".join(str(i) for i in _positions(mark, N)[0]) + "]"


def _wrong_elements(target, right, N, keras_shape):
    """Positions of the wrong elements of a whole-array answer (``[]`` for one number)."""
    if np.ndim(right) == 0 or target.idx is not None:
        return []
    if target.eq.ref[2] is not None:  # the lab's batch: the wrong examples, from 1
        return [[int(i) + 1] for i in np.flatnonzero(~np.asarray(right))]
    return _positions(~np.asarray(right).reshape(keras_shape), N)
