"""Dataset: the arrays of a data set together with what they mean."""

import numpy as np

TASKS = ("binary", "multiclass", "regression")


class Dataset:
    """Features, targets and their description, as every loader returns them.

    A Dataset unpacks like a scikit-learn loader's ``(X, y)``::

        X, y = gn.datasets.load_iris()

    Parameters
    ----------
    X : ndarray of shape (m, n_features)
        One row per example, float.
    y : ndarray of shape (m,)
        Class indices ``0 .. k-1`` for classification, floats for regression.
    name : str
        Short name (``"iris"``, the file name of a CSV...).
    feature_names : list of str
        One name per column of ``X`` (one-hot columns are named ``column=value``).
    target_name : str
        What ``y`` measures.
    task : {"binary", "multiclass", "regression"}
    classes : list or None
        The original label of each class index (``classes[y[i]]``), or None.
    description : str
        One line about the data.
    encoder : TabularEncoder or None
        For a CSV: how its columns became ``X`` and ``y`` (used again to predict).
    frame : pandas.DataFrame or None
        For a CSV: the rows as read.
    """

    def __init__(self, X, y, name, feature_names, target_name, task, classes=None,
                 description="", encoder=None, frame=None):
        if task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}, but got {task!r}.")
        self.X = np.asarray(X, dtype=np.float64)
        self.y = np.asarray(y)
        self.name = name
        self.feature_names = list(feature_names)
        self.target_name = target_name
        self.task = task
        self.classes = None if classes is None else list(classes)
        self.description = description
        self.encoder = encoder
        self.frame = frame

    def __iter__(self):
        yield self.X
        yield self.y

    def __len__(self):
        return len(self.X)

    @property
    def n_classes(self):
        """Number of classes (None for regression)."""
        return None if self.classes is None else len(self.classes)

    def __repr__(self):
        m, n = self.X.shape
        extra = f", classes={self.classes}" if self.classes is not None else ""
        return (f"Dataset({self.name!r}: {m} examples x {n} features, target "
                f"{self.target_name!r}, task={self.task!r}{extra})")
