"""The model file of a ``glassnet train`` run: model + how to encode its data.

Besides the network, the file's ``extra`` section (see ``glassnet.saving``) keeps:

- ``encoder``: the feature columns, one-hot categories, fill values, the target
  column, the task and the class labels (``TabularEncoder.get_config``),
- ``x_scaler``: the Standardizer statistics of the features (training split),
- ``y_scaler``: for regression, the statistics of the target (the network learns the
  standardized target; predictions are turned back into the target's units),
- ``data``: where the training data came from.
"""

import numpy as np

from ._errors import UserError

KIND = "glassnet-cli-model"


def save_bundle(model, path, encoder, x_scaler, y_scaler, data_name):
    from ..saving import save_model

    extra = {"kind": KIND, "encoder": encoder.get_config(), "x_scaler": x_scaler.get_config(),
             "y_scaler": None if y_scaler is None else y_scaler.get_config(),
             "data": data_name}
    save_model(model, path, extra=extra)


class Bundle:
    """A loaded model with its encoder and scalers.

    ``model``: the model already loaded from ``path``, so that the file is read once
    (None: load it here).
    """

    def __init__(self, path, model=None):
        from ..datasets import TabularEncoder
        from ..preprocessing import Standardizer
        from ..saving import load_model

        self.model = load_model(path) if model is None else model
        extra = getattr(self.model, "saved_extra", {}) or {}
        if extra.get("kind") != KIND:
            raise UserError(
                f"{path!r} is a glassnet model, but it was not saved by 'glassnet train', so "
                "it does not know which columns to read. Train it with 'glassnet train', or "
                "use it from Python (gn.models.load_model)."
            )
        self.encoder = TabularEncoder.from_config(extra["encoder"])
        self.x_scaler = Standardizer.from_config(extra["x_scaler"])
        self.y_scaler = extra.get("y_scaler") and Standardizer.from_config(extra["y_scaler"])
        self.task = self.encoder.task

    def features(self, frame):
        """Encoded and standardized features of ``frame``: shape (m, n_features).

        ``encoder.transform`` refuses NaN, inf and numbers beyond float32, naming the
        column and the line.
        """
        return self.x_scaler.transform(self.encoder.transform(frame))

    def predict(self, frame):
        """``(probabilities or None, predictions)`` in the target's own terms.

        Classification: probabilities (m, k) and class indices (m,). Regression:
        None and values (m,) in the target's units.
        """
        return outputs(self.model, self.features(frame), self.task, self.y_scaler)


def outputs(model, Z, task, y_scaler=None):
    """Turn the network's outputs on standardized inputs ``Z`` into predictions."""
    A = np.asarray(model.predict(Z, batch_size=1024), dtype=np.float64)
    if task == "regression":
        values = A[:, 0]
        return None, (y_scaler.inverse_transform(values) if y_scaler else values)
    if task == "binary":
        P = np.column_stack([1 - A[:, 0], A[:, 0]])
    else:
        P = A
    return P, P.argmax(axis=1)


def load_with_data(model_path, data):
    """``(bundle, frame, info)``: the model file and the data (CSV or built-in) to use it on."""
    from ._data import read_data

    bundle = Bundle(model_path)
    frame, rows, info = read_data(data)
    bundle.encoder.rows = rows
    return bundle, frame, info
