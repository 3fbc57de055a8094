"""Seed 002 (slides): the one-hidden-layer MLP example, one update step in glassnet.

Run with ``python examples/mlp_worked_example.py``.

The slides' network: 2 inputs, 3 hidden neurons, 1 output, linear activations,
``x = [1, 2]``, target ``y = 1``, loss ``L = 1/2 (a[2] - y)^2`` (glassnet's
``"half_squared_error"``), learning rate 0.1. One ``train_on_batch`` step computes the
forward pass, every gradient and the updated parameters; this script prints them in
the slides' notation next to the slides' numbers.

The slides put examples in columns: ``W[1]`` is ``(3, 2)`` and ``z[1] = W[1] x + b[1]``.
glassnet puts examples in rows: the Dense kernel is ``(n_in, n_out)`` and
``Z = A_prev W + b``. So glassnet's kernels are the slides' ``W[1].T`` and ``W[2].T``,
and everything is transposed back before printing.
"""

# %% [markdown]
# # Seed 002: the one-hidden-layer MLP worked example

# %%
import numpy as np

import glassnet as gn

x = np.array([[1.0, 2.0]])  # one example, as a row
y = np.array([[1.0]])
W1 = np.array([[0.5, 0.2],
               [0.3, 0.8],
               [0.6, 0.4]])  # the slides' W[1], (n_out, n_in)
b1 = np.array([0.1, 0.1, 0.1])
W2 = np.array([[0.4, 0.3, 0.2]])  # the slides' W[2]
b2 = np.array([0.1])

# The slides' results, in their notation.
SLIDES = {
    "z[1]": [1.0, 2.0, 1.5],
    "a[2]": [1.4],
    "dL/dW[2]": [[0.4, 0.8, 0.6]],
    "dL/db[2]": [0.4],
    "dL/dW[1]": [[0.16, 0.32], [0.12, 0.24], [0.08, 0.16]],
    "dL/db[1]": [0.16, 0.12, 0.08],
    "W[2] new": [[0.36, 0.22, 0.14]],
    "b[2] new": [0.06],
    "W[1] new": [[0.484, 0.168], [0.288, 0.776], [0.592, 0.384]],
    "b[1] new": [0.084, 0.088, 0.092],
}


def one_step(learning_rate=0.1):
    """One training step; return every slide quantity in the slides' notation."""
    gn.backend.set_floatx("float64")
    model = gn.Sequential([
        gn.layers.Dense(3, activation="linear", input_shape=(2,)),
        gn.layers.Dense(1, activation="linear"),
    ])
    model.compile(optimizer=gn.optimizers.SGD(learning_rate=learning_rate),
                  loss="half_squared_error")
    model.set_weights([W1.T, b1, W2.T, b2])  # glassnet kernels are (n_in, n_out)
    model.train_on_batch(x, y)
    hidden, output = model.layers
    W1_new, b1_new, W2_new, b2_new = model.get_weights()
    return {
        "z[1]": hidden.Z[0],
        "a[2]": output.A[0],
        "dL/dW[2]": output.dW.T,
        "dL/db[2]": output.db,
        "dL/dW[1]": hidden.dW.T,
        "dL/db[1]": hidden.db,
        "W[2] new": W2_new.T,
        "b[2] new": b2_new,
        "W[1] new": W1_new.T,
        "b[1] new": b1_new,
    }


# %%
def main():
    values = one_step()
    for name, expected in SLIDES.items():
        got = np.asarray(values[name])
        diff = np.abs(got - np.asarray(expected)).max()
        indent = " " * 19
        got_text = np.array2string(got, precision=4, separator=", ", prefix=indent)
        slides_text = np.array2string(np.asarray(expected), separator=", ", prefix=indent)
        print(f"{name:<9} glassnet {got_text}")
        print(f"{'':<9} slides   {slides_text}   largest difference {diff:.1e}")


if __name__ == "__main__":
    main()
