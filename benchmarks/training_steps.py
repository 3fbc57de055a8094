"""Training epochs where per-step overhead shows: glassnet ``fit`` against the tight
hand-written NumPy loop (``tight_loop.TightMLP``) and PyTorch, side by side.

- ``tabular``: a 30-64-32-1 network (ReLU, sigmoid output, binary cross-entropy,
  Adam) on 50,000 synthetic rows, batch 32 and 256.
- ``grid``: the MNIST-sized 784-256-128-10 (ReLU, softmax, categorical
  cross-entropy) on 60,000 synthetic rows, batch 32, 128 and 512, with SGD momentum
  0.9 and with Adam.

Every contender starts from the same Glorot weights, trains float32, and runs one
epoch per timing; they take turns (best of the repeats). Targets: glassnet within
1.05x of the tight loop, and never slower than PyTorch. A second, identical tight
loop runs in the same turns as a control: its ratio to the first is what the
machine's noise alone makes of two equal contenders in that run. A third loop keeps
its gradients, as glassnet does (``keep_gradients``: the update's scratch is an array
of its own, not ``dW``): glassnet against it shows what is left once that contract is
paid for.
"""

import numpy as np
from _common import markdown_table, race, summarize, torch
from tight_loop import TightMLP, glorot_weights, torch_loop

import glassnet as gn

TABULAR = (30, 64, 32, 1)
MNIST = (784, 256, 128, 10)
SGD = ("sgd", 0.01, 0.9)
ADAM = ("adam", 0.001)
KEPT = "tight NumPy loop keeping dW (a scratch array)"


def tabular_data(m, seed=0):
    """Rows of 30 standard-normal features; the label is a noisy linear rule."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((m, TABULAR[0]), dtype=np.float32)
    w = rng.standard_normal(TABULAR[0]).astype(np.float32)
    noise = rng.standard_normal(m).astype(np.float32)
    Y = ((X @ w + 2.0 * noise) > 0).astype(np.float32)[:, None]
    return X, Y


def mnist_data(m, seed=0):
    """Synthetic MNIST-sized rows; one-hot labels from a random linear teacher."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((m, MNIST[0]), dtype=np.float32)
    teacher = rng.standard_normal((MNIST[0], MNIST[-1]), dtype=np.float32)
    Y = np.eye(MNIST[-1], dtype=np.float32)[(X @ teacher).argmax(axis=1)]
    return X, Y


def glassnet_model(layers, output, optimizer, weights, dtype="float32"):
    model = gn.Sequential([gn.layers.Input((layers[0],))], dtype=dtype)
    for units in layers[1:-1]:
        model.add(gn.layers.Dense(units, activation="relu"))
    model.add(gn.layers.Dense(layers[-1], activation=output))
    model.set_weights(weights)
    if optimizer[0] == "sgd":
        opt = gn.optimizers.SGD(optimizer[1], momentum=optimizer[2])
    else:
        opt = gn.optimizers.Adam(optimizer[1])
    loss = "binary_crossentropy" if output == "sigmoid" else "categorical_crossentropy"
    model.compile(optimizer=opt, loss=loss)
    return model


def contenders(layers, output, optimizer, batch, X, Y):
    weights = glorot_weights(layers)
    model = glassnet_model(layers, output, optimizer, weights)
    loop = TightMLP(weights, output, optimizer, batch)
    again = TightMLP(weights, output, optimizer, batch)  # the control: the same loop
    kept = TightMLP(weights, output, optimizer, batch, keep_gradients=True)
    found = {"glassnet fit": lambda: model.fit(X, Y, batch_size=batch, epochs=1, verbose=0),
             "tight NumPy loop": lambda: loop.epoch(X, Y),
             "tight NumPy loop, again (noise control)": lambda: again.epoch(X, Y),
             KEPT: lambda: kept.epoch(X, Y)}
    if torch is not None:
        found[f"PyTorch CPU ({torch.get_num_threads()} threads)"] = torch_loop(
            weights, output, optimizer, batch, X, Y)
    return found


def compare(title, layers, output, configs, X, Y, repeats):
    """One table row per (optimizer, batch, contender); ratios against the loop."""
    rows, ratios = [], {}
    for optimizer, batch in configs:
        fns = contenders(layers, output, optimizer, batch, X, Y)
        for fn in fns.values():  # warm-up: pages, thread pools, optimizer state
            fn()
        times = race(fns, repeats)
        label = f"{'SGD momentum' if optimizer[0] == 'sgd' else 'Adam'}, batch {batch}"
        best = {name: min(values) for name, values in times.items()}
        for name, best_t, median, ratio in summarize(times, reference="tight NumPy loop"):
            rows.append([label, name, best_t, median, ratio])
        ratios[f"{title}, {label}: glassnet / tight loop"] = (
            best["glassnet fit"] / best["tight NumPy loop"])
        ratios[f"{title}, {label}: noise control, the same loop again / tight loop"] = (
            best["tight NumPy loop, again (noise control)"] / best["tight NumPy loop"])
        ratios[f"{title}, {label}: glassnet / the loop keeping dW"] = (
            best["glassnet fit"] / best[KEPT])
        for name in best:
            if name.startswith("PyTorch"):
                ratios[f"{title}, {label}: PyTorch / glassnet"] = best[name] / best["glassnet fit"]
    table = markdown_table(["configuration", "contender", "best", "median", "best / loop"], rows)
    return table, ratios


def run_tabular(repeats, m=50_000):
    X, Y = tabular_data(m)
    table, ratios = compare("tabular", TABULAR, "sigmoid", [(ADAM, 32), (ADAM, 256)], X, Y,
                            repeats)
    text = "\n".join([f"### Tabular 30-64-32-1, Adam, one epoch of {m:,} rows", "", table])
    return text, ratios


def run_grid(repeats, m=60_000, batches=(32, 128, 512)):
    X, Y = mnist_data(m)
    configs = [(opt, b) for opt in (SGD, ADAM) for b in batches]
    table, ratios = compare("MNIST", MNIST, "softmax", configs, X, Y, repeats)
    text = "\n".join([f"### MLP 784-256-128-10, one epoch of {m:,} rows, SGD momentum and Adam",
                      "", table])
    return text, ratios
