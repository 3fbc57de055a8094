"""The gradebook as CSV files, and one feedback file per student.

- ``gradebook.csv``: ``student_id, name, status, points, max_points`` and one column
  per question (the points it earned; empty where a student has no such question).
- ``gradebook_moodle.csv``: for Moodle's "Import > CSV file" of the gradebook:
  ``ID number`` (map it to the user field *ID number*), ``Name``, one column with the
  points (map it to the grade item, whose maximum should be the max points) and
  ``Feedback`` (map it to that item's feedback).
- ``gradebook_canvas.csv``: Canvas's gradebook layout: ``Student, ID, SIS User ID,
  SIS Login ID, Section, <assignment>``, the second row ``Points Possible``; students
  are matched by ``SIS User ID`` (the roster's ids), ``ID`` is left empty.

Files are written atomically (complete or not at all).
"""

import csv
import io
from pathlib import Path

from ..saving import atomic_write


def _csv(rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _put(path, text):
    atomic_write(path, lambda f: f.write(text), text=True)


def _summary(s):
    if s.status != "graded":
        return f"{s.status}: {s.problem}"
    wrong = [v.key for v in s.verdicts if v.status != "right"]
    return (f"{s.total:g}/{s.max_total:g}" + (f"; to look at again: {', '.join(wrong)}"
                                                if wrong else "; all right"))


def feedback(s):
    """A student's feedback in Markdown: each question's verdict, and why."""
    lines = [f"# Feedback for {s.name} ({s.student_id})", "",
             f"**{s.total:g} of {s.max_total:g} points.**", ""]
    if s.status != "graded":
        lines += [f"Your answers could not be read ({s.status}): {s.problem}", "",
                  "Hand in a YAML file named after your student id, one `key: number` "
                  "line per question (the form on your sheet).", ""]
        return "\n".join(lines)
    if s.ignored:
        lines += [f"Not questions of your sheet (ignored): {', '.join(s.ignored)}.", ""]
    lines += ["| question | verdict | points | yours | expected | why |",
              "|---|---|---|---|---|---|"]
    for v in s.verdicts:
        why = v.message or ""  # explain's words, when it has some
        if v.status == "carried forward" and not why:
            why = (f"follows correctly from your earlier answer to {', '.join(v.depends_on)}, "
                   "which was wrong: partial credit")
        elif v.status == "new error" and not why:
            why = (f"a new error (your earlier {', '.join(v.depends_on)} were wrong too, but "
                   "do not give this)" if v.depends_on else "a new error")
        if v.slip and v.slip not in why:
            why += f" (looks like: {v.slip})"
        given = "" if v.given is None else f"{v.given}"
        lines.append(f"| {v.key} | {v.status} | {v.points:g}/{v.max_points:g} | {given} | "
                     f"{v.expected:.6g} | {why} |")
    return "\n".join(lines) + "\n"


def write_gradebook(book, out):
    """Write the CSV files and the feedback folder; return ``out``."""
    out = Path(out)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    keys = book.question_keys()
    rows = [["student_id", "name", "status", "points", "max_points"] + keys]
    for s in book.students:
        earned = {v.key: f"{v.points:g}" for v in s.verdicts}
        rows.append([s.student_id, s.name, s.status, f"{s.total:g}", f"{s.max_total:g}"]
                    + [earned.get(k, "") for k in keys])
    _put(out / "gradebook.csv", _csv(rows))
    item = f"{book.title} ({book.template})"
    _put(out / "gradebook_moodle.csv", _csv(
        [["ID number", "Name", item, "Feedback"]]
        + [[s.student_id, s.name, f"{s.total:g}", _summary(s)] for s in book.students]))
    top = max((s.max_total for s in book.students), default=0)
    _put(out / "gradebook_canvas.csv", _csv(
        [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", item],
         ["Points Possible", "", "", "", "", f"{top:g}"]]
        + [[s.name, "", s.student_id, "", "", f"{s.total:g}"] for s in book.students]))
    for s in book.students:
        _put(out / "feedback" / f"{s.student_id}.md", feedback(s))
    return out
