"""The Keras-style training API shared by Sequential and functional models.

A subclass provides the graph: ``build(input_shape)``, ``forward(X, training)``
(``X`` is one array, or a list for several inputs) and ``backward(dA, from_Z)``
(``from_Z=True`` when the loss already gave ``dZ`` of the output layer: the fused
sigmoid/softmax + cross-entropy gradient ``A - Y``).

One training step on a batch ``(X, Y)``::

    A  = forward(X)                          the prediction
    L  = loss(Y, A) + penalties              the batch loss
    dA = dL/dA   (or dZ = (A - Y)/m, fused)  from the loss, 1/m included
    backward(dA)                             each layer fills its dW, db
    optimizer.apply(params, grads)           W <- W - lr * dW, ...
"""

import math
import time
import warnings

import numpy as np

from .. import backend
from .. import losses as losses_module
from .. import metrics as metrics_module
from .. import optimizers as optimizers_module
from ..callbacks import CallbackList, History, ProgbarLogger
from ..callbacks.progress import format_logs
from . import _data


class NonFiniteLossWarning(RuntimeWarning):
    """Training stopped because the loss became NaN or infinite."""


_COMPILE_IGNORED = ("run_eagerly", "steps_per_execution", "jit_compile", "auto_scale_loss")


class Trainer:
    """compile / fit / evaluate / predict and friends, over a subclass's graph."""

    def _init_training(self, name, dtype):
        self.name = name
        self.dtype = None if dtype is None else backend.standardize_dtype(dtype)
        self.optimizer = None
        self.loss = None
        self.compiled = False
        self.stop_training = False
        self.history = None
        self._metric_ids = []
        self.metrics = []

    # --- compile ------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, **kwargs):
        """Choose the optimizer, the loss and the metrics, as ``keras.Model.compile``.

        ``optimizer`` and ``loss`` are names or instances; ``metrics`` a list of
        names (``"accuracy"``, ``"mae"``...) or ``glassnet.metrics.Metric`` objects.
        """
        unknown = set(kwargs) - set(_COMPILE_IGNORED)
        if unknown:
            raise TypeError(f"compile() got unexpected keyword argument(s) {sorted(unknown)}.")
        if loss is None:
            raise ValueError(
                "compile() needs a loss, e.g. loss='binary_crossentropy' for two "
                "classes, 'categorical_crossentropy' for several, 'mse' for regression."
            )
        self.optimizer = optimizers_module.get(optimizer)
        self.loss = losses_module.get(loss)
        if self.loss.reduction == "none":
            raise ValueError(
                "Training needs a loss that reduces to one number: use reduction "
                "'sum_over_batch_size' or 'sum', not None/'none'."
            )
        if metrics is None:
            metrics = []
        if isinstance(metrics, (str, metrics_module.Metric)):
            metrics = [metrics]
        if isinstance(metrics, dict):
            raise TypeError("metrics must be a list: glassnet models have one output.")
        self._metric_ids = list(metrics)
        for identifier in self._metric_ids:  # unknown names fail now, not in fit
            metrics_module.get(identifier, output_units=1)
        self.metrics = []
        self.compiled = True

    def _require_compiled(self, what):
        if not self.compiled:
            raise RuntimeError(
                f"You must compile the model before calling {what}(): "
                "model.compile(optimizer='adam', loss='mse')."
            )

    # --- graph facts the subclasses provide ---------------------------------
    @property
    def output_layer(self):
        raise NotImplementedError

    @property
    def trainable_layers(self):
        return [layer for layer in self.layers if layer.trainable and layer.params]

    def _uses_fused_gradient(self):
        """Sigmoid/softmax output + (binary/categorical) cross-entropy on probabilities."""
        fused = getattr(self.loss, "fused_activation", None)
        activation = getattr(self.output_layer, "activation", None)
        return (
            fused is not None
            and not self.loss.from_logits
            and isinstance(activation, fused)
            and hasattr(self.output_layer, "backward_from_Z")
        )

    def _collect_parameters(self):
        """Parameter and gradient lists (aligned) for the optimizer; penalised layers."""
        self._params, self._grads = [], []
        for layer in self.trainable_layers:
            self._params.extend(layer.params.values())
            self._grads.extend(layer.grads.values())
        self._penalised = [layer for layer in self.layers if layer.regularizers]
        self._fused = self._uses_fused_gradient()

    def _penalty(self):
        return sum(layer.regularization_penalty() for layer in self._penalised)

    # --- data ---------------------------------------------------------------
    def _dtype(self):
        """The dtype data is cast to: the model's, else that of its weights."""
        if self.dtype:
            return self.dtype
        for layer in self.layers:
            if layer.built and layer.dtype:
                return layer.dtype
        return backend.floatx()

    def _prepare_x(self, x):
        """Return the input as a list of checked arrays (one per model input)."""
        xs = list(x) if isinstance(x, (list, tuple)) and self._n_inputs() > 1 else [x]
        if len(xs) != self._n_inputs():
            raise ValueError(
                f"Model '{self.name}' has {self._n_inputs()} inputs, but x holds "
                f"{len(xs)} arrays. Pass a list with one array per Input."
            )
        arrays = [_data.to_array(a, "x", self._dtype()) for a in xs]
        if len({len(a) for a in arrays}) > 1:
            raise ValueError(
                f"All inputs must have the same number of rows, but got {[len(a) for a in arrays]}."
            )
        if not self.built:
            self.build([(None, *a.shape[1:]) for a in arrays] if len(arrays) > 1
                       else (None, *arrays[0].shape[1:]))
        for a, shape, layer_name in zip(arrays, self._input_shapes(), self._input_names()):
            if tuple(a.shape[1:]) != tuple(shape[1:]):
                n = shape[1] if len(shape) == 2 else shape[1:]
                raise ValueError(
                    f"Model '{self.name}' (input '{layer_name}') expects inputs with "
                    f"{n} features per example, shape (m, {', '.join(map(str, shape[1:]))}), "
                    f"but got an array of shape {a.shape}. Pass x with the columns the "
                    "model was built on."
                )
        return arrays

    def _prepare_y(self, y, m):
        """Return the targets as an ``(m, n_out)`` array checked against the loss."""
        n_out = self.output_layer.output_shape[-1]
        y_raw = _data.to_array(y, "y", self._dtype())
        if len(y_raw) != m:
            raise ValueError(
                f"x has {m} examples but y has {len(y_raw)}: give one target per example."
            )
        loss_name = type(self.loss).name
        if isinstance(self.loss, losses_module.SparseCategoricalCrossentropy):
            if y_raw.ndim > 2 or (y_raw.ndim == 2 and y_raw.shape[1] != 1):
                raise ValueError(
                    f"sparse_categorical_crossentropy expects y of shape (m,) holding "
                    f"class indices, but got shape {y_raw.shape}. For one-hot targets "
                    "use loss='categorical_crossentropy'."
                )
            A_like = np.empty((m, n_out), dtype=self._dtype())
            return self.loss.prepare_targets(y_raw, A_like)
        if y_raw.ndim == 1:
            y_raw = y_raw[:, None]
        if y_raw.ndim != 2 or y_raw.shape[1] != n_out:
            hint = ""
            if isinstance(self.loss, losses_module.CategoricalCrossentropy) and y_raw.shape[1] == 1:
                hint = (" For integer class labels use loss='sparse_categorical_crossentropy', "
                        "or one-hot encode y.")
            raise ValueError(
                f"The model's output layer '{self.output_layer.name}' has {n_out} units, "
                f"so {loss_name} expects y of shape (m, {n_out}), but got y of shape "
                f"{y_raw.shape}.{hint}"
            )
        if isinstance(self.loss, (losses_module.BinaryCrossentropy,
                                  losses_module.CategoricalCrossentropy)):
            if y_raw.min() < 0 or y_raw.max() > 1:
                raise ValueError(
                    f"{loss_name} expects targets between 0 and 1, but got values from "
                    f"{y_raw.min():g} to {y_raw.max():g}. Encode classes as 0/1 (or "
                    "one-hot), or use a regression loss such as 'mse'."
                )
        return y_raw

    def _prepare_weights(self, sample_weight, class_weight, Y, m):
        sw = None
        if sample_weight is not None:
            sw = _data.to_array(sample_weight, "sample_weight", self._dtype()).reshape(-1)
            if len(sw) != m:
                raise ValueError(
                    f"sample_weight has {len(sw)} values but there are {m} examples."
                )
        if class_weight is not None:
            labels = Y.argmax(axis=1) if Y.shape[1] > 1 else (Y[:, 0] > 0.5).astype(int)
            cw = np.array([class_weight.get(int(c), 1.0) for c in labels], dtype=self._dtype())
            sw = cw if sw is None else sw * cw
        return sw

    def _resolve_metrics(self):
        labels = isinstance(self.loss, losses_module.SparseCategoricalCrossentropy)
        units = self.output_layer.output_shape[-1]
        self.metrics = [
            metrics_module.get(identifier, output_units=units, targets_are_labels=labels)
            for identifier in self._metric_ids
        ]

    # --- one step -----------------------------------------------------------
    def _train_step(self, Xs, Y, sw):
        """Forward, loss, backward, update on one batch; returns the batch loss."""
        A = self.forward(Xs if len(Xs) > 1 else Xs[0], training=True)
        loss = self.loss.reduce(self.loss.per_example(Y, A), sw)
        if self._penalised:
            loss += self._penalty()
        if self._fused:
            self.backward(self.loss.logit_gradient(Y, A, sw), from_Z=True)
        else:
            self.backward(self.loss.gradient(Y, A, sw))
        self.optimizer.apply(self._params, self._grads)
        for metric in self.metrics:
            metric.update_state(Y, A, sw)
        return float(loss), A

    def _test_step(self, Xs, Y, sw):
        A = self.forward(Xs if len(Xs) > 1 else Xs[0], training=False)
        for metric in self.metrics:
            metric.update_state(Y, A, sw)
        return float(self.loss.reduce(self.loss.per_example(Y, A), sw)), A

    def _logs(self, loss, prefix=""):
        logs = {prefix + "loss": loss}
        for metric in self.metrics:
            logs[prefix + metric.name] = float(metric.result())
        return logs

    # --- fit ----------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None,
            validation_batch_size=None, validation_freq=1, **kwargs):
        """Train for ``epochs`` passes over the data; return a ``History``.

        As ``keras.Model.fit``: ``batch_size`` defaults to 32; ``validation_split``
        holds out the *last* fraction of the data before any shuffling;
        ``validation_data`` is ``(x_val, y_val)`` or with sample weights; ``verbose``
        is 0 (silent), 1 (a progress bar) or 2 (one line per epoch). ``x`` may also
        be a generator (or Sequence) of ``(x, y)`` batches, with ``steps_per_epoch``.
        """
        if kwargs:
            raise TypeError(f"fit() got unexpected keyword argument(s) {sorted(kwargs)}.")
        self._require_compiled("fit")
        epochs, initial_epoch = int(epochs), int(initial_epoch)
        if epochs < 0 or initial_epoch < 0:
            raise ValueError(
                f"epochs and initial_epoch must be >= 0, got {epochs}, {initial_epoch}."
            )
        batch_size = self._check_batch_size(batch_size)
        if not 0 <= validation_split < 1:
            raise ValueError(f"validation_split must be in [0, 1), but got {validation_split!r}.")
        verbose = 1 if verbose == "auto" else int(verbose)

        if _data.is_batch_source(x):
            train = _GeneratorData(self, x, steps_per_epoch)
            val = None if validation_data is None else self._prepare_validation(validation_data)
        else:
            Xs = self._prepare_x(x)
            Y = self._prepare_y(y, len(Xs[0]))
            sw = self._prepare_weights(sample_weight, class_weight, Y, len(Y))
            val = None
            if validation_data is not None:
                val = self._prepare_validation(validation_data)
            elif validation_split:
                n_val = int(len(Y) * validation_split)
                if n_val == 0 or n_val == len(Y):
                    raise ValueError(
                        f"validation_split={validation_split} of {len(Y)} examples leaves "
                        "no data on one side; use a larger data set or another split."
                    )
                cut = len(Y) - n_val
                val = ([a[cut:] for a in Xs], Y[cut:], None if sw is None else sw[cut:])
                Xs, Y = [a[:cut] for a in Xs], Y[:cut]
                sw = None if sw is None else sw[:cut]
            train = _ArrayData(Xs, Y, sw, batch_size, shuffle)

        self._collect_parameters()
        self._resolve_metrics()
        self.stop_training = False
        self.history = History()
        # As Keras: the user's callbacks first, then History and the progress bar, so
        # that values they add to the logs (e.g. "learning_rate") are recorded.
        cbs = [*(callbacks or []), self.history]
        if verbose:
            cbs.append(ProgbarLogger(verbose))
        params = {"epochs": epochs, "steps": train.steps, "verbose": verbose}
        cb = CallbackList(cbs, model=self, params=params)
        per_batch = cb.uses("on_train_batch_end") or cb.uses("on_train_batch_begin")
        val_batch = validation_batch_size or batch_size

        logs = {}
        cb.call("on_train_begin", logs)
        for epoch in range(initial_epoch, epochs):
            cb.call("on_epoch_begin", epoch, {})
            for metric in self.metrics:
                metric.reset_state()
            total, seen = 0.0, 0
            for step, (Xb, Yb, swb) in enumerate(train.batches()):
                if per_batch:
                    cb.call("on_train_batch_begin", step, {})
                loss, _ = self._train_step(Xb, Yb, swb)
                total += loss * len(Yb)
                seen += len(Yb)
                if per_batch:  # before the check below, so TerminateOnNaN sees the batch
                    cb.call("on_train_batch_end", step, self._logs(total / seen))
                if not math.isfinite(loss):
                    self._stop_non_finite(loss, epoch, step)
                if self.stop_training:  # set by the check above or by a callback
                    break
            logs = self._logs(total / seen if seen else float("nan"))
            validate = val is not None and (epoch + 1) % validation_freq == 0
            if validate and math.isfinite(logs["loss"]):  # as Keras, also after a stop
                logs.update(self._evaluate_arrays(*val, val_batch, prefix="val_"))
            cb.call("on_epoch_end", epoch, logs)
            if self.stop_training:
                break
        cb.call("on_train_end", logs)
        return self.history

    def _check_batch_size(self, batch_size, default=32):
        if batch_size is None:
            return default
        integer = isinstance(batch_size, (int, np.integer)) and not isinstance(batch_size, bool)
        if not integer or batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, but got {batch_size!r}.")
        return int(batch_size)

    def _prepare_validation(self, validation_data):
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) not in (2, 3):
            raise ValueError(
                "validation_data must be a tuple (x_val, y_val) or (x_val, y_val, "
                f"sample_weight_val), but got {type(validation_data).__name__}."
            )
        xv, yv = validation_data[0], validation_data[1]
        Xs = self._prepare_x(xv)
        Y = self._prepare_y(yv, len(Xs[0]))
        swv = validation_data[2] if len(validation_data) == 3 else None
        return Xs, Y, self._prepare_weights(swv, None, Y, len(Y))

    def _stop_non_finite(self, loss, epoch, step):
        self.stop_training = True
        warnings.warn(
            f"Model '{self.name}': the training loss became {loss} at epoch {epoch + 1}, "
            f"batch {step + 1}; training stopped. Usual causes: a learning rate that is "
            "too large (try one 10x smaller), inputs that are not scaled (standardize "
            "the features), or targets outside the loss's range.",
            NonFiniteLossWarning,
            stacklevel=3,
        )

    # --- evaluate / predict ---------------------------------------------------
    def _evaluate_arrays(self, Xs, Y, sw, batch_size, prefix=""):
        for metric in self.metrics:
            metric.reset_state()
        total = 0.0
        for batch in _data.array_batches([*Xs, Y, sw], batch_size, shuffle=False):
            *Xb, Yb, swb = batch
            loss, _ = self._test_step(Xb, Yb, swb)
            total += loss * len(Yb)
        penalty = self._penalty() if self._penalised else 0.0
        return self._logs(total / len(Y) + penalty, prefix)

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 return_dict=False, callbacks=None, **kwargs):
        """Return the loss (and metrics) on ``(x, y)``, as ``keras.Model.evaluate``.

        Returns a float when there are no metrics, else ``[loss, metric, ...]``;
        with ``return_dict=True`` a dict ``{"loss": ..., "accuracy": ...}``. With
        ``verbose`` 1 or 2 (``"auto"`` is 1) the result is also printed, as Keras does.
        """
        if kwargs:
            raise TypeError(f"evaluate() got unexpected keyword argument(s) {sorted(kwargs)}.")
        batch_size = self._check_batch_size(batch_size)
        Xs, Y, sw = self._prepare_call("evaluate", x, y, sample_weight)
        start = time.perf_counter()
        logs = self._evaluate_arrays(Xs, Y, sw, batch_size)
        if verbose == "auto" or int(verbose) > 0:
            steps = _data.num_batches(len(Y), batch_size)
            print(f"{steps}/{steps} - {time.perf_counter() - start:.2f}s - {format_logs(logs)}",
                  flush=True)
        if callbacks:
            CallbackList(callbacks, model=self).call("on_test_end", logs)
        return self._return_logs(logs, return_dict)

    def _prepare_call(self, what, x, y, sample_weight, class_weight=None):
        """Checked ``(Xs, Y, sw)`` for evaluate/train_on_batch/test_on_batch."""
        self._require_compiled(what)
        Xs = self._prepare_x(x)
        Y = self._prepare_y(y, len(Xs[0]))
        sw = self._prepare_weights(sample_weight, class_weight, Y, len(Y))
        self._collect_parameters()
        self._resolve_metrics()
        return Xs, Y, sw

    def _return_logs(self, logs, return_dict):
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def predict(self, x, batch_size=None, verbose="auto", callbacks=None, **kwargs):
        """Return the model's outputs for ``x``, computed in batches (default 32)."""
        if kwargs:
            raise TypeError(f"predict() got unexpected keyword argument(s) {sorted(kwargs)}.")
        batch_size = self._check_batch_size(batch_size)
        self._require_built("predict")
        Xs = self._prepare_x(x)
        outputs = [
            self.forward(list(batch) if len(batch) > 1 else batch[0], training=False)
            for batch in _data.array_batches(Xs, batch_size, shuffle=False)
        ]
        return outputs[0] if len(outputs) == 1 else np.concatenate(outputs)

    def _require_built(self, what):
        if not self.built:
            raise RuntimeError(
                f"Model '{self.name}' has not been built, so {what}() has no weights to "
                "use. Give the first layer input_shape=(n_features,) (or start with "
                "Input), call model.build((None, n_features)), or fit the model first."
            )

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One gradient step on one batch; returns its loss (and metrics)."""
        Xs, Y, sw = self._prepare_call("train_on_batch", x, y, sample_weight, class_weight)
        loss, _ = self._train_step(Xs, Y, sw)
        return self._return_logs(self._logs(loss), return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Loss (and metrics) on one batch, without updating the model."""
        Xs, Y, sw = self._prepare_call("test_on_batch", x, y, sample_weight)
        loss, _ = self._test_step(Xs, Y, sw)
        if self._penalised:
            loss += self._penalty()
        return self._return_logs(self._logs(loss), return_dict)

    def predict_on_batch(self, x):
        """The model's outputs for one batch."""
        self._require_built("predict_on_batch")
        Xs = self._prepare_x(x)
        return self.forward(Xs if len(Xs) > 1 else Xs[0], training=False).copy()

    def __call__(self, x, training=False):
        """Forward pass on arrays (eager), as calling a Keras model."""
        Xs = self._prepare_x(x)
        return self.forward(Xs if len(Xs) > 1 else Xs[0], training=training)

    # --- weights --------------------------------------------------------------
    @property
    def weights(self):
        return [w for layer in self.layers for w in layer.weights]

    @property
    def trainable_weights(self):
        return [w for layer in self.layers for w in layer.trainable_weights]

    @property
    def non_trainable_weights(self):
        return [w for layer in self.layers for w in layer.non_trainable_weights]

    def get_weights(self):
        """Copies of all weights, layer by layer: kernel ``(n_in, n_out)``, then bias."""
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        """Set all weights from a list in ``get_weights`` order."""
        weights = list(weights)
        expected = sum(len(layer.weights) for layer in self.layers)
        if len(weights) != expected:
            raise ValueError(
                f"Model '{self.name}' has {expected} weight arrays "
                f"({[w.shape for w in self.weights]}), but {len(weights)} were given."
            )
        for layer in self.layers:
            n = len(layer.weights)
            layer.set_weights(weights[:n])
            weights = weights[n:]

    def count_params(self):
        """Total number of scalars in all weights."""
        return int(sum(layer.count_params() for layer in self.layers))

    def get_layer(self, name=None, index=None):
        """Return a layer by name or by index."""
        if index is not None:
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"No layer named {name!r}; the layers are {[layer.name for layer in self.layers]}."
        )

    def summary(self, print_fn=None):
        """Print a table of layers, output shapes and parameter counts."""
        from ._summary import summary

        summary(self, print_fn)

    # --- saving ---------------------------------------------------------------
    def save(self, filepath, include_optimizer=True):
        """Save architecture, weights and optimizer state to one file (no pickle)."""
        from ..saving import save_model

        save_model(self, filepath, include_optimizer=include_optimizer)

    def save_weights(self, filepath):
        """Save only the weights (a ``.weights.npz`` file)."""
        from ..saving import save_weights

        save_weights(self, filepath)

    def load_weights(self, filepath):
        """Load weights saved by ``save_weights`` (or ``save``) into this model."""
        from ..saving import load_weights

        load_weights(self, filepath)

    def to_json(self):
        import json

        return json.dumps(self.get_config_with_class())

    def get_config_with_class(self):
        return {"class_name": type(self).__name__, "config": self.get_config()}


class _ArrayData:
    """Batches of in-memory (or memory-mapped) arrays."""

    def __init__(self, Xs, Y, sw, batch_size, shuffle):
        self.arrays = [*Xs, Y, sw]
        self.batch_size, self.shuffle = batch_size, shuffle
        self.steps = _data.num_batches(len(Y), batch_size)
        self.n_inputs = len(Xs)
        self._buffers = None

    def batches(self):
        if self.shuffle and self._buffers is None:  # one set for all epochs
            self._buffers = _data.shuffle_buffers(self.arrays, self.batch_size)
        for batch in _data.array_batches(self.arrays, self.batch_size, self.shuffle,
                                         self._buffers):
            yield list(batch[: self.n_inputs]), batch[-2], batch[-1]


class _GeneratorData:
    """Batches from a generator or Sequence yielding ``(x, y[, sample_weight])``."""

    def __init__(self, model, source, steps_per_epoch):
        self.model, self.source = model, source
        if steps_per_epoch is None and hasattr(source, "__len__"):
            steps_per_epoch = len(source)
        if steps_per_epoch is None:
            raise ValueError(
                "Training from a generator needs steps_per_epoch: how many batches make "
                "one epoch."
            )
        self.steps = int(steps_per_epoch)
        self.indexable = hasattr(source, "__getitem__") and hasattr(source, "__len__")
        self._iterator = None if self.indexable else iter(source)
        # The first batch is read now, so the model is built before training starts.
        self._pending = self._prepare(self._next(0))

    def _next(self, step):
        if self.indexable:
            return self.source[step % len(self.source)]
        try:
            return next(self._iterator)
        except StopIteration:
            return None

    def _prepare(self, item):
        if item is None:
            return None
        x, y, sw = _data.split_batch(item)
        Xs = self.model._prepare_x(x)
        Y = self.model._prepare_y(y, len(Xs[0]))
        return Xs, Y, self.model._prepare_weights(sw, None, Y, len(Y))

    def batches(self):
        for step in range(self.steps):
            batch, self._pending = self._pending, None
            if batch is None:
                batch = self._prepare(self._next(step))
            if batch is None:  # a finite generator ran out
                return
            yield batch
        if self.indexable and hasattr(self.source, "on_epoch_end"):
            self.source.on_epoch_end()
