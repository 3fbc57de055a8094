"""Check a student's answers against the worked solution, and say why one is wrong.

Answers are a dict (or a JSON/YAML file holding one) from names to numbers, named as
the report's notation names its quantities:

- ``"keras"`` / ``"slides"``: ``Z1, A1, loss, dA1, gprime1, delta1`` (or ``dZ1``),
  ``dW1, db1, W1_new, b1_new``; a whole array (nested lists, in the notation's
  orientation) or one element with 1-based indices: ``"dW1[2,1]"``, ``"W[1]_new[1,2]"``.
- ``"lab"``: ``a1, y3, error, loss, delta5``, ``gradw1,3`` (∂L/∂w), ``dw1,3`` (Δw),
  ``w1,3_new``; ``"w_{1,3}"``, ``"Δw13"``, ``"δ5"`` are read too.

Each answer is **right** when it is within ``rtol`` (relative) + ``atol`` of the
engine's value. An updated parameter is compared on its *change*: ``W_new`` is right
when it is within ``rtol`` of the step ``W_new - W`` (else copying ``W`` would pass).
An answer that misses the exact value but equals what the student's own earlier
values give (their rounding, carried through) is right too when those earlier
values are right, an **error carried forward** when one of them is wrong, and a
**new error** otherwise.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ._files import read_json_or_yaml
from .replay import exact_value, named_dependencies, replay

_ELEMENT = re.compile(r"^(.*?)\s*[\[(]\s*(\d+)\s*(?:,\s*(\d+)\s*)?[\])]$")


def normalize_key(key):
    """Lower-case, Greek spelled out, punctuation dropped: ``"Δw_{1,3}"`` -> ``"dw1,3"``."""
    s = str(key).strip().lower().replace("δ", "delta").replace("∂l/∂", "grad")
    s = s.replace("dl/d", "grad").replace("′", "prime").replace("'", "prime")
    s = re.sub(r"[\s_{}\[\]()^\\]", "", s).replace("after", "new")
    return s.replace("deltaw", "dw").replace("deltab", "db")


def key_table(sections):
    """``{normalized key: Eq}`` for every checkable equation (aliases included)."""
    table = {}
    for section in sections:
        for eq in section.equations:
            if eq.key is None:
                continue
            for name in [eq.key, *eq.aliases]:
                table[normalize_key(name)] = eq
                if "," in name and re.search(r"\d,\d", name) and not re.search(r"\d{2}", name):
                    table[normalize_key(name.replace(",", ""))] = eq
    return table


def read_answers(answers):
    """Return a dict of answers from a dict, or a ``.json`` / ``.yaml`` file path."""
    if isinstance(answers, (str, Path)):
        path = Path(answers)
        if not path.exists():
            raise ValueError(f"Answers file {str(path)!r} does not exist.")
        try:
            answers = read_json_or_yaml(path)
        except ValueError as error:
            raise ValueError(f"Answers file {str(path)!r} is {error}") from None
        if isinstance(answers, dict) and isinstance(answers.get("answers"), dict):
            answers = answers["answers"]
    if not isinstance(answers, dict):
        raise TypeError(
            f"answers must be a dict such as {{'y3': 0.55, 'delta5': -0.037}} or a "
            f"JSON/YAML file holding one, but got {type(answers).__name__}."
        )
    return answers


@dataclass
class Mark:
    """One checked answer. ``status``: ``"right"``, ``"carried forward"``, ``"new error"``."""

    key: str
    given: object
    correct: object
    status: str
    from_yours: object = None  # what the student's own earlier values give, if any
    depends_on: list = field(default_factory=list)
    note: str = ""

    @property
    def right(self):
        return self.status == "right"


def _target(key, table, N, steps, info):
    """Find the equation an answer names: ``(eq, q, l, keras index or None)``."""
    norm = normalize_key(key)
    if norm in table:
        eq = table[norm]
        return eq, eq.ref[0], eq.ref[1], eq.ref[2]
    match = _ELEMENT.match(str(key))
    if match and normalize_key(match.group(1)) in table:
        eq = table[normalize_key(match.group(1))]
        q, l, _ = eq.ref
        keras = exact_value(steps, info, q, l)
        grid = np.arange(keras.size).reshape(keras.shape)
        oriented = N.orient(grid) if N is not None else grid
        nidx = tuple(int(g) - 1 for g in match.groups()[1:] if g is not None)
        if oriented.ndim == 2 and len(nidx) == 1:
            nidx = (nidx[0], 0) if oriented.shape[1] == 1 else (0, nidx[0])
        try:
            flat = oriented[nidx]
            if np.ndim(flat) or min(nidx) < 0:
                raise IndexError
        except IndexError:
            raise ValueError(
                f"Answer {key!r}: {eq.key} has shape {oriented.shape} in this notation; "
                "give 1-based indices inside it, e.g. "
                f"'{eq.key}[{','.join(['1'] * oriented.ndim)}]'."
            ) from None
        return eq, q, l, np.unravel_index(int(flat), keras.shape)
    known = sorted({eq.key for eq in table.values()})
    raise ValueError(
        f"Unknown answer name {key!r}. In this notation the quantities are named "
        f"{', '.join(known)} (add [i,j] for one element)."
    )


def _student_value(value, eq, q, l, idx, N, steps, info):
    """The answer in Keras orientation and the engine's sign (a float or an array)."""
    try:
        given = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"Answer {eq.key!r} must be a number or a list of numbers, "
                         f"but got {value!r}.") from None
    if idx is not None or eq.ref[2] is not None:
        if given.size != 1:
            raise ValueError(f"Answer {eq.key!r} is one number, but got {value!r}.")
        return float(given.reshape(())) * eq.sign
    keras = exact_value(steps, info, q, l)
    if N is None:  # the lab's names are all single numbers
        return given.reshape(np.shape(keras)) * eq.sign
    try:
        return N.to_keras(given, keras) * eq.sign
    except ValueError as error:
        raise ValueError(f"Answer {eq.key!r}: {error} (its shape here is "
                         f"{np.shape(eq.value)}).") from None


def _scale(steps, info, q, l, value):
    """What an answer's error is measured against: ``|value|``, or ``|value - before|``
    for an updated parameter (its step)."""
    if q in ("W_new", "b_new"):
        before = getattr(steps[l - 1], q[0])
        return np.abs(np.asarray(value) - before)
    return np.abs(value)


def check_answers(report, answers, rtol=0.05, atol=1e-6):
    """Mark each answer right or wrong; see the module docstring for the rules.

    Returns a list of ``Mark`` in the order the answers were given.
    """
    answers = read_answers(answers)
    steps, info, N = report.steps, report.info, report.notation_object
    table = key_table(report.sections)
    ref_keys = {eq.ref: eq.key for eq in table.values()}
    targets, overrides = [], {}
    for key, value in answers.items():
        eq, q, l, idx = _target(key, table, N, steps, info)
        given = _student_value(value, eq, q, l, idx, N, steps, info)
        idx = None if idx is None else tuple(int(i) for i in idx)
        targets.append((key, value, eq, (q, l, idx), given))
        overrides.setdefault((q, l), []).append((idx, given))
    yours = replay(steps, info, overrides)

    def pick(array, idx):
        return np.asarray(array) if idx is None else np.asarray(array)[idx]

    def close(given, expected, q, l, idx):
        exact = exact_value(steps, info, q, l)
        scale = np.maximum(pick(_scale(steps, info, q, l, exact), idx),
                           pick(_scale(steps, info, q, l, expected), idx)
                           if np.shape(expected) == np.shape(exact) else 0.0)
        return bool(np.all(np.abs(given - pick(expected, idx)) <= atol + rtol * scale))

    status_of = {}
    for _key, _value, _eq, (q, l, idx), given in targets:
        status_of[(q, l, idx)] = close(given, exact_value(steps, info, q, l), q, l, idx)

    marks = []
    for key, value, eq, (q, l, idx), given in targets:
        deps, wrong_before = [], False
        for dep_key in named_dependencies(steps, info, (q, l, idx), ref_keys):
            dep_eq = table[normalize_key(dep_key)]
            ok = status_of.get(dep_eq.ref)
            wrong_before |= ok is False
            deps.append({"key": dep_key, "correct": dep_eq.value,
                         "given": _given(answers, table, dep_eq),
                         "status": None if ok is None else ("right" if ok else "wrong")})
        mine = yours[(q, l)]
        consistent = close(given, mine, q, l, idx)
        if status_of[(q, l, idx)]:
            status, note = "right", ""
        elif consistent and not wrong_before:
            status, note = "right", "right from your own (rounded) earlier values"
        elif consistent:
            status, note = "carried forward", "follows from your earlier wrong value"
        else:
            status, note = "new error", ""
        whole = idx is None and eq.ref[2] is None
        exact = exact_value(steps, info, q, l)
        # the student's earlier values changed this quantity: show what they give
        # (None when no earlier answer of theirs feeds it: nothing to say about them)
        changed = not np.allclose(pick(mine, idx), pick(exact, idx), rtol=1e-12, atol=0.0)
        marks.append(Mark(key, value, eq.value if idx is None else _show(
            exact[idx], eq, N, False), status,
            from_yours=_show(pick(mine, idx), eq, N, whole) if changed else None,
            depends_on=deps, note=note))
    return marks


def _given(answers, table, eq):
    """The value the student gave for ``eq`` (as they wrote it), or None."""
    for key, value in answers.items():
        if table.get(normalize_key(key)) is eq:
            return value
    return None


def _show(value, eq, N, whole):
    """A Keras-oriented engine-sign value back in the notation (for display)."""
    value = np.asarray(value) * eq.sign
    return N.orient(value) if whole and N is not None else value
