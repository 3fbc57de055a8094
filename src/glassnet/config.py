"""How many threads the BLAS library uses for glassnet's matrix products.

A matrix product ``(m, k) @ (k, n)`` costs ``m·k·n`` multiply-adds. Threads pay off
only for large products: for the networks of a course or of tabular data they gain
nothing, and when another process keeps a core busy (a browser, a second job) a
threaded BLAS waits for that core at every product and runs many times slower. So
glassnet's policy, applied for the length of each ``fit``, ``evaluate`` and
``predict``:

- the largest product of one batch (``batch_size · n_in · n_out`` of the widest
  Dense layer) below ``SMALL_PRODUCT`` multiply-adds: one thread;
- larger: the BLAS library's own thread count (all cores, unless told otherwise).

``SMALL_PRODUCT`` comes from ``benchmarks/threads.py``, which times products of
growing size on one and on all threads (see ``benchmarks/README.md``). The user has
the last word:

- ``set_num_threads(n)`` fixes the count for every product glassnet computes
  (``set_num_threads(None)`` goes back to the policy);
- when one of the usual environment variables (``OMP_NUM_THREADS``,
  ``OPENBLAS_NUM_THREADS``, ``MKL_NUM_THREADS``, ...) is set, glassnet leaves the
  thread count as the variable made it.

Nothing changes a result: the thread count only changes how fast a product is done.
"""

import contextlib
import os

# Below this many multiply-adds in the largest product of a batch, one thread.
SMALL_PRODUCT = 2**23

# OpenBLAS itself computes products of up to 4 * 65536 multiply-adds on one thread,
# so below this glassnet has nothing to choose and skips the switch (and its cost).
BLAS_SINGLE_THREADED = 4 * 65536

THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                    "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS")

_num_threads = None   # the user's choice, or None for the policy
_controllers = None   # threadpoolctl's handles on the BLAS libraries, found once
_environment = None   # whether a thread variable was set, read once (as BLAS does)


def set_num_threads(n):
    """Use ``n`` BLAS threads for every matrix product glassnet computes.

    Parameters
    ----------
    n : int or None
        A number of threads (1 or more), or None to let glassnet choose per call
        (one thread for small products, the library's count for large ones).

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.config.set_num_threads(1)      # e.g. on a shared server
    >>> gn.config.get_num_threads()
    1
    >>> gn.config.set_num_threads(None)   # back to glassnet's choice
    """
    global _num_threads
    if n is not None:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(
                f"set_num_threads expects a whole number of threads >= 1, or None for "
                f"glassnet's choice, but got {n!r}."
            )
    _num_threads = n


def get_num_threads():
    """Return the count given to ``set_num_threads``, or None when glassnet chooses.

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


def largest_product(model, batch_size):
    """Multiply-adds of the largest matrix product one batch of ``model`` computes.

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
    >>> gn.config.largest_product(model, 32)      # 32 * 784 * 256
    6422528
    """
    sizes = [0]
    for layer in model.layers:
        kernel = layer.params.get("kernel") if hasattr(layer, "params") else None
        if kernel is not None and kernel.ndim == 2:
            sizes.append(int(batch_size) * kernel.shape[0] * kernel.shape[1])
    return max(sizes)


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
    if _num_threads is not None:
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


def threads_for_model(model, batch_size):
    """``blas_threads`` with the policy's count for ``model`` at ``batch_size``.

    Parameters
    ----------
    model : a built glassnet model
    batch_size : int

    Examples
    --------
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(8, input_shape=(4,))])
    >>> with gn.config.threads_for_model(model, 32):
    ...     pass
    """
    n = threads_for(largest_product(model, batch_size))
    return contextlib.nullcontext() if n is None else blas_threads(n)


__all__ = ["SMALL_PRODUCT", "set_num_threads", "get_num_threads", "environment_sets_threads",
           "largest_product", "threads_for", "blas_threads", "threads_for_model"]
