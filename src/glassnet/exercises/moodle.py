"""The exercises as a Moodle XML quiz: numerical answers with a tolerance.

Two layouts (``mode``):

- ``"per-student"``: a question category per student (``glassnet/<template>/<id>``)
  holding one *numerical* question per quantity; each question repeats the
  student's given numbers. Put a student's category into their quiz (or use
  Moodle's group/user overrides).
- ``"bank"``: one category ``glassnet/<template>`` with one *cloze* (embedded
  answers) question per student, each a whole variant whose blanks are
  ``{p:NUMERICAL:=value:tolerance}``; a quiz with one "random question" from the
  category gives every attempt one consistent variant.

The tolerance is absolute, as Moodle's is: ``atol + rtol * scale``, the rule of
glassnet's checker (``scale`` is ``|value|``, or ``|change|`` for a new weight).
Moodle marks each blank on its own: it gives no credit for an error carried
forward (``glassnet grade`` does).
"""

from xml.sax.saxutils import escape

from . import document
from .sheet import sheet_blocks


def tolerance(q, rtol, atol):
    """Moodle's absolute tolerance for question ``q``."""
    return atol + rtol * q.scale


def _given_html(ex, template):
    blocks = sheet_blocks(ex, template)
    start = next(i for i, b in enumerate(blocks) if b[0] == "h2")
    end = next(i for i, b in enumerate(blocks) if b[0] == "h2" and b[1][0].startswith("Compute"))
    return document.html_body(blocks[start:end])


def _text(tag, value, fmt=None, cdata=False):
    body = f"<![CDATA[{value}]]>" if cdata else escape(str(value))
    attr = f' format="{fmt}"' if fmt else ""
    return f"<{tag}{attr}><text>{body}</text></{tag}>"


def _category(path):
    return ('  <question type="category">\n    <category><text>$course$/top/'
            f'{escape(path)}</text></category>\n  </question>')


def _numerical(ex, q, given, rtol, atol):
    import html

    text = (f"{given}<p>Compute <b>{html.escape(q.text)}</b> (answer key "
            f"<code>{html.escape(q.key)}</code>).</p>")
    return "\n".join([
        '  <question type="numerical">',
        "    " + _text("name", f"{ex.student_id} {q.key}"),
        "    " + _text("questiontext", text, "html", cdata=True),
        f"    <defaultgrade>{q.points:g}</defaultgrade>",
        "    <penalty>0</penalty>",
        "    <hidden>0</hidden>",
        f"    <idnumber>{escape(ex.student_id)}-{escape(q.key)}</idnumber>",
        f'    <answer fraction="100" format="moodle_auto_format"><text>{q.value!r}</text>'
        f"<tolerance>{tolerance(q, rtol, atol)!r}</tolerance>"
        '<feedback format="html"><text>Right.</text></feedback></answer>',
        "    <unitgradingtype>0</unitgradingtype>",
        "    <unitpenalty>0</unitpenalty>",
        "    <showunits>3</showunits>",
        "    <unitsleft>0</unitsleft>",
        "  </question>",
    ])


def cloze_blank(q, rtol, atol):
    """One embedded-answer blank: ``{1:NUMERICAL:=0.5523:0.005523}``."""
    return f"{{{q.points:g}:NUMERICAL:={q.value!r}:{tolerance(q, rtol, atol)!r}}}"


def _cloze(ex, given, rtol, atol):
    import html

    rows = "".join(f"<li>{html.escape(q.text)} = {cloze_blank(q, rtol, atol)}</li>"
                   for q in ex.questions)
    total = sum(q.points for q in ex.questions)
    return "\n".join([
        '  <question type="cloze">',
        "    " + _text("name", f"variant {ex.student_id}"),
        "    " + _text("questiontext", f"{given}<ol>{rows}</ol>", "html", cdata=True),
        "    " + _text("generalfeedback", f"Re-create the worked solution with: glassnet "
                                          f"explain {ex.student_id}/exercise.yaml", "html"),
        f"    <defaultgrade>{total:g}</defaultgrade>",
        "    <penalty>0</penalty>",
        "    <hidden>0</hidden>",
        f"    <idnumber>{escape(ex.student_id)}</idnumber>",
        "  </question>",
    ])


def to_moodle_xml(result, mode="per-student"):
    """The Moodle XML quiz of an ``ExerciseSet`` (see the module docstring).

    Parameters
    ----------
    result : ExerciseSet
    mode : {"per-student", "bank"}

    Returns
    -------
    str
        The XML document.

    Examples
    --------
    >>> from glassnet import exercises
    >>> xml = exercises.to_moodle_xml(exercises.generate("lab_221_sigmoid", students=2))
    >>> xml.count('<question type="numerical">')
    44
    """
    if mode not in ("per-student", "bank"):
        raise ValueError(f"moodle mode must be 'per-student' or 'bank', got {mode!r}.")
    t = result.template
    rtol, atol = t.tolerance["rtol"], t.tolerance["atol"]
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    if mode == "bank":
        parts.append(_category(f"glassnet/{t.name}"))
    for ex in result.exercises:
        given = _given_html(ex, t)
        if mode == "bank":
            parts.append(_cloze(ex, given, rtol, atol))
        else:
            parts.append(_category(f"glassnet/{t.name}/{ex.student_id}"))
            parts += [_numerical(ex, q, given, rtol, atol) for q in ex.questions]
    parts.append("</quiz>")
    return "\n".join(parts) + "\n"
