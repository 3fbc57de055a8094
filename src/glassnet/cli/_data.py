"""DATA on the command line: a CSV path or the name of a built-in data set."""

import os

from ._errors import UserError

DEFAULT_DATA = "breast_cancer"


def read_data(data, sep=",", decimal=".", encoding=None):
    """Return ``(frame, rows, info)`` for a CSV path or a built-in name.

    ``sep``, ``decimal`` and ``encoding`` say how a CSV file is written (see
    ``glassnet.datasets.read_table``; encoding None detects it).

    ``frame`` is a pandas DataFrame with the feature columns and the target column;
    ``rows(i)`` describes row ``i`` in messages; ``info`` is a dict with ``name``,
    ``target`` (the default target), ``task`` (known for built-ins, else "auto") and
    ``builtin`` (bool).
    """
    from .. import datasets

    key = str(data).lower().replace("-", "_")
    if key in datasets.BUILTIN and not os.path.isfile(data):
        return _builtin_frame(datasets.load(key))
    if not os.path.exists(data) and not _looks_like_path(data):
        raise UserError(
            f"DATA {data!r} is neither a file nor a built-in data set. Give the path of a "
            f"CSV file, or one of: {', '.join(datasets.BUILTIN)} (see 'glassnet datasets')."
        )
    frame, lines = datasets.read_table(data, sep=sep, decimal=decimal, encoding=encoding)
    info = {"name": os.path.basename(data), "target": frame.columns[-1], "task": "auto",
            "builtin": False, "csv": {"sep": sep, "encoding": encoding}}
    return frame, (lambda i: f"line {lines[i]}"), info


def _looks_like_path(data):
    return os.sep in data or "/" in data or "." in os.path.basename(data)


def _builtin_frame(dataset):
    import pandas as pd

    frame = pd.DataFrame(dataset.X, columns=dataset.feature_names)
    if dataset.classes is None:
        frame[dataset.target_name] = dataset.y
    else:
        frame[dataset.target_name] = [dataset.classes[i] for i in dataset.y]
    info = {"name": dataset.name, "target": dataset.target_name, "task": dataset.task,
            "builtin": True}
    return frame, (lambda i: f"row {i + 1}"), info


def parse_columns(text, option):
    """``"a,b"`` -> ``["a", "b"]`` for options that name columns."""
    if not text:
        return []
    names = [name.strip() for name in text.split(",")]
    if any(not name for name in names):
        raise UserError(f"{option} expects column names separated by commas, but got {text!r}.")
    return names

