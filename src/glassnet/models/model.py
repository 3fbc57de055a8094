"""Model: the training API every glassnet model shares (compile, fit, evaluate, ...).

A model is a list of layers ``self.layers`` whose last one is the output layer.
``Sequential`` (a stack) and the functional model (what ``Model(inputs, outputs)``
returns, a graph) are the two kinds; both are built on this class. The forward and
backward passes here run the layers as a chain, which is what a Sequential is; the
functional model overrides them to follow its graph.

One training step on a batch ``(X, Y)``, with the public verbs that name its parts::

    A = model.forward(X, training=True)          A[0] = X, A[l] = layer_l(A[l-1])
    L = model.compute_loss(y=Y, y_pred=A)        loss(Y, A) + weight penalties
    model.backpropagate(Y, A)                    every layer fills its grads (dW, db):
                                                   dZ = (A - Y)/m  when model.fused,
                                                   else dA = dL/dA, then layer by layer
    model.optimizer.step(model.trainable_parameters())
                                                 W <- W - lr * dW (the optimizer's rule)

``fit`` runs that step on every batch of every epoch (see its docstring). What
``compile`` sets up for each output (its loss, weight, metrics: a "head") is in
``_outputs.py``; checking the user's data in ``inputs.py``; cutting it into batches
(and holding out validation rows) in ``_data.py``.
"""

import math
import time
import warnings

import numpy as np

from .. import _arguments, _interrupts, backend, config
from .. import optimizers as optimizers_module
from ..activations.base import training_errstate
from ..callbacks import CallbackList, History, ProgbarLogger
from ..callbacks.progress import format_logs
from ..layers.base import Layer
from . import _data, _outputs, inputs


class ModelStateError(ValueError, RuntimeError):
    """A model used before it is ready: not built, or not compiled.

    A ValueError like glassnet's other bad-input errors, and a RuntimeError as
    Keras raises in these cases, so either ``except`` catches it.

    Examples
    --------
    >>> import numpy as np
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(1, input_shape=(2,))])
    >>> try:
    ...     model.fit(np.zeros((4, 2)), np.zeros(4), verbose=0)
    ... except gn.models.ModelStateError as error:
    ...     print(error)
    You must compile the model before calling fit(): model.compile(optimizer='adam', loss='mse').
    """


class NonFiniteLossWarning(RuntimeWarning):
    """Training stopped because the loss became NaN or infinite.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(1, input_shape=(1,))])
    >>> model.compile(optimizer=gn.optimizers.SGD(1e6), loss="mse")   # far too large
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _ = model.fit(np.full((8, 1), 100.0), np.ones(8), epochs=50, verbose=0)
    >>> any(issubclass(w.category, gn.models.NonFiniteLossWarning) for w in caught)
    True
    """


_COMPILE_IGNORED = ("run_eagerly", "steps_per_execution", "jit_compile", "auto_scale_loss")


class Model:
    """The training API shared by Sequential and functional models, as ``keras.Model``.

    ``Model(inputs=..., outputs=...)`` builds a functional model (see
    ``functional.py``); ``Sequential`` is the other kind.

    Parameters
    ----------
    name : str, optional
    dtype : str, optional
        ``"float32"`` or ``"float64"``; default ``floatx()``.

    Examples
    --------
    >>> import glassnet as gn
    >>> x = gn.Input((3,))
    >>> h = gn.layers.Dense(4, activation="relu")(x)
    >>> model = gn.Model(inputs=x, outputs=gn.layers.Dense(1)(h))
    >>> type(model).__name__, model.count_params()
    ('Functional', 21)
    """

    def __new__(cls, *args, **kwargs):
        if cls is Model:  # Model(inputs, outputs) is a functional model, as in Keras
            from .functional import Functional

            return super().__new__(Functional)
        return super().__new__(cls)

    def __init__(self, name=None, dtype=None):
        if name is not None and not isinstance(name, str):
            raise TypeError(f"A model's name must be a string, but got {name!r}.")
        self.name = name
        self.dtype = None if dtype is None else backend.standardize_dtype(dtype)
        self.layers = []
        self.built = False
        self.optimizer = None
        self.loss = None
        self.compiled = False
        self.fused = False  # see _update_heads
        self.stop_training = False
        self.history = None
        self._metric_ids = []
        self._weighted_metric_ids = []
        self.metrics = []
        self._metric_log_names = []  # for each of self.metrics, its key in the logs
        self._metric_weighted = []  # for each of self.metrics, whether it sees sample weights
        self._heads = []  # one per output: its loss, weight and metrics (_outputs.py)
        self._metric_heads = []  # for each of self.metrics, the index of its output
        self._loss_trackers = []  # several outputs: each one's mean loss, for the logs
        self._with_metrics = False  # set by compile: are there metric objects to build?
        self._parameters = ([], -1)  # trainable_parameters' last list, and its generation

    # --- compile ------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, metrics=None, loss_weights=None,
                weighted_metrics=None, **kwargs):
        """Choose the optimizer, the loss and the metrics, as ``keras.Model.compile``.

        ``optimizer`` and ``loss`` are names or instances; ``metrics`` a list of
        names (``"accuracy"``, ``"mae"``...), ``glassnet.metrics.Metric`` objects or
        functions ``fn(y_true, y_pred)``. A model with several outputs takes one loss
        for all or one per output (a list, or a dict by output name), ``loss_weights``
        likewise, and ``metrics`` as a list of lists or a dict (see ``_outputs.py``).

        As in Keras, ``metrics`` ignore ``sample_weight``/``class_weight`` and
        ``weighted_metrics`` (given as ``metrics`` is) use them. Two metrics of one name
        are logged as ``precision``, ``precision_1``; a weighted one named like an
        unweighted one as ``weighted_<name>``.
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
        heads = _outputs.heads(self.output_names, loss, loss_weights, metrics, weighted_metrics)
        one = len(heads) == 1
        self.optimizer, self._heads = optimizer, heads
        self.loss = heads[0].loss if one else [h.loss for h in heads]
        self._metric_ids = heads[0].metric_ids if one else [h.metric_ids for h in heads]
        self._weighted_metric_ids = (heads[0].weighted_metric_ids if one
                                     else [h.weighted_metric_ids for h in heads])
        # whether there are metric objects to build: metrics, or several outputs' losses
        self._with_metrics = not one or bool(heads[0].metric_ids or heads[0].weighted_metric_ids)
        self.compiled = True
        self._update_heads()

    def get_compile_config(self):
        """What ``compile`` was given, JSON-ready (as ``keras.Model.get_compile_config``)."""
        if not self.compiled:
            return None
        return {"optimizer": optimizers_module.serialize(self.optimizer),
                **_outputs.compile_config(self._heads)}

    def compile_from_config(self, config):
        """Compile as ``get_compile_config()`` said (as ``keras.Model.compile_from_config``)."""
        self.compile(optimizer=optimizers_module.get(config["optimizer"]),
                     **_outputs.compile_arguments(config))

    @property
    def metrics_names(self):
        """Keras 3's names: ``"loss"``, ``"compile_metrics"`` when compiled with metrics,
        then (several outputs, once trained or evaluated) each output's ``name_loss``.
        Each metric's own name is a key of ``evaluate(..., return_dict=True)``."""
        has_metrics = any(h.metric_ids or h.weighted_metric_ids for h in self._heads)
        return (["loss"] + ["compile_metrics"] * has_metrics
                + [tracker.name for tracker in self._loss_trackers])

    def reset_metrics(self):
        """Start every metric again (``model.metrics`` and each output's loss mean), as
        ``keras.Model.reset_metrics``."""
        self._reset_metrics()

    def _not_compiled(self, what):
        """The error of ``what()`` on a model that is not compiled (callers raise it)."""
        return ModelStateError(
            f"You must compile the model before calling {what}(): "
            "model.compile(optimizer='adam', loss='mse')."
        )

    def _require_built(self, what):
        if not self.built:
            raise ModelStateError(
                f"Model '{self.name}' has not been built, so {what}() has no weights to "
                "use. Give the first layer input_shape=(n_features,) (or start with "
                "Input), call model.build((None, n_features)), or fit the model first."
            )

    def _update_heads(self):
        """Tell each output's head its layer, its columns of the targets, and whether
        its loss hands that layer ``dZ`` directly; set ``self.fused`` (one output).

        Fused: a sigmoid output with binary cross-entropy or a softmax output with
        categorical cross-entropy, on probabilities (not ``from_logits``): then
        ``dZ = A - Y`` (times ``w_i/m``), the seeds' ``dZ2 = A2 - Y``. Called when
        the loss or the output layers change (compile, build).
        """
        outputs = self.output_layers if self.built and self.layers else [None] * len(
            self._heads)
        start = 0
        for head, output in zip(self._heads, outputs):
            width = None if output is None else output.output_shape[-1]
            head.layer = output
            head.columns = slice(start, None if width is None else start + width)
            start += width or 0
            fused = getattr(head.loss, "fused_activation", None)
            head.fused = bool(
                fused is not None
                and not head.loss.from_logits
                and isinstance(getattr(output, "activation", None), fused)
                and output.call_backward_from_dZ is not None
                and self._feeds_nothing_else(output)
            )
        self.fused = len(self._heads) == 1 and self._heads[0].fused
        self.metrics, self._loss_trackers = [], []  # built again for the new outputs

    def _feeds_nothing_else(self, output_layer):
        """Whether that output's gradient comes from the loss alone (so dZ may replace dA)."""
        return True

    # --- graph facts --------------------------------------------------------
    @property
    def output_layer(self):
        if not self.layers:
            raise ValueError(f"Model '{self.name}' has no layers.")
        return self.layers[-1]

    @property
    def output_layers(self):
        """The layers that give the model's outputs (one for a Sequential)."""
        return [self.output_layer]

    @property
    def output_names(self):
        """The outputs' names (their layers' names), as ``keras.Model.output_names``."""
        return [layer.name for layer in self.output_layers] if self.layers else ["output"]

    @property
    def trainable_layers(self):
        return [layer for layer in self.layers if layer.trainable and layer.params]

    @property
    def input(self):
        """The input tensor (a list of them for several inputs), as Keras."""
        tensors = self.inputs
        return tensors[0] if len(tensors) == 1 else tensors

    @property
    def output(self):
        """The output tensor, as Keras."""
        return self.outputs[0]

    @property
    def input_shape(self):
        """``(None, n_in)`` (a list of shapes for several inputs), as Keras."""
        shapes = [t.shape for t in self.inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        """``(None, n_out)``, as Keras."""
        return self.outputs[0].shape

    def _check_unique_names(self):
        """Raise unless every layer has its own name (optimizer state is kept by name)."""
        names = [layer.name for layer in self.layers]
        if len(set(names)) != len(names):
            twice = sorted({n for n in names if names.count(n) > 1})
            raise ValueError(
                f"Model '{self.name}' has several layers named {twice}: give each layer "
                "its own name (the optimizer keeps its state by layer name)."
            )

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuild a model from ``get_config``: a Sequential's config gives a Sequential,
        as ``keras.Model.from_config`` does; a Keras model's config is translated
        (``interchange.keras_file``)."""
        from ..layers import custom_object_scope
        from .functional import Functional
        from .sequential import Sequential

        layers = config.get("layers") if isinstance(config, dict) else None
        if layers and isinstance(layers[0], dict) and "module" in layers[0]:  # Keras's
            from ..interchange.keras_file import model_from_keras_config

            kind = "Functional" if "input_layers" in config else "Sequential"
            return model_from_keras_config({"class_name": kind, "config": config},
                                           custom_objects)
        with custom_object_scope(custom_objects):
            if isinstance(config, dict) and "input_layers" not in config:
                return Sequential.from_config(config)
            return Functional.from_config(config)

    # --- the public verbs of one training step --------------------------------
    def forward(self, X, training=False):
        """``A = X``, then ``A = layer.forward(A)`` for each layer in order."""
        A = X
        for layer in self.layers:
            A = layer.forward(A, training)
        return A

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The batch loss of predictions ``y_pred`` for targets ``y``, as a float.

        ``L = sum_k w_k L_k(Y_k, A_k)`` over the outputs (one output: ``L(Y, A)``, its
        weight 1), each ``L_k`` reduced over the batch (with ``sample_weight``), plus
        every layer's weight penalty. ``y`` is ``(m, n_out)`` (several outputs: their
        columns side by side), ``y_pred`` what ``forward`` returns (Keras 3's
        signature; ``x`` is not needed). With several outputs each ``L_k`` is also
        added to its running mean for the logs (``buy_loss``), as Keras's compile loss.
        """
        if not (isinstance(y, np.ndarray) and y.ndim == 2):
            raise _targets_error("compute_loss", y)
        As = y_pred if isinstance(y_pred, list) else [y_pred]
        loss = 0.0
        for k, (head, A) in enumerate(zip(self._heads, As)):
            Y, sw = y, sample_weight  # one output: all the columns
            if len(As) > 1:  # output k's columns of the targets, its sample weights
                Y, sw = y[:, head.columns], _outputs.output_weights(sample_weight, k)
            L_k = float(head.loss.reduce(head.loss.per_example(Y, A), sw))
            loss += head.weight * L_k
            if self._loss_trackers:
                self._loss_trackers[k].add(L_k, len(A))
        for layer in self.layers:
            if layer.regularizers:
                loss += layer.regularization_penalty()
        return float(loss)

    def backpropagate(self, y, y_pred, sample_weight=None):
        """Fill every layer's ``grads`` with the gradient of the batch loss.

        Each output starts from ``dZ = (A - Y) w / m`` when its loss is fused with
        its activation (``head.fused``; ``model.fused`` for a one-output model), else
        from ``dA = dL/dA``, both with the reduction's ``1/m`` inside and times the
        output's loss weight; then ``backward``.
        """
        if not (isinstance(y, np.ndarray) and y.ndim == 2):
            raise _targets_error("backpropagate", y)
        As = y_pred if isinstance(y_pred, list) else [y_pred]
        dAs, dZs = [], []  # per output: w_k dL_k/dA_k, or w_k dL_k/dZ_k when fused
        for k, (head, A) in enumerate(zip(self._heads, As)):
            Y, sw, w = y, sample_weight, head.weight  # w = 1 unless compile(loss_weights=)
            if len(As) > 1:
                Y, sw = y[:, head.columns], _outputs.output_weights(sample_weight, k)
            if head.fused:
                dZ = head.loss.fused_dZ(Y, A, sw)
                dAs.append(None)
                dZs.append(dZ if w == 1.0 else w * dZ)
            else:
                dA = head.loss.gradient(Y, A, sw)
                dAs.append(dA if w == 1.0 else w * dA)
                dZs.append(None)
        if len(dAs) == 1:
            self.backward(dAs[0], dZ=dZs[0])
        else:
            self.backward(dAs, dZ=dZs)

    def backward(self, dA=None, *, dZ=None):
        """Run each layer's backward from the last to the first.

        From ``dA`` of the output, or from ``dZ`` of the output layer (fused).
        """
        d = self.layers[-1].backward(dA, dZ=dZ)
        for layer in reversed(self.layers[:-1]):
            if d is None:
                break
            d = layer.backward(d)

    def trainable_parameters(self):
        """``[(key, W, dW), ...]`` for every trainable parameter, in layer order.

        ``key`` is ``"layer_name/param_name"`` (``"dense/kernel"``): the optimizer
        keeps each parameter's state under it. While no layer is frozen, added or
        given new arrays (``Layer.arrays_changed`` counts those changes), the same list
        is returned at every step: the optimizer then knows nothing changed.
        """
        parameters, generation = self._parameters
        if generation == Layer.generation:
            return parameters
        parameters = []
        for layer in self.layers:
            if layer.trainable:
                for name, W in layer.params.items():
                    parameters.append((f"{layer.name}/{name}", W, layer.grads[name]))
        self._parameters = (parameters, Layer.generation)
        return parameters

    # --- one step -------------------------------------------------------------
    def _prepare_training(self):
        """Before training or testing: the metric objects, for each output's width
        (``_outputs.build_metrics``), all started again, and the parameters packed
        into one vector (``optimizers/vector.py``)."""
        (self.metrics, self._metric_heads, self._metric_weighted, self._metric_log_names,
         self._loss_trackers) = _outputs.build_metrics(self._heads)
        self._reset_metrics()
        # every W and b a view of one vector θ: one optimizer update for all of them
        optimizers_module.vector.pack(self)

    def _metrics_for_one_batch(self):
        """train_on_batch/test_on_batch (and evaluate) report their data alone: the
        metric objects started again, built once after compile or build."""
        if self.metrics or self._loss_trackers:
            self._reset_metrics()
        else:
            self._prepare_training()

    def _reset_metrics(self):
        """Start every metric (and each output's loss mean) again, as for a new epoch."""
        for metric in [*self.metrics, *self._loss_trackers]:
            metric.reset_state()

    def _update_metrics(self, Y, A, sw):
        """Each metric sees its own output's targets and predictions; only the
        ``weighted_metrics`` see the sample weights, as in Keras."""
        As = A if isinstance(A, list) else [A]
        for metric, k, weighted in zip(self.metrics, self._metric_heads, self._metric_weighted):
            sw_k = _outputs.output_weights(sw, k) if weighted else None
            metric.update_state(Y[:, self._heads[k].columns], As[k], sw_k)

    def train_step(self, Xs, Y, sw):
        """One step on one checked batch; returns its loss.

        As Keras's ``train_step``: forward, the loss, its gradient (here by
        backpropagation, not a tape), the optimizer's update of every trainable
        parameter, the metrics.
        """
        A = self.forward(Xs[0] if len(Xs) == 1 else Xs, training=True)
        loss = self.compute_loss(y=Y, y_pred=A, sample_weight=sw)
        self.backpropagate(Y, A, sw)
        self.optimizer.step(self.trainable_parameters())  # W <- W - lr dW, or Adam's rule...
        if self.metrics:
            self._update_metrics(Y, A, sw)
        return loss

    def test_step(self, Xs, Y, sw):
        """Forward and loss on one checked batch, without updating; returns the loss."""
        A = self.forward(Xs[0] if len(Xs) == 1 else Xs, training=False)
        if self.metrics:
            self._update_metrics(Y, A, sw)
        return self.compute_loss(y=Y, y_pred=A, sample_weight=sw)

    def _logs(self, loss, prefix="", return_dict=True):
        """``{"loss": ..., metric: ...}`` with its keys sorted, as Keras 3 hands them to
        callbacks and History; or, unless ``return_dict``, Keras's return value: the
        loss alone when there are no metrics, else a list in Keras 3's order
        (``Trainer._flatten_metrics_in_order``): ``loss``, the values logged under
        their metric's own name (in compile order; Keras 3.15 repeats a value there
        for each metric of that name), each output's ``name_loss``, then the other
        keys sorted.
        """
        logs = {prefix + "loss": loss}
        if not self.metrics and not self._loss_trackers:
            return logs if return_dict else loss
        for tracker in self._loss_trackers:
            logs[prefix + tracker.name] = tracker.result()
        for metric, name in zip(self.metrics, self._metric_log_names):
            value = metric.result()  # an array for a per-class F1Score(average=None)
            logs[prefix + name] = float(value) if np.ndim(value) == 0 else value
        if return_dict:
            return dict(sorted(logs.items()))
        first = ["loss", *(m.name for m in self.metrics), *(t.name for t in self._loss_trackers)]
        values = [logs[k] for k in first if k in logs]  # a name twice: its value twice
        values += [logs[k] for k in sorted(logs) if k not in first]
        return values[0] if len(values) == 1 else values

    # --- fit ----------------------------------------------------------------
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None,
            validation_batch_size=None, validation_freq=1, **kwargs):
        """Train for ``epochs`` passes over the data; return a ``History``.

        The algorithm::

            check the arguments and the data; hold out validation data
            for each epoch (from initial_epoch; a run saved mid-epoch resumes at its batch):
                reset the metrics
                for each batch (X, Y) (shuffled unless shuffle=False):
                    train_step: forward, compute_loss, backpropagate, optimizer.step
                    record where the run is (a checkpoint saved now resumes there)
                    stop if the loss is not finite (or a callback asks)
                the epoch's logs: the mean batch loss, the metrics, the validation logs
            callbacks hear about each of these moments (on_epoch_end, ...)

        As ``keras.Model.fit``: ``batch_size`` defaults to 32; ``validation_split``
        trains on the first ``floor(n (1 - split))`` rows and validates on the rest,
        cut before any shuffling; validation runs ``on_test_begin``/``on_test_end``;
        ``validation_data`` is ``(x_val, y_val)`` or with sample weights; with several
        outputs ``sample_weight`` is one array for all or one per output (a list, or
        a dict by output name); ``class_weight`` is for one output and not given
        with ``sample_weight``; ``verbose``
        is 0 (silent), 1 (a progress bar) or 2 (one line per epoch). ``x`` may also
        be a generator (or Sequence) of ``(x, y)`` batches, with ``steps_per_epoch``.

        Ctrl-C (or SIGTERM in the ``glassnet`` command) during ``fit`` lets the
        current training step finish, never half of an update, then raises
        KeyboardInterrupt as Keras does; ``model.history`` keeps the epochs done.
        """
        if kwargs:
            raise TypeError(f"fit() got unexpected keyword argument(s) {sorted(kwargs)}.")
        if not self.compiled:
            raise self._not_compiled("fit")
        epochs = _arguments.whole(epochs, "epochs", "fit()")
        initial_epoch = _arguments.whole(initial_epoch, "initial_epoch", "fit()")
        batch_size = inputs.check_batch_size(batch_size)
        validation_split = _arguments.real(validation_split, "validation_split", "fit()")
        if not 0 <= validation_split < 1:
            raise ValueError(f"validation_split must be in [0, 1), but got {validation_split!r}: "
                             "the fraction of the rows held out for validation.")
        verbose = _arguments.verbosity(verbose, "fit()")
        shuffle = _arguments.flag(shuffle, "shuffle", "fit()")
        validation_freq = _arguments.whole(validation_freq, "validation_freq", "fit()", 1)
        steps_per_epoch = _arguments.whole(steps_per_epoch, "steps_per_epoch", "fit()", 1,
                                           none_ok=True)
        callbacks = _arguments.callbacks(callbacks, "fit()")
        if validation_batch_size is not None:
            validation_batch_size = inputs.check_batch_size(validation_batch_size)
        if class_weight is not None and not isinstance(class_weight, dict):
            raise TypeError(f"fit() expects class_weight to be a dict {{class: weight}}, "
                            f"but got {type(class_weight).__name__}.")

        train, val = _data.training_data(self, x, y, sample_weight, class_weight, batch_size,
                                         shuffle, validation_split, validation_data,
                                         steps_per_epoch)
        self._prepare_training()
        self.stop_training = False
        self.history = History()
        # As Keras: the user's callbacks first, then History and the progress bar, so
        # that values they add to the logs (e.g. "learning_rate") are recorded.
        cbs = [*(callbacks or []), self.history]
        if verbose:
            cbs.append(ProgbarLogger(verbose))
        cb = CallbackList(cbs, model=self,
                          params={"epochs": epochs, "steps": train.steps, "verbose": verbose})
        per_batch = cb.uses("on_train_batch_end") or cb.uses("on_train_batch_begin")
        val_batch = validation_batch_size or batch_size

        cb.call("on_train_begin", {})
        logs = {}
        # A diverging run overflows everywhere; the check on the loss reports it once,
        # with its usual causes, instead of NumPy's warnings from deep inside. Small
        # matrix products run on one BLAS thread (glassnet.config; with
        # set_num_threads("measure"), fit times its steps on one and on all threads).
        # Ctrl-C (SIGTERM) waits for the training step it lands in (one handler for the
        # whole of fit; each step is a block of it).
        whole_steps = _interrupts.Deferral()
        with training_errstate(), \
                config.threads_for_model(self, batch_size, measure=True) as threads, \
                whole_steps.installed():
            resume = _data.resume_point(self, initial_epoch, train, batch_size)
            for epoch in range(initial_epoch, epochs):
                cb.call("on_epoch_begin", epoch, {})
                self._reset_metrics()
                total, seen = 0.0, 0
                first, order_state = resume if epoch == initial_epoch else (0, None)
                threads.epoch()  # the thread count, or its measurement again
                # where a checkpoint saved now resumes (saving copies it; "step" moves on)
                position = {"epoch": epoch, "step": first, "steps": train.steps,
                            "rows": train.rows, "batch_size": batch_size, "order": None}
                for step, (Xb, Yb, swb) in enumerate(train.batches(first, order_state),
                                                     start=first):
                    if per_batch:
                        cb.call("on_train_batch_begin", step, {})
                    with whole_steps:  # Ctrl-C: after the step, never amid it
                        loss = self.train_step(Xb, Yb, swb)
                    if threads.timing:  # one thread or all: timing the steps
                        threads.step()
                    total += loss * len(Yb)
                    seen += len(Yb)
                    position["step"], position["order"] = step + 1, train.order_state
                    self._training_position = position
                    if per_batch:  # before the check below, so TerminateOnNaN sees it
                        cb.call("on_train_batch_end", step, self._logs(total / seen))
                    if not math.isfinite(loss):
                        self._stop_non_finite(loss, epoch, step)
                    if self.stop_training:  # set by the check above or by a callback
                        break
                logs = self._logs(total / seen if seen else float("nan"))
                validate = val is not None and (epoch + 1) % validation_freq == 0
                if validate and math.isfinite(logs["loss"]):  # as Keras, also after a stop
                    cb.call("on_test_begin", {})  # Keras's fit validates with evaluate
                    val_logs = self._evaluate_arrays(*val, val_batch)
                    cb.call("on_test_end", val_logs)
                    logs = dict(sorted({**logs, **{f"val_{k}": v
                                                   for k, v in val_logs.items()}}.items()))
                cb.call("on_epoch_end", epoch, logs)
                if self.stop_training:
                    break
        cb.call("on_train_end", logs)
        return self.history

    def _stop_non_finite(self, loss, epoch, step):
        self.stop_training = True
        warnings.warn(
            f"Model '{self.name}': the training loss became {loss} at epoch {epoch + 1}, "
            f"batch {step + 1}; training stopped. Usual causes: a learning rate that is "
            "too large (try one 10x smaller), inputs that are not scaled (standardize "
            "the features), or targets outside the loss's range.",
            NonFiniteLossWarning,
            stacklevel=3,  # the user's call of fit
        )

    # --- evaluate / predict ---------------------------------------------------
    def _evaluate_arrays(self, Xs, Y, sw, batch_size, prefix=""):
        self._reset_metrics()
        total = 0.0
        for batch in _data.array_batches([*Xs, Y, sw], batch_size, shuffle=False):
            *Xb, Yb, swb = batch
            total += self.test_step(Xb, Yb, swb) * len(Yb)
        return self._logs(total / len(Y), prefix)

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 return_dict=False, callbacks=None, **kwargs):
        """Return the loss (and metrics) on ``(x, y)``, as ``keras.Model.evaluate``.

        Returns a float when there are no metrics, else ``[loss, metric, ...]``;
        with ``return_dict=True`` a dict ``{"loss": ..., "accuracy": ...}``. With
        ``verbose`` 1 or 2 (``"auto"`` is 1) the result is also printed, as Keras does.
        """
        if kwargs:
            raise TypeError(f"evaluate() got unexpected keyword argument(s) {sorted(kwargs)}.")
        batch_size = inputs.check_batch_size(batch_size)
        verbose = _arguments.verbosity(verbose, "evaluate()")
        return_dict = _arguments.flag(return_dict, "return_dict", "evaluate()")
        callbacks = _arguments.callbacks(callbacks, "evaluate()")
        if not self.compiled:
            raise self._not_compiled("evaluate")
        Xs, Y, sw = inputs.check_data(self, x, y, sample_weight)
        if self._with_metrics:
            self._metrics_for_one_batch()
        start = time.perf_counter()
        with config.threads_for_model(self, batch_size):
            logs = self._evaluate_arrays(Xs, Y, sw, batch_size)
        if verbose > 0:
            steps = _data.num_batches(len(Y), batch_size)
            print(f"{steps}/{steps} - {time.perf_counter() - start:.2f}s - {format_logs(logs)}",
                  flush=True)
        if callbacks:
            CallbackList(callbacks, model=self).call("on_test_end", logs)
        return logs if return_dict else self._logs(logs["loss"], return_dict=False)

    def predict(self, x, batch_size=None, verbose="auto", callbacks=None, **kwargs):
        """Return the model's outputs for ``x``, computed in batches (default 32).

        With ``model.pipeline`` set (a ``glassnet.datasets.TabularPipeline``, saved in
        the model file), a DataFrame ``x`` is encoded by it first, and regression
        outputs come back in the target's own units.
        """
        if kwargs:
            raise TypeError(f"predict() got unexpected keyword argument(s) {sorted(kwargs)}.")
        if getattr(self, "pipeline", None) is not None and hasattr(x, "columns"):
            return self.pipeline.predict(self, x, batch_size)  # a table: see TabularPipeline
        batch_size = inputs.check_batch_size(batch_size)
        _arguments.verbosity(verbose, "predict()")
        _arguments.callbacks(callbacks, "predict()")
        self._require_built("predict")
        Xs = inputs.check_x(self, x)
        m = len(Xs[0])
        _data.check_batch_memory(self, min(batch_size, m))
        with config.threads_for_model(self, min(batch_size, m)):
            if m <= batch_size:  # one batch: no batching machinery
                A = self.forward(Xs[0] if len(Xs) == 1 else Xs, training=False)
                return [a.copy() for a in A] if isinstance(A, list) else A.copy()
            outputs = [
                self.forward(list(batch) if len(batch) > 1 else batch[0], training=False)
                for batch in _data.array_batches(Xs, batch_size, shuffle=False)
            ]
        if isinstance(outputs[0], list):  # several outputs: a list of arrays, as Keras
            return [np.concatenate(parts) for parts in zip(*outputs)]
        return np.concatenate(outputs)

    # --- the batch methods ----------------------------------------------------
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One gradient step on one batch; returns its loss (and metrics, of this batch)."""
        if not self.compiled:
            raise self._not_compiled("train_on_batch")
        Xs, Y, sw = inputs.check_data(self, x, y, sample_weight, class_weight)
        if self._with_metrics:
            self._metrics_for_one_batch()
        with np.errstate(all="ignore"):  # as fit's training_errstate
            loss = self.train_step(Xs, Y, sw)
        return self._logs(loss, return_dict=return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Loss (and metrics) on one batch, without updating the model."""
        if not self.compiled:
            raise self._not_compiled("test_on_batch")
        Xs, Y, sw = inputs.check_data(self, x, y, sample_weight)
        if self._with_metrics:
            self._metrics_for_one_batch()
        return self._logs(self.test_step(Xs, Y, sw), return_dict=return_dict)

    def predict_on_batch(self, x):
        """The model's outputs for one batch; ``x`` checked as by ``model(x)``."""
        self._require_built("predict_on_batch")
        Xs = inputs.check_x(self, x, allow_nonfinite=True)
        A = self.forward(Xs[0] if len(Xs) == 1 else Xs, training=False)
        return [a.copy() for a in A] if isinstance(A, list) else A.copy()

    def __call__(self, x, training=False):
        """Forward pass on arrays (eager), as calling a Keras model.

        As there (and in ``predict_on_batch``), ``x``'s type, dtype and width are
        checked but not its values: NaN in ``x`` gives NaN out (``predict``, ``fit``
        and ``evaluate`` scan for them and say where). One row costs about a NumPy
        forward pass.
        """
        Xs = inputs.check_x(self, x, allow_nonfinite=True)
        return self.forward(Xs[0] if len(Xs) == 1 else Xs, training=training)

    # --- weights ----------------------------------------------------------------
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
        if not isinstance(weights, (list, tuple)):
            raise TypeError(f"set_weights() expects a list of arrays (as get_weights() "
                            f"returns), but got {type(weights).__name__}.")
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
            index = _arguments.whole(index, "index", "get_layer()", -len(self.layers))
            if index >= len(self.layers):
                raise ValueError(f"get_layer() got index {index}, but model '{self.name}' has "
                                 f"{len(self.layers)} layers (indices 0 to "
                                 f"{len(self.layers) - 1}).")
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"No layer named {name!r}; the layers are {[layer.name for layer in self.layers]}."
        )

    def summary(self, print_fn=None, show_trainable=False, **kwargs):
        """Print a table of layers, output shapes and parameter counts.

        ``show_trainable=True`` adds Keras's "Trainable" column; a functional model
        shows what each layer is connected to. Keras's layout arguments
        (``line_length``, ``positions``, ``expand_nested``, ``layer_range``) are
        accepted and ignored.
        """
        unknown = set(kwargs) - {"line_length", "positions", "expand_nested", "layer_range"}
        if unknown:
            raise TypeError(f"summary() got unexpected keyword argument(s) {sorted(unknown)}.")
        from ._summary import summary

        if print_fn is not None and not callable(print_fn):
            raise TypeError(f"summary() expects print_fn to be a function (such as print), "
                            f"but got {print_fn!r}.")
        summary(self, print_fn, show_trainable)

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

    def export(self, filepath, format="onnx", verbose=None, opset=None):
        """Write the inference graph for serving, as Keras 3's ``model.export``.

        ``format="onnx"`` (the only one glassnet writes; Keras's default
        ``"tf_saved_model"`` needs TensorFlow) gives an ONNX file with a dynamic batch
        size, read by onnxruntime. Needs the ``interchange`` extra (``onnx``).
        """
        if format != "onnx":
            raise ValueError(
                f"glassnet exports format='onnx' only, but got format={format!r} (a "
                "TensorFlow SavedModel needs TensorFlow). Use model.export(path, "
                "format='onnx')."
            )
        from ..interchange.onnx_export import OPSET, export_onnx

        export_onnx(self, filepath, opset or OPSET)
        if verbose:
            print(f"Saved the ONNX graph of '{self.name}' to {filepath}")

    def to_json(self):
        import json

        return json.dumps(self.get_config_with_class())

    def get_config_with_class(self):
        return {"class_name": type(self).__name__, "config": self.get_config()}


def _targets_error(verb, y):
    """The error for targets that are not the (m, n_out) array the engine verbs take."""
    return ValueError(
        f"{verb} expects y as a 2-D NumPy array of shape (m, n_out), as fit and "
        f"train_on_batch prepare it; received {type(y).__name__} of shape {np.shape(y)}. "
        f"Pass np.asarray(y, dtype=float).reshape(len(y), -1) for one output.")
