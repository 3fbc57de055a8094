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

    ``model``: Dense layers with 2 inputs and 1 sigmoid output (optional); ``X`` (m, 2)
    and ``y`` (m,) with two classes (optional: a built-in set, e.g. ``dataset="moons"``);
    ``config``: any studio setting (``learning_rate=0.1``, ``layers=[[4, "tanh"]]``...).
    Returns an anywidget showing the page of the ``glassnet studio`` command; it trains
    a copy of ``model`` (``widget.session.model``).
    """
    from .widget import studio as _studio  # needs anywidget

    return _studio(model, X, y, **config)


class _CallableModule(types.ModuleType):
    """``gn.studio(...)`` calls ``studio(...)``: the package and the function share a name."""

    def __call__(self, model=None, X=None, y=None, **config):
        return studio(model, X, y, **config)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["Session", "studio"]
