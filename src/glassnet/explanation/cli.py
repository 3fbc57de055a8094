"""``run_cli(spec, ...)``: what ``glassnet explain SPEC`` prints, for scripts and tests.

The command itself is ``glassnet.cli.explain_cmd``; this returns its output and exit
status instead of printing, with a malformed spec or option as one line starting
with ``error:`` and status 2.
"""


def run_cli(spec_path, fmt="text", answers=None, decimals=None, notation=None, sig=None,
            exact=False, verdicts_only=False):
    """Return ``(output_text, exit_code)``: 0 all right (or no answers), 1 some answer
    not right, 2 bad input.

    Parameters
    ----------
    spec_path : str or Path
    fmt : {"text", "markdown", "latex", "html", "json"}, default "text"
    answers : str or Path, optional
        A file of answers to check.
    decimals, notation, sig, exact, verdicts_only
        As the options of ``glassnet explain``.

    Examples
    --------
    >>> text, code = gn.explanation.run_cli(gn.explanation.example_spec_path("lab_backprop"),
    ...                                     fmt="markdown")
    >>> code, text.splitlines()[0]
    (0, '# One training step of a 2-2-1 network (m = 1 example, loss half_squared_error)')
    """
    from ..cli.explain_cmd import render

    try:
        return render(spec_path, fmt, answers, sig or decimals, exact, notation,
                      verdicts_only)
    except (ValueError, TypeError) as error:
        return "error: " + " ".join(str(error).split()), 2
