"""TabularEncoder: how the columns of a table become the numbers a network trains on.

Numbers are kept, text columns are one-hot encoded (one 0/1 column per category
seen in training, named ``column=value``; spaces around a value do not count),
dates become three numbers (``column.year``, ``column.month``, ``column.weekday``,
Monday = 0), and the target becomes class indices ``0 .. k-1`` (classification) or
floats (regression). Identifiers (a column named ``id``, a running number, a
different text in every row) are left out, and every such choice is listed in
``decisions()``. The encoder is fitted in one pass over the table, whole or in
chunks (``fit_chunks``), and saved inside the model file (``get_config``), so a
table given later for prediction is encoded the same way.
"""

import numpy as np

from .. import backend
from .column_stats import DATE_PARTS, ColumnStats, clean_text, date_parts, looks_like_dates
from .numbers import check_finite
from .target import TargetStats, clean_target, is_numeric, label, missing_target_error

TASKS = ("auto", "binary", "multiclass", "regression")


def _names(names, limit=8):
    """``'a', 'b', ... (30 in all)``: a readable list for messages."""
    names = [repr(str(n)) for n in names]
    more = f", ... ({len(names)} in all)" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def _choice(name, value, options):
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}, but got "
                         f"{value!r}.")


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
        frequent category, all computed when fitting (a median needs the whole
        column in memory: streaming uses the mean).
    ignore : list of str, or dict
        Columns left out of the features (identifiers, leaks...); a dict gives the
        reason for each (``{"id": "an identifier"}``).
    rows : callable or None
        ``rows(i)`` describes row ``i`` in messages (e.g. ``"line 5"``).
    max_categories : int
        Most categories a text column may have; more is an error that suggests
        leaving the column out or hashing it.
    dates : {"expand", "drop"}
        Date columns become year, month and weekday, or are left out.
    unseen : {"error", "ignore"}
        A category never seen in training, when transforming: an error, or all-zero
        one-hot inputs (counted in ``unseen_counts``).
    missing_target : {"error", "drop"}
        Rows without a target: an error naming them, or left out (counted in
        ``n_dropped``).

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

    def __init__(self, target, task="auto", impute=None, ignore=(), rows=None,
                 max_categories=50, dates="expand", unseen="error", missing_target="error"):
        _choice("task", task, TASKS)
        _choice("impute", impute, (None, "mean", "median"))
        _choice("dates", dates, ("expand", "drop"))
        _choice("unseen", unseen, ("error", "ignore"))
        _choice("missing_target", missing_target, ("error", "drop"))
        if isinstance(max_categories, bool) or not isinstance(max_categories, (int, np.integer)) \
                or max_categories < 2:
            raise ValueError(f"max_categories must be an integer >= 2, but got "
                             f"{max_categories!r}.")
        self.target, self.task, self.impute = target, task, impute
        self.ignore = dict(ignore) if isinstance(ignore, dict) else list(ignore or [])
        self.rows = rows or (lambda i: f"row {i + 1}")
        self.max_categories = int(max_categories)
        self.dates_policy, self.unseen, self.missing_target = dates, unseen, missing_target
        self.numeric, self.categorical, self.dates, self.fill, self.ignored = [], {}, [], {}, {}
        self.columns, self.classes = [], None
        self.n_imputed, self.n_dropped, self.n_rows = {}, 0, 0
        self.unseen_counts = {}
        self.moments = []  # (mean, variance) of each column of X, once imputed

    # --- fitting ------------------------------------------------------------------
    def fit(self, frame):
        """Learn the columns, categories, fill values, task and classes from ``frame``."""
        return self.fit_chunks([frame])

    def fit_chunks(self, chunks):
        """Fit in one pass over ``chunks``, DataFrames with the same columns (a file
        read piece by piece); the result equals ``fit`` on their concatenation."""
        stats, target, offset = None, None, 0
        for chunk in chunks:
            if stats is None:
                names = self._check_names(list(chunk.columns))
                stats = {name: ColumnStats(name, keep_values=self.impute == "median",
                                           track_limit=self.max_categories)
                         for name in names}
                target = TargetStats(self.target, self.rows)
            chunk = chunk.set_axis(range(offset, offset + len(chunk)), axis=0)
            offset += len(chunk)
            chunk = self._rows_with_target(chunk)
            for name, column in stats.items():
                kind, series = self._read(name, chunk[name], column.kind)
                if kind == "number":  # inf, 1e300: refused with the row, before any sum
                    check_finite(series.to_numpy(dtype=np.float64, na_value=np.nan), [name],
                                 lambda i, s=series: self.rows(int(s.index[i])), missing_ok=True)
                column.update(series, kind)
            target.update(chunk[self.target])
        if stats is None:
            raise ValueError("fit_chunks got no chunks: give at least one table.")
        self.n_rows = offset - self.n_dropped
        if not self.n_rows:
            raise ValueError(f"No rows are left: the target {self.target!r} is missing in "
                             "every row.")
        self.task, self.classes = target.infer(self.task)
        self._finish(stats)
        self.target_moments = None
        if self.task == "regression":
            self.target_moments = target.moments.filled(None)
        return self

    def _check_names(self, names):
        if self.target not in names:
            raise ValueError(
                f"There is no column {self.target!r}; the columns are {_names(names, 20)}. "
                "Choose the target column among them."
            )
        for name in self.ignore:
            if name not in names:
                raise ValueError(f"Cannot ignore column {name!r}: there is no such column.")
            self.ignored[name] = self.ignore[name] if isinstance(self.ignore, dict) \
                else "asked to ignore it"
        return [n for n in names if n != self.target and n not in self.ignored]

    def _rows_with_target(self, chunk):
        missing = clean_target(chunk[self.target]).isna()
        if not missing.any():
            return chunk
        if self.missing_target == "error":
            where = [self.rows(int(i)) for i in chunk.index[missing][:5]]
            raise missing_target_error(self.target, int(missing.sum()), where)
        self.n_dropped += int(missing.sum())
        return chunk[~missing.to_numpy()]

    def _read(self, name, series, kind=None):
        """``(kind, values)``: numbers as floats, text cleaned, dates as text.

        Booleans become 0/1; a column of numbers with a few text cells is an error.
        """
        if series.dtype.kind == "b":
            return "number", series.astype(np.float64)
        if is_numeric(series):
            return "number", series
        text = clean_text(series)
        present = text.dropna()
        import pandas as pd

        as_numbers = pd.to_numeric(present, errors="coerce")
        n_text = int(as_numbers.isna().sum())
        if len(present) and n_text == 0 and kind in (None, "number"):
            return "number", pd.to_numeric(text, errors="coerce")
        if len(present) and 0 < n_text <= 0.1 * len(present):
            where = as_numbers.index[as_numbers.isna()][0]
            raise ValueError(
                f"Column {name!r} holds numbers but also text such as "
                f"{present[where]!r} ({self.rows(int(where))}). Fix those cells, or leave "
                "them empty to mark a missing value."
            )
        if kind == "date" or (kind is None and looks_like_dates(text)):
            return "date", text
        if kind is None and not len(present):
            return None, text
        return "text", text

    def _finish(self, stats):
        self.columns, self.moments = [], []
        for name, column in stats.items():
            reason = self._drop_reason(column)
            if reason:
                self.ignored[name] = reason
                continue
            self.columns.append(name)
            if column.n_missing:
                self.n_imputed[name] = column.n_missing
            if column.kind == "number":
                self.numeric.append(name)
                fill = self._fill(column.numbers, column)
                self.moments.append(column.numbers.filled(fill))
            elif column.kind == "date":
                self.dates.append(name)
                fills = [self._fill(column.parts[p], column) for p in DATE_PARTS]
                fill = None if fills[0] is None else dict(zip(DATE_PARTS, fills))
                self.moments.extend(column.parts[p].filled(f) for p, f in zip(DATE_PARTS, fills))
            else:
                self._fit_text(name, column)
                continue
            if fill is not None:
                self.fill[name] = fill
        if not self.columns:
            raise ValueError(
                f"No feature columns are left besides the target {self.target!r}: the "
                "table needs at least one column to predict from."
            )

    def _drop_reason(self, column):
        if column.kind is None:
            return "empty in every row"
        if column.kind == "date" and self.dates_policy == "drop":
            return "a date column, left out as asked (--dates drop)"
        return column.identifier_reason()

    def _fill(self, moments, column):
        """The value that fills the column's gaps, now and in any table given later
        (also for a column complete in training), or None without ``impute``."""
        if not self.impute:
            if column.n_missing:
                self._missing_error(column.name, column.n_missing, column.missing_rows)
            return None
        return float(moments.mean if self.impute == "mean" else moments.median())

    def _fit_text(self, name, column):
        n = len(column.counts)
        if column.overflow or n > self.max_categories:
            count = f"more than {n - 1}" if column.overflow else str(n)
            raise ValueError(
                f"Column {name!r} has {count} different values, more than the "
                f"{self.max_categories} categories a text column may have (one-hot "
                f"encoding it would add {count} inputs). Leave it out (--ignore {name}, "
                f"or ignore=[{name!r}]), hash it into a few values (a new column such as "
                f"hash({name}) % 32), or raise the cap (--max-categories, max_categories=)."
            )
        self.categorical[name] = categories = sorted(column.counts)
        counts = dict(column.counts)
        if column.n_missing and not self.impute:
            self._missing_error(name, column.n_missing, column.missing_rows)
        if self.impute:
            self.fill[name] = column.mode()
            counts[self.fill[name]] += column.n_missing
        for value in categories:  # a 0/1 column: mean p, variance p (1 - p)
            p = counts[value] / column.n_rows
            self.moments.append((p, p * (1 - p)))

    def _missing_error(self, name, n, where):
        where = [self.rows(int(i)) for i in where[:5]]
        raise ValueError(
            f"Column {name!r} has {n} missing value{'s' if n > 1 else ''} "
            f"({', '.join(where)}{', ...' if n > 5 else ''}). Fill them in, remove those "
            "rows, or impute them (impute='mean' in Python, --impute mean for glassnet train)."
        )

    # --- using it -----------------------------------------------------------------
    @property
    def feature_names(self):
        """The names of the columns of ``X``: one-hot columns as ``column=value``,
        dates as ``column.year``, ``column.month``, ``column.weekday``."""
        names = []
        for name in self.columns:
            if name in self.categorical:
                names.extend(f"{name}={value}" for value in self.categorical[name])
            elif name in self.dates:
                names.extend(f"{name}.{part}" for part in DATE_PARTS)
            else:
                names.append(name)
        return names

    def transform(self, frame, unseen=None):
        """Return the features of ``frame`` as ``X`` of shape (m, n_features).

        ``unseen`` overrides the encoder's policy for categories never seen in
        training ("error" or "ignore"); ``unseen_counts`` then holds how many rows of
        each column had one.
        """
        unseen = unseen or self.unseen
        _choice("unseen", unseen, ("error", "ignore"))
        missing = [name for name in self.columns if name not in frame.columns]
        if missing:
            raise ValueError(
                f"The data lacks the column(s) {_names(missing)} that the model was trained "
                f"on (it expects {_names(self.columns)}). Give a table with those columns."
            )
        frame = frame.set_axis(range(len(frame)), axis=0)
        backend.check_memory(len(frame) * len(self.feature_names), "float64",
                             f"{len(frame):,} rows x {len(self.feature_names):,} features "
                             "(one-hot categories included)",
                             "Leave out or hash the text columns with many categories, or "
                             "read the table in chunks.")
        self.unseen_counts = {}
        blocks = []
        for name in self.columns:
            if name in self.categorical:
                blocks.append(self._one_hot(name, frame[name], unseen))
            elif name in self.dates:
                blocks.append(self._date(name, frame[name]))
            else:
                blocks.append(self._numbers(name, frame[name])[:, None])
        return np.hstack(blocks) if blocks else np.empty((len(frame), 0))

    def _filled(self, name, series):
        if series.isna().any():
            if name not in self.fill:
                where = series.index[series.isna().to_numpy()]
                self._missing_error(name, len(where), list(where))
            series = series.fillna(self.fill[name])
        return series

    def _numbers(self, name, series):
        kind, series = self._read(name, series, "number")
        if kind != "number" and series.notna().any():
            raise ValueError(
                f"Column {name!r} held numbers in training but holds text here (such as "
                f"{str(series.dropna().iloc[0])!r}). Give numbers in that column."
            )
        values = self._filled(name, series.astype(np.float64)).to_numpy(dtype=np.float64)
        check_finite(values, [name], self.rows)
        return values

    def _date(self, name, series):
        parts = date_parts(clean_text(series))
        X = np.column_stack([parts[p] for p in DATE_PARTS])
        missing = np.isnan(X[:, 0])
        if missing.any():
            if name not in self.fill:
                self._missing_error(name, int(missing.sum()), list(np.flatnonzero(missing)))
            X[missing] = [self.fill[name][p] for p in DATE_PARTS]
        return X

    def _one_hot(self, name, series, unseen):
        categories = self.categorical[name]
        text = self._filled(name, clean_text(series)).to_numpy()
        index = {value: j for j, value in enumerate(categories)}
        known = np.array([value in index for value in text], dtype=bool)
        if not known.all():
            if unseen == "error":
                new = sorted(set(text[~known].tolist()))
                raise ValueError(
                    f"Column {name!r} has value(s) {', '.join(map(repr, new[:5]))} that the "
                    f"model never saw in training (it knows {_names(categories, 12)}). Use "
                    "one of the known values, or encode them as unknown (all-zero inputs) "
                    "with --unseen ignore (unseen='ignore' in Python)."
                )
            self.unseen_counts[name] = int((~known).sum())
        out = np.zeros((len(text), len(categories)))
        rows = np.flatnonzero(known)
        out[rows, [index[v] for v in text[known]]] = 1.0
        return out

    def encode_target(self, series):
        """Return ``y``: class indices (m,) for classification, floats for regression."""
        series = clean_target(series.reset_index(drop=True))
        if series.isna().any():
            where = [self.rows(int(i)) for i in np.flatnonzero(series.isna().to_numpy())[:5]]
            raise missing_target_error(self.target, int(series.isna().sum()), where)
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

    def decisions(self):
        """What the encoder decided about the data, one sentence each."""
        lines = []
        if self.n_dropped:
            lines.append(f"Dropped {self.n_dropped} row(s) without a target {self.target!r}.")
        for name, reason in self.ignored.items():
            lines.append(f"Ignored column {name!r}: {reason}.")
        for name in self.dates:
            lines.append(f"Date column {name!r}: expanded into {name}.year, {name}.month and "
                         f"{name}.weekday (Monday = 0).")
        for name, n in self.n_imputed.items():
            fill = self.fill[name]
            if isinstance(fill, dict):
                value = ", ".join(f"{p} {v:.4g}" for p, v in fill.items())
            else:
                value = repr(fill) if isinstance(fill, str) else f"{fill:.4g}"
            how = "the most frequent value" if name in self.categorical else f"the {self.impute}"
            how += " of the training rows"
            lines.append(f"Imputed {n} missing value(s) of {name!r} with {how}: {value}.")
        return lines

    # --- saving -------------------------------------------------------------------
    def get_config(self):
        """A JSON-ready dict from which ``from_config`` rebuilds this encoder."""
        return {"target": self.target, "task": self.task, "impute": self.impute,
                "columns": self.columns, "numeric": self.numeric,
                "categorical": self.categorical, "dates": self.dates, "fill": self.fill,
                "ignored": self.ignored, "classes": self.classes,
                "max_categories": self.max_categories, "dates_policy": self.dates_policy,
                "unseen": self.unseen, "missing_target": self.missing_target,
                "n_imputed": self.n_imputed, "n_dropped": self.n_dropped,
                "n_rows": self.n_rows}

    @classmethod
    def from_config(cls, config):
        encoder = cls(config["target"], config["task"], config.get("impute"),
                      max_categories=config.get("max_categories", 50),
                      dates=config.get("dates_policy", "expand"),
                      unseen=config.get("unseen", "error"),
                      missing_target=config.get("missing_target", "error"))
        encoder.columns = list(config["columns"])
        encoder.numeric = list(config["numeric"])
        encoder.categorical = {k: list(v) for k, v in config["categorical"].items()}
        encoder.dates = list(config.get("dates", []))
        encoder.fill = dict(config.get("fill", {}))
        encoder.ignored = dict(config.get("ignored", {}))
        encoder.classes = config.get("classes")
        encoder.n_imputed = dict(config.get("n_imputed", {}))
        encoder.n_dropped = int(config.get("n_dropped", 0))
        encoder.n_rows = int(config.get("n_rows", 0))
        return encoder
