"""Steps that Ctrl-C (or SIGTERM) must not cut in half.

A ``Deferral`` holds SIGINT, SIGTERM and SIGHUP during its ``with`` blocks: a signal
that arrives inside one is noted, and its usual handler runs when the block ends;
one that arrives between blocks acts at once, as usual. Its handler is installed
once, by ``installed()``, around a whole loop (``fit``: every training step is a
block, so Ctrl-C lets the step finish, forward, backward and the whole optimizer
update, before the KeyboardInterrupt is raised), so a block itself costs two
assignments. ``deferred()`` is one block with its own handler (the swap of an output
folder is never left half-done). Python runs signal handlers in the main thread
only, so in another thread nothing is installed and nothing can interrupt anyway.
"""

import _signal  # signal.signal's C function: the wrapper's enum conversions cost 10x more
import contextlib
import signal
import threading

CAUGHT = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
          if hasattr(signal, name)]


class Deferral:
    """``with deferral.installed():`` around a loop, ``with deferral:`` around each
    step that must run whole."""

    def __init__(self):
        self.holding = False
        self.arrived = []  # signals noted during the current block
        self.previous = {}  # signal -> the handler before ours, while installed

    @contextlib.contextmanager
    def installed(self):
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        self.previous = {signum: _signal.signal(signum, self._arrive) for signum in CAUGHT}
        try:
            yield self
        finally:
            for signum, handler in self.previous.items():
                _signal.signal(signum, handler)
            self.previous = {}

    def _arrive(self, signum, frame):
        if self.holding:
            self.arrived.append(signum)
        else:
            _deliver(signum, self.previous[signum])

    def __enter__(self):
        self.holding = True
        return self

    def __exit__(self, *exc_info):
        self.holding = False
        if self.arrived:
            signum = self.arrived[0]
            self.arrived.clear()
            _deliver(signum, self.previous[signum])


@contextlib.contextmanager
def deferred():
    """Run the block whole: a signal that arrives meanwhile acts when it ends."""
    block = Deferral()
    with block.installed(), block:
        yield


def _deliver(signum, handler):
    """What the signal would have done: the Python handler, or the default action."""
    if callable(handler):
        handler(signum, None)  # SIGINT's default_int_handler raises KeyboardInterrupt
    elif handler == signal.SIG_DFL:
        _signal.signal(signum, _signal.SIG_DFL)  # not ours: the default action now
        signal.raise_signal(signum)
