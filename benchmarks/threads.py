"""BLAS threads: where a second thread starts to pay, and a busy neighbour.

Two measurements, for ``glassnet.config``'s thread policy:

1. Products ``(m, k) @ (k, n)`` of growing size in float32, on one thread and on all
   of the library's threads, taking turns. The size where all threads first win by
   more than 10% is where ``config.SMALL_PRODUCT`` belongs.
2. The digits MLP (64-128-64-10, scikit-learn's 1,797 digits, batch 200 as
   scikit-learn's MLPClassifier takes it, Adam), one epoch of ``fit``: on one thread
   with the machine quiet; with another process keeping one core busy, on the
   library's threads and under glassnet's policy. The target: with the neighbour,
   glassnet's epoch within 1.5x of the quiet one-thread epoch.
"""

import multiprocessing
import time

import _common
import numpy as np

SIZES = [(32, 64, 128), (64, 128, 128), (128, 128, 128), (128, 256, 128),
         (128, 256, 256), (256, 256, 256), (256, 512, 256), (256, 512, 512),
         (512, 512, 512), (512, 1024, 512), (1024, 1024, 1024)]


def _busy(seconds):
    """Keep one core busy for ``seconds`` (the neighbour)."""
    end = time.perf_counter() + seconds
    x = 0
    while time.perf_counter() < end:
        x += 1


def crossover(repeats):
    from threadpoolctl import ThreadpoolController

    lib = ThreadpoolController().select(user_api="blas").lib_controllers[0]
    full = lib.get_num_threads()
    rng = np.random.default_rng(0)
    rows, first_win = [], None
    for m, k, n in SIZES:
        A = rng.standard_normal((m, k), dtype=np.float32)
        B = rng.standard_normal((k, n), dtype=np.float32)
        reps = max(3, int(3e8 // (m * k * n)))

        def timed(threads, A=A, B=B, reps=reps):
            def run():
                lib.set_num_threads(threads)
                for _ in range(reps):
                    np.matmul(A, B)
            return run

        times = _common.race({"1": timed(1), "all": timed(full)}, repeats)
        lib.set_num_threads(full)
        one, many = min(times["1"]) / reps, min(times["all"]) / reps
        if first_win is None and one > 1.1 * many:
            first_win = m * k * n
        rows.append([f"{m} x {k} x {n}", f"{m * k * n:,}", one, many, f"{one / many:.2f}"])
    table = _common.markdown_table(
        ["product", "multiply-adds", "1 thread", f"{full} threads", "1 / all"], rows)
    return table, first_win, full


def digits_epoch(repeats):
    from sklearn.datasets import load_digits

    import glassnet as gn

    X, y = load_digits(return_X_y=True)
    X = (X / 16.0).astype(np.float32)
    Y = gn.utils.to_categorical(y, 10)

    def build():
        gn.utils.set_random_seed(0)
        model = gn.Sequential([gn.layers.Dense(128, activation="relu", input_shape=(64,)),
                               gn.layers.Dense(64, activation="relu"),
                               gn.layers.Dense(10, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        return model

    model = build()
    model.fit(X, Y, epochs=1, batch_size=200, verbose=0)  # warm-up

    def epoch(threads):
        def run():
            gn.config.set_num_threads(threads)
            try:
                model.fit(X, Y, epochs=1, batch_size=200, verbose=0)
            finally:
                gn.config.set_num_threads(None)
        return run

    from threadpoolctl import ThreadpoolController

    full = ThreadpoolController().select(user_api="blas").lib_controllers[0].get_num_threads()
    quiet = _common.race({"1 thread, quiet": epoch(1)}, repeats)
    neighbour = multiprocessing.get_context("spawn").Process(target=_busy, args=(120.0,))
    neighbour.start()
    try:
        time.sleep(0.5)
        busy = _common.race({f"{full} threads (the library's), busy neighbour": epoch(full),
                             "glassnet's policy, busy neighbour": epoch(None)}, repeats)
    finally:
        neighbour.terminate()
        neighbour.join()
    times = {**quiet, **busy}
    table = _common.markdown_table(["digits MLP epoch", "best", "median", "vs quiet 1 thread"],
                                   _common.summarize(times, "1 thread, quiet"))
    ref = min(times["1 thread, quiet"])
    ratios = {"busy neighbour: glassnet policy / quiet 1 thread":
              min(times["glassnet's policy, busy neighbour"]) / ref,
              "busy neighbour: library threads / quiet 1 thread":
              min(times[f"{full} threads (the library's), busy neighbour"]) / ref}
    return table, ratios


def run(repeats):
    """The report section and its ratios."""
    import glassnet as gn

    table, first_win, full = crossover(repeats)
    epochs, ratios = digits_epoch(repeats)
    won = f"{first_win:,}" if first_win else "none of the sizes"
    text = "\n".join([
        "### BLAS threads", "",
        f"Float32 products on 1 and {full} threads (per product, best of {repeats}). "
        f"All threads first win by more than 10% at {won} multiply-adds; glassnet's "
        f"`config.SMALL_PRODUCT` is {gn.config.SMALL_PRODUCT:,}.", "",
        table, "",
        "The digits MLP (64-128-64-10, batch 200, Adam), one epoch of `fit`, with another "
        "process keeping one core busy:", "",
        epochs,
    ])
    return text, ratios
