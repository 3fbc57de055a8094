"""Numerical policy shared by every part of glassnet.

- ``floatx``: the default floating dtype of weights and data (``"float32"``;
  ``"float64"`` for exact teaching numbers and gradient checks).
- ``epsilon``: the fuzz factor Keras uses to keep logs finite (1e-7).
- ``flush_denormals``: numbers below the dtype's normal range set to 0 (they make
  every later product many times slower).
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
ALWAYS_AFFORDABLE = 64 * 2**20  # bytes check_memory never refuses


def floatx():
    """Return the default float dtype name, ``"float32"`` unless changed.

    Examples
    --------
    >>> gn.backend.floatx()
    'float32'
    """
    return _FLOATX


def set_floatx(value):
    """Set the default float dtype: ``"float32"`` or ``"float64"``.

    Layers built afterwards create their weights in this dtype, and ``fit`` casts
    the data to it.

    Parameters
    ----------
    value : str or numpy dtype
        ``"float32"`` or ``"float64"``.

    Examples
    --------
    >>> gn.backend.set_floatx("float64")
    >>> gn.backend.floatx()
    'float64'
    >>> gn.backend.set_floatx("float32")
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
    """Return the fuzz factor used to keep logarithms finite (1e-7, as Keras).

    Examples
    --------
    >>> gn.backend.epsilon()
    1e-07
    """
    return EPSILON


def flush_denormals(A):
    """Set the elements of ``A`` smaller than the dtype's normal range to 0, in place.

    Below ``tiny`` (1.2e-38 in float32, 2.2e-308 in float64) numbers are denormal:
    the processor computes with them many times slower, and a product with one of
    them in its input is slowed down whole. Training produces them where a value
    decays towards 0 (a saturated sigmoid's output gradient, a dead unit's
    momentum); setting them to 0 changes nothing else. Returns ``A``.

    Parameters
    ----------
    A : float ndarray (changed in place)

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.backend.flush_denormals(np.array([1e-39, 1e-30, 0.5], dtype="float32"))
    array([0.e+00, 1.e-30, 5.e-01], dtype=float32)
    """
    tiny = np.finfo(A.dtype).tiny
    np.copyto(A, 0, where=np.abs(A) < tiny)
    return A


def standardize_dtype(dtype):
    """Return the dtype name to use: ``dtype`` if given, else ``floatx()``.

    Parameters
    ----------
    dtype : str, numpy dtype or None
        ``"float32"`` or ``"float64"``; ``None`` means ``floatx()``.

    Examples
    --------
    >>> gn.backend.standardize_dtype(None), gn.backend.standardize_dtype("float64")
    ('float32', 'float64')
    """
    if dtype is None:
        return _FLOATX
    try:
        name = np.dtype(dtype).name
    except TypeError:  # NumPy's "data type 'x' not understood"
        name = None
    if name not in _ALLOWED:
        raise ValueError(f"dtype must be one of {_ALLOWED}, but got {dtype!r}.")
    return name


def rng():
    """Return glassnet's global random generator.

    Examples
    --------
    >>> import numpy as np
    >>> isinstance(gn.backend.rng(), np.random.Generator)
    True
    """
    return _rng


def owns_generator():
    """Whether ``rng()`` is glassnet's own generator (no ``use_generator`` block open).

    Examples
    --------
    >>> import numpy as np
    >>> gn.backend.owns_generator()
    True
    >>> with gn.backend.use_generator(np.random.default_rng(0)):
    ...     gn.backend.owns_generator()
    False
    """
    return _lent == 0


def seed_generator(seed=None):
    """Return a generator: a fresh one from ``seed``, or the global one.

    Parameters
    ----------
    seed : int, optional
        ``None`` returns the global generator ``rng()``.

    Examples
    --------
    >>> import numpy as np
    >>> a = gn.backend.seed_generator(0).integers(100, size=3)
    >>> b = np.random.default_rng(0).integers(100, size=3)
    >>> bool((a == b).all())  # the same seed, the same numbers
    True
    >>> gn.backend.seed_generator(None) is gn.backend.rng()
    True
    """
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

    Parameters
    ----------
    rng : numpy.random.Generator

    Examples
    --------
    >>> import numpy as np
    >>> g = np.random.default_rng(0)
    >>> with gn.backend.use_generator(g):
    ...     gn.backend.rng() is g
    True
    >>> gn.backend.rng() is g
    False
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
    the physical memory (1 TiB when the system says neither).

    Examples
    --------
    >>> gn.backend.memory_bytes() > 0
    True
    """
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

    Parameters
    ----------
    n_values : int
        How many numbers would be allocated.
    dtype : str or numpy dtype
        Their dtype (its item size: 4 bytes for float32, 8 for float64).
    what : str
        What needs them, for the message.
    fix : str
        How to fix it, for the message.

    Examples
    --------
    >>> gn.backend.check_memory(1000, "float64", "A small array", "")  # 8000 bytes: fine
    >>> gn.backend.check_memory(10**18, "float64", "Dense(10**18)", "Check the units.")
    Traceback (most recent call last):
        ...
    ValueError: Dense(10**18) would need 7,105.4 PiB of memory, more than ... Check the units.
    """
    needed = int(n_values) * np.dtype(dtype).itemsize
    if needed < ALWAYS_AFFORDABLE:  # no need to ask the system (predict's every call)
        return
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
    """Restart layer naming, as ``keras.backend.clear_session`` (see ``glassnet.utils``).

    Examples
    --------
    >>> gn.backend.clear_session()
    >>> gn.layers.Dense(2).name, gn.layers.Dense(2).name
    ('dense', 'dense_1')
    """
    from .utils import clear_session as _clear_session

    _clear_session()


__all__ = ["floatx", "set_floatx", "epsilon", "standardize_dtype", "rng", "owns_generator",
           "seed_generator", "use_generator", "memory_bytes", "check_memory", "clear_session"]
