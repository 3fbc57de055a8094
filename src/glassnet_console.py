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


def main():
    """Import the command line, then run it; a Ctrl-C during the import exits 130.

    The handler stays: it raises KeyboardInterrupt as Python's own does, which the
    command line handles from its first instant on.
    """
    signals.signal(signals.SIGINT, _interrupt)
    try:
        from glassnet.cli import main as glassnet_main
    except BaseException:
        if not INTERRUPTED:
            raise
    if INTERRUPTED:  # also in the last instant of the import: stop all the same
        sys.stderr.write("Interrupted while glassnet was starting: nothing was written.\n")
        return 130
    return glassnet_main()


if __name__ == "__main__":
    sys.exit(main())
