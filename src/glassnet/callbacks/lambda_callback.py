"""LambdaCallback: a callback made of plain functions."""

from .base import _HOOKS, Callback


class LambdaCallback(Callback):
    """Build a callback from functions, as ``keras.callbacks.LambdaCallback``.

    ``on_epoch_begin``/``on_epoch_end`` get ``(epoch, logs)``,
    ``on_train_begin``/``on_train_end`` get ``(logs)``,
    ``on_train_batch_begin``/``on_train_batch_end`` get ``(batch, logs)``; any other
    hook of ``Callback`` can be given by its name. Only the hooks given are called.

    Parameters
    ----------
    on_epoch_begin, on_epoch_end : callable, optional
        ``f(epoch, logs)``.
    on_train_begin, on_train_end : callable, optional
        ``f(logs)``.
    on_train_batch_begin, on_train_batch_end : callable, optional
        ``f(batch, logs)``.

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("xor")
    >>> model = gn.Sequential([gn.layers.Dense(4, activation="tanh", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="adam", loss="binary_crossentropy")
    >>> losses = []
    >>> keep = gn.callbacks.LambdaCallback(
    ...     on_epoch_end=lambda epoch, logs: losses.append(logs["loss"]))
    >>> _ = model.fit(X, y, epochs=3, verbose=0, callbacks=[keep])
    >>> len(losses)
    3
    """

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_train_begin=None,
                 on_train_end=None, on_train_batch_begin=None, on_train_batch_end=None,
                 **kwargs):
        super().__init__()
        given = dict(kwargs, on_epoch_begin=on_epoch_begin, on_epoch_end=on_epoch_end,
                     on_train_begin=on_train_begin, on_train_end=on_train_end,
                     on_train_batch_begin=on_train_batch_begin,
                     on_train_batch_end=on_train_batch_end)
        for hook, function in given.items():
            if hook not in _HOOKS:
                raise TypeError(
                    f"LambdaCallback got {hook!r}, which is not a callback hook. Hooks: "
                    f"{', '.join(_HOOKS)}."
                )
            if function is None:
                continue
            if not callable(function):
                raise TypeError(
                    f"LambdaCallback expects {hook} to be a function, but got {function!r}."
                )
            setattr(self, hook, function)  # CallbackList calls hooks set on the instance
