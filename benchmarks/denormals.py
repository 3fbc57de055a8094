"""Training that must not slow down as it goes: float32 time per epoch, first and last.

Numbers below float32's normal range (|x| < 1.2e-38, "denormal") make division,
square roots, exponentials and products with them several times slower on many
processors. Training makes them: a saturated sigmoid's output gradient, and the
moments of a dead ReLU unit, which decay towards 0 and, through rounding, stay
stuck at a denormal value (``m + (1 - b1)(0 - m)`` rounds back to ``m``). glassnet
sets them to 0 (``backend.flush_denormals``: the output gradient at every step, the
optimizer state every ``FLUSH_EVERY`` steps).

The run: the tabular 30-64-32-1 network (ReLU, sigmoid, binary cross-entropy, Adam
with learning rate 0.01, which leaves dead units), float32, batch 32, trained for
several epochs twice, epoch by epoch in turn: glassnet as it is, and glassnet with
the flushing switched off. For each: the first and last epoch's time and the share of
the Adam state that is denormal at the end.
"""

import numpy as np
from _common import markdown_table, time_once
from tight_loop import glorot_weights
from training_steps import TABULAR, glassnet_model, tabular_data

import glassnet as gn


def denormal_share(model):
    """The fraction of the optimizer state's numbers that are denormal."""
    tiny = np.finfo(np.float32).tiny
    states = [s for slots in model.optimizer.slots.values() for s in slots]
    count = sum(int(np.count_nonzero((np.abs(s) < tiny) & (s != 0))) for s in states)
    return count / sum(s.size for s in states)


def run(epochs=12, m=20_000):
    X, Y = tabular_data(m)
    flush = gn.backend.flush_denormals
    models = {name: glassnet_model(TABULAR, "sigmoid", ("adam", 0.01), glorot_weights(TABULAR))
              for name in ("glassnet (flushing)", "flushing switched off")}
    times = {name: [] for name in models}
    for _ in range(epochs):
        for name, model in models.items():
            if name == "flushing switched off":
                gn.backend.flush_denormals = lambda A: A
            try:
                times[name].append(time_once(
                    lambda model=model: model.fit(X, Y, batch_size=32, epochs=1, verbose=0)))
            finally:
                gn.backend.flush_denormals = flush
    rows, ratios = [], {}
    k = max(1, epochs // 4)  # the best of the first k and of the last k epochs
    for name, model in models.items():
        first, last = min(times[name][:k]), min(times[name][-k:])
        rows.append([name, first, last, f"{last / first:.2f}",
                     f"{100 * denormal_share(model):.2f}%"])
        ratios[f"float32 epochs, {name}: last / first epoch"] = last / first
    text = "\n".join([
        f"### float32 over {epochs} epochs: tabular 30-64-32-1, Adam 0.01, batch 32, "
        f"{m:,} rows", "",
        f"Each time is the best of {k} epochs: the first {k} and the last {k}.", "",
        markdown_table(["run", "first epochs", "last epochs", "last / first",
                        "denormal share of Adam's state at the end"], rows)])
    return text, ratios
