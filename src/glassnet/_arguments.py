"""Checks of the Python API's plain arguments: one clear TypeError or ValueError each.

``whole(value, "epochs", "fit")`` returns ``value`` as an int, or raises naming the
argument, what it received and what it takes, before anything runs on it (Python's
own ``int('x')`` or ``'<=' not supported`` would say neither).
"""

import math
import numbers

import numpy as np


def whole(value, name, owner, minimum=0, none_ok=False):
    """``value`` as an int >= ``minimum`` (None passes when ``none_ok``)."""
    if value is None and none_ok:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{owner} expects {name} to be a whole number >= {minimum}, but got "
                        f"{value!r} ({type(value).__name__}).")
    if value < minimum:
        raise ValueError(f"{owner} expects {name} >= {minimum}, but got {value!r}.")
    return int(value)


def real(value, name, owner, low=-math.inf, high=math.inf, none_ok=False):
    """``value`` as a finite float in ``[low, high]`` (None passes when ``none_ok``)."""
    if value is None and none_ok:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{owner} expects {name} to be a number, but got {value!r} "
                        f"({type(value).__name__}).")
    if not math.isfinite(value) or not low <= value <= high:
        bounds = f" in [{low:g}, {high:g}]" if math.isfinite(low) or math.isfinite(high) \
            else ""
        raise ValueError(f"{owner} expects {name} to be a finite number{bounds}, but got "
                         f"{value!r}.")
    return float(value)


def flag(value, name, owner):
    """``value`` as a bool: True/False (or NumPy's), nothing else."""
    if not isinstance(value, (bool, np.bool_, numbers.Integral)) or value not in (0, 1):
        raise TypeError(f"{owner} expects {name} to be True or False, but got {value!r}.")
    return bool(value)


def verbosity(value, owner):
    """Keras's ``verbose``: ``"auto"`` (1), 0, 1 or 2."""
    if value == "auto":
        return 1
    if isinstance(value, str) or not isinstance(value, numbers.Integral) \
            or value not in (0, 1, 2):
        raise ValueError(f"{owner} expects verbose to be 'auto', 0, 1 or 2, but got "
                         f"{value!r}.")
    return int(value)
