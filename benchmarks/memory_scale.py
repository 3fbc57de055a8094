"""Scale: a Dense network on 1,048,576-feature inputs (a 1024 x 1024 chest X-ray),
batch 32, trained with Adam, from three sources of data:

- an in-memory array,
- a memory-mapped ``.npy`` file (``np.load(path, mmap_mode="r")`` passed to ``fit``),
- a batch generator reading that file (``fit(generator, steps_per_epoch=...)``).

NumPy reports its allocations to ``tracemalloc``, so the peak it records while
training is the memory glassnet allocates: compared with what the parameters, the
optimizer state and one batch need. The peak is recorded epoch by epoch, to show
that memory does not grow with the number of epochs.

The file-backed runs happen in a child process whose private memory is capped
(``RLIMIT_DATA``, Linux) below the size of the data set, so they can only succeed
by streaming the file batch by batch. A memory-mapped file's pages are the page
cache's, not the process's, and do not count against the cap.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc

import numpy as np

BATCH = 32
SIDE = 1024  # the slides' chest X-ray: 1024 x 1024 = 1,048,576 features
HIDDEN = 64
SLACK = 64 * 2**20  # private memory the interpreter may still take (malloc arenas...)
EPOCHS = 3


class EpochMemory:
    """A glassnet callback that records tracemalloc's peak and current per epoch."""

    def __new__(cls):
        import glassnet as gn

        class _EpochMemory(gn.callbacks.Callback):
            def on_train_begin(self, logs=None):
                self.peaks, self.currents = [], []

            def on_epoch_begin(self, epoch, logs=None):
                tracemalloc.reset_peak()

            def on_epoch_end(self, epoch, logs=None):
                current, peak = tracemalloc.get_traced_memory()
                self.peaks.append(peak)
                self.currents.append(current)

        return _EpochMemory()


def build_model(n_features, hidden):
    import glassnet as gn

    gn.utils.set_random_seed(0)
    model = gn.Sequential([gn.layers.Input((n_features,)),
                           gn.layers.Dense(hidden, activation="relu"),
                           gn.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def need_bytes(model, n_features, batch=BATCH):
    """Parameters + Adam's two moments + one batch of inputs and targets."""
    params = sum(w.nbytes for w in model.trainable_weights)
    return params, 2 * params, batch * (n_features + 1) * 4


def write_dataset(path, n, n_features, seed=0):
    """A float32 ``.npy`` of ``n`` synthetic images, written in chunks, and labels."""
    rng = np.random.default_rng(seed)
    X = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(n, n_features))
    for start in range(0, n, 16):
        X[start:start + 16] = rng.random((min(16, n - start), n_features), dtype=np.float32)
    X.flush()
    del X
    return (rng.random(n) < 0.5).astype(np.float32)


def batch_generator(X, y, batch):
    """Yields ``(x, y)`` batches forever, in order, read from (memory-mapped) ``X``."""
    while True:
        for start in range(0, len(X), batch):
            yield np.asarray(X[start:start + batch]), y[start:start + batch]


def train(source, X, y, epochs, n_features, hidden):
    """Fit from ``source``; return the per-epoch peaks and the memory needs."""
    tracemalloc.start()  # after the data was made or mapped: it is not counted
    model = build_model(n_features, hidden)
    params, state, batch = need_bytes(model, n_features)
    memory = EpochMemory()
    start = time.perf_counter()
    if source == "generator":
        steps = (len(X) + BATCH - 1) // BATCH
        model.fit(batch_generator(X, y, BATCH), steps_per_epoch=steps, epochs=epochs,
                  verbose=0, callbacks=[memory])
    else:
        model.fit(X, y, batch_size=BATCH, epochs=epochs, verbose=0, callbacks=[memory])
    seconds = time.perf_counter() - start
    tracemalloc.stop()
    return {"source": source, "params": params, "state": state, "batch": batch,
            "peaks": memory.peaks, "currents": memory.currents,
            "seconds_per_epoch": seconds / epochs, "examples": len(X)}


def child(path, labels_path, source, cap, epochs, n_features, hidden):
    """Run in a fresh process: cap private memory, then train from the file."""
    import resource

    import glassnet  # noqa: F401  (the interpreter's own memory comes before the cap)

    warm = np.ones((64, 64), dtype=np.float32)
    warm @ warm  # starts the BLAS threads and their buffers
    with open("/proc/self/status") as f:
        vm_data = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmData"))
    resource.setrlimit(resource.RLIMIT_DATA, (vm_data + cap, vm_data + cap))
    X = np.load(path, mmap_mode="r")
    y = np.load(labels_path)
    result = train(source, X, y, epochs, n_features, hidden)
    result["cap"] = cap
    print(json.dumps(result))


def run_child(path, labels_path, source, cap, epochs, n_features, hidden):
    args = [sys.executable, __file__, "--child", path, labels_path, source, str(cap),
            str(epochs), str(n_features), str(hidden)]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"source": source, "error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(quick=False, epochs=EPOCHS):
    """All three sources; return (markdown report, dict of key ratios)."""
    from _common import format_bytes, markdown_table

    side = 256 if quick else SIDE
    n_features, hidden = side * side, HIDDEN
    n_memory = 2 * BATCH  # in-memory array: 64 images
    n_file = 32 * BATCH if quick else 24 * BATCH  # the file: 768 images, 3 GiB at full size
    results = []
    X_mem = np.random.default_rng(1).random((n_memory, n_features), dtype=np.float32)
    y_mem = (np.arange(n_memory) % 2).astype(np.float32)
    results.append(train("in-memory array", X_mem, y_mem, epochs, n_features, hidden))
    del X_mem
    with tempfile.TemporaryDirectory() as tmp:
        path, labels_path = os.path.join(tmp, "xray.npy"), os.path.join(tmp, "labels.npy")
        np.save(labels_path, write_dataset(path, n_file, n_features))
        params, state, batch = results[0]["params"], results[0]["state"], results[0]["batch"]
        cap = int(1.5 * (params + state + batch)) + SLACK
        for source in ("memory-mapped .npy", "generator"):
            results.append(run_child(path, labels_path, "memmap" if source.startswith("memory")
                                     else "generator", cap, epochs, n_features, hidden))
            results[-1]["source"] = source
        file_bytes = os.path.getsize(path)

    rows, ratios = [], {}
    for r in results:
        if "error" in r:
            rows.append([r["source"], "failed: " + " ".join(r["error"]), "", "", "", ""])
            continue
        need = r["params"] + r["state"] + r["batch"]
        peak = max(r["peaks"])
        ratios[f"{r['source']}: peak / need"] = peak / need
        ratios[f"{r['source']}: last / first epoch peak"] = r["peaks"][-1] / r["peaks"][0]
        rows.append([r["source"], f"{r['examples']}", format_bytes(need),
                     ", ".join(format_bytes(p) for p in r["peaks"]), f"{peak / need:.2f}x",
                     f"{r['seconds_per_epoch']:.2f} s"])
    params, state, batch = results[0]["params"], results[0]["state"], results[0]["batch"]
    text = "\n".join([
        f"### Scale: Dense({hidden}, relu) -> Dense(1, sigmoid) on {n_features:,} features "
        f"({side} x {side}), batch {BATCH}, Adam, {epochs} epochs",
        "",
        f"Need = parameters {format_bytes(params)} + Adam state {format_bytes(state)} + "
        f"one batch {format_bytes(batch)}. Peaks are tracemalloc's, epoch by epoch: "
        "everything NumPy allocated from building the model on, the data given to "
        "`fit` excluded.",
        "The file-backed runs ran in a child process whose private memory was capped at "
        f"{format_bytes(cap)} (1.5 x need + {format_bytes(SLACK)} for the interpreter), "
        f"while the file holds {format_bytes(file_bytes)}.",
        "",
        markdown_table(["data", "examples", "need", "peak per epoch", "peak / need",
                        "time / epoch, tracemalloc on"], rows),
    ])
    return text, ratios


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        path, labels_path, source, cap, epochs, n_features, hidden = sys.argv[2:9]
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        child(path, labels_path, source, int(cap), int(epochs), int(n_features), int(hidden))
