"""TerminateOnNaN: stop training at the first batch whose loss is NaN or infinite."""

import math

from .. import _arguments
from .base import Callback


class TerminateOnNaN(Callback):
    """Stop training when a batch's loss is NaN or infinite, as Keras.

    glassnet's ``fit`` already stops (with a warning naming the likely causes) when
    the loss becomes non-finite; this callback adds Keras's message, and with
    ``raise_error=True`` raises instead, so that no later callback's
    ``on_train_end`` runs.

    Parameters
    ----------
    raise_error : bool, default False
        Raise a ``RuntimeError`` instead of setting ``model.stop_training``.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("xor")
    >>> model = gn.Sequential([gn.layers.Dense(4, activation="tanh", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")
    >>> _ = model.fit(X, y, epochs=2, verbose=0, callbacks=[gn.callbacks.TerminateOnNaN()])
    """

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = _arguments.flag(raise_error, "raise_error", "TerminateOnNaN")

    def on_train_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None or math.isfinite(loss):
            return
        if self.raise_error:
            raise RuntimeError(
                f"NaN or Inf loss encountered at batch {batch}. Loss value: {loss}. "
                "Terminating training immediately."
            )
        print(f"Batch {batch}: Invalid loss, terminating training")
        self.model.stop_training = True
