"""TabularEncoder: how the columns of a table become the arrays a network trains on.

Numeric columns are kept as they are, text columns are one-hot encoded (one 0/1
column per category seen in training, named ``column=value``), and the target
becomes class indices ``0 .. k-1`` (classification) or floats (regression). The
encoder is fitted once, on the training table, and saved inside the model file
(``get_config``), so a table given later for prediction is encoded the same way.
"""

import numpy as np

from .numbers import check_finite
from .target import infer_target, is_numeric, label


def _names(names, limit=8):
    """``'a', 'b', ... (30 in all)``: a readable list for messages."""
    names = [repr(str(n)) for n in names]
    more = f", ... ({len(names)} in all)" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


class TabularEncoder:
    """Encode a pandas DataFrame's feature columns and target column.

    Parameters
    ----------
    target : str
        Name of the target column.
    task : {"auto", "binary", "multiclass", "regression"}
        ``"auto"`` infers it: text or two distinct values -> classification, whole
        numbers with at most 20 distinct values -> multiclass, anything else ->
        regression.
    impute : {None, "mean", "median"}
        None: a missing feature value is an error that names its rows. Otherwise
        missing numbers get the column's mean (median) and missing text the most
        frequent category, all computed when fitting.
    ignore : list of str
        Columns left out of the features (identifiers, leaks...).
    rows : callable or None
        ``rows(i)`` describes row ``i`` in messages (e.g. ``"line 5"``).

    Examples
    --------
    >>> import pandas as pd
    >>> import glassnet as gn
    >>> frame = pd.DataFrame({"age": [30, 40, 50, 60], "city": ["a", "b", "a", "b"],
    ...                       "sick": ["no", "yes", "no", "yes"]})
    >>> encoder = gn.datasets.TabularEncoder(target="sick")
    >>> _ = encoder.fit(frame)
    >>> encoder.feature_names
    ['age', 'city=a', 'city=b']
    >>> encoder.transform(frame).shape, encoder.classes
    ((4, 3), ['no', 'yes'])
    """

    def __init__(self, target, task="auto", impute=None, ignore=(), rows=None):
        if task not in ("auto", "binary", "multiclass", "regression"):
            raise ValueError(
                f"task must be 'auto', 'binary', 'multiclass' or 'regression', but got {task!r}."
            )
        if impute not in (None, "mean", "median"):
            raise ValueError(f"impute must be None, 'mean' or 'median', but got {impute!r}.")
        self.target, self.task, self.impute = target, task, impute
        self.ignore = list(ignore or [])
        self.rows = rows or (lambda i: f"row {i + 1}")
        self.numeric, self.categorical, self.fill, self.ignored = [], {}, {}, {}
        self.columns, self.classes = [], None

    # --- fitting --------------------------------------------------------------
    def fit(self, frame):
        """Learn the columns, categories, fill values, task and classes from ``frame``."""
        names = list(frame.columns)
        if self.target not in names:
            raise ValueError(
                f"There is no column {self.target!r}; the columns are {_names(names, 20)}. "
                "Choose the target column among them."
            )
        for name in self.ignore:
            if name not in names:
                raise ValueError(f"Cannot ignore column {name!r}: there is no such column.")
            self.ignored[name] = "asked to ignore it"
        for name in names:
            if name != self.target and name not in self.ignored:
                self._checked_column(name, frame[name])  # numbers with typos: an error
                reason = self._identifier_reason(frame[name])
                if reason:
                    self.ignored[name] = reason
        self.columns = [n for n in names if n != self.target and n not in self.ignored]
        if not self.columns:
            raise ValueError(
                f"No feature columns are left besides the target {self.target!r}: the "
                "table needs at least one column to predict from."
            )
        for name in self.columns:
            self._fit_column(name, frame[name])
        self.task, self.classes = infer_target(frame[self.target], self.target, self.task,
                                               self.rows)
        return self

    def _identifier_reason(self, series):
        if str(series.name).strip().lower() in ("id", "index", "row_id"):
            return "its name marks it as an identifier"
        values = series.dropna()
        if not is_numeric(series) and len(series) > 10 and values.is_unique \
                and len(values) == len(series):
            return "a different text in every row (an identifier or a name)"
        return None

    def _fit_column(self, name, series):
        series = self._checked_column(name, series)
        n_missing = int(series.isna().sum())
        if n_missing == len(series):
            raise ValueError(f"Column {name!r} is empty in every row: remove it or fill it in.")
        if is_numeric(series):
            self.numeric.append(name)
            values = series.astype(np.float64)
            check_finite(values, [name], self.rows, missing_ok=True)
            if self.impute:
                fill = values.mean() if self.impute == "mean" else values.median()
                self.fill[name] = float(fill)
        else:
            text = series.dropna().astype(str)
            self.categorical[name] = sorted(text.unique().tolist())
            if self.impute:
                self.fill[name] = str(text.mode().iloc[0])
        if n_missing and not self.impute:
            self._missing_error(name, series)

    def _checked_column(self, name, series):
        """Booleans become 0/1; a column of numbers with a few text cells is an error."""
        if series.dtype.kind == "b":
            return series.astype(np.int64)
        if not is_numeric(series):
            import pandas as pd

            present = series.dropna()
            as_numbers = pd.to_numeric(present, errors="coerce")
            n_text = int(as_numbers.isna().sum())
            if len(present) and 0 < n_text <= 0.1 * len(present):
                where = as_numbers.index[as_numbers.isna()][0]
                raise ValueError(
                    f"Column {name!r} holds numbers but also text such as "
                    f"{present[where]!r} ({self.rows(series.index.get_loc(where))}). Fix "
                    "those cells, or leave them empty to mark a missing value."
                )
        return series

    def _missing_error(self, name, series):
        where = [self.rows(i) for i in np.flatnonzero(series.isna().to_numpy())[:5]]
        n = int(series.isna().sum())
        raise ValueError(
            f"Column {name!r} has {n} missing value{'s' if n > 1 else ''} "
            f"({', '.join(where)}{', ...' if n > 5 else ''}). Fill them in, remove those "
            "rows, or impute them (impute='mean' in Python, --impute mean for glassnet train)."
        )

    # --- using it -------------------------------------------------------------
    @property
    def feature_names(self):
        """The names of the columns of ``X``, one-hot columns as ``column=value``."""
        names = []
        for name in self.columns:
            if name in self.categorical:
                names.extend(f"{name}={value}" for value in self.categorical[name])
            else:
                names.append(name)
        return names

    def transform(self, frame):
        """Return the features of ``frame`` as ``X`` of shape (m, n_features)."""
        missing = [name for name in self.columns if name not in frame.columns]
        if missing:
            raise ValueError(
                f"The data lacks the column(s) {_names(missing)} that the model was trained "
                f"on (it expects {_names(self.columns)}). Give a table with those columns."
            )
        blocks = []
        for name in self.columns:
            series = frame[name]
            if series.isna().any():
                if name not in self.fill:
                    self._missing_error(name, series)
                series = series.fillna(self.fill[name])
            if name in self.categorical:
                blocks.append(self._one_hot(name, series))
            else:
                blocks.append(self._numbers(name, series)[:, None])
        return np.hstack(blocks) if blocks else np.empty((len(frame), 0))

    def _numbers(self, name, series):
        series = self._checked_column(name, series)
        if not is_numeric(series):
            raise ValueError(
                f"Column {name!r} held numbers in training but holds text here (such as "
                f"{str(series.dropna().iloc[0])!r}). Give numbers in that column."
            )
        values = series.to_numpy(dtype=np.float64)
        check_finite(values, [name], self.rows)
        return values

    def _one_hot(self, name, series):
        categories = self.categorical[name]
        text = series.astype(str).to_numpy()
        index = {value: j for j, value in enumerate(categories)}
        unknown = sorted(set(text) - set(index))
        if unknown:
            raise ValueError(
                f"Column {name!r} has value(s) {', '.join(map(repr, unknown[:5]))} that the "
                f"model never saw in training (it knows {', '.join(map(repr, categories))}). "
                "Use one of the known values."
            )
        out = np.zeros((len(text), len(categories)))
        out[np.arange(len(text)), [index[v] for v in text]] = 1.0
        return out

    def encode_target(self, series):
        """Return ``y``: class indices (m,) for classification, floats for regression."""
        if series.isna().any():
            raise ValueError(
                f"The target column {self.target!r} is missing in "
                f"{int(series.isna().sum())} row(s); fill them in or remove those rows."
            )
        if series.dtype.kind == "b":
            series = series.astype(np.int64)
        if self.classes is None:
            if not is_numeric(series):
                raise ValueError(
                    f"The target {self.target!r} must hold numbers for this regression "
                    f"model, but holds text such as {str(series.iloc[0])!r}."
                )
            y = series.to_numpy(dtype=np.float64)
            check_finite(y, [self.target], self.rows)
            return y
        index = {str(c): i for i, c in enumerate(self.classes)}
        keys = [str(label(v)) for v in series.tolist()]
        unknown = sorted(set(keys) - set(index))
        if unknown:
            raise ValueError(
                f"The target {self.target!r} has label(s) {', '.join(unknown[:5])} that the "
                f"model does not know (its classes are {', '.join(map(str, self.classes))})."
            )
        return np.array([index[k] for k in keys], dtype=np.int64)

    # --- saving ---------------------------------------------------------------
    def get_config(self):
        """A JSON-ready dict from which ``from_config`` rebuilds this encoder."""
        return {"target": self.target, "task": self.task, "impute": self.impute,
                "columns": self.columns, "numeric": self.numeric,
                "categorical": self.categorical, "fill": self.fill,
                "ignored": self.ignored, "classes": self.classes}

    @classmethod
    def from_config(cls, config):
        encoder = cls(config["target"], config["task"], config.get("impute"))
        encoder.columns = list(config["columns"])
        encoder.numeric = list(config["numeric"])
        encoder.categorical = {k: list(v) for k, v in config["categorical"].items()}
        encoder.fill = dict(config.get("fill", {}))
        encoder.ignored = dict(config.get("ignored", {}))
        encoder.classes = config.get("classes")
        return encoder
