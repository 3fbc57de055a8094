"""``glassnet explain SPEC``: the worked solution of a training step, and answer checks.

Exit status: 0 when no answers were given or all are right, 1 when some answer is
not right, 2 for bad input (a malformed spec or answers file, an answer that cannot
be read). A bad spec is one line on stderr; nothing is printed before it.
"""

import os

import click

from ._errors import UserError

FORMATS = {"text": "to_text", "markdown": "to_markdown", "md": "to_markdown",
           "latex": "to_latex", "tex": "to_latex", "html": "to_html", "json": "to_json"}


def render(spec_path, fmt="text", answers=None, sig=None, exact=False, notation=None,
           verdicts_only=False, points=None):
    """Return ``(output text, exit status)``; a bad spec or option raises
    ``ValueError``/``TypeError`` (``SpecError`` for the spec) with one clear line."""
    from ..explanation import explain, load_spec

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    spec = load_spec(spec_path)
    report = explain(spec.model, spec.x, spec.y, notation=notation or spec.notation,
                     sig=sig or spec.sig or 6, exact=exact or spec.exact,
                     answers=answers if answers is not None else spec.answers,
                     points=points if points is not None else spec.points, steps=spec.steps)
    result = report.checked
    if verdicts_only and result is None:
        raise ValueError("--verdicts-only needs answers to check: give --answers FILE "
                         "(or 'answers' in the spec).")
    if verdicts_only:
        output = result.to_json() if fmt == "json" else (
            result.summary() if fmt == "text" else getattr(result, FORMATS[fmt])())
    else:
        output = getattr(report, FORMATS[fmt])()
    if result is None or result.all_right:
        return output, 0
    return output, 2 if result.counts()["unusable"] else 1


@click.command(short_help="Worked solution of a training step described in SPEC.")
@click.argument("spec")
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(list(FORMATS)), help="Output format.")
@click.option("--answers", type=click.Path(dir_okay=False),
              help="A YAML/JSON file of your own answers to check against the solution.")
@click.option("--verdicts-only", is_flag=True,
              help="Print only the verdicts and points of --answers, not the solution.")
@click.option("--sig", type=click.IntRange(1, 17),
              help="Significant figures shown (default 6).")
@click.option("--decimals", type=click.IntRange(1, 17),
              help="The old name of --sig.")
@click.option("--exact", is_flag=True, help="Show every float64 digit.")
@click.option("--notation", type=click.Choice(["keras", "slides", "lab"]),
              help="Keras rows, the slides' columns or the lab's neuron numbers "
                   "(default: the spec's).")
@click.pass_context
def explain(ctx, spec, fmt, answers, verdicts_only, sig, decimals, exact, notation):
    """Explain, step by step, one training step of the network described in SPEC.

    SPEC is a JSON or YAML file describing the network, its weights, the input, the
    target, the loss and the learning rate, or the name of a shipped example
    (lab_backprop, slides_mlp). The solution shows the forward pass, the loss, every
    gradient and the updated weights with the numbers filled in. With --answers, the
    verdicts (right, carried forward, new error, not answered) and points come
    first. Exit status: 0 all right, 1 some answers wrong, 2 bad input.

    \b
    Examples:
      glassnet explain lab_backprop --notation lab
      glassnet explain lab_backprop --answers mine.yaml --verdicts-only
    """
    if not os.path.exists(spec):
        spec = _shipped_spec(spec)
    try:
        text, code = render(spec, fmt, answers, sig or decimals, exact, notation,
                            verdicts_only)
    except (ValueError, TypeError) as error:  # a SpecError is a ValueError
        raise UserError(str(error)) from None
    click.echo(text)
    ctx.exit(code)


def _shipped_spec(spec):
    """SPEC, or the shipped example it names (``lab_backprop``, or ``lab_backprop.yaml`` as
    the example's own comments write it) when no such file exists."""
    from ..explanation import example_spec_path

    name, suffix = os.path.splitext(spec)
    if "/" in spec or os.sep in spec or suffix.lower() not in ("", ".yaml", ".json"):
        return spec
    try:
        return str(example_spec_path(name))
    except ValueError:
        if suffix:
            return spec  # a file name: load_spec says that it is not found
        raise UserError(
            f"No spec file {spec!r}, and no shipped example of that name (the shipped ones "
            "are lab_backprop and slides_mlp). Give the path of a .yaml or .json spec."
        ) from None
