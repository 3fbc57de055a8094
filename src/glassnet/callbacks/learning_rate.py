"""Callbacks that change the optimizer's learning rate between epochs."""

import math
import numbers

from .. import _arguments
from ._monitor import MonitorCallback
from .base import Callback


class LearningRateScheduler(Callback):
    """Set the learning rate at the start of each epoch from ``schedule(epoch, lr)``.

    As ``keras.callbacks.LearningRateScheduler``: ``epoch`` counts from 0, ``lr``
    is the optimizer's current learning rate, and the function returns the new one
    (a one-argument ``schedule(epoch)`` is also accepted). The rate in use is
    added to the epoch logs as ``"learning_rate"``.

    Parameters
    ----------
    schedule : callable(epoch, lr) -> float
    verbose : int, default 0
        1 prints the learning rate set at each epoch.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("xor")
    >>> model = gn.Sequential([gn.layers.Dense(4, activation="tanh", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")
    >>> halve = gn.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5)
    >>> history = model.fit(X, y, epochs=3, verbose=0, callbacks=[halve])
    >>> [round(lr, 6) for lr in history.history["learning_rate"]]
    [0.0005, 0.00025, 0.000125]
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        if not callable(schedule):
            raise TypeError(
                f"LearningRateScheduler expects a function schedule(epoch, lr), but got "
                f"{schedule!r}."
            )
        self.schedule = schedule
        self.verbose = _arguments.whole(verbose, "verbose", "LearningRateScheduler")

    def on_epoch_begin(self, epoch, logs=None):
        optimizer = self.model.optimizer
        lr = float(optimizer.learning_rate)
        try:
            new_lr = self.schedule(epoch, lr)
        except TypeError:  # the older one-argument form schedule(epoch)
            new_lr = self.schedule(epoch)
        if isinstance(new_lr, bool) or not isinstance(new_lr, numbers.Real) \
                or not math.isfinite(new_lr):
            raise ValueError(
                f"The schedule of LearningRateScheduler must return a finite float, but "
                f"returned {new_lr!r} at epoch {epoch}."
            )
        optimizer.learning_rate = float(new_lr)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: LearningRateScheduler setting learning rate to "
                  f"{float(new_lr)}.")

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = float(self.model.optimizer.learning_rate)


class ReduceLROnPlateau(MonitorCallback):
    """Multiply the learning rate by ``factor`` when ``monitor`` stops improving.

    As ``keras.callbacks.ReduceLROnPlateau``.

    Parameters
    ----------
    monitor : str, default "val_loss"
    factor : float in (0, 1), default 0.1
        ``new_lr = max(lr * factor, min_lr)``.
    patience : int, default 10
        Epochs without improvement after which the rate is reduced.
    verbose : int, default 0
    mode : {"auto", "min", "max"}, default "auto"
        "auto": the loss goes down and a model's metric the way it says; any other
        name is maximised if it contains "acc", else minimised (as Keras).
    min_delta : float, default 1e-4
        Improvement means ``current < best - min_delta`` (min mode).
    cooldown : int, default 0
        Epochs after a reduction during which no waiting is counted.
    min_lr : float, default 0
        The rate is never reduced below this.

    Notes
    -----
    At each epoch end: during cooldown, the cooldown counter goes down and ``wait``
    is reset. An improvement resets ``wait``; otherwise, outside cooldown, ``wait``
    grows, and when it reaches ``patience`` (and ``lr > min_lr``) the rate is
    reduced, ``wait`` reset and the cooldown started. The rate in use is added to
    the epoch logs as ``"learning_rate"``.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("xor")
    >>> model = gn.Sequential([gn.layers.Dense(4, activation="tanh", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")
    >>> reduce = gn.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1)
    >>> _ = model.fit(X, y, epochs=3, verbose=0, callbacks=[reduce])
    """

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto",
                 min_delta=1e-4, cooldown=0, min_lr=0.0):
        super().__init__(monitor, mode, min_delta)
        factor = _arguments.real(factor, "factor", "ReduceLROnPlateau")
        min_lr = _arguments.real(min_lr, "min_lr", "ReduceLROnPlateau", 0)
        if not 0 < factor < 1:
            raise ValueError(
                f"ReduceLROnPlateau expects 0 < factor < 1 (new_lr = lr * factor), but got "
                f"factor={factor!r}."
            )
        patience = _arguments.whole(patience, "patience", "ReduceLROnPlateau")
        cooldown = _arguments.whole(cooldown, "cooldown", "ReduceLROnPlateau")
        verbose = _arguments.whole(verbose, "verbose", "ReduceLROnPlateau")
        self.factor, self.patience, self.verbose = factor, patience, verbose
        self.cooldown, self.min_lr = cooldown, min_lr
        self._reset()

    def _direction_of_unknown_name(self):
        """Keras's rule for any other name: maximised if it contains "acc", else minimised."""
        return "acc" not in self.monitor

    def _reset(self):
        self.lower_is_better = None  # decided at the first epoch end
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        optimizer = self.model.optimizer
        logs["learning_rate"] = float(optimizer.learning_rate)
        current = self.monitor_value(logs)
        if current is None:
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self.is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif self.cooldown_counter == 0:
            self.wait += 1
            if self.wait >= self.patience:
                old_lr = float(optimizer.learning_rate)
                if old_lr > self.min_lr:
                    new_lr = max(old_lr * self.factor, self.min_lr)
                    optimizer.learning_rate = new_lr
                    if self.verbose > 0:
                        print(f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing learning "
                              f"rate to {new_lr}.")
                    self.cooldown_counter = self.cooldown
                    self.wait = 0
