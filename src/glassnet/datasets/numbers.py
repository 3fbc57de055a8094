"""Numbers a network can train on: finite and within float32's range.

glassnet computes in float32 by default, whose largest number is about 3.4e38: a
feature such as 1e300 would become ``inf`` in the first layer (and already overflows
in the standardization ``(X - mean)^2``). ``check_finite`` refuses such values, and
NaN and inf, with one message that names the column and the row.
"""

import numpy as np

FLOAT32_MAX = float(np.finfo(np.float32).max)  # about 3.4e38


def check_finite(X, names=None, rows=None, missing_ok=False):
    """Raise a ValueError naming the column and row of the first unusable number.

    Parameters
    ----------
    X : array of shape (m, n) or (m,)
        Column ``j`` is named ``names[j]``.
    names : list of str or None
        Column names for the message; None describes the cell as ``X[i, j]``.
    rows : callable or None
        ``rows(i)`` describes row ``i`` (e.g. ``"line 7"`` for a CSV file).
    missing_ok : bool
        Let NaN through (missing values that are imputed or reported elsewhere).

    Raises
    ------
    ValueError
        For NaN (unless ``missing_ok``), inf, or ``|x| > FLOAT32_MAX``.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1:
        X = X[:, None]
    with np.errstate(invalid="ignore"):
        bad = np.isinf(X) | (np.abs(X) > FLOAT32_MAX)
    if not missing_ok:
        bad |= np.isnan(X)
    if not bad.any():
        return
    i, j = (int(k) for k in np.argwhere(bad)[0])
    count, value = int(bad[:, j].sum()), X[i, j]
    if names is None:
        column, cell = f"Column {j} of X", f"at X[{i}, {j}]"
    else:
        column, cell = f"Column {names[j]!r}", f"in {rows(i) if rows else f'row {i + 1}'}"
    more = f" (and {count - 1} more in that column)" if count > 1 else ""
    if np.isnan(value):
        what, why = "a value that is not a number (NaN)", ""
    elif np.isinf(value):
        what, why = f"an infinite value ({value})", ""
    else:
        what, why = f"the value {value:g}", (", larger than glassnet's float32 arithmetic "
                                             "allows (about 3.4e38)")
    raise ValueError(f"{column} has {what} {cell}{more}{why}. Fix or remove those rows.")
