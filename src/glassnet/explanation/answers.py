"""A student's answers: reading them, and finding the quantity each one names.

Answers are a dict (or a JSON/YAML file holding one) from names to numbers, named as
the report's notation names its quantities:

- ``"keras"`` / ``"slides"``: ``Z1, A1, loss, dA1, gprime1, delta1`` (or ``dZ1``),
  ``dW1, db1, W1_new, b1_new``; a whole array (nested lists, in the notation's
  orientation) or one element with 1-based indices: ``"dW1[2,1]"``, ``"W[1]_new[1,2]"``.
- ``"lab"``: ``a1, y3, error, loss, delta5``, ``gradw1,3`` (∂L/∂w), ``dw1,3`` (Δw),
  ``w1,3_new``; ``"w_{1,3}"``, ``"Δw13"``, ``"δ5"`` are read too.

``resolve`` turns one name into a ``Target``, or raises ``AnswerProblem`` saying why
it cannot be used (the checker records that as an "unusable" verdict and goes on).
"""

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._files import read_json_or_yaml
from .replay import exact_value

_ELEMENT = re.compile(r"^(.*?)\s*[\[(]\s*(\d+)\s*(?:,\s*(\d+)\s*)?[\])]$")


class AnswerProblem(ValueError):
    """One answer cannot be used (unknown name, bad index, not a number...)."""


def normalize_key(key):
    """Lower-case, Greek spelled out, punctuation dropped: ``"Δw_{1,3}"`` -> ``"dw1,3"``."""
    s = str(key).strip().lower().replace("δ", "delta").replace("∂l/∂", "grad")
    s = s.replace("γ", "gamma").replace("β", "beta").replace("μ", "mu")
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
class Target:
    """The quantity an answer names: equation ``eq``, engine quantity ``q`` of layer
    ``l``, and ``idx``, the Keras index of one element (``None``: the whole ``eq``)."""

    eq: object
    q: str
    l: int
    idx: object

    @property
    def ref(self):
        return (self.q, self.l, self.idx if self.idx is not None else self.eq.ref[2])

    @property
    def label(self):
        """The canonical name: ``delta5``, ``W1_new``, ``dW1[2,1]``."""
        return self.eq.key


def resolve(key, table, N, steps, info):
    """The ``Target`` an answer's name points to, or ``AnswerProblem`` saying why not."""
    norm = normalize_key(key)
    if norm in table:
        eq = table[norm]
        return Target(eq, eq.ref[0], eq.ref[1], None)
    match = _ELEMENT.match(str(key))
    if match and normalize_key(match.group(1)) in table:
        eq = table[normalize_key(match.group(1))]
        q, l, fixed = eq.ref
        if fixed is not None and isinstance(fixed[0], tuple):  # the lab's batch
            k = int(match.group(2))
            if match.group(3) is not None or not 1 <= k <= len(fixed[0]):
                raise AnswerProblem(
                    f"{eq.key} has one value per example (1 to {len(fixed[0])}), so "
                    f"{key!r} is no element of it: write e.g. '{eq.key}[1]' for the "
                    "first example.")
            return Target(eq, q, l, (fixed[0][k - 1], fixed[1]))
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
            raise AnswerProblem(
                f"{eq.key} has shape {oriented.shape} in this notation, so {key!r} is no "
                f"element of it: give 1-based indices inside it, e.g. "
                f"'{eq.key}[{','.join(['1'] * oriented.ndim)}]'."
            ) from None
        idx = tuple(int(i) for i in np.unravel_index(int(flat), keras.shape))
        return Target(eq, q, l, idx)
    known = sorted({eq.key for eq in table.values()})
    raise AnswerProblem(
        f"unknown name {key!r}. In this notation the quantities are named "
        f"{', '.join(known)} (add [i,j] for one element)."
    )


def as_numbers(key, value):
    """The answer as a float array, or ``AnswerProblem`` (``None`` is not answered)."""
    if isinstance(value, str):
        try:
            value = float(value.replace("−", "-"))
        except ValueError:
            raise AnswerProblem(f"{key!r} must be a number or a list of numbers, but got "
                                f"the text {value!r}.") from None
    try:
        given = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise AnswerProblem(f"{key!r} must be a number or a list of numbers (rows of "
                            f"equal length for a matrix), but got {value!r}.") from None
    if not np.all(np.isfinite(given)):
        raise AnswerProblem(f"{key!r} holds a value that is not a finite number: {value!r}.")
    return given
