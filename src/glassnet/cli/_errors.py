"""One clear line and exit status 2 for every user mistake, never a traceback."""

import os
import sys

import click

# click >= 8.2 raises this when a group is run without a command (it shows the help)
_NO_ARGS = getattr(click.exceptions, "NoArgsIsHelpError", ())


class UserError(click.ClickException):
    """A mistake in the command line or the data: shown as one line, exit status 2."""

    exit_code = 2

    def show(self, file=None):
        click.echo(f"Error: {one_line(self.format_message())}", err=True)


def one_line(text):
    """Collapse a message to a single line."""
    return " ".join(str(text).split())


class GlassnetGroup(click.Group):
    """A click Group whose errors are single lines (exit 2) instead of tracebacks.

    ``main`` runs click in non-standalone mode and turns what escapes into one line
    on stderr: click's usage errors (bad options), ``UserError``, and the
    ``ValueError``/``TypeError``/``OSError`` that glassnet raises for bad data and
    bad model files. Ctrl-C stops with status 130. Set ``GLASSNET_DEBUG=1`` to see
    the traceback of an unexpected error.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NO_ARGS as error:
            click.echo(error.format_message())
            code = 0
        except click.UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
            click.echo(f"Error: {one_line(error.format_message())}{hint}", err=True)
            code = 2
        except click.ClickException as error:
            error.show()
            code = error.exit_code
        except BrokenPipeError:  # e.g. glassnet predict ... | head: the reader left
            sys.stdout = open(os.devnull, "w")  # nothing more to print; no flush error
            code = 0
        except (click.Abort, KeyboardInterrupt):
            click.echo("Interrupted: nothing was written or overwritten.", err=True)
            code = 130
        except (ValueError, TypeError, OSError) as error:
            if os.environ.get("GLASSNET_DEBUG"):
                raise
            click.echo(f"Error: {one_line(error)}", err=True)
            code = 2
        except Exception as error:  # a bug: still no traceback unless asked for
            if os.environ.get("GLASSNET_DEBUG"):
                raise
            click.echo(
                f"Error: glassnet failed unexpectedly ({type(error).__name__}: "
                f"{one_line(error)}). Run again with GLASSNET_DEBUG=1 to see where, and "
                "please report it.", err=True,
            )
            code = 1
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code
