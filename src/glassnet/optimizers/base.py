"""The Optimizer base class (learning rate, clipping, weight decay, state, step
counter) and SGD, plain gradient descent: the step every optimizer shares and the
simplest rule it runs, side by side. The other rules have a file each.

An optimizer updates named parameters in place from their gradients:
``step(parameters)`` takes ``(key, W, dW)`` triples, as ``model.trainable_parameters()``
lists them (``key`` is ``"layer_name/param_name"``). Its state (momentums, moment
estimates...) is kept per key, ``slots[key]`` (one array per name in ``slot_names``),
so it follows each parameter by name, not by its position in a list; ``iterations``
counts the steps. ``apply(params, grads)`` takes two plain lists (keys are then
their positions).

Memory: each rule updates ``W`` and its state in place with one scratch array
(written with ``out=``), and large parameters are updated ``CHUNK`` elements at a
time, so a step needs almost nothing beyond the parameters, their gradients and
the optimizer state.

Speed: when the parameters are pieces of one vector ``θ`` (``fit`` packs them so,
see ``vector.py``), the rule runs once on the whole of ``θ``, with its state in
vectors of the same size, instead of once per array: the same numbers, in one
call. Every ``FLUSH_EVERY`` steps the state's numbers below the dtype's normal range
(under 1.2e-38 in float32: a dead unit's momentum decaying towards 0) are set to 0,
because arithmetic on such denormal numbers is many times slower.
"""

import math
import numbers

import numpy as np

from .. import _arguments, backend
from . import schedules, vector


def check_float(owner, label, value, low=None, high=None, low_open=False, high_open=False):
    """Return ``value`` as a float inside the given interval, or raise a clear error.

    ``low_open``/``high_open`` exclude the bound itself: ``check_float("Adam",
    "beta_1", b, 0, 1, high_open=True)`` asks for ``0 <= b < 1``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{owner} expects {label} to be a number, but got {value!r} "
            f"({type(value).__name__})."
        )
    number = float(value)
    bad = not math.isfinite(number)
    if low is not None:
        bad = bad or (number <= low if low_open else number < low)
    if high is not None:
        bad = bad or (number >= high if high_open else number > high)
    if bad:
        left = "(" if low_open or low is None else "["
        right = ")" if high_open or high is None else "]"
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        interval = f"{left}{lo}, {hi}{right}"
        raise ValueError(f"{owner} expects {label} in {interval}, but got {value!r}.")
    return number


CHUNK = 1 << 18  # elements updated at a time (1 MiB of float32): bounds the scratch memory
# Steps between two flushes of denormal numbers from the state. A flush is three
# passes over the state (61 us for MNIST-sized Adam's m or v): every 64 steps it
# costs 0.4% of a batch-32 step, and the state stays 0.01% denormal at most
# (benchmarks/denormals.py; the same as every 16 steps, at a quarter of the cost).
FLUSH_EVERY = 64


class Optimizer:
    """Base class of the optimizers; subclasses write ``update`` (one parameter).

    Parameters
    ----------
    learning_rate : float or LearningRateSchedule or callable() -> float
        A number >= 0; a schedule, evaluated at the step counter ``iterations`` (0 for
        the first step) before each step; or, as in Keras, a function of no argument,
        called before each step.
    weight_decay : float, optional
        Decoupled weight decay, as Keras: before each update
        ``W <- W - W * weight_decay * lr``.
    clipnorm : float, optional
        Rescale each gradient whose L2 norm exceeds this to that norm.
    clipvalue : float, optional
        Clip each gradient element to ``[-clipvalue, clipvalue]``.
    global_clipnorm : float, optional
        Rescale all gradients together when their joint L2 norm exceeds this.
        At most one of ``clipnorm``, ``clipvalue`` and ``global_clipnorm``.
    name : str, optional

    Examples
    --------
    >>> import glassnet as gn
    >>> optimizer = gn.optimizers.get("adam")
    >>> isinstance(optimizer, gn.optimizers.Optimizer), optimizer.learning_rate
    (True, 0.001)
    """

    name = "optimizer"
    slot_names = ()

    def __init__(self, learning_rate=0.001, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, name=None, **kwargs):
        owner = type(self).__name__
        if kwargs:
            raise TypeError(
                f"{owner} got unexpected keyword argument(s) {sorted(kwargs)}. Its "
                "arguments are its own hyperparameters plus learning_rate, weight_decay, "
                "clipnorm, clipvalue, global_clipnorm and name."
            )
        self._learning_rate = None
        self.learning_rate = learning_rate
        clips = {"clipnorm": clipnorm, "clipvalue": clipvalue, "global_clipnorm": global_clipnorm}
        given = [label for label, value in clips.items() if value is not None]
        if len(given) > 1:
            raise ValueError(
                f"{owner}: only one of clipnorm, clipvalue and global_clipnorm can be set, "
                f"but got {', '.join(f'{k}={clips[k]!r}' for k in given)}."
            )
        for label in given:
            clips[label] = check_float(owner, label, clips[label], 0, low_open=True)
        self.clipnorm = clips["clipnorm"]
        self.clipvalue = clips["clipvalue"]
        self.global_clipnorm = clips["global_clipnorm"]
        self.weight_decay = (None if weight_decay is None
                             else check_float(owner, "weight_decay", weight_decay, 0))
        if name is not None:
            self.name = str(name)
        self.iterations = 0
        self.slots = None  # {key: [state arrays]} once the first step has run
        self._known = []  # the (key, W, dW) of the last step (see step)
        self._known_list = None  # the list object those came in
        self._vector = None  # (theta, grad, state vectors) while the parameters tile θ

    # --- learning rate --------------------------------------------------------
    @property
    def learning_rate(self):
        """The learning rate of the next step (a schedule is evaluated at ``iterations``).

        Set it to a new number between epochs (``ReduceLROnPlateau`` does) unless
        the optimizer was created with a schedule.
        """
        return self.current_learning_rate()

    @learning_rate.setter
    def learning_rate(self, value):
        if callable(value):  # a LearningRateSchedule or any function of the step
            self._learning_rate = value
            return
        if callable(self._learning_rate):
            raise TypeError(
                f"{type(self).__name__} was created with the learning-rate schedule "
                f"{self._learning_rate!r}, so its learning rate cannot be set to the "
                f"number {value!r}. Create the optimizer with a float learning_rate to "
                "change it during training."
            )
        self._learning_rate = check_float(type(self).__name__, "learning_rate", value, 0)

    def current_learning_rate(self):
        """The learning rate for the step numbered ``iterations``, as a float."""
        lr = self._learning_rate
        if isinstance(lr, schedules.LearningRateSchedule):
            return float(lr(self.iterations))
        return float(lr()) if callable(lr) else lr  # Keras calls a plain function with no argument

    # --- the update -----------------------------------------------------------
    def new_slots(self, W):
        """The state arrays for a new parameter ``W``: one per ``slot_names``, zeros."""
        return [np.zeros_like(W) for _ in self.slot_names]

    def step(self, parameters):
        """One step: update every ``W`` of ``parameters`` (``(key, W, dW)``) in place.

        The gradients are clipped if asked (copies: the ``dW`` arrays are left as they
        were), the weights decayed if asked, then each rule's ``update`` runs with the
        state kept under ``key``: once for all of ``θ`` when the parameters tile one
        vector (``vector.py``), else once per parameter.
        """
        if self.slots is None:
            self.slots = {}
        lr = self.current_learning_rate()
        if self.global_clipnorm is not None:
            parameters = self._clip_global(parameters)
        # Do they tile one vector θ? Worked out again only when the arrays are not those
        # of the last step (a layer cast or frozen, a new pack, set_state). The model
        # hands over the very same list while nothing changed: then nothing to compare.
        if parameters is not self._known_list:
            changed = len(self._known) != len(parameters)
            for (key, W, dW), (known_key, known_W, known_dW) in zip(parameters, self._known):
                changed = changed or key != known_key or W is not known_W or dW is not known_dW
            if changed:
                self._tile(parameters)
            self._known_list = parameters
        if self._vector is not None:  # (θ, ∇θ, state vectors): one update for all
            work = [self._vector]
        else:  # (W, dW, its state) for each parameter; the state starts at zeros
            work = []
            for key, W, dW in parameters:
                slots = self.slots.get(key)
                if slots is None:
                    slots = self.slots[key] = self.new_slots(W)
                work.append((W, dW, slots))
        for W, dW, slots in work:
            if self.clipvalue is not None or self.clipnorm is not None:
                dW = self.clip(dW)
            if self.weight_decay:
                W *= 1.0 - self.weight_decay * lr
            if W.size <= CHUNK:
                self.update(W, dW, lr, *slots)
            else:
                self._update_in_chunks(W, dW, lr, slots)
        self.iterations += 1
        if self.iterations % FLUSH_EVERY == 0:  # denormal numbers of the state to 0
            for _, _, slots in work:
                for state in slots:
                    backend.flush_denormals(state)

    def _tile(self, parameters):
        """Note the arrays of ``parameters``; when they tile one vector ``θ``, make the
        state vectors of ``θ``'s size (each key's state a view of its piece of them,
        its values kept). With ``clipnorm`` (a norm per parameter) they never do."""
        self._known = list(parameters)
        self._vector = None
        tiled = vector.tiling(parameters) if self.clipnorm is None else None
        if tiled is None:
            return
        theta, grad = tiled
        vectors = self.new_slots(theta)
        offset = 0
        for key, W, _ in parameters:
            views = [v[offset:offset + W.size].reshape(W.shape) for v in vectors]
            for view, old in zip(views, self.slots.get(key, ())):
                view[...] = old
            self.slots[key] = views
            offset += W.size
        self._vector = (theta, grad, vectors)

    def apply(self, params, grads):
        """One step on two aligned lists; parameter ``i``'s state is kept under ``"i"``."""
        self.step([(str(i), W, dW) for i, (W, dW) in enumerate(zip(params, grads, strict=True))])

    def _update_in_chunks(self, W, dW, lr, slots):
        """Run ``update`` on slices of at most ``CHUNK`` elements of a large parameter.

        Every rule is element-wise, so updating ``W[i:j]`` from ``dW[i:j]`` and the
        state's ``[i:j]`` is the same step; the rule's scratch array is then at most
        ``CHUNK`` elements instead of the size of ``W``.
        """
        if not all(a.flags.c_contiguous for a in (W, *slots)):
            self.update(W, dW, lr, *slots)
            return
        W_flat, *slot_flats = (a.reshape(-1) for a in (W, *slots))  # views, same memory
        dW_flat = np.ascontiguousarray(dW).reshape(-1)
        for i in range(0, W.size, CHUNK):
            part = slice(i, i + CHUNK)
            self.update(W_flat[part], dW_flat[part], lr, *(s[part] for s in slot_flats))

    def apply_gradients(self, grads_and_vars):
        """Keras-style ``apply_gradients(zip(grads, params))`` (keys: positions)."""
        grads, params = zip(*grads_and_vars, strict=True)
        self.apply(list(params), list(grads))

    def update(self, W, dW, lr, *slots):
        """Update one parameter ``W`` (and its state ``slots``) in place."""
        raise NotImplementedError

    def clip(self, dW):
        """Return ``dW`` clipped by value or by norm (a new array; ``dW`` is kept)."""
        if self.clipvalue is not None:
            return np.clip(dW, -self.clipvalue, self.clipvalue)
        norm = math.sqrt(float(np.vdot(dW, dW)))
        if norm > self.clipnorm:
            return dW * (self.clipnorm / norm)
        return dW

    def _clip_global(self, parameters):
        norm = math.sqrt(sum(float(np.vdot(dW, dW)) for _, _, dW in parameters))
        if norm <= self.global_clipnorm:
            return parameters
        return [(key, W, dW * (self.global_clipnorm / norm)) for key, W, dW in parameters]

    # --- saving -------------------------------------------------------------
    def get_state(self):
        """The state as named arrays: ``"iterations"``, then ``"key/slot_name"`` for
        each parameter's slots (``"dense/kernel/m"``)."""
        state = {"iterations": np.array(self.iterations, dtype=np.int64)}
        for key, slots in (self.slots or {}).items():
            for name, array in zip(self.slot_names, slots, strict=True):
                state[f"{key}/{name}"] = array
        return state

    def set_state(self, state, parameters):
        """Restore what ``get_state`` returned, for ``parameters`` (``(key, W, dW)``)."""
        state = dict(state)
        owner = type(self).__name__
        if "iterations" not in state:
            raise ValueError(f"{owner} state has no step counter 'iterations'.")
        slots = {}
        for key, W, _ in parameters:
            slots[key] = self.new_slots(W)
            for name, target in zip(self.slot_names, slots[key], strict=True):
                source = state.pop(f"{key}/{name}", None)
                if source is None:
                    raise ValueError(
                        f"{owner} state has no '{key}/{name}' for this model's parameter "
                        f"'{key}': it was saved for another model or optimizer."
                    )
                source = np.asarray(source)
                if source.shape != target.shape:
                    raise ValueError(
                        f"{owner} state '{key}/{name}' has shape {source.shape}, but the "
                        f"parameter it belongs to has shape {W.shape}."
                    )
                target[...] = source
        iterations = state.pop("iterations")
        if state:
            raise ValueError(
                f"{owner} state holds {sorted(state)}, which no parameter of this model "
                f"({[key for key, _, _ in parameters]}) uses."
            )
        self.slots, self.iterations = slots, int(iterations)
        self._known, self._known_list = [], None  # new state arrays: tile them again

    def get_config(self):
        lr = self._learning_rate
        if isinstance(lr, schedules.LearningRateSchedule):
            lr = schedules.serialize(lr)
        elif callable(lr):
            raise ValueError(
                "Cannot save a learning rate given as a plain function: use a "
                "glassnet.optimizers.schedules schedule, or a number."
            )
        config = {"learning_rate": lr}
        if self.name != type(self).name:
            config["name"] = self.name
        for key in ("weight_decay", "clipnorm", "clipvalue", "global_clipnorm"):
            if getattr(self, key) is not None:
                config[key] = getattr(self, key)
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = schedules.get(config["learning_rate"])
        return cls(**config)

    def __repr__(self):
        try:
            args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        except ValueError:  # a plain-function learning rate
            args = f"learning_rate={self._learning_rate!r}"
        return f"{type(self).__name__}({args})"


class SGD(Optimizer):
    """Gradient descent, as ``keras.optimizers.SGD``.

    Parameters
    ----------
    learning_rate : float or schedule, default 0.01
    momentum : float in [0, 1], default 0.0
        0 is plain gradient descent.
    nesterov : bool, default False
    **kwargs
        ``weight_decay``, ``clipnorm``, ``clipvalue``, ``global_clipnorm``, ``name``
        (see ``Optimizer``).

    Notes
    -----
    Without momentum: ``W <- W - lr * dW``.

    With momentum ``mu`` (velocity ``v`` starts at 0)::

        v <- mu * v - lr * dW
        W <- W + v                       (nesterov=False)
        W <- W + mu * v - lr * dW        (nesterov=True)

    Examples
    --------
    One step ``w <- w - η dL/dw`` on the slides' single neuron:

    >>> import numpy as np
    >>> import glassnet as gn
    >>> model = gn.Sequential([gn.layers.Dense(1, input_shape=(1,), dtype="float64")])
    >>> model.set_weights([np.array([[0.5]]), np.array([0.0])])
    >>> model.compile(optimizer=gn.optimizers.SGD(learning_rate=0.1), loss="mse")
    >>> _ = model.train_on_batch(np.array([[2.0]]), np.array([[3.0]]))
    >>> model.get_weights()[0]                 # dL/dw = 2 (1 - 3) 2 = -8, w = 0.5 + 0.8
    array([[1.3]])
    """

    name = "SGD"

    def __init__(self, learning_rate=0.01, momentum=0.0, nesterov=False, **kwargs):
        super().__init__(learning_rate, **kwargs)
        self.momentum = check_float("SGD", "momentum", momentum, 0, 1)
        self.nesterov = _arguments.flag(nesterov, "nesterov", "SGD")
        self.slot_names = ("velocity",) if self.momentum else ()

    def update(self, W, dW, lr, *slots):
        step = np.multiply(dW, lr)  # lr * dW, the one scratch array
        if not self.momentum:
            W -= step
            return
        (v,) = slots
        v *= self.momentum
        v -= step
        if self.nesterov:
            W -= step
            W += np.multiply(v, self.momentum, out=step)
        else:
            W += v

    def get_config(self):
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
