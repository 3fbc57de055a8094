"""One progress bar over all epochs, with the latest losses (for the command line)."""

from ..callbacks import Callback


class EpochBar(Callback):
    """A rich progress bar that advances once per epoch and shows the epoch's logs."""

    def __init__(self, console):
        super().__init__()
        self.console = console
        self._progress = None

    def on_train_begin(self, logs=None):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(TextColumn("Epoch"), MofNCompleteColumn(),
                                  BarColumn(bar_width=20), TextColumn("{task.fields[logs]}"),
                                  console=self.console)
        self._progress.start()
        self._task = self._progress.add_task("", total=self.params.get("epochs"), logs="")

    def on_epoch_end(self, epoch, logs=None):
        text = " ".join(f"{k.replace('accuracy', 'acc').replace('_in_target_units', '')} "
                        f"{v:.3g}{' (units)' if k.endswith('_in_target_units') else ''}"
                        for k, v in (logs or {}).items())
        self._progress.update(self._task, completed=epoch + 1, logs=text)

    def on_train_end(self, logs=None):
        if self._progress is not None:
            self._progress.stop()
            self._progress = None



class TargetUnits(Callback):
    """Adds each epoch's MAE in the target's own units to the logs (regression).

    The network learns the standardized target ``z = (t - mean) / std``, so
    ``|t - t_hat| = std |z - z_hat|``: ``mae_in_target_units = std * mae``, exactly.
    """

    def __init__(self, std):
        super().__init__()
        self.std = float(std)

    def on_epoch_end(self, epoch, logs=None):
        for key in ("mae", "val_mae"):
            if logs is not None and key in logs:
                logs[f"{key}_in_target_units"] = logs[key] * self.std
