"""Reading a CSV file with a header into a Dataset, with clear messages for bad files.

The file is read once, as text, by Python's ``csv`` module: rows whose cells are
all empty (``,,,`` as spreadsheets write them, or whitespace) are skipped wherever
they are, and every row keeps the line number a text editor shows for it (lines
end at ``\\n``, ``\\r\\n`` or ``\\r``). pandas then infers the column types from
those rows only.
"""

import codecs
import csv
import io
import os
import re
import stat

from ._dataset import Dataset

# Byte-order marks, longest first (UTF-32's starts like UTF-16's).
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16")]
# Tried in order when no encoding is given: Excel on Windows writes cp1252.
_GUESSES = ("utf-8", "cp1252", "latin-1")


def _read_bytes(path):
    """The bytes of a regular file; a FIFO, a device or a folder is refused unread."""
    path = os.fspath(path)
    try:
        # O_NONBLOCK: opening a FIFO does not wait for a writer; fstat then refuses it
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise FileNotFoundError(
            f"No file at {path!r}. Check the path and the current folder.") from None
    except IsADirectoryError:
        raise IsADirectoryError(
            f"{path!r} is a folder, not a CSV file. Give the path of a file.") from None
    except OSError as error:
        raise OSError(f"Cannot read {path!r}: {error.strerror or error}.") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(
                f"{path!r} is a folder, not a CSV file. Give the path of a file.")
        if not stat.S_ISREG(mode):
            raise ValueError(
                f"{path!r} is not a regular file (it is a pipe, a socket or a device), so "
                "glassnet does not read it as data. Save the data to a file first."
            )
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as f:
        try:
            return f.read()
        except OSError as error:
            raise OSError(f"Cannot read {path!r}: {error.strerror or error}.") from None


def _decode(raw, name, encoding):
    """Return ``(text, encoding used)``; ``encoding=None`` detects it."""
    if encoding is not None:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as error:
            line = raw[:error.start].count(b"\n") + 1
            raise ValueError(
                f"{name} is not valid {encoding} text: line {line} holds the byte "
                f"{raw[error.start:error.start + 1]!r}. Give the file's real encoding "
                "(encoding='latin-1', 'cp1252', 'utf-16'...)."
            ) from None
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return _decode(raw, name, codec)
    if b"\x00" in raw[:65536]:
        raise ValueError(
            f"{name} is not a text CSV file (it holds binary data). If it is UTF-16 text "
            "without a byte-order mark, give encoding='utf-16-le'."
        )
    for codec in _GUESSES:
        try:
            return raw.decode(codec), codec
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _check_options(sep, decimal, encoding):
    if not isinstance(sep, str) or len(sep) != 1 or sep in "\"\r\n":
        raise ValueError(
            f"sep must be one character such as ',', ';' or '\\t' (not a quote or a line "
            f"break), but got {sep!r}."
        )
    if decimal not in (None, ".", ","):  # None: read_rows, which reads no numbers
        raise ValueError(f"decimal must be '.' or ',', but got {decimal!r}.")
    if decimal == sep:
        raise ValueError(
            f"decimal and sep are both {sep!r}: a decimal comma needs another separator, "
            "such as sep=';'."
        )
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except (LookupError, TypeError):
            raise ValueError(
                f"Unknown encoding {encoding!r}. Give a Python codec name such as "
                "'utf-8', 'latin-1', 'cp1252' or 'utf-16'."
            ) from None


def read_rows(path, sep=",", encoding=None):
    """Read a CSV file's cells as text.

    Returns
    -------
    header : list of str
        The column names (stripped), from the first row that is not blank.
    rows : list of list of str
        One list per non-blank data row, one cell per column, as written (leading
        spaces after the separator dropped).
    lines : list of int
        The line each row starts on, counted from 1 as a text editor counts.
    encoding : str
        The encoding used (given, or detected: a byte-order mark, else UTF-8, else
        cp1252, else latin-1).

    Raises
    ------
    ValueError
        For an empty file, a missing header, duplicate or empty column names, a row
        with too many or too few values (naming its line), a file that is not text,
        or one that is not a regular file (a FIFO, ``/dev/zero``).
    """
    _check_options(sep, None, encoding)
    name = os.path.basename(os.fspath(path))
    text, used = _decode(_read_bytes(path), name, encoding)
    if encoding is not None and "\x00" in text:
        raise ValueError(f"{name} is not a text CSV file (it holds NUL characters).")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, skipinitialspace=True)
    header, rows, lines, start = None, [], [], 1
    try:
        for row in reader:
            first, start = start, reader.line_num + 1
            if all(not cell.strip() for cell in row):
                continue
            if header is None:  # checked first: a ';' file also fails the row lengths
                header = [cell.strip() for cell in row]
                _check_header(header, name, text, sep)
                continue
            if len(row) != len(header):
                raise ValueError(
                    f"{name} line {first} has {len(row)} values but the header "
                    f"has {len(header)} columns ({', '.join(header)}). Every row needs one "
                    "value per column: fix or remove that line."
                )
            rows.append(row)
            lines.append(first)
    except csv.Error as error:
        raise ValueError(f"{name} line {start} is not valid CSV: {error}.") from None
    if header is None:
        raise ValueError(
            f"{name} is empty. A CSV needs a header row with the column names, then one "
            "row per example."
        )
    if not rows:
        raise ValueError(f"{name} has a header ({', '.join(header)}) but no data rows.")
    return header, rows, lines, used


def read_table(path, sep=",", decimal=".", encoding=None):
    """Read a CSV file with a header row into a DataFrame, checking its shape.

    Parameters
    ----------
    path : str or path-like
        A regular file (pipes and devices are refused).
    sep : str, default ","
        The one-character separator (``";"`` for European spreadsheets, ``"\\t"``).
    decimal : {".", ","}
        The decimal mark of the numbers (``","`` needs another ``sep``).
    encoding : str or None
        A Python codec name; None detects it (see ``read_rows``).

    Returns
    -------
    frame : pandas.DataFrame
        One row per non-blank data line, columns named by the header; numeric
        columns as numbers (integers too large for int64 become floats, ``inf``
        beyond float64, which ``TabularEncoder`` then refuses naming the line).
    lines : list of int
        The file line number of each row (for messages).

    Raises
    ------
    ValueError
        As ``read_rows``.

    Examples
    --------
    >>> import glassnet as gn
    >>> _ = open("table.csv", "w").write("a;b\\n1,5;2\\n3;4\\n")
    >>> frame, lines = gn.datasets.read_table("table.csv", sep=";", decimal=",")
    >>> frame["a"].tolist(), lines
    ([1.5, 3.0], [2, 3])
    """
    import pandas as pd

    _check_options(sep, decimal, encoding)
    header, rows, lines, _ = read_rows(path, sep, encoding)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    buffer.seek(0)
    name = os.path.basename(os.fspath(path))
    try:
        frame = pd.read_csv(buffer, sep=sep, decimal=decimal, skip_blank_lines=False)
    except (pd.errors.ParserError, ValueError) as error:
        raise ValueError(f"{name} could not be read as CSV: {error}".strip()) from None
    frame.columns = header
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = _big_integers_as_floats(frame[column])
    return frame, lines


def _big_integers_as_floats(series):
    """pandas keeps integers beyond int64 as Python ints: make them floats (or inf)."""
    if not any(type(v) is int for v in series):
        return series

    def as_float(value):
        if type(value) is not int:
            return value
        try:
            return float(value)
        except OverflowError:
            return float("inf") if value > 0 else float("-inf")

    values = series.map(as_float)
    numbers = values.dropna()
    if all(isinstance(v, float) for v in numbers):
        return values.astype(float)
    return values


def _check_header(header, name, text, sep):
    others = [s for s in (",", ";", "\t", "|") if s != sep and s in header[0]]
    if len(header) == 1 and others:
        separator = others[0]
        options, flags, also, points = f"sep={separator!r}", f"--sep {separator!r}", "", ""
        decimal = re.search(r"\d+,\d+", text) if separator != "," else None
        if decimal:  # 233,5: a decimal comma (European CSV)
            options += ", decimal=','"
            flags += " --decimal ','"
            also = f", and its numbers seem to use decimal commas (such as {decimal[0]!r})"
            points = " and decimal points"
        described = "comma-separated" if sep == "," else f"separated by {sep!r}"
        raise ValueError(
            f"{name} does not seem to be {described} (its header is {header[0]!r}){also}. "
            f"Read it with {options} (load_csv's options; {flags} for glassnet train), "
            f"or save it as a CSV file with commas between the values{points}, "
            f"e.g. with pandas: pd.read_csv(path, {options}).to_csv(new_path, index=False)."
        )
    empty = [i + 1 for i, cell in enumerate(header) if not cell]
    if empty:
        raise ValueError(f"{name}: column {empty[0]} of the header has no name. Name every column.")
    seen = set()
    for cell in header:
        if cell in seen:
            raise ValueError(f"{name}: the column name {cell!r} appears twice in the header.")
        seen.add(cell)
    numbers = 0
    for cell in header:
        try:
            float(cell.replace(",", ".") if sep != "," else cell)
            numbers += 1
        except ValueError:
            pass
    if numbers == len(header):
        raise ValueError(
            f"{name} seems to have no header row: its first line is {', '.join(header)}. "
            "Add a first line with the column names."
        )


def load_csv(path, target=None, task="auto", impute="mean", ignore=None, scale=True, sep=",",
             decimal=".", encoding=None, **options):
    """Load a CSV file with a header as a Dataset ready for training.

    The rows go through a ``TabularPipeline`` fitted on them, the same one
    ``glassnet train`` uses: identifiers and dates are recognised, missing values
    imputed, text columns one-hot encoded, every input standardized, and the target
    becomes class indices (labels may be text or numbers) or, for regression, the
    standardized target (``data.pipeline.target_units`` turns values back).
    ``data.pipeline.decisions()`` lists every choice made.

    Parameters
    ----------
    path : str or path-like
    target : str or None
        The column to predict; None takes the last column.
    task : {"auto", "binary", "multiclass", "regression"}
        Inferred from the target when "auto" (see ``TabularEncoder``).
    impute : {None, "mean", "median"}, default "mean"
        None reports missing feature values as an error naming their lines.
    ignore : list of str or None
        Columns to leave out. Identifiers are left out too (``data.encoder.ignored``
        says why).
    scale : bool, default True
        Standardize the inputs and a regression target (False: raw encoded numbers).
    sep, decimal, encoding
        How the file is written: separator, decimal mark, text encoding (None
        detects it), as in ``read_table``.
    **options
        ``max_categories``, ``dates``, ``unseen``, ``missing_target``: see
        ``TabularPipeline``.

    Returns
    -------
    Dataset
        ``X`` (m, n_features), ``y`` (m,), ``classes``, ``feature_names``, the
        fitted ``pipeline`` (``encoder``: its column encoding) and the ``frame``.
        Set ``model.pipeline = data.pipeline`` before saving, and the model file
        predicts from a table (``model.predict(frame)``, ``glassnet predict``).

    Examples
    --------
    >>> import glassnet as gn
    >>> _ = open("patients.csv", "w").write("age,smoker,sick\\n30,no,0\\n52,yes,1\\n41,no,0\\n")
    >>> data = gn.datasets.load_csv("patients.csv", target="sick")
    >>> data.X.shape, data.task
    ((3, 3), 'binary')
    """
    from .pipeline import TabularPipeline

    frame, lines = read_table(path, sep=sep, decimal=decimal, encoding=encoding)
    if target is None:
        target = frame.columns[-1]
    pipeline = TabularPipeline(target, task=task, impute=impute, ignore=ignore or (),
                               scale=scale, scale_target=scale,
                               rows=lambda i: f"line {lines[i]}", **options)
    pipeline.fit(frame)
    if pipeline.encoder.n_dropped:
        frame = frame[frame[target].notna()]
    X = pipeline.transform(frame)
    y = pipeline.encode_target(frame[target])
    name = os.path.splitext(os.path.basename(os.fspath(path)))[0]
    return Dataset(X, y, name, pipeline.feature_names, target, pipeline.task,
                   classes=pipeline.classes, description=f"CSV file {os.fspath(path)}",
                   encoder=pipeline.encoder, frame=frame, pipeline=pipeline)
