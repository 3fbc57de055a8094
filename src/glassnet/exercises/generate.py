"""``generate``: one exercise per student, drawn reproducibly, checked, and written out.

For each student ``draw.student_rng(seed, id, attempt)`` draws a spec; the spec is
solved by explain (``_checker.solve``) and redrawn (``attempt + 1``) while
``checks.degenerate`` finds a fault or another student already has the same
numbers (then the student later in id order redraws). The folder written::

    OUT/class.json          what grading reads: template, seed, tolerance, questions
    OUT/template.yaml       the template used (a copy)
    OUT/key.md .html [.pdf] the teacher's combined key
    OUT/quiz_moodle.xml     the Moodle XML quiz (see moodle.py)
    OUT/<id>/exercise.yaml  the exercise as an explain spec: glassnet explain <id>/exercise.yaml
    OUT/<id>/sheet.md .html [.pdf]   the student's sheet
    OUT/<id>/key.md .html   the solution key with the worked solution
    OUT/<id>/answers.yaml   an empty answer form
"""

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import document
from ._checker import solve_steps
from .checks import degenerate
from .draw import draw_spec, fingerprint, student_rng
from .questions import all_questions
from .roster import check_ids, numbered, read_roster
from .template import Template, load_template

MAX_ATTEMPTS = 500
FORMAT = "glassnet-exercises"


@dataclass
class Exercise:
    """One student's exercise: the spec, its worked solution and its questions.

    Parameters
    ----------
    student_id, name : str
    seed, attempt : int
        The class's seed; the draw that was kept (0 unless earlier ones were degenerate).
    spec : dict
        The exercise in ``glassnet explain``'s spec format.
    reports : list of glassnet.explanation.Report
        Its worked solution, one report per step (``report``: the first).
    questions : list of Question
        What the student computes: ``key``, ``value``, ``points``.

    Examples
    --------
    >>> from glassnet import exercises
    >>> exercise = exercises.generate("lab_221_sigmoid", students=2, seed=7)["s01"]
    >>> exercise.student_id, exercise.name, exercise.seed
    ('s01', 'Student 1', 7)
    >>> exercise.questions[0].key, type(exercise.reports[0]).__name__
    ('a1', 'Report')
    """

    student_id: str
    name: str
    seed: int
    attempt: int
    spec: dict
    reports: list
    questions: list

    @property
    def report(self):
        return self.reports[0]


@dataclass
class ExerciseSet:
    """A class's exercises and where they were written.

    Parameters
    ----------
    template : Template
    seed : int
    exercises : list of Exercise
        In student-id order; ``result["s01"]`` picks one.
    out : Path or None
        The folder written, if any.

    Examples
    --------
    >>> from glassnet import exercises
    >>> week = exercises.generate("lab_221_sigmoid", students=2, seed=7)
    >>> week.template.name, [e.student_id for e in week.exercises], week.out
    ('lab_221_sigmoid', ['s01', 's02'], None)
    """

    template: Template
    seed: int
    exercises: list
    out: object = None

    def __getitem__(self, student_id):
        for ex in self.exercises:
            if ex.student_id == student_id:
                return ex
        raise KeyError(f"No student {student_id!r}; the ids are "
                       f"{[e.student_id for e in self.exercises]}.")

    def __len__(self):
        return len(self.exercises)


def draw_exercise(template, seed, student_id, name="", taken=(), start=0):
    """The first fit exercise of ``student_id`` from draw ``start`` on."""
    reasons = []
    for attempt in range(start, start + MAX_ATTEMPTS):
        spec = draw_spec(template, student_rng(seed, student_id, attempt))
        if fingerprint(spec) in taken:
            continue
        reports = solve_steps(spec, template.name)
        qs = all_questions(reports, template)
        reason = next((r for k, report in enumerate(reports, start=1) if (r := degenerate(
            report, [q for q in qs if q.step == k], template))), None)
        if reason is None:
            return Exercise(student_id, name or student_id, int(seed), attempt, spec, reports,
                            qs)
        reasons.append(reason)
    raise ValueError(f"Template {template.name!r}: no exercise fit for hand calculation in "
                     f"{MAX_ATTEMPTS} draws for student {student_id!r} (last reasons: "
                     f"{'; '.join(reasons[-3:])}). Widen its ranges or add decimals.")


def _students(students, roster):
    if (students is None) == (roster is None):
        raise ValueError("Give either students=N (ids s01, s02, ...) or roster=<CSV file or "
                         "list of (id, name)>, not both and not neither.")
    if roster is None:
        return numbered(students)
    if isinstance(roster, (str, os.PathLike)):
        return read_roster(roster)
    return check_ids([(str(s[0]), str(s[1]) if len(s) > 1 else str(s[0])) for s in roster],
                     "roster")


def generate(template, students=None, roster=None, seed=0, out=None, pdf="auto",
             moodle="per-student"):
    """Draw one exercise per student; write them to ``out`` when given.

    Parameters
    ----------
    template : str or Path
        A shipped template name (``glassnet.exercises.list_templates()``) or a file.
    students : int, optional
        That many students, ids ``s01, s02, ...``.
    roster : str, Path or list of (id, name), optional
        A roster CSV (see ``roster.py``) or the students themselves.
    seed : int
        With a student's id, it fixes the student's exercise.
    out : str or Path, optional
        The folder to write (see the module docstring); nothing is written without it.
    pdf : "auto", True or False
        PDF sheets and key via pdflatex: when it is installed / always / never.
    moodle : "per-student", "bank" or None
        The Moodle XML quiz written beside (see ``moodle.to_moodle_xml``).

    Returns
    -------
    ExerciseSet

    Examples
    --------
    >>> from glassnet import exercises
    >>> week = exercises.generate("lab_221_sigmoid", students=3, seed=7)
    >>> len(week), week["s01"].questions[0].key
    (3, 'a1')
    >>> week["s01"].spec == exercises.generate("lab_221_sigmoid", students=30, seed=7)["s01"].spec
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}.")
    template = template if isinstance(template, Template) else load_template(template)
    people = sorted(_students(students, roster))
    taken, exercises = set(), []
    for sid, name in people:  # a collision redraws the later id (in sorted order)
        ex = draw_exercise(template, seed, sid, name, taken)
        taken.add(fingerprint(ex.spec))
        exercises.append(ex)
    result = ExerciseSet(template, seed, exercises)
    if out is not None:
        write(result, out, pdf=pdf, moodle=moodle)
    return result


def manifest(result):
    """What ``grade`` needs, as a JSON-ready dict."""
    t = result.template
    return {
        "format": FORMAT, "version": 1, "template": t.name, "title": t.title,
        "seed": result.seed, "notation": t.notation, "tolerance": t.tolerance,
        "carried_forward_credit": t.carried_forward_credit, "key_digits": t.key_digits,
        "students": [{
            "id": ex.student_id, "name": ex.name, "attempt": ex.attempt,
            "exercise": f"{ex.student_id}/exercise.yaml", "steps": ex.spec.get("steps", 1),
            "questions": [{"key": q.key, "value": q.value, "points": q.points,
                           "group": q.group, "text": q.text, "latex": q.latex,
                           "scale": q.scale, "step": q.step} for q in ex.questions],
        } for ex in result.exercises],
    }


def _spec_yaml(ex, template):
    import yaml

    from ._checker import spec_takes_steps

    spec, note = ex.spec, ""
    if spec.get("steps", 1) > 1 and not spec_takes_steps():
        spec = {k: v for k, v in spec.items() if k != "steps"}
        note = (f"# It has {ex.spec['steps']} steps; this spec is step 1 (explain's specs do "
                "not take 'steps' yet).\n# The later steps start from the weights and the "
                "optimizer state step 1 leaves: see key.md.\n")
    head = (f"# {template.title}\n# Exercise of {ex.name} ({ex.student_id}), template "
            f"{template.name}, seed {ex.seed}.\n# Its worked solution: glassnet explain "
            "exercise.yaml\n" + note)
    return head + yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)


def _write_document(folder, stem, blocks, title, pdf):
    Path(folder, f"{stem}.md").write_text(document.to_markdown(blocks), encoding="utf-8")
    Path(folder, f"{stem}.html").write_text(document.to_html(blocks, title), encoding="utf-8")
    if pdf:
        from .pdf import compile_pdf

        latex = document.to_latex(blocks)
        Path(folder, f"{stem}.tex").write_text(latex, encoding="utf-8")
        compile_pdf(latex, os.path.join(folder, f"{stem}.pdf"))


def write(result, out, pdf="auto", moodle="per-student"):
    """Write ``result`` into the folder ``out``: all of it, or (on an error) nothing."""
    from .moodle import to_moodle_xml
    from .pdf import have_pdflatex
    from .sheet import answer_form, class_key_blocks, key_blocks, sheet_blocks

    if pdf == "auto":
        pdf = have_pdflatex()
    t, out = result.template, Path(out)
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {str(out)!r} is a file, not a folder.")
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".glassnet-tmp-", dir=out))
    try:
        for ex in result.exercises:
            folder = tmp / ex.student_id
            folder.mkdir()
            (folder / "exercise.yaml").write_text(_spec_yaml(ex, t), encoding="utf-8")
            (folder / "answers.yaml").write_text(
                f"# Answers of {ex.name} ({ex.student_id}): hand this file in as "
                f"{ex.student_id}.yaml\n" + answer_form(ex.questions), encoding="utf-8")
            _write_document(folder, "sheet", sheet_blocks(ex, t), t.title, pdf)
            _write_document(folder, "key", key_blocks(ex, t), f"Key: {t.title}", False)
        _write_document(tmp, "key", class_key_blocks(result.exercises, t), "Key", pdf)
        (tmp / "class.json").write_text(json.dumps(manifest(result), indent=1),
                                        encoding="utf-8")
        shutil.copyfile(t.path, tmp / "template.yaml")
        if moodle:
            (tmp / "quiz_moodle.xml").write_text(to_moodle_xml(result, mode=moodle),
                                                 encoding="utf-8")
        for entry in sorted(tmp.iterdir()):
            target = out / entry.name
            if target.is_dir():
                shutil.rmtree(target)
            os.replace(entry, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result.out = out
    return out
