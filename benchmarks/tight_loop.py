"""The floor a NumPy library is measured against: an MLP's training loop written by
hand as tightly as NumPy allows, and the same network in PyTorch.

``TightMLP`` does what glassnet's ``fit`` does, step for step: shuffle once per
epoch, gather each batch into a reused buffer, ``Z = A W + b`` and ReLU in the hidden
layers, a sigmoid or softmax output, the batch's cross-entropy, the fused output
gradient ``dZ = (A - Y) / m``, backward (``dW = A_prev^T dZ``, ``db``, ``dA_prev =
dZ W^T`` times the ReLU mask, in place), and SGD with momentum or Adam, each
parameter updated in place without temporaries (the gradient array is the scratch).
No checks, no callbacks, no generality: what a careful person writes for one network.

``keep_gradients=True`` is the same loop under glassnet's contract: after a step the
gradients are still there to read (``layer.grads``), so the update writes into a
scratch array of its own, allocated once, instead of into ``dW``. The difference
between the two loops is what that contract costs on the machine at hand.

``torch_loop`` is the same network, loss and optimizer in PyTorch on the CPU.
"""

import math

import numpy as np
from _common import torch

EPS = 1e-7  # the clip of the cross-entropy, as Keras's epsilon


def glorot_weights(layers, seed=0, dtype=np.float32):
    """Glorot-uniform kernels ``(n_in, n_out)`` and zero biases: ``[W1, b1, W2, ...]``."""
    rng = np.random.default_rng(seed)
    weights = []
    for n_in, n_out in zip(layers[:-1], layers[1:], strict=False):
        limit = np.sqrt(6.0 / (n_in + n_out))
        weights.append(rng.uniform(-limit, limit, (n_in, n_out)).astype(dtype))
        weights.append(np.zeros(n_out, dtype=dtype))
    return weights


class TightMLP:
    """A ReLU MLP trained by hand. ``output``: "sigmoid" (binary cross-entropy) or
    "softmax" (categorical); ``optimizer``: ("sgd", lr, momentum) or ("adam", lr)."""

    def __init__(self, weights, output, optimizer, batch, seed=0, keep_gradients=False):
        self.params = [w.copy() for w in weights]
        # the update's scratch: dW itself, or (keep_gradients) one array per parameter
        self.scratch = [np.empty_like(w) for w in weights] if keep_gradients else None
        self.slots = [[np.zeros_like(w) for _ in range(1 if optimizer[0] == "sgd" else 2)]
                      for w in self.params]
        self.output, self.optimizer, self.batch = output, optimizer, batch
        self.rng = np.random.default_rng(seed)
        self.t = 0
        self.buffers = None

    def update(self, W, dW, slots, S=None):
        """In place on ``W`` and its ``slots``; ``S`` is the scratch (default: ``dW``)."""
        if self.optimizer[0] == "sgd":  # v = mu v - lr dW; W += v
            _, lr, mu = self.optimizer
            (v,) = slots
            if S is None:
                v *= mu
                dW *= lr
                v -= dW
            else:                    # dW kept: lr dW goes to S (glassnet's order)
                np.multiply(dW, lr, out=S)
                v *= mu
                v -= S
            W += v
            return
        _, lr = self.optimizer
        b1, b2 = 0.9, 0.999
        m, v = slots
        alpha = lr * math.sqrt(1.0 - b2**self.t) / (1.0 - b1**self.t)
        if S is None:
            m -= dW                  # m = b1 m + (1 - b1) dW
            m *= b1
            m += dW
            S = np.square(dW, out=dW)  # v = b2 v + (1 - b2) dW^2
            v -= S
            v *= b2
            v += S
        else:                        # dW kept: the differences go to S
            np.subtract(dW, m, out=S)
            S *= 1.0 - b1
            m += S
            np.square(dW, out=S)
            S -= v
            S *= 1.0 - b2
            v += S
        np.sqrt(v, out=S)            # W -= alpha m / (sqrt(v) + eps)
        S += EPS
        np.divide(m, S, out=S)
        S *= alpha
        W -= S

    def epoch(self, X, Y):
        n, B = len(X), self.batch
        if self.buffers is None:
            self.buffers = (np.empty((B, X.shape[1]), X.dtype), np.empty((B, Y.shape[1]), Y.dtype))
        order = self.rng.permutation(n)
        Ws, bs = self.params[0::2], self.params[1::2]
        last = len(Ws) - 1
        S = self.scratch or [None] * len(self.params)
        total = 0.0
        for start in range(0, n, B):
            idx = order[start:start + B]
            m = len(idx)
            Xb = np.take(X, idx, axis=0, out=self.buffers[0][:m])
            Yb = np.take(Y, idx, axis=0, out=self.buffers[1][:m])
            As, Zs = [Xb], []
            for layer, (W, b) in enumerate(zip(Ws, bs, strict=False)):
                Z = As[-1] @ W
                Z += b
                Zs.append(Z)
                if layer < last:
                    As.append(np.maximum(Z, 0))
                elif self.output == "sigmoid":
                    As.append(1.0 / (1.0 + np.exp(-Z)))
                else:
                    E = np.exp(Z - Z.max(axis=1, keepdims=True))
                    As.append(E / E.sum(axis=1, keepdims=True))
            A = As[-1]
            P = np.clip(A, EPS, 1 - EPS)
            if self.output == "sigmoid":
                total -= float((Yb * np.log(P) + (1 - Yb) * np.log(1 - P)).sum())
            else:
                total -= float((Yb * np.log(P)).sum())
            dZ = A - Yb
            dZ *= 1.0 / m
            self.t += 1
            for layer in range(last, -1, -1):
                dW = As[layer].T @ dZ
                db = dZ.sum(axis=0)
                if layer > 0:
                    dZ = dZ @ Ws[layer].T    # dA of the layer below
                    dZ *= Zs[layer - 1] > 0  # times ReLU's derivative
                self.update(Ws[layer], dW, self.slots[2 * layer], S[2 * layer])
                self.update(bs[layer], db, self.slots[2 * layer + 1], S[2 * layer + 1])
        return total / n


def torch_loop(weights, output, optimizer, batch, X, Y):
    """One epoch's function in PyTorch: same weights, loss on the logits, same optimizer."""
    layers = []
    for i, (W, b) in enumerate(zip(weights[0::2], weights[1::2], strict=False)):
        linear = torch.nn.Linear(*W.shape)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W.T.copy()))
            linear.bias.copy_(torch.from_numpy(b))
        layers += [linear, torch.nn.ReLU()] if i < len(weights) // 2 - 1 else [linear]
    net = torch.nn.Sequential(*layers)
    if output == "sigmoid":
        loss_fn, Xt, Yt = torch.nn.BCEWithLogitsLoss(), torch.from_numpy(X), torch.from_numpy(Y)
    else:
        loss_fn, Xt = torch.nn.CrossEntropyLoss(), torch.from_numpy(X)
        Yt = torch.from_numpy(Y.argmax(axis=1))
    if optimizer[0] == "sgd":
        opt = torch.optim.SGD(net.parameters(), lr=optimizer[1], momentum=optimizer[2])
    else:
        opt = torch.optim.Adam(net.parameters(), lr=optimizer[1], eps=EPS)

    def epoch():
        order = torch.randperm(len(Xt))
        total = 0.0
        for start in range(0, len(Xt), batch):
            idx = order[start:start + batch]
            opt.zero_grad()
            loss = loss_fn(net(Xt[idx]), Yt[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        return total / len(Xt)

    return epoch
