"""Weight initializers, with Keras's names, defaults and formulas.

An initializer is called as ``init(shape, dtype)`` and returns a new array. For a
Dense kernel of shape ``(n_in, n_out)``: ``fan_in = n_in`` and ``fan_out = n_out``.

Seeding: ``seed=None`` draws from glassnet's global generator (set by
``glassnet.utils.set_random_seed``); an integer seed gives the same values on every
call, as in Keras.
"""

import numpy as np

from . import _arguments, backend
from ._registry import lookup, registry

# The standard deviation of a unit normal truncated to [-2, 2] is 0.87962566...
_TRUNCATED_STD = 0.87962566103423978


def _fans(shape):
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = int(np.prod(shape[:-2])) if len(shape) > 2 else 1
    return shape[-2] * receptive, shape[-1] * receptive


class Initializer:
    """Base class. ``__call__(shape, dtype=None)`` returns an array.

    Parameters
    ----------
    seed : int, optional
        The same seed gives the same values on every call; ``None`` draws from
        glassnet's global generator.

    Notes
    -----
    Called as ``init(shape, dtype=None)``: ``shape`` is a tuple such as ``(n_in, n_out)``
    for a Dense kernel; the result has that shape and ``dtype`` (default ``floatx()``).

    Examples
    --------
    An initializer of your own gives ``sample(shape, rng)``:

    >>> import numpy as np
    >>> class Identity(gn.initializers.Initializer):
    ...     name = "identity"
    ...     def sample(self, shape, rng):
    ...         return np.eye(*shape)
    >>> Identity()((2, 2))
    array([[1., 0.],
           [0., 1.]], dtype=float32)
    """

    name = "initializer"

    def __init__(self, seed=None):
        self.seed = _arguments.whole(seed, "seed", type(self).__name__, none_ok=True)

    def _rng(self):
        return backend.seed_generator(self.seed)

    def __call__(self, shape, dtype=None):
        dtype = backend.standardize_dtype(dtype)
        return np.asarray(self.sample(tuple(shape), self._rng()), dtype=dtype)

    def sample(self, shape, rng):
        raise NotImplementedError

    def get_config(self):
        return {"seed": self.seed} if self.seed is not None else {}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class Zeros(Initializer):
    """All zeros (the Dense bias default).

    Parameters
    ----------
    seed : int, optional
        The same seed gives the same values on every call; ``None`` draws from
        glassnet's global generator.

    Notes
    -----
    Called as ``init(shape, dtype=None)``: ``shape`` is a tuple such as ``(n_in, n_out)``
    for a Dense kernel; the result has that shape and ``dtype`` (default ``floatx()``).

    Examples
    --------
    >>> gn.initializers.Zeros()((2, 3))
    array([[0., 0., 0.],
           [0., 0., 0.]], dtype=float32)
    """

    name = "zeros"

    def sample(self, shape, rng):
        return np.zeros(shape)


class Ones(Initializer):
    """All ones.

    Parameters
    ----------
    seed : int, optional
        The same seed gives the same values on every call; ``None`` draws from
        glassnet's global generator.

    Notes
    -----
    Called as ``init(shape, dtype=None)``: ``shape`` is a tuple such as ``(n_in, n_out)``
    for a Dense kernel; the result has that shape and ``dtype`` (default ``floatx()``).

    Examples
    --------
    >>> gn.initializers.Ones()((3,), dtype="float64")
    array([1., 1., 1.])
    """

    name = "ones"

    def sample(self, shape, rng):
        return np.ones(shape)


class Constant(Initializer):
    """Every element equal to ``value`` (default 0).

    Parameters
    ----------
    value : float, default 0.0

    Notes
    -----
    Called as ``init(shape, dtype=None)``: ``shape`` is a tuple such as ``(n_in, n_out)``
    for a Dense kernel; the result has that shape and ``dtype`` (default ``floatx()``).

    Examples
    --------
    >>> gn.initializers.Constant(0.5)((2,))
    array([0.5, 0.5], dtype=float32)
    """

    name = "constant"

    def __init__(self, value=0.0):
        super().__init__(None)
        self.value = _arguments.real(value, "value", "Constant")

    def sample(self, shape, rng):
        return np.full(shape, self.value)

    def get_config(self):
        return {"value": self.value}


class RandomNormal(Initializer):
    """Normal with ``mean`` (0) and ``stddev`` (0.05).

    Parameters
    ----------
    mean : float, default 0.0
    stddev : float, default 0.05
    seed : int, optional
        As ``Initializer``.

    Notes
    -----
    Called as ``init(shape, dtype=None)``: ``shape`` is a tuple such as ``(n_in, n_out)``
    for a Dense kernel; the result has that shape and ``dtype`` (default ``floatx()``).

    Examples
    --------
    >>> W = gn.initializers.RandomNormal(stddev=0.05, seed=0)((500, 400))
    >>> round(float(W.std()), 3)
    0.05
    """

    name = "random_normal"

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean = _arguments.real(mean, "mean", "RandomNormal")
        self.stddev = _arguments.real(stddev, "stddev", "RandomNormal", low=0)

    def sample(self, shape, rng):
        return rng.normal(self.mean, self.stddev, size=shape)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, **super().get_config()}


class RandomUniform(Initializer):
    """Uniform on ``[minval, maxval)`` (default ``[-0.05, 0.05)``).

    Parameters
    ----------
    minval : float, default -0.05
    maxval : float, default 0.05
    seed : int, optional
        As ``Initializer``.

    Notes
    -----
    Called as ``init(shape, dtype=None)``: ``shape`` is a tuple such as ``(n_in, n_out)``
    for a Dense kernel; the result has that shape and ``dtype`` (default ``floatx()``).

    Examples
    --------
    >>> W = gn.initializers.RandomUniform(-1.0, 1.0, seed=0)((2, 3))
    >>> W.shape, bool(W.min() >= -1.0 and W.max() < 1.0)
    ((2, 3), True)
    """

    name = "random_uniform"

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        super().__init__(seed)
        self.minval = _arguments.real(minval, "minval", "RandomUniform")
        self.maxval = _arguments.real(maxval, "maxval", "RandomUniform", low=self.minval)

    def sample(self, shape, rng):
        return rng.uniform(self.minval, self.maxval, size=shape)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, **super().get_config()}


class TruncatedNormal(Initializer):
    """Normal with ``mean`` (0) and ``stddev`` (0.05), redrawn beyond two ``stddev``.

    Parameters
    ----------
    mean : float, default 0.0
    stddev : float, default 0.05
        Of the normal before truncation.
    seed : int, optional
        As ``Initializer``.

    Notes
    -----
    Called as ``init(shape, dtype=None)``: ``shape`` is a tuple such as ``(n_in, n_out)``
    for a Dense kernel; the result has that shape and ``dtype`` (default ``floatx()``).

    Examples
    --------
    >>> W = gn.initializers.TruncatedNormal(seed=0)((500, 400))
    >>> bool(abs(W).max() <= 0.1)  # within 2 stddev
    True
    >>> round(float(W.std()), 3)  # truncation narrows it: 0.05 * 0.8796
    0.044
    """

    name = "truncated_normal"

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        super().__init__(seed)
        self.mean = _arguments.real(mean, "mean", "TruncatedNormal")
        self.stddev = _arguments.real(stddev, "stddev", "TruncatedNormal", low=0)

    def sample(self, shape, rng):
        return self.mean + _truncated_normal(rng, self.stddev, shape)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, **super().get_config()}


class Orthogonal(Initializer):
    """A (semi-)orthogonal matrix times ``gain``, as ``keras.initializers.Orthogonal``.

    A normal matrix of shape ``(max(r, c), min(r, c))`` (``r`` = product of all but
    the last dimension, ``c`` = the last) is factored ``Q R``; ``Q`` times the signs
    of ``diag(R)`` has orthonormal columns, transposed when ``r < c`` (then the rows
    are orthonormal), and reshaped to ``shape``.

    Parameters
    ----------
    gain : float, default 1.0
        The factor the orthogonal matrix is multiplied by.
    seed : int, optional
        As ``Initializer``.

    Notes
    -----
    Called as ``init(shape, dtype=None)``: ``shape`` is a tuple such as ``(n_in, n_out)``
    for a Dense kernel; the result has that shape and ``dtype`` (default ``floatx()``).

    Examples
    --------
    >>> import numpy as np
    >>> W = gn.initializers.Orthogonal(seed=0)((3, 3))
    >>> np.allclose(W.T @ W, np.eye(3), atol=1e-6)
    True
    """

    name = "orthogonal"

    def __init__(self, gain=1.0, seed=None):
        super().__init__(seed)
        self.gain = _arguments.real(gain, "gain", "Orthogonal")

    def sample(self, shape, rng):
        if len(shape) < 2:
            raise ValueError(
                f"Orthogonal needs a shape of at least 2 dimensions, but got {shape}. "
                "Use it for kernels (n_in, n_out), not biases."
            )
        rows, cols = int(np.prod(shape[:-1])), shape[-1]
        Q, R = np.linalg.qr(rng.standard_normal((max(rows, cols), min(rows, cols))))
        Q *= np.sign(np.diag(R))
        if rows < cols:
            Q = Q.T
        return self.gain * Q.reshape(shape)

    def get_config(self):
        return {"gain": self.gain, **super().get_config()}


def _truncated_normal(rng, stddev, shape):
    """Normal(0, stddev) redrawn wherever it falls outside two standard deviations."""
    values = rng.standard_normal(shape)
    outside = np.abs(values) > 2
    while outside.any():
        values[outside] = rng.standard_normal(int(outside.sum()))
        outside = np.abs(values) > 2
    return values * stddev


class VarianceScaling(Initializer):
    """Keras's VarianceScaling: variance ``scale / n`` with ``n`` from ``mode``.

    ``mode``: ``"fan_in"``, ``"fan_out"`` or ``"fan_avg"``; ``distribution``:
    ``"truncated_normal"`` (stddev corrected for the truncation; ``"normal"`` is the
    same, as in Keras), ``"untruncated_normal"`` (stddev ``sqrt(scale / n)``) or
    ``"uniform"`` (limit ``sqrt(3 scale / n)``).

    Parameters
    ----------
    scale : float, default 1.0
    mode : {"fan_in", "fan_out", "fan_avg"}, default "fan_in"
    distribution : {"truncated_normal", "normal", "untruncated_normal", "uniform"}
        Default ``"truncated_normal"``.
    seed : int, optional
        As ``Initializer``.

    Notes
    -----
    Called as ``init(shape, dtype=None)``: ``shape`` is a tuple such as ``(n_in, n_out)``
    for a Dense kernel; the result has that shape and ``dtype`` (default ``floatx()``).

    Examples
    --------
    >>> init = gn.initializers.VarianceScaling(2.0, "fan_in", "uniform", seed=0)
    >>> W = init((100, 10))
    >>> bool(abs(W).max() <= (3 * 2.0 / 100) ** 0.5)  # limit sqrt(3 scale / fan_in)
    True
    """

    name = "variance_scaling"

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None):
        super().__init__(seed)
        scale = _arguments.real(scale, "scale", type(self).__name__)
        if scale <= 0:
            raise ValueError(f"{type(self).__name__} expects scale > 0, but got {scale!r}.")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(f"mode must be fan_in, fan_out or fan_avg, got {mode!r}.")
        distribution = str(distribution).lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in ("truncated_normal", "untruncated_normal", "uniform"):
            raise ValueError(
                "distribution must be truncated_normal, untruncated_normal or uniform, "
                f"got {distribution!r}."
            )
        self.scale, self.mode, self.distribution = scale, mode, distribution

    def sample(self, shape, rng):
        fan_in, fan_out = _fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}
        variance = self.scale / max(1.0, n[self.mode])
        if self.distribution == "uniform":
            limit = np.sqrt(3.0 * variance)
            return rng.uniform(-limit, limit, size=shape)
        if self.distribution == "untruncated_normal":
            return rng.normal(0.0, np.sqrt(variance), size=shape)
        return _truncated_normal(rng, np.sqrt(variance) / _TRUNCATED_STD, shape)

    def get_config(self):
        return {
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            **super().get_config(),
        }


class _Preset(VarianceScaling):
    """A VarianceScaling with fixed settings; only ``seed`` is configurable."""

    settings = (1.0, "fan_avg", "uniform")

    def __init__(self, seed=None):
        super().__init__(*self.settings, seed=seed)

    def get_config(self):
        return Initializer.get_config(self)


class GlorotUniform(_Preset):
    """Uniform on ``[-l, l]``, ``l = sqrt(6 / (fan_in + fan_out))`` (the Dense default).

    Parameters
    ----------
    seed : int, optional
        The same seed gives the same values on every call; ``None`` draws from
        glassnet's global generator.

    Notes
    -----
    Called as ``init(shape, dtype=None)``: ``shape`` is a tuple such as ``(n_in, n_out)``
    for a Dense kernel; the result has that shape and ``dtype`` (default ``floatx()``).

    Examples
    --------
    >>> W = gn.initializers.GlorotUniform(seed=0)((500, 400))
    >>> W.shape
    (500, 400)
    >>> bool(abs(W).max() <= (6 / 900) ** 0.5)  # l = sqrt(6 / (fan_in + fan_out))
    True
    """

    name, settings = "glorot_uniform", (1.0, "fan_avg", "uniform")


class GlorotNormal(_Preset):
    """Truncated normal, stddev ``sqrt(2 / (fan_in + fan_out))``.

    Parameters
    ----------
    seed : int, optional
        The same seed gives the same values on every call; ``None`` draws from
        glassnet's global generator.

    Notes
    -----
    Called as ``init(shape, dtype=None)``: ``shape`` is a tuple such as ``(n_in, n_out)``
    for a Dense kernel; the result has that shape and ``dtype`` (default ``floatx()``).

    Examples
    --------
    >>> W = gn.initializers.GlorotNormal(seed=0)((500, 400))
    >>> W.shape, W.dtype
    ((500, 400), dtype('float32'))
    >>> round(float(W.std()), 3)  # sqrt(2 / (500 + 400)) = 0.0471
    0.047
    """

    name, settings = "glorot_normal", (1.0, "fan_avg", "truncated_normal")


class HeNormal(_Preset):
    """Truncated normal, stddev ``sqrt(2 / fan_in)``: for ReLU layers.

    Parameters
    ----------
    seed : int, optional
        The same seed gives the same values on every call; ``None`` draws from
        glassnet's global generator.

    Notes
    -----
    Called as ``init(shape, dtype=None)``: ``shape`` is a tuple such as ``(n_in, n_out)``
    for a Dense kernel; the result has that shape and ``dtype`` (default ``floatx()``).

    Examples
    --------
    >>> W = gn.initializers.HeNormal(seed=0)((500, 400))
    >>> W.shape, W.dtype
    ((500, 400), dtype('float32'))
    >>> round(float(W.std()), 3)  # sqrt(2 / 500) = 0.0632
    0.063
    """

    name, settings = "he_normal", (2.0, "fan_in", "truncated_normal")


class HeUniform(_Preset):
    """Uniform on ``[-l, l]``, ``l = sqrt(6 / fan_in)``.

    Parameters
    ----------
    seed : int, optional
        The same seed gives the same values on every call; ``None`` draws from
        glassnet's global generator.

    Notes
    -----
    Called as ``init(shape, dtype=None)``: ``shape`` is a tuple such as ``(n_in, n_out)``
    for a Dense kernel; the result has that shape and ``dtype`` (default ``floatx()``).

    Examples
    --------
    >>> W = gn.initializers.HeUniform(seed=0)((500, 400))
    >>> W.shape
    (500, 400)
    >>> bool(abs(W).max() <= (6 / 500) ** 0.5)  # l = sqrt(6 / fan_in)
    True
    """

    name, settings = "he_uniform", (2.0, "fan_in", "uniform")


class LecunNormal(_Preset):
    """Truncated normal, stddev ``sqrt(1 / fan_in)``: for SELU layers.

    Parameters
    ----------
    seed : int, optional
        The same seed gives the same values on every call; ``None`` draws from
        glassnet's global generator.

    Notes
    -----
    Called as ``init(shape, dtype=None)``: ``shape`` is a tuple such as ``(n_in, n_out)``
    for a Dense kernel; the result has that shape and ``dtype`` (default ``floatx()``).

    Examples
    --------
    >>> W = gn.initializers.LecunNormal(seed=0)((500, 400))
    >>> W.shape, W.dtype
    ((500, 400), dtype('float32'))
    >>> round(float(W.std()), 3)  # sqrt(1 / 500) = 0.0447
    0.045
    """

    name, settings = "lecun_normal", (1.0, "fan_in", "truncated_normal")


class LecunUniform(_Preset):
    """Uniform on ``[-l, l]``, ``l = sqrt(3 / fan_in)``.

    Parameters
    ----------
    seed : int, optional
        The same seed gives the same values on every call; ``None`` draws from
        glassnet's global generator.

    Notes
    -----
    Called as ``init(shape, dtype=None)``: ``shape`` is a tuple such as ``(n_in, n_out)``
    for a Dense kernel; the result has that shape and ``dtype`` (default ``floatx()``).

    Examples
    --------
    >>> W = gn.initializers.LecunUniform(seed=0)((500, 400))
    >>> W.shape
    (500, 400)
    >>> bool(abs(W).max() <= (3 / 500) ** 0.5)  # l = sqrt(3 / fan_in)
    True
    """

    name, settings = "lecun_uniform", (1.0, "fan_in", "uniform")


INITIALIZERS = registry(
    Zeros, Ones, Constant, RandomNormal, RandomUniform, TruncatedNormal, Orthogonal,
    VarianceScaling, GlorotUniform, GlorotNormal, HeNormal, HeUniform, LecunNormal,
    LecunUniform,
)

# Keras also accepts the class names: "GlorotUniform", "TruncatedNormal"...
CLASS_NAMES = {cls.__name__.lower(): name for name, cls in INITIALIZERS.items()}


def get(identifier, argument=None):
    """Return an ``Initializer`` for a name, an instance, a class, a config dict or a
    callable ``(shape, dtype) -> array``.

    Parameters
    ----------
    identifier : str, dict, Initializer, Initializer subclass or callable
        A name (``"he_normal"``) or Keras class name (``"HeNormal"``), a config dict
        ``{"name": ..., "config": ...}``, an instance, a class, or a function
        ``(shape, dtype) -> array`` (returned as it is).
    argument : str, optional
        The argument that received ``identifier`` (``"kernel_initializer"``), named
        in the error for an unknown one.

    Examples
    --------
    >>> gn.initializers.get("he_normal")
    HeNormal()
    >>> gn.initializers.get({"name": "random_normal", "config": {"stddev": 0.1}})
    RandomNormal(mean=0.0, stddev=0.1)
    """
    if isinstance(identifier, type) and issubclass(identifier, Initializer):
        return identifier()  # e.g. initializers.glorot_uniform, as Keras accepts
    if callable(identifier) and not isinstance(identifier, (type, Initializer)):
        return identifier
    return lookup(identifier, INITIALIZERS, Initializer, "initializer",
                  "glassnet.initializers", CLASS_NAMES, argument)


def serialize(initializer):
    """Return the JSON-ready config of an initializer.

    Parameters
    ----------
    initializer : Initializer

    Examples
    --------
    >>> gn.initializers.serialize(gn.initializers.Constant(0.5))
    {'name': 'constant', 'config': {'value': 0.5}}
    """
    if not isinstance(initializer, Initializer):
        raise ValueError(
            f"Cannot save the custom initializer {initializer!r}: use a "
            "glassnet.initializers.Initializer so the model file can rebuild it."
        )
    return {"name": initializer.name, "config": initializer.get_config()}


zeros, ones, constant = Zeros, Ones, Constant
random_normal, random_uniform = RandomNormal, RandomUniform
glorot_uniform, glorot_normal = GlorotUniform, GlorotNormal
he_normal, he_uniform = HeNormal, HeUniform
truncated_normal, orthogonal = TruncatedNormal, Orthogonal
lecun_normal, lecun_uniform = LecunNormal, LecunUniform
variance_scaling = VarianceScaling

# the classes, then their Keras function-style names (the same classes)
__all__ = ["Initializer", *(cls.__name__ for cls in INITIALIZERS.values()), *INITIALIZERS,
           "get", "serialize"]
