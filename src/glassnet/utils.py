"""Utilities: seeding, one-hot encoding, batch sequences and gradient checking."""

import random

import numpy as np

from . import _arguments, backend
from .gradcheck import GradientCheckResult, check_gradients
from .layers.base import reset_names


def set_random_seed(seed):
    """Seed glassnet's generator, NumPy's global one and Python's ``random``.

    After this, weight initialisation, shuffling and dropout repeat bit for bit.

    Parameters
    ----------
    seed : int
        Any non-negative integer.

    Examples
    --------
    >>> import glassnet as gn
    >>> def first_kernel():
    ...     gn.utils.set_random_seed(42)
    ...     model = gn.Sequential([gn.layers.Dense(3, input_shape=(2,))])
    ...     return model.get_weights()[0]
    >>> bool((first_kernel() == first_kernel()).all())
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"set_random_seed expects a non-negative integer, but got {seed!r}.")
    random.seed(int(seed))
    np.random.seed(int(seed))
    backend._set_global_rng(int(seed))


def clear_session():
    """Restart layer naming (``dense``, ``dense_1``...) as a fresh Keras session.

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.utils.clear_session()
    >>> gn.layers.Dense(1).name, gn.layers.Dense(1).name
    ('dense', 'dense_1')
    """
    reset_names()


def to_categorical(y, num_classes=None, dtype=None):
    """One-hot encode integer labels ``(m,)`` into ``(m, num_classes)``.

    Parameters
    ----------
    y : array of int, shape (m,)
        Class labels ``0 .. num_classes - 1``.
    num_classes : int, optional
        Number of columns; default ``max(y) + 1``.
    dtype : str, optional
        Default ``floatx()``.

    Returns
    -------
    array, shape (m, num_classes)

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.utils.to_categorical([0, 2, 1])
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]], dtype=float32)
    """
    labels = np.asarray(y).reshape(-1)
    if labels.dtype.kind not in "iufb":
        raise TypeError(f"to_categorical expects integer labels, but got values such as "
                        f"{labels[:3].tolist()} ({labels.dtype}); encode text labels first "
                        "(e.g. numpy.unique(y, return_inverse=True)).")
    if labels.size and (np.any(labels < 0) or np.any(labels != np.round(labels))):
        raise ValueError(
            f"to_categorical expects integer labels >= 0, but got values such as "
            f"{labels[:3].tolist()}."
        )
    labels = labels.astype(np.intp)
    n = int(labels.max()) + 1 if num_classes is None else \
        _arguments.whole(num_classes, "num_classes", "to_categorical", 1)
    if labels.size and labels.max() >= n:
        raise ValueError(f"Label {labels.max()} does not fit num_classes={n}.")
    out = np.zeros((labels.size, n), dtype=backend.standardize_dtype(dtype))
    out[np.arange(labels.size), labels] = 1
    return out


class Sequence:
    """A data set of batches: ``len(seq)`` batches, ``seq[i]`` -> ``(x, y)``.

    Subclass it to feed ``fit`` data that does not fit in memory, as
    ``keras.utils.Sequence`` (``PyDataset``). ``on_epoch_end`` runs after each epoch.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> class Batches(gn.utils.Sequence):
    ...     def __len__(self):
    ...         return 4
    ...     def __getitem__(self, i):
    ...         x = np.full((8, 2), i, dtype="float32")
    ...         return x, x.sum(axis=1)
    >>> model = gn.Sequential([gn.layers.Dense(1, input_shape=(2,))])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> len(model.fit(Batches(), epochs=2, verbose=0).history["loss"])
    2
    """

    def __len__(self):
        raise NotImplementedError

    def __getitem__(self, index):
        raise NotImplementedError

    def on_epoch_end(self):
        pass


PyDataset = Sequence

__all__ = [
    "set_random_seed", "clear_session", "to_categorical", "check_gradients",
    "GradientCheckResult", "Sequence", "PyDataset",
]
