"""Dropout: randomly silence units while training (inverted dropout, as Keras)."""


from .. import _arguments, backend
from .base import Layer


class Dropout(Layer):
    """Set a fraction ``rate`` of the inputs to 0 during training.

    Inverted dropout: the kept units are scaled by ``1 / (1 - rate)`` while
    training, so at inference the layer is the identity (the slides' "multiply the
    weights by p at test time" gives the same expected values).

    Notes
    -----
    Training forward, with a fresh mask ``M`` (each entry 1 with probability
    ``1 - rate``)::

        A = A_prev * M / (1 - rate)

    Backward: ``dA_prev = dA * M / (1 - rate)``.

    Parameters
    ----------
    rate : float
        Fraction of the inputs set to 0, in ``[0, 1)``.
    noise_shape : tuple, optional
        As Keras: a shape whose 1s share one mask value along that axis.
    seed : int, optional
        Seed of the layer's own generator (else glassnet's global one).

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> layer = gn.layers.Dropout(0.5, seed=0)
    >>> A = layer(np.ones((1, 6)), training=True)    # kept values are scaled by 1 / (1 - rate)
    >>> sorted(set(A.ravel().tolist()))
    [0.0, 2.0]
    >>> layer(np.ones((1, 6)))                       # not training: the identity
    array([[1., 1., 1., 1., 1., 1.]], dtype=float32)
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0 <= rate < 1:
            raise ValueError(
                f"Dropout '{self.name}' expects rate in [0, 1), but got {rate!r}."
            )
        if noise_shape is not None:
            raise ValueError("Dropout noise_shape is not supported; leave it as None.")
        self.rate = float(rate)
        self.seed = _arguments.whole(seed, "seed", f"Dropout '{self.name}'", none_ok=True)
        self.rng = backend.seed_generator(seed) if seed is not None else None

    def call(self, A_prev, training=False):
        if not training or self.rate == 0:
            self.mask = None
            return A_prev
        rng = self.rng or backend.rng()
        keep = 1.0 - self.rate
        self.mask = (rng.random(A_prev.shape) < keep).astype(A_prev.dtype) / keep
        return A_prev * self.mask

    def call_backward(self, dA):
        return dA if self.mask is None else dA * self.mask

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
