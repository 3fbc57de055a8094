"""One studio session: the points, the glassnet model, and the training position.

The session trains with the engine's own ``model.train_on_batch``, one batch at a
time, in an order it keeps itself (a fresh permutation per epoch), so the page can
say which batch comes next and explain exactly that step::

    s = Session(config)          # config: see studio.config
    s.step()                     # one batch (step += 1)
    s.epoch()                    # the rest of the current epoch
    s.next_batch()               # (rows, X_batch, y_batch) the next step trains on
    s.set_weight(2, 1, 3, 0.5)   # layer 2, from unit 1 to unit 3 (1-based)
"""

import numpy as np

from ..activations import Sigmoid
from . import config as cfg
from .data import builtin_points, domain, features, read_csv_points, split

GRID = 40  # surfaces are drawn on a GRID x GRID lattice over the data's square


class Session:
    """The studio's state: the points, the model, and where training stands.

    Every number it reports is read from the glassnet model it trains with
    ``train_on_batch``, one batch at a time, in an order it keeps (a fresh permutation
    of the training rows each epoch).

    Parameters
    ----------
    config : dict, optional
        Studio settings (see ``glassnet.studio.config``): ``dataset``, ``points``,
        ``noise``, ``test_split``, ``seed``, ``features``, ``layers``, ``loss``,
        ``optimizer``, ``learning_rate``, ``l1``, ``l2``, ``batch_size``. Missing ones
        take the defaults; a wrong one raises ``ValueError`` saying what was expected.
    csv : tuple, optional
        ``(P, y, names)``: points (m, 2), labels in {0, 1} and column names, used when
        ``config["dataset"]`` is ``"csv"``.

    Examples
    --------
    >>> from glassnet.studio import Session
    >>> s = Session({"dataset": "xor", "layers": [[4, "tanh"]], "learning_rate": 0.5})
    >>> rows, X_batch, y_batch = s.next_batch()     # what the next step trains on
    >>> X_batch.shape
    (4, 2)
    >>> s.step()
    >>> s.step_count, s.epoch_count
    (1, 1)
    >>> s.set_weight(1, 2, 3, 0.25)                 # layer 1, from input 2 to unit 3
    >>> float(s.model.layers[0].params["kernel"][1, 2])
    0.25
    """

    def __init__(self, config=None, csv=None):
        self.csv = csv  # (P, y, column names) of an uploaded file, or None
        self.user_model = None  # a model given to gn.studio / opened from a file
        self.configure(config or {}, rebuild=True)

    # --- building ---------------------------------------------------------------
    def configure(self, values, rebuild=None):
        """Apply a (partial) config. A change of data or network starts over; a change
        of loss, optimizer, learning rate, L1/L2 or batch size keeps the weights."""
        new = cfg.parse({**getattr(self, "config", {}), **values})
        if new["dataset"] == "csv" and self.csv is None:
            raise ValueError("dataset 'csv' needs a CSV file: upload one with two feature "
                             "columns and a label column.")
        old = getattr(self, "config", None)
        if rebuild is None:
            rebuild = old is None or any(new[k] != old[k] for k in cfg.DATA_KEYS
                                         + cfg.NETWORK_KEYS)
        if rebuild:
            if old is not None and any(new[k] != old[k] for k in cfg.NETWORK_KEYS):
                self.user_model = None  # its weights no longer fit the network
            self.config = new
            self._load_points()
            self.reset()
        else:
            weights = self.model.get_weights()  # a new optimizer starts with no state
            self.config = new
            self.model = self._build_model()
            self.model.set_weights(weights)
            if new["batch_size"] != old["batch_size"]:  # the epoch's batches start again
                self.batch_size = min(new["batch_size"], len(self.train_rows))
                self.batch_in_epoch = 0
                self._new_epoch_order()
            self._record()
        return self

    def _load_points(self):
        c = self.config
        if c["dataset"] == "csv":
            P, y, _ = self.csv
        else:
            P, y = builtin_points(c)
        self.P, self.y = np.asarray(P, dtype=np.float64), np.asarray(y, dtype=np.int64)
        self.train_rows, self.test_rows = split(self.P, self.y, c["test_split"], c["seed"])
        self.X = features(self.P, c["features"])
        self.domain = domain(self.P)

    def _build_model(self):
        """A compiled Sequential from the config (Dense layers, sigmoid output)."""
        from .. import Sequential, backend, layers, optimizers, regularizers

        c = self.config
        penalty = None
        if c["l1"] or c["l2"]:
            penalty = regularizers.L1L2(l1=c["l1"], l2=c["l2"])
        with backend.use_generator(np.random.default_rng(c["seed"])):
            stack = [layers.Input(shape=(len(c["features"]),))]
            stack += [layers.Dense(units, activation=activation, kernel_regularizer=penalty)
                      for units, activation in c["layers"]]
            stack.append(layers.Dense(1, activation="sigmoid", kernel_regularizer=penalty))
            model = Sequential(stack, dtype="float64")
        rate = c["learning_rate"]
        optimizer = {
            "sgd": lambda: optimizers.SGD(learning_rate=rate),
            "momentum": lambda: optimizers.SGD(learning_rate=rate, momentum=0.9),
            "adam": lambda: optimizers.Adam(learning_rate=rate),
            "rmsprop": lambda: optimizers.RMSprop(learning_rate=rate),
            "adagrad": lambda: optimizers.Adagrad(learning_rate=rate),
        }[c["optimizer"]]()
        model.compile(optimizer=optimizer, loss=c["loss"])
        return model

    def reset(self):
        """Fresh weights (the config's seed, or the given model's own), epoch 0."""
        self.model = self._build_model()
        if self.user_model is not None:
            self.model.set_weights(self.user_model)
        self.epoch_count, self.step_count, self.batch_in_epoch = 0, 0, 0
        self.batch_size = min(self.config["batch_size"], len(self.train_rows))
        self.rng = np.random.default_rng(self.config["seed"])
        self._new_epoch_order()
        self.history = {"step": [], "train": [], "test": []}
        self._record()

    def use_model(self, model):
        """Take the architecture, weights, loss and optimizer of a glassnet model with two
        inputs and one sigmoid output (the session trains its own copy)."""
        from ..layers.core import InputLayer
        from ..layers.dense import Dense

        stack = [layer for layer in model.layers if not isinstance(layer, InputLayer)]
        dense = [layer for layer in stack if isinstance(layer, Dense)]
        if not dense or len(dense) != len(stack) or not model.built:
            raise ValueError("the studio shows built stacks of Dense layers only; this model "
                             f"has {', '.join(type(x).__name__ for x in stack) or 'no layers'}.")
        n_in = dense[0].params["kernel"].shape[0]
        if n_in != 2 or dense[-1].units != 1:
            raise ValueError(
                f"the studio opens models with 2 inputs (x1, x2) and 1 output unit, but this "
                f"one has {n_in} input{'s' if n_in != 1 else ''} and "
                f"{dense[-1].units if dense else 0} output units."
            )
        if any(layer.units > cfg.MAX_UNITS for layer in dense[:-1]):
            raise ValueError(f"the studio draws at most {cfg.MAX_UNITS} units per layer.")
        values = {"features": ["x1", "x2"],
                  "layers": [[layer.units, layer.activation.name] for layer in dense[:-1]]}
        loss = getattr(getattr(model, "loss", None), "name", None)
        if loss in cfg.LOSSES:
            values["loss"] = loss
        optimizer = getattr(model, "optimizer", None)
        name = type(optimizer).__name__.lower()
        if name in cfg.OPTIMIZERS:
            values["optimizer"] = "momentum" if getattr(optimizer, "momentum", 0) else name
            if np.isscalar(optimizer.learning_rate):
                values["learning_rate"] = float(optimizer.learning_rate)
        if not isinstance(dense[-1].activation, Sigmoid):
            raise ValueError("the studio's output unit is a sigmoid (a probability of class "
                             f"1), but this model's is {dense[-1].activation.name}.")
        self.config = cfg.parse({**self.config, **values})
        self._load_points()
        self.user_model = model.get_weights()
        self.reset()

    def use_csv(self, text, filename="the CSV file"):
        """Load an uploaded CSV (see ``data.read_csv_points``) and train on it."""
        self.csv = read_csv_points(text, filename)
        self.configure({"dataset": "csv"}, rebuild=True)

    # --- training -----------------------------------------------------------------
    def _new_epoch_order(self):
        self.order = self.rng.permutation(self.train_rows)

    @property
    def batches_per_epoch(self):
        return -(-len(self.train_rows) // self.batch_size)

    def next_batch(self):
        """``(rows, X_batch, y_batch)``: what the next ``step`` trains on."""
        start = self.batch_in_epoch * self.batch_size
        rows = self.order[start:start + self.batch_size]
        return rows, self.X[rows], self.y[rows]

    def _train_one(self):
        _, xb, yb = self.next_batch()
        self.model.train_on_batch(xb, yb)
        self.step_count += 1
        self.batch_in_epoch += 1
        if self.batch_in_epoch == self.batches_per_epoch:
            self.epoch_count += 1
            self.batch_in_epoch = 0
            self._new_epoch_order()

    def step(self):
        """Train exactly one batch."""
        self._train_one()
        self._record()

    def epoch(self):
        """Train the batches left in the current epoch (a whole epoch from its start)."""
        self._train_one()
        while self.batch_in_epoch:
            self._train_one()
        self._record()

    def play(self, budget=0.05):
        """Train whole epochs for ``budget`` seconds of this thread's CPU time (at least
        one epoch): what the page asks for between two frames while it plays. CPU time,
        not the clock: on a busy machine the share of training and drawing stays."""
        import time

        start = time.thread_time()
        self.epoch()
        while time.thread_time() - start < budget and not self.diverged:
            self.epoch()

    def losses(self):
        """``(train loss, test loss)`` of the current weights, penalties included."""
        train = self.model.test_on_batch(self.X[self.train_rows], self.y[self.train_rows])
        test = self.model.test_on_batch(self.X[self.test_rows], self.y[self.test_rows])
        return float(train), float(test)

    def _record(self):
        self.train_loss, self.test_loss = self.losses()
        for key, value in (("step", self.step_count), ("train", self.train_loss),
                           ("test", self.test_loss)):
            self.history[key].append(value)

    @property
    def diverged(self):
        return not (np.isfinite(self.train_loss) and np.isfinite(self.test_loss))

    # --- editing -------------------------------------------------------------------
    def _dense(self, layer):
        dense = self.model.layers
        if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)) \
                or not 1 <= layer <= len(dense):
            raise ValueError(f"layer must be from 1 to {len(dense)}, but got {layer!r}.")
        return dense[layer - 1]

    def set_weight(self, layer, source, unit, value):
        """Set the weight of layer ``layer`` from unit ``source`` to unit ``unit``
        (1-based; ``source = 0`` is the bias of ``unit``)."""
        dense = self._dense(layer)
        W, b = dense.params["kernel"], dense.params["bias"]
        try:
            value = float(value)
            if not np.isfinite(value):
                raise ValueError
        except (TypeError, ValueError):
            raise ValueError(f"a weight must be a finite number, such as -0.25, but got "
                             f"{value!r}.") from None
        if not (isinstance(unit, int) and 1 <= unit <= W.shape[1]
                and isinstance(source, int) and 0 <= source <= W.shape[0]):
            raise ValueError(f"layer {layer} has weights from units 1..{W.shape[0]} (0 for "
                             f"the bias) to units 1..{W.shape[1]}, but got {source} -> {unit}.")
        if source == 0:
            b[unit - 1] = value
        else:
            W[source - 1, unit - 1] = value
        self._record()

    # --- what the page draws ----------------------------------------------------------
    def grid_points(self, n=GRID):
        """The lattice ``(n*n, 2)`` of the surfaces, row 0 at the top (largest x2)."""
        lo, hi = self.domain
        t = np.linspace(lo, hi, n)
        x1, x2 = np.meshgrid(t, t[::-1])
        return np.column_stack([x1.ravel(), x2.ravel()])

    def surfaces(self, n=GRID):
        """Every unit's output on the lattice: ``[inputs, layer 1, ..., output]``, each
        ``(n*n, units)``; the engine's forward pass, layer by layer."""
        A = features(self.grid_points(n), self.config["features"])
        out = [A]
        for layer in self.model.layers:
            A = layer.forward(A, training=False)
            out.append(A)
        return out

    def weights(self):
        """``[{"kernel": (n_in, n_out) lists, "bias": lists}, ...]`` per Dense layer."""
        return [{"kernel": layer.params["kernel"].tolist(), "bias": layer.params["bias"].tolist()}
                for layer in self.model.layers]

    def state(self):
        """Plain data for ``GET /api/state`` and the page (no surfaces)."""
        rows, xb, yb = self.next_batch()
        c = self.config
        return {
            "epoch": self.epoch_count, "step": self.step_count,
            "batch_in_epoch": self.batch_in_epoch, "batches_per_epoch": self.batches_per_epoch,
            "batch_size": self.batch_size,
            "train_loss": _finite_or_none(self.train_loss),
            "test_loss": _finite_or_none(self.test_loss), "diverged": self.diverged,
            "config": c, "query": cfg.to_query(c),
            "features": c["features"], "sizes": [len(c["features"])]
            + [layer.units for layer in self.model.layers],
            "activations": [layer.activation.name for layer in self.model.layers],
            "weights": self.weights(), "domain": self.domain,
            "next_batch": {"rows": rows.tolist(), "x": xb.tolist(), "y": yb.tolist()},
            "csv_columns": list(self.csv[2]) if self.csv is not None else None,
        }


def _finite_or_none(x):
    return float(x) if np.isfinite(x) else None
