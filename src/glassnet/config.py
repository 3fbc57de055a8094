"""How many threads the BLAS library uses for glassnet's matrix products.

A matrix product ``(m, k) @ (k, n)`` costs ``m·k·n`` multiply-adds. Threads pay off
only for large enough products, and when another process keeps a core busy (a
browser, a second job) a threaded BLAS waits for that core at every product and runs
many times slower. glassnet's policy, applied for the length of each ``fit``,
``evaluate`` and ``predict``, looks at the largest product of one batch
(``batch_size · n_in · n_out`` of the widest Dense layer):

- below ``SMALL_PRODUCT`` multiply-adds: one thread. Such a product takes well under
  a tenth of a millisecond on one core, less than a busy core can keep a second
  thread waiting; ``benchmarks/threads.py`` shows both sides (quiet, all threads win
  from about a million multiply-adds; with a neighbour, they lose up to there);
- from ``SMALL_PRODUCT`` on: the BLAS library's own thread count (all cores, unless
  told otherwise); up to ``BLAS_SINGLE_THREADED`` there is nothing to choose (the
  library computes them on one thread anyway).

The rule depends on the model's shapes only, so a run gives the same numbers every
time: in float32, OpenBLAS's products on one thread and on several differ in their
last bits (float64 ones do not).

The user has the last word:

- ``set_num_threads(n)`` fixes the count for every product glassnet computes
  (``set_num_threads(None)`` goes back to the policy);
- ``set_num_threads("measure")``: for a largest product between
  ``BLAS_SINGLE_THREADED`` and ``LARGE_PRODUCT``, ``fit`` times its own training
  steps on one thread and on all of them, in turns (``StepTimer``: a few hundredths
  of a second of training), and trains on the faster. The decision holds for
  ``MEASURE_EVERY`` seconds and for every ``fit`` with a product of that shape; a
  longer ``fit`` measures again at an epoch's start after that, since a neighbour
  may have come or gone. ``evaluate`` and ``predict`` use a decision that holds, else
  the rule above. The fastest choice on a shared machine; in float32 the last bits
  of the results then depend on the machine's load;
- when one of the usual environment variables (``OMP_NUM_THREADS``,
  ``OPENBLAS_NUM_THREADS``, ``MKL_NUM_THREADS``, ...) is set, glassnet leaves the
  thread count as the variable made it.
"""

import contextlib
import os
import time

import numpy as np

from . import backend

# Below this many multiply-adds in the largest product of a batch, one thread
# (about 70 us on one core here; see benchmarks/threads.py).
SMALL_PRODUCT = 2**22

# set_num_threads("measure"): above this, the library's thread count without
# measuring (one product takes milliseconds, far longer than a busy core's wait).
LARGE_PRODUCT = 2**27

MEASURE_EVERY = 10.0  # seconds a measurement holds
BLOCKS = 3            # blocks of steps timed on each thread count, taking turns
BLOCK_STEPS = 2       # a block: at least this many steps
BLOCK_SECONDS = 0.005  # and at least this long (a busy neighbour stalls now and then)
MEASURE_MARGIN = 0.95  # all threads are chosen when their mean step is below 95%

# OpenBLAS itself computes products of up to 4 * 65536 multiply-adds on one thread,
# so below this glassnet has nothing to choose and skips the switch (and its cost).
BLAS_SINGLE_THREADED = 4 * 65536

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")

_num_threads = None   # the user's count, "measure", or None for the policy
_controllers = None   # threadpoolctl's handles on the BLAS libraries, found once
_environment = None   # whether a thread variable was set, read once (as BLAS does)
_timers = {}          # (m, k, n, dtype) -> its StepTimer


def set_num_threads(n):
    """Use ``n`` BLAS threads for every matrix product glassnet computes.

    Parameters
    ----------
    n : int, "measure" or None
        A number of threads (1 or more); ``"measure"`` to let ``fit`` time its steps
        on one and on all threads and keep the faster (see the module's notes); or
        None for glassnet's rule (one thread for small products, the library's
        count for large ones).

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.config.set_num_threads(1)      # e.g. on a shared server
    >>> gn.config.get_num_threads()
    1
    >>> gn.config.set_num_threads(None)   # back to glassnet's choice
    """
    global _num_threads
    if n is not None and n != "measure":
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(
                f"set_num_threads expects a whole number of threads >= 1, \"measure\" "
                f"(fit measures which is faster) or None for glassnet's rule, but got "
                f"{n!r}."
            )
    _num_threads = n


def get_num_threads():
    """Return what ``set_num_threads`` was given: a count, ``"measure"``, or None.

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.config.get_num_threads() is None
    True
    """
    return _num_threads


def environment_sets_threads():
    """True when an environment variable such as ``OMP_NUM_THREADS`` is set.

    Read once, on first use: the BLAS library reads these variables when it loads, so
    a later change would not change its thread count anyway.

    Examples
    --------
    >>> import glassnet as gn
    >>> isinstance(gn.config.environment_sets_threads(), bool)
    True
    """
    global _environment
    if _environment is None:
        _environment = any(os.environ.get(name) for name in THREAD_VARIABLES)
    return _environment


def largest_shape(model, batch_size):
    """``(m, n_in, n_out)`` of the largest matrix product one batch of ``model``
    computes, or None when it has no 2-D kernel.

    For each layer with a 2-D ``kernel`` of shape ``(n_in, n_out)``, the forward
    product ``A_prev @ W`` costs ``m · n_in · n_out`` (and the two backward products
    the same), with ``m = batch_size``.

    Parameters
    ----------
    model : a built glassnet model
    batch_size : int
        Rows per batch, ``m``.

    Examples
    --------
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(256, input_shape=(784,)),
    ...                        gn.layers.Dense(10)])
    >>> gn.config.largest_shape(model, 32)
    (32, 784, 256)
    """
    shapes = []
    for layer in model.layers:
        kernel = layer.params.get("kernel") if hasattr(layer, "params") else None
        if kernel is not None and kernel.ndim == 2:
            shapes.append((int(batch_size), *kernel.shape))
    return max(shapes, key=lambda s: s[0] * s[1] * s[2], default=None)


def largest_product(model, batch_size):
    """Multiply-adds of the largest matrix product one batch of ``model`` computes
    (``m · n_in · n_out`` of ``largest_shape``; 0 without a kernel).

    Parameters
    ----------
    model : a built glassnet model
    batch_size : int

    Examples
    --------
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(256, input_shape=(784,)),
    ...                        gn.layers.Dense(10)])
    >>> gn.config.largest_product(model, 32)      # 32 * 784 * 256
    6422528
    """
    shape = largest_shape(model, batch_size)
    return 0 if shape is None else shape[0] * shape[1] * shape[2]


def threads_for(product):
    """The thread count for a largest product of ``product`` multiply-adds.

    None means "leave the BLAS library's count as it is".

    Parameters
    ----------
    product : int
        Multiply-adds of the largest product (see ``largest_product``).

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.config.threads_for(32 * 64 * 128 * 4)      # a small MLP: one thread
    1
    >>> gn.config.threads_for(10**9) is None          # large: the library's count
    True
    """
    if isinstance(_num_threads, int):
        return _num_threads
    if product <= BLAS_SINGLE_THREADED or environment_sets_threads():
        return None
    return 1 if product < SMALL_PRODUCT else None


def _blas_controllers():
    global _controllers
    if _controllers is None:
        from threadpoolctl import ThreadpoolController

        _controllers = ThreadpoolController().select(user_api="blas").lib_controllers
    return _controllers


@contextlib.contextmanager
def blas_threads(n):
    """Run the block with ``n`` BLAS threads (None: leave them), then restore them.

    Parameters
    ----------
    n : int or None

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> with gn.config.blas_threads(1):
    ...     product = np.ones((500, 500)) @ np.ones((500, 500))
    """
    if n is None:
        yield
        return
    libraries = _blas_controllers()
    before = [lib.get_num_threads() for lib in libraries]
    for lib in libraries:
        lib.set_num_threads(n)
    try:
        yield
    finally:
        for lib, count in zip(libraries, before):
            lib.set_num_threads(count)


class StepTimer:
    """Times ``fit``'s own training steps on one BLAS thread and on all of them, in
    turns, and keeps the faster count for a product of one shape.

    Blocks of at least ``BLOCK_STEPS`` steps and ``BLOCK_SECONDS`` alternate between
    one thread and all threads; after ``BLOCKS`` blocks of each, the count with the
    shorter mean step is kept (all threads only under ``MEASURE_MARGIN`` of one
    thread's time) for ``MEASURE_EVERY`` seconds. Whole steps are timed, not a
    product alone: a busy neighbour shows as the stalls of many steps, which a few
    isolated products often miss. One timer per product shape lives as long as the
    process, so that short fits add up to one measurement.

    Examples
    --------
    >>> import glassnet as gn
    >>> timer = gn.config.StepTimer()
    >>> timer.trying                   # the first block: one thread
    1
    >>> timer.add(0.001)                # one step of a millisecond on it
    1
    """

    def __init__(self):
        self.choice, self.decided_at = None, None
        self.start()

    def start(self):
        """Forget what was timed: measure from the beginning."""
        self.seconds = {1: 0.0, None: 0.0}  # None: the library's count (all threads)
        self.steps = {1: 0, None: 0}
        self.blocks = {1: 0, None: 0}
        self.trying, self.block_seconds, self.block_steps = 1, 0.0, 0

    def holds(self):
        """Whether a decision was made less than ``MEASURE_EVERY`` seconds ago."""
        return self.decided_at is not None and time.monotonic() - self.decided_at < MEASURE_EVERY

    def add(self, seconds):
        """One more step of ``seconds`` on ``trying``; returns the count to use next."""
        c = self.trying
        self.seconds[c] += seconds
        self.steps[c] += 1
        self.block_seconds += seconds
        self.block_steps += 1
        if self.block_steps >= BLOCK_STEPS and self.block_seconds >= BLOCK_SECONDS:
            self.blocks[c] += 1
            self.trying, self.block_seconds, self.block_steps = (None if c == 1 else 1), 0.0, 0
            if min(self.blocks.values()) >= BLOCKS:
                one = self.seconds[1] / self.steps[1]
                many = self.seconds[None] / self.steps[None]
                self.choice = None if many < MEASURE_MARGIN * one else 1
                self.decided_at = time.monotonic()
                return self.choice
        return self.trying


def step_timer(shape, dtype):
    """The ``StepTimer`` of products of ``shape`` ``(m, k, n)`` in ``dtype``.

    Parameters
    ----------
    shape : (m, k, n)
        The largest product of a batch (``largest_shape``).
    dtype : the product's float dtype

    Examples
    --------
    >>> import glassnet as gn
    >>> timer = gn.config.step_timer((32, 784, 256), "float32")
    >>> timer is gn.config.step_timer((32, 784, 256), "float32")
    True
    """
    key = (*shape, np.dtype(dtype).str)
    timer = _timers.get(key)
    if timer is None:
        timer = _timers[key] = StepTimer()
    return timer


class ModelThreads:
    """The BLAS thread count of one ``fit``, ``evaluate`` or ``predict`` of ``model``
    at ``batch_size``: a context manager that sets it and gives back the library's.

    With ``set_num_threads("measure")``, for a largest product between
    ``BLAS_SINGLE_THREADED`` and ``LARGE_PRODUCT``, the count comes from the
    product's ``StepTimer`` when its decision holds. Otherwise ``fit`` (``measure``)
    times its steps: it calls ``step()`` after each training step while
    ``self.timing``, and ``epoch()`` at each epoch's start (where an expired
    decision is measured again). ``evaluate`` and ``predict`` do not measure: they
    take the rule (``threads_for``).

    Parameters
    ----------
    model : a built glassnet model
    batch_size : int
    measure : bool
        Time the steps where the policy measures (``fit`` does).

    Examples
    --------
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(8, input_shape=(4,))])
    >>> with gn.config.threads_for_model(model, 32):
    ...     pass
    """

    def __init__(self, model, batch_size, measure=False):
        shape = largest_shape(model, batch_size)
        product = 0 if shape is None else shape[0] * shape[1] * shape[2]
        self.threads = threads_for(product)
        self.timer = None
        if (_num_threads == "measure" and not environment_sets_threads()
                and BLAS_SINGLE_THREADED < product <= LARGE_PRODUCT):
            # the dtype the products run in: that of the data (inputs.check_x)
            dtype = model.dtype or model.layers[0].dtype or backend.floatx()
            self.timer = step_timer(shape, dtype)
        self.measure = measure
        self.timing = False
        self._before = None
        self._last = None

    def _apply(self, n):
        """``n`` threads (None: the library's count, as it was before)."""
        for lib, count in zip(_blas_controllers(), self._before):
            lib.set_num_threads(n or count)

    def __enter__(self):
        if self.threads is not None or self.timer is not None:
            self._before = [lib.get_num_threads() for lib in _blas_controllers()]
            self._apply(self.threads)
            self.epoch()
        return self

    def epoch(self):
        """At an epoch's start: the count the decision gives, or time the steps again
        (nothing to do without a timer: the rule's count is set for the whole call)."""
        if self.timer is None:
            return
        self._last = None  # the time between epochs is not a step's
        if self.timer.holds():
            self.timing = False
            self.threads = self.timer.choice
        elif self.measure:
            if not self.timing and self.timer.decided_at is not None:
                self.timer.start()  # expired: measure afresh
            self.timing = True
            self.threads = self.timer.trying
        self._apply(self.threads)

    def step(self):
        """After a training step (while ``timing``): time it; change the count when
        the timer says so."""
        now = time.perf_counter()
        if self._last is not None:
            threads = self.timer.add(now - self._last)
            if threads != self.threads:
                self.threads = threads
                self._apply(threads)
            if self.timer.holds():
                self.timing = False
        self._last = time.perf_counter()

    def __exit__(self, *exc_info):
        if self._before is not None:
            self._apply(None)
            self._before = None


# The name fit, evaluate and predict use: ``with threads_for_model(model, m) as threads``.
threads_for_model = ModelThreads


__all__ = ["SMALL_PRODUCT", "LARGE_PRODUCT", "MEASURE_EVERY", "set_num_threads",
           "get_num_threads", "environment_sets_threads", "largest_shape", "largest_product",
           "threads_for", "blas_threads", "StepTimer", "step_timer", "ModelThreads",
           "threads_for_model"]
