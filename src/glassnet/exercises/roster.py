"""The students of a class: ``--students N`` (ids s01, s02, ...) or a roster CSV.

A roster is a CSV file with a header row and a column of student ids, named ``id``,
``student_id``, ``id number`` or ``sis user id`` (any case), and optionally a
``name`` column (or ``first name`` and ``last name``). Ids become folder and file
names, so they may hold letters, digits, ``.``, ``-`` and ``_`` only.
"""

import csv
import re
from pathlib import Path

_ID_COLUMNS = ("id", "student_id", "student id", "id number", "idnumber", "sis user id")
_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def numbered(n):
    """``n`` students ``s01 .. sNN`` (names "Student 1", ...)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"students must be a positive integer, got {n!r}.")
    width = max(2, len(str(n)))
    return [(f"s{i:0{width}d}", f"Student {i}") for i in range(1, n + 1)]


def check_ids(students, where="the roster"):
    """Raise a clear error for an unsafe or repeated id; return ``students``."""
    seen = set()
    for sid, _name in students:
        if not _SAFE.match(sid):
            raise ValueError(f"{where}: student id {sid!r} cannot be a file name; use letters, "
                             "digits, '.', '-' and '_' only.")
        if sid in seen:
            raise ValueError(f"{where}: student id {sid!r} appears twice; ids must be unique.")
        seen.add(sid)
    if not students:
        raise ValueError(f"{where} lists no students.")
    return students


def read_roster(path):
    """``[(student_id, name), ...]`` from a roster CSV (see the module docstring)."""
    path = Path(path)
    if not path.exists():
        raise ValueError(f"Roster file {str(path)!r} does not exist.")
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise ValueError(f"Roster {str(path)!r} has no rows below its header.")
    columns = {c.strip().lower(): c for c in rows[0] if c}
    id_col = next((columns[c] for c in _ID_COLUMNS if c in columns), None)
    if id_col is None:
        raise ValueError(f"Roster {str(path)!r} has no student id column; name one of "
                         f"{', '.join(_ID_COLUMNS)} (its columns are {list(rows[0])}).")
    students = []
    for row in rows:
        sid = (row.get(id_col) or "").strip()
        if not sid:
            continue
        if "name" in columns:
            name = row[columns["name"]]
        else:
            name = " ".join(row.get(columns.get(c, ""), "") or "" for c in ("first name",
                                                                           "last name"))
        students.append((sid, " ".join((name or "").split()) or sid))
    return check_ids(students, f"Roster {str(path)!r}")
