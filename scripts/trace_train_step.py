"""Count the glassnet functions (and their files) one ``train_on_batch`` step runs.

    python scripts/trace_train_step.py          # prints the functions, file by file

The network is the issue's: ``Sequential([Input((4,)), Dense(8, "relu"),
Dense(1, "sigmoid")])`` with SGD and binary cross-entropy, on 16 examples. One
warm-up step runs first (it builds the optimizer's state); the second step is traced
with ``sys.setprofile``, which sees every Python function call. A function counts
once however often it runs; NumPy's and the standard library's functions are not
counted, only those defined in files under ``src/glassnet``.
"""

import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src"))

import glassnet as gn  # noqa: E402

PACKAGE = os.path.dirname(os.path.abspath(gn.__file__))


def build():
    """The issue's network, compiled, and one batch of data."""
    gn.utils.set_random_seed(0)
    model = gn.Sequential([gn.Input((4,)), gn.layers.Dense(8, "relu"),
                           gn.layers.Dense(1, "sigmoid")])
    model.compile(optimizer=gn.optimizers.SGD(0.1), loss="binary_crossentropy")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(16, 4)).astype("float32")
    y = (X[:, 0] > 0).astype("float32")
    return model, X, y


def trace_step(model, X, y):
    """Return ``{file (relative to the package): {qualified function names}}``."""
    seen = {}

    def profile(frame, event, arg):
        if event != "call":
            return
        path = os.path.abspath(frame.f_code.co_filename)
        if path.startswith(PACKAGE + os.sep):
            rel = os.path.relpath(path, PACKAGE)
            seen.setdefault(rel, set()).add(frame.f_code.co_qualname)

    sys.setprofile(profile)
    try:
        model.train_on_batch(X, y)
    finally:
        sys.setprofile(None)
    return seen


def measure():
    """``(n_functions, n_files, {file: functions})`` of the second step."""
    model, X, y = build()
    model.train_on_batch(X, y)  # warm-up: optimizer state, metric objects
    seen = trace_step(model, X, y)
    return sum(len(f) for f in seen.values()), len(seen), seen


def main():
    n_functions, n_files, seen = measure()
    for path in sorted(seen):
        print(path)
        for name in sorted(seen[path]):
            print(f"    {name}")
    print(f"{n_functions} glassnet functions in {n_files} files")


if __name__ == "__main__":
    main()
