"""Seed 000: the from-scratch ``SimpleANN`` on the AND gate, and the same net in glassnet.

Run with ``python examples/and_gate.py``. It prints the seed's own output (its cost
every 1,000 epochs and ``Predictions: [[0 0 0 1]]``), then the same lines from a
glassnet model that starts from the very same weights, and the largest relative
difference between the two costs over all 10,000 epochs.

The seed puts examples in columns (``X`` is ``(2, 4)``, ``W1`` is ``(hidden, input)``);
glassnet puts examples in rows (``X`` is ``(4, 2)``, the Dense kernel is
``(input, hidden)``), so glassnet's kernels are the seed's ``W1.T`` and ``W2.T``.
"""

# %% [markdown]
# # Seed 000: a 2-layer ANN on the AND gate
#
# First the seed's own class, copied verbatim; then a glassnet model with the same
# architecture (Dense(4, relu), Dense(1, sigmoid)), loss (binary cross-entropy),
# optimizer (plain gradient descent, learning rate 0.1, full batch) and the same
# starting weights. Both compute the same cost at every epoch.

# %%
import numpy as np

import glassnet as gn

# %% [markdown]
# ## The seed's class (verbatim)

# %%
class SimpleANN:
    def __init__(self, input_size, hidden_size, lr=0.1, epochs=10000):
        np.random.seed(42)
        self.lr = lr
        self.epochs = epochs
        self.W1 = np.random.randn(hidden_size, input_size) * 0.1
        self.b1 = np.zeros((hidden_size, 1))
        self.W2 = np.random.randn(1, hidden_size) * 0.1
        self.b2 = np.zeros((1, 1))
        self.costs = []

    def relu(self, Z):
        return np.maximum(0, Z)

    def relu_deriv(self, Z):
        return (Z > 0).astype(float)

    def sigmoid(self, Z):
        Z = np.clip(Z, -500, 500)
        return 1 / (1 + np.exp(-Z))

    def forward(self, X):
        Z1 = self.W1 @ X + self.b1
        A1 = self.relu(Z1)
        Z2 = self.W2 @ A1 + self.b2
        A2 = self.sigmoid(Z2)
        cache = (X, Z1, A1, Z2, A2)
        return A2, cache

    def compute_cost(self, Y, A2):
        eps = 1e-9
        A2 = np.clip(A2, eps, 1 - eps)
        return -np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))

    def backward(self, Y, cache):
        X, Z1, A1, Z2, A2 = cache
        m = X.shape[1]

        dZ2 = A2 - Y
        dW2 = (dZ2 @ A1.T) / m
        db2 = np.sum(dZ2, axis=1, keepdims=True) / m

        dZ1 = (self.W2.T @ dZ2) * self.relu_deriv(Z1)
        dW1 = (dZ1 @ X.T) / m
        db1 = np.sum(dZ1, axis=1, keepdims=True) / m

        return dW1, db1, dW2, db2

    def fit(self, X, Y):
        for i in range(self.epochs):
            A2, cache = self.forward(X)
            cost = self.compute_cost(Y, A2)
            dW1, db1, dW2, db2 = self.backward(Y, cache)

            self.W1 -= self.lr * dW1
            self.b1 -= self.lr * db1
            self.W2 -= self.lr * dW2
            self.b2 -= self.lr * db2

            self.costs.append(cost)
            if i % 1000 == 0:
                print(f"Epoch {i}: Cost = {cost:.6f}")

    def predict(self, X):
        A2, _ = self.forward(X)
        return (A2 >= 0.5).astype(int)


X = np.array([[0, 0, 1, 1],
              [0, 1, 0, 1]], dtype=float)

Y = np.array([[0, 0, 0, 1]], dtype=float)


# %% [markdown]
# ## The same network in glassnet
#
# A small callback prints the cost every 1,000 epochs, in the seed's words.

# %%
class PrintCost(gn.callbacks.Callback):
    """Print ``Epoch i: Cost = ...`` every ``every`` epochs, as the seed's ``fit``."""

    def __init__(self, every=1000):
        super().__init__()
        self.every = every

    def on_epoch_end(self, epoch, logs=None):
        if epoch % self.every == 0:
            print(f"Epoch {epoch}: Cost = {logs['loss']:.6f}")


def seed_initial_weights(hidden_size=4):
    """The seed's starting weights, drawn by its constructor (``np.random.seed(42)``).

    Returns ``[W1, b1, W2, b2]`` in glassnet's layout: kernels ``(n_in, n_out)``
    (the seed's matrices transposed) and biases ``(n_out,)``.
    """
    seed_model = SimpleANN(input_size=2, hidden_size=hidden_size)
    return [seed_model.W1.T.copy(), seed_model.b1.ravel().copy(),
            seed_model.W2.T.copy(), seed_model.b2.ravel().copy()]


def glassnet_model(epochs=10000, verbose_every=1000):
    """Train the glassnet twin of ``SimpleANN``; return ``(model, history)``.

    Full batch (``batch_size=4``, ``shuffle=False``), SGD with learning rate 0.1,
    binary cross-entropy: each step is the seed's step (``dZ2 = A2 - Y``, gradients
    averaged over the 4 examples). Weights are float64, as NumPy's.
    """
    gn.backend.set_floatx("float64")
    model = gn.Sequential([
        gn.layers.Dense(4, activation="relu", input_shape=(2,)),
        gn.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=gn.optimizers.SGD(learning_rate=0.1),
                  loss="binary_crossentropy")
    model.set_weights(seed_initial_weights())
    callbacks = [PrintCost(verbose_every)] if verbose_every else []
    history = model.fit(X.T, Y.T, batch_size=4, epochs=epochs, shuffle=False,
                        verbose=0, callbacks=callbacks)
    return model, history


# %% [markdown]
# ## Run both

# %%
def main():
    print("--- the seed's SimpleANN ---")
    model = SimpleANN(input_size=2, hidden_size=4, lr=0.1, epochs=10000)
    model.fit(X, Y)

    pred = model.predict(X)
    print("Predictions:", pred)

    print("--- glassnet ---")
    gn_model, history = glassnet_model()
    gn_pred = (gn_model.predict(X.T) >= 0.5).astype(int).T  # back to the seed's (1, 4)
    print("Predictions:", gn_pred)

    seed_costs = np.array(model.costs)
    gn_costs = np.array(history.history["loss"])
    rel = np.abs(gn_costs - seed_costs) / np.abs(seed_costs)
    print(f"Largest relative difference of the cost over {len(rel)} epochs: "
          f"{rel.max():.2e}")


if __name__ == "__main__":
    main()
