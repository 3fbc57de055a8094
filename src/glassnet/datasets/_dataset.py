"""Dataset: the arrays of a data set together with what they mean."""

import numpy as np

TASKS = ("binary", "multiclass", "regression")


class Dataset:
    """Features, targets and their description, as every loader returns them.

    A Dataset unpacks and indexes like the tuple ``(X, y)`` of a scikit-learn loader::

        X, y = gn.datasets.load_iris()
        X = gn.datasets.load("moons")[0]      # [0] is X, [1] is y

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
    pipeline : TabularPipeline or None
        For a CSV: the fitted pipeline (``model.pipeline = data.pipeline`` lets the
        saved model predict from a table).

    Examples
    --------
    >>> import glassnet as gn
    >>> data = gn.datasets.load("iris")
    >>> X, y = data
    >>> X.shape, data.task, data.classes
    ((150, 4), 'multiclass', ['setosa', 'versicolor', 'virginica'])
    """

    def __init__(self, X, y, name, feature_names, target_name, task, classes=None,
                 description="", encoder=None, frame=None, pipeline=None):
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
        self.pipeline = pipeline

    def __iter__(self):
        yield self.X
        yield self.y

    def __getitem__(self, index):
        """``data[0]`` is ``X``, ``data[1]`` is ``y``, as in the tuple ``(X, y)``."""
        if isinstance(index, (str, bool)) or not isinstance(index, (int, np.integer, slice)):
            raise TypeError(
                f"A Dataset indexes like the tuple (X, y): use data[0] for X and data[1] for "
                f"y (or data.X, data.y), but got the index {index!r}."
            )
        if isinstance(index, slice):
            return (self.X, self.y)[index]
        if not -2 <= index < 2:
            raise IndexError(
                f"A Dataset holds 2 items, X (data[0]) and y (data[1]), but got the index "
                f"{index}. For the examples themselves, index data.X or data.y."
            )
        return (self.X, self.y)[index]

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
