"""``grade``: mark a class's answers with explain's checker; gradebook and feedback.

Answers come as a folder with one file per student, named by student id
(``s01.yaml``, ``s01.yml`` or ``s01.json``, explain's answer-file format: a mapping
``{key: number}``), or as one CSV file with a row per student: an id column (as in
a roster) and a column per answer key. Each student's exercise is solved again from
its spec (``<id>/exercise.yaml``) and every question gets a verdict and points:

- ``right``: full points (also when it follows from the student's own rounded,
  right earlier values);
- ``carried forward``: it follows correctly from an earlier wrong answer:
  ``carried_forward_credit`` of its points (the template's, unless given);
- ``new error``, ``not answered``, ``unusable`` (not a number): no points.

A missing or malformed answer file is reported for that student (0 points) and the
rest of the class is graded. Files written (``out``, by default ``DIR/grades``):
``gradebook.csv``, ``gradebook_moodle.csv``, ``gradebook_canvas.csv`` (see
``gradebook.py``) and ``feedback/<id>.md``.
"""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from ._checker import mark_steps, solve_steps
from .generate import FORMAT
from .questions import Question


@dataclass
class StudentGrade:
    """One student's result.

    Parameters
    ----------
    student_id, name : str
    status : str
        ``"graded"``, ``"missing"`` (no answers) or ``"malformed"`` (unreadable).
    verdicts : list of Verdict
        One per question: ``key``, ``status``, ``points``, ``max_points``,
        ``expected``, ``given``, ``depends_on``.
    max_total : float
    problem : str
        Why the answers could not be read, if they could not.
    ignored : list of str
        Answer names that are no question of the sheet.
    """

    student_id: str
    name: str
    status: str
    verdicts: list = field(default_factory=list)
    max_total: float = 0.0
    problem: str = ""
    ignored: list = field(default_factory=list)

    @property
    def total(self):
        return float(sum(v.points for v in self.verdicts))


@dataclass
class Gradebook:
    """The class's grades.

    Parameters
    ----------
    title, template : str
    students : list of StudentGrade
        In student-id order; ``book["s01"]`` picks one.
    out : Path or None
        The folder the files were written to.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from glassnet import exercises
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> _ = exercises.generate("slides_231_linear", students=2, seed=1, out=root / "week",
    ...                        pdf=False)
    >>> (root / "answers").mkdir()
    >>> _ = (root / "answers" / "s02.yaml").write_text("loss: 1.0")
    >>> book = exercises.grade(root / "week", root / "answers", write=False)
    >>> book["s01"].status, book["s02"].status
    ('missing', 'graded')
    """

    title: str
    template: str
    students: list
    out: object = None

    def __getitem__(self, student_id):
        for s in self.students:
            if s.student_id == student_id:
                return s
        raise KeyError(student_id)

    def question_keys(self):
        """Every question key, in the order the exercises ask them."""
        keys = []
        for s in self.students:
            keys += [v.key for v in s.verdicts if v.key not in keys]
        return keys


def read_manifest(folder):
    path = Path(folder) / "class.json"
    if not path.exists():
        raise ValueError(f"{str(folder)!r} holds no class.json: give the folder that "
                         "'glassnet exercise ... --out DIR' wrote.")
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path} is not a glassnet exercises file (format "
                         f"{data.get('format')!r}).")
    return data


def _answer_files(answers):
    """``{student id: path}`` of a folder of answer files."""
    files = {}
    for path in sorted(Path(answers).iterdir()):
        if path.suffix.lower() in (".yaml", ".yml", ".json") and path.is_file():
            files.setdefault(path.stem, path)
    return files


def _csv_rows(path):
    """``{student id: {key: cell}}`` of an answers CSV."""
    from .roster import _ID_COLUMNS

    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise ValueError(f"Answers CSV {str(path)!r} has no rows below its header.")
    columns = {c.strip().lower(): c for c in rows[0] if c}
    id_col = next((columns[c] for c in _ID_COLUMNS if c in columns), None)
    if id_col is None:
        raise ValueError(f"Answers CSV {str(path)!r} has no student id column (one of "
                         f"{', '.join(_ID_COLUMNS)}).")
    out = {}
    for row in rows:
        sid = (row.pop(id_col) or "").strip()
        if sid:
            out[sid] = {k.strip(): v for k, v in row.items()
                        if k and k.strip().lower() not in ("name", "first name", "last name")}
    return out


def _read_file(path):
    """A student's answers from a file, or a ValueError saying why it is unusable."""
    from ..explanation.answers import read_answers

    try:
        answers = read_answers(path)
    except (ValueError, TypeError) as error:
        raise ValueError(" ".join(str(error).split())) from None
    return answers


def _match(answers, qs):
    """``({question key: value}, [ignored keys])``: names matched as explain reads them."""
    from ..explanation.answers import normalize_key

    by_norm = {normalize_key(q.key): q.key for q in qs}
    matched, ignored = {}, []
    for key, value in answers.items():
        q = by_norm.get(normalize_key(key))
        (ignored.append(str(key)) if q is None else matched.__setitem__(q, value))
    return matched, ignored


def grade(folder, answers, out=None, carried_forward_credit=None, write=True):
    """Mark every student of the class in ``folder`` (see the module docstring).

    Parameters
    ----------
    folder : str or Path
        What ``generate(..., out=folder)`` (or ``glassnet exercise``) wrote.
    answers : str or Path
        A folder of ``<id>.yaml`` (``.yml``, ``.json``) files, or one CSV file.
    out : str or Path, optional
        Where the gradebook and feedback go (default ``folder/grades``).
    carried_forward_credit : float in [0, 1], optional
        The share of a question's points for an error carried forward; the template's
        (0.5 in the shipped ones) by default.
    write : bool
        Write the files (else only return the gradebook).

    Returns
    -------
    Gradebook

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from glassnet import exercises
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> week = exercises.generate("slides_231_linear", students=2, seed=1, out=root / "week",
    ...                           pdf=False)
    >>> (root / "answers").mkdir()
    >>> _ = (root / "answers" / "s01.yaml").write_text("loss: 12.5")
    >>> book = exercises.grade(root / "week", root / "answers")
    >>> [(s.student_id, s.status, s.total) for s in book.students]
    [('s01', 'graded', 0.0), ('s02', 'missing', 0.0)]
    """
    folder = Path(folder)
    data = read_manifest(folder)
    answers = Path(answers)
    if not answers.exists():
        raise ValueError(f"Answers {str(answers)!r} do not exist: give a folder of <id>.yaml "
                         "files or a CSV file with a row per student.")
    rows = _csv_rows(answers) if answers.is_file() else None
    files = None if rows is not None else _answer_files(answers)
    cf = (data["carried_forward_credit"] if carried_forward_credit is None
          else carried_forward_credit)
    if not 0 <= float(cf) <= 1:
        raise ValueError(f"carried_forward_credit must be in [0, 1], got {cf!r}.")
    rtol, atol = data["tolerance"]["rtol"], data["tolerance"]["atol"]
    students = []
    for st in data["students"]:
        qs = [Question(**q) for q in st["questions"]]
        result = StudentGrade(st["id"], st["name"], "graded",
                              max_total=float(sum(q.points for q in qs)))
        students.append(result)
        try:
            if rows is not None:
                if st["id"] not in rows:
                    raise FileNotFoundError(f"no row for {st['id']} in {answers.name}")
                given = rows[st["id"]]
            else:
                if st["id"] not in files:
                    raise FileNotFoundError(f"no answer file {st['id']}.yaml (or .yml, .json) "
                                            f"in {answers}")
                given = _read_file(files[st["id"]])
        except FileNotFoundError as error:
            result.status, result.problem = "missing", str(error)
        except ValueError as error:
            result.status, result.problem = "malformed", str(error)
        if result.status != "graded":
            result.verdicts = mark_steps([None] * max(q.step for q in qs), qs, {}, cf, rtol,
                                         atol)
            continue
        matched, result.ignored = _match(given, qs)
        reports = solve_steps(folder / st["exercise"], steps=st.get("steps", 1))
        result.verdicts = mark_steps(reports, qs, matched, float(cf), rtol, atol)
    book = Gradebook(data["title"], data["template"], students)
    if write:
        from .gradebook import write_gradebook

        book.out = write_gradebook(book, Path(out) if out else folder / "grades")
    return book
