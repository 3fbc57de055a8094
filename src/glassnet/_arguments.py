"""Checks of the Python API's plain arguments: one clear TypeError or ValueError each.

``whole(value, "epochs", "fit")`` returns ``value`` as an int, or raises naming the
argument, what it received and what it takes, before anything runs on it (Python's
own ``int('x')`` or ``'<=' not supported`` would say neither).
"""

import math
import numbers
import os

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
        bounds = (f" in [{low:g}, {high:g}]" if math.isfinite(low) and math.isfinite(high)
                  else f" >= {low:g}" if math.isfinite(low)
                  else f" <= {high:g}" if math.isfinite(high) else "")
        raise ValueError(f"{owner} expects {name} to be a finite number{bounds}, but got "
                         f"{value!r}.")
    return float(value)


def sizes(value, name, owner, minimum=1):
    """``value`` (a whole number or a sequence of them) as a tuple of ints >= ``minimum``."""
    items = (value,) if np.ndim(value) == 0 else tuple(np.asarray(value, dtype=object).ravel())
    if not items or any(isinstance(n, bool) or not isinstance(n, numbers.Integral)
                        for n in items):
        raise TypeError(f"{owner} expects {name} to be a whole number or a tuple of whole "
                        f"numbers (sizes), but got {value!r}.")
    if any(n < minimum for n in items):
        raise ValueError(f"{owner} expects every size in {name} to be >= {minimum}, but got "
                         f"{value!r}.")
    return tuple(int(n) for n in items)


def path(value, name, owner):
    """``value`` (a str or path-like object) as a str."""
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{owner} expects {name} to be a file path (a str or pathlib.Path), "
                        f"but got {value!r} ({type(value).__name__}).")
    return os.fspath(value)


def callbacks(value, owner):
    """``value`` (None, or a list or tuple of Callback objects) as a list."""
    if value is None:
        return []
    from .callbacks import Callback

    if not isinstance(value, (list, tuple)) or not all(isinstance(c, Callback) for c in value):
        raise TypeError(f"{owner} expects callbacks to be a list of Callback objects (from "
                        f"glassnet.callbacks), but got {value!r}.")
    return list(value)


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
