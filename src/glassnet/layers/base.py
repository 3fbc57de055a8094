"""The Layer contract that every glassnet layer follows.

Rows are examples: a layer maps ``A_prev`` of shape ``(m, n_in)`` to ``A`` of shape
``(m, n_out)``. Shapes given to ``build`` and returned by ``compute_output_shape``
include the batch dimension as ``None``, as in Keras: ``(None, n_in)``.

- ``build(input_shape)`` creates the parameters once the input width is known.
- ``forward(A_prev, training)`` computes the output and keeps what backward needs.
- ``backward(dA) -> dA_prev`` overwrites the layer's gradients (``self.grads``) and
  returns the gradient for the layer below. It needs a training forward pass first.

The template (what a new layer writes)
--------------------------------------
``forward`` and ``backward`` are written here once; a layer writes the math only:

- ``call(A_prev, training)``: return ``A``; when ``training``, keep on ``self``
  the arrays backward needs (Dense keeps ``A_prev, Z, A``). Keep nothing otherwise:
  ``predict`` must not hold a batch in memory.
- ``call_backward(dA)``: fill ``self.grads`` and return ``dA_prev``.
- A layer with an activation ``self.activation`` (Dense, Activation) writes
  ``call_backward_from_dZ(dZ)`` instead, and its ``call`` keeps ``Z`` and ``A``:
  ``backward`` first takes the activation's chain rule ``dZ = dA * g'(Z)``
  (``activation.backward(Z, A, dA)``), or is given ``dZ = dL/dZ`` directly
  (``backward(dZ=dZ)``, the fused shortcut of sigmoid/softmax + cross-entropy).

``forward`` records in ``self.has_cache`` whether the last pass was a training one,
and ``backward`` refuses to run (a clear error) when it was not; no layer touches
that flag itself.

Randomness: a layer that draws random numbers (Dropout) keeps its generator in
``self.rng``, a ``numpy.random.Generator`` (``None`` means glassnet's global one,
``backend.rng()``), and draws only from it. The gradient checker saves and restores
the state of every ``layer.rng`` and of the global generator, so each of its
evaluations draws the same numbers.

Parameters live in ``self.params`` (name -> array, in Keras's order: ``kernel`` then
``bias``) and their gradients in ``self.grads`` under the same names. Updates happen
in place, so an optimizer can hold on to the arrays; they are replaced only by
``add_weight``, ``cast`` and the packing of a model's parameters into one vector
(``optimizers/vector.py``), and each of those (and setting ``trainable``) calls
``Layer.arrays_changed()``, so that a model makes its list of parameters again.
"""

import math
import re

import numpy as np

from .. import _arguments, backend
from .. import regularizers as regularizers_module

_NAME_COUNTS = {}


def unique_name(base):
    """Return ``base``, then ``base_1``, ``base_2``... as Keras names layers."""
    count = _NAME_COUNTS.get(base, 0)
    _NAME_COUNTS[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def reset_names():
    """Forget the names handed out so far (``glassnet.utils.clear_session``)."""
    _NAME_COUNTS.clear()


def snake_case(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower().replace("re_l_u", "relu")


class Layer:
    """Base class of all layers.

    Parameters
    ----------
    name : str, optional
        Unique name; defaults to the class name in snake case (``dense``, ``dense_1``).
    trainable : bool
        Whether the optimizer updates this layer's parameters.
    dtype : str, optional
        ``"float32"`` or ``"float64"``; defaults to the model's or ``floatx()``.
    input_shape : tuple, optional
        Shape of one example, without the batch dimension (first layer of a
        Sequential model only).
    input_dim : int, optional
        ``input_dim=n`` is the same as ``input_shape=(n,)``.

    Examples
    --------
    A layer that doubles its input, with its backward pass:

    >>> import numpy as np
    >>> import glassnet as gn
    >>> class Double(gn.layers.Layer):
    ...     def forward(self, A_prev, training=False):
    ...         return 2 * A_prev
    ...     def backward(self, dA):
    ...         return 2 * dA
    >>> Double()(np.array([[1.0, 2.0]]))
    array([[2., 4.]], dtype=float32)
    """

    def __init__(self, name=None, trainable=True, dtype=None, input_shape=None,
                 input_dim=None, **kwargs):
        if kwargs:
            raise TypeError(
                f"{type(self).__name__} got unexpected keyword argument(s) "
                f"{sorted(kwargs)}. Check the spelling against the Keras layer."
            )
        if name is not None and not isinstance(name, str):
            raise TypeError(f"{type(self).__name__} expects name to be a string, but got "
                            f"{name!r} ({type(name).__name__}).")
        self.name = name or unique_name(snake_case(type(self).__name__))
        self.trainable = trainable
        self.dtype = None if dtype is None else backend.standardize_dtype(dtype)
        if input_dim is not None:
            input_shape = (input_dim,)
        if input_shape is not None:
            input_shape = _arguments.sizes(input_shape, "input_shape", f"Layer '{self.name}'")
        self.batch_input_shape = None if input_shape is None else (None, *input_shape)
        self.params = {}
        self.grads = {}
        self.state = {}  # non-trainable arrays (e.g. moving statistics)
        self.regularizers = {}
        self.built = False
        self.input_shape = None
        self.output_shape = None
        self.propagate_gradient = True  # False when the input needs no gradient
        self.has_cache = False  # set by forward: was the last pass a training one?
        self.rng = None  # a layer that draws random numbers: its generator (None: global)

    # --- building -----------------------------------------------------------
    def build(self, input_shape):
        """Create the parameters for inputs of ``input_shape`` (batch dim ``None``)."""
        self.built = True

    def _ensure_built(self, input_shape, dtype=None):
        if self.dtype is None:
            self.dtype = backend.standardize_dtype(dtype)
        if not self.built:
            self.input_shape = input_shape
            self.build(input_shape)
            self.built = True
            self.output_shape = self.compute_output_shape(input_shape)

    # --- which arrays the optimizer updates ---------------------------------
    generation = 0  # counts the changes below, in every layer (Model.trainable_parameters)

    @staticmethod
    def arrays_changed():
        """Note that a layer's trainable arrays were replaced, or the layer frozen or
        unfrozen: every model lists its parameters again before its next step."""
        Layer.generation += 1

    @property
    def trainable(self):
        """Whether the optimizer updates this layer's ``params`` (as Keras)."""
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        self._trainable = _arguments.flag(value, "trainable", f"Layer '{self.name}'")
        Layer.arrays_changed()

    def cast(self, dtype):
        """Cast every array of this layer to ``dtype`` (before training starts)."""
        self.dtype = backend.standardize_dtype(dtype)
        for store in (self.params, self.grads, self.state):
            for name, value in store.items():
                store[name] = value.astype(self.dtype)
        Layer.arrays_changed()

    def add_weight(self, name, shape, initializer, regularizer=None, trainable=True):
        """Create a parameter array, its gradient, and register its regularizer.

        A shape too large for the computer's memory is refused before anything is
        allocated (a typo such as ``units=10**12``, or a hostile model file).
        """
        shape = tuple(shape)
        if any(not isinstance(n, (int, np.integer)) or n < 0 for n in shape):
            raise ValueError(f"Layer '{self.name}': weight {name} needs a shape of whole "
                             f"numbers >= 0, but got {shape}.")
        backend.check_memory(2 * math.prod(shape), self.dtype or backend.floatx(),
                             f"Layer '{self.name}' weight {name} of shape {shape} (and its "
                             "gradient)", "Check the layer's units and its input width.")
        value = np.asarray(initializer(shape, self.dtype), dtype=self.dtype)
        if value.shape != tuple(shape):
            raise ValueError(
                f"Initializer of {self.name}.{name} returned shape {value.shape}, "
                f"expected {tuple(shape)}."
            )
        if not value.flags.c_contiguous:  # (np.ascontiguousarray would make a 0-d array 1-d)
            value = np.ascontiguousarray(value)
        if trainable:
            self.params[name] = value
            self.grads[name] = np.zeros_like(value)
            Layer.arrays_changed()
            if regularizer is not None:
                self.regularizers[name] = regularizers_module.get(regularizer)
        else:
            self.state[name] = value
        return value

    def compute_output_shape(self, input_shape):
        """Return the output shape for ``input_shape``; same shape by default."""
        return input_shape

    # --- the template: forward and backward --------------------------------
    def forward(self, A_prev, training=False):
        """Return the layer's output ``A`` for ``A_prev`` (the subclass's ``call``).

        Records whether this was a training pass, which ``backward`` needs.
        """
        A = self.call(A_prev, training)
        self.has_cache = training
        return A

    def backward(self, dA=None, *, dZ=None):
        """Fill ``self.grads`` and return ``dA_prev`` (or None if not propagated).

        From ``dA = dL/dA`` of this layer's output. A layer with an activation takes
        ``dZ = dA * g'(Z)`` first, or is given ``dZ = dL/dZ`` directly:
        ``backward(dZ=dZ)``, the fused shortcut of sigmoid/softmax + cross-entropy.
        """
        if not self.has_cache:
            raise self._no_cache_error()
        if self.call_backward_from_dZ is None:  # no activation: the layer's own rule
            if dZ is not None:
                raise TypeError(
                    f"{type(self).__name__} '{self.name}' has no activation, so it cannot "
                    "start backpropagation from dZ; give it dA instead."
                )
            return self.call_backward(dA)
        if dZ is None:  # the activation's chain rule, from the Z and A that call kept
            self.dA = dA  # kept, like dZ, for glassnet.explain
            dZ = self.activation.backward(self.Z, self.A, dA)
        return self.call_backward_from_dZ(dZ)

    def _no_cache_error(self):
        return RuntimeError(
            f"{type(self).__name__} '{self.name}': backward() needs a forward pass "
            "with training=True first (it keeps the values backward uses)."
        )

    # --- the math each layer writes ----------------------------------------
    def call(self, A_prev, training=False):
        """Return ``A`` for ``A_prev``; when ``training``, keep what backward needs."""
        raise NotImplementedError

    def call_backward(self, dA):
        """Fill ``self.grads`` and return ``dA_prev`` (or None if not propagated)."""
        raise NotImplementedError

    #: ``call_backward_from_dZ(dZ)``, written by layers with an activation (Dense,
    #: Activation) instead of ``call_backward``: fill ``self.grads`` and return
    #: ``dA_prev`` given ``dZ``. None: the layer has no activation.
    call_backward_from_dZ = None

    def regularization_penalty(self):
        """Sum of the regularizers' penalties on this layer's parameters."""
        return sum(reg.penalty(self.params[name]) for name, reg in self.regularizers.items())

    def add_regularization_gradients(self):
        """Add each regularizer's gradient to its parameter's gradient."""
        for name, reg in self.regularizers.items():
            self.grads[name] += reg.gradient(self.params[name])

    # --- calling ------------------------------------------------------------
    def __call__(self, inputs, training=False):
        """Call on a symbolic tensor (functional API) or on an array (eager)."""
        from .core import KerasTensor

        tensors = inputs if isinstance(inputs, (list, tuple)) else [inputs]
        if any(isinstance(t, KerasTensor) for t in tensors):
            return KerasTensor.from_call(self, inputs)
        if isinstance(inputs, (list, tuple)):
            arrays = [np.asarray(x, dtype=self.dtype or backend.floatx()) for x in inputs]
            self._ensure_built([(None, *a.shape[1:]) for a in arrays])
            return self.forward(arrays, training=training)
        X = np.asarray(inputs, dtype=self.dtype or backend.floatx())
        self._ensure_built((None, *X.shape[1:]))
        if self.input_shape is not None and tuple(X.shape[1:]) != tuple(self.input_shape[1:]):
            raise ValueError(
                f"{type(self).__name__} '{self.name}' was built for inputs of shape "
                f"{self.input_shape}, but got an array of shape {X.shape}."
            )
        return self.forward(X, training=training)

    # --- weights ------------------------------------------------------------
    @property
    def weights(self):
        """All weight arrays in Keras's order (trainable first, then the state)."""
        return list(self.params.values()) + list(self.state.values())

    @property
    def trainable_weights(self):
        return list(self.params.values()) if self.trainable else []

    @property
    def non_trainable_weights(self):
        frozen = [] if self.trainable else list(self.params.values())
        return frozen + list(self.state.values())

    def get_weights(self):
        """Return copies of the weights, e.g. ``[kernel (n_in, n_out), bias (n_out,)]``."""
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        """Copy ``weights`` (same order and shapes as ``get_weights``) into the layer."""
        current = self.weights
        weights = list(weights)
        if len(weights) != len(current):
            raise ValueError(
                f"Layer '{self.name}' expects a list of {len(current)} weight arrays "
                f"(shapes {[w.shape for w in current]}), but got {len(weights)}."
            )
        for i, (target, value) in enumerate(zip(current, weights)):
            value = np.asarray(value)
            if value.dtype.kind not in "biuf":
                raise TypeError(
                    f"Layer '{self.name}' weight {i} must be an array of numbers, but got "
                    f"values of type {value.dtype} ({type(weights[i]).__name__})."
                )
            if value.shape != target.shape:
                raise ValueError(
                    f"Layer '{self.name}' weight {i} has shape {target.shape}, but the "
                    f"value given has shape {value.shape}."
                )
            if not np.all(np.isfinite(value)):
                raise ValueError(f"Layer '{self.name}' weight {i} contains NaN or inf.")
            with np.errstate(over="ignore"):
                cast = value.astype(target.dtype)
            if not np.all(np.isfinite(cast)):
                raise ValueError(
                    f"Layer '{self.name}' weight {i} holds values beyond {target.dtype}'s "
                    f"range (largest {np.max(np.abs(value)):g}; {target.dtype} stops near "
                    f"{float(np.finfo(target.dtype).max):.3g}). Give smaller values."
                )
            target[...] = cast

    def count_params(self):
        """Number of scalars in all the layer's weights."""
        return int(sum(w.size for w in self.weights))

    # --- config -------------------------------------------------------------
    def get_config(self):
        """Return the JSON-ready arguments that rebuild this layer."""
        config = {"name": self.name, "trainable": self.trainable}
        if self.dtype is not None:
            config["dtype"] = self.dtype
        if self.batch_input_shape is not None:
            config["input_shape"] = list(self.batch_input_shape[1:])
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        shape = "" if self.output_shape is None else f", output_shape={self.output_shape}"
        return f"<{type(self).__name__} '{self.name}'{shape}>"
