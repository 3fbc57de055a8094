"""BLAS threads: where a second thread starts to pay, and a busy neighbour.

Two measurements, for ``glassnet.config``'s thread policy:

1. Products ``(m, k) @ (k, n)`` of growing size in float32, on one thread and on all
   of the library's threads, taking turns. The size where all threads first win by
   more than 10% is where ``config.SMALL_PRODUCT`` belongs.
2. One epoch of ``fit`` (Adam) for the digits MLP (64-128-64-10, scikit-learn's
   1,797 digits, batch 200 as scikit-learn's MLPClassifier takes it) and for the
   MNIST-sized 784-256-128-10 at batch 32: quiet, and with another process keeping
   one core busy; on one thread, on the library's threads, under glassnet's rule
   and with ``set_num_threads("measure")``. The targets: with the neighbour, the
   digits epoch within 1.5x of the quiet one-thread epoch (glassnet's rule), and
   every epoch under "measure" too; quiet, "measure" within 1.1x of the faster
   fixed count.
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


def digits_data():
    """scikit-learn's 1,797 digits, scaled to [0, 1], one-hot targets."""
    from sklearn.datasets import load_digits

    import glassnet as gn

    X, y = load_digits(return_X_y=True)
    return (X / 16.0).astype(np.float32), gn.utils.to_categorical(y, 10)


def mnist_sized_data(m=6000):
    """Synthetic 784-feature data with 10 classes (as ``training_steps.mnist_data``)."""
    from training_steps import mnist_data

    return mnist_data(m)


def mlp(layers):
    import glassnet as gn

    gn.utils.set_random_seed(0)
    model = gn.Sequential([gn.layers.Input((layers[0],))], dtype="float32")
    for units in layers[1:-1]:
        model.add(gn.layers.Dense(units, activation="relu"))
    model.add(gn.layers.Dense(layers[-1], activation="softmax"))
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    return model


def epochs_with_neighbour(layers, X, Y, batch, repeats):
    """One epoch of ``fit`` on one thread, on the library's threads, under glassnet's
    rule and with ``set_num_threads("measure")``: quiet, then with a busy neighbour.
    Returns (times by contender, epochs the measuring took in each phase)."""
    from threadpoolctl import ThreadpoolController

    import glassnet as gn

    model = mlp(layers)
    shape = gn.config.largest_shape(model, batch)
    model.fit(X, Y, epochs=1, batch_size=batch, verbose=0)  # warm-up

    def epoch(threads):
        def run():
            gn.config.set_num_threads(threads)
            try:
                model.fit(X, Y, epochs=1, batch_size=batch, verbose=0)
            finally:
                gn.config.set_num_threads(None)
        return run

    def measure():
        """Forget what was measured and train until "measure" has decided again."""
        gn.config._timers.clear()
        fits = 0
        while fits < 200 and not gn.config.step_timer(shape, "float32").holds():
            epoch("measure")()
            fits += 1
        return fits

    full = ThreadpoolController().select(user_api="blas").lib_controllers[0].get_num_threads()
    counts = {"1 thread": 1, f"{full} threads (the library's)": full,
              "glassnet's rule": None, 'set_num_threads("measure")': "measure"}
    fits = {"quiet": measure()}
    times = _common.race({f"{name}, quiet": epoch(n) for name, n in counts.items()}, repeats,
                         pause=0.3)
    neighbour = multiprocessing.get_context("spawn").Process(target=_busy, args=(300.0,))
    neighbour.start()
    try:
        time.sleep(0.5)
        fits["busy neighbour"] = measure()
        times.update(_common.race({f"{name}, busy neighbour": epoch(n)
                                   for name, n in counts.items()}, repeats, pause=0.3))
    finally:
        neighbour.terminate()
        neighbour.join()
    return times, fits


NETWORKS = [  # (title, layers, data, batch)
    ("digits MLP 64-128-64-10, batch 200", (64, 128, 64, 10), digits_data, 200),
    ("MNIST-sized 784-256-128-10, batch 32, 6,000 rows", (784, 256, 128, 10),
     mnist_sized_data, 32),
]


def neighbour_tables(repeats):
    """A table per network, and the ratios."""
    parts, ratios = [], {}
    for title, layers, data, batch in NETWORKS:
        X, Y = data()
        times, fits = epochs_with_neighbour(layers, X, Y, batch, repeats)
        best = {name: min(t) for name, t in times.items()}
        ref = best["1 thread, quiet"]
        short = title.split(" ")[0]
        fastest_quiet = min(v for k, v in best.items() if k.endswith("quiet")
                            and not k.startswith(("glassnet", "set_num")))
        ratios[f"busy neighbour: {short}, glassnet's rule / quiet 1 thread"] = (
            best["glassnet's rule, busy neighbour"] / ref)
        ratios[f"busy neighbour: {short}, measure / quiet 1 thread"] = (
            best['set_num_threads("measure"), busy neighbour'] / ref)
        ratios[f"quiet: {short}, measure / the faster fixed count"] = (
            best['set_num_threads("measure"), quiet'] / fastest_quiet)
        ratios[f"quiet: {short}, glassnet's rule / the faster fixed count"] = (
            best["glassnet's rule, quiet"] / fastest_quiet)
        parts += [f"{title}, one epoch of `fit` (\"measure\" decided after "
                  f"{fits['quiet']} epochs quiet and {fits['busy neighbour']} with the "
                  "neighbour, each time from nothing measured):", "",
                  _common.markdown_table([title.split(",")[0] + " epoch", "best", "median",
                                          "vs quiet 1 thread"],
                                         _common.summarize(times, "1 thread, quiet")), ""]
    return "\n".join(parts), ratios


def run(repeats):
    """The report section and its ratios."""
    import glassnet as gn

    table, first_win, full = crossover(repeats)
    epochs, ratios = neighbour_tables(repeats)
    won = f"{first_win:,}" if first_win else "none of the sizes"
    text = "\n".join([
        "### BLAS threads", "",
        f"Float32 products on 1 and {full} threads (per product, best of {repeats}). "
        f"All threads first win by more than 10% at {won} multiply-adds. glassnet's "
        f"rule: one thread below `config.SMALL_PRODUCT` ({gn.config.SMALL_PRODUCT:,}), "
        "the library's count from there; with `set_num_threads(\"measure\")` `fit` times "
        "its own steps on one and on all threads and keeps the faster.", "",
        table, "",
        "Another process keeping one core busy (the neighbour):", "",
        epochs,
    ])
    return text, ratios
