"""One epoch of an MLP 784-256-128-10 (ReLU, softmax cross-entropy, SGD momentum 0.9,
batch 128) on synthetic float32 data, timed side by side:

- glassnet ``model.fit(..., epochs=1)``;
- the same math as a plain hand-written NumPy loop (the floor for a NumPy library);
- scikit-learn's ``MLPClassifier`` (same layers, solver "sgd", one ``partial_fit``);
- PyTorch on the CPU, with NumPy's thread count, when it is installed;
- the matrix-multiply floor: the epoch's multiply-adds over this machine's matmul rate.

All contenders start from the same weights and see the same data.
"""

import warnings

import numpy as np
from _common import markdown_table, race, sklearn, summarize, time_once, torch

import glassnet as gn

LAYERS = (784, 256, 128, 10)
BATCH = 128
LEARNING_RATE = 0.01
MOMENTUM = 0.9


def make_data(m, seed=0):
    """Synthetic MNIST-sized data: ``X (m, 784)`` float32, labels from a random teacher."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((m, LAYERS[0]), dtype=np.float32)
    teacher = rng.standard_normal((LAYERS[0], LAYERS[-1]), dtype=np.float32)
    labels = (X @ teacher).argmax(axis=1)
    Y = np.eye(LAYERS[-1], dtype=np.float32)[labels]
    return X, Y, labels


def initial_weights(seed=0):
    """Glorot-uniform kernels ``(n_in, n_out)`` and zero biases, float32."""
    rng = np.random.default_rng(seed)
    weights = []
    for n_in, n_out in zip(LAYERS[:-1], LAYERS[1:], strict=False):
        limit = np.sqrt(6.0 / (n_in + n_out))
        weights.append(rng.uniform(-limit, limit, (n_in, n_out)).astype(np.float32))
        weights.append(np.zeros(n_out, dtype=np.float32))
    return weights


def multiply_adds_per_epoch(m, batch=BATCH):
    """Multiply-adds of one epoch's matrix products.

    Per batch of ``mb`` rows and per Dense layer: ``Z = A_prev W`` and
    ``dW = A_prev^T dZ`` each cost ``mb n_in n_out``; ``dA_prev = dZ W^T`` costs the
    same again, except in the first layer (nothing needs ``dX``).
    """
    total = 0
    for start in range(0, m, batch):
        mb = min(batch, m - start)
        for layer, (n_in, n_out) in enumerate(zip(LAYERS[:-1], LAYERS[1:], strict=False)):
            products = 3 if layer > 0 else 2
            total += products * mb * n_in * n_out
    return total


# --- the contenders ------------------------------------------------------------
def glassnet_epoch(X, Y, weights):
    model = gn.Sequential([gn.layers.Input((LAYERS[0],))], dtype="float32")
    for units in LAYERS[1:-1]:
        model.add(gn.layers.Dense(units, activation="relu"))
    model.add(gn.layers.Dense(LAYERS[-1], activation="softmax"))
    model.set_weights(weights)
    model.compile(optimizer=gn.optimizers.SGD(LEARNING_RATE, momentum=MOMENTUM),
                  loss="categorical_crossentropy")
    return lambda: model.fit(X, Y, batch_size=BATCH, epochs=1, verbose=0), model


class NumpyMLP:
    """The same math written by hand: the floor for any NumPy library.

    Shuffle, gather a batch, forward (``Z = A W + b``, ReLU, softmax), the batch
    loss, the fused gradient ``dZ = (A - Y) / m``, backward, momentum update.
    """

    def __init__(self, weights, seed=0):
        self.W = [w.copy() for w in weights[0::2]]
        self.b = [b.copy() for b in weights[1::2]]
        self.vW = [np.zeros_like(w) for w in self.W]
        self.vb = [np.zeros_like(b) for b in self.b]
        self.rng = np.random.default_rng(seed)

    def epoch(self, X, Y):
        n_layers = len(self.W)
        order = self.rng.permutation(len(X))
        total = 0.0
        for start in range(0, len(X), BATCH):
            idx = order[start:start + BATCH]
            Xb, Yb, m = X[idx], Y[idx], len(idx)
            A, Zs = [Xb], []
            for layer in range(n_layers):
                Z = A[-1] @ self.W[layer]
                Z += self.b[layer]
                Zs.append(Z)
                if layer < n_layers - 1:
                    A.append(np.maximum(Z, 0))
                else:
                    E = np.exp(Z - Z.max(axis=1, keepdims=True))
                    A.append(E / E.sum(axis=1, keepdims=True))
            P = np.clip(A[-1], 1e-7, 1 - 1e-7)
            total += float(-(Yb * np.log(P)).sum())  # the batch's summed loss
            dZ = (A[-1] - Yb) / m
            for layer in reversed(range(n_layers)):
                dW = A[layer].T @ dZ
                db = dZ.sum(axis=0)
                if layer > 0:
                    dZ = dZ @ self.W[layer].T  # dA of the layer below
                    dZ *= Zs[layer - 1] > 0  # times ReLU's derivative, in place
                for W, v, grad in ((self.W[layer], self.vW[layer], dW),
                                   (self.b[layer], self.vb[layer], db)):
                    v *= MOMENTUM
                    grad *= LEARNING_RATE  # in place: no temporary
                    v -= grad
                    W += v
        return total / len(X)


def sklearn_epoch(X, labels, weights):
    from sklearn.neural_network import MLPClassifier

    clf = MLPClassifier(hidden_layer_sizes=LAYERS[1:-1], activation="relu", solver="sgd",
                        alpha=0.0, batch_size=BATCH, learning_rate_init=LEARNING_RATE,
                        momentum=MOMENTUM, nesterovs_momentum=False, shuffle=True,
                        random_state=0)
    clf.partial_fit(X[:BATCH], labels[:BATCH], classes=np.arange(LAYERS[-1]))
    for i, (W, b) in enumerate(zip(weights[0::2], weights[1::2], strict=False)):
        clf.coefs_[i][...] = W
        clf.intercepts_[i][...] = b
    dtype = clf.coefs_[0].dtype

    def epoch():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            clf.partial_fit(X, labels)

    return epoch, dtype


def torch_mlp(weights):
    """The ReLU MLP in PyTorch, from glassnet's weights ``[W1, b1, W2, b2, ...]``.

    glassnet's kernel is ``(n_in, n_out)``; a torch Linear's weight is its transpose.
    The output layer is linear (the logits).
    """
    layers = []
    for i, (W, b) in enumerate(zip(weights[0::2], weights[1::2], strict=False)):
        linear = torch.nn.Linear(*W.shape)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W.T))
            linear.bias.copy_(torch.from_numpy(b))
        layers += [linear, torch.nn.ReLU()] if i < len(weights) // 2 - 1 else [linear]
    return torch.nn.Sequential(*layers)


def torch_epoch(X, labels, weights):
    net = torch_mlp(weights)
    loss_fn = torch.nn.CrossEntropyLoss()  # softmax + cross-entropy, on the logits
    opt = torch.optim.SGD(net.parameters(), lr=LEARNING_RATE, momentum=MOMENTUM)
    Xt, yt = torch.from_numpy(X), torch.from_numpy(labels)

    def epoch():
        order = torch.randperm(len(Xt))
        total = 0.0
        for start in range(0, len(Xt), BATCH):
            idx = order[start:start + BATCH]
            opt.zero_grad()
            loss = loss_fn(net(Xt[idx]), yt[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        return total / len(Xt)

    return epoch


# --- the matmul floor ------------------------------------------------------------
def matmul_rate(repeats, n=2048):
    """Best float32 rate of ``n x n`` products on this machine, in multiply-adds/s."""
    rng = np.random.default_rng(0)
    A = rng.standard_normal((n, n), dtype=np.float32)
    B = rng.standard_normal((n, n), dtype=np.float32)
    A @ B
    return n**3 / min(time_once(lambda: A @ B) for _ in range(max(3, repeats)))


def same_shape_matmuls(m):
    """Only the epoch's matrix products, at their real shapes, into kept buffers."""
    rng = np.random.default_rng(0)
    products = []
    for layer, (n_in, n_out) in enumerate(zip(LAYERS[:-1], LAYERS[1:], strict=False)):
        A_prev = rng.standard_normal((BATCH, n_in), dtype=np.float32)
        W = rng.standard_normal((n_in, n_out), dtype=np.float32)
        dZ = rng.standard_normal((BATCH, n_out), dtype=np.float32)
        Z, dW, dA = np.empty((BATCH, n_out), np.float32), np.empty_like(W), np.empty_like(A_prev)
        products.append((A_prev, W, Z))  # Z = A_prev W
        products.append((A_prev.T, dZ, dW))  # dW = A_prev^T dZ
        if layer > 0:
            products.append((dZ, W.T, dA))  # dA_prev = dZ W^T
    steps = (m + BATCH - 1) // BATCH

    def epoch():
        for _ in range(steps):
            for a, b, out in products:
                np.matmul(a, b, out=out)

    return epoch


def run(m, repeats):
    """Time every contender; return (markdown report, dict of key ratios)."""
    X, Y, labels = make_data(m)
    weights = initial_weights()
    contenders = {}
    glassnet_fit, _ = glassnet_epoch(X, Y, weights)
    contenders["glassnet fit"] = glassnet_fit
    reference = NumpyMLP(weights)
    contenders["hand-written NumPy loop"] = lambda: reference.epoch(X, Y)
    notes = []
    if sklearn is not None:
        fn, dtype = sklearn_epoch(X, labels, weights)
        contenders["scikit-learn MLPClassifier"] = fn
        notes.append(f"scikit-learn trains in {dtype} (it keeps float32 input as float32).")
    if torch is not None:
        contenders[f"PyTorch CPU ({torch.get_num_threads()} threads)"] = torch_epoch(
            X, labels, weights)
    contenders["matmuls only, same shapes"] = same_shape_matmuls(m)
    for fn in contenders.values():  # warm up: first-touch pages, thread pools
        fn()
    times = race(contenders, repeats)

    mads = multiply_adds_per_epoch(m)
    rate = matmul_rate(repeats)
    floor = mads / rate
    times["matmul floor (multiply-adds / peak rate)"] = [floor]
    rows = summarize(times, reference="glassnet fit")
    best = {name: min(values) for name, values in times.items()}
    ratios = {"glassnet / NumPy loop": best["glassnet fit"] / best["hand-written NumPy loop"],
              "glassnet / matmul floor": best["glassnet fit"] / floor}
    for name in best:
        if name.startswith(("PyTorch", "scikit-learn")):
            ratios[f"{name} / glassnet"] = best[name] / best["glassnet fit"]
    lines = [
        f"### MLP 784-256-128-10, one epoch of {m:,} examples, batch {BATCH}",
        "",
        markdown_table(["contender", "best", "median", "best / glassnet"], rows),
        "",
        f"The epoch holds {mads / 1e9:.2f} G multiply-adds; this machine's best float32 "
        f"matmul rate (2048 x 2048) is {rate / 1e9:.1f} G multiply-adds/s.",
        *notes,
    ]
    return "\n".join(lines), ratios
