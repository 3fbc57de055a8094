"""Training progress on the terminal: a rich progress bar (verbose=1) or a line (2)."""

import time

from .base import Callback


def format_logs(logs):
    return " - ".join(f"{k}: {v:.4f}" for k, v in logs.items())


class ProgbarLogger(Callback):
    """Shows each epoch's progress, as Keras does.

    ``verbose=1``: a progress bar over the epoch's batches, with the running logs.
    ``verbose=2``: one line per epoch with its time and logs.
    """

    def __init__(self, verbose=1):
        super().__init__()
        self.verbose = verbose
        self._progress = None

    def on_epoch_begin(self, epoch, logs=None):
        self._start = time.perf_counter()
        self._epoch = epoch
        if self.verbose == 1:
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
            )
            self._progress.start()
            self._task = self._progress.add_task("", total=self.params.get("steps"), logs="")

    def on_train_batch_end(self, batch, logs=None):
        if self._progress is not None:
            self._progress.update(self._task, advance=1, logs=format_logs(logs or {}))

    def on_epoch_end(self, epoch, logs=None):
        if self._progress is not None:
            self._progress.update(self._task, logs=format_logs(logs or {}))
            self._progress.stop()
            self._progress = None
        elif self.verbose == 2:
            seconds = time.perf_counter() - self._start
            print(
                f"Epoch {epoch + 1}/{self.params.get('epochs')} - {seconds:.2f}s - "
                f"{format_logs(logs or {})}",
                flush=True,
            )

    def on_train_end(self, logs=None):
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
