"""Reading a CSV file with a header into a Dataset, with clear messages for bad files."""

import csv
import io
import os
import re

from ._dataset import Dataset
from .encoding import TabularEncoder


def _read_text(path):
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No file at {path!r}. Check the path and the current folder.")
    if os.path.isdir(path):
        raise IsADirectoryError(f"{path!r} is a folder, not a CSV file. Give the path of a file.")
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as error:
        raise OSError(f"Cannot read {path!r}: {error.strerror or error}.") from None
    if b"\x00" in raw[:65536]:
        raise ValueError(f"{path!r} is not a text CSV file (it holds binary data).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def read_table(path):
    """Read a CSV file with a header row into a DataFrame, checking its shape.

    Returns
    -------
    frame : pandas.DataFrame
        One row per non-blank data line, columns named by the header.
    lines : list of int
        The file line number of each row (for messages).

    Raises
    ------
    ValueError
        For an empty file, a missing header, duplicate or empty column names, a row
        with too many or too few values (naming its line), or a file that is not text.
    """
    import pandas as pd

    text = _read_text(path)
    name = os.path.basename(os.fspath(path))
    reader = csv.reader(io.StringIO(text))
    header, lines = None, []
    try:
        for row in reader:
            if not row or all(not cell.strip() for cell in row):
                continue
            if header is None:  # checked first: a ';' file also fails the row lengths
                header = [cell.strip() for cell in row]
                _check_header(header, name, text)
                continue
            if len(row) != len(header):
                raise ValueError(
                    f"{name} line {reader.line_num} has {len(row)} values but the header "
                    f"has {len(header)} columns ({', '.join(header)}). Every row needs one "
                    "value per column: fix or remove that line."
                )
            lines.append(reader.line_num)
    except csv.Error as error:
        raise ValueError(f"{name} line {reader.line_num} is not valid CSV: {error}.") from None
    if header is None:
        raise ValueError(
            f"{name} is empty. A CSV needs a header row with the column names, then one "
            "row per example."
        )
    if not lines:
        raise ValueError(f"{name} has a header ({', '.join(header)}) but no data rows.")
    try:
        frame = pd.read_csv(io.StringIO(text), skipinitialspace=True)
    except (pd.errors.ParserError, ValueError) as error:
        raise ValueError(f"{name} could not be read as CSV: {error}".strip()) from None
    frame.columns = header
    if len(frame) != len(lines):  # defensive: both skip blank lines
        lines = list(range(2, len(frame) + 2))
    return frame, lines


def _check_header(header, name, text):
    separators = [sep for sep in (";", "\t", "|") if sep in header[0]] if len(header) == 1 else []
    if separators:
        options, also, points = f"sep={separators[0]!r}", "", ""
        decimal = re.search(r"\d+,\d+", text)  # 233,5: a decimal comma (European CSV)
        if decimal:
            options += ", decimal=','"
            also = f", and its numbers seem to use decimal commas (such as {decimal[0]!r})"
            points = " and decimal points"
        raise ValueError(
            f"{name} does not seem to be comma-separated (its header is {header[0]!r}){also}. "
            f"Save it as a CSV file with commas between the values{points}, e.g. with pandas: "
            f"pd.read_csv(path, {options}).to_csv(new_path, index=False)."
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
            float(cell)
            numbers += 1
        except ValueError:
            pass
    if numbers == len(header):
        raise ValueError(
            f"{name} seems to have no header row: its first line is {', '.join(header)}. "
            "Add a first line with the column names."
        )


def load_csv(path, target=None, task="auto", impute=None, ignore=None):
    """Load a CSV file with a header as a Dataset ready for training.

    Numeric columns are kept; text columns are one-hot encoded; the target column
    gives class indices (labels may be text or numbers) or, for regression, floats.

    Parameters
    ----------
    path : str or path-like
    target : str or None
        The column to predict; None takes the last column.
    task : {"auto", "binary", "multiclass", "regression"}
        Inferred from the target when "auto" (see ``TabularEncoder``).
    impute : {None, "mean", "median"}
        None reports missing feature values as an error naming their lines.
    ignore : list of str or None
        Columns to leave out. Text columns with a different value in every row and
        columns named ``id`` are left out too (``dataset.encoder.ignored`` says why).

    Returns
    -------
    Dataset
        ``X`` (m, n_features), ``y`` (m,), ``classes``, ``feature_names``, the
        fitted ``encoder`` and the ``frame`` as read.

    Examples
    --------
    >>> data = gn.datasets.load_csv("patients.csv", target="outcome")
    >>> X, y = data
    """
    frame, lines = read_table(path)
    if target is None:
        target = frame.columns[-1]
    encoder = TabularEncoder(target, task=task, impute=impute, ignore=ignore or (),
                             rows=lambda i: f"line {lines[i]}")
    encoder.fit(frame)
    X = encoder.transform(frame)
    y = encoder.encode_target(frame[target])
    name = os.path.splitext(os.path.basename(os.fspath(path)))[0]
    return Dataset(X, y, name, encoder.feature_names, target, encoder.task,
                   classes=encoder.classes, description=f"CSV file {os.fspath(path)}",
                   encoder=encoder, frame=frame)
