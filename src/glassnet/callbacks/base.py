"""Callback, the list that dispatches to callbacks, and History.

Callbacks see training through hooks, as in Keras: ``on_train_begin``,
``on_epoch_begin``, ``on_train_batch_begin``/``_end``, ``on_epoch_end``,
``on_train_end`` (and the ``on_test_*``/``on_predict_*`` counterparts). ``logs`` is
a dict of floats such as ``{"loss": 0.31, "accuracy": 0.9, "val_loss": 0.35}``.
"""


class Callback:
    """Base class; override the hooks you need. ``self.model`` is set by ``fit``.

    Examples
    --------
    >>> class PrintLoss(gn.callbacks.Callback):
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         print(f"epoch {epoch}: loss {logs['loss']:.2f}")
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("xor")
    >>> model = gn.Sequential([gn.layers.Dense(4, activation="tanh", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")
    >>> _ = model.fit(X, y, epochs=2, verbose=0, callbacks=[PrintLoss()])
    epoch 0: loss ...
    epoch 1: loss ...
    """

    def __init__(self):
        self.model = None
        self.params = {}

    def set_model(self, model):
        self.model = model

    def set_params(self, params):
        self.params = params

    def on_train_begin(self, logs=None): ...
    def on_train_end(self, logs=None): ...
    def on_epoch_begin(self, epoch, logs=None): ...
    def on_epoch_end(self, epoch, logs=None): ...
    def on_train_batch_begin(self, batch, logs=None): ...
    def on_train_batch_end(self, batch, logs=None): ...
    def on_test_begin(self, logs=None): ...
    def on_test_end(self, logs=None): ...
    def on_test_batch_begin(self, batch, logs=None): ...
    def on_test_batch_end(self, batch, logs=None): ...
    def on_predict_begin(self, logs=None): ...
    def on_predict_end(self, logs=None): ...
    def on_predict_batch_begin(self, batch, logs=None): ...
    def on_predict_batch_end(self, batch, logs=None): ...
    def on_batch_begin(self, batch, logs=None): ...  # Keras's older names for the
    def on_batch_end(self, batch, logs=None): ...    # on_train_batch_* hooks


_HOOKS = [name for name in vars(Callback) if name.startswith("on_")]
_OLD_NAMES = {"on_train_batch_begin": "on_batch_begin", "on_train_batch_end": "on_batch_end"}


def _overrides(cb, hook):
    """Whether ``cb`` has its own ``hook``: in its class, or set on the instance."""
    return hook in vars(cb) or getattr(type(cb), hook) is not getattr(Callback, hook)


def _users(callbacks, hook):
    """The bound methods to call for ``hook`` (with Keras's older batch names)."""
    methods = []
    for cb in callbacks:
        if _overrides(cb, hook):
            methods.append(getattr(cb, hook))
        elif hook in _OLD_NAMES and _overrides(cb, _OLD_NAMES[hook]):
            methods.append(getattr(cb, _OLD_NAMES[hook]))
    return methods


class CallbackList:
    """Calls each hook on every callback that overrides it.

    Only callbacks that override a hook are called for it, so per-batch hooks
    cost nothing when no callback uses them.

    Parameters
    ----------
    callbacks : list of Callback
    model : Model, optional
        Given to each callback as ``callback.model``.
    params : dict, optional
        ``{"epochs": ..., "steps": ..., "verbose": ...}``, as ``callback.params``.

    Examples
    --------
    >>> import glassnet as gn
    >>> history = gn.callbacks.History()
    >>> callbacks = gn.callbacks.CallbackList([history])
    >>> callbacks.call("on_train_begin", {})
    >>> callbacks.call("on_epoch_end", 0, {"loss": 0.5})
    >>> history.history
    {'loss': [0.5]}
    """

    def __init__(self, callbacks, model=None, params=None):
        self.callbacks = list(callbacks)
        for cb in self.callbacks:
            if not isinstance(cb, Callback):
                raise TypeError(
                    f"callbacks must be glassnet.callbacks.Callback instances, but got "
                    f"{type(cb).__name__}."
                )
            if model is not None:
                cb.set_model(model)
            if params is not None:
                cb.set_params(params)
        self._users = {hook: _users(self.callbacks, hook) for hook in _HOOKS}

    def uses(self, hook):
        """Whether any callback overrides ``hook``."""
        return bool(self._users[hook])

    def call(self, hook, *args):
        for method in self._users[hook]:
            method(*args)


class History(Callback):
    """Records every epoch's logs: ``history.history["loss"]`` is a list per epoch.

    ``model.fit`` returns its History; ``history.epoch`` lists the epoch numbers.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("xor")
    >>> model = gn.Sequential([gn.layers.Dense(4, activation="tanh", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")
    >>> history = model.fit(X, y, epochs=3, verbose=0)
    >>> history.epoch, len(history.history["loss"])
    ([0, 1, 2], 3)
    """

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []  # a new fit starts a new record, as in Keras

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        # keys that appear later (e.g. val_ every few epochs) stay aligned by epoch
