"""Prediction with the trained-size MLP 784-256-128-10: the latency of one example
and the throughput of 10,000, for glassnet, the NumPy forward pass written by hand,
scikit-learn and PyTorch (inference mode), from the same weights.
"""

import numpy as np
from _common import format_seconds, markdown_table, race, sklearn, torch
from mlp_epoch import BATCH, LAYERS, glassnet_epoch, initial_weights, make_data, torch_mlp


def numpy_forward(weights):
    Ws, bs = weights[0::2], weights[1::2]

    def forward(X):
        A = X
        for layer, (W, b) in enumerate(zip(Ws, bs, strict=False)):
            Z = A @ W
            Z += b
            if layer < len(Ws) - 1:
                A = np.maximum(Z, 0)
            else:
                E = np.exp(Z - Z.max(axis=1, keepdims=True))
                A = E / E.sum(axis=1, keepdims=True)
        return A

    return forward


def sklearn_predictor(X, labels, weights):
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(hidden_layer_sizes=LAYERS[1:-1], solver="sgd", batch_size=BATCH)
    clf.partial_fit(X[:BATCH], labels[:BATCH], classes=np.arange(LAYERS[-1]))
    for i, (W, b) in enumerate(zip(weights[0::2], weights[1::2], strict=False)):
        clf.coefs_[i][...] = W
        clf.intercepts_[i][...] = b
    return clf.predict_proba


def torch_predictor(weights):
    net = torch.nn.Sequential(torch_mlp(weights), torch.nn.Softmax(dim=1)).eval()

    def predict(X):
        with torch.inference_mode():
            return net(torch.from_numpy(X)).numpy()

    return predict


def best_per_call(fns, calls, repeats):
    """``name -> fn()``: each one's best mean time per call over ``10 * repeats`` runs
    of ``calls // 10`` calls, the contenders taking turns (``race``): short runs, in
    turn, so a slow spell of the machine hits them all alike."""
    n = max(1, calls // 10)
    for fn in fns.values():
        fn()
    runs = {name: (lambda f=fn: [f() for _ in range(n)]) for name, fn in fns.items()}
    return {name: min(times) / n for name, times in race(runs, 10 * repeats).items()}


def run(repeats, n=10_000, calls=1000):
    """Latency of one example and throughput of ``n``; return (markdown, ratios)."""
    X, Y, labels = make_data(n, seed=1)
    weights = initial_weights()
    _, model = glassnet_epoch(X, Y, weights)
    forward = numpy_forward(weights)
    one = X[:1]
    expected = forward(X)
    assert np.allclose(model.predict(X, verbose=0), expected, atol=1e-5)

    contenders = {
        "glassnet model.predict(x)": (lambda x: model.predict(x, verbose=0),
                                      lambda x: model.predict(x, verbose=0)),
        "glassnet model.predict(x, batch_size=n)": (
            None, lambda x: model.predict(x, batch_size=len(x), verbose=0)),
        "glassnet model(x)": (model, model),
        "glassnet model.predict_on_batch(x)": (model.predict_on_batch, model.predict_on_batch),
        "hand-written NumPy forward": (forward, forward),
    }
    if sklearn is not None:
        proba = sklearn_predictor(X, labels, weights)
        contenders["scikit-learn predict_proba"] = (proba, proba)
    if torch is not None:
        predict = torch_predictor(weights)
        contenders["PyTorch CPU, inference_mode"] = (predict, predict)

    latency = best_per_call({name: (lambda f=single: f(one))
                             for name, (single, _) in contenders.items() if single is not None},
                            calls, repeats)
    seconds = best_per_call({name: (lambda f=batch: f(X))
                             for name, (_, batch) in contenders.items()}, 3, repeats)
    rows, best = [], {}
    for name in contenders:
        best[name] = (latency.get(name), seconds[name])
        rows.append([name, format_seconds(latency[name]) if name in latency else "-",
                     seconds[name], f"{n / seconds[name]:,.0f}"])
    floor = best["hand-written NumPy forward"][0]
    ratios = {
        "predict(one) / NumPy forward(one)": best["glassnet model.predict(x)"][0] / floor,
        "model(x)(one) / NumPy forward(one)": best["glassnet model(x)"][0] / floor,
        "predict_on_batch(one) / NumPy forward(one)":
            best["glassnet model.predict_on_batch(x)"][0] / floor,
        "predict(10k, batch_size=n) / NumPy forward(10k)":
            best["glassnet model.predict(x, batch_size=n)"][1]
            / best["hand-written NumPy forward"][1],
    }
    text = "\n".join([
        f"### Prediction: one example, and {n:,} examples",
        "",
        "`predict` uses Keras's default `batch_size=32` unless told otherwise; "
        "`model(x)` and `predict_on_batch` take the whole array as one batch.",
        "",
        markdown_table(["call", "latency, 1 example", f"time, {n:,} examples",
                        "examples / s"], rows),
    ])
    return text, ratios
