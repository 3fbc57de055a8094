"""TabularPipeline: a table in, the network's inputs out, and its outputs back.

One object, shared by ``glassnet train`` and Python, saved inside the model file::

    frame --encoder--> X --standardize--> Z = (X - mean) / scale     network input
    target ----------> y: class indices 0..k-1, or (t - mean_t) / scale_t (regression)
    network output A --> probabilities (classification) or A * scale_t + mean_t

The encoder (``TabularEncoder``) picks the column types, drops identifiers, expands
dates, imputes and one-hot encodes; every statistic (fill values, categories,
means and standard deviations of ``X`` and of the target) comes from one pass over
the training table, whole or in chunks. A model with ``model.pipeline`` set predicts
straight from a DataFrame: ``model.predict(frame)``, in the target's own units.

>>> pipeline = gn.datasets.TabularPipeline("price").fit(train_frame)
>>> Z, y = pipeline.transform(train_frame), pipeline.encode_target(train_frame["price"])
>>> model.fit(Z, y, ...); model.pipeline = pipeline; model.save("house.glassnet")
>>> gn.models.load_model("house.glassnet").predict(new_frame)   # prices
"""

import numpy as np

from .. import preprocessing
from .encoding import TabularEncoder


class TabularPipeline:
    """Encoding, imputation, scaling and target encoding of a table.

    Parameters
    ----------
    target : str
        The column to predict.
    task, ignore, max_categories, dates, unseen, missing_target
        As ``TabularEncoder``.
    impute : {None, "mean", "median"}, default "mean"
        How missing feature values are filled (None: an error naming their rows).
    scale : bool, default True
        Standardize every input with the training rows' mean and standard deviation.
    scale_target : bool, default True
        For regression, the network learns the standardized target; ``decode``
        turns its outputs back into the target's units.
    rows : callable or None
        ``rows(i)`` describes row ``i`` in messages (``"line 7"``).

    Examples
    --------
    >>> import pandas as pd
    >>> import glassnet as gn
    >>> frame = pd.DataFrame({"age": [30, 40, None, 60], "city": ["a", "b", "a", " b"],
    ...                       "sick": ["no", "yes", "no", "yes"]})
    >>> pipeline = gn.datasets.TabularPipeline(target="sick", impute="mean").fit(frame)
    >>> pipeline.feature_names          # ' b' is the category 'b' (spaces stripped)
    ['age', 'city=a', 'city=b']
    >>> pipeline.transform(frame).shape, pipeline.encode_target(frame["sick"]).ravel().tolist()
    ((4, 3), [0, 1, 0, 1])
    """

    def __init__(self, target, task="auto", impute="mean", ignore=(), max_categories=50,
                 dates="expand", unseen="error", missing_target="error", scale=True,
                 scale_target=True, rows=None):
        self.encoder = TabularEncoder(target, task=task, impute=impute, ignore=ignore,
                                      rows=rows, max_categories=max_categories, dates=dates,
                                      unseen=unseen, missing_target=missing_target)
        self.scale, self.scale_target = bool(scale), bool(scale_target)
        self.x_scaler = self.y_scaler = None

    # --- fitting ------------------------------------------------------------------
    def fit(self, frame):
        """Learn every statistic from the training table ``frame``; returns ``self``."""
        return self.fit_chunks([frame])

    def fit_chunks(self, chunks):
        """``fit`` in one pass over DataFrame chunks (a file larger than memory)."""
        encoder = self.encoder.fit_chunks(chunks)
        if self.scale:
            mean, var = np.array(encoder.moments, dtype=np.float64).reshape(-1, 2).T
            self.x_scaler = preprocessing.Standardizer.from_moments(mean, var)
        if encoder.task == "regression" and self.scale_target:
            mean, var = encoder.target_moments
            self.y_scaler = preprocessing.Standardizer.from_moments([mean], [var])
        return self

    # --- what it learned ----------------------------------------------------------
    @property
    def target(self):
        return self.encoder.target

    @property
    def task(self):
        return self.encoder.task

    @property
    def classes(self):
        return self.encoder.classes

    @property
    def feature_names(self):
        return self.encoder.feature_names

    @property
    def rows(self):
        return self.encoder.rows

    @rows.setter
    def rows(self, rows):
        self.encoder.rows = rows

    def decisions(self):
        """Every choice made about the data, one sentence each (also the scaling)."""
        lines = self.encoder.decisions()
        if self.scale:
            lines.append(f"Standardized all {len(self.feature_names)} inputs with the "
                         "training rows' mean and standard deviation.")
        if self.y_scaler is not None:
            lines.append(f"The network learns the standardized target (mean "
                         f"{self.y_scaler.mean_[0]:.4g}, std {self.y_scaler.scale_[0]:.4g}); "
                         "predictions and metrics are in the target's own units.")
        return lines

    # --- using it -----------------------------------------------------------------
    def transform(self, frame, unseen=None):
        """The network's inputs ``Z (m, n_features)`` for the rows of ``frame``."""
        X = self.encoder.transform(frame, unseen=unseen)
        return self.x_scaler.transform(X) if self.x_scaler is not None else X

    def encode_target(self, series):
        """The targets the network learns: class indices (m,), or standardized floats."""
        y = self.encoder.encode_target(series)
        return self.y_scaler.transform(y) if self.y_scaler is not None else y

    def target_units(self, y):
        """Targets from ``encode_target`` (or network outputs) back in the target's units."""
        y = np.asarray(y, dtype=np.float64)
        return self.y_scaler.inverse_transform(y.reshape(-1)).reshape(y.shape) \
            if self.y_scaler is not None else y

    def predict(self, model, frame, batch_size=None, unseen=None):
        """``model``'s outputs for ``frame``: probabilities as the network gives them
        (classification), or values (m, n_outputs) in the target's units."""
        A = model.predict(self.transform(frame, unseen=unseen), batch_size=batch_size)
        A = np.asarray(A, dtype=np.float64)
        return self.target_units(A) if self.task == "regression" else A

    def probabilities(self, A):
        """``P (m, k)``: one column per class (``[1 - a, a]`` from one sigmoid output)."""
        A = np.asarray(A, dtype=np.float64)
        return np.column_stack([1 - A[:, 0], A[:, 0]]) if A.shape[1] == 1 else A

    def labels(self, A):
        """The predicted class labels (classification) or values (regression), (m,)."""
        if self.task == "regression":
            return np.asarray(A, dtype=np.float64)[:, 0]
        index = self.probabilities(A).argmax(axis=1)
        return np.array(self.classes, dtype=object)[index]

    # --- saving -------------------------------------------------------------------
    def get_config(self):
        """JSON-ready state: the encoder's and the scalers' statistics (no pickle)."""
        return {"encoder": self.encoder.get_config(), "scale": self.scale,
                "scale_target": self.scale_target,
                "x_scaler": self.x_scaler and self.x_scaler.get_config(),
                "y_scaler": self.y_scaler and self.y_scaler.get_config()}

    @classmethod
    def from_config(cls, config):
        pipeline = cls.__new__(cls)
        pipeline.encoder = TabularEncoder.from_config(config["encoder"])
        pipeline.scale, pipeline.scale_target = config["scale"], config["scale_target"]
        scaler = preprocessing.Standardizer.from_config
        pipeline.x_scaler = config["x_scaler"] and scaler(config["x_scaler"])
        pipeline.y_scaler = config["y_scaler"] and scaler(config["y_scaler"])
        return pipeline

    def __repr__(self):
        if not self.encoder.columns:
            return f"TabularPipeline(target={self.target!r}, unfitted)"
        return (f"TabularPipeline(target={self.target!r}, task={self.task!r}, "
                f"{len(self.encoder.columns)} columns -> {len(self.feature_names)} inputs)")
