"""Shared helpers of the benchmark harness: timing, threads, competitors, tables.

The machine is noisy (other processes share the cores), so every contender is
timed several times, the contenders take turns within each repeat (A B C, A B C,
...), and the tables report the best and the median. Ratios use the best times:
the fastest run is the one least disturbed by the neighbours.
"""

import gc
import os
import platform
import statistics
import time

import numpy as np


def optional_import(name):
    """Return the module ``name``, or None when it is not installed."""
    try:
        return __import__(name)
    except ImportError:
        return None


torch = optional_import("torch")
sklearn = optional_import("sklearn")
threadpoolctl = optional_import("threadpoolctl")


def blas_threads():
    """Number of threads NumPy's BLAS uses (None when threadpoolctl is missing)."""
    if threadpoolctl is None:
        return None
    for pool in threadpoolctl.threadpool_info():
        if pool.get("user_api") == "blas":
            return pool.get("num_threads")
    return None


def set_threads(n):
    """Use ``n`` threads in NumPy's BLAS and in PyTorch (None: leave the defaults).

    Returns the thread count every contender now uses. PyTorch is always given
    NumPy's count, so the two compete on the same cores.
    """
    if n is not None and threadpoolctl is not None:
        # Kept alive for the whole process: the limit lasts as long as the object.
        set_threads.limiter = threadpoolctl.threadpool_limits(limits=n)
    n = blas_threads() or n or os.cpu_count()
    if torch is not None:
        torch.set_num_threads(n)
    return n


def machine_description():
    """One paragraph about this machine and the software versions."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    blas = "unknown BLAS"
    if threadpoolctl is not None:
        pools = [p for p in threadpoolctl.threadpool_info() if p.get("user_api") == "blas"]
        if pools:
            blas = f"{pools[0].get('internal_api')} {pools[0].get('version')}"
    import glassnet

    parts = [
        f"{cpu}, {os.cpu_count()} logical cores",
        f"Python {platform.python_version()}",
        f"NumPy {np.__version__} ({blas})",
        f"glassnet {glassnet.__version__}",
    ]
    if sklearn is not None:
        parts.append(f"scikit-learn {sklearn.__version__}")
    if torch is not None:
        parts.append(f"PyTorch {torch.__version__}")
    return "; ".join(parts)


def competitors():
    """Which optional competitors were found, as a line for the report."""
    found = [f"scikit-learn {sklearn.__version__}" if sklearn else None,
             f"PyTorch {torch.__version__}" if torch else None]
    missing = [name for name, module in (("scikit-learn", sklearn), ("PyTorch", torch))
               if module is None]
    line = "found: " + (", ".join(f for f in found if f) or "none")
    if missing:
        line += "; not installed, skipped: " + ", ".join(missing)
    return line


# The clock: wall time by default; ``use_cpu_clock()`` switches to this process's CPU
# time (``run.py --cpu-time``), steadier on a machine shared with other jobs when
# everything runs on one thread (it does not count waiting for a busy core).
CLOCK = time.perf_counter


def use_cpu_clock():
    global CLOCK
    CLOCK = time.process_time


def time_once(fn):
    """Seconds taken by one call of ``fn()``, on ``CLOCK``."""
    start = CLOCK()
    fn()
    return CLOCK() - start


def race(contenders, repeats, pause=0.0):
    """Time each ``name -> fn`` ``repeats`` times, taking turns; return name -> times.

    ``pause`` seconds pass before each timed run (OpenBLAS's idle threads spin for a
    while after a threaded product, and would take a core from the next contender).

    The objects alive before the race (PyTorch's and scikit-learn's hundreds of
    thousands among them) are frozen out of the garbage collector first
    (``gc.freeze``): otherwise a collection during a timed run scans them all, and
    the contender that allocates Python objects pays for the other libraries.
    """
    gc.collect()
    gc.freeze()
    times = {name: [] for name in contenders}
    for _ in range(repeats):
        for name, fn in contenders.items():
            if pause:
                time.sleep(pause)
            times[name].append(time_once(fn))
    return times


def summarize(times, reference=None):
    """Rows ``[name, best, median, best / reference best]`` for a table."""
    rows = []
    ref = min(times[reference]) if reference else None
    for name, values in times.items():
        best, median = min(values), statistics.median(values)
        ratio = f"{best / ref:.2f}x" if ref else ""
        rows.append([name, best, median, ratio])
    return rows


def format_seconds(seconds):
    if seconds >= 1:
        return f"{seconds:.3f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.1f} us"


def format_bytes(n):
    return f"{n / 2**20:,.1f} MiB"


def markdown_table(header, rows):
    """A GitHub markdown table; floats are shown as seconds."""
    cells = [[format_seconds(c) if isinstance(c, float) else str(c) for c in row]
             for row in rows]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines)
