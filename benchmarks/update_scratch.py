"""What glassnet's readable gradients cost in the optimizer's update.

After a step glassnet keeps ``dW`` as the gradient the step used (``layer.grads``), so
its update writes ``lr dW`` (SGD) or Adam's differences into a scratch array; the tight
loop (``tight_loop.TightMLP``) writes them into ``dW`` itself. This times both on one
vector θ the size of the MNIST-sized 784-256-128-10 network's parameters, with the
gradient written just before each update (as backpropagation leaves it), one update at
a time, best of the repeats:

    python benchmarks/update_scratch.py            # float32, 235,146 parameters
    python benchmarks/update_scratch.py --size 4097   # the tabular 30-64-32-1 network

The rules are glassnet's own (``SGD.update`` and ``Adam.update``) against the tight
loop's (``TightMLP.update``); both compute the same step.
"""

import argparse
import time

import numpy as np
from _common import markdown_table
from tight_loop import TightMLP

import glassnet as gn

MNIST_PARAMETERS = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10
IN_PLACE, SCRATCH = "in place on dW (the tight loop)", "into a scratch array (glassnet)"


def time_update(update, gradient, dW, turns, repeats):
    """Best mean time of one ``update()`` over ``turns`` calls, ``dW`` rewritten first."""
    best = float("inf")
    for _ in range(repeats):
        total = 0.0
        for _ in range(turns):
            np.copyto(dW, gradient)  # as backpropagation leaves it: just written
            start = time.perf_counter()
            update()
            total += time.perf_counter() - start
        best = min(best, total / turns)
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=MNIST_PARAMETERS)
    parser.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    dtype = np.dtype(args.dtype)
    gradient = (rng.standard_normal(args.size) * 1e-3).astype(dtype)
    W = rng.standard_normal(args.size).astype(dtype)
    dW, velocity, m, v = (np.zeros_like(W) for _ in range(4))  # SGD's state; Adam's
    sgd = gn.optimizers.SGD(0.01, momentum=0.9)
    adam = gn.optimizers.Adam(0.001)
    # the tight loop's own update (S=None: dW is the scratch), at a later Adam step
    sgd_loop = TightMLP([W], "softmax", ("sgd", 0.01, 0.9), batch=32)
    adam_loop = TightMLP([W], "softmax", ("adam", 0.001), batch=32)
    adam_loop.t = 10
    contenders = [
        ("SGD momentum", IN_PLACE, lambda: sgd_loop.update(W, dW, [velocity])),
        ("SGD momentum", SCRATCH, lambda: sgd.update(W, dW, 0.01, velocity)),
        ("Adam", IN_PLACE, lambda: adam_loop.update(W, dW, [m, v])),
        ("Adam", SCRATCH, lambda: adam.update(W, dW, 0.001, m, v)),
    ]
    rows, times = [], {}
    for rule, how, update in contenders * 2:  # twice, interleaved: the best of both
        t = time_update(update, gradient, dW, args.turns, args.repeats)
        times[(rule, how)] = min(t, times.get((rule, how), float("inf")))
    for rule in ("SGD momentum", "Adam"):
        in_place, scratch = times[(rule, IN_PLACE)], times[(rule, SCRATCH)]
        rows.append([rule, f"{in_place * 1e6:.1f} us", f"{scratch * 1e6:.1f} us",
                     f"{scratch / in_place:.2f}"])
    print(f"One update of {args.size:,} {args.dtype} parameters (one vector), the gradient "
          f"just written; best of {args.repeats} x {args.turns}:\n")
    print(markdown_table(["rule", IN_PLACE, SCRATCH, "scratch / in place"], rows))


if __name__ == "__main__":
    main()
