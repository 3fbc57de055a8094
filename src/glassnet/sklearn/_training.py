"""Helpers the estimators share: a seeded generator for glassnet, early stopping."""

import numpy as np

from ..callbacks import Callback


def generator_from(random_state):
    """A NumPy ``Generator`` seeded from scikit-learn's ``random_state`` convention.

    ``None`` gives fresh randomness, an int a fixed stream, a ``RandomState`` the
    next number it draws (as scikit-learn estimators read it).
    """
    from sklearn.utils import check_random_state

    seed = check_random_state(random_state).randint(np.iinfo(np.int32).max)
    return np.random.default_rng(seed)


class ValidationEarlyStopping(Callback):
    """Stop when ``val_loss`` has not improved by ``tol`` for ``patience`` epochs.

    At the end of training the weights of the best epoch are put back, as
    ``MLPClassifier(early_stopping=True)`` and Keras's
    ``EarlyStopping(restore_best_weights=True)`` do.
    """

    def __init__(self, patience, tol):
        super().__init__()
        self.patience, self.tol = patience, tol

    def on_train_begin(self, logs=None):
        self.best_loss, self.best_epoch = np.inf, None
        self.best_weights, self.wait = None, 0

    def on_epoch_end(self, epoch, logs=None):
        val_loss = (logs or {}).get("val_loss")
        if val_loss is None:
            return
        if val_loss < self.best_loss - self.tol:
            self.best_loss, self.best_epoch = val_loss, epoch
            self.best_weights, self.wait = self.model.get_weights(), 0
        else:
            self.wait += 1
            if self.wait >= self.patience:
                self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.best_weights is not None:
            self.model.set_weights(self.best_weights)
