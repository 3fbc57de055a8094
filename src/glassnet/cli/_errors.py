"""One clear line and exit status 2 for every user mistake, never a traceback."""

import contextlib
import os
import signal
import sys

import click

# click >= 8.2 raises this when a group is run without a command (it shows the help)
_NO_ARGS = getattr(click.exceptions, "NoArgsIsHelpError", ())


_INTERRUPTED = []  # the signals this command received (SIGINT, SIGTERM, SIGHUP)
_CAUGHT = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is so that cleanup code runs.

    A KeyboardInterrupt, so that everything that handles Ctrl-C (fit ending its
    step, the output folder removing its temporary copy) handles these the same way.
    """

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


def _raise_terminated(signum, frame):
    _INTERRUPTED.append(signum)
    for caught in _CAUGHT:  # one is enough: a second must not stop the cleanup
        signal.signal(caught, signal.SIG_IGN)
    raise Terminated(signum)


def _raise_interrupt(signum, frame):
    """Ctrl-C: KeyboardInterrupt, as always, and noted: a library may turn it into
    another error (NumPy's import turns it into an ImportError), still an interrupt."""
    _INTERRUPTED.append(signum)
    raise KeyboardInterrupt


@contextlib.contextmanager
def signals_raise():
    """Within the block SIGTERM and SIGHUP raise ``Terminated`` and SIGINT a noted
    KeyboardInterrupt (main thread only)."""
    previous = {}
    handlers = [(signum, _raise_terminated) for signum in _CAUGHT]
    for signum, handler in [*handlers, (signal.SIGINT, _raise_interrupt)]:
        try:
            previous[signum] = signal.signal(signum, handler)
        except ValueError:  # not the main thread: leave the signals alone
            break
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def noted_interrupt():
    """The interrupt for the first signal this command received, or None.

    A library may catch a KeyboardInterrupt and raise another error in its place
    (an import turns it into an ImportError, a plot into whatever it was drawing);
    this is what the signal meant all the same.
    """
    if not _INTERRUPTED:
        return None
    signum = _INTERRUPTED[0]
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)


def _interrupted_message(error):
    from ._output import OutputFolder

    what = "Interrupted" if not isinstance(error, Terminated) else \
        f"Stopped by {signal.Signals(error.signum).name}"
    if OutputFolder.committed:
        return f"{what} after the results were saved to {OutputFolder.committed}."
    return f"{what}: nothing was written or overwritten."


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
    bad model files. Ctrl-C stops with status 130, SIGTERM with 143 and SIGHUP with
    129, after removing the run's temporary files. Set ``GLASSNET_DEBUG=1`` to see
    the traceback of an unexpected error.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        _INTERRUPTED.clear()
        try:
            with signals_raise():
                code = super().main(args, prog_name, complete_var, standalone_mode=False,
                                    **extra)
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
        except (click.Abort, KeyboardInterrupt) as error:
            cause = (error.__cause__ or error.__context__) if isinstance(error, click.Abort) \
                else error
            code = _interrupted(cause)
        except Exception as error:
            if _INTERRUPTED:  # a signal that a library turned into another error
                code = _interrupted(noted_interrupt())
            elif os.environ.get("GLASSNET_DEBUG"):
                raise
            elif isinstance(error, (ValueError, TypeError, OSError)):
                click.echo(f"Error: {one_line(error)}", err=True)
                code = 2
            else:
                code = _unexpected(error)
        code = code if isinstance(code, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


def _interrupted(cause):
    """Say how the command was stopped; its exit status (130 for Ctrl-C)."""
    click.echo(_interrupted_message(cause), err=True)
    return 128 + cause.signum if isinstance(cause, Terminated) else 130


def _unexpected(error):
    """A bug: one line (no traceback unless asked for); exit status 1."""
    click.echo(
        f"Error: glassnet failed unexpectedly ({type(error).__name__}: "
        f"{one_line(error)}). Run again with GLASSNET_DEBUG=1 to see where, and "
        "please report it.", err=True,
    )
    return 1
