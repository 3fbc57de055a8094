"""``glassnet grade DIR ANSWERS``: mark a class's answers, write the gradebook.

``DIR`` is what ``glassnet exercise`` wrote; ``ANSWERS`` a folder of answer files
named by student id (``s01.yaml``) or one CSV file with a row per student. See
``glassnet.exercises.grade``.
"""

import click


@click.command(short_help="Mark a class's answers; write the gradebook and feedback.")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.argument("answers", type=click.Path(exists=True))
@click.option("--out", type=click.Path(file_okay=False),
              help="Folder for gradebook.csv, its LMS forms and feedback/ (default DIR/grades).")
@click.option("--carried-forward-credit", type=click.FloatRange(0, 1),
              help="Share of a question's points for an error carried forward (default: "
                   "the template's).")
def grade(folder, answers, out, carried_forward_credit):
    """Mark every student's ANSWERS for the exercises in FOLDER.

    \b
    Example:
      glassnet grade week5 week5-answers/ --carried-forward-credit 0.5
    """
    from ..exercises import grade as grade_class

    book = grade_class(folder, answers, out=out, carried_forward_credit=carried_forward_credit)
    for s in book.students:
        note = "" if s.status == "graded" else f"  ({s.status}: {s.problem})"
        click.echo(f"{s.student_id:12s} {s.total:6g} / {s.max_total:g}{note}")
    click.echo(f"Gradebook: {book.out}/gradebook.csv (Moodle: gradebook_moodle.csv, Canvas: "
               f"gradebook_canvas.csv); feedback per student in {book.out}/feedback/")
