"""Training progress on the terminal: a rich progress bar (verbose=1) or a line (2)."""

import time

import numpy as np

from .base import Callback


def _has_ipywidgets():
    """rich draws live bars in notebooks only through ipywidgets."""
    import importlib.util

    return importlib.util.find_spec("ipywidgets") is not None


def format_logs(logs):
    # A per-class metric (F1Score(average=None)) shows its mean, as Keras's progress bar.
    return " - ".join(f"{k}: {float(np.mean(v)):.4f}" for k, v in logs.items())


class ProgbarLogger(Callback):
    """Shows each epoch's progress, as Keras does.

    ``verbose=1``: on a terminal (or in a notebook with ipywidgets), a progress bar
    over the epoch's batches with the running logs (redrawn at most 10 times a
    second); elsewhere (a log file, CI) one full line per epoch. ``verbose=2``: one
    line per epoch.

    Parameters
    ----------
    verbose : int
        1 for a progress bar, 2 for one line per epoch.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("xor")
    >>> model = gn.Sequential([gn.layers.Dense(4, activation="tanh", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")
    >>> _ = model.fit(X, y, epochs=2, verbose=0, callbacks=[gn.callbacks.ProgbarLogger(2)])
    Epoch 1/2 - 1 step - ... - loss: ...
    Epoch 2/2 - 1 step - ... - loss: ...
    """

    REFRESH_SECONDS = 0.1

    def __init__(self, verbose=1):
        super().__init__()
        self.verbose = verbose
        self._progress = None

    def on_train_begin(self, logs=None):
        from rich.console import Console

        console = Console()
        live = console.is_terminal or (console.is_jupyter and _has_ipywidgets())
        self._bar = self.verbose == 1 and live

    def on_epoch_begin(self, epoch, logs=None):
        self._start = self._last_draw = time.perf_counter()
        if self._bar:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._progress = Progress(
                TextColumn(f"Epoch {epoch + 1}/{self.params.get('epochs')}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[logs]}"),
                refresh_per_second=10,
            )
            self._progress.start()
            self._task = self._progress.add_task("", total=self.params.get("steps"), logs="")

    def on_train_batch_end(self, batch, logs=None):
        if self._progress is None:
            return
        now = time.perf_counter()
        if now - self._last_draw >= self.REFRESH_SECONDS:
            self._last_draw = now
            self._progress.update(self._task, completed=batch + 1, logs=format_logs(logs or {}))

    def on_epoch_end(self, epoch, logs=None):
        if self._progress is not None:
            self._progress.update(self._task, completed=self.params.get("steps"),
                                  logs=format_logs(logs or {}))
            self._progress.stop()
            self._progress = None
            return
        seconds = time.perf_counter() - self._start
        steps = self.params.get("steps")
        print(
            f"Epoch {epoch + 1}/{self.params.get('epochs')} - {steps} "
            f"step{'' if steps == 1 else 's'} - {seconds:.2f}s - {format_logs(logs or {})}",
            flush=True,
        )

    def on_train_end(self, logs=None):
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
