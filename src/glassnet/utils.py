"""Utilities: seeding, one-hot encoding, batch sequences and gradient checking."""

import random

import numpy as np

from . import backend
from .gradcheck import GradientCheckResult, check_gradients
from .layers.base import reset_names


def set_random_seed(seed):
    """Seed glassnet's generator, NumPy's global one and Python's ``random``.

    After this, weight initialisation, shuffling and dropout repeat bit for bit.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"set_random_seed expects a non-negative integer, but got {seed!r}.")
    random.seed(int(seed))
    np.random.seed(int(seed))
    backend._set_global_rng(int(seed))


def clear_session():
    """Restart layer naming (``dense``, ``dense_1``...) as a fresh Keras session."""
    reset_names()


def to_categorical(y, num_classes=None, dtype=None):
    """One-hot encode integer labels ``(m,)`` into ``(m, num_classes)``."""
    labels = np.asarray(y).reshape(-1)
    if labels.size and (np.any(labels < 0) or np.any(labels != np.round(labels))):
        raise ValueError(
            f"to_categorical expects integer labels >= 0, but got values such as "
            f"{labels[:3].tolist()}."
        )
    labels = labels.astype(np.intp)
    n = int(labels.max()) + 1 if num_classes is None else int(num_classes)
    if labels.size and labels.max() >= n:
        raise ValueError(f"Label {labels.max()} does not fit num_classes={n}.")
    out = np.zeros((labels.size, n), dtype=backend.standardize_dtype(dtype))
    out[np.arange(labels.size), labels] = 1
    return out


class Sequence:
    """A data set of batches: ``len(seq)`` batches, ``seq[i]`` -> ``(x, y)``.

    Subclass it to feed ``fit`` data that does not fit in memory, as
    ``keras.utils.Sequence`` (``PyDataset``). ``on_epoch_end`` runs after each epoch.
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
