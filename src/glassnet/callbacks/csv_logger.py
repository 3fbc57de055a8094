"""CSVLogger: write each epoch's logs as a row of a CSV file."""

import csv
import os

from .. import _arguments
from .base import Callback


class CSVLogger(Callback):
    """Stream epoch results to a CSV file, as ``keras.callbacks.CSVLogger``.

    The first row is the header ``epoch`` followed by the log keys in sorted order
    (as Keras), e.g. ``epoch,accuracy,loss,val_accuracy,val_loss``; then one row per
    epoch, ``epoch`` counted from 0. A key missing in a later epoch is written
    ``NA``. The file is opened, appended to and closed at each epoch, so it is
    complete on disk even if training is interrupted.

    Parameters
    ----------
    filename : str or os.PathLike
    separator : str, default ","
    append : bool, default False
        Append to an existing file (writing no second header) instead of
        overwriting it: useful to continue training with ``initial_epoch``.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("xor")
    >>> model = gn.Sequential([gn.layers.Dense(4, activation="tanh", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")
    >>> _ = model.fit(X, y, epochs=2, verbose=0, callbacks=[gn.callbacks.CSVLogger("log.csv")])
    >>> open("log.csv").readline().strip()
    'epoch,loss'
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.filename = _arguments.path(filename, "filename", "CSVLogger")
        if not isinstance(separator, str) or len(separator) != 1:
            raise TypeError(f"CSVLogger expects separator to be one character such as ',' "
                            f"or ';', but got {separator!r}.")
        self.sep = separator
        self.append = _arguments.flag(append, "append", "CSVLogger")
        self.keys = None
        self._write_header = True

    def on_train_begin(self, logs=None):
        self.keys = None
        if self.append and os.path.exists(self.filename):
            with open(self.filename, encoding="utf-8") as f:
                self._write_header = not f.readline()
        else:
            self._write_header = True
            open(self.filename, "w", encoding="utf-8").close()  # start empty

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
        with open(self.filename, "a", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, delimiter=self.sep)
            if self._write_header:
                writer.writerow(["epoch", *self.keys])
                self._write_header = False
            writer.writerow([epoch, *(logs.get(key, "NA") for key in self.keys)])
