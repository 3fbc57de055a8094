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

Checking the user's data lives in ``_checks.py``, batch sources in ``_data.py``,
weights and saving in ``_weights.py``.
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
from ._checks import InputChecks
from ._weights import WeightsAndSaving


class ModelStateError(ValueError, RuntimeError):
    """A model used before it is ready: not built, or not compiled.

    A ValueError like glassnet's other bad-input errors, and a RuntimeError as
    Keras raises in these cases, so either ``except`` catches it.
    """


class NonFiniteLossWarning(RuntimeWarning):
    """Training stopped because the loss became NaN or infinite."""


_COMPILE_IGNORED = ("run_eagerly", "steps_per_execution", "jit_compile", "auto_scale_loss")


class Trainer(InputChecks, WeightsAndSaving):
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
        # Everything is checked before anything is set: a failed compile changes nothing.
        optimizer = optimizers_module.get(optimizer)
        loss = losses_module.get(loss)
        if loss.reduction == "none":
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
        for identifier in metrics:  # unknown names fail now, not in fit
            metrics_module.get(identifier, output_units=1)
        self.optimizer, self.loss, self._metric_ids = optimizer, loss, list(metrics)
        self.metrics = []
        self.compiled = True

    def _require_compiled(self, what):
        if not self.compiled:
            raise ModelStateError(
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

    def _resolve_metrics(self):
        labels = isinstance(self.loss, losses_module.SparseCategoricalCrossentropy)
        units = self.output_layer.output_shape[-1]
        self.metrics = [
            metrics_module.get(identifier, output_units=units, targets_are_labels=labels)
            for identifier in self._metric_ids
        ]
        for metric in self.metrics:  # a Metric object given to compile keeps its state
            metric.reset_state()

    # --- one step -----------------------------------------------------------
    def _data_loss(self, Y, A, sw):
        """The loss of predictions ``A`` on one batch, reduced (without penalties)."""
        return self.loss.reduce(self.loss.per_example(Y, A), sw)

    def _backward_loss(self, Y, A, sw):
        """Backpropagate the batch loss from ``A``: every layer fills its gradients.

        Starts from ``dZ = (A - Y) w / m`` when the fused gradient applies, else from
        ``dA = dL/dA``.
        """
        if self._fused:
            self.backward(self.loss.logit_gradient(Y, A, sw), from_Z=True)
        else:
            self.backward(self.loss.gradient(Y, A, sw))

    def _train_step(self, Xs, Y, sw):
        """Forward, loss, backward, update on one batch; returns the batch loss."""
        A = self.forward(Xs if len(Xs) > 1 else Xs[0], training=True)
        loss = self._data_loss(Y, A, sw)
        if self._penalised:
            loss += self._penalty()
        self._backward_loss(Y, A, sw)
        self.optimizer.apply(self._params, self._grads)
        for metric in self.metrics:
            metric.update_state(Y, A, sw)
        return float(loss), A

    def _test_step(self, Xs, Y, sw):
        A = self.forward(Xs if len(Xs) > 1 else Xs[0], training=False)
        for metric in self.metrics:
            metric.update_state(Y, A, sw)
        return float(self._data_loss(Y, A, sw)), A

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
            train = _data.GeneratorData(self, x, steps_per_epoch)
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
            train = _data.ArrayData(Xs, Y, sw, batch_size, shuffle)

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

        cb.call("on_train_begin", {})
        # A diverging run overflows everywhere; the check on the loss reports it once,
        # with its usual causes, instead of NumPy's warnings from deep inside.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            logs = self._run_epochs(train, val, cb, range(initial_epoch, epochs),
                                    validation_freq, val_batch, per_batch)
        cb.call("on_train_end", logs)
        return self.history

    def _run_epochs(self, train, val, cb, epochs, validation_freq, val_batch, per_batch):
        """The epoch loop of ``fit``; returns the last epoch's logs."""
        logs = {}
        for epoch in epochs:
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
        return logs

    def _stop_non_finite(self, loss, epoch, step):
        self.stop_training = True
        warnings.warn(
            f"Model '{self.name}': the training loss became {loss} at epoch {epoch + 1}, "
            f"batch {step + 1}; training stopped. Usual causes: a learning rate that is "
            "too large (try one 10x smaller), inputs that are not scaled (standardize "
            "the features), or targets outside the loss's range.",
            NonFiniteLossWarning,
            stacklevel=4,  # the user's call of fit
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
            raise ModelStateError(
                f"Model '{self.name}' has not been built, so {what}() has no weights to "
                "use. Give the first layer input_shape=(n_features,) (or start with "
                "Input), call model.build((None, n_features)), or fit the model first."
            )

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One gradient step on one batch; returns its loss (and metrics)."""
        Xs, Y, sw = self._prepare_call("train_on_batch", x, y, sample_weight, class_weight)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
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

