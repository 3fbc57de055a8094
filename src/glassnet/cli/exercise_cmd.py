"""``glassnet exercise TEMPLATE``: one backpropagation exercise per student.

Draws each student's exercise from a template (a shipped name or a YAML file),
reproducibly from ``--seed`` and the student's id, and writes the exercise specs,
the sheets (Markdown, HTML; PDF when pdflatex is installed), the keys and a Moodle
XML quiz into ``--out`` (see ``glassnet.exercises.generate``).
"""

import click

from ._errors import UserError


@click.command(short_help="Exercise sheets for a class, drawn from a TEMPLATE.")
@click.argument("template", required=False)
@click.option("--students", type=click.IntRange(1, 10000),
              help="Number of students (ids s01, s02, ...).")
@click.option("--roster", type=click.Path(dir_okay=False),
              help="CSV file with a student id column (id, student_id or 'ID number') and "
                   "optionally a name column.")
@click.option("--seed", type=click.IntRange(0), default=0, show_default=True,
              help="With each student's id, it fixes that student's exercise.")
@click.option("--out", type=click.Path(file_okay=False), help="Folder to write.")
@click.option("--pdf/--no-pdf", default=None,
              help="PDF sheets via pdflatex (default: when pdflatex is installed).")
@click.option("--moodle", type=click.Choice(["per-student", "bank", "none"]),
              default="per-student", show_default=True,
              help="Moodle XML quiz: numerical questions per student, or one cloze "
                   "question per student in a question bank.")
@click.option("--list", "list_", is_flag=True, help="List the shipped templates.")
def exercise(template, students, roster, seed, out, pdf, moodle, list_):
    """Write one exercise per student from TEMPLATE (a shipped name or a YAML file).

    \b
    Examples:
      glassnet exercise --list
      glassnet exercise lab_221_sigmoid --students 30 --seed 7 --out week5
      glassnet exercise relu_mse --roster roster.csv --seed 7 --out week6
    """
    from ..exercises import generate, list_templates

    if list_:
        for name, title in list_templates().items():
            click.echo(f"{name:24s} {title}")
        return
    if template is None:
        raise UserError("Give a TEMPLATE (see 'glassnet exercise --list') or --list.")
    if (students is None) == (roster is None):
        raise UserError("Give either --students N or --roster roster.csv.")
    if out is None:
        raise UserError("Give --out DIR, the folder the sheets and keys go to.")
    result = generate(template, students=students, roster=roster, seed=seed, out=out,
                      pdf="auto" if pdf is None else pdf,
                      moodle=None if moodle == "none" else moodle)
    n = len(result)
    click.echo(f"Wrote {n} exercise{'s' if n != 1 else ''} of {result.template.name} to {out}: "
               f"one folder per student (exercise.yaml, sheet, key, answers.yaml), key.md, "
               f"class.json{', quiz_moodle.xml' if moodle != 'none' else ''}.")
    click.echo(f"Grade the answers with: glassnet grade {out} ANSWERS")
