"""Weight penalties added to the loss and to its gradient.

For a weight array ``W`` a regularizer adds ``penalty(W)`` to the batch loss and
``gradient(W)`` to ``dW``. As in Keras the penalty is not divided by the batch size.

- ``L1(l1)``:  ``l1 * sum |W|``,            gradient ``l1 * sign(W)``
- ``L2(l2)``:  ``l2 * sum W^2``,            gradient ``2 * l2 * W``
- ``L1L2(l1, l2)``: the sum of both.
"""

import numpy as np

from . import _arguments
from ._registry import lookup, registry


class Regularizer:
    """Base class: ``penalty(W)`` (a float) and ``gradient(W)`` (shaped like W).

    ``formula`` and ``gradient_formula`` (``(text, latex)`` templates with ``$W``
    and the hyperparameters as ``$l1``...) let ``glassnet.explain`` write the
    penalty out; a regularizer without them is refused there with a clear error.

    Examples
    --------
    A regularizer of your own gives the penalty and its gradient:

    >>> import numpy as np
    >>> class L4(gn.regularizers.Regularizer):
    ...     name = "l4"
    ...     def penalty(self, W):
    ...         return 0.1 * float((W ** 4).sum())
    ...     def gradient(self, W):
    ...         return 0.4 * W ** 3
    >>> L4()(np.array([1.0, -2.0]))  # 0.1 * (1 + 16)
    1.7000000000000002
    """

    formula = None
    gradient_formula = None

    def penalty(self, W):
        raise NotImplementedError

    def gradient(self, W):
        raise NotImplementedError

    def __call__(self, W):
        return self.penalty(np.asarray(W))

    def get_config(self):
        return {}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class L1L2(Regularizer):
    """``l1 * sum |W| + l2 * sum W^2``; gradient ``l1 sign(W) + 2 l2 W``.

    Parameters
    ----------
    l1 : float, default 0.0
    l2 : float, default 0.0
        Both finite and >= 0.

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[1.0, -2.0]])
    >>> reg = gn.regularizers.L1L2(l1=0.5, l2=0.5)
    >>> reg(W)  # 0.5 * 3 + 0.5 * 5
    4.0
    >>> reg.gradient(W)  # 0.5 sign(W) + 2 * 0.5 W
    array([[ 1.5, -2.5]])
    """

    name = "l1_l2"

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = _arguments.real(l1, "l1", type(self).__name__, low=0)
        self.l2 = _arguments.real(l2, "l2", type(self).__name__, low=0)

    def penalty(self, W):
        total = 0.0
        if self.l1:
            total += self.l1 * float(np.abs(W).sum())
        if self.l2:
            total += self.l2 * float((W * W).sum())
        return total

    @property
    def formula(self):
        """The penalty as ``(text, latex)`` with ``$W`` (explain's loss row)."""
        return self._written(("$l1 × Σ|$W|", r"$l1 \times \sum |$W|"),
                             ("$l2 × Σ $W²", r"$l2 \times \sum $W^{2}"))

    @property
    def gradient_formula(self):
        """Its gradient as ``(text, latex)`` with ``$W``: ``l1 sign(W) + 2 l2 W``."""
        return self._written(("$l1 × sign($W)", r"$l1 \times \mathrm{sign}($W)"),
                             ("2 × $l2 × $W", r"2 \times $l2 \times $W"))

    def _written(self, l1_part, l2_part):
        parts = [p for p, on in ((l1_part, self.l1), (l2_part, self.l2)) if on]
        if not parts:
            return ("0", "0")
        return tuple(" + ".join(p[k] for p in parts) for k in (0, 1))

    def gradient(self, W):
        grad = np.zeros_like(W)
        if self.l1:
            grad += self.l1 * np.sign(W)
        if self.l2:
            grad += (2.0 * self.l2) * W
        return grad

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


class L1(L1L2):
    """``l1 * sum |W|`` (default ``l1=0.01``).

    Parameters
    ----------
    l1 : float, default 0.01

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[1.0, -2.0]])
    >>> gn.regularizers.L1(0.5)(W), gn.regularizers.L1(0.5).gradient(W)
    (1.5, array([[ 0.5, -0.5]]))
    """

    name = "l1"

    def __init__(self, l1=0.01):
        super().__init__(l1=l1)

    def get_config(self):
        return {"l1": self.l1}


class L2(L1L2):
    """``l2 * sum W^2`` (default ``l2=0.01``).

    Parameters
    ----------
    l2 : float, default 0.01

    Examples
    --------
    >>> import numpy as np
    >>> W = np.array([[1.0, -2.0]])
    >>> gn.regularizers.L2(0.5)(W), gn.regularizers.L2(0.5).gradient(W)  # 0.5 * 5, 2 * 0.5 W
    (2.5, array([[ 1., -2.]]))
    """

    name = "l2"

    def __init__(self, l2=0.01):
        super().__init__(l2=l2)

    def get_config(self):
        return {"l2": self.l2}


REGULARIZERS = registry(L1, L2, L1L2)
l1, l2, l1_l2 = L1, L2, L1L2


def get(identifier, argument=None):
    """Return a ``Regularizer`` for a name, an instance, a config dict or ``None``.

    Parameters
    ----------
    identifier : str, dict, Regularizer or None
    argument : str, optional
        The argument that received ``identifier`` (``"kernel_regularizer"``), named
        in the error for an unknown one.

    Examples
    --------
    >>> gn.regularizers.get("l2")
    L2(l2=0.01)
    >>> gn.regularizers.get({"name": "l1", "config": {"l1": 0.1}})
    L1(l1=0.1)
    >>> gn.regularizers.get(None) is None
    True
    """
    if identifier is None:
        return None
    return lookup(identifier, REGULARIZERS, Regularizer, "regularizer",
                  "glassnet.regularizers", argument=argument)


def serialize(regularizer):
    """Return the JSON-ready config of a regularizer, or None.

    Parameters
    ----------
    regularizer : Regularizer or None

    Examples
    --------
    >>> gn.regularizers.serialize(gn.regularizers.L1L2(l1=0.1))
    {'name': 'l1_l2', 'config': {'l1': 0.1, 'l2': 0.0}}
    """
    if regularizer is None:
        return None
    return {"name": regularizer.name, "config": regularizer.get_config()}


# the classes, then their Keras function-style names (the same classes)
__all__ = ["Regularizer", *(cls.__name__ for cls in REGULARIZERS.values()), *REGULARIZERS,
           "get", "serialize"]
