"""The target column: which task it fits and which classes it holds.

``TargetStats`` reads the target chunk by chunk (a file streamed from disk, or a
whole table as one chunk) and keeps its distinct values and their sums, so the task,
the classes and, for regression, the target's mean and standard deviation come out
of the same single pass as the features' statistics.
"""

import numpy as np

from .column_stats import Moments
from .numbers import check_finite

MAX_CLASSES = 20  # integer targets with more distinct values are treated as regression
MAX_DISTINCT = 1000  # distinct targets kept; more than that can only be a quantity


def is_numeric(series):
    return series.dtype.kind in "biuf"


def label(value):
    """A JSON-ready class label: ints stay ints, whole floats become ints."""
    if isinstance(value, (bool, np.bool_, int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return int(value) if float(value).is_integer() else float(value)
    return str(value)


def clean_target(series):
    """Booleans as 0/1; text labels without surrounding spaces (empty text is missing)."""
    from .column_stats import clean_text

    if series.dtype.kind == "b":
        return series.astype(np.int64)
    if is_numeric(series):
        return series
    return clean_text(series)


def missing_target_error(name, n, where):
    return ValueError(
        f"The target column {name!r} is missing in {n} row(s) ({', '.join(where)}). "
        "Targets are never imputed: fill them in, remove those rows, or drop them "
        "(--drop-missing-target for glassnet train, missing_target='drop' in Python)."
    )


class TargetStats:
    """The target's distinct values, kind and moments over the chunks seen so far."""

    def __init__(self, name, rows):
        self.name, self.rows = name, rows
        self.numeric = None
        self.distinct = {}
        self.overflow = False
        self.moments = Moments()
        self.n = 0

    def update(self, series):
        """Add a chunk of target values (no missing ones: drop or refuse them first)."""
        series = clean_target(series)
        numeric = is_numeric(series)
        if self.numeric is None:
            self.numeric = numeric
        elif numeric != self.numeric:  # text after numbers: every label is text
            self.numeric = False
        if numeric:  # inf or 1e300 would break the class test below and the training
            values = series.to_numpy(dtype=np.float64)
            check_finite(values, [self.name], lambda i: self.rows(int(series.index[i])))
            self.moments.update(values)
        self.n += len(series)
        if not self.overflow:
            for value in series.unique().tolist():
                self.distinct[value] = True
            self.overflow = len(self.distinct) > MAX_DISTINCT

    def infer(self, task):
        """Return ``(task, classes)``; see ``infer_target``."""
        return infer_target_from(list(self.distinct), bool(self.numeric), self.n,
                                 self.overflow, self.name, task)


def infer_target_from(distinct, numeric, n_rows, overflow, name, task):
    """``(task, classes)`` from the distinct values of a target column.

    ``task="auto"`` infers it: two distinct values -> binary; text, or whole numbers
    with at most ``MAX_CLASSES`` distinct values -> multiclass; other numbers ->
    regression. A given task is checked against the values (text cannot be a
    regression target, three classes are not binary...). ``classes`` are the sorted
    distinct labels (JSON-ready), None for regression.
    """
    if numeric:
        distinct = [float(v) for v in distinct]
    else:
        distinct = [str(v) for v in distinct]
    whole = numeric and bool(np.all(np.mod(np.asarray(distinct, dtype=np.float64), 1) == 0))
    many = overflow or len(distinct) > MAX_CLASSES
    if task == "auto":
        if len(distinct) == 2:
            task = "binary"
        elif not numeric or (whole and not many):
            task = "multiclass"
        else:
            task = "regression"
    if task == "regression":
        if not numeric:
            raise ValueError(
                f"The target {name!r} holds text (such as {distinct[0]!r}), so it "
                "cannot be a regression target. Use a classification task (binary or "
                "multiclass), or pick a numeric target column."
            )
        return task, None
    if len(distinct) < 2:
        raise ValueError(
            f"The target {name!r} has a single value ({label(distinct[0])!r}) in every "
            "row; a classifier needs at least two classes."
        )
    if task == "binary" and len(distinct) != 2:
        raise ValueError(
            f"The target {name!r} has {len(distinct)} classes, so it is not a binary "
            "task. Use the multiclass task (or let glassnet infer the task)."
        )
    if numeric and not whole and many:
        raise ValueError(
            f"The target {name!r} holds {len(distinct)} different fractional numbers, "
            "which look like a quantity rather than classes. Use the regression task."
        )
    if overflow or (not numeric and len(distinct) > max(MAX_CLASSES, 0.5 * n_rows)):
        raise ValueError(
            f"The target {name!r} has {len(distinct)} different values in "
            f"{n_rows} rows, too many to be classes. Choose another target column."
        )
    return task, [label(v) for v in sorted(distinct)]
