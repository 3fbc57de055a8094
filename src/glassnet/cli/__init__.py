"""The ``glassnet`` command: train, evaluate, predict, summary, demo, explain, datasets,
exercise, grade.

Every sub-command has ``--help``. A mistake in the input (a missing file, a bad
column, an impossible option) is reported as one line starting with ``Error:`` and
exit status 2; nothing already on disk is overwritten by a failed run.
"""

import click

from ._errors import GlassnetGroup
from .datasets_cmd import datasets
from .demo_cmd import demo
from .evaluate_cmd import evaluate
from .exercise_cmd import exercise
from .explain_cmd import explain
from .grade_cmd import grade
from .predict_cmd import predict
from .studio_cmd import studio
from .summary_cmd import summary
from .train_cmd import train


@click.group(name="glassnet", cls=GlassnetGroup,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="glassnet", prog_name="glassnet")
def cli():
    """glassnet: neural networks from scratch on NumPy, from the command line.

    \b
    Start with:
      glassnet train                      train on the built-in breast_cancer set
      glassnet train data.csv -t label    train on your CSV file
      glassnet datasets                   list the built-in data sets
      glassnet demo xor                   the course's XOR network
      glassnet studio                     watch a network learn in the browser

    Run 'glassnet COMMAND --help' for a command's options.
    """




for command in (train, evaluate, predict, summary, demo, explain, datasets, exercise, grade,
                studio):
    cli.add_command(command)


def main(args=None):
    """Entry point of the ``glassnet`` script."""
    cli.main(args=args, prog_name="glassnet")


__all__ = ["cli", "main"]
