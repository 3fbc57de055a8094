"""What ``glassnet explain SPEC`` runs: load the spec, explain one step, render it."""

from .report import explain
from .spec import SpecError, load_spec

FORMATS = {"text": "to_text", "markdown": "to_markdown", "md": "to_markdown",
           "latex": "to_latex", "tex": "to_latex", "html": "to_html", "json": "to_json"}


def run_cli(spec_path, fmt="text", answers=None, decimals=None, notation=None):
    """Return ``(output_text, exit_code)`` for ``glassnet explain SPEC``.

    Exit code 0: done (all answers right, if any were given); 1: some answers are
    wrong; 2: the spec, the answers or an option is malformed (the output is then
    one line starting with ``error:``).
    """
    if fmt not in FORMATS:
        return f"error: unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.", 2
    try:
        spec = load_spec(spec_path)
        report = explain(
            spec.model, spec.x, spec.y,
            notation=notation or spec.notation,
            decimals=decimals if decimals is not None else spec.decimals,
            answers=answers if answers is not None else spec.answers,
        )
    except SpecError as error:
        return f"error: {error}", 2
    except (ValueError, TypeError) as error:
        return "error: " + " ".join(str(error).split()), 2
    output = getattr(report, FORMATS[fmt])()
    return output, (1 if report.all_right is False else 0)
