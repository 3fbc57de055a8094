"""Tiny networks, where per-step overhead is everything: the seeds' AND and XOR
networks (4 examples, full batch, 10,000 epochs) through glassnet's ``fit``, against
the seed's own NumPy loop and PyTorch, all from the same initial weights.

Each glassnet run also checks that it computed what the seed computes: the AND
costs epoch by epoch, the XOR weights after training.
"""

import contextlib
import io

import numpy as np
import seed_programs
from _common import markdown_table, race, summarize, torch

import glassnet as gn

EPOCHS = 10_000


def and_initial_weights():
    """The seed's ``np.random.seed(42)`` weights, as glassnet's ``(n_in, n_out)`` kernels."""
    seed = seed_programs.SimpleANN(2, 4)
    return [seed.W1.T.copy(), seed.b1.ravel().copy(), seed.W2.T.copy(), seed.b2.ravel().copy()]


def xor_initial_weights():
    np.random.seed(0)
    seed = seed_programs.NeuralNetwork(2, 4, 1)
    return [seed.weights_input_hidden.copy(), seed.bias_hidden.ravel().copy(),
            seed.weights_hidden_output.copy(), seed.bias_output.ravel().copy()]


def gn_model(hidden_activation, loss, weights, dtype):
    model = gn.Sequential([gn.layers.Input((2,)),
                           gn.layers.Dense(4, activation=hidden_activation),
                           gn.layers.Dense(1, activation="sigmoid")], dtype=dtype)
    model.compile(optimizer=gn.optimizers.SGD(0.1), loss=loss)
    model.set_weights(weights)
    return model


def torch_net(hidden_activation, weights):
    first, second = torch.nn.Linear(2, 4).double(), torch.nn.Linear(4, 1).double()
    with torch.no_grad():
        for linear, W, b in ((first, weights[0], weights[1]), (second, weights[2], weights[3])):
            linear.weight.copy_(torch.from_numpy(W.T.copy()))
            linear.bias.copy_(torch.from_numpy(b))
    return torch.nn.Sequential(first, hidden_activation(), second, torch.nn.Sigmoid())


def torch_train(net, X, Y, loss_fn, epochs):
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
    costs = []
    for _ in range(epochs):
        opt.zero_grad()
        loss = loss_fn(net(Xt), Yt)
        loss.backward()
        opt.step()
        costs.append(loss.item())
    return costs


def and_contenders(epochs):
    weights = and_initial_weights()
    X, Y = seed_programs.AND_X.T, seed_programs.AND_Y.T  # glassnet: rows are examples
    results = {}

    def seed_loop():
        seed = seed_programs.SimpleANN(2, 4, lr=0.1, epochs=epochs)
        with contextlib.redirect_stdout(io.StringIO()):  # its 10 progress lines
            seed.fit(seed_programs.AND_X, seed_programs.AND_Y)
        results["seed"] = np.array(seed.costs)

    def glassnet_fit(dtype):
        def run():
            model = gn_model("relu", "binary_crossentropy", weights, dtype)
            history = model.fit(X, Y, batch_size=4, epochs=epochs, verbose=0)
            results[dtype] = np.array(history.history["loss"])
        return run

    contenders = {"seed's NumPy loop (SimpleANN.fit)": seed_loop,
                  "glassnet fit, float64": glassnet_fit("float64"),
                  "glassnet fit, float32": glassnet_fit("float32")}
    if torch is not None:
        contenders["PyTorch CPU, float64"] = lambda: torch_train(
            torch_net(torch.nn.ReLU, weights), X, Y, torch.nn.BCELoss(), epochs)

    def check():
        diff = np.abs(results["float64"] - results["seed"]) / results["seed"]
        return f"largest relative difference from the seed's costs: {diff.max():.1e}"

    return contenders, check


def xor_contenders(epochs):
    weights = xor_initial_weights()
    X = seed_programs.XOR_X.astype(float)
    Y = seed_programs.XOR_Y.astype(float)
    results = {}

    def seed_loop():
        np.random.seed(0)
        seed = seed_programs.NeuralNetwork(2, 4, 1)
        with contextlib.redirect_stdout(io.StringIO()):
            seed.train(seed_programs.XOR_X, seed_programs.XOR_Y, epochs, 0.1)
        results["seed"] = seed.weights_input_hidden

    def glassnet_fit(dtype):
        def run():
            loss = gn.losses.HalfSquaredError(reduction="sum")  # the seed's summed update
            model = gn_model("sigmoid", loss, weights, dtype)
            model.fit(X, Y, batch_size=4, epochs=epochs, verbose=0)
            results[dtype] = model.get_weights()[0]
        return run

    def half_sum(A, Y):
        return 0.5 * ((A - Y) ** 2).sum()

    contenders = {"seed's NumPy loop (NeuralNetwork.train)": seed_loop,
                  "glassnet fit, float64": glassnet_fit("float64"),
                  "glassnet fit, float32": glassnet_fit("float32")}
    if torch is not None:
        contenders["PyTorch CPU, float64"] = lambda: torch_train(
            torch_net(torch.nn.Sigmoid, weights), X, Y, half_sum, epochs)

    def check():
        diff = np.abs(results["float64"] - results["seed"]).max()
        return f"largest difference from the seed's trained weights: {diff:.1e}"

    return contenders, check


def run(repeats, epochs=EPOCHS):
    """Time both seeds; return (markdown report, dict of key ratios)."""
    lines, ratios = [], {}
    for title, make in (("AND gate (seed 000)", and_contenders),
                        ("XOR (seed 001)", xor_contenders)):
        contenders, check = make(epochs)
        for fn in contenders.values():
            fn()
        times = race(contenders, repeats)
        seed_name = next(iter(contenders))
        rows = summarize(times, reference=seed_name)
        best = {name: min(values) for name, values in times.items()}
        for name in best:
            if name != seed_name:
                ratios[f"{title}: {name} / seed loop"] = best[name] / best[seed_name]
        lines += [f"### {title}: {epochs:,} full-batch epochs", "",
                  markdown_table(["contender", "best", "median", "best / seed loop"], rows),
                  "", f"glassnet float64 {check()}.", ""]
    return "\n".join(lines), ratios
