"""The ``glassnet`` command: train, evaluate, predict, summary, demo, explain, datasets,
exercise, grade.

Every sub-command has ``--help``. A mistake in the input (a missing file, a bad
column, an impossible option) is reported as one line starting with ``Error:`` and
exit status 2; nothing already on disk is overwritten by a failed run.
"""

import click

from ._errors import GlassnetGroup, UserError
from .datasets_cmd import datasets
from .demo_cmd import demo
from .evaluate_cmd import evaluate
from .exercise_cmd import exercise
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


@click.command(short_help="Worked solution of a training step described in SPEC.")
@click.argument("spec")
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "markdown", "md", "latex", "tex", "html", "json"]),
              help="Output format.")
@click.option("--answers", type=click.Path(dir_okay=False),
              help="A YAML/JSON file of your own answers to check against the solution.")
@click.option("--decimals", type=click.IntRange(0, 15), help="Decimals shown in numbers.")
@click.option("--notation", type=click.Choice(["keras", "slides", "lab"]),
              help="Keras rows, the slides' columns or the lab's neuron numbers "
                   "(default: the spec's).")
@click.pass_context
def explain(ctx, spec, fmt, answers, decimals, notation):
    """Explain, step by step, one training step of the network described in SPEC.

    SPEC is a JSON or YAML file describing the network, its weights, the input, the
    target, the loss and the learning rate, or the name of a shipped example
    (lab_backprop, slides_mlp). The solution shows the forward pass, the loss, every
    gradient and the updated weights with the numbers filled in. Exit status 1 when
    some of the --answers are wrong.

    \b
    Example:
      glassnet explain lab_backprop --notation lab
    """
    import os

    try:
        from ..explanation import SpecError, example_spec_path, run_cli
    except ImportError:
        raise UserError(
            "'glassnet explain' is not available: glassnet.explanation has no run_cli in "
            "this installation."
        ) from None
    if not os.path.exists(spec):
        spec = _shipped_spec(spec, example_spec_path)
    options = {"fmt": fmt, "answers": answers, "decimals": decimals, "notation": notation}
    try:
        text, code = run_cli(spec, **{k: v for k, v in options.items() if v is not None})
    except SpecError as error:
        raise UserError(str(error)) from None
    if code == 2:  # run_cli reports a malformed spec or option as "error: ..."
        raise UserError(text.removeprefix("error:").strip())
    click.echo(text)
    ctx.exit(code)


def _shipped_spec(spec, example_spec_path):
    """SPEC, or the shipped example it names (``lab_backprop``, or ``lab_backprop.yaml`` as
    the example's own comments write it) when no such file exists."""
    import os

    name, suffix = os.path.splitext(spec)
    if "/" in spec or os.sep in spec or suffix.lower() not in ("", ".yaml", ".json"):
        return spec
    try:
        return str(example_spec_path(name))
    except ValueError:
        if suffix:
            return spec  # a file name: run_cli says that it is not found
        raise UserError(
            f"No spec file {spec!r}, and no shipped example of that name (the shipped ones "
            "are lab_backprop and slides_mlp). Give the path of a .yaml or .json spec."
        ) from None


for command in (train, evaluate, predict, summary, demo, explain, datasets, exercise, grade,
                studio):
    cli.add_command(command)


def main(args=None):
    """Entry point of the ``glassnet`` script."""
    cli.main(args=args, prog_name="glassnet")


__all__ = ["cli", "main"]
