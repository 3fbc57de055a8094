"""Steps that Ctrl-C (or SIGTERM) must not cut in half.

``deferred()`` holds SIGINT, SIGTERM and SIGHUP for the length of a ``with`` block:
a signal that arrives meanwhile is noted, and its usual handler runs when the block
ends. So ``fit`` finishes the training step it is in (forward, backward, the whole
optimizer update) before the KeyboardInterrupt is raised, and the swap of an output
folder is never left half-done. (Python runs signal handlers in the main thread
only, so a block in another thread cannot be interrupted anyway.)
"""

import _signal  # signal.signal's C function: the wrapper's enum conversions cost 10x more
import contextlib
import signal
import threading

CAUGHT = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
          if hasattr(signal, name)]


@contextlib.contextmanager
def deferred():
    """Run the block whole: a signal that arrives meanwhile acts when it ends."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived = []
    previous = {signum: _signal.signal(signum, lambda s, frame: arrived.append(s))
                for signum in CAUGHT}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            _signal.signal(signum, handler)
        if arrived:
            _deliver(arrived[0], previous[arrived[0]])


def _deliver(signum, handler):
    """What the signal would have done: the Python handler, or the default action."""
    if callable(handler):
        handler(signum, None)  # SIGINT's default_int_handler raises KeyboardInterrupt
    elif handler == signal.SIG_DFL:
        signal.raise_signal(signum)
