"""Exercise sheets for a whole class, and grading them.

- ``generate(template, students=30, seed=1, out="week5")``: one exercise per student
  from a template (``list_templates()`` names the shipped ones), reproducible from
  the seed and the student's id; specs in explain's format, sheets (Markdown, HTML,
  PDF), keys and a Moodle XML quiz.
- ``grade("week5", "answers/")``: marks every student's answers with explain's
  checker (errors carried forward earn part of the points) and writes a gradebook
  CSV, its LMS forms and a feedback file per student.
"""

from .generate import Exercise, ExerciseSet, generate
from .grading import Gradebook, grade
from .moodle import to_moodle_xml
from .template import Template, TemplateError, list_templates, load_template

__all__ = ["Exercise", "ExerciseSet", "Gradebook", "Template", "TemplateError", "generate",
           "grade", "list_templates", "load_template", "to_moodle_xml"]
