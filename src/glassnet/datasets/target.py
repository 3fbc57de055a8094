"""The target column: which task it fits and which classes it holds."""

import numpy as np

from .numbers import check_finite

MAX_CLASSES = 20  # integer targets with more distinct values are treated as regression


def is_numeric(series):
    return series.dtype.kind in "biuf"


def label(value):
    """A JSON-ready class label: ints stay ints, whole floats become ints."""
    if isinstance(value, (bool, np.bool_, int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return int(value) if float(value).is_integer() else float(value)
    return str(value)


def infer_target(series, name, task, rows):
    """Return ``(task, classes)`` for the target column ``series``.

    ``task="auto"`` infers it: two distinct values -> binary; text, or whole numbers
    with at most ``MAX_CLASSES`` distinct values -> multiclass; other numbers ->
    regression. A given task is checked against the values (text cannot be a
    regression target, three classes are not binary...). ``classes`` are the sorted
    distinct labels (JSON-ready), None for regression.
    """
    if series.isna().any():
        where = [rows(i) for i in np.flatnonzero(series.isna().to_numpy())[:5]]
        raise ValueError(
            f"The target column {name!r} is missing in {int(series.isna().sum())} "
            f"row(s) ({', '.join(where)}). Targets are never imputed: fill them in or "
            "remove those rows."
        )
    if series.dtype.kind == "b":
        series = series.astype(np.int64)
    numeric = is_numeric(series)
    if numeric:  # inf or 1e300 would break the class test below and the training
        check_finite(series.to_numpy(dtype=np.float64), [name], rows)
    distinct = series.unique()
    whole = numeric and bool(np.all(np.mod(distinct.astype(np.float64), 1) == 0))
    if task == "auto":
        if len(distinct) == 2:
            task = "binary"
        elif not numeric or (whole and len(distinct) <= MAX_CLASSES):
            task = "multiclass"
        else:
            task = "regression"
    if task == "regression":
        if not numeric:
            raise ValueError(
                f"The target {name!r} holds text (such as {str(distinct[0])!r}), so it "
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
    if numeric and not whole and len(distinct) > MAX_CLASSES:
        raise ValueError(
            f"The target {name!r} holds {len(distinct)} different fractional numbers, "
            "which look like a quantity rather than classes. Use the regression task."
        )
    if not numeric and len(distinct) > max(MAX_CLASSES, 0.5 * len(series)):
        raise ValueError(
            f"The target {name!r} has {len(distinct)} different values in "
            f"{len(series)} rows, too many to be classes. Choose another target column."
        )
    labels = sorted(distinct.tolist()) if numeric else sorted(str(v) for v in distinct)
    return task, [label(v) for v in labels]
