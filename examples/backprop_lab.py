"""Seed 001 (Lab 02, backpropagation): the worked example, tasks 1-5, and the XOR net.

Run with ``python examples/backprop_lab.py``.

Part 1 builds the lab's 2-2-1 network (inputs 0.35 and 0.7, the weight table,
sigmoid everywhere, no biases, target 0.5, learning rate 1) in glassnet and takes ONE
training step with the loss ``half_squared_error`` (``L = 1/2 (t - o)^2``, whose
derivative has no factor 2, as the lab's delta rule). Every number the lab asks for is
read from what the engine computed: the weighted sums ``a`` are the layers' cached
``Z``, the outputs ``y`` their ``A``, and the lab's deltas are the cached ``dZ`` with
the opposite sign (the lab writes ``delta_j = o_j (1 - o_j)(t_j - o_j) = -dL/dz_j``
and ``w <- w + eta delta o``; glassnet writes ``W <- W - lr dL/dW``).

The lab rounds its intermediate outputs to two digits (0.56, 0.59, 0.67), which moves
later numbers by a few percent; those are marked "rounded". Some of its numbers are
wrong by far more than rounding can explain (delta4, and the new input-to-hidden
weights and w13): those are marked "WRONG". New weights are judged by their change
``w_new - w_old``, since the change is what the lab computes.

Part 2 runs the lab's XOR ``NeuralNetwork`` class (verbatim) and a glassnet twin
(2-4-1, sigmoid, learning rate 0.1, the update summed over the 4 examples =
``HalfSquaredError(reduction="sum")`` with plain SGD) from the same initial weights,
and shows they agree epoch by epoch.
"""

# %% [markdown]
# # Seed 001: backpropagation lab
#
# ## Part 1: the worked example and lab tasks 1-5, from one glassnet training step

# %%
import numpy as np

import glassnet as gn

X_LAB = np.array([[0.35, 0.7]])  # one example: x1, x2
T_LAB = np.array([[0.5]])  # the target y_target
# The weight table: w_{i,j} connects unit i of one layer to unit j of the next.
WEIGHTS = {"w11": 0.2, "w21": 0.2, "w12": 0.3, "w22": 0.3, "w13": 0.3, "w23": 0.9}

# What the document prints (its worked example, section 6.2), for comparison.
DOCUMENT = {
    "a1": 0.21, "y3": 0.56, "a2": 0.315, "y4": 0.59, "a3": 0.702, "y5": 0.67,
    "error": -0.17, "delta5": -0.0376, "delta3": -0.0027, "delta4": -0.0819,
    "w11": 0.200945, "w21": 0.269445, "w12": 0.273225, "w22": 0.18534,
    "w13": 0.086615, "w23": 0.877816,
}
# Differences up to this relative size come from the lab's rounding (see docstring).
ROUNDING_TOLERANCE = 0.10


def lab_model():
    """The lab's network in glassnet: 2 inputs -> h1, h2 -> o, sigmoid, no biases.

    Kernels are ``(n_in, n_out)``: row ``i`` holds the weights leaving input ``i``,
    column ``j`` those entering unit ``j``, so ``W[i-1, j-1] = w_{i,j}``.
    """
    gn.backend.set_floatx("float64")
    model = gn.Sequential([
        gn.layers.Dense(2, activation="sigmoid", use_bias=False, input_shape=(2,)),
        gn.layers.Dense(1, activation="sigmoid", use_bias=False),
    ])
    model.compile(optimizer=gn.optimizers.SGD(learning_rate=1.0),
                  loss="half_squared_error")
    w = WEIGHTS
    model.set_weights([
        np.array([[w["w11"], w["w12"]],
                  [w["w21"], w["w22"]]]),
        np.array([[w["w13"]],
                  [w["w23"]]]),
    ])
    return model


def one_step():
    """Take one training step; return every number the lab asks for, by name."""
    model = lab_model()
    model.train_on_batch(X_LAB, T_LAB)
    hidden, output = model.layers
    W_hidden, W_output = model.get_weights()  # after the update
    return {
        # Task 1: weighted sums and outputs (cached during the step's forward pass)
        "a1": hidden.Z[0, 0], "y3": hidden.A[0, 0],
        "a2": hidden.Z[0, 1], "y4": hidden.A[0, 1],
        "a3": output.Z[0, 0], "y5": output.A[0, 0],
        # Task 2: the error t - y5
        "error": T_LAB[0, 0] - output.A[0, 0],
        # Tasks 3-4: the lab's deltas are -dL/dz
        "delta5": -output.dZ[0, 0],
        "delta3": -hidden.dZ[0, 0], "delta4": -hidden.dZ[0, 1],
        # Task 5: the new weights
        "w11": W_hidden[0, 0], "w21": W_hidden[1, 0],
        "w12": W_hidden[0, 1], "w22": W_hidden[1, 1],
        "w13": W_output[0, 0], "w23": W_output[1, 0],
    }


def compare_with_document(values):
    """Rows ``(name, document, glassnet, relative difference, verdict)``.

    For a weight, the relative difference is that of its change ``w_new - w_old``.
    """
    rows = []
    for name, doc in DOCUMENT.items():
        exact = float(values[name])
        if name in WEIGHTS:
            old = WEIGHTS[name]
            rel = abs((doc - old) - (exact - old)) / abs(exact - old)
        else:
            rel = abs(doc - exact) / abs(exact)
        verdict = "rounded" if rel <= ROUNDING_TOLERANCE else "WRONG"
        rows.append((name, doc, exact, rel, verdict))
    return rows


def print_lab():
    values = one_step()
    print(f"{'quantity':<9} {'document':>10} {'glassnet':>12} {'rel. diff':>10}  verdict")
    for name, doc, exact, rel, verdict in compare_with_document(values):
        change = ""
        if name in WEIGHTS:
            change = (f"   (change: document {doc - WEIGHTS[name]:+.6f}, "
                      f"glassnet {exact - WEIGHTS[name]:+.6f})")
        print(f"{name:<9} {doc:>10.6g} {exact:>12.6f} {rel:>9.1%}  {verdict}{change}")


# %% [markdown]
# ### The same step as a worked solution, and the document's answers checked
#
# `gn.explain` writes the step out in the lab's own numbering (`a1`, `y3`, `δ5`,
# `w1,3`), every number the engine's; in a notebook the report shows as a styled
# table. `report.check` then judges the document's printed values as if a student had
# handed them in: `right`, `carried forward` (wrong only because an earlier answer
# was), `new error` (with the slip named), and points.


# %%
def lab_answers():
    """The document's printed values as an answer sheet, in the lab's names."""
    d = DOCUMENT
    sheet = {name: d[name] for name in ("a1", "y3", "a2", "y4", "a3", "y5", "error",
                                        "delta5", "delta3", "delta4")}
    for name in WEIGHTS:  # "w13" -> the new value of w1,3
        sheet[f"w{name[1]},{name[2]}_new"] = d[name]
    return sheet


def explain_lab():
    """The worked solution of the lab's step and the verdicts on the document's values."""
    report = gn.explain(lab_model(), X_LAB, T_LAB, notation="lab", sig=4)
    return report, report.check(lab_answers())


report, result = explain_lab()
report  # noqa: B018 (a notebook shows the HTML report; print(report) in a terminal)

# %%
result  # noqa: B018 (the verdicts, points and the slips named)

# %% [markdown]
# ## Part 2: the XOR network, the lab's class (verbatim) and glassnet

# %%
class NeuralNetwork:
    def __init__(self, input_size, hidden_size, output_size):
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.output_size = output_size

        self.weights_input_hidden = np.random.randn(
            self.input_size, self.hidden_size)
        self.weights_hidden_output = np.random.randn(
            self.hidden_size, self.output_size)

        self.bias_hidden = np.zeros((1, self.hidden_size))
        self.bias_output = np.zeros((1, self.output_size))

    def sigmoid(self, x):
        return 1 / (1 + np.exp(-x))

    def sigmoid_derivative(self, x):
        return x * (1 - x)

    def feedforward(self, X):
        self.hidden_activation = np.dot(
            X, self.weights_input_hidden) + self.bias_hidden
        self.hidden_output = self.sigmoid(self.hidden_activation)

        self.output_activation = np.dot(
            self.hidden_output, self.weights_hidden_output) + self.bias_output
        self.predicted_output = self.sigmoid(self.output_activation)

        return self.predicted_output

    def backward(self, X, y, learning_rate):
        output_error = y - self.predicted_output
        output_delta = output_error * \
            self.sigmoid_derivative(self.predicted_output)

        hidden_error = np.dot(output_delta, self.weights_hidden_output.T)
        hidden_delta = hidden_error * self.sigmoid_derivative(self.hidden_output)

        self.weights_hidden_output += np.dot(self.hidden_output.T,
            output_delta) * learning_rate
        self.bias_output += np.sum(output_delta, axis=0,
            keepdims=True) * learning_rate
        self.weights_input_hidden += np.dot(X.T, hidden_delta) * learning_rate
        self.bias_hidden += np.sum(hidden_delta, axis=0,
            keepdims=True) * learning_rate

    def train(self, X, y, epochs, learning_rate):
        for epoch in range(epochs):
            output = self.feedforward(X)
            self.backward(X, y, learning_rate)
            if epoch % 4000 == 0:
                loss = np.mean(np.square(y - output))
                print(f"Epoch {epoch}, Loss:{loss}")


X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
y = np.array([[0], [1], [1], [0]])


# %%
def weights_of(nn):
    """A seed network's weights in glassnet's ``get_weights`` order (copies)."""
    return [nn.weights_input_hidden.copy(), nn.bias_hidden.ravel().copy(),
            nn.weights_hidden_output.copy(), nn.bias_output.ravel().copy()]


def seed_losses(initial_weights, epochs=10000, learning_rate=0.1):
    """Train the lab's class from ``initial_weights``; return its MSE at every epoch.

    The loop is the body of the lab's ``train``, with the loss recorded every epoch
    instead of printed every 4,000. Returns ``(losses, nn)``.
    """
    nn = NeuralNetwork(input_size=2, hidden_size=4, output_size=1)
    (nn.weights_input_hidden, nn.bias_hidden,
     nn.weights_hidden_output, nn.bias_output) = [w.copy() for w in initial_weights]
    nn.bias_hidden, nn.bias_output = nn.bias_hidden[None, :], nn.bias_output[None, :]
    losses = []
    for _ in range(epochs):
        output = nn.feedforward(X)
        nn.backward(X, y, learning_rate)
        losses.append(np.mean(np.square(y - output)))
    return np.array(losses), nn


def print_loss(epoch, logs):
    """Print ``Epoch i, Loss:...`` (the MSE metric) every 4,000 epochs, as the lab."""
    if epoch % 4000 == 0:
        print(f"Epoch {epoch}, Loss:{logs['mse']}")


def glassnet_xor(initial_weights, epochs=10000, learning_rate=0.1, verbose=True):
    """Train the glassnet twin of the lab's XOR class; return ``(model, history)``.

    The lab's update ``W += lr * X^T delta`` sums over the examples without a 1/m:
    that is gradient descent on ``L = 1/2 sum_i (y_i - o_i)^2``, i.e.
    ``HalfSquaredError(reduction="sum")``, one full batch per epoch.
    """
    gn.backend.set_floatx("float64")
    model = gn.Sequential([
        gn.layers.Dense(4, activation="sigmoid", input_shape=(2,)),
        gn.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer=gn.optimizers.SGD(learning_rate=learning_rate),
                  loss=gn.losses.HalfSquaredError(reduction="sum"), metrics=["mse"])
    model.set_weights(initial_weights)
    callbacks = [gn.callbacks.LambdaCallback(on_epoch_end=print_loss)] if verbose else []
    history = model.fit(X, y, batch_size=len(X), epochs=epochs, shuffle=False,
                        verbose=0, callbacks=callbacks)
    return model, history


def print_xor(seed=0):
    np.random.seed(seed)  # the lab's class does not seed itself; we do, to repeat runs
    print("--- the lab's NeuralNetwork ---")
    nn = NeuralNetwork(input_size=2, hidden_size=4, output_size=1)
    initial_weights = weights_of(nn)
    nn.train(X, y, epochs=10000, learning_rate=0.1)

    output = nn.feedforward(X)
    print("Predictions after training:")
    print(output)

    print("--- glassnet ---")
    model, history = glassnet_xor(initial_weights)
    print("Predictions after training:")
    print(model.predict(X))

    losses, _ = seed_losses(initial_weights)
    rel = np.abs(np.array(history.history["mse"]) - losses) / losses
    print(f"Largest relative difference of the MSE over {len(rel)} epochs: {rel.max():.2e}")


# %%
def main():
    print("=== Worked example and lab tasks 1-5: one training step ===")
    print_lab()
    print()
    print("=== The document's values checked as a student's answers (gn.explain) ===")
    print(explain_lab()[1].summary())
    print()
    print("=== XOR network ===")
    print_xor()


if __name__ == "__main__":
    main()
