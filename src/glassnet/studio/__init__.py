"""glassnet studio: watch a network learn, and step through its backpropagation.

- ``glassnet studio`` (the command) serves the page on 127.0.0.1 (``server.serve``).
- ``gn.studio(model, X, y)`` shows the same page in a Jupyter notebook (``widget``):
  this package is callable, so ``gn.studio`` is both the package and the function.

Every number on the page is the engine's: the session (``session.Session``) trains
the glassnet model with ``train_on_batch``, the maths panel is ``gn.explain`` and
``report.check`` (``maths``). Starlette, uvicorn and anywidget are imported only by
the parts that need them.
"""

import sys
import types

from .session import Session


def studio(model=None, X=None, y=None, **config):
    """glassnet studio in a notebook: watch ``model`` learn ``(X, y)``.

    Shows the page of the ``glassnet studio`` command in the notebook cell, driven by
    the same front end; the kernel trains a copy of ``model``
    (``widget.session.model``).

    Parameters
    ----------
    model : Sequential, optional
        Dense layers with 2 inputs and 1 sigmoid output; its weights, loss and
        optimizer are taken over. Default: the network of the settings.
    X : array (m, 2), optional
        The points. Default: a built-in set (``dataset="moons"``...).
    y : array (m,), optional
        Their labels, two classes.
    **config
        Any studio setting: ``learning_rate=0.1``, ``layers=[[4, "tanh"]]``,
        ``batch_size=20``... (see ``glassnet.studio.config``).

    Returns
    -------
    anywidget.AnyWidget

    Examples
    --------
    >>> X, y = gn.datasets.make_moons(100, noise=0.1, seed=0)
    >>> model = gn.Sequential([gn.layers.Dense(4, activation="tanh", input_shape=(2,)),
    ...                        gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer=gn.optimizers.SGD(0.1), loss="binary_crossentropy")
    >>> widget = gn.studio(model, X, y)              # shown when it ends a cell
    >>> widget.session.config["layers"], widget.session.config["learning_rate"]
    ([[4, 'tanh']], 0.1)
    """
    from .widget import studio as _studio  # needs anywidget

    return _studio(model, X, y, **config)


class _CallableModule(types.ModuleType):
    """``gn.studio(...)`` calls ``studio(...)``: the package and the function share a name."""

    def __call__(self, model=None, X=None, y=None, **config):
        return studio(model, X, y, **config)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["Session", "studio"]
