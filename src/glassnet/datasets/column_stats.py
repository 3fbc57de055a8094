"""One column's statistics, gathered chunk by chunk in a single pass.

A table is read once, in one piece or in chunks (a file larger than memory), and
every column keeps only sums and counts::

    n_missing, n                         missing and present values
    s1 = sum (x - K),  s2 = sum (x - K)^2   with K the first value (a shift that keeps
                                         the sums small, so s2 loses no digits)
    mean = K + s1 / n,  var = s2 / n - (s1 / n)^2

Text columns count each category (``counts``); dates are split into the numbers
year, month and weekday, each with its own sums. From these the encoder learns its
categories and fill values and the scaler its means and standard deviations, so a
table streamed in chunks gets the same pipeline as the table read whole.
"""

import re

import numpy as np

TRACK_LIMIT = 10_000  # distinct texts counted per column; beyond, the column is free text
DATE_PARTS = ("year", "month", "weekday")
_DATE = re.compile(r"^(\d{4}[-/]\d{1,2}[-/]\d{1,2}([ T][\d:.]+)?|\d{1,2}\.\d{1,2}\.\d{4})$")
_ID_NAME = re.compile(r"(^|[_ ])(id|no|nr|num|number|key|index)$", re.IGNORECASE)


def clean_text(series):
    """Text cells with surrounding spaces removed; empty cells become missing (NaN)."""
    text = series.astype("string").str.strip()
    keep = (text.notna() & (text != "")).fillna(False).astype(bool)
    return text.astype(object).where(keep, np.nan)


def looks_like_dates(text):
    """True when every present cell is a date such as 2024-03-01 or 01.03.2024."""
    present = text.dropna()
    return len(present) > 0 and bool(present.map(lambda v: bool(_DATE.match(v))).all())


def parse_dates(text):
    """``datetime64`` values of ``text`` (NaT where missing or not a date)."""
    import pandas as pd

    dotted = text.str.contains(".", regex=False).fillna(False).astype(bool)
    dates = pd.to_datetime(text.where(~dotted), errors="coerce", format="mixed")
    if dotted.any():
        dates[dotted] = pd.to_datetime(text[dotted], errors="coerce", format="%d.%m.%Y")
    return dates


def date_parts(text):
    """``{"year": ..., "month": ..., "weekday": ...}`` float arrays (NaN where missing)."""
    dates = parse_dates(text)
    return {"year": dates.dt.year.to_numpy(dtype=np.float64, na_value=np.nan),
            "month": dates.dt.month.to_numpy(dtype=np.float64, na_value=np.nan),
            "weekday": dates.dt.day_of_week.to_numpy(dtype=np.float64, na_value=np.nan)}


class Moments:
    """Running count, mean and variance of numbers (NaN counted as missing)."""

    def __init__(self, keep_values=False):
        self.n = self.n_missing = 0
        self.shift = None
        self.s1 = self.s2 = 0.0
        self.values = [] if keep_values else None  # for a median: needs every value

    def update(self, x):
        x = np.asarray(x, dtype=np.float64)
        present = x[~np.isnan(x)]
        self.n_missing += len(x) - len(present)
        if not len(present):
            return
        if self.shift is None:
            self.shift = float(present[0])
        d = present - self.shift
        self.n += len(present)
        self.s1 += float(d.sum())
        self.s2 += float(d @ d)
        if self.values is not None:
            self.values.append(present)

    @property
    def mean(self):
        return self.shift + self.s1 / self.n

    def median(self):
        return float(np.median(np.concatenate(self.values)))

    def filled(self, fill):
        """``(mean, variance)`` of the column once its missing values are ``fill``.

        With ``N = n + n_missing`` and ``d = fill - K``:
        mean = K + (s1 + n_missing d) / N, var = (s2 + n_missing d^2) / N - (mean - K)^2.
        """
        N = self.n + self.n_missing
        d = (fill - self.shift) if fill is not None else 0.0
        m1 = (self.s1 + self.n_missing * d) / N
        var = (self.s2 + self.n_missing * d * d) / N - m1 * m1
        return self.shift + m1, max(var, 0.0)


class ColumnStats:
    """What one feature column holds, over every chunk seen so far.

    ``kind`` is ``"number"``, ``"text"`` or ``"date"`` (decided by the first chunk
    with values). ``running`` stays True while each number is the previous one + 1
    (a row counter); ``unique`` while no number repeats (tracked for columns named
    like identifiers only); ``counts`` maps each text to its number of rows.
    """

    def __init__(self, name, keep_values=False, track_limit=TRACK_LIMIT):
        self.name = name
        self.track_limit = max(TRACK_LIMIT, track_limit)  # a cap above 10,000 counts on
        self.kind = None
        self.keep_values = keep_values
        self.numbers = Moments(keep_values)
        self.parts = {part: Moments(keep_values) for part in DATE_PARTS}
        self.counts = {}
        self.overflow = False  # more than track_limit distinct texts
        self.n_missing = self.n_rows = 0
        self.missing_rows = []  # the first few rows without a value, for messages
        self.whole = True
        self.running, self.last = True, None
        self.seen = set() if _ID_NAME.search(str(name)) or str(name).lower() == "id" else None

    def update(self, series, kind):
        """Add one chunk; ``kind`` is this chunk's kind as the encoder read it."""
        if self.kind is None:
            self.kind = kind
        elif kind != self.kind:
            raise ValueError(
                f"Column {self.name!r} held {self.kind}s in the first rows but "
                f"{kind}s later on. Give the column one kind of value throughout."
            )
        self.n_rows += len(series)
        if len(self.missing_rows) < 5:
            missing = series.isna().to_numpy() if kind != "date" else parse_dates(series).isna()
            self.missing_rows += [int(i) for i in series.index[np.asarray(missing)][:5]]
        if kind == "number":
            self._update_numbers(series.to_numpy(dtype=np.float64, na_value=np.nan))
        elif kind == "date":
            parts = date_parts(series)
            for part in DATE_PARTS:
                self.parts[part].update(parts[part])
            self.n_missing += int(np.isnan(parts["year"]).sum())
        else:
            self.n_missing += int(series.isna().sum())
            if not self.overflow:
                for value, count in series.value_counts().items():
                    self.counts[value] = self.counts.get(value, 0) + int(count)
                self.overflow = len(self.counts) > self.track_limit

    def _update_numbers(self, x):
        self.numbers.update(x)
        self.n_missing = self.numbers.n_missing
        present = x[~np.isnan(x)]
        if not len(present):
            return
        self.whole = self.whole and bool(np.all(np.mod(present, 1) == 0))
        if self.running:
            steps = np.diff(np.concatenate([[self.last], present]) if self.last is not None
                            else present)
            self.running = bool(np.all(steps == 1))
        self.last = float(present[-1])
        if self.seen is not None and len(self.seen) <= TRACK_LIMIT * 10:
            before = len(self.seen)
            self.seen.update(present.tolist())
            if len(self.seen) - before < len(present):
                self.seen = None  # a value repeats: not an identifier

    # --- what the encoder reads ------------------------------------------------------
    def identifier_reason(self):
        """Why this column looks like an identifier, or None."""
        name = str(self.name).strip().lower()
        if name in ("id", "index", "row_id"):
            return "its name marks it as an identifier"
        present = self.n_rows - self.n_missing
        if self.kind == "number" and self.whole and present > 10:
            if self.running:
                return ("a running number (each row is the previous one + 1), which "
                        "identifies rows rather than describes them")
            if self.seen is not None and len(self.seen) == present and not self.n_missing:
                return "its name marks it as an identifier and no value repeats"
        if self.kind == "text" and self.n_rows > 10 and not self.n_missing:
            if self.overflow or (len(self.counts) == self.n_rows):
                return "a different text in every row (an identifier or a name)"
        return None

    def mode(self):
        """The most frequent text (the first in sorted order among ties)."""
        top = max(self.counts.values())
        return min(v for v, c in self.counts.items() if c == top)
