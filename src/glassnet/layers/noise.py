"""GaussianNoise and GaussianDropout: random noise while training, identity after."""

import math

from .. import _arguments, backend
from .base import Layer


class _Noise(Layer):
    """Shared by the noise layers: a seeded generator, identity at inference."""

    def __init__(self, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.seed = _arguments.whole(seed, "seed", f"{type(self).__name__} '{self.name}'",
                                     none_ok=True)
        self.rng = backend.seed_generator(seed) if seed is not None else None

    def get_config(self):
        return {**super().get_config(), "seed": self.seed}


class GaussianNoise(_Noise):
    """Add ``N(0, stddev^2)`` noise while training, as ``keras.layers.GaussianNoise``.

    Parameters
    ----------
    stddev : float in [0, 1]
        Standard deviation of the noise.
    seed : int, optional

    Notes
    -----
    Training: ``A = A_prev + E`` with a fresh ``E ~ N(0, stddev^2)`` per element, so
    ``dA_prev = dA``. Inference: ``A = A_prev``.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> layer = gn.layers.GaussianNoise(0.1, seed=0)
    >>> layer(np.ones((1, 3))).tolist()  # inference: unchanged
    [[1.0, 1.0, 1.0]]
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(seed, **kwargs)
        if isinstance(stddev, bool) or not isinstance(stddev, (int, float)) \
                or not 0 <= stddev <= 1:
            raise ValueError(
                f"GaussianNoise '{self.name}' expects stddev in [0, 1], but got {stddev!r}."
            )
        self.stddev = float(stddev)

    def call(self, A_prev, training=False):
        self.noise = None
        if not training or self.stddev == 0:
            return A_prev
        rng = self.rng or backend.rng()
        self.noise = rng.normal(0.0, self.stddev, size=A_prev.shape).astype(A_prev.dtype)
        return A_prev + self.noise

    def call_backward(self, dA):
        return dA  # d(A_prev + E)/dA_prev = 1

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev}


class GaussianDropout(_Noise):
    """Multiply by ``N(1, rate / (1 - rate))`` noise while training, as Keras's layer.

    Parameters
    ----------
    rate : float in [0, 1)
        As for Dropout: the noise has standard deviation ``sqrt(rate / (1 - rate))``.
    seed : int, optional

    Notes
    -----
    Training: ``A = A_prev * M`` with a fresh ``M ~ N(1, rate / (1 - rate))`` per
    element, so ``dA_prev = dA * M``. Inference: ``A = A_prev``.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> gn.layers.GaussianDropout(0.2)(np.ones((1, 2))).tolist()  # inference: unchanged
    [[1.0, 1.0]]
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(seed, **kwargs)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate < 1:
            raise ValueError(
                f"GaussianDropout '{self.name}' expects rate in [0, 1), but got {rate!r}."
            )
        self.rate = float(rate)

    def call(self, A_prev, training=False):
        self.noise = None
        if not training or self.rate == 0:
            return A_prev
        rng = self.rng or backend.rng()
        stddev = math.sqrt(self.rate / (1.0 - self.rate))
        self.noise = rng.normal(1.0, stddev, size=A_prev.shape).astype(A_prev.dtype)
        return A_prev * self.noise

    def call_backward(self, dA):
        return dA if self.noise is None else dA * self.noise

    def get_config(self):
        return {**super().get_config(), "rate": self.rate}
