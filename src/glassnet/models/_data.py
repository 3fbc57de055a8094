"""Slicing checked data into batches: arrays, generators and Sequences.

And what ``fit`` does with the data before its loop: the training batches and the
validation rows (``training_data``), where a resumed epoch starts
(``resume_point``), and the check that one batch fits in memory.
"""

import inspect
import math

import numpy as np

from .. import backend
from . import inputs


def is_batch_source(x):
    """Whether ``x`` yields batches itself (a generator, iterator or Sequence)."""
    if inspect.isgenerator(x) or (hasattr(x, "__next__") and hasattr(x, "__iter__")):
        return True
    return hasattr(x, "__getitem__") and hasattr(x, "__len__") and hasattr(x, "on_epoch_end")


def split_batch(item):
    """Return ``(x, y, sample_weight)`` from a generator's item."""
    if not isinstance(item, tuple) or not 1 <= len(item) <= 3:
        raise ValueError(
            "A batch generator must yield (x, y) or (x, y, sample_weight) tuples, but "
            f"yielded {inputs.describe(item)}."
        )
    return item + (None,) * (3 - len(item))


def num_batches(n, batch_size):
    return (n + batch_size - 1) // batch_size


def shuffle_buffers(arrays, batch_size):
    """One ``(batch_size, ...)`` array per array (None stays None), for ``array_batches``."""
    n = next(len(a) for a in arrays if a is not None)  # a batch never has more rows
    return [None if a is None else np.empty((min(batch_size, n), *a.shape[1:]), a.dtype)
            for a in arrays]


def array_batches(arrays, batch_size, shuffle, buffers=None, order=None, first=0):
    """Yield tuples of batches cut from aligned ``arrays`` (None entries stay None).

    With ``shuffle`` the rows are permuted by glassnet's generator once per epoch
    (or by ``order``, a permutation given); the batches start at batch ``first``.
    One batch covering all rows is never shuffled: its gradient is the same sum.
    Shuffled rows are gathered into ``buffers`` (from ``shuffle_buffers``; reuse
    them across epochs), so a training step holds one batch, not the previous one
    too: each batch is valid until the next one is drawn.
    """
    n = next(len(a) for a in arrays if a is not None)
    if not shuffle or batch_size >= n:
        for start in range(first * batch_size, n, batch_size):
            yield tuple(None if a is None else a[start:start + batch_size] for a in arrays)
        return
    if order is None:
        order = backend.rng().permutation(n)
    if buffers is None:
        buffers = shuffle_buffers(arrays, batch_size)
    for start in range(first * batch_size, n, batch_size):
        idx = order[start:start + batch_size]
        yield tuple(None if a is None else np.take(a, idx, axis=0, out=buf[:len(idx)],
                                                   mode="clip")  # "raise" would copy
                    for a, buf in zip(arrays, buffers, strict=True))


BIT_GENERATORS = {"PCG64": np.random.PCG64, "PCG64DXSM": np.random.PCG64DXSM,
                  "MT19937": np.random.MT19937, "Philox": np.random.Philox,
                  "SFC64": np.random.SFC64}


def generator_in(state):
    """A new generator in ``state`` (a ``bit_generator.state`` dict); ValueError if it
    is not one."""
    if not isinstance(state, dict) or state.get("bit_generator") not in BIT_GENERATORS:
        raise ValueError(f"not a NumPy generator state: {str(state)[:80]}")
    generator = np.random.Generator(BIT_GENERATORS[state["bit_generator"]]())
    generator.bit_generator.state = state
    return generator


def redrawn_order(state, n):
    """The permutation of ``n`` rows a generator in ``state`` draws."""
    return generator_in(state).permutation(n)


class ArrayData:
    """Batches of in-memory (or memory-mapped) arrays.

    ``order_state`` is the generator state the current epoch's shuffling order was
    drawn from (None without shuffling): a checkpoint records it, so that a resumed
    run draws the same order again and goes on from the batch where it stopped.
    """

    def __init__(self, Xs, Y, sw, batch_size, shuffle):
        self.arrays = [*Xs, Y, sw]
        self.batch_size = batch_size
        self.shuffle = shuffle and batch_size < len(Y)  # one batch: the same sum anyway
        self.steps = num_batches(len(Y), batch_size)
        self.n_inputs = len(Xs)
        self._buffers = None
        self.rows, self.order_state = len(Y), None
        # Unshuffled, every epoch has the same batches: cut once (views, no copies),
        # so that a full-batch epoch of 4 rows costs no generator machinery.
        self._fixed = None if self.shuffle else [
            self._split(batch) for batch in array_batches(self.arrays, batch_size, False)]

    def _split(self, batch):
        return list(batch[: self.n_inputs]), batch[-2], batch[-1]

    def batches(self, first=0, order_state=None):
        """The epoch's batches from batch ``first``, shuffled in the order drawn from
        ``order_state`` (a saved ``self.order_state``) or in a newly drawn one."""
        if self._fixed is not None:
            return iter(self._fixed[first:])
        return self._shuffled(first, order_state)

    def _shuffled(self, first, order_state):
        n = len(self.arrays[-2])
        if self._buffers is None:  # one set for all epochs
            self._buffers = shuffle_buffers(self.arrays, self.batch_size)
        if order_state is None:
            order_state = backend.rng().bit_generator.state
            order = backend.rng().permutation(n)
        else:
            order = redrawn_order(order_state, n)
        self.order_state = order_state
        for batch in array_batches(self.arrays, self.batch_size, True, self._buffers,
                                   order, first):
            yield self._split(batch)


class GeneratorData:
    """Batches from a generator or Sequence yielding ``(x, y[, sample_weight])``."""

    def __init__(self, model, source, steps_per_epoch):
        self.model, self.source = model, source
        if steps_per_epoch is None and hasattr(source, "__len__"):
            steps_per_epoch = len(source)
        if steps_per_epoch is None:
            raise ValueError(
                "Training from a generator needs steps_per_epoch: how many batches make "
                "one epoch."
            )
        self.steps = int(steps_per_epoch)
        self.indexable = hasattr(source, "__getitem__") and hasattr(source, "__len__")
        self.rows = self.order_state = None  # a generator's run resumes at an epoch
        self._iterator = None if self.indexable else iter(source)
        # The first batch is read now, so the model is built before training starts.
        self._pending = self._prepare(self._next(0))

    def _next(self, step):
        if self.indexable:
            return self.source[step % len(self.source)]
        try:
            return next(self._iterator)
        except StopIteration:
            return None

    def _prepare(self, item):
        if item is None:
            return None
        x, y, sw = split_batch(item)
        return inputs.check_data(self.model, x, y, sw)

    def batches(self, first=0, order_state=None):
        """The epoch's batches (a generator cannot be rewound: ``first`` and
        ``order_state`` are for ``ArrayData``'s resume and unused here)."""
        for step in range(self.steps):
            batch, self._pending = self._pending, None
            if batch is None:
                batch = self._prepare(self._next(step))
            if batch is None:  # a finite generator ran out
                return
            yield batch
        if self.indexable and hasattr(self.source, "on_epoch_end"):
            self.source.on_epoch_end()


def training_data(model, x, y, sample_weight, class_weight, batch_size, shuffle,
                  validation_split, validation_data, steps_per_epoch):
    """The batch source of ``model.fit`` and its validation ``(Xs, Y, sw)`` (or None):
    ``validation_data`` checked, or the last rows held out by ``validation_split``."""
    if is_batch_source(x):
        train = GeneratorData(model, x, steps_per_epoch)
        val = None
        if validation_data is not None:
            val = inputs.check_validation(model, validation_data)
        return train, val
    Xs, Y, sw = inputs.check_data(model, x, y, sample_weight, class_weight)
    check_batch_memory(model, min(batch_size, len(Y)))
    val = None
    if validation_data is not None:
        val = inputs.check_validation(model, validation_data)
    elif validation_split:
        cut = int(math.floor(len(Y) * (1.0 - validation_split)))  # as Keras
        if cut == 0 or cut == len(Y):
            raise ValueError(
                f"validation_split={validation_split} of {len(Y)} examples leaves "
                "no data on one side; use a larger data set or another split."
            )
        val = ([a[cut:] for a in Xs], Y[cut:], None if sw is None else sw[cut:])
        Xs, Y = [a[:cut] for a in Xs], Y[:cut]
        sw = None if sw is None else sw[:cut]
    return ArrayData(Xs, Y, sw, batch_size, shuffle), val

def resume_point(model, initial_epoch, train, batch_size):
    """``(first batch, order state)`` of the epoch ``initial_epoch``: where ``model``
    loaded from a checkpoint written inside that epoch stopped (same rows and
    batch size), else ``(0, None)``: the epoch from its start, a new order."""
    saved, model._resume_position = getattr(model, "_resume_position", None), None
    if not saved or train.rows is None or saved.get("epoch") != initial_epoch \
            or saved.get("rows") != train.rows \
            or saved.get("batch_size") != batch_size \
            or not 0 < saved.get("step", 0) < train.steps:
        return 0, None
    return saved["step"], saved.get("order")

def check_batch_memory(model, rows):
    """Refuse, before allocating, a batch whose activations cannot fit in memory.

    Estimate: ``rows`` x (the widths of every layer's output) numbers, three times
    (the activations, the values kept for backward, the gradients).
    """
    widths = 0  # a loop, not a generator: predict runs this at every call
    for layer in model.layers:
        shape = layer.output_shape
        if isinstance(shape, tuple) and None not in shape[1:]:
            widths += math.prod(shape[1:])
    backend.check_memory(3 * rows * widths, model.dtype or backend.floatx(),
                         f"A batch of {rows:,} rows through model '{model.name}'",
                         "Use a smaller batch_size (or fewer units).")
