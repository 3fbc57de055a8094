"""``glassnet demo``: the course's first networks, trained in front of you.

- ``and`` (also ``or``, ``nand``): the first seed's SimpleANN: Dense(4, relu) +
  Dense(1, sigmoid), binary cross-entropy, gradient descent with learning rate 0.1
  on the full batch for 10,000 epochs, starting from the seed's own weights
  (``np.random.seed(42)``, ``randn * 0.1``, zero biases), printing the cost every
  1,000 epochs and then the predictions.
- ``xor``: the lab's 2-4-1 network with sigmoid everywhere, weights ``randn``, zero
  biases, the update ``W += lr * A_prev.T @ delta`` (the gradient of the
  half squared error summed over the four examples), learning rate 0.1,
  10,000 epochs, printing the mean squared error every 4,000 epochs.

The seeds put examples in columns (``W1`` is ``(hidden, input)``); glassnet puts
them in rows, so its first kernel is the seed's ``W1.T``.
"""

import click
import numpy as np

from ..callbacks import Callback


class PrintEvery(Callback):
    """Print a line every ``every`` epochs, as the seeds' training loops do."""

    def __init__(self, every, line):
        super().__init__()
        self.every, self.line = every, line

    def on_epoch_end(self, epoch, logs=None):
        if epoch % self.every == 0:
            click.echo(self.line(epoch, logs))


def and_seed_network(seed=42):
    """The first seed's network and starting weights, in glassnet's row layout."""
    from .. import Sequential, layers, optimizers

    model = Sequential([layers.Dense(4, activation="relu", input_shape=(2,)),
                        layers.Dense(1, activation="sigmoid")], dtype="float64")
    rng = np.random.RandomState(seed)
    W1 = rng.randn(4, 2) * 0.1  # the seed's (hidden, input) layout
    W2 = rng.randn(1, 4) * 0.1
    model.set_weights([W1.T, np.zeros(4), W2.T, np.zeros(1)])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1), loss="binary_crossentropy")
    return model, 1000, lambda epoch, logs: f"Epoch {epoch}: Cost = {logs['loss']:.6f}"


def xor_lab_network(seed=42):
    """The lab's 2-4-1 sigmoid network: summed half squared error, learning rate 0.1."""
    from .. import Sequential, layers, losses, optimizers

    model = Sequential([layers.Dense(4, activation="sigmoid", input_shape=(2,)),
                        layers.Dense(1, activation="sigmoid")], dtype="float64")
    rng = np.random.RandomState(seed)
    model.set_weights([rng.randn(2, 4), np.zeros(4), rng.randn(4, 1), np.zeros(1)])
    model.compile(optimizer=optimizers.SGD(learning_rate=0.1),
                  loss=losses.HalfSquaredError(reduction="sum"), metrics=["mse"])

    def line(epoch, logs):
        mse = next(v for k, v in logs.items() if k != "loss")
        return f"Epoch {epoch}, Loss:{mse}"

    return model, 4000, line


@click.command(short_help="Train the course's AND-gate or XOR network and show it.")
@click.argument("gate", type=click.Choice(["and", "or", "nand", "xor"], case_sensitive=False),
                default="and", required=False)
@click.option("--epochs", type=click.IntRange(min=1), default=10000, show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=42, show_default=True,
              help="Seed of the starting weights (the seeds use np.random.seed(42)).")
def demo(gate, epochs, seed):
    """Train a seed's network on a logic gate: and (default), or, nand, xor.

    and/or/nand: Dense(4, relu) + Dense(1, sigmoid), binary cross-entropy, SGD with
    learning rate 0.1 on the full batch. xor: the lab's 2-4-1 sigmoid network.
    """
    from ..datasets import logic_gate

    X, y = logic_gate(gate)
    build = xor_lab_network if gate == "xor" else and_seed_network
    model, every, line = build(seed)
    click.echo(f"{gate.upper()} gate, {epochs:,} epochs of full-batch gradient descent:")
    model.fit(X, y, batch_size=len(X), epochs=epochs, shuffle=False, verbose=0,
              callbacks=[PrintEvery(every, line)])
    A = model.predict(X)
    click.echo(f"Predictions: {(A.T >= 0.5).astype(int)}")
    click.echo("x1 x2 | target  output  predicted")
    for (x1, x2), target, a in zip(X.astype(int), y, A[:, 0], strict=True):
        click.echo(f" {x1}  {x2} |   {target}     {a:.4f}     {int(a >= 0.5)}")
