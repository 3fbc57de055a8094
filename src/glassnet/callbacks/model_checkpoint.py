"""ModelCheckpoint: save the model (or its weights) during training."""

import math
import os
import warnings

import numpy as np

from .. import _arguments
from ._monitor import MonitorCallback


class ModelCheckpoint(MonitorCallback):
    """Save the model after every epoch (or every ``save_freq`` batches).

    As ``keras.callbacks.ModelCheckpoint``. Files are written with ``model.save``
    (architecture, weights, optimizer state; load with
    ``glassnet.models.load_model``) or ``model.save_weights`` (load with
    ``model.load_weights``), both atomically: an interrupted save never leaves a
    half-written file. A model whose weights became NaN or inf (diverged training)
    is never written: the last good checkpoint stays (with a warning).

    Parameters
    ----------
    filepath : str or os.PathLike
        May hold format fields filled from ``epoch`` (counted from 1) and the
        epoch's logs, e.g. ``"model_{epoch:02d}_{val_loss:.3f}.glassnet"``
        (``batch`` too with an integer ``save_freq``). Missing folders are created.
    monitor : str, default "val_loss"
        The quantity that decides "best" with ``save_best_only``.
    verbose : int, default 0
        1 prints a line for each save decision.
    save_best_only : bool, default False
        Save only when ``monitor`` improves on the best value so far (a filepath
        without format fields then always holds the best model).
    save_weights_only : bool, default False
        Save only the weights.
    mode : {"auto", "min", "max"}, default "auto"
    save_freq : "epoch" or int, default "epoch"
        Save at each epoch end, or after every ``save_freq`` training batches. Any
        checkpoint resumes exactly: load it and call ``fit(..., initial_epoch=E)``
        with ``E = {epoch}`` for one written at an epoch end, ``{epoch} - 1`` for
        one written inside an epoch (that epoch goes on from the next batch).
    initial_value_threshold : float, optional
        With ``save_best_only``, a value the first save must beat.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("xor")
    >>> model = gn.Sequential([gn.layers.Dense(4, activation="tanh", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")
    >>> best = gn.callbacks.ModelCheckpoint("best.glassnet", monitor="loss", save_best_only=True)
    >>> _ = model.fit(X, y, epochs=3, verbose=0, callbacks=[best])
    >>> gn.models.load_model("best.glassnet").count_params() == model.count_params()
    True
    """

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False,
                 save_weights_only=False, mode="auto", save_freq="epoch",
                 initial_value_threshold=None):
        super().__init__(monitor, mode)
        self.filepath = _arguments.path(filepath, "filepath", "ModelCheckpoint")
        self.verbose = _arguments.whole(verbose, "verbose", "ModelCheckpoint")
        self.save_best_only = _arguments.flag(save_best_only, "save_best_only",
                                              "ModelCheckpoint")
        self.save_weights_only = _arguments.flag(save_weights_only, "save_weights_only",
                                                 "ModelCheckpoint")
        if save_freq != "epoch" and (isinstance(save_freq, bool)
                                     or not isinstance(save_freq, int) or save_freq < 1):
            raise ValueError(
                f"ModelCheckpoint expects save_freq='epoch' or a positive number of "
                f"batches, but got {save_freq!r}."
            )
        self.save_freq = save_freq
        self.best = _arguments.real(initial_value_threshold, "initial_value_threshold",
                                    "ModelCheckpoint", none_ok=True)
        self._batches_since_save = 0
        self._epoch = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        self._batches_since_save += 1
        if self._batches_since_save >= self.save_freq:
            self._batches_since_save = 0
            self._save(self._epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save(epoch, None, logs)

    def _save(self, epoch, batch, logs):
        logs = logs or {}
        filepath = self._format_path(epoch, batch, logs)
        if not self._weights_are_finite():  # diverged: keep the last good file
            warnings.warn(
                f"ModelCheckpoint: at epoch {epoch + 1} the model's weights hold NaN or inf "
                f"(training diverged), so {filepath} was not written; the last good "
                "checkpoint, if any, is kept.", stacklevel=3)
            return
        if self.save_best_only:
            current = self.monitor_value(logs)
            if current is not None and not math.isfinite(current):
                self._say(epoch, f"{self.monitor} is {current}: not saved")
                return
            if current is None:  # cannot tell: save, as Keras does
                warnings.warn(f"Can save best model only with {self.monitor} available.",
                              stacklevel=3)
            elif self.is_improvement(current, self.best):
                self._say(epoch, f"{self.monitor} improved from {self._best_text()} to "
                                 f"{current:.5f}, saving model to {filepath}")
                self.best = current
            else:
                self._say(epoch, f"{self.monitor} did not improve from {self._best_text()}")
                return
        else:
            self._say(epoch, f"saving model to {filepath}")
        folder = os.path.dirname(filepath)
        if folder:
            os.makedirs(folder, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath)
        else:
            self.model.save(filepath)

    def _weights_are_finite(self):
        return all(np.all(np.isfinite(w)) for w in self.model.weights)

    def _format_path(self, epoch, batch, logs):
        fields = dict(logs)
        if batch is not None:
            fields["batch"] = batch + 1
        fields["epoch"] = epoch + 1
        try:
            return self.filepath.format(**fields)
        except (KeyError, IndexError, ValueError) as error:
            raise ValueError(
                f"ModelCheckpoint could not fill the filepath {self.filepath!r}: {error!r}. "
                f"Available fields: epoch, {', '.join(logs)}."
            ) from None

    def _best_text(self):
        return "None" if self.best is None else f"{self.best:.5f}"

    def _say(self, epoch, text):
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: {text}")
