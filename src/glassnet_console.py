"""The ``glassnet`` script's entry point: a Ctrl-C while glassnet starts is one line.

Starting the command imports NumPy, click, rich and glassnet itself (about a second
on a slow machine). A Ctrl-C in that time would print Python's traceback from inside
some import (or, inside NumPy's, an ImportError it was turned into); here it ends
the command with status 130 and one line, as a Ctrl-C later does (``glassnet.cli``
handles those). This module imports nothing but two built-in modules, so it lies
outside the ``glassnet`` package: anything inside the package would first load the
package (NumPy) before the handling below is in place.
"""

import sys

try:
    import _signal as signals  # CPython's built-in module: no import time
except ImportError:  # another Python
    import signal as signals

INTERRUPTED = []


def _interrupt(signum, frame):
    INTERRUPTED.append(signum)
    raise KeyboardInterrupt


# In place as soon as this module is imported (the script's first line), not only
# when main() runs: the script's own lines before main() are covered too.
signals.signal(signals.SIGINT, _interrupt)


def main():
    """Import the command line, then run it; a Ctrl-C during the import exits 130.

    The handler stays while the command runs: it raises KeyboardInterrupt as Python's
    own does, which the command line handles from its first instant on. Once the
    command has finished, a late Ctrl-C (while the script exits) is ignored: the
    work is done and nothing is left to stop.
    """
    signals.signal(signals.SIGINT, _interrupt)
    try:
        try:
            from glassnet.cli import main as glassnet_main
        except BaseException:
            if not INTERRUPTED:
                raise
        if INTERRUPTED:  # also in the last instant of the import: stop all the same
            sys.stderr.write("Interrupted while glassnet was starting: nothing was written.\n")
            return 130
        return glassnet_main()
    finally:
        signals.signal(signals.SIGINT, signals.SIG_IGN)


if __name__ == "__main__":
    sys.exit(main())
