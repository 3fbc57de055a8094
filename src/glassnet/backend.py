"""Numerical policy shared by every part of glassnet.

- ``floatx``: the default floating dtype of weights and data (``"float32"``;
  ``"float64"`` for exact teaching numbers and gradient checks).
- ``epsilon``: the fuzz factor Keras uses to keep logs finite (1e-7).
- ``rng``: glassnet's random generator, reseeded by ``glassnet.utils.set_random_seed``;
  ``use_generator`` lends glassnet another generator for a ``with`` block.
"""

import contextlib
import os

import numpy as np

_FLOATX = "float32"
EPSILON = 1e-7  # read by the losses; epsilon() is the Keras-style accessor
_ALLOWED = ("float32", "float64")
_rng = np.random.default_rng()
_lent = 0  # how many use_generator blocks are open


def floatx():
    """Return the default float dtype name, ``"float32"`` unless changed."""
    return _FLOATX


def set_floatx(value):
    """Set the default float dtype: ``"float32"`` or ``"float64"``.

    Layers built afterwards create their weights in this dtype, and ``fit`` casts
    the data to it.
    """
    global _FLOATX
    name = np.dtype(value).name if not isinstance(value, str) else value
    if name not in _ALLOWED:
        raise ValueError(
            f"set_floatx expects one of {_ALLOWED}, but got {value!r}. "
            "Use 'float64' for exact teaching numbers and gradient checks."
        )
    _FLOATX = name


def epsilon():
    """Return the fuzz factor used to keep logarithms finite (1e-7, as Keras)."""
    return EPSILON


def standardize_dtype(dtype):
    """Return the dtype name to use: ``dtype`` if given, else ``floatx()``."""
    if dtype is None:
        return _FLOATX
    name = np.dtype(dtype).name
    if name not in _ALLOWED:
        raise ValueError(f"dtype must be one of {_ALLOWED}, but got {dtype!r}.")
    return name


def rng():
    """Return glassnet's global random generator."""
    return _rng


def owns_generator():
    """Whether ``rng()`` is glassnet's own generator (no ``use_generator`` block open)."""
    return _lent == 0


def seed_generator(seed=None):
    """Return a generator: a fresh one from ``seed``, or the global one."""
    if seed is None:
        return _rng
    return np.random.default_rng(seed)


@contextlib.contextmanager
def use_generator(rng):
    """Let glassnet draw from ``rng`` (weights, shuffling, dropout) inside the block.

    ``rng`` is a ``numpy.random.Generator``. Inside ``with use_generator(rng):``,
    ``rng()`` returns it; afterwards the global generator is back, untouched. An
    object that keeps its own seeded generator (a scikit-learn estimator with
    ``random_state``) can so repeat its fits bit for bit without reseeding the
    whole program::

        rng = np.random.default_rng(0)
        with use_generator(rng):
            model = build_model()
            model.fit(X, y)
    """
    global _rng, _lent
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"use_generator expects a numpy.random.Generator, e.g. "
            f"np.random.default_rng(0), but got {type(rng).__name__}."
        )
    saved, _rng = _rng, rng
    _lent += 1
    try:
        yield rng
    finally:
        _rng = saved
        _lent -= 1


def memory_bytes():
    """The memory available for new arrays, in bytes: Linux's ``MemAvailable``, else
    the physical memory (1 TiB when the system says neither)."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return 2**40


def check_memory(n_values, dtype, what, fix):
    """Refuse, before allocating, ``n_values`` numbers of ``dtype`` that cannot fit.

    Raises a ValueError naming ``what`` needs them and how to ``fix`` it when they
    take more bytes than the computer has available (an absurd size: a typo in a
    layer's units or a batch size, or a hostile model file), instead of a
    MemoryError or the system killing the process midway.
    """
    needed = int(n_values) * np.dtype(dtype).itemsize
    available = memory_bytes()
    if needed > available:
        raise ValueError(
            f"{what} would need {_size(needed)} of memory, more than this computer has "
            f"available ({_size(available)}). {fix}"
        )


def _size(n):
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}"
        n /= 1024


def _set_global_rng(seed):
    global _rng
    _rng = np.random.default_rng(seed)


def clear_session():
    """Restart layer naming, as ``keras.backend.clear_session`` (see ``glassnet.utils``)."""
    from .utils import clear_session as _clear_session

    _clear_session()
