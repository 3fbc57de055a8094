"""The Activation base class: ``A = g(Z)``, ``g'(Z)`` and ``dZ``, with its formulas;
``training_errstate``, the error state of a training loop."""

import contextlib
import contextvars

import numpy as np

from .. import backend

#: Inside ``training_errstate()`` a do-nothing context manager, else None. A
#: ``forward`` whose overflow or underflow gives the right limit (``1 / (1 + e^{1000})
#: = 1 / inf = 0``) guards itself with ``with errors_ignored.get() or
#: np.errstate(over="ignore")``: in a training loop, which already ignores every
#: error, the guard is the do-nothing one (entering NumPy's error state costs 1-3 µs,
#: more than a sigmoid on 4 examples). A context variable, as NumPy keeps its own
#: error state: each thread (and asyncio task) has its own.
errors_ignored = contextvars.ContextVar("glassnet_errors_ignored", default=None)


@contextlib.contextmanager
def training_errstate():
    """``np.errstate(all="ignore")`` for a training loop (``fit``); the activations'
    own guards (``errors_ignored``) have nothing left to do inside it.

    A diverging run overflows everywhere; the loop checks its loss instead and says
    so once (``NonFiniteLossWarning``), rather than NumPy warning from deep inside.
    """
    token = errors_ignored.set(contextlib.nullcontext())
    try:
        with np.errstate(all="ignore"):
            yield
    finally:
        errors_ignored.reset(token)


class Activation:
    r"""Base class: ``forward`` computes ``A = g(Z)``, ``derivative`` gives ``g'(Z)``.

    Every activation also carries its written form, which ``gn.explain``, the plots
    and the command line read (nothing else keeps a table of formulas). Each formula
    is a pair ``(text, latex)``: Unicode text for the terminal, Markdown and HTML, and
    LaTeX math. ``$Z`` and ``$A`` stand for the weighted sum and the activation's
    output, and are replaced by the notation's symbols (``z[1]``, ``y3``...) or by
    numbers:

    - ``symbol``: how ``g`` is written in ``g(Z)``, e.g. ``("σ", r"\sigma")``.
    - ``formula``: ``g`` in terms of ``$Z``, e.g. ``("1 / (1 + e^(−$Z))",
      r"\frac{1}{1 + e^{-$Z}}")``.
    - ``derivative_formula``: ``g'`` in terms of ``$Z`` and/or ``$A``, written as
      ``derivative`` computes it, e.g. ``("$A ⊙ (1 − $A)", r"$A \odot (1 - $A)")``.
    - ``derivative_reads``: which cached arrays ``derivative(Z, A)`` reads, a tuple of
      ``"Z"`` and/or ``"A"`` (an answer checker follows these dependencies).
    - ``elementwise``: ``True`` when ``dZ = dA ⊙ g'(Z)`` (every activation but
      softmax, whose ``backward`` uses the whole Jacobian).
    - ``max_slope``: the largest value of ``g'`` (for saturation statistics).

    ``formula`` and ``derivative_formula`` are ``None`` on an activation explain
    cannot write out yet; explain then says so instead of guessing. A new activation
    sets all of them (``tests/test_activations.py`` checks that every registered one
    does, and that its ``derivative_reads`` is what ``derivative`` really reads).
    A lower-case ``$name`` is a hyperparameter from ``get_config()`` (``$alpha``),
    shown with its value.

    Examples
    --------
    A new activation subclasses it with ``forward`` and ``derivative``:

    >>> import numpy as np
    >>> class Square(gn.activations.Activation):
    ...     name = "square"
    ...     def forward(self, Z):
    ...         return Z * Z
    ...     def derivative(self, Z, A):
    ...         return 2 * Z
    >>> Square()([1.0, -3.0])
    array([1., 9.])
    >>> Square().backward(np.array([[3.0]]), None, np.array([[0.5]]))  # dZ = dA * 2Z
    array([[3.]])
    """

    name = "activation"
    symbol = None  # (text, latex); None: the name, as \mathrm{name}
    formula = None
    derivative_formula = None
    derivative_reads = ("Z", "A")
    elementwise = True
    max_slope = 1.0

    def forward(self, Z):
        raise NotImplementedError

    def derivative(self, Z, A):
        """Element-wise ``g'(Z)``, shape ``(m, n)``; ``A = g(Z)`` is passed too."""
        raise NotImplementedError

    def backward(self, Z, A, dA):
        """Return ``dZ = dA * g'(Z)`` (chain rule through the activation)."""
        return dA * self.derivative(Z, A)

    def get_config(self):
        return {}

    def __call__(self, x):
        Z = np.asarray(x)
        if Z.dtype.kind != "f":  # integers or bools, e.g. relu([-1, 2]): use floatx
            Z = Z.astype(backend.floatx())
        return self.forward(Z)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"

    def __eq__(self, other):
        return type(self) is type(other) and self.get_config() == other.get_config()

    __hash__ = object.__hash__
