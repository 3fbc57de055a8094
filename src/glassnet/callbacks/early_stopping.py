"""EarlyStopping: stop training when a monitored quantity stops improving."""

from .. import _arguments
from ._monitor import MonitorCallback


class EarlyStopping(MonitorCallback):
    """Stop training when ``monitor`` has not improved for ``patience`` epochs.

    As ``keras.callbacks.EarlyStopping``, with one difference (below).

    Parameters
    ----------
    monitor : str, default "val_loss"
        A key of the epoch logs: ``"loss"``, ``"val_loss"``, ``"val_accuracy"``...
    min_delta : float, default 0
        A change smaller than this (in absolute value) is not an improvement.
    patience : int, default 0
        Epochs without improvement after which training stops.
    verbose : int, default 0
        1 prints a line when training stops and when weights are restored.
    mode : {"auto", "min", "max"}, default "auto"
        Whether lower or higher is better; "auto" decides from the name.
    baseline : float, optional
        Training stops after ``patience`` epochs unless the quantity beats this value.
    restore_best_weights : bool, default False
        At the end of training, set the model's weights to those of the best epoch.
    start_from_epoch : int, default 0
        Epochs to wait (warm-up) before watching the quantity.

    Notes
    -----
    Epoch ``e`` (counted from 0) improves when ``current < best - min_delta`` (or
    ``>`` ... ``+`` in max mode). ``wait`` counts the epochs since the last
    improvement that also beat the baseline; training stops at the end of the
    first epoch ``e > 0`` where ``wait >= patience``. ``stopped_epoch`` is that
    epoch (0 if training was not stopped) and ``best_epoch`` the best one.

    **Difference from tf.keras / Keras 2:** with ``restore_best_weights=True`` the
    best weights are restored whenever training ends, also when it runs to its last
    epoch without stopping early, or is stopped by another callback. tf.keras
    restores them only when EarlyStopping itself stops the training (a long-standing
    complaint: keras-team/keras#12511, tf-keras#493); the current Keras 3 source
    restores in ``on_train_end`` as glassnet does.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("xor")
    >>> model = gn.Sequential([gn.layers.Dense(4, activation="tanh", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")
    >>> stop = gn.callbacks.EarlyStopping(monitor="loss", patience=2, restore_best_weights=True)
    >>> history = model.fit(X, y, epochs=500, verbose=0, callbacks=[stop])
    >>> len(history.epoch) <= 500
    True
    """

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
                 baseline=None, restore_best_weights=False, start_from_epoch=0):
        super().__init__(monitor, mode, min_delta)
        self.patience = _arguments.whole(patience, "patience", "EarlyStopping")
        self.verbose = _arguments.whole(verbose, "verbose", "EarlyStopping")
        start_from_epoch = _arguments.whole(start_from_epoch, "start_from_epoch",
                                            "EarlyStopping")
        self.baseline = _arguments.real(baseline, "baseline", "EarlyStopping", none_ok=True)
        self.restore_best_weights = _arguments.flag(restore_best_weights,
                                                    "restore_best_weights", "EarlyStopping")
        self.start_from_epoch = start_from_epoch
        self._reset()

    def _reset(self):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_epoch = 0
        self.best_weights = None

    def on_train_begin(self, logs=None):
        self._reset()  # an instance can be reused for another fit

    def on_epoch_end(self, epoch, logs=None):
        current = self.monitor_value(logs)
        if self.best is None:
            self.best = self.worst()
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()  # nothing better seen yet
            self.best_epoch = epoch
        self.wait += 1
        if self.is_improvement(current, self.best):
            self.best, self.best_epoch = current, epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self.is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print(f"Restoring model weights from the end of the best epoch: "
                      f"{self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)
